/**
 * Hostile input from outside, one row per class of the issue "Hostile input" (refuse before
 * creating, things from the wrong place, restrictions that restrict nothing, errors that name the
 * mistake), each in a stack of its own. Every refusal is caught, as a careless caller would, and
 * the app synthesizes anyway: the package test then checks each error and that the stack holds
 * nothing of the refused construct. What each row saw is written to `hostile-results.json` in the
 * cloud assembly.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  AtRestEncryption, BackupSchedule, DataClass, DataProtectionPolicy, MfaGatedAccess, SecureBucket,
} from 'cdk-data-protection';

const app = new App();
const results: Array<{ row: string; stack: string; name?: string; message?: string }> = [];

function policyIn(stack: Stack): void {
  new DataProtectionPolicy(stack, 'Policy', {
    securityContact: 'security@example.com',
    region: 'us-east-1',
    atRestEncryption: AtRestEncryption.KMS,
    logRetention: RetentionDays.ONE_YEAR,
    backup: BackupSchedule.daily(Duration.days(14)),
  });
}

function row(name: string, build: (stack: Stack) => void): void {
  const stack = new Stack(app, name.replace(/[^A-Za-z0-9]/g, ''), { env: { region: 'us-east-1' } });
  try {
    build(stack);
    results.push({ row: name, stack: stack.stackName });
  } catch (e: any) {
    results.push({ row: name, stack: stack.stackName, name: e?.name, message: String(e?.message) });
  }
}

// Refuse before creating: the three roles must not be left behind.
row('refuse-first', (stack) => {
  policyIn(stack);
  new MfaGatedAccess(stack, 'Access', { piiAccessPrincipals: ['*'] });
});
// Things from the wrong place: a key of another region.
row('wrong-place', (stack) => {
  policyIn(stack);
  const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555');
  new SecureBucket(stack, 'Bucket', { dataClass: DataClass.CUSTOMER_DATA, encryptionKey: key });
});
// Restrictions that restrict nothing: a source restriction that matches every address.
row('restrict-nothing', (stack) => {
  policyIn(stack);
  new MfaGatedAccess(stack, 'Access', { requireSourceIps: ['0.0.0.0/0'] });
});
// Errors that name the mistake: a string where a DataClass is expected.
row('naming', (stack) => {
  policyIn(stack);
  new SecureBucket(stack, 'Bucket', { dataClass: 'customer-data' } as any);
});

const outdir = process.env.CDK_OUTDIR ?? app.outdir;
fs.mkdirSync(outdir, { recursive: true });
fs.writeFileSync(path.join(outdir, 'hostile-results.json'), JSON.stringify(results, null, 2));
app.synth();
