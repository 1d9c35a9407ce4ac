import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { SecureBackupPlan } from '../../lib/backup/secure-backup-plan';
import { stackView } from '../../lib/evidence/assembly';
import { ClaimResult, StackView } from '../../lib/evidence/model';
import { ASSURANCE_VERIFIERS } from '../../lib/evidence/verifiers/assurance';
import { verifyClaim } from '../../lib/evidence/verify';
import { MfaGatedAccess } from '../../lib/identity/mfa-gated-access';
import { BackupSchedule } from '../../lib/policy/backup-schedule';
import { DataClass } from '../../lib/policy/data-class';
import { DataProtectionPolicy, DataProtectionPolicyProps } from '../../lib/policy/data-protection-policy';
import { AtRestEncryption, MinimumTlsVersion } from '../../lib/policy/encryption';
import { promiseRecord } from '../../lib/policy/policy-promises';
import {
  AuditLogLockPromise, BackupCopyPromise, BackupFrequencyPromise, BackupTier, DataPromise, DataResidencyPromise, EncryptionAtRestPromise,
  KeyRotationPromise, MfaAccessPromise, ThreatDetectionPromise, TlsInTransitPromise, ValueBound,
} from '../../lib/promises';
import { OffsiteBackupStack } from '../../lib/stacks/offsite-backup-stack';
import { SecureBucket } from '../../lib/storage/secure-bucket';
import { assemblyOf, viewOfStack } from '../evidence/helpers';
import { DEFAULT_POLICY } from '../helpers/compliance';

/** The verdict on a promise over some stack views (the first records it), as the report gives it. */
function verdictOn(promise: DataPromise, views: StackView[]): ClaimResult {
  return verifyClaim(assemblyOf(views), promiseRecord(promise), [views[0]]);
}

/** A hand-written template of one stack, in us-east-1. */
const template = (resources: Record<string, any>, region = 'us-east-1') => [stackView({ id: 'Service', template: { Resources: resources }, region })];

const POLICY: DataProtectionPolicyProps = { ...DEFAULT_POLICY, backupCopyRegions: ['us-west-2'] };

/**
 * A service made with the library's constructs: a bucket of customer data, MFA-gated access and
 * a backup plan copying to an off-site vault in us-west-2. What the library makes keeps each kind.
 */
function libraryService(): StackView[] {
  const app = new App();
  const copies = new OffsiteBackupStack(app, 'Copies', { policy: POLICY, region: 'us-west-2' });
  const stack = new Stack(app, 'Service', { env: { region: 'us-east-1' } });
  new DataProtectionPolicy(stack, 'Policy', POLICY);
  new SecureBucket(stack, 'Files', { dataClass: DataClass.CUSTOMER_DATA });
  new MfaGatedAccess(stack, 'Access');
  new SecureBackupPlan(stack, 'Backups', { copyTargets: [copies.vault.asCopyTarget()] });
  return [viewOfStack(stack), viewOfStack(copies)];
}

describe('kinds on the catalog\'s verifiers: PROVEN over what the library makes, VIOLATED over a template that breaks them', () => {
  let library: StackView[];
  beforeAll(() => {
    library = libraryService();
  });

  test('S2-03 encryption-at-rest: KMS keys on every store; an unencrypted bucket is VIOLATED', () => {
    const kms = new EncryptionAtRestPromise();
    expect(kms.sentence).toBe('All persisted data is encrypted at rest with AES-256 under customer-managed AWS KMS keys (SSE-KMS).');
    expect(verdictOn(kms, library)).toMatchObject({ kind: 'encryption-at-rest', verdict: 'PROVEN' });
    const sse = { Type: 'AWS::S3::Bucket', Properties: { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } } };
    expect(verdictOn(new EncryptionAtRestPromise({ encryption: AtRestEncryption.S3_MANAGED }), template({ Files: sse })).verdict).toBe('PROVEN');
    expect(verdictOn(kms, template({ Files: { Type: 'AWS::DynamoDB::Table', Properties: { Tags: [{ Key: 'data-class', Value: 'customer-data' }] } } })).verdict).toBe('VIOLATED');
  });

  test('S2-02 tls-in-transit: TLS 1.2 is PROVEN; a bucket with no TLS policy, or a promise of 1.3 over 1.2 buckets, is VIOLATED', () => {
    const tls = new TlsInTransitPromise();
    expect(tls.sentence).toBe('Data in transit is encrypted with TLS 1.2 or newer; unencrypted connections and older TLS versions are refused.');
    expect(verdictOn(tls, library).verdict).toBe('PROVEN');
    expect(verdictOn(tls, template({ Files: { Type: 'AWS::S3::Bucket', Properties: {} } })).verdict).toBe('VIOLATED');
    expect(verdictOn(new TlsInTransitPromise({ minimumVersion: MinimumTlsVersion.TLS_1_3 }), library).verdict).toBe('VIOLATED');
  });

  test('S0-09 mfa-access: PROVEN with MfaGatedAccess; a role any account principal assumes without MFA is VIOLATED', () => {
    expect(verdictOn(new MfaAccessPromise(), library).verdict).toBe('PROVEN');
    const role = {
      Type: 'AWS::IAM::Role',
      Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: 'arn:aws:iam::111111111111:root' } }] } },
    };
    expect(verdictOn(new MfaAccessPromise(), template({ Admin: role })).verdict).toBe('VIOLATED');
  });

  test('S0-05 data-residency: PROVEN in us-east-1 with copies in us-west-2; another region, or other copy regions, is VIOLATED', () => {
    const residency = new DataResidencyPromise({ region: 'us-east-1', copyRegions: ['us-west-2'] });
    expect(residency.sentence).toBe('Data is hosted in one AWS region, us-east-1; only backup copies are kept outside it, in us-west-2.');
    expect(verdictOn(residency, library).verdict).toBe('PROVEN');
    expect(verdictOn(new DataResidencyPromise({ region: 'us-east-1', copyRegions: ['eu-west-1'] }), library).verdict).toBe('VIOLATED');
    const moved = [stackView({ id: library[0].id, template: library[0].template, region: 'eu-west-1' }), library[1]];
    expect(verdictOn(residency, moved).verdict).toBe('VIOLATED');
  });

  test('S2-11 backup-copy: PROVEN when the plan copies every store to us-west-2; a copy region the plan does not reach is VIOLATED', () => {
    const copy = new BackupCopyPromise({ regions: ['us-west-2'] });
    expect(copy.sentence).toBe('Every customer data store is backed up, and every backup is copied to another region: us-west-2.');
    expect(verdictOn(copy, library).verdict).toBe('PROVEN');
    expect(verdictOn(new BackupCopyPromise({ regions: ['eu-west-1'] }), library).verdict).toBe('VIOLATED');
    expect(verdictOn(copy, [library[0]]).verdict).toBe('VIOLATED');
  });

  test('key-rotation: the library\'s keys rotate on KMS\'s default 365 days; no rotation or another period is VIOLATED', () => {
    const yearly = new KeyRotationPromise();
    expect(yearly.sentence).toBe('Encryption keys are customer-managed AWS KMS keys, rotated automatically every 365 days.');
    expect(verdictOn(yearly, library).verdict).toBe('PROVEN');
    const key = (properties: any) => template({ Key: { Type: 'AWS::KMS::Key', Properties: properties } });
    expect(verdictOn(yearly, key({ EnableKeyRotation: true, RotationPeriodInDays: 180 })).verdict).toBe('VIOLATED');
    expect(verdictOn(yearly, key({})).verdict).toBe('VIOLATED');
    const atMost = new KeyRotationPromise({ period: Duration.days(365), bound: ValueBound.AT_MOST });
    expect(atMost.sentence).toBe('Encryption keys are customer-managed AWS KMS keys, rotated automatically at least every 365 days.');
    expect(verdictOn(atMost, key({ EnableKeyRotation: true, RotationPeriodInDays: 180 })).verdict).toBe('PROVEN');
    expect(() => new KeyRotationPromise({ period: Duration.days(30) })).toThrow(/a rotation period KMS accepts \(90 to 2560\), got 30/);
  });

  test('backup-frequency: an hourly rule is PROVEN; only daily rules are VIOLATED', () => {
    const plan = (...schedules: string[]) => template({
      Plan: { Type: 'AWS::Backup::BackupPlan', Properties: { BackupPlan: { BackupPlanRule: schedules.map((s, i) => ({ RuleName: `R${i}`, ScheduleExpression: s })) } } },
    });
    const hourly = new BackupFrequencyPromise({ tier: BackupTier.HOURLY });
    expect(hourly.sentence).toBe('Backups are taken every hour.');
    expect(verdictOn(hourly, plan('cron(0 5 * * ? *)', 'cron(0 * * * ? *)')).verdict).toBe('PROVEN');
    expect(verdictOn(hourly, plan('cron(0 5 * * ? *)')).verdict).toBe('VIOLATED');
    expect(verdictOn(hourly, plan('cron(0 */2 * * ? *)')).verdict).toBe('VIOLATED');
  });

  test('audit-log-lock: compliance mode 365 days is PROVEN; governance mode, fewer days or no lock is VIOLATED', () => {
    const trail = { Type: 'AWS::CloudTrail::Trail', Properties: { S3BucketName: { Ref: 'Bucket' } } };
    const bucket = (mode: string, days: number) => ({
      Type: 'AWS::S3::Bucket',
      Properties: { ObjectLockEnabled: true, ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: mode, Days: days } } } },
    });
    const lock = new AuditLogLockPromise({ retention: Duration.days(365) });
    expect(lock.sentence).toBe('Audit log files cannot be deleted or overwritten for 365 days, by anyone (S3 Object Lock, compliance mode).');
    expect(verdictOn(lock, template({ Trail: trail, Bucket: bucket('COMPLIANCE', 365) })).verdict).toBe('PROVEN');
    expect(verdictOn(lock, template({ Trail: trail, Bucket: bucket('GOVERNANCE', 365) })).verdict).toBe('VIOLATED');
    expect(verdictOn(lock, template({ Trail: trail, Bucket: bucket('COMPLIANCE', 90) })).verdict).toBe('VIOLATED');
    expect(verdictOn(lock, template({ Trail: trail, Bucket: { Type: 'AWS::S3::Bucket', Properties: {} } })).verdict).toBe('VIOLATED');
  });
});

describe('threat-detection', () => {
  const detector = (enable?: boolean) => template({ Detector: { Type: 'AWS::GuardDuty::Detector', Properties: { Enable: enable } } });

  test('an enabled GuardDuty detector is PROVEN; a disabled one, or none, is VIOLATED', () => {
    const guardDuty = new ThreatDetectionPromise();
    expect(guardDuty.sentence).toBe('Activity is monitored for threats by Amazon GuardDuty.');
    expect(verdictOn(guardDuty, detector(true))).toMatchObject({ kind: 'threat-detection', verdict: 'PROVEN' });
    expect(verdictOn(guardDuty, detector(false)).verdict).toBe('VIOLATED');
    expect(verdictOn(guardDuty, template({})).verdict).toBe('VIOLATED');
  });

  test('with cisAlarms, a detector alone is VIOLATED: the CIS metric filters and alarms are missing', () => {
    const withCis = new ThreatDetectionPromise({ cisAlarms: true });
    expect(withCis.sentence).toBe('Activity is monitored for threats by Amazon GuardDuty and by alarms on the CIS benchmark events.');
    expect(verdictOn(withCis, detector(true)).verdict).toBe('VIOLATED');
  });
});

describe('what makes a kind true: the policy refuses a promise its settings contradict', () => {
  const policy = (props: Partial<DataProtectionPolicyProps>) => () => new DataProtectionPolicy(new Stack(new App(), 'Service'), 'Policy', { ...POLICY, ...props });

  test('encryption at rest stronger than the policy\'s, or TLS newer than its minimum, is refused', () => {
    expect(policy({ atRestEncryption: AtRestEncryption.S3_MANAGED, promises: [new EncryptionAtRestPromise()] }))
      .toThrow(/promise 'encryption-at-rest' .* needs the policy's atRestEncryption to be KMS or stronger, but it is S3_MANAGED/);
    const tls13 = new TlsInTransitPromise({ minimumVersion: MinimumTlsVersion.TLS_1_3 });
    expect(policy({ minimumTlsVersion: MinimumTlsVersion.TLS_1_2, promises: [tls13] }))
      .toThrow(/needs the policy's minimumTlsVersion to be 1.3 or newer, but it is 1.2/);
    expect(policy({ minimumTlsVersion: MinimumTlsVersion.TLS_1_3, promises: [new TlsInTransitPromise()] })).not.toThrow();
  });

  test('copy regions the policy does not list, another home region, or a frequency the schedule lacks, is refused', () => {
    expect(policy({ promises: [new BackupCopyPromise({ regions: ['eu-west-1'] })] }))
      .toThrow(/names eu-west-1, which the policy's backupCopyRegions \(us-west-2\) do not list/);
    expect(policy({ promises: [new DataResidencyPromise({ region: 'eu-west-1', copyRegions: ['us-west-2'] })] }))
      .toThrow(/needs the policy's region to be eu-west-1 and its backupCopyRegions us-west-2, but they are us-east-1 and us-west-2/);
    expect(policy({ promises: [new BackupFrequencyPromise({ tier: BackupTier.HOURLY })] })).toThrow(/needs a Hourly rule in the policy's backup schedule/);
    const hourly = BackupSchedule.gfs({ hourly: Duration.days(2), daily: Duration.days(14) });
    expect(policy({ backup: hourly, promises: [new BackupFrequencyPromise({ tier: BackupTier.HOURLY })] })).not.toThrow();
  });

  test('parameters a kind does not accept are refused, naming the promise', () => {
    expect(() => new BackupCopyPromise({ regions: [] })).toThrow(/promise 'backup-copy' \(backup-copy\): regions must list at least 1 AWS region name/);
    expect(() => new DataResidencyPromise({ region: 'Canada' })).toThrow(/region must be an AWS region name \(us-east-1\), got "Canada"/);
    expect(() => new DataResidencyPromise({ region: 'us-east-1', copyRegions: ['us-east-1'] })).toThrow(/copyRegions must name other regions than us-east-1/);
    expect(() => new KeyRotationPromise({ bound: ValueBound.AT_LEAST })).toThrow(/bound must be EXACTLY or AT_MOST/);
  });
});

describe('weakening: a nested policy weaker than the enclosing one on a kind is refused unless named with a reason', () => {
  const nested = (outer: DataPromise, inner: DataPromise, props: Partial<DataProtectionPolicyProps> = {}, reason?: string) => {
    const app = new App();
    new DataProtectionPolicy(app, 'Policy', { ...POLICY, ...props, promises: [outer] });
    const stack = new Stack(app, 'Sandbox');
    new DataProtectionPolicy(stack, 'Policy', {
      ...POLICY, ...props, promises: [inner], weakenings: reason === undefined ? undefined : [{ promise: inner.subject, reason }],
    });
    return stack;
  };
  const tls13 = { minimumTlsVersion: MinimumTlsVersion.TLS_1_3 };
  const gfs = { backup: BackupSchedule.gfs({ hourly: Duration.days(2), daily: Duration.days(14) }) };

  test.each<[string, DataPromise, DataPromise, Partial<DataProtectionPolicyProps>]>([
    ['tls-in-transit', new TlsInTransitPromise({ minimumVersion: MinimumTlsVersion.TLS_1_3 }), new TlsInTransitPromise(), tls13],
    ['encryption-at-rest', new EncryptionAtRestPromise(), new EncryptionAtRestPromise({ encryption: AtRestEncryption.S3_MANAGED }), {}],
    ['key-rotation', new KeyRotationPromise({ period: Duration.days(180) }), new KeyRotationPromise(), {}],
    ['backup-frequency', new BackupFrequencyPromise({ tier: BackupTier.HOURLY, id: 'backups' }), new BackupFrequencyPromise({ tier: BackupTier.DAILY, id: 'backups' }), gfs],
    ['audit-log-lock', new AuditLogLockPromise({ retention: Duration.days(365) }), new AuditLogLockPromise({ retention: Duration.days(90) }), {}],
    ['threat-detection', new ThreatDetectionPromise({ cisAlarms: true }), new ThreatDetectionPromise(), {}],
  ])('%s: refused, then accepted with a named weakening and its warning', (subject, outer, inner, props) => {
    // WHEN / THEN
    expect(() => nested(outer, inner, props)).toThrow(new RegExp(`weaker than the one enclosing it on '${subject}'`));
    const stack = nested(outer, inner, props, 'the sandbox holds synthetic data only');
    Annotations.fromStack(stack).hasWarning('/Sandbox/Policy', Match.stringLikeRegexp(`weaker than the enclosing policy on .${subject}.`));
  });

  test('a stronger nested promise needs no weakening', () => {
    expect(() => nested(new KeyRotationPromise(), new KeyRotationPromise({ period: Duration.days(180) }))).not.toThrow();
  });
});

describe('S1-13 S4-12 S3-03 the control mappings count proven promises of the vocabulary, not only catalog ids', () => {
  const recording = (claims: Array<{ id: string; kind?: string }>) => stackView({
    id: 'Service',
    template: {
      Metadata: { 'cdk-data-protection': { version: 1, policy: 'Service/Policy', securityContact: 'security@example.com', allowedAccounts: [], dataClasses: [], claims: claims.map((c) => ({ ...c, text: c.id, expected: [] })) } },
      Resources: {},
    },
  });

  test('S1-13 maps an encryption-at-rest promise; a custom promise\'s self-declared mapping is not counted', () => {
    const stack = recording([{ id: 'S1-13', kind: 'catalog' }, { id: 'encryption-at-rest', kind: 'encryption-at-rest' }, { id: 'mine', kind: 'custom' }]);
    const facts = ASSURANCE_VERIFIERS['control-mapping']({ stacks: [stack], assembly: assemblyOf([stack]), claim: { id: 'S1-13', text: '', expected: [] }, expected: new Map() });
    expect(facts.map((f) => [f.propertyPath, f.found, f.satisfied])).toEqual([
      ['Metadata.cdk-data-protection.claims[encryption-at-rest]', 'SOC 2 CC6.1, C1.1; ISO 8.24', true],
    ]);
  });

  test('S3-03 finds CNIL sheet 17 served by a proven tls-in-transit promise, and not by one that is not proven', () => {
    const stack = recording([{ id: 'S3-03', kind: 'catalog' }, { id: 'tls-in-transit', kind: 'tls-in-transit' }]);
    const run = (proven: string[]) => ASSURANCE_VERIFIERS['art32-mapping']({
      stacks: [stack], assembly: assemblyOf([stack]), claim: { id: 'S3-03', text: '', expected: [] }, expected: new Map(), proven: new Set(proven),
    }).find((f) => f.expected.includes('sheet 17'))!;
    expect(run(['tls-in-transit'])).toMatchObject({ found: 'tls-in-transit', satisfied: true });
    expect(run([])).toMatchObject({ found: '(none)', satisfied: false });
  });
});
