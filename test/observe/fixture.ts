import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * A small cloud assembly for the observer's tests: one stack in us-east-1 of account
 * 123456789012 with a bucket, a log group, a database, an alert topic and its rule, a trail, a
 * GuardDuty detector, a daily backup plan with an off-site copy and a restore-testing plan; its
 * policy records the promises each of those serves.
 */
export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const STACK = 'ObservedService';
export const STACK_ID = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${STACK}/0a1b2c3d`;
export const OFFSITE_REGION = 'us-west-2';

/** The physical ids CloudFormation gave the resources. */
export const PHYSICAL: Record<string, string> = {
  DataBucket: 'observed-service-data-bucket',
  TrailBucket: 'observed-service-trail-bucket',
  AppLogs: '/observed/app',
  Database: 'observed-db',
  AlertTopic: `arn:aws:sns:${REGION}:${ACCOUNT}:observed-alerts`,
  FindingsRule: 'observed-findings',
  Trail: 'observed-trail',
  Detector: 'd0123456789abcdef',
  BackupPlan: 'plan-0001',
  BackupSelection: 'selection-0001',
  RestorePlan: 'observed_restore_tests',
};

/** The promises the policy records, and the aspect each exercises. */
export const PROMISES = ['S0-01', 'S0-02', 'S0-03', 'S0-04', 'S0-06', 'S0-11', 'S1-07', 'S1-08', 'S1-10', 'S2-06'];

export function template(overrides: Record<string, any> = {}): Record<string, any> {
  return {
    Metadata: {
      'cdk-data-protection': {
        version: 1,
        policy: 'Observed',
        securityContact: 'security@example.com',
        region: REGION,
        allowedAccounts: [ACCOUNT],
        dataClasses: [],
        claims: PROMISES.map((id) => ({ id, text: `promise ${id}`, expected: [] })),
      },
    },
    Resources: {
      DataBucket: {
        Type: 'AWS::S3::Bucket',
        Properties: {
          BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
          VersioningConfiguration: { Status: 'Enabled' },
          Tags: [{ Key: 'data-class', Value: 'customer' }],
        },
      },
      TrailBucket: {
        Type: 'AWS::S3::Bucket',
        Properties: { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } },
      },
      AppLogs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: PHYSICAL.AppLogs, RetentionInDays: 365 } },
      Database: {
        Type: 'AWS::RDS::DBInstance',
        Properties: {
          DBInstanceIdentifier: PHYSICAL.Database,
          Engine: 'postgres',
          DBInstanceClass: 'db.t3.micro',
          AllocatedStorage: '20',
          StorageEncrypted: true,
          BackupRetentionPeriod: 14,
          MultiAZ: true,
          MasterUsername: 'admin_user',
          MasterUserPassword: 'not-a-secret-1',
        },
      },
      AlertTopic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'observed-alerts' } },
      AlertSubscription: { Type: 'AWS::SNS::Subscription', Properties: { TopicArn: { Ref: 'AlertTopic' }, Protocol: 'email', Endpoint: 'ops@example.com' } },
      FindingsRule: {
        Type: 'AWS::Events::Rule',
        Properties: {
          Name: PHYSICAL.FindingsRule,
          State: 'ENABLED',
          EventPattern: { source: ['aws.guardduty'] },
          Targets: [{ Arn: { Ref: 'AlertTopic' }, Id: 'alerts' }],
        },
      },
      Trail: {
        Type: 'AWS::CloudTrail::Trail',
        Properties: { TrailName: PHYSICAL.Trail, IsLogging: true, EnableLogFileValidation: true, IsMultiRegionTrail: true, S3BucketName: { Ref: 'TrailBucket' } },
      },
      Detector: { Type: 'AWS::GuardDuty::Detector', Properties: { Enable: true, Features: [{ Name: 'S3_DATA_EVENTS', Status: 'ENABLED' }] } },
      BackupPlan: {
        Type: 'AWS::Backup::BackupPlan',
        Properties: {
          BackupPlan: {
            BackupPlanName: 'observed',
            BackupPlanRule: [{
              RuleName: 'Daily',
              TargetBackupVault: 'observed',
              ScheduleExpression: 'cron(0 5 * * ? *)',
              Lifecycle: { DeleteAfterDays: 14 },
              CopyActions: [{ DestinationBackupVaultArn: `arn:aws:backup:${OFFSITE_REGION}:${ACCOUNT}:backup-vault:offsite`, Lifecycle: { DeleteAfterDays: 14 } }],
            }],
          },
        },
      },
      BackupSelection: {
        Type: 'AWS::Backup::BackupSelection',
        Properties: {
          BackupPlanId: { Ref: 'BackupPlan' },
          BackupSelection: {
            SelectionName: 'stores',
            IamRoleArn: `arn:aws:iam::${ACCOUNT}:role/backup`,
            Resources: [{ 'Fn::GetAtt': ['DataBucket', 'Arn'] }, { 'Fn::Join': ['', ['arn:aws:rds:', REGION, ':', ACCOUNT, ':db:', { Ref: 'Database' }]] }],
          },
        },
      },
      RestorePlan: {
        Type: 'AWS::Backup::RestoreTestingPlan',
        Properties: {
          RestoreTestingPlanName: PHYSICAL.RestorePlan,
          ScheduleExpression: 'cron(0 6 * * ? *)',
          RecoveryPointSelection: { Algorithm: 'LATEST_WITHIN_WINDOW', IncludeVaults: ['*'], RecoveryPointTypes: ['SNAPSHOT'] },
        },
      },
    },
    ...overrides,
  };
}

/** Writes the assembly (manifest.json and the template) into a new temporary directory. */
export function writeAssembly(body: Record<string, any> = template(), options: { account?: string; region?: string } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-observe-'));
  const env = `aws://${options.account ?? ACCOUNT}/${options.region ?? REGION}`;
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({
    version: '36.0.0',
    artifacts: {
      [STACK]: { type: 'aws:cloudformation:stack', environment: env, properties: { templateFile: `${STACK}.template.json`, stackName: STACK } },
    },
  }));
  fs.writeFileSync(path.join(dir, `${STACK}.template.json`), JSON.stringify(body, null, 1));
  return dir;
}
