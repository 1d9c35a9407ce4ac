import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AuditTrail, DataClass, SecureBucket } from '../../lib';
import { checkedApp, errorOf, expectNoUnacknowledgedFindings, stackWithPolicy } from '../helpers/compliance';

describe('AuditTrail', () => {
  test('S0-03 a multi-region trail with global service events, log-file validation and all management events', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new AuditTrail(stack, 'Audit');

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::CloudTrail::Trail', {
      IsLogging: true,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }],
      KMSKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditKey'), 'Arn'] },
    });
  });

  test('S2-01 S3 data events of every SecureBucket of the stack, read and write, but not of the trail\'s own bucket', () => {
    // GIVEN
    const stack = stackWithPolicy();
    new SecureBucket(stack, 'Customers', { dataClass: DataClass.CUSTOMER_DATA });
    new SecureBucket(stack, 'Users', { dataClass: DataClass.CUSTOMER_USER_DATA });

    // WHEN
    new AuditTrail(stack, 'Audit');

    // THEN
    const trail = Object.values(Template.fromStack(stack).findResources('AWS::CloudTrail::Trail'))[0] as any;
    const [selector] = trail.Properties.EventSelectors;
    expect(selector).toMatchObject({ ReadWriteType: 'All', IncludeManagementEvents: true });
    expect(selector.DataResources).toHaveLength(1);
    expect(selector.DataResources[0].Type).toBe('AWS::S3::Object');
    const logged = selector.DataResources[0].Values.map((v: any) => v['Fn::Join'][1][0]['Fn::GetAtt'][0]);
    expect(logged).toEqual([expect.stringMatching(/^Customers/), expect.stringMatching(/^Users/)]);
  });

  test('S2-01 logs the data events of the buckets it is given', () => {
    // GIVEN
    const stack = stackWithPolicy();
    new SecureBucket(stack, 'NotLogged', { dataClass: DataClass.INTERNAL });
    const other = s3.Bucket.fromBucketName(stack, 'Other', 'other-bucket');

    // WHEN
    new AuditTrail(stack, 'Audit', { dataEventBuckets: [other] });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::CloudTrail::Trail', {
      EventSelectors: [Match.objectLike({ DataResources: [{ Type: 'AWS::S3::Object', Values: [{ 'Fn::Join': ['', ['arn:', Match.anyValue(), ':s3:::other-bucket/']] }] }] })],
    });
  });

  test('S0-04 S1-06 delivers to a KMS-encrypted log group kept for the policy\'s log retention, through a role with a managed policy', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new AuditTrail(stack, 'Audit');

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/cdk-data-protection/TestStack/Audit/cloudtrail',
      RetentionInDays: 365,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      CloudWatchLogsLogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditLogGroup'), 'Arn'] },
      CloudWatchLogsRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditLogsRole'), 'Arn'] },
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] })] },
    });
  });

  test('S1-06 the log bucket keeps log files for the policy\'s log retention, encrypted with the trail\'s key', () => {
    // GIVEN
    const stack = stackWithPolicy(undefined, { logRetention: logs.RetentionDays.TWO_YEARS });

    // WHEN
    new AuditTrail(stack, 'Audit');

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [Match.objectLike({
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditKey'), 'Arn'] } },
        })],
      },
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 731, Status: 'Enabled' })]) },
      Tags: Match.arrayWith([{ Key: 'data-class', Value: 'internal' }]),
    });
  });

  test('S1-06 Object Lock on the log files when asked', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new AuditTrail(stack, 'Audit', { objectLock: s3.ObjectLockRetention.compliance(Duration.days(365)) });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } } },
    });
  });

  test('the key lets CloudTrail encrypt the files of this trail only, and CloudWatch Logs use it for the trail\'s log group', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new AuditTrail(stack, 'Audit', { trailName: 'org-audit' });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowCloudTrailToEncryptLogsOforgaudit',
            Action: 'kms:GenerateDataKey*',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceArn': { 'Fn::Join': ['', Match.arrayWith([':trail/org-audit'])] } },
              StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': Match.anyValue() },
            },
          }),
          Match.objectLike({ Principal: { Service: 'logs.us-east-1.amazonaws.com' } }),
        ]),
      },
    });
  });

  test('two trails sharing one key get statements of their own, with distinct Sids', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const key = new kms.Key(stack, 'Shared');

    // WHEN
    new AuditTrail(stack, 'One', { encryptionKey: key, trailName: 'one' });
    new AuditTrail(stack, 'Two', { encryptionKey: key, trailName: 'two' });

    // THEN
    const statements = (Template.fromStack(stack).findResources('AWS::KMS::Key', { Properties: { Description: Match.absent() } }) as any);
    const sids = (Object.values(statements)[0] as any).Properties.KeyPolicy.Statement.map((st: any) => st.Sid).filter(Boolean);
    expect(new Set(sids).size).toBe(sids.length);
    expect(sids).toEqual(expect.arrayContaining(['AllowCloudTrailToEncryptLogsOfone', 'AllowCloudTrailToEncryptLogsOftwo']));
  });

  test('Insights when asked', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new AuditTrail(stack, 'Audit', { insightTypes: [cloudtrail.InsightType.API_CALL_RATE] });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::CloudTrail::Trail', { InsightSelectors: [{ InsightType: 'ApiCallRateInsight' }] });
  });

  test.each([
    ['ab'],
    ['-starts-with-dash'],
    ['two..dots'],
    ['has space'],
    ['x'.repeat(129)],
  ])('refuses the trail name %j with the rule', (trailName) => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    const error = errorOf(() => new AuditTrail(stack, 'Audit', { trailName }));

    // THEN
    expect(error.message).toContain('trailName must be 3-128 letters, digits, \'.\', \'_\' or \'-\'');
    expect(error.message).toContain(`got '${trailName}'`);
  });

  test('refuses a data class the policy does not declare', () => {
    // GIVEN
    const stack = stackWithPolicy(undefined, { dataClasses: [DataClass.CUSTOMER_DATA] });

    // WHEN / THEN
    expect(() => new AuditTrail(stack, 'Audit')).toThrow(/data class 'internal' is not declared/);
  });

  test('S0-03 S0-04 S1-06 S2-01 passes all four cdk-nag packs and the Control Tower rules, with data buckets and application logs', () => {
    // GIVEN
    const app = checkedApp();
    const stack = stackWithPolicy(app);
    new SecureBucket(stack, 'Customers', { dataClass: DataClass.CUSTOMER_DATA });

    // WHEN
    new AuditTrail(stack, 'Audit', { objectLock: s3.ObjectLockRetention.governance(Duration.days(30)) });

    // THEN
    expectNoUnacknowledgedFindings(app);
  });
});
