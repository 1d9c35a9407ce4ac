import * as fs from 'fs';
import * as path from 'path';
import { readAssembly, stackView } from '../../lib/evidence/assembly';
import { AssemblyView } from '../../lib/evidence/model';
import { verifyAssembly } from '../../lib/evidence/verify';
import { synthExample } from '../helpers/compliance';

/** The page's infrastructure promises and their sentences, as the report states them. */
const PROMISES: Array<[string, string]> = [
  ['S0-03', 'Every console and API action in every region is logged, and the application has dedicated log groups, masking personal data, for its own events.'],
  ['S2-16', 'Every user signs in with a unique identity; there are no shared or long-lived IAM user credentials.'],
  ['data-residency', 'Data is hosted in one AWS region, ca-central-1; only backup copies are kept outside it, in us-east-1.'],
  ['mfa-access', 'Access to production accounts and data requires multi-factor authentication; no one holds a long-lived IAM password or access key.'],
  ['tls-in-transit', 'Data in transit is encrypted with TLS 1.2 or newer; unencrypted connections and older TLS versions are refused.'],
  ['encryption-at-rest', 'All persisted data is encrypted at rest with AES-256 under customer-managed AWS KMS keys (SSE-KMS).'],
  ['key-rotation', 'Encryption keys are customer-managed AWS KMS keys, rotated automatically every 365 days.'],
  ['backup-copy', 'Every customer data store is backed up, and every backup is copied to another region: us-east-1.'],
  ['backup-frequency.hourly', 'Backups are taken every hour.'],
  ['log-retention.audit-trail', 'Audit trail logs (every console and API action) are kept 365 days.'],
  ['audit-log-lock', 'Audit log files cannot be deleted or overwritten for 365 days, by anyone (S3 Object Lock, compliance mode).'],
  ['secrets-in-secrets-manager', 'Secrets are kept in AWS Secrets Manager, encrypted with our own KMS key.'],
];

/** The kind ids the report records: nine kinds of the vocabulary, the catalog and a custom promise. */
const KINDS = [
  'catalog', 'data-residency', 'mfa-access', 'tls-in-transit', 'encryption-at-rest', 'key-rotation', 'backup-copy', 'backup-frequency',
  'log-retention', 'audit-log-lock', 'custom',
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
  // The users' unique sign-in is the user pool (an IAM access key would also open the account without MFA: mfa-access too).
  'S2-16': (t) => { resource(t, 'AWS::Cognito::UserPool').Type = 'AWS::Cognito::IdentityPool'; },
  'mfa-access': (t) => { delete resource(t, 'AWS::IAM::Role', 'AccessAdministrator').Properties.AssumeRolePolicyDocument.Statement[0].Condition; },
  'tls-in-transit': (t) => { resource(t, 'AWS::S3::BucketPolicy', 'PayloadsPolicy').Properties.PolicyDocument.Statement[1].Condition.NumericLessThan['s3:TlsVersion'] = 1.0; },
  'encryption-at-rest': (t) => {
    resource(t, 'AWS::S3::Bucket', 'Payloads').Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault = { SSEAlgorithm: 'AES256' };
  },
  'key-rotation': (t) => { resource(t, 'AWS::KMS::Key', 'PayloadsKey').Properties.RotationPeriodInDays = 730; },
  'backup-copy': (t) => { resource(t, 'AWS::Backup::BackupPlan').Properties.BackupPlan.BackupPlanRule.forEach((r: any) => delete r.CopyActions); },
  'backup-frequency.hourly': (t) => {
    resource(t, 'AWS::Backup::BackupPlan').Properties.BackupPlan.BackupPlanRule.find((r: any) => r.RuleName === 'Hourly').ScheduleExpression = 'cron(0 */2 * * ? *)';
  },
  'log-retention.audit-trail': (t) => { resource(t, 'AWS::Logs::LogGroup', 'AuditTrailLogGroup').Properties.RetentionInDays = 400; },
  'audit-log-lock': (t) => { resource(t, 'AWS::S3::Bucket', 'AuditTrailBucket').Properties.ObjectLockConfiguration.Rule.DefaultRetention.Mode = 'GOVERNANCE'; },
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

  test('the twelve infrastructure promises of the page, of eleven recorded kinds, are PROVEN, each with its sentence', () => {
    // THEN
    const result = verifyAssembly(assembly);
    expect(result.claims.map((c) => [c.id, c.text, c.verdict, c.gaps])).toEqual(PROMISES.map(([id, text]) => [id, text, 'PROVEN', []]));
    // nine parameterized kinds of the vocabulary, two catalog presets and one custom promise
    expect(result.claims.map((c) => c.kind).filter((k, i, all) => all.indexOf(k) === i).sort()).toEqual([...KINDS].sort());
  });

  test('every promise of the page has its row: one edit of the template, or (data-residency) another region', () => {
    expect([...Object.keys(EDITS), 'data-residency'].sort()).toEqual(PROMISES.map(([id]) => id).sort());
  });

  test.each(Object.keys(EDITS))('%s changing one value in the template makes exactly that promise VIOLATED', (id) => {
    // WHEN
    const after = verdicts(EDITS[id]);

    // THEN
    expect([...after.entries()].filter(([, v]) => v !== 'PROVEN')).toEqual([[id, 'VIOLATED']]);
  });

  test('data-residency deploying the service to another region makes exactly data-residency VIOLATED', () => {
    const after = verdicts(undefined, 'us-west-2');
    expect([...after.entries()].filter(([, v]) => v !== 'PROVEN')).toEqual([['data-residency', 'VIOLATED']]);
  });

  test('the page\'s other promises are listed as organisational', () => {
    // The app module ran in beforeAll's isolated registry; its source lists them.
    const source = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'invoice-forwarding', 'app.ts'), 'utf-8');
    const list = /export const ORGANISATIONAL = \[([\s\S]*?)\];/.exec(source)![1];
    expect(list.split('\n').filter((l) => l.trim().startsWith('\'')).length).toBeGreaterThanOrEqual(8);
  });
});
