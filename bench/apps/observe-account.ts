/**
 * The `observe` benchmark: a simulated account (AWS SDK clients mocked with aws-sdk-client-mock,
 * each answer delayed by BENCH_LATENCY_MS, default 20 ms, as a real endpoint would) holding
 * BENCH_N resources (default 1,000) in four stacks, and 30 days of backup and copy jobs per data
 * store; the observer reads it all with its default concurrency (8) and drift detection on.
 * Prints the number of resources, calls and promises, and the time the observation took.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BackupClient, ListBackupJobsCommand, ListCopyJobsCommand } from '@aws-sdk/client-backup';
import {
  CloudFormationClient, DescribeStackDriftDetectionStatusCommand, DescribeStacksCommand, DetectStackDriftCommand, GetTemplateCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeRuleCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { observeAssembly } from '../../lib/observe/observer';

const N = Number(process.env.BENCH_N ?? 1000);
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 20);
const STACKS = 4;
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const DAYS = 30;
const NOW = new Date('2026-12-08T12:00:00Z');
const DAY = 86_400_000;
const PROMISES = ['S0-01', 'S0-02', 'S0-04', 'S0-06', 'S0-11', 'S1-08', 'S2-06'];

/** Per stack: a share of buckets, log groups, databases, topics and rules, plus a daily plan selecting by tag. */
function stackTemplate(s: number, count: number): Record<string, any> {
  const resources: Record<string, any> = {
    Plan: {
      Type: 'AWS::Backup::BackupPlan',
      Properties: {
        BackupPlan: {
          BackupPlanName: `plan${s}`,
          BackupPlanRule: [{
            RuleName: 'Daily',
            TargetBackupVault: 'v',
            ScheduleExpression: 'cron(0 5 * * ? *)',
            Lifecycle: { DeleteAfterDays: 14 },
            CopyActions: [{ DestinationBackupVaultArn: `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:offsite`, Lifecycle: { DeleteAfterDays: 14 } }],
          }],
        },
      },
    },
    Selection: {
      Type: 'AWS::Backup::BackupSelection',
      Properties: {
        BackupPlanId: { Ref: 'Plan' },
        BackupSelection: {
          SelectionName: 'customer',
          IamRoleArn: `arn:aws:iam::${ACCOUNT}:role/b`,
          ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'data-class', ConditionValue: 'customer' }],
        },
      },
    },
  };
  const tags = [{ Key: 'data-class', Value: 'customer' }];
  for (let i = 0; i < count - 2; i++) {
    switch (i % 5) {
      case 0:
      case 1:
        resources[`Bucket${i}`] = {
          Type: 'AWS::S3::Bucket',
          Properties: {
            BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
            VersioningConfiguration: { Status: 'Enabled' },
            Tags: tags,
          },
        };
        break;
      case 2:
        resources[`Logs${i}`] = { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 365 } };
        break;
      case 3:
        resources[`Db${i}`] = { Type: 'AWS::RDS::DBInstance', Properties: { StorageEncrypted: true, BackupRetentionPeriod: 14, MultiAZ: true, Tags: tags } };
        break;
      default:
        resources[`Topic${i}`] = { Type: 'AWS::SNS::Topic', Properties: {} };
        resources[`Rule${i}`] = { Type: 'AWS::Events::Rule', Properties: { State: 'ENABLED', Targets: [{ Arn: { Ref: `Topic${i}` }, Id: 't' }] } };
        i++;
    }
  }
  return {
    Metadata: {
      'cdk-data-protection': {
        version: 1,
        policy: 'Bench',
        securityContact: 'security@example.com',
        region: REGION,
        allowedAccounts: [ACCOUNT],
        dataClasses: [],
        claims: PROMISES.map((id) => ({ id, text: id, expected: [] })),
      },
    },
    Resources: resources,
  };
}

const physicalOf = (stack: string, logical: string, type: string) => type === 'AWS::SNS::Topic'
  ? `arn:aws:sns:${REGION}:${ACCOUNT}:${stack}-${logical}` : `${stack.toLowerCase()}-${logical.toLowerCase()}`;

function writeAssembly(): { dir: string; templates: Map<string, Record<string, any>> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-bench-observe-'));
  const templates = new Map<string, Record<string, any>>();
  const artifacts: Record<string, any> = {};
  for (let s = 0; s < STACKS; s++) {
    const name = `Service${s}`;
    const template = stackTemplate(s, Math.floor(N / STACKS));
    templates.set(name, template);
    fs.writeFileSync(path.join(dir, `${name}.template.json`), JSON.stringify(template));
    artifacts[name] = { type: 'aws:cloudformation:stack', environment: `aws://${ACCOUNT}/${REGION}`, properties: { templateFile: `${name}.template.json` } };
  }
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '36.0.0', artifacts }));
  return { dir, templates };
}

/** An answer after the simulated latency. */
function later<T>(value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), LATENCY));
}

function simulateAccount(templates: Map<string, Record<string, any>>): void {
  const today = Math.floor(NOW.getTime() / DAY) * DAY;
  const dates = Array.from({ length: DAYS }, (_, i) => new Date(today - (i + 1) * DAY + 5 * 3_600_000));
  const cfn = mockClient(CloudFormationClient);
  cfn.on(DescribeStacksCommand).callsFake((i) => later({
    Stacks: [{ StackName: i.StackName, StackId: `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${i.StackName}/x`, StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date('2025-01-01') }],
  }));
  cfn.on(GetTemplateCommand).callsFake((i) => later({ TemplateBody: JSON.stringify(templates.get(i.StackName)) }));
  // ListStackResources answers 100 resources a page, as CloudFormation does.
  cfn.on(ListStackResourcesCommand).callsFake((i) => {
    const all = Object.entries(templates.get(i.StackName)!.Resources).map(([logical, r]: [string, any]) => ({
      LogicalResourceId: logical, PhysicalResourceId: physicalOf(i.StackName, logical, r.Type), ResourceType: r.Type, ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: NOW,
    }));
    const start = Number(i.NextToken ?? 0);
    return later({ StackResourceSummaries: all.slice(start, start + 100), NextToken: start + 100 < all.length ? String(start + 100) : undefined });
  });
  cfn.on(DetectStackDriftCommand).callsFake(() => later({ StackDriftDetectionId: 'd' }));
  cfn.on(DescribeStackDriftDetectionStatusCommand).callsFake(() => later({
    StackId: 'x', StackDriftDetectionId: 'd', DetectionStatus: 'DETECTION_COMPLETE', StackDriftStatus: 'IN_SYNC', Timestamp: NOW,
  }));
  mockClient(S3Client).on(GetBucketEncryptionCommand).callsFake(() => later({
    ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
  }));
  mockClient(CloudWatchLogsClient).on(DescribeLogGroupsCommand)
    .callsFake((i) => later({ logGroups: [{ logGroupName: i.logGroupNamePrefix, retentionInDays: 365 }] }));
  mockClient(RDSClient).on(DescribeDBInstancesCommand).callsFake((i) => later({
    DBInstances: [{ DBInstanceIdentifier: i.DBInstanceIdentifier, StorageEncrypted: true, BackupRetentionPeriod: 14, MultiAZ: true }],
  }));
  mockClient(SNSClient).on(ListSubscriptionsByTopicCommand).callsFake((i) => later({ Subscriptions: [{ SubscriptionArn: `${i.TopicArn}:s`, Protocol: 'email' }] }));
  // The organization trail, made outside these stacks.
  const trail = mockClient(CloudTrailClient);
  trail.on(DescribeTrailsCommand).callsFake(() => later({ trailList: [{ Name: 'org', TrailARN: `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/org`, HomeRegion: REGION }] }));
  trail.on(GetTrailStatusCommand).callsFake(() => later({ IsLogging: true }));
  mockClient(EventBridgeClient).on(DescribeRuleCommand).callsFake((i) => later({ Name: i.Name, State: 'ENABLED' }));
  // 30 days of jobs, in pages of 20 (a page of ListBackupJobs holds up to 1,000; smaller pages cost more calls).
  const paged = <T>(items: T[], token: string | undefined) => {
    const start = Number(token ?? 0);
    return { items: items.slice(start, start + 20), next: start + 20 < items.length ? String(start + 20) : undefined };
  };
  const backup = mockClient(BackupClient);
  backup.on(ListBackupJobsCommand).callsFake((i) => {
    const p = paged(dates.map((d) => ({ ResourceArn: i.ByResourceArn, State: 'COMPLETED', CreationDate: d })), i.NextToken);
    return later({ BackupJobs: p.items, NextToken: p.next });
  });
  backup.on(ListCopyJobsCommand).callsFake((i) => {
    const p = paged(dates.map((d) => ({ ResourceArn: i.ByResourceArn, State: 'COMPLETED', CreationDate: d, DestinationBackupVaultArn: `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:offsite` })), i.NextToken);
    return later({ CopyJobs: p.items, NextToken: p.next });
  });
}

async function main(): Promise<void> {
  const { dir, templates } = writeAssembly();
  simulateAccount(templates);
  const started = Date.now();
  const run = await observeAssembly(dir, {
    now: NOW, sinceDays: DAYS, timeoutMs: 600_000, concurrency: 8, drift: true, maxAttempts: 5, driftPollMs: LATENCY,
  }, { account: ACCOUNT, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/EvidenceReader/bench` });
  const seconds = (Date.now() - started) / 1000;
  const resources = [...templates.values()].reduce((n, t) => n + Object.keys(t.Resources).length, 0);
  const verdicts = run.observation.promises.map((p) => `${p.id} ${p.verdict}`).join(', ');
  // On stderr: the benchmark prints the last line of it.
  process.stderr.write(`observe: ${resources} resources in ${STACKS} stacks, ${DAYS} days of jobs, ${run.calls} calls of ${LATENCY} ms, `
    + `observed in ${seconds.toFixed(2)} s; ${verdicts}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
  if (run.observation.promises.some((p) => p.verdict !== 'OBSERVED')) {
    process.exitCode = 1;
  }
}

void main();
