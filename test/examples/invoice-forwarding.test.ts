import * as fs from 'fs';
import * as path from 'path';
import { readAssembly, stackView } from '../../lib/evidence/assembly';
import { AssemblyView } from '../../lib/evidence/model';
import { verifyAssembly } from '../../lib/evidence/verify';
import { synthExample } from '../helpers/compliance';

/** The page's infrastructure promises and their sentences, as the report states them. */
const PROMISES: Array<[string, string]> = [
  ['S0-03', 'Every console and API action in every region is logged, and the application has dedicated log groups, masking personal data, for its own events.'],
  ['S0-05', 'Data is hosted in one AWS region: ca-central-1; only backup copies are kept in us-east-1.'],
  ['S0-09', 'Access to production data and accounts requires multi-factor authentication.'],
  ['S2-02', 'Data in transit is encrypted with TLS 1.2 or newer; unencrypted connections are refused.'],
  ['S2-03', 'All data at rest is encrypted with AES-256 (SSE-KMS (AES-256, customer-managed KMS key with rotation) or stronger).'],
  ['S2-11', 'Data is stored redundantly: customer data is replicated or backed up, and backups are copied to another region.'],
  ['S2-16', 'Every user signs in with a unique identity; there are no shared or long-lived IAM user credentials.'],
  ['log-retention.audit-trail', 'Audit trail logs (every console and API action) are kept 365 days.'],
  ['kms-keys-rotate-yearly', 'Encryption keys are AWS KMS keys that rotate every year.'],
  ['audit-log-append-only', 'Audit log files cannot be deleted or overwritten for 12 months, by anyone.'],
  ['hourly-backups', 'Backups are taken every hour.'],
  ['secrets-in-secrets-manager', 'Secrets are kept in AWS Secrets Manager, encrypted with our own KMS key.'],
];

const SERVICE = 'InvoiceForwarding';

/** The first resource of a type in a template, by logical id prefix. */
function resource(template: any, type: string, prefix = ''): any {
  const found = Object.entries<any>(template.Resources).find(([id, r]) => r.Type === type && id.startsWith(prefix));
  if (!found) throw new Error(`no ${type} ${prefix} in the template`);
  return found[1];
}

/** One value changed in the service's template (an escape hatch would write the same), per promise. */
const EDITS: Record<string, (template: any) => void> = {
  'S0-03': (t) => { resource(t, 'AWS::CloudTrail::Trail').Properties.IsMultiRegionTrail = false; },
  'S0-09': (t) => { delete resource(t, 'AWS::IAM::Role', 'AccessAdministrator').Properties.AssumeRolePolicyDocument.Statement[0].Condition; },
  'S2-02': (t) => { resource(t, 'AWS::S3::BucketPolicy', 'PayloadsPolicy').Properties.PolicyDocument.Statement[1].Condition.NumericLessThan['s3:TlsVersion'] = 1.0; },
  'S2-03': (t) => {
    resource(t, 'AWS::S3::Bucket', 'Payloads').Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault = { SSEAlgorithm: 'AES256' };
  },
  'S2-11': (t) => { resource(t, 'AWS::Backup::BackupPlan').Properties.BackupPlan.BackupPlanRule.forEach((r: any) => delete r.CopyActions); },
  // The users' unique sign-in is the user pool (an IAM access key would also open the account without MFA: S0-09 too).
  'S2-16': (t) => { resource(t, 'AWS::Cognito::UserPool').Type = 'AWS::Cognito::IdentityPool'; },
  'log-retention.audit-trail': (t) => { resource(t, 'AWS::Logs::LogGroup', 'AuditTrailLogGroup').Properties.RetentionInDays = 400; },
  'kms-keys-rotate-yearly': (t) => { resource(t, 'AWS::KMS::Key', 'PayloadsKey').Properties.RotationPeriodInDays = 730; },
  'audit-log-append-only': (t) => { resource(t, 'AWS::S3::Bucket', 'AuditTrailBucket').Properties.ObjectLockConfiguration.Rule.DefaultRetention.Mode = 'GOVERNANCE'; },
  'hourly-backups': (t) => {
    resource(t, 'AWS::Backup::BackupPlan').Properties.BackupPlan.BackupPlanRule.find((r: any) => r.RuleName === 'Hourly').ScheduleExpression = 'cron(0 */2 * * ? *)';
  },
  'secrets-in-secrets-manager': (t) => { delete resource(t, 'AWS::SecretsManager::Secret').Properties.KmsKeyId; },
};

describe('examples/invoice-forwarding (a sixth page: https://www.invoicepass.app/security)', () => {
  let assembly: AssemblyView;
  beforeAll(() => {
    // GIVEN / WHEN the app runs (its synthesis fails on any violated promise)
    assembly = readAssembly(synthExample('examples/invoice-forwarding/app'));
  });

  /** The verdicts after `edit` changed the service's template, or as synthesized. */
  function verdicts(edit?: (template: any) => void, region?: string): Map<string, string> {
    const stacks = assembly.stacks.map((s) => {
      if (s.id !== SERVICE || (!edit && !region)) return s;
      const template = JSON.parse(JSON.stringify(s.template));
      edit?.(template);
      return stackView({ id: s.id, template, region: region ?? s.region, account: s.account, templateFile: s.templateFile, stackName: s.stackName });
    });
    return new Map(verifyAssembly({ ...assembly, stacks }).claims.map((c) => [c.id, c.verdict]));
  }

  test('the twelve infrastructure promises of the page, of nine kinds, are PROVEN, each with its sentence', () => {
    // THEN
    const result = verifyAssembly(assembly);
    expect(result.claims.map((c) => [c.id, c.text, c.verdict, c.gaps])).toEqual(PROMISES.map(([id, text]) => [id, text, 'PROVEN', []]));
    // catalog presets (each its own verifiers), a parameterized kind, and four custom promises
    expect(new Set(result.claims.map((c) => c.kind))).toEqual(new Set(['catalog', 'log-retention', 'custom']));
  });

  test.each(Object.keys(EDITS))('%s changing one value in the template makes exactly that promise VIOLATED', (id) => {
    // WHEN
    const after = verdicts(EDITS[id]);

    // THEN
    expect([...after.entries()].filter(([, v]) => v !== 'PROVEN')).toEqual([[id, 'VIOLATED']]);
  });

  test('S0-05 deploying the service to another region makes exactly S0-05 VIOLATED', () => {
    const after = verdicts(undefined, 'us-west-2');
    expect([...after.entries()].filter(([, v]) => v !== 'PROVEN')).toEqual([['S0-05', 'VIOLATED']]);
  });

  test('the page\'s other promises are listed as organisational', () => {
    // The app module ran in beforeAll's isolated registry; its source lists them.
    const source = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'invoice-forwarding', 'app.ts'), 'utf-8');
    const list = /export const ORGANISATIONAL = \[([\s\S]*?)\];/.exec(source)![1];
    expect(list.split('\n').filter((l) => l.trim().startsWith('\'')).length).toBeGreaterThanOrEqual(8);
  });
});
