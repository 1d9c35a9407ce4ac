import { Duration } from 'aws-cdk-lib';
import { stackView } from '../../lib/evidence/assembly';
import { ClaimResult } from '../../lib/evidence/model';
import { verifyClaim } from '../../lib/evidence/verify';
import { DataClass } from '../../lib/policy/data-class';
import { promiseRecord } from '../../lib/policy/policy-promises';
import {
  AlertDeliveryPromise, AlertReceiverKind, ArchiveStorageClass, BackupRetentionPromise, BackupTier, CurrentObjectsKeptPromise, DataPromise,
  FlowLogsPromise, FlowLogTraffic, LogArchivePromise, LogRetentionPromise, LogScope, ValueBound, VersionHistoryPromise, WafLoggedRequests,
  WafLoggingPromise,
} from '../../lib/promises';
import { assemblyOf } from '../evidence/helpers';

/** The verdict on a promise over one hand-written template, as the report gives it. */
function verdictOn(promise: DataPromise, resources: Record<string, any>): ClaimResult {
  const view = stackView({ id: 'Service', template: { Resources: resources } });
  return verifyClaim(assemblyOf([view]), promiseRecord(promise), [view]);
}

const tags = (entries: Record<string, string>) => Object.entries(entries).map(([Key, Value]) => ({ Key, Value }));
const logGroup = (scope: string, days?: number) => ({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: days, Tags: tags({ 'log-scope': scope }) } });

describe('log-retention', () => {
  const promise = new LogRetentionPromise({ scope: LogScope.APPLICATION, retention: Duration.days(90) });

  test('renders "exactly" by default and says at least when the bound says so', () => {
    expect(promise.sentence).toBe('Application logs are kept 90 days.');
    expect(promise.id).toBe('log-retention.application');
    expect(new LogRetentionPromise({ scope: LogScope.AUDIT_TRAIL, retention: Duration.days(365), bound: ValueBound.AT_LEAST }).sentence)
      .toBe('Audit trail logs (every console and API action) are kept at least 365 days.');
  });

  test('is PROVEN when every log group of the scope keeps 90 days, whatever other scopes keep', () => {
    const result = verdictOn(promise, { App: logGroup('application', 90), Trail: logGroup('audit-trail', 365) });
    expect(result).toMatchObject({ id: 'log-retention.application', kind: 'log-retention', verdict: 'PROVEN' });
    expect(result.facts).toHaveLength(1);
  });

  test('is VIOLATED when a group of the scope keeps 365 days: "kept 90 days" is 90, not at least 90', () => {
    const result = verdictOn(promise, { App: logGroup('application', 90), Other: logGroup('application', 365) });
    expect(result.verdict).toBe('VIOLATED');
    expect(result.gaps).toEqual([expect.stringMatching(/Other Properties.RetentionInDays: expected 90, found 365/)]);
  });

  test('is VIOLATED when no log group carries the scope', () => {
    expect(verdictOn(promise, { Trail: logGroup('audit-trail', 90) }).verdict).toBe('VIOLATED');
  });

  test('AT_LEAST accepts longer retention and groups kept forever', () => {
    const atLeast = new LogRetentionPromise({ scope: LogScope.WAF, retention: Duration.days(90), bound: ValueBound.AT_LEAST });
    expect(verdictOn(atLeast, { A: logGroup('waf', 365), B: logGroup('waf') }).verdict).toBe('PROVEN');
    expect(verdictOn(atLeast, { A: logGroup('waf', 30) }).verdict).toBe('VIOLATED');
  });

  test('refuses a retention CloudWatch Logs does not accept', () => {
    expect(() => new LogRetentionPromise({ scope: LogScope.DATABASE, retention: Duration.days(100) })).toThrow(/must be a value CloudWatch Logs accepts/);
  });
});

describe('log-archive', () => {
  const glacier = ArchiveStorageClass.GLACIER;
  const promise = new LogArchivePromise({ storageClass: glacier, transitionAfter: Duration.days(90), retention: Duration.days(730) });
  const trail = { Type: 'AWS::CloudTrail::Trail', Properties: { S3BucketName: { Ref: 'Bucket' } } };
  const bucket = (expiration: number, storageClass = 'GLACIER') => ({
    Type: 'AWS::S3::Bucket',
    Properties: {
      LifecycleConfiguration: {
        Rules: [
          { Id: 'expire-objects', Status: 'Enabled', ExpirationInDays: expiration },
          { Id: 'archive', Status: 'Enabled', Transitions: [{ StorageClass: storageClass, TransitionInDays: 90 }] },
        ],
      },
    },
  });

  test('is PROVEN when the trail\'s bucket moves files to Glacier after 90 days and expires them after 730', () => {
    expect(promise.sentence).toBe('Audit trail log files move to S3 Glacier Flexible Retrieval after 90 days and are kept 730 days in all.');
    expect(verdictOn(promise, { Trail: trail, Bucket: bucket(730) }).verdict).toBe('PROVEN');
  });

  test('is VIOLATED with another storage class or another total retention', () => {
    expect(verdictOn(promise, { Trail: trail, Bucket: bucket(730, 'STANDARD_IA') }).verdict).toBe('VIOLATED');
    expect(verdictOn(promise, { Trail: trail, Bucket: bucket(365) }).verdict).toBe('VIOLATED');
  });

  test('refuses a transition after the total retention', () => {
    expect(() => new LogArchivePromise({ storageClass: glacier, transitionAfter: Duration.days(800), retention: Duration.days(730) }))
      .toThrow(/transitionAfterDays \(800\) must be less than the total retention/);
  });
});

describe('flow-logs', () => {
  const vpc = { Type: 'AWS::EC2::VPC', Properties: {} };
  const flowLog = (traffic: string) => ({ Type: 'AWS::EC2::FlowLog', Properties: { ResourceId: { Ref: 'Vpc' }, ResourceType: 'VPC', TrafficType: traffic } });

  test('is PROVEN when every VPC has a flow log of all traffic', () => {
    expect(verdictOn(new FlowLogsPromise(), { Vpc: vpc, Log: flowLog('ALL') }).verdict).toBe('PROVEN');
  });

  test('is VIOLATED for a VPC without flow logs, or with rejected traffic only when all is promised', () => {
    expect(verdictOn(new FlowLogsPromise(), { Vpc: vpc, Other: vpc, Log: flowLog('ALL') }).verdict).toBe('VIOLATED');
    expect(verdictOn(new FlowLogsPromise(), { Vpc: vpc, Log: flowLog('REJECT') }).verdict).toBe('VIOLATED');
    expect(verdictOn(new FlowLogsPromise({ traffic: FlowLogTraffic.REJECT }), { Vpc: vpc, Log: flowLog('REJECT') }).verdict).toBe('PROVEN');
  });
});

describe('waf-logging', () => {
  const acl = { Type: 'AWS::WAFv2::WebACL', Properties: {} };
  const blocked = { DefaultBehavior: 'DROP', Filters: [{ Behavior: 'KEEP', Requirement: 'MEETS_ANY', Conditions: [{ ActionCondition: { Action: 'BLOCK' } }] }] };
  const logging = (filter?: any) => ({ Type: 'AWS::WAFv2::LoggingConfiguration', Properties: { ResourceArn: { 'Fn::GetAtt': ['Acl', 'Arn'] }, LoggingFilter: filter } });

  test('BLOCKED is PROVEN by a filter that keeps blocked requests and drops the rest', () => {
    expect(verdictOn(new WafLoggingPromise({ requests: WafLoggedRequests.BLOCKED }), { Acl: acl, Logging: logging(blocked) }).verdict).toBe('PROVEN');
  });

  test('BLOCKED is VIOLATED without logging or with a filter keeping only counted requests; ALL is VIOLATED by any filter', () => {
    const promise = new WafLoggingPromise({ requests: WafLoggedRequests.BLOCKED });
    expect(verdictOn(promise, { Acl: acl }).verdict).toBe('VIOLATED');
    const counted = { ...blocked, Filters: [{ ...blocked.Filters[0], Conditions: [{ ActionCondition: { Action: 'COUNT' } }] }] };
    expect(verdictOn(promise, { Acl: acl, Logging: logging(counted) }).verdict).toBe('VIOLATED');
    expect(verdictOn(new WafLoggingPromise({ requests: WafLoggedRequests.ALL }), { Acl: acl, Logging: logging(blocked) }).verdict).toBe('VIOLATED');
    expect(verdictOn(new WafLoggingPromise({ requests: WafLoggedRequests.ALL }), { Acl: acl, Logging: logging() }).verdict).toBe('PROVEN');
  });
});

describe('version-history and current-objects-kept', () => {
  const bucket = (rules: any[], versioning = 'Enabled') => ({
    Type: 'AWS::S3::Bucket',
    Properties: { VersioningConfiguration: { Status: versioning }, LifecycleConfiguration: { Rules: rules }, Tags: tags({ 'data-class': 'customer-data' }) },
  });
  const noncurrent = (days: number) => ({ Id: 'expire-noncurrent-versions', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: days } });
  const history = new VersionHistoryPromise({ dataClass: DataClass.CUSTOMER_DATA, retention: Duration.days(90) });

  test('version history is PROVEN when versioned buckets of the class expire noncurrent versions after exactly 90 days', () => {
    expect(history.sentence).toBe('Earlier versions of overwritten or deleted customer-data files are kept 90 days, then deleted.');
    expect(verdictOn(history, { Files: bucket([noncurrent(90)]) }).verdict).toBe('PROVEN');
  });

  test('version history is VIOLATED with 14 days (the old S1-11 proved any number), or without versioning', () => {
    expect(verdictOn(history, { Files: bucket([noncurrent(14)]) }).verdict).toBe('VIOLATED');
    expect(verdictOn(history, { Files: bucket([noncurrent(90)], 'Suspended') }).verdict).toBe('VIOLATED');
    expect(verdictOn(history, {}).verdict).toBe('VIOLATED');
  });

  test('current objects kept is PROVEN without an expiration rule and VIOLATED with one, tag-filtered ones included', () => {
    const kept = new CurrentObjectsKeptPromise({ dataClass: DataClass.CUSTOMER_DATA });
    expect(verdictOn(kept, { Files: bucket([noncurrent(90)]) }).verdict).toBe('PROVEN');
    expect(verdictOn(kept, { Files: bucket([noncurrent(90), { Id: 'expire-objects', Status: 'Enabled', ExpirationInDays: 365 }]) }).verdict).toBe('VIOLATED');
    expect(verdictOn(kept, {
      Files: bucket([{ Id: 'ended', Status: 'Enabled', TagFilters: [{ Key: 'data-lifecycle', Value: 'ended' }], ExpirationInDays: 1095 }]),
    }).verdict).toBe('VIOLATED');
  });
});

describe('backup-retention by tier', () => {
  const plan = (rules: Array<[string, number]>) => ({
    Type: 'AWS::Backup::BackupPlan',
    Properties: { BackupPlan: { BackupPlanRule: rules.map(([RuleName, days]) => ({ RuleName, Lifecycle: { DeleteAfterDays: days } })) } },
  });

  test('each tier is PROVEN by its own rule', () => {
    const weekly = new BackupRetentionPromise({ tier: BackupTier.WEEKLY, retention: Duration.days(28) });
    expect(weekly.sentence).toBe('Weekly backups are kept 28 days.');
    expect(verdictOn(weekly, { Plan: plan([['Daily', 7], ['Weekly', 28]]) }).verdict).toBe('PROVEN');
  });

  test('a tier kept another number of days, or missing, is VIOLATED', () => {
    const monthly = new BackupRetentionPromise({ tier: BackupTier.MONTHLY, retention: Duration.days(365) });
    expect(verdictOn(monthly, { Plan: plan([['Monthly', 400]]) }).verdict).toBe('VIOLATED');
    expect(verdictOn(monthly, { Plan: plan([['Daily', 365]]) }).verdict).toBe('VIOLATED');
  });
});

describe('alert-delivery', () => {
  const rule = { Type: 'AWS::Events::Rule', Properties: { Targets: [{ Arn: { Ref: 'Topic' }, Id: 'Topic' }] } };
  const topic = { Type: 'AWS::SNS::Topic', Properties: {} };
  const subscription = (protocol: string) => ({ Type: 'AWS::SNS::Subscription', Properties: { TopicArn: { Ref: 'Topic' }, Protocol: protocol, Endpoint: 'x' } });
  const email = new AlertDeliveryPromise({ receiver: AlertReceiverKind.EMAIL });

  test('is PROVEN when the alert topic has a subscriber of the kind: rule -> topic -> subscription', () => {
    expect(email.sentence).toBe('Security and operations alerts are delivered to an e-mail address.');
    expect(verdictOn(email, { Rule: rule, Topic: topic, Sub: subscription('email') }).verdict).toBe('PROVEN');
  });

  test('a topic nobody subscribes to, or only another kind of receiver, is VIOLATED', () => {
    expect(verdictOn(email, { Rule: rule, Topic: topic }).verdict).toBe('VIOLATED');
    expect(verdictOn(email, { Rule: rule, Topic: topic, Sub: subscription('sqs') }).verdict).toBe('VIOLATED');
    expect(verdictOn(email, {}).verdict).toBe('VIOLATED');
  });

  test('a chat channel configuration of the topic is a CHAT receiver', () => {
    const chat = { Type: 'AWS::Chatbot::SlackChannelConfiguration', Properties: { SnsTopicArns: [{ Ref: 'Topic' }] } };
    expect(verdictOn(new AlertDeliveryPromise({ receiver: AlertReceiverKind.CHAT }), { Rule: rule, Topic: topic, Chat: chat }).verdict).toBe('PROVEN');
  });
});
