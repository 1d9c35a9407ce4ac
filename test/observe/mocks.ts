import { BackupClient, ListBackupJobsCommand, ListCopyJobsCommand, ListRestoreJobsCommand } from '@aws-sdk/client-backup';
import {
  CloudFormationClient, DescribeStackDriftDetectionStatusCommand, DescribeStacksCommand, DetectStackDriftCommand, GetTemplateCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { CloudTrailClient, GetTrailCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeRuleCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetDetectorCommand, GuardDutyClient } from '@aws-sdk/client-guardduty';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT, OFFSITE_REGION, PHYSICAL, REGION, STACK_ID, template } from './fixture';

/** One mock per client class: aws-sdk-client-mock replaces `send` of every instance. */
export const mocks = {
  cfn: mockClient(CloudFormationClient),
  backup: mockClient(BackupClient),
  sns: mockClient(SNSClient),
  events: mockClient(EventBridgeClient),
  guardduty: mockClient(GuardDutyClient),
  trail: mockClient(CloudTrailClient),
  logs: mockClient(CloudWatchLogsClient),
  s3: mockClient(S3Client),
  rds: mockClient(RDSClient),
  sts: mockClient(STSClient),
};

export function resetMocks(): void {
  Object.values(mocks).forEach((m) => m.reset());
}

export function awsError(name: string, message = name): Error {
  const err = new Error(message);
  err.name = name;
  return err;
}

const DAY = 86_400_000;
export const NOW = new Date('2026-12-08T12:00:00Z');

/** One job per day at 05:00 UTC on each of the `days` days before NOW's day. */
export function dailyDates(days: number): Date[] {
  const today = Math.floor(NOW.getTime() / DAY) * DAY;
  return Array.from({ length: days }, (_, i) => new Date(today - (i + 1) * DAY + 5 * 3_600_000));
}

/** A healthy deployed account: every read succeeds and every fact holds. */
export function givenHealthyAccount(options: { days?: number } = {}): void {
  const days = options.days ?? 30;
  mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/EvidenceReader/observe` });
  mocks.cfn.on(DescribeStacksCommand).resolves({
    Stacks: [{ StackName: 'ObservedService', StackId: STACK_ID, StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date('2025-01-01T00:00:00Z') }],
  });
  mocks.cfn.on(GetTemplateCommand).resolves({ TemplateBody: JSON.stringify(template()) });
  mocks.cfn.on(ListStackResourcesCommand).resolves({
    StackResourceSummaries: Object.entries(PHYSICAL).map(([logical, physical]) => ({
      LogicalResourceId: logical, PhysicalResourceId: physical, ResourceType: 'x', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: NOW,
    })),
  });
  mocks.cfn.on(DetectStackDriftCommand).resolves({ StackDriftDetectionId: 'drift-1' });
  mocks.cfn.on(DescribeStackDriftDetectionStatusCommand).resolves({
    StackId: STACK_ID, StackDriftDetectionId: 'drift-1', DetectionStatus: 'DETECTION_COMPLETE', StackDriftStatus: 'IN_SYNC', Timestamp: NOW,
  });
  mocks.s3.on(GetBucketEncryptionCommand).resolves({
    ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
  });
  mocks.logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: PHYSICAL.AppLogs, retentionInDays: 365 }] });
  mocks.rds.on(DescribeDBInstancesCommand).resolves({
    DBInstances: [{ DBInstanceIdentifier: PHYSICAL.Database, StorageEncrypted: true, BackupRetentionPeriod: 14, MultiAZ: true }],
  });
  mocks.sns.on(ListSubscriptionsByTopicCommand).resolves({
    Subscriptions: [{ SubscriptionArn: `${PHYSICAL.AlertTopic}:0f1e`, Protocol: 'email', TopicArn: PHYSICAL.AlertTopic }],
  });
  mocks.events.on(DescribeRuleCommand).resolves({ Name: PHYSICAL.FindingsRule, State: 'ENABLED' });
  mocks.trail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
  mocks.trail.on(GetTrailCommand).resolves({ Trail: { Name: PHYSICAL.Trail, LogFileValidationEnabled: true } });
  mocks.guardduty.on(GetDetectorCommand).resolves({
    Status: 'ENABLED', ServiceRole: 'x', Features: [{ Name: 'S3_DATA_EVENTS', Status: 'ENABLED' }],
  } as any);
  const dates = dailyDates(days);
  mocks.backup.on(ListBackupJobsCommand).callsFake((input) => ({
    BackupJobs: dates.map((d) => ({ ResourceArn: input.ByResourceArn, State: 'COMPLETED', CreationDate: d })),
  }));
  mocks.backup.on(ListCopyJobsCommand).callsFake((input) => ({
    CopyJobs: dates.map((d) => ({
      ResourceArn: input.ByResourceArn, State: 'COMPLETED', CreationDate: d, DestinationBackupVaultArn: `arn:aws:backup:${OFFSITE_REGION}:${ACCOUNT}:backup-vault:offsite`,
    })),
  }));
  mocks.backup.on(ListRestoreJobsCommand).resolves({
    RestoreJobs: dates.map((d) => ({
      Status: 'COMPLETED',
      CreationDate: d,
      CreatedBy: { RestoreTestingPlanArn: `arn:aws:backup:${REGION}:${ACCOUNT}:restore-testing-plan:${PHYSICAL.RestorePlan}-1a2b3c` },
    })),
  });
}
