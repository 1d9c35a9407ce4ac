import { CloudWatchLogsClient, LogGroup, paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { CallLabel, inParallel, ObserveContext, observed, unread } from './context';
import { literal, Located, locateAll } from './locate';
import type { StackState } from './stacks';
import { PromiseTarget, resourcesFor } from './targets';
import type { ResourceView } from '../evidence/model';
import type { ObservedFact } from '../evidence/observation';

/**
 * Retention and encryption of the deployed log groups, buckets and databases, compared with
 * what the template says: the account, not the template, is read.
 */

const LOG_GROUP = 'AWS::Logs::LogGroup';
const BUCKET = 'AWS::S3::Bucket';
const DB_INSTANCE = 'AWS::RDS::DBInstance';
const DB_CLUSTER = 'AWS::RDS::DBCluster';

type States = ReadonlyMap<string, StackState>;

function label(l: Located, source: string): CallLabel {
  return { source, region: l.region, account: l.account, resource: l.id };
}

/** One log group, read once per run (DescribeLogGroups by name prefix, paginated, exact name kept). */
function readLogGroup(ctx: ObserveContext, l: Located) {
  return ctx.once(`logs|${l.region}|${l.id}`, () => ctx.call(label(l, 'logs:DescribeLogGroups'), async (abortSignal) => {
    const client = ctx.client(CloudWatchLogsClient, l.region);
    for await (const page of paginateDescribeLogGroups({ client }, { logGroupNamePrefix: l.id }, { abortSignal } as any)) {
      const group = (page.logGroups ?? []).find((g: LogGroup) => g.logGroupName === l.id);
      if (group) {
        return group;
      }
    }
    return undefined;
  }));
}

/** S0-04, S1-06 and the log-retention kinds: every log group keeps its events as long as the template says. */
export async function logRetentionFacts(ctx: ObserveContext, target: PromiseTarget, states: States): Promise<ObservedFact[]> {
  const path = 'retentionInDays';
  const { located, facts } = locateAll(states, resourcesFor(target, LOG_GROUP), 'logs:DescribeLogGroups', path, 'the template\'s RetentionInDays');
  facts.push(...(await inParallel(located, async (l) => {
    const mine: ObservedFact[] = [];
    const wanted = l.resource.properties.RetentionInDays;
    const expected = wanted === undefined ? 'never expire' : literal(wanted) ?? '(a value resolved at deploy time)';
    const read = await readLogGroup(ctx, l);
    if (!read.ok) {
      mine.push(unread(label(l, 'logs:DescribeLogGroups'), path, expected, read.reason));
    } else if (!read.value) {
      mine.push(observed(label(l, 'logs:DescribeLogGroups'), path, expected, '(no such log group)', false, 'the stack names a log group that does not exist'));
    } else {
      const found = read.value.retentionInDays === undefined ? 'never expire' : String(read.value.retentionInDays);
      mine.push(observed(label(l, 'logs:DescribeLogGroups'), path, expected, found, found === expected));
    }
    return mine;
  })));
  return facts;
}

/** The encryption aspect: buckets (default encryption), log groups with a KMS key, databases (storage encrypted). */
export async function encryptionFacts(ctx: ObserveContext, target: PromiseTarget, states: States): Promise<ObservedFact[]> {
  const out: ObservedFact[] = [];
  const buckets = locateAll(states, resourcesFor(target, BUCKET), 's3:GetBucketEncryption', 'SSEAlgorithm', 'the template\'s SSEAlgorithm');
  out.push(...buckets.facts);
  out.push(...(await inParallel(buckets.located, async (l) => {
    const mine: ObservedFact[] = [];
    mine.push(await bucketEncryption(ctx, l));
    return mine;
  })));
  const groups = locateAll(states, resourcesFor(target, LOG_GROUP).filter((r) => r.properties.KmsKeyId !== undefined), 'logs:DescribeLogGroups', 'kmsKeyId', 'a KMS key');
  out.push(...groups.facts);
  out.push(...(await inParallel(groups.located, async (l) => {
    const mine: ObservedFact[] = [];
    const read = await readLogGroup(ctx, l);
    const where = label(l, 'logs:DescribeLogGroups');
    mine.push(!read.ok ? unread(where, 'kmsKeyId', 'a KMS key', read.reason)
      : observed(where, 'kmsKeyId', 'a KMS key', read.value?.kmsKeyId ?? '(none)', Boolean(read.value?.kmsKeyId)));
    return mine;
  })));
  for (const db of await databases(ctx, target, states, 'StorageEncrypted')) {
    out.push(db.fact('StorageEncrypted', 'true', (d) => String(d.StorageEncrypted === true)));
  }
  return out;
}

async function bucketEncryption(ctx: ObserveContext, l: Located): Promise<ObservedFact> {
  const where = label(l, 's3:GetBucketEncryption');
  const configured = l.resource.properties.BucketEncryption?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault?.SSEAlgorithm;
  // Since January 2023, S3 encrypts every new object with SSE-S3 (AES256) when nothing else is set.
  const expected = literal(configured) ?? 'AES256';
  const read = await ctx.once(`s3enc|${l.id}`, () => ctx.call(where, (abortSignal) =>
    ctx.client(S3Client, l.region).send(new GetBucketEncryptionCommand({ Bucket: l.id }), { abortSignal })));
  if (!read.ok) {
    return unread(where, 'SSEAlgorithm', expected, read.reason);
  }
  const found = read.value.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? '(none)';
  const holds = found === expected || (expected === 'aws:kms' && found === 'aws:kms:dsse');
  return observed(where, 'SSEAlgorithm', expected, found, holds);
}

/** One deployed database and a way to turn one of its fields into a fact. */
interface DatabaseRead {
  /** The template resource, when it was found deployed. */
  readonly resource?: ResourceView;
  fact(path: string, expected: string, found: (d: Record<string, any>) => string): ObservedFact;
}

/** The deployed DB instances and clusters of a promise (DescribeDBInstances / DescribeDBClusters by identifier). */
async function databases(ctx: ObserveContext, target: PromiseTarget, states: States, path: string): Promise<DatabaseRead[]> {
  const { located, facts } = locateAll(states, resourcesFor(target, DB_INSTANCE, DB_CLUSTER), 'rds:DescribeDBInstances', path, 'the template\'s value');
  const reads: DatabaseRead[] = facts.map((f) => ({ fact: () => f }));
  reads.push(...(await inParallel(located, async (l) => {
    const mine: DatabaseRead[] = [];
    const cluster = l.resource.type === DB_CLUSTER;
    const where = label(l, cluster ? 'rds:DescribeDBClusters' : 'rds:DescribeDBInstances');
    const rds = ctx.client(RDSClient, l.region);
    const read = await ctx.once(`rds|${l.region}|${l.resource.type}|${l.id}`, () => ctx.call(where, async (abortSignal) => cluster
      ? (await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: l.id }), { abortSignal })).DBClusters?.[0]
      : (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: l.id }), { abortSignal })).DBInstances?.[0]));
    mine.push({
      resource: l.resource,
      fact: (p, expected, found) => {
        if (!read.ok) {
          return unread(where, p, expected, read.reason);
        }
        if (!read.value) {
          return observed(where, p, expected, '(no such database)', false);
        }
        const value = found(read.value as Record<string, any>);
        return observed(where, p, expected, value, value === expected);
      },
    });
    return mine;
  })));
  return reads;
}

/** S0-02, S1-09 and the backup-retention kind: automated backups kept as long as the template says (default 1 day). */
export async function dbBackupRetentionFacts(ctx: ObserveContext, target: PromiseTarget, states: States): Promise<ObservedFact[]> {
  const out: ObservedFact[] = [];
  for (const db of await databases(ctx, target, states, 'BackupRetentionPeriod')) {
    const wanted = db.resource?.properties.BackupRetentionPeriod;
    out.push(db.fact('BackupRetentionPeriod', wanted === undefined ? '1' : literal(wanted) ?? '(resolved at deploy time)', (d) => String(d.BackupRetentionPeriod)));
  }
  return out;
}

/** S2-06, S2-10: the databases the template makes Multi-AZ are Multi-AZ. */
export async function multiAzFacts(ctx: ObserveContext, target: PromiseTarget, states: States): Promise<ObservedFact[]> {
  return (await databases(ctx, target, states, 'MultiAZ')).map((db) => db.fact('MultiAZ', 'true', (d) => String(d.MultiAZ === true)));
}
