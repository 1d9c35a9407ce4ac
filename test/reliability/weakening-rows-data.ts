import { CfnParameter, Stack, Tags } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import {
  BACKUP, BACKUP_30_DAYS, BACKUP_GFS, l1, MAPPING, packsBaseline, Parts, STORAGE, TAG, TENANTS, userAspect, WeakeningTable,
} from './weakening-kit';
import { Compliance, ThreatDetection } from '../../lib';

/*
 * The weakenings of the storage, backup, mapping and compliance-pack claims, keyed by claim id.
 */

/** The index of the lifecycle rule of a bucket whose id or tag filter matches. */
function ruleIndex(stack: Stack, bucket: s3.Bucket, match: (rule: any) => boolean): number {
  const rules: any[] = stack.resolve((l1(bucket) as s3.CfnBucket).lifecycleConfiguration)?.rules ?? [];
  const i = rules.findIndex(match);
  if (i < 0) {
    throw new Error(`no matching lifecycle rule in ${JSON.stringify(rules)}`);
  }
  return i;
}

/** An SSE algorithm the template takes from a parameter: what the bucket ends up with is decided at deploy time. */
function algorithmFromParameter(parts: Parts, bucket: s3.Bucket): void {
  const algorithm = new CfnParameter(parts.stack, 'SseAlgorithm', { default: 'AES256', allowedValues: ['AES256', 'aws:kms'] });
  l1(bucket).addPropertyOverride('BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault.SSEAlgorithm',
    algorithm.valueAsString);
  l1(bucket).addPropertyDeletionOverride('BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault.KMSMasterKeyID');
}

export const DATA_ROWS: WeakeningTable = {
  // ----------------------------------------------------------------------------- storage and logs
  'S0-03': {
    what: 'a trail switched to the home region only through an escape hatch is VIOLATED',
    baseline: STORAGE,
    weaken: ({ trail }) => l1(trail.trail).addPropertyOverride('IsMultiRegionTrail', false),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      propertyPath: 'Properties.IsMultiRegionTrail', expected: 'true', found: 'false', constructPath: 'Storage/Trail/Trail/Resource',
    })]),
  },
  'S0-04': {
    what: 'a trail that no longer delivers to CloudWatch Logs (property deleted) is VIOLATED',
    baseline: STORAGE,
    weaken: ({ trail }) => l1(trail.trail).addPropertyDeletionOverride('CloudWatchLogsLogGroupArn'),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      propertyPath: 'Properties.CloudWatchLogsLogGroupArn', expected: 'a CloudWatch Logs group', found: '(absent)', note: 'the trail delivers only to S3',
    })]),
  },
  'S0-06': {
    what: 'a bucket whose SSE algorithm comes from a deploy-time parameter is VIOLATED',
    baseline: STORAGE,
    weaken: (parts) => algorithmFromParameter(parts, parts.customerData.bucket),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      constructPath: 'Storage/CustomerData/Resource/Resource',
      expected: 'SSE-S3 or stronger: AES256, aws:kms, aws:kms:dsse',
      note: 'the algorithm is not a literal the template shows',
    })]),
  },
  'S1-01': {
    what: 'a plain s3.Bucket added next to the secure ones, with no data class, is refused at synthesis',
    baseline: STORAGE,
    weaken: ({ stack }) => new s3.Bucket(stack, 'Exports', { enforceSSL: true }),
    throws: /AWS::S3::Bucket has no 'data-class' tag: every data store must declare its data class/,
  },
  'S3-02': {
    what: 'a bucket of an undeclared class whose synthesis finding is acknowledged is VIOLATED',
    baseline: STORAGE,
    weaken: ({ stack }) => {
      const bucket = new s3.Bucket(stack, 'Marketing', { enforceSSL: true });
      Tags.of(bucket).add(TAG, 'marketing-leads');
      Compliance.acknowledge(bucket, { ruleId: 'DataProtection-DataClassTag', reason: 'marketing leads get their own class next quarter' });
    },
    then: (_, failing) => expect(failing).toContainEqual(expect.objectContaining({
      constructPath: 'Storage/Marketing/Resource', found: 'marketing-leads', note: '\'marketing-leads\' is not a declared data class',
    })),
  },
  'S1-04': {
    what: 'the masking policy of the application log group deleted through an escape hatch is VIOLATED',
    baseline: STORAGE,
    weaken: ({ appLogs }) => l1(appLogs.logGroup).addPropertyDeletionOverride('DataProtectionPolicy'),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      propertyPath: 'Resources[Type=AWS::Logs::LogGroup].Properties.DataProtectionPolicy', found: '(none)',
    })]),
  },
  'S4-04': {
    what: 'a masking policy narrowed to e-mail addresses through an escape hatch is VIOLATED',
    baseline: STORAGE,
    weaken: ({ stack, appLogs }) => {
      const policy = stack.resolve((l1(appLogs.logGroup) as any).dataProtectionPolicy);
      for (const statement of policy.Statement) {
        statement.DataIdentifier = statement.DataIdentifier.slice(0, 1);
      }
      l1(appLogs.logGroup).addPropertyOverride('DataProtectionPolicy', policy);
    },
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      propertyPath: 'Properties.DataProtectionPolicy',
      constructPath: 'Storage/AppLogs/Resource/Resource',
      found: 'masks EmailAddress; audit statement',
      note: 'does not mask Name, Address, CreditCardNumber, PhoneNumber-*',
    })]),
  },
  'S1-06': {
    what: 'the trail\'s log group kept 90 days through an escape hatch is refused at synthesis',
    baseline: STORAGE,
    weaken: ({ trail }) => l1(trail.logGroup).addPropertyOverride('RetentionInDays', 90),
    throws: /Storage\/Trail\/LogGroup\/Resource: keeps logs for 90 days, but the DataProtectionPolicy at Storage\/Policy keeps logs 365 days/,
  },
  'S1-11': {
    what: 'the lifecycle rules of a bucket deleted through an escape hatch are VIOLATED',
    baseline: STORAGE,
    weaken: ({ customerData }) => l1(customerData.bucket).addPropertyDeletionOverride('LifecycleConfiguration'),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      constructPath: 'Storage/CustomerData/Resource/Resource',
      propertyPath: 'Properties.LifecycleConfiguration.Rules',
      found: '(absent)',
      note: 'no enabled lifecycle rule expires objects or noncurrent versions: the bucket keeps everything forever',
    })]),
  },
  'S1-14': {
    what: 'a DynamoDB table added with no data class is refused at synthesis',
    baseline: STORAGE,
    weaken: ({ stack }) => new dynamodb.Table(stack, 'Sessions', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } }),
    throws: /AWS::DynamoDB::Table has no 'data-class' tag/,
  },
  'S3-01': {
    what: 'a bucket of an undeclared class whose synthesis finding is acknowledged is VIOLATED in the register',
    baseline: STORAGE,
    weaken: ({ stack }) => {
      const bucket = new s3.Bucket(stack, 'Analytics', { enforceSSL: true });
      Tags.of(bucket).add(TAG, 'analytics');
      Compliance.acknowledge(bucket, { ruleId: 'DataProtection-DataClassTag', reason: 'analytics exports are reviewed by the data team' });
    },
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      constructPath: 'Storage/Analytics/Resource', note: 'class \'analytics\' is not declared by the policy',
    })]),
  },
  'S2-01': {
    what: 'the server access logs of a bucket turned off through an escape hatch are VIOLATED',
    baseline: STORAGE,
    weaken: ({ customerData }) => l1(customerData.bucket).addPropertyDeletionOverride('LoggingConfiguration'),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      constructPath: 'Storage/CustomerData/Resource/Resource',
      propertyPath: 'Properties.LoggingConfiguration.DestinationBucketName',
      expected: 'a bucket receiving server access logs',
      note: 'S3 keeps no server access logs by default',
    })]),
  },
  'S2-02': {
    what: 'a bucket policy replaced by a plain Allow through an escape hatch is VIOLATED',
    baseline: STORAGE,
    weaken: ({ userData }) => l1(userData.bucket.policy!).addPropertyOverride('PolicyDocument.Statement',
      [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 's3:GetObject', Resource: '*' }]),
    then: (_, failing) => expect(failing.map((f) => [f.constructPath, f.expected])).toEqual([
      ['Storage/UserData/Resource/Policy/Resource', expect.stringMatching(/aws:SecureTransport/)],
      ['Storage/UserData/Resource/Policy/Resource', expect.stringMatching(/s3:TlsVersion/)],
    ]),
  },
  'S2-03': {
    what: 'an SQS queue with encryption turned off, next to the secure stores, is VIOLATED',
    baseline: STORAGE,
    weaken: ({ stack }) => new sqs.Queue(stack, 'Jobs', { encryption: sqs.QueueEncryption.UNENCRYPTED, enforceSSL: true }),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({ constructPath: 'Storage/Jobs/Resource', expected: 'encrypted at rest (AES-256)' })]),
  },
  'S4-07': {
    what: 'an unencrypted Kinesis stream added next to the secure stores is VIOLATED',
    baseline: STORAGE,
    weaken: ({ stack }) => new kinesis.Stream(stack, 'Clicks', { encryption: kinesis.StreamEncryption.UNENCRYPTED }),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({ constructPath: 'Storage/Clicks/Resource', expected: 'encrypted at rest (AES-256)' })]),
  },
  'S3-05': {
    what: 'ended relationships expired after one year instead of three, through an escape hatch, is VIOLATED',
    baseline: STORAGE,
    weaken: ({ stack, userData }) => {
      const i = ruleIndex(stack, userData.bucket, (r) => r.prefix === 'ended/');
      l1(userData.bucket).addPropertyOverride(`LifecycleConfiguration.Rules.${i}.ExpirationInDays`, 365);
    },
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      constructPath: 'Storage/UserData/Resource/Resource', expected: '1095 days after the move under ended/', note: 'data under ended/ expires after 365 days, not 1095',
    })]),
  },
  'S3-06': {
    what: 'a ten-year compliance lock on personal data set through an escape hatch is VIOLATED',
    baseline: STORAGE,
    weaken: ({ userData }) => {
      l1(userData.bucket).addPropertyOverride('ObjectLockEnabled', true);
      l1(userData.bucket).addPropertyOverride('ObjectLockConfiguration', { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Years: 10 } } });
    },
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      constructPath: 'Storage/UserData/Resource/Resource',
      propertyPath: 'Properties.ObjectLockConfiguration.Rule.DefaultRetention',
      note: expect.stringMatching(/^locked objects cannot be erased for 36\d\d days/),
    })]),
  },
  'S4-02': {
    what: 'a tenant\'s deletion rule disabled through an escape hatch is VIOLATED',
    baseline: STORAGE,
    weaken: ({ stack, customerData }) => {
      const i = ruleIndex(stack, customerData.bucket, (r) => r.id === 'tenant-acme');
      l1(customerData.bucket).addPropertyOverride(`LifecycleConfiguration.Rules.${i}.Status`, 'Disabled');
    },
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      constructPath: 'Storage/CustomerData/Resource/Resource', note: 'the rule is disabled',
    })]),
  },
  'S2-05': [{
    what: 'a tenant\'s role widened to every tenant\'s prefix through an escape hatch is VIOLATED',
    baseline: TENANTS,
    weaken: ({ stack, fleet }) => {
      const role = l1(fleet.tenant('acme').role);
      const statements: any[] = stack.resolve((role as any).policies)[0].policyDocument.Statement;
      const i = statements.findIndex((st) => JSON.stringify(st.Resource).includes('tenants/acme/*'));
      role.addPropertyOverride(`Policies.0.PolicyDocument.Statement.${i}.Resource`, {
        'Fn::Join': ['', [{
          'Fn::GetAtt': [
            stack.getLogicalId(fleet.buckets[0].bucket.node.defaultChild), 'Arn',
          ],
        }, '/tenants/*']],
      });
    },
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      constructPath: 'Fleet/Shard00/Tenant-acme/Role/Resource',
      expected: 'S3 only on tenants/acme/* (listing only with s3:prefix tenants/acme/)',
      found: expect.stringMatching(/\/tenants\/\*$/),
      note: expect.stringMatching(/tenants\/\* is outside the tenant's prefix tenants\/acme\/$/),
    })]),
  }, {
    what: 'the bucket\'s ABAC deny removed by a user\'s aspect is VIOLATED',
    baseline: TENANTS,
    weaken: ({ stack }) => userAspect(stack, 'AWS::S3::BucketPolicy', (policy) => {
      if (policy.node.path.includes('TenantData')) {
        const statements: any[] = stack.resolve((policy as any).policyDocument).Statement;
        policy.addPropertyOverride('PolicyDocument.Statement', statements.filter((st) => st.NotResource === undefined));
      }
    }),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      constructPath: 'Fleet/Shard00/TenantData/Resource/Policy/Resource',
      expected: expect.stringMatching(/^a bucket-policy Deny of s3:\* to principals tagged tenant-id/),
      found: 'no such Deny statement',
    })]),
  }],
  'S4-13': {
    what: 'a security contact that is neither an e-mail address nor an https URL is refused at synthesis',
    baseline: STORAGE,
    weakenPolicy: { securityContact: 'the security team' },
    weaken: () => {},
    throws: /securityContact must be an e-mail address or an https URL, got 'the security team'/,
  },

  // ----------------------------------------------------------------------------- backups
  'S0-01': {
    what: 'the daily backup rule moved to Sundays through an escape hatch is VIOLATED',
    baseline: BACKUP,
    weaken: ({ plan }) => l1(plan.plan).addPropertyOverride('BackupPlan.BackupPlanRule.0.ScheduleExpression', 'cron(0 5 ? * SUN *)'),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      constructPath: 'Backup/Backups/Resource/Resource', expected: 'cron(0 5 * * ? *)', found: 'Daily cron(0 5 ? * SUN *) kept 14 days',
    })]),
  },
  'S0-02': {
    what: 'a 7-day RDS backup retention set through an escape hatch is VIOLATED',
    baseline: BACKUP,
    weaken: ({ database }) => l1(database.instance).addPropertyOverride('BackupRetentionPeriod', 7),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      propertyPath: 'Properties.BackupRetentionPeriod', expected: '14', found: '7', constructPath: 'Backup/Database/Resource/Resource',
    })]),
  },
  'S1-08': {
    what: 'the copy to the second off-site region removed through an escape hatch is VIOLATED',
    baseline: BACKUP,
    weaken: ({ stack, plan }) => {
      const rules = stack.resolve((l1(plan.plan) as any).backupPlan).backupPlanRule;
      l1(plan.plan).addPropertyOverride('BackupPlan.BackupPlanRule.0.CopyActions', [
        { DestinationBackupVaultArn: rules[0].copyActions[0].destinationBackupVaultArn, Lifecycle: { DeleteAfterDays: 14 } },
      ]);
    },
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      propertyPath: 'Properties.BackupPlan.BackupPlanRule.0.CopyActions',
      expected: 'rule Daily copies to a vault in us-west-2',
      found: expect.stringContaining(':backup:us-east-2:'),
    })]),
  },
  'S1-09': {
    what: 'a backup rule deleting after 7 days under the 30-day claim, through an escape hatch, is VIOLATED',
    baseline: BACKUP,
    policy: BACKUP_30_DAYS,
    weaken: ({ plan }) => l1(plan.plan).addPropertyOverride('BackupPlan.BackupPlanRule.0.Lifecycle.DeleteAfterDays', 7),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({ expected: '30', found: '7' })]),
  },
  'S4-06': {
    what: 'the monthly tier kept 90 days instead of 12 months, through an escape hatch, is VIOLATED',
    baseline: BACKUP,
    policy: BACKUP_GFS,
    weaken: ({ stack, plan }) => {
      const rules: any[] = stack.resolve((l1(plan.plan) as any).backupPlan).backupPlanRule;
      const i = rules.findIndex((r) => r.ruleName === 'Monthly');
      l1(plan.plan).addPropertyOverride(`BackupPlan.BackupPlanRule.${i}.Lifecycle.DeleteAfterDays`, 90);
    },
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({ expected: '365', found: '90' })]),
  },
  'S1-10': {
    what: 'restore tests moved to the first of the month through an escape hatch are VIOLATED',
    baseline: BACKUP,
    weaken: ({ plan }) => plan.restoreTestingPlan.addPropertyOverride('ScheduleExpression', 'cron(0 9 1 * ? *)'),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      propertyPath: 'Properties.ScheduleExpression', found: 'cron(0 9 1 * ? *)',
    })]),
  },
  'S2-13': {
    what: 'restore tests narrowed by a user\'s aspect to a tag no store carries are VIOLATED',
    baseline: BACKUP,
    weaken: ({ stack }) => userAspect(stack, 'AWS::Backup::RestoreTestingSelection', (selection) =>
      selection.addPropertyOverride('ProtectedResourceConditions', { StringEquals: [{ Key: 'aws:ResourceTag/restore-test', Value: 'yes' }] })),
    then: (_, failing) => expect(failing.map((f) => [f.expected, f.found])).toEqual([
      ['a restore testing selection for RDS', '(absent)'],
      ['a restore testing selection for S3', '(absent)'],
    ]),
  },
  'S2-06': {
    what: 'a lifecycle transition to S3 One Zone-IA added through an escape hatch is VIOLATED',
    baseline: BACKUP,
    weaken: ({ bucket }) => l1(bucket.bucket).addPropertyOverride('LifecycleConfiguration.Rules.0.Transitions',
      [{ StorageClass: 'ONEZONE_IA', TransitionInDays: 30 }]),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      constructPath: 'Backup/Files/Resource/Resource', expected: 'no transition to ONEZONE_IA', found: 'ONEZONE_IA',
    })]),
  },
  'S2-10': {
    what: 'a single-AZ database set through an escape hatch is VIOLATED',
    baseline: BACKUP,
    weaken: ({ database }) => l1(database.instance).addPropertyOverride('MultiAZ', false),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      constructPath: 'Backup/Database/Resource/Resource', propertyPath: 'Properties.MultiAZ', expected: 'true', found: 'false',
    })]),
  },
  'S2-11': {
    what: 'every off-site copy removed through an escape hatch is VIOLATED',
    baseline: BACKUP,
    weaken: ({ plan }) => l1(plan.plan).addPropertyDeletionOverride('BackupPlan.BackupPlanRule.0.CopyActions'),
    then: (_, failing) => expect(failing.map((f) => [f.constructPath, f.expected, f.found])).toEqual([
      ['Backup/Database/Resource/Resource', 'customer-user-data store replicated or backed up to another region', '(absent)'],
      ['Backup/Files/Resource/Resource', 'customer-data store replicated or backed up to another region', '(absent)'],
      ['Backup/Backups/Resource/Resource', 'rule Daily copies to a vault in us-east-2', '(absent)'],
      ['Backup/Backups/Resource/Resource', 'rule Daily copies to a vault in us-west-2', '(absent)'],
    ]),
  },
  'S2-12': {
    what: 'the failed-jobs alert rule disabled and the vault notifications deleted through escape hatches are VIOLATED',
    baseline: BACKUP,
    weaken: ({ plan }) => {
      l1(plan.failedJobsRule).addPropertyOverride('State', 'DISABLED');
      l1(plan.vault.vault).addPropertyDeletionOverride('Notifications');
    },
    then: (_, failing) => expect(failing.map((f) => [f.constructPath, f.expected, f.found])).toEqual(['backup', 'copy', 'restore'].map((kind) =>
      ['Backup/Backups/Vault/Resource/Resource', expect.stringMatching(new RegExp(`^failed ${kind} jobs of vault .* reported to SNS$`)), '(absent)'])),
  },

  // ----------------------------------------------------------------------------- mappings
  'S1-13': {
    what: 'the only mapped measure (S0-06) broken leaves nothing to map to SOC 2: VIOLATED',
    baseline: MAPPING,
    policy: { claims: ['S0-06', 'S1-13'] },
    weaken: (parts) => algorithmFromParameter(parts, parts.bucket.bucket),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({ found: 'only S1-13' })]),
  },
  'S4-12': {
    what: 'the only mapped measure (S0-09) broken by an MFA condition deleted, its synthesis finding acknowledged: VIOLATED',
    baseline: MAPPING,
    policy: { claims: ['S0-09', 'S4-12'] },
    weaken: ({ access }) => {
      l1(access.administrator).addPropertyDeletionOverride('AssumeRolePolicyDocument.Statement.0.Condition');
      Compliance.acknowledge(access.administrator, { ruleId: 'DataProtection-RoleWithoutMfa', reason: 'the deploy pipeline assumes this role' });
    },
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({ found: 'only S4-12' })]),
  },
  'S3-03': {
    what: 'Inspector scanning nothing (S4-10, the only measure of CNIL sheet 16) leaves sheet 16 unserved: VIOLATED',
    baseline: MAPPING,
    weaken: ({ detection }) => inspectorScansNothing(detection),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({ expected: 'a proven measure for CNIL sheet 16', found: '(none)' })]),
  },

  // ----------------------------------------------------------------------------- compliance packs
  'S2-15': {
    what: 'the HIPAA Security pack turned off is VIOLATED',
    baseline: packsBaseline({ hipaaSecurity: false }),
    original: packsBaseline(),
    weaken: () => {},
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({ expected: 'HIPAA.Security ran' })]),
  },
};

/** Empties the resource types of ThreatDetection's Inspector `Enable` call through an escape hatch (to save the cost of scans). */
export function inspectorScansNothing(detection: ThreatDetection): void {
  const resource = l1(detection.inspectorEnablement!.node.findChild('Resource'));
  resource.addPropertyOverride('Create', JSON.stringify({
    service: 'Inspector2', action: 'enable', parameters: { resourceTypes: [] }, physicalResourceId: { id: 'inspector' },
  }));
}
