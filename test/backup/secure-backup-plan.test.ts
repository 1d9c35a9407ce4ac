import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  BackupSchedule, DataClass, DataProtectionPolicy, OffsiteBackupStack, RestoreTestResourceType, RestoreTestSchedule,
  SecureBackupPlan, SecureBackupVault, SecureBucket, SecureDatabase, VaultLock,
} from '../../lib';
import { checkedApp, DEFAULT_POLICY, errorOf, expectNoUnacknowledgedFindings, stackWithPolicy } from '../helpers/compliance';

const JAM = BackupSchedule.gfs({ hourly: Duration.days(2), daily: Duration.days(7), weekly: Duration.days(28), monthly: Duration.days(365) });
const COPIES = ['us-east-2', 'us-west-2'];
const targets = COPIES.map((region) => ({ region, backupVaultName: 'copies' }));

function planTemplate(policy = {}, props = {}): Template {
  const stack = stackWithPolicy(new App(), policy);
  new SecureBackupPlan(stack, 'Backup', props);
  return Template.fromStack(stack);
}

describe('SecureBackupPlan rules', () => {
  test('S0-01 S0-02 a 14-day policy yields one daily rule kept 14 days', () => {
    // GIVEN / WHEN
    const template = planTemplate();

    // THEN
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [Match.objectLike({
          RuleName: 'Daily',
          ScheduleExpression: 'cron(0 5 * * ? *)',
          StartWindowMinutes: 60,
          Lifecycle: { DeleteAfterDays: 14 },
          TargetBackupVault: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BackupVault'), 'BackupVaultName'] },
        })],
      },
    });
  });

  test('S1-09 a 30-day policy keeps daily backups 30 days', () => {
    // GIVEN / WHEN
    const template = planTemplate({ backup: BackupSchedule.daily(Duration.days(30)) });

    // THEN
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [Match.objectLike({ Lifecycle: { DeleteAfterDays: 30 } })] },
    });
  });

  test('S4-06 the GFS schedule yields exactly four rules: 2, 7, 28 and 365 days with their crons', () => {
    // GIVEN / WHEN
    const template = planTemplate({ backup: JAM });

    // THEN
    const plan = Object.values(template.findResources('AWS::Backup::BackupPlan'))[0] as any;
    const rules = plan.Properties.BackupPlan.BackupPlanRule.map((r: any) => [r.RuleName, r.ScheduleExpression, r.Lifecycle.DeleteAfterDays]);
    expect(rules).toEqual([
      ['Hourly', 'cron(0 * * * ? *)', 2],
      ['Daily', 'cron(0 5 * * ? *)', 7],
      ['Weekly', 'cron(0 5 ? * SUN *)', 28],
      ['Monthly', 'cron(0 5 1 * ? *)', 365],
    ]);
  });

  test('continuous backup and cold storage reach the rules', () => {
    // GIVEN / WHEN
    const continuous = planTemplate({ backup: BackupSchedule.daily(Duration.days(14), { continuousBackup: true }) });
    const cold = planTemplate({
      backup: BackupSchedule.gfs({ daily: Duration.days(7), monthly: Duration.days(365), moveToColdStorageAfter: Duration.days(90) }),
    });

    // THEN
    continuous.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [Match.objectLike({ EnableContinuousBackup: true })] },
    });
    cold.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: Match.arrayWith([Match.objectLike({ RuleName: 'Monthly', Lifecycle: { DeleteAfterDays: 365, MoveToColdStorageAfterDays: 90 } })]) },
    });
  });
});

describe('SecureBackupPlan off-site copies', () => {
  test('S1-08 S2-11 every rule copies to a vault in each declared region, kept as long as the rule says', () => {
    // GIVEN / WHEN
    const template = planTemplate({ backup: JAM, backupCopyRegions: COPIES }, { copyTargets: targets });

    // THEN
    const plan = Object.values(template.findResources('AWS::Backup::BackupPlan'))[0] as any;
    for (const rule of plan.Properties.BackupPlan.BackupPlanRule) {
      const copies = rule.CopyActions.map((c: any) => [JSON.stringify(c.DestinationBackupVaultArn), c.Lifecycle.DeleteAfterDays]);
      expect(copies).toEqual(COPIES.map((region) => [
        JSON.stringify({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:backup:${region}:`, { Ref: 'AWS::AccountId' }, ':backup-vault:copies']] }),
        rule.Lifecycle.DeleteAfterDays,
      ]));
    }
  });

  test('no copy actions when the policy declares no copy regions', () => {
    // GIVEN / WHEN
    const template = planTemplate();

    // THEN
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [Match.objectLike({ CopyActions: Match.absent() })] },
    });
  });

  test.each([
    ['no vault for a declared region', { backupCopyRegions: COPIES }, [targets[0]],
      /promises backup copies in us-east-2, us-west-2, but copyTargets has no vault in us-west-2/],
    ['a vault in an undeclared region', { backupCopyRegions: ['us-east-2'] }, [targets[0], { region: 'eu-west-1', backupVaultName: 'copies' }],
      /copyTargets holds a vault in eu-west-1, a region the DataProtectionPolicy at TestStack\/Policy does not declare; declared backupCopyRegions: us-east-2/],
    ['a vault in the data\'s own region', { backupCopyRegions: ['us-east-2'] }, [{ region: 'us-east-1', backupVaultName: 'copies' }],
      /copyTargets must be in other regions than the data \(us-east-1\), got a vault in us-east-1/],
    ['two vaults in one region', { backupCopyRegions: ['us-east-2'] }, [targets[0], targets[0]],
      /copyTargets lists region 'us-east-2' twice; one vault per region/],
    ['copies the policy does not promise', {}, [targets[0]],
      /declared backupCopyRegions: \(none\)/],
  ])('refuses %s', (_name, policy, copyTargets, message) => {
    // GIVEN
    const stack = stackWithPolicy(new App(), policy);

    // WHEN
    const error = errorOf(() => new SecureBackupPlan(stack, 'Backup', { copyTargets }));

    // THEN
    expect(error.name).toBe('DataProtectionError');
    expect(error.message).toMatch(/^TestStack\/Backup: /);
    expect(error.message).toMatch(message);
  });
});

describe('SecureBackupPlan selection', () => {
  test('S0-01 selects every store tagged with a declared data class', () => {
    // GIVEN / WHEN
    const template = planTemplate();

    // THEN
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: {
        SelectionName: 'data-class-tagged',
        ListOfTags: ['customer-data', 'customer-user-data', 'internal'].map((value) => ({
          ConditionType: 'STRINGEQUALS', ConditionKey: 'data-class', ConditionValue: value,
        })),
      },
    });
  });

  test('S0-01 lists the data stores of its own stack by ARN, including those created after the plan', () => {
    // GIVEN
    const stack = stackWithPolicy();
    new SecureBackupPlan(stack, 'Backup');
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      natGateways: 0,
      subnetConfiguration: [{ name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });

    // WHEN
    new SecureBucket(stack, 'Bucket', { dataClass: DataClass.CUSTOMER_DATA, disableAccessLogs: { reason: 'test: keeps the list short' } });
    new SecureDatabase(stack, 'Db', { vpc, dataClass: DataClass.CUSTOMER_USER_DATA });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: {
        SelectionName: 'data-stores-of-this-stack',
        Resources: [
          { 'Fn::GetAtt': [Match.stringLikeRegexp('^Bucket'), 'Arn'] },
          { 'Fn::GetAtt': [Match.stringLikeRegexp('^Db'), 'DBInstanceArn'] },
        ],
        Conditions: { StringLike: [{ ConditionKey: 'aws:ResourceTag/data-class', ConditionValue: '*' }] },
      },
    });
  });

  test('without stores in its stack, the second selection still requires the data-class tag (never everything)', () => {
    // GIVEN / WHEN
    const template = planTemplate();

    // THEN
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: {
        SelectionName: 'data-stores-of-this-stack',
        Resources: ['*'],
        Conditions: { StringLike: [{ ConditionKey: 'aws:ResourceTag/data-class', ConditionValue: '*' }] },
      },
    });
  });

  test('the backup role is assumed by AWS Backup with the backup, restore and S3 policies', () => {
    // GIVEN / WHEN
    const template = planTemplate();

    // THEN
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })] },
      ManagedPolicyArns: ['service-role/AWSBackupServiceRolePolicyForBackup', 'service-role/AWSBackupServiceRolePolicyForRestores',
        'AWSBackupServiceRolePolicyForS3Backup', 'AWSBackupServiceRolePolicyForS3Restore'].map((name) => ({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::aws:policy/${name}`]],
      })),
    });
  });
});

describe('SecureBackupPlan restore testing', () => {
  test('S1-10 S2-13 a daily restore testing plan over the plan\'s vault, with a selection per resource type', () => {
    // GIVEN / WHEN
    const template = planTemplate();

    // THEN
    template.hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      ScheduleExpression: 'cron(0 9 * * ? *)',
      RecoveryPointSelection: {
        Algorithm: 'LATEST_WITHIN_WINDOW',
        IncludeVaults: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^BackupVault'), 'BackupVaultArn'] }],
        RecoveryPointTypes: ['SNAPSHOT'],
        SelectionWindowDays: 14,
      },
      RestoreTestingPlanName: Match.stringLikeRegexp('^[A-Za-z0-9_]{1,50}$'),
    });
    const selections = Object.values(template.findResources('AWS::Backup::RestoreTestingSelection')).map((s: any) => s.Properties);
    expect(selections.map((s) => [s.ProtectedResourceType, s.ProtectedResourceArns, s.ValidationWindowHours])).toEqual([
      ['RDS', ['*'], 4],
      ['S3', ['*'], 4],
    ]);
  });

  test('S2-13 RDS restore tests restore into the database\'s own subnet group and security group, not the default VPC', () => {
    // GIVEN
    const stack = stackWithPolicy(new App());
    const vpc = new ec2.Vpc(stack, 'Vpc', { subnetConfiguration: [{ name: 'db', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const database = new SecureDatabase(stack, 'Database', { vpc, dataClass: DataClass.CUSTOMER_USER_DATA });

    // WHEN
    new SecureBackupPlan(stack, 'Backup');

    // THEN
    const template = Template.fromStack(stack);
    const subnetGroupId = Object.keys(template.findResources('AWS::RDS::DBSubnetGroup'))[0];
    const groupId = stack.getLogicalId(database.securityGroup.node.defaultChild as ec2.CfnSecurityGroup);
    template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      ProtectedResourceType: 'RDS',
      RestoreMetadataOverrides: {
        dbSubnetGroupName: { Ref: subnetGroupId },
        vpcSecurityGroupIds: { 'Fn::Join': ['', ['["', { 'Fn::GetAtt': [groupId, 'GroupId'] }, '"]']] },
      },
    });
    template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', { ProtectedResourceType: 'S3', RestoreMetadataOverrides: Match.absent() });
  });

  test('S2-13 without a database in the stack, the RDS restore test keeps AWS Backup\'s inferred network', () => {
    // GIVEN / WHEN
    const template = planTemplate();

    // THEN
    template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', { ProtectedResourceType: 'RDS', RestoreMetadataOverrides: Match.absent() });
  });

  test('S2-13 follows the policy\'s restore testing schedule; continuous recovery points are tested too', () => {
    // GIVEN / WHEN
    const template = planTemplate({
      restoreTesting: RestoreTestSchedule.WEEKLY,
      backup: BackupSchedule.daily(Duration.days(14), { continuousBackup: true }),
    });

    // THEN
    template.hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      ScheduleExpression: 'cron(0 9 ? * MON *)',
      RecoveryPointSelection: Match.objectLike({ RecoveryPointTypes: ['SNAPSHOT', 'CONTINUOUS'] }),
    });
  });

  test('chosen resource types and validation window', () => {
    // GIVEN / WHEN
    const template = planTemplate({}, {
      restoreTestResourceTypes: [RestoreTestResourceType.DYNAMODB],
      restoreTestValidationWindow: Duration.hours(12),
    });

    // THEN
    template.resourceCountIs('AWS::Backup::RestoreTestingSelection', 1);
    template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', { ProtectedResourceType: 'DynamoDB', ValidationWindowHours: 12 });
  });

  test.each([
    ['no resource types', { restoreTestResourceTypes: [] }, /restoreTestResourceTypes must name at least one type \(RDS, Aurora, S3, DynamoDB, EFS, EBS\), got none/],
    ['an unknown resource type', { restoreTestResourceTypes: ['Redshift'] }, /restoreTestResourceTypes must hold RDS, Aurora, S3, DynamoDB, EFS, EBS, got 'Redshift'/],
    ['a repeated resource type', { restoreTestResourceTypes: [RestoreTestResourceType.S3, RestoreTestResourceType.S3] }, /must not repeat a type, got S3, S3/],
    ['a validation window of 200 hours', { restoreTestValidationWindow: Duration.hours(200) }, /restoreTestValidationWindow must be 1-168 whole hours, got 8 days 8 hours/],
    ['a validation window of 30 minutes', { restoreTestValidationWindow: Duration.minutes(30) }, /restoreTestValidationWindow must be 1-168 whole hours, got 30 minutes/],
    ['a malformed plan name', { backupPlanName: 'my plan!' }, /backupPlanName must be 1-50 letters, digits, '-', '_' or '.', got 'my plan!'/],
  ])('refuses %s', (_name, props, message) => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    const error = errorOf(() => new SecureBackupPlan(stack, 'Backup', props as any));

    // THEN
    expect(error.name).toBe('DataProtectionError');
    expect(error.message).toMatch(message);
  });
});

describe('SecureBackupPlan failure alerts', () => {
  test('S2-12 failed, aborted, expired and partial jobs are routed to a KMS-encrypted, TLS-only topic', () => {
    // GIVEN / WHEN
    const template = planTemplate();

    // THEN
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.backup'],
        'detail-type': ['Backup Job State Change', 'Copy Job State Change', 'Restore Job State Change'],
        'detail': { state: ['FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL'] },
      },
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^BackupAlerts') } })],
    });
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BackupAlertsKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  test('S2-12 the vault reports its own failures to the same topic', () => {
    // GIVEN / WHEN
    const template = planTemplate();

    // THEN
    template.hasResourceProperties('AWS::Backup::BackupVault', {
      Notifications: { SNSTopicArn: { Ref: Match.stringLikeRegexp('^BackupAlerts') } },
    });
  });

  test('uses the topic it is given (the incident topic) instead of its own', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const incidents = new sns.Topic(stack, 'Incidents');

    // WHEN
    const plan = new SecureBackupPlan(stack, 'Backup', { alertTopic: incidents });

    // THEN
    expect(plan.alertTopic).toBe(incidents);
    Template.fromStack(stack).resourceCountIs('AWS::SNS::Topic', 1);
  });
});

describe('SecureBackupPlan vault and audit', () => {
  test('uses the vault it is given; a lock for the default vault only', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const vault = new SecureBackupVault(stack, 'Vault', { lock: VaultLock.compliance(Duration.days(7)) });

    // WHEN
    const plan = new SecureBackupPlan(stack, 'Backup', { vault });

    // THEN
    expect(plan.vault).toBe(vault);
    Template.fromStack(stack).resourceCountIs('AWS::Backup::BackupVault', 1);
    expect(() => new SecureBackupPlan(stack, 'Other', { vault, lock: VaultLock.GOVERNANCE }))
      .toThrow('TestStack/Other: lock applies to the default vault only; set the lock on the SecureBackupVault passed as vault');
  });

  test('the audit framework checks retention, encryption, vault lock and cross-region copies', () => {
    // GIVEN / WHEN
    const template = planTemplate({ backupCopyRegions: COPIES }, { copyTargets: targets, auditFramework: true });

    // THEN
    const framework = Object.values(template.findResources('AWS::Backup::Framework'))[0] as any;
    const controls = Object.fromEntries(framework.Properties.FrameworkControls.map((c: any) => [c.ControlName,
      Object.fromEntries((c.ControlInputParameters ?? []).map((p: any) => [p.ParameterName, p.ParameterValue]))]));
    expect(controls).toEqual({
      BACKUP_RECOVERY_POINT_ENCRYPTED: {},
      BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED: {},
      BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK: { requiredRetentionDays: '14' },
      BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK: { requiredFrequencyUnit: 'days', requiredFrequencyValue: '1', requiredRetentionDays: '14' },
      BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK: { minRetentionDays: '14', maxRetentionDays: '15' },
      BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION: { crossRegionList: 'us-east-2,us-west-2' },
    });
  });

  test('no audit framework unless asked', () => {
    // GIVEN / WHEN / THEN
    planTemplate().resourceCountIs('AWS::Backup::Framework', 0);
  });
});

describe('SecureBackupPlan compliance', () => {
  test('S2-15 a plan with copies, a database and a bucket passes every pack and the Control Tower rules', () => {
    // GIVEN
    const app = checkedApp();
    const policy = { ...DEFAULT_POLICY, backup: JAM, backupCopyRegions: COPIES };
    const offsite = COPIES.map((region) => new OffsiteBackupStack(app, `Offsite-${region}`, { policy, region }));
    const stack = new Stack(app, 'Service', { env: { region: 'us-east-1' } });
    new DataProtectionPolicy(stack, 'Policy', policy);
    new SecureBucket(stack, 'Bucket', { dataClass: DataClass.CUSTOMER_DATA });

    // WHEN
    new SecureBackupPlan(stack, 'Backup', { copyTargets: offsite.map((s) => s.vault.asCopyTarget()), auditFramework: true });

    // THEN
    expectNoUnacknowledgedFindings(app);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('needs a policy in scope', () => {
    // GIVEN / WHEN / THEN
    expect(() => new SecureBackupPlan(new Stack(new App(), 'Bare'), 'Backup')).toThrow(/Bare\/Backup: no DataProtectionPolicy applies here/);
  });
});
