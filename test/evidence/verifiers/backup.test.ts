import { App, Duration, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  BackupSchedule, DataClass, DataProtectionPolicy, OffsiteBackupStack, SecureBackupPlan, SecureBucket, SecureDatabase, SecureNetwork,
} from '../../../lib';
import { StackView } from '../../../lib/evidence/model';
import { BACKUP_VERIFIERS, periodOf } from '../../../lib/evidence/verifiers/backup';
import { DEFAULT_POLICY, stackWithPolicy } from '../../helpers/compliance';
import { failing, proves, runVerifier, viewOfStack, viewOfTemplate } from '../helpers';

const COPY_REGIONS = ['us-east-2', 'us-west-2'];
const REPLICA_KEY = 'arn:aws:kms:us-west-2:111111111111:key/00000000-0000-0000-0000-000000000000';
const SERVICE_CLAIMS = ['S0-01', 'S0-02', 'S1-08', 'S1-10', 'S2-06', 'S2-10', 'S2-11', 'S2-12', 'S2-13'];
const DAILY = 'cron(0 5 * * ? *)';
const RESTORE_DAILY = 'cron(0 9 * * ? *)';

/** The expectations a stack's policy recorded for a claim, as the report passes them to the verifiers. */
function expectationsOf(view: StackView, id: string): Record<string, string> {
  const claim = view.policy?.claims.find((c) => c.id === id);
  if (!claim) {
    throw new Error(`${view.id} records no claim ${id}`);
  }
  return Object.fromEntries(claim.expected.map((e) => [e.property, e.value]));
}

/** A hand-written template of the given resources, in us-east-1. */
function fixture(resources: Record<string, any>, options: { id?: string; region?: string } = {}): StackView {
  return viewOfTemplate({ Resources: resources }, options);
}

/** A backup plan with the given rules. */
function plan(...rules: any[]): any {
  return { Type: 'AWS::Backup::BackupPlan', Properties: { BackupPlan: { BackupPlanName: 'plan', BackupPlanRule: rules } } };
}

/** A daily rule kept `days` days, with copy actions to the given vault ARNs. */
function dailyRule(days: number, ...copies: any[]): any {
  return {
    RuleName: 'Daily',
    ScheduleExpression: DAILY,
    TargetBackupVault: { 'Fn::GetAtt': ['Vault', 'BackupVaultName'] },
    Lifecycle: { DeleteAfterDays: days },
    CopyActions: copies.length > 0 ? copies.map((arn) => ({ DestinationBackupVaultArn: arn, Lifecycle: { DeleteAfterDays: days } })) : undefined,
  };
}

/** A selection of `Plan` by data-class tag. */
const TAG_SELECTION = {
  Type: 'AWS::Backup::BackupSelection',
  Properties: {
    BackupPlanId: { 'Fn::GetAtt': ['Plan', 'BackupPlanId'] },
    BackupSelection: {
      SelectionName: 'tagged',
      IamRoleArn: 'arn:aws:iam::111122223333:role/backup',
      ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'data-class', ConditionValue: 'customer-data' }],
    },
  },
};

const VAULT = { Type: 'AWS::Backup::BackupVault', Properties: { BackupVaultName: 'vault' } };

/** The literal-region ARN of a vault `copies` in another region. */
function copiesArn(region: string): any {
  return { 'Fn::Join': ['', [`arn:aws:backup:${region}:`, { Ref: 'AWS::AccountId' }, ':backup-vault:copies']] };
}

function bucket(dataClass: string, extra: Record<string, any> = {}): any {
  return {
    Type: 'AWS::S3::Bucket',
    Properties: { VersioningConfiguration: { Status: 'Enabled' }, Tags: [{ Key: 'data-class', Value: dataClass }], ...extra },
  };
}

/** An off-site stack holding the vault `copies`. */
function offsite(region: string): StackView {
  return fixture({ Copies: { Type: 'AWS::Backup::BackupVault', Properties: { BackupVaultName: 'copies' } } }, { id: `Offsite-${region}`, region });
}

describe('backup verifiers', () => {
  let service: StackView;
  let offsiteStacks: StackView[];
  let gfs: StackView;

  beforeAll(() => {
    // GIVEN one app: a service stack built from the library, its two off-site vault stacks and a GFS stack
    const app = new App();
    const policy = { ...DEFAULT_POLICY, backupCopyRegions: COPY_REGIONS };
    const vaults = COPY_REGIONS.map((region) => new OffsiteBackupStack(app, `Offsite-${region}`, { policy, region }));
    const stack = stackWithPolicy(app, { backupCopyRegions: COPY_REGIONS, claims: SERVICE_CLAIMS });
    const network = new SecureNetwork(stack, 'Network');
    new SecureDatabase(stack, 'Database', { vpc: network.vpc, dataClass: DataClass.CUSTOMER_USER_DATA });
    new SecureBucket(stack, 'CustomerData', { dataClass: DataClass.CUSTOMER_DATA });
    new SecureBucket(stack, 'InternalData', { dataClass: DataClass.INTERNAL });
    new SecureBackupPlan(stack, 'Backup', { copyTargets: vaults.map((v) => v.vault.asCopyTarget()) });
    const jam = new Stack(app, 'Jam', { env: { region: 'us-east-1' } });
    new DataProtectionPolicy(jam, 'Policy', {
      ...DEFAULT_POLICY,
      backup: BackupSchedule.gfs({ hourly: Duration.days(2), daily: Duration.days(7), weekly: Duration.days(28), monthly: Duration.days(365) }),
      claims: ['S4-06'],
    });
    new SecureBackupPlan(jam, 'Backup');

    // WHEN the verifiers read their templates
    service = viewOfStack(stack);
    offsiteStacks = vaults.map(viewOfStack);
    gfs = viewOfStack(jam);
  });

  describe('daily-backups', () => {
    const verifier = BACKUP_VERIFIERS['daily-backups'];

    test('S0-01 S1-08 daily-backups proves RDS automated backups, the daily rule, its selections and the customer bucket', () => {
      // WHEN
      const facts = runVerifier(verifier, [service], expectationsOf(service, 'S0-01'), { others: offsiteStacks });

      // THEN
      expect(failing(facts)).toEqual([]);
      expect(proves(facts)).toBe(true);
      expect(facts).toEqual(expect.arrayContaining([
        expect.objectContaining({ propertyPath: 'Properties.BackupRetentionPeriod', expected: '> 0', found: '14' }),
        expect.objectContaining({ propertyPath: 'Properties.BackupPlan.BackupPlanRule.0.ScheduleExpression', expected: DAILY, found: DAILY }),
        expect.objectContaining({ expected: 'customer-data store selected by a daily backup plan' }),
      ]));
    });

    test('S0-01 daily-backups fails a database without automated backups and a weekly-only plan', () => {
      // GIVEN
      const view = fixture({
        Db: { Type: 'AWS::RDS::DBInstance', Properties: { BackupRetentionPeriod: 0 } },
        Plan: plan({ RuleName: 'Weekly', ScheduleExpression: 'cron(0 5 ? * SUN *)', Lifecycle: { DeleteAfterDays: 28 } }),
        Selection: TAG_SELECTION,
      });

      // WHEN
      const facts = runVerifier(verifier, [view], { dailyBackup: DAILY });

      // THEN
      expect(failing(facts)).toEqual([
        expect.objectContaining({ logicalId: 'Db', propertyPath: 'Properties.BackupRetentionPeriod', expected: '> 0', found: '0', note: '0 turns automated backups off' }),
        expect.objectContaining({ logicalId: 'Plan', propertyPath: 'Properties.BackupPlan.BackupPlanRule', expected: DAILY, found: 'Weekly cron(0 5 ? * SUN *) kept 28 days' }),
      ]);
    });

    test('S0-01 daily-backups accepts an absent retention (CloudFormation keeps 1 day) and an hourly rule when no expression is recorded', () => {
      // GIVEN
      const view = fixture({
        Db: { Type: 'AWS::RDS::DBInstance', Properties: {} },
        Plan: plan({ RuleName: 'Hourly', ScheduleExpression: 'cron(0 * * * ? *)', Lifecycle: { DeleteAfterDays: 2 } }),
        Selection: TAG_SELECTION,
      });

      // WHEN
      const facts = runVerifier(verifier, [view]);

      // THEN
      expect(proves(facts)).toBe(true);
      expect(facts[0]).toMatchObject({ found: '(absent)', satisfied: true, note: expect.stringContaining('1 day') });
    });

    test('S0-01 daily-backups fails another daily expression, a plan without selection and an unselected or unversioned customer bucket', () => {
      // GIVEN
      const other = fixture({ Plan: plan({ ...dailyRule(14), ScheduleExpression: 'cron(0 3 * * ? *)' }), Selection: TAG_SELECTION });
      const unselected = fixture({ Plan: plan(dailyRule(14)), Data: bucket('customer-user-data') });
      const unversioned = fixture({ Plan: plan(dailyRule(14)), Selection: TAG_SELECTION, Data: bucket('customer-data', { VersioningConfiguration: undefined }) });

      // WHEN
      const otherFacts = runVerifier(verifier, [other], { dailyBackup: DAILY });
      const unselectedFacts = runVerifier(verifier, [unselected], { dailyBackup: DAILY });
      const unversionedFacts = runVerifier(verifier, [unversioned], { dailyBackup: DAILY });

      // THEN
      expect(failing(otherFacts)).toEqual([expect.objectContaining({ expected: DAILY, found: 'Daily cron(0 3 * * ? *) kept 14 days' })]);
      expect(failing(unselectedFacts)).toEqual([
        expect.objectContaining({ logicalId: 'Plan', expected: 'a backup selection of this plan', found: '(absent)' }),
        expect.objectContaining({ logicalId: 'Data', expected: 'customer-user-data store selected by a daily backup plan', found: '(absent)' }),
      ]);
      expect(failing(unversionedFacts)).toEqual([
        expect.objectContaining({ logicalId: 'Data', propertyPath: 'Properties.VersioningConfiguration.Status', expected: 'Enabled', found: '(absent)' }),
      ]);
    });

    test('S0-01 daily-backups fails a template without backup plan', () => {
      // WHEN
      const facts = runVerifier(verifier, [fixture({})], { dailyBackup: DAILY });

      // THEN
      expect(failing(facts)).toEqual([expect.objectContaining({ propertyPath: 'Resources[Type=AWS::Backup::BackupPlan]', found: '(none)' })]);
    });
  });

  describe('backup-retention', () => {
    const verifier = BACKUP_VERIFIERS['backup-retention'];

    test('S0-02 backup-retention proves RDS and the daily rule keep 14 days', () => {
      // WHEN
      const facts = runVerifier(verifier, [service], expectationsOf(service, 'S0-02'));

      // THEN
      expect(proves(facts)).toBe(true);
      expect(facts.map((f) => [f.propertyPath, f.expected, f.found])).toEqual([
        ['Properties.BackupRetentionPeriod', '14', '14'],
        ['Properties.BackupPlan.BackupPlanRule.0.Lifecycle.DeleteAfterDays', '14', '14'],
        ['Properties.BackupPlan.BackupPlanRule.0.CopyActions.0.Lifecycle.DeleteAfterDays', '14', '14'],
        ['Properties.BackupPlan.BackupPlanRule.0.CopyActions.1.Lifecycle.DeleteAfterDays', '14', '14'],
      ]);
    });

    test('S0-02 backup-retention fails off-site copies kept forever', () => {
      // GIVEN: the copy action of the daily rule has no lifecycle
      const rule = { ...dailyRule(14), CopyActions: [{ DestinationBackupVaultArn: 'arn:aws:backup:us-west-2:111111111111:backup-vault:copies' }] };

      // WHEN
      const facts = runVerifier(verifier, [fixture({ Plan: plan(rule) })], { backupRetentionDays: '14' });

      // THEN
      expect(failing(facts)).toEqual([expect.objectContaining({
        propertyPath: 'Properties.BackupPlan.BackupPlanRule.0.CopyActions.0.Lifecycle.DeleteAfterDays', expected: '14', found: '(absent)',
      })]);
    });

    test('S0-02 S1-09 backup-retention fails 7 and 30 days under a 14-day claim', () => {
      // GIVEN
      const view = fixture({ Db: { Type: 'AWS::RDS::DBInstance', Properties: { BackupRetentionPeriod: 7 } }, Plan: plan(dailyRule(30)) });

      // WHEN
      const facts = runVerifier(verifier, [view], { backupRetentionDays: '14' });

      // THEN
      expect(failing(facts)).toEqual([
        expect.objectContaining({ propertyPath: 'Properties.BackupRetentionPeriod', expected: '14', found: '7' }),
        expect.objectContaining({ propertyPath: 'Properties.BackupPlan.BackupPlanRule.0.Lifecycle.DeleteAfterDays', expected: '14', found: '30' }),
      ]);
    });

    test('S1-09 backup-retention fails an absent RDS retention (1 day) and a rule kept forever', () => {
      // GIVEN
      const view = fixture({ Db: { Type: 'AWS::RDS::DBCluster', Properties: {} }, Plan: plan({ ...dailyRule(30), Lifecycle: undefined }) });

      // WHEN
      const facts = runVerifier(verifier, [view], { backupRetentionDays: '30' });

      // THEN
      expect(failing(facts)).toEqual([
        expect.objectContaining({ expected: '30', found: '(absent)', note: "absent: CloudFormation's default is 1 day, not 30" }),
        expect.objectContaining({ expected: '30', found: '(absent)', note: 'absent: AWS Backup keeps the recovery points forever' }),
      ]);
    });

    test('S0-02 backup-retention fails without backup plan, or without a recorded value', () => {
      // WHEN
      const none = runVerifier(verifier, [fixture({})], { backupRetentionDays: '14' });
      const unrecorded = runVerifier(verifier, [service], {});

      // THEN
      expect(failing(none)).toEqual([expect.objectContaining({ propertyPath: 'Resources[Type=AWS::Backup::BackupPlan]', found: '(none)' })]);
      expect(failing(unrecorded)).toEqual([expect.objectContaining({ found: '(absent)', note: expect.stringContaining('records no backupRetentionDays') })]);
    });
  });

  describe('backup-rules', () => {
    const verifier = BACKUP_VERIFIERS['backup-rules'];

    test('S4-06 backup-rules proves the four GFS tiers of a synthesized plan', () => {
      // WHEN
      const facts = runVerifier(verifier, [gfs], expectationsOf(gfs, 'S4-06'));

      // THEN
      expect(proves(facts)).toBe(true);
      expect(facts.map((f) => f.found)).toEqual(['2', '7', '28', '365']);
    });

    test('S4-06 backup-rules fails a tier kept too long and a missing tier', () => {
      // GIVEN
      const view = fixture({
        Plan: plan(
          { RuleName: 'Hourly', ScheduleExpression: 'cron(0 * * * ? *)', Lifecycle: { DeleteAfterDays: 3 } },
          { RuleName: 'Daily', ScheduleExpression: DAILY, Lifecycle: { DeleteAfterDays: 7 } },
        ),
      });

      // WHEN
      const facts = runVerifier(verifier, [view], {
        'backupRule.Hourly': 'cron(0 * * * ? *) 2',
        'backupRule.Daily': `${DAILY} 7`,
        'backupRule.Weekly': 'cron(0 5 ? * SUN *) 28',
      });

      // THEN
      expect(failing(facts)).toEqual([
        expect.objectContaining({ propertyPath: 'Properties.BackupPlan.BackupPlanRule.0.Lifecycle.DeleteAfterDays', expected: '2', found: '3' }),
        expect.objectContaining({
          propertyPath: 'Properties.BackupPlan.BackupPlanRule',
          expected: 'a rule Weekly on cron(0 5 ? * SUN *)',
          found: 'Hourly cron(0 * * * ? *) kept 3 days; Daily cron(0 5 * * ? *) kept 7 days',
        }),
      ]);
    });

    test('S4-06 backup-rules checks the schedules the promise names: a tier on another period fails even when the metadata agrees with the plan', () => {
      // GIVEN a plan and a claim record that both run the "Weekly" tier every day and the "Monthly" tier every week (issue 19 item 7)
      const rules = {
        Hourly: ['cron(0 * * * ? *)', 2], Daily: [DAILY, 7], Weekly: ['cron(0 5 * * ? *)', 28], Monthly: ['cron(0 5 ? * SUN *)', 365],
      } as Record<string, [string, number]>;
      const view = fixture({
        Plan: plan(...Object.entries(rules).map(([name, [schedule, days]]) =>
          ({ RuleName: name, ScheduleExpression: schedule, Lifecycle: { DeleteAfterDays: days } }))),
      });
      const expectations = Object.fromEntries(Object.entries(rules).map(([name, [schedule, days]]) => [`backupRule.${name}`, `${schedule} ${days}`]));

      // WHEN
      const asS406 = runVerifier(verifier, [view], expectations, { claimId: 'S4-06' });
      const proper = runVerifier(verifier, [gfs], expectationsOf(gfs, 'S4-06'), { claimId: 'S4-06' });

      // THEN
      expect(failing(asS406)).toEqual([
        expect.objectContaining({ propertyPath: 'Metadata.cdk-data-protection.claims[S4-06].expected.backupRule.Weekly', note: expect.stringContaining('once a day, not once a week') }),
        expect.objectContaining({ propertyPath: 'Metadata.cdk-data-protection.claims[S4-06].expected.backupRule.Monthly', note: expect.stringContaining('once a week, not once a month') }),
      ]);
      expect(proves(proper)).toBe(true);
      expect(proper).toHaveLength(8);
    });

    test('S4-06 periodOf reads hourly, daily, weekly and monthly expressions, and nothing else', () => {
      expect(['cron(0 * * * ? *)', 'rate(1 hour)', 'cron(0 5 * * ? *)', 'rate(24 hours)', 'cron(0 5 ? * SUN *)', 'rate(7 days)', 'cron(0 5 1 * ? *)', 'cron(0 5 L * ? *)']
        .map(periodOf)).toEqual(['hour', 'hour', 'day', 'day', 'week', 'week', 'month', 'month']);
      expect(['cron(0 */2 * * ? *)', 'cron(0 5 ? * MON-FRI *)', 'cron(0 5 1 1 ? *)', 'rate(2 days)', 'cron(x)', 42].map(periodOf)).toEqual(Array(6).fill(undefined));
    });

    test('S4-06 backup-rules fails without backup plan', () => {
      // WHEN
      const facts = runVerifier(verifier, [fixture({})], { 'backupRule.Daily': `${DAILY} 7` });

      // THEN
      expect(failing(facts)).toEqual([expect.objectContaining({ found: '(none)' })]);
    });
  });

  describe('offsite-copies', () => {
    const verifier = BACKUP_VERIFIERS['offsite-copies'];

    test('S1-08 offsite-copies proves copies to both regions, whose vaults are in the off-site stacks of the assembly', () => {
      // WHEN
      const facts = runVerifier(verifier, [service], expectationsOf(service, 'S1-08'), { others: offsiteStacks });

      // THEN
      expect(proves(facts)).toBe(true);
      expect(facts.map((f) => f.note)).toEqual([
        expect.stringMatching(/of stack Offsite-us-east-2$/),
        expect.stringMatching(/of stack Offsite-us-west-2$/),
      ]);
    });

    test('S1-08 offsite-copies fails when the off-site vaults are not in the assembly', () => {
      // WHEN
      const facts = runVerifier(verifier, [service], expectationsOf(service, 'S1-08'));

      // THEN
      expect(failing(facts)).toHaveLength(2);
      expect(failing(facts)[0]).toMatchObject({
        expected: 'rule Daily copies to a vault in us-east-2',
        found: 'arn:${AWS::Partition}:backup:us-east-2:${AWS::AccountId}:backup-vault:Offsite-us-east-2-copies',
        note: expect.stringContaining("no AWS::Backup::BackupVault named 'Offsite-us-east-2-copies' in a stack of us-east-2"),
      });
    });

    test('S1-08 offsite-copies reads Fn::Sub ARNs and fails a missing region and an unreadable one', () => {
      // GIVEN
      const sub = { 'Fn::Sub': 'arn:${AWS::Partition}:backup:us-east-2:${AWS::AccountId}:backup-vault:copies' };
      const unreadable = { 'Fn::Join': ['', ['arn:aws:backup:', { Ref: 'CopyRegion' }, ':111122223333:backup-vault:copies']] };
      const view = fixture({ Vault: VAULT, Plan: plan(dailyRule(14, sub, unreadable)) });

      // WHEN
      const facts = runVerifier(verifier, [view], { copyRegions: COPY_REGIONS.join(',') }, { others: COPY_REGIONS.map(offsite) });

      // THEN
      expect(facts[0]).toMatchObject({ expected: 'rule Daily copies to a vault in us-east-2', satisfied: true });
      expect(failing(facts)).toEqual([expect.objectContaining({
        expected: 'rule Daily copies to a vault in us-west-2',
        note: expect.stringContaining('could not be read'),
      })]);
    });

    test('S2-11 offsite-copies fails a copy into the home region and a plan without copies', () => {
      // GIVEN
      const home = fixture({ Vault: VAULT, Plan: plan(dailyRule(14, copiesArn('us-east-1'))) });
      const none = fixture({ Vault: VAULT, Plan: plan(dailyRule(14)) });

      // WHEN
      const homeFacts = runVerifier(verifier, [home], { copyRegions: 'us-east-1' });
      const noneFacts = runVerifier(verifier, [none], { copyRegions: 'us-west-2' }, { others: [offsite('us-west-2')] });

      // THEN
      expect(failing(homeFacts)).toEqual([expect.objectContaining({ note: expect.stringContaining('not off-site') })]);
      expect(failing(noneFacts)).toEqual([expect.objectContaining({ expected: 'rule Daily copies to a vault in us-west-2', found: '(absent)' })]);
    });

    test('S1-08 offsite-copies fails without backup plan', () => {
      // WHEN
      const facts = runVerifier(verifier, [fixture({})], { copyRegions: 'us-west-2' });

      // THEN
      expect(failing(facts)).toEqual([expect.objectContaining({ found: '(none)' })]);
    });
  });

  describe('restore-testing', () => {
    const verifier = BACKUP_VERIFIERS['restore-testing'];

    test('S1-10 S2-13 restore-testing proves a daily plan reading the vault, with selections for RDS and S3', () => {
      // WHEN
      const facts = runVerifier(verifier, [service], expectationsOf(service, 'S2-13'));

      // THEN
      expect(failing(facts)).toEqual([]);
      expect(proves(facts)).toBe(true);
      expect(facts.map((f) => f.expected)).toEqual(expect.arrayContaining([
        RESTORE_DAILY, 'a restore testing selection for RDS', 'a restore testing selection for S3', 'a vault the restore tests read (IncludeVaults)',
      ]));
    });

    test('S2-13 restore-testing fails a weekly plan under a daily claim', () => {
      // GIVEN
      const view = fixture({
        Plan: plan(dailyRule(14)),
        Testing: { Type: 'AWS::Backup::RestoreTestingPlan', Properties: { ScheduleExpression: 'cron(0 9 ? * MON *)' } },
      });

      // WHEN
      const facts = runVerifier(verifier, [view], { restoreTestingSchedule: RESTORE_DAILY });

      // THEN
      expect(failing(facts)).toEqual([expect.objectContaining({ propertyPath: 'Properties.ScheduleExpression', expected: RESTORE_DAILY, found: 'cron(0 9 ? * MON *)' })]);
    });

    test('S1-10 restore-testing fails daily restore tests when nothing is backed up', () => {
      // GIVEN
      const view = fixture({ Testing: { Type: 'AWS::Backup::RestoreTestingPlan', Properties: { ScheduleExpression: RESTORE_DAILY } } });

      // WHEN
      const facts = runVerifier(verifier, [view], { restoreTestingSchedule: RESTORE_DAILY });

      // THEN
      expect(failing(facts)).toEqual([expect.objectContaining({ propertyPath: 'Resources[Type=AWS::Backup::BackupPlan]', found: '(none)' })]);
    });

    test('S1-10 restore-testing fails a protected type without restore testing selection and a vault the tests do not read', () => {
      // GIVEN
      const view = fixture({
        Vault: VAULT,
        Plan: plan(dailyRule(14)),
        Selection: { ...TAG_SELECTION, Properties: { ...TAG_SELECTION.Properties, BackupSelection: { SelectionName: 'all', IamRoleArn: 'r', Resources: ['*'] } } },
        Db: { Type: 'AWS::RDS::DBInstance', Properties: { MultiAZ: true } },
        Data: bucket('customer-data'),
        Testing: {
          Type: 'AWS::Backup::RestoreTestingPlan',
          Properties: { RestoreTestingPlanName: 'tests', ScheduleExpression: RESTORE_DAILY, RecoveryPointSelection: { IncludeVaults: ['arn:aws:backup:us-east-1:1:backup-vault:other'] } },
        },
        S3Tests: { Type: 'AWS::Backup::RestoreTestingSelection', Properties: { RestoreTestingPlanName: 'tests', ProtectedResourceType: 'S3', ProtectedResourceArns: ['*'] } },
      });

      // WHEN
      const facts = runVerifier(verifier, [view], { restoreTestingSchedule: RESTORE_DAILY });

      // THEN
      expect(failing(facts)).toEqual([
        expect.objectContaining({ expected: 'a vault the restore tests read (IncludeVaults)', found: 'Vault read by (no restore testing plan on schedule)' }),
        expect.objectContaining({ expected: 'a restore testing selection for RDS', found: '(absent)' }),
      ]);
    });

    test('S1-10 restore-testing fails without restore testing plan', () => {
      // WHEN
      const facts = runVerifier(verifier, [fixture({})], { restoreTestingSchedule: RESTORE_DAILY });

      // THEN
      expect(failing(facts)).toEqual([expect.objectContaining({ propertyPath: 'Resources[Type=AWS::Backup::RestoreTestingPlan]', found: '(none)' })]);
    });
  });

  describe('backup-failure-alerts', () => {
    const verifier = BACKUP_VERIFIERS['backup-failure-alerts'];

    test('S2-12 backup-failure-alerts proves failed backup, copy and restore jobs reach SNS, naming the events', () => {
      // WHEN
      const facts = runVerifier(verifier, [service]);

      // THEN
      expect(proves(facts)).toBe(true);
      expect(facts.map((f) => f.expected)).toEqual([
        expect.stringMatching(/^failed backup jobs of vault/), expect.stringMatching(/^failed copy jobs/), expect.stringMatching(/^failed restore jobs/),
      ]);
      expect(facts[1].found).toMatch(/^vault notification COPY_JOB_FAILED; rule BackupFailedJobs\w+ \(FAILED, ABORTED, EXPIRED, PARTIAL\)$/);
    });

    test('S2-12 backup-failure-alerts fails a vault notifying copy failures only, and says deprecated events alert nobody', () => {
      // GIVEN
      const view = fixture({
        Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
        Vault: { ...VAULT, Properties: { ...VAULT.Properties, Notifications: { SNSTopicArn: { Ref: 'Topic' }, BackupVaultEvents: ['COPY_JOB_FAILED', 'BACKUP_JOB_FAILED'] } } },
        Plan: plan(dailyRule(14)),
      });

      // WHEN
      const facts = runVerifier(verifier, [view]);

      // THEN
      expect(failing(facts)).toEqual([
        expect.objectContaining({
          propertyPath: 'Properties.Notifications.BackupVaultEvents',
          expected: 'failed backup jobs of vault vault reported to SNS',
          found: '(absent)',
          note: expect.stringContaining('BACKUP_JOB_FAILED is no longer sent by AWS Backup'),
        }),
        expect.objectContaining({ expected: 'failed restore jobs of vault vault reported to SNS', found: '(absent)' }),
      ]);
      expect(facts[1]).toMatchObject({ found: 'vault notification COPY_JOB_FAILED', satisfied: true });
    });

    test('S2-12 backup-failure-alerts accepts an EventBridge rule on every aws.backup failure targeting an SNS ARN, not a disabled one', () => {
      // GIVEN
      const rule = (state: string) => ({
        Type: 'AWS::Events::Rule',
        Properties: {
          State: state,
          EventPattern: { source: ['aws.backup'], detail: { state: ['FAILED'] } },
          Targets: [{ Id: 't', Arn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:us-east-1:111122223333:ops']] } }],
        },
      });
      const enabled = fixture({ Vault: VAULT, Plan: plan(dailyRule(14)), Rule: rule('ENABLED') });
      const disabled = fixture({ Vault: VAULT, Plan: plan(dailyRule(14)), Rule: rule('DISABLED') });

      // WHEN / THEN
      expect(proves(runVerifier(verifier, [enabled]))).toBe(true);
      expect(failing(runVerifier(verifier, [disabled]))).toHaveLength(3);
    });

    test('S2-12 backup-failure-alerts fails without backup plan', () => {
      // WHEN
      const facts = runVerifier(verifier, [fixture({})]);

      // THEN
      expect(failing(facts)).toEqual([expect.objectContaining({ found: '(none)' })]);
    });
  });

  describe('multi-az-storage', () => {
    const verifier = BACKUP_VERIFIERS['multi-az-storage'];

    test('S2-06 multi-az-storage proves a Multi-AZ database and buckets kept across zones', () => {
      // WHEN
      const facts = runVerifier(verifier, [service]);

      // THEN
      expect(proves(facts)).toBe(true);
      expect(facts[0]).toMatchObject({ propertyPath: 'Properties.MultiAZ', expected: 'true', found: 'true' });
      expect(facts.filter((f) => f.found === '(no transition)').length).toBeGreaterThanOrEqual(2);
    });

    test('S2-06 multi-az-storage fails a single-AZ database and a bucket moving objects to ONEZONE_IA, accepts Aurora storage', () => {
      // GIVEN
      const view = fixture({
        Db: { Type: 'AWS::RDS::DBInstance', Properties: { MultiAZ: false } },
        Aurora: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql' } },
        Data: bucket('customer-data', { LifecycleConfiguration: { Rules: [{ Status: 'Enabled', Transitions: [{ StorageClass: 'ONEZONE_IA', TransitionInDays: 30 }] }] } }),
      });

      // WHEN
      const facts = runVerifier(verifier, [view]);

      // THEN
      expect(failing(facts)).toEqual([
        expect.objectContaining({ logicalId: 'Db', propertyPath: 'Properties.MultiAZ', expected: 'true', found: 'false' }),
        expect.objectContaining({ logicalId: 'Data', expected: 'no transition to ONEZONE_IA', found: 'ONEZONE_IA' }),
      ]);
      expect(facts[1]).toMatchObject({ logicalId: 'Aurora', satisfied: true });
    });

    test('S2-06 multi-az-storage fails a template without database or bucket', () => {
      // WHEN
      const facts = runVerifier(verifier, [fixture({})]);

      // THEN
      expect(failing(facts)).toEqual([expect.objectContaining({ found: '(none)' })]);
    });
  });

  describe('multi-az', () => {
    const verifier = BACKUP_VERIFIERS['multi-az'];

    test('S2-10 multi-az proves subnets in two zones and a Multi-AZ database', () => {
      // WHEN
      const facts = runVerifier(verifier, [service]);

      // THEN
      expect(proves(facts)).toBe(true);
      expect(facts[0]).toMatchObject({ expected: 'subnets in at least 2 availability zones', found: 'us-east-1a, us-east-1b' });
    });

    test('S2-10 multi-az fails subnets of one zone and a single-AZ database, reads Fn::GetAZs indexes', () => {
      // GIVEN
      const zone = (i: number) => ({ 'Fn::Select': [i, { 'Fn::GetAZs': '' }] });
      const subnet = (vpc: string, i: number) => ({ Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: vpc }, AvailabilityZone: zone(i) } });
      const view = fixture({
        One: { Type: 'AWS::EC2::VPC', Properties: {} },
        OneA: subnet('One', 0),
        OneB: subnet('One', 0),
        Two: { Type: 'AWS::EC2::VPC', Properties: {} },
        TwoA: subnet('Two', 0),
        TwoB: subnet('Two', 1),
        Db: { Type: 'AWS::RDS::DBInstance', Properties: {} },
      });

      // WHEN
      const facts = runVerifier(verifier, [view]);

      // THEN
      expect(failing(facts)).toEqual([
        expect.objectContaining({ logicalId: 'One', expected: 'subnets in at least 2 availability zones', found: 'Fn::GetAZs[0]' }),
        expect.objectContaining({ logicalId: 'Db', propertyPath: 'Properties.MultiAZ', expected: 'true', found: '(absent)' }),
      ]);
      expect(facts[1]).toMatchObject({ logicalId: 'Two', found: 'Fn::GetAZs[0], Fn::GetAZs[1]', satisfied: true });
    });

    test('S2-10 multi-az fails a template without VPC or database', () => {
      // WHEN
      const facts = runVerifier(verifier, [fixture({})]);

      // THEN
      expect(failing(facts)).toEqual([expect.objectContaining({ propertyPath: 'Resources[Type=AWS::EC2::VPC]', found: '(none)' })]);
    });
  });

  describe('redundant-copies', () => {
    const verifier = BACKUP_VERIFIERS['redundant-copies'];

    test('S2-11 redundant-copies proves every customer store is backed up to other regions, and the copies', () => {
      // WHEN
      const facts = runVerifier(verifier, [service], expectationsOf(service, 'S2-11'), { others: offsiteStacks });

      // THEN
      expect(proves(facts)).toBe(true);
      const stores = facts.filter((f) => f.propertyPath === 'Properties.Tags.data-class');
      expect(stores.map((f) => f.expected)).toEqual(expect.arrayContaining([
        'customer-data store replicated or backed up to another region', 'customer-user-data store replicated or backed up to another region',
      ]));
      expect(stores.every((f) => f.found.includes('copied to us-east-2, us-west-2'))).toBe(true);
    });

    /** A bucket replicated by `rule` (an enabled rule to the bucket `replica`, unless overridden). */
    function replicated(rule: Record<string, any> = {}): any {
      return bucket('customer-user-data', {
        ReplicationConfiguration: {
          Role: 'r',
          Rules: [{ Status: 'Enabled', Destination: { Bucket: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::replica']] } }, ...rule }],
        },
      });
    }

    /** A stack of `region` holding the bucket named `replica`. */
    function replicaStack(region: string): StackView {
      return fixture({ Replica: bucket('customer-user-data', { BucketName: 'replica' }) }, { id: `Replica-${region}`, region });
    }

    test('S2-11 redundant-copies fails a customer bucket neither replicated nor copied, accepts a replicated one, ignores internal data', () => {
      // GIVEN
      const view = fixture({
        Vault: VAULT,
        Plan: plan(dailyRule(14, copiesArn('us-west-2'))),
        Data: bucket('customer-user-data'),
        Replicated: replicated(),
        Internal: bucket('internal'),
      });

      // WHEN
      const facts = runVerifier(verifier, [view], { copyRegions: 'us-west-2' }, { others: [offsite('us-west-2'), replicaStack('eu-west-1')] });

      // THEN
      expect(failing(facts)).toEqual([expect.objectContaining({
        logicalId: 'Data', expected: 'customer-user-data store replicated or backed up to another region', found: '(absent)',
      })]);
      expect(facts.find((f) => f.logicalId === 'Replicated')).toMatchObject({
        propertyPath: 'Properties.ReplicationConfiguration.Rules', found: 'replicated to arn:${AWS::Partition}:s3:::replica (in eu-west-1)', satisfied: true,
      });
      expect(facts.some((f) => f.logicalId === 'Internal')).toBe(false);
    });

    test.each([
      ['a prefix filter', { Filter: { Prefix: 'exports/' } }, [replicaStack('eu-west-1')],
        /only objects under 'exports\/'/, 'every enabled rule replicates only part of the bucket'],
      ['a tag filter', { Filter: { TagFilter: { Key: 'copy', Value: 'yes' } } }, [replicaStack('eu-west-1')],
        /only objects tagged copy=yes/, 'every enabled rule replicates only part of the bucket'],
      ['a legacy prefix', { Prefix: 'a/' }, [replicaStack('eu-west-1')],
        /only objects under 'a\/'/, 'every enabled rule replicates only part of the bucket'],
      ['a disabled rule', { Status: 'Disabled' }, [replicaStack('eu-west-1')], /^\(absent\)$/, 'not replicated'],
      ['a destination in the same region', {}, [replicaStack('us-east-1')],
        /^replicated to arn:\$\{AWS::Partition\}:s3:::replica$/, 'the destination arn:${AWS::Partition}:s3:::replica is in us-east-1, the region of the bucket itself'],
      ['a destination outside the assembly', {}, [],
        /^replicated to arn:\$\{AWS::Partition\}:s3:::replica$/, 'no destination is a bucket of this cloud assembly with a literal name'],
    ])('S2-11 redundant-copies does not count replication with %s', (_title, rule, others, found, note) => {
      // GIVEN a replicated customer bucket, and no backup plan
      const view = fixture({ Replicated: replicated(rule) });

      // WHEN
      const facts = runVerifier(verifier, [view], {}, { others });

      // THEN
      expect(failing(facts).filter((f) => f.logicalId !== undefined))
        .toEqual([expect.objectContaining({ logicalId: 'Replicated', found: expect.stringMatching(found), note: expect.stringContaining(note) })]);
    });

    test('S2-11 redundant-copies proves a SecureBucket replicated to a SecureBucket of a stack in another region', () => {
      // GIVEN a customer bucket in us-east-1 replicated to a named bucket in us-west-2, and no backup plan
      const app = new App();
      const west = new Stack(app, 'Replica', { env: { region: 'us-west-2' } });
      new DataProtectionPolicy(west, 'Policy', { ...DEFAULT_POLICY, region: 'us-west-2' });
      const replica = new SecureBucket(west, 'Files', { dataClass: DataClass.CUSTOMER_DATA, bucketName: 'acme-files-replica' });
      const stack = stackWithPolicy(app, { backupCopyRegions: ['us-west-2'], claims: ['S2-11'] });
      new SecureBucket(stack, 'Files', {
        dataClass: DataClass.CUSTOMER_DATA,
        replication: { destination: replica.bucket, destinationKey: kms.Key.fromKeyArn(stack, 'ReplicaKey', REPLICA_KEY) },
      });

      // WHEN
      const facts = runVerifier(verifier, [viewOfStack(stack)], {}, { others: [viewOfStack(west)] });

      // THEN
      expect(facts.find((f) => f.logicalId?.startsWith('Files'))).toMatchObject({
        propertyPath: 'Properties.ReplicationConfiguration.Rules',
        found: 'replicated to arn:${AWS::Partition}:s3:::acme-files-replica (in us-west-2)',
        satisfied: true,
      });
    });

    test('S2-11 redundant-copies counts a whole-bucket rule among partial ones, and an empty prefix as the whole bucket', () => {
      // GIVEN
      const view = fixture({
        Replicated: bucket('customer-data', {
          ReplicationConfiguration: {
            Role: 'r',
            Rules: [
              { Status: 'Enabled', Filter: { Prefix: 'hot/' }, Destination: { Bucket: 'arn:aws:s3:::replica' } },
              { Status: 'Enabled', Filter: { Prefix: '' }, Destination: { Bucket: 'arn:aws:s3:::replica' } },
            ],
          },
        }),
      });

      // WHEN
      const facts = runVerifier(verifier, [view], {}, { others: [replicaStack('us-west-2')] });

      // THEN
      expect(facts.filter((f) => f.logicalId === 'Replicated'))
        .toEqual([expect.objectContaining({ found: 'replicated to arn:aws:s3:::replica (in us-west-2)', satisfied: true })]);
    });

    test('S2-11 redundant-copies fails a store selected by a plan that copies nowhere else', () => {
      // GIVEN
      const view = fixture({ Vault: VAULT, Plan: plan(dailyRule(14)), Selection: TAG_SELECTION, Data: bucket('customer-data') });

      // WHEN
      const facts = runVerifier(verifier, [view], { copyRegions: 'us-west-2' });

      // THEN
      expect(failing(facts)).toEqual([
        expect.objectContaining({ logicalId: 'Data', found: '(absent)' }),
        expect.objectContaining({ logicalId: 'Plan', expected: 'rule Daily copies to a vault in us-west-2', found: '(absent)' }),
      ]);
    });
  });
});
