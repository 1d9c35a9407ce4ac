import * as fs from 'fs';
import * as path from 'path';
import { ListBackupJobsCommand, ListCopyJobsCommand, ListRestoreJobsCommand } from '@aws-sdk/client-backup';
import {
  DescribeStackDriftDetectionStatusCommand, DescribeStacksCommand, GetTemplateCommand, ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { GetBucketEncryptionCommand } from '@aws-sdk/client-s3';
import { ListSubscriptionsByTopicCommand } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ACCOUNT, PHYSICAL, PROMISES, REGION, STACK, STACK_ID, template, writeAssembly } from './fixture';
import { awsError, dailyDates, givenHealthyAccount, mocks, NOW, resetMocks } from './mocks';
import { runObserve } from '../../lib/cli/observe-command';
import { readAssembly } from '../../lib/evidence/assembly';
import { OBSERVATION_FILE, ObservationFile, readObservation } from '../../lib/evidence/observation';
import { currentObservation } from '../../lib/evidence/report-observed';
import { templateHash } from '../../lib/evidence/template-hash';
import { ObserveSettings } from '../../lib/observe/context';
import { observeAssembly } from '../../lib/observe/observer';

function settings(overrides: Partial<ObserveSettings> = {}): ObserveSettings {
  return {
    now: NOW,
    sinceDays: 30,
    timeoutMs: 20_000,
    concurrency: 4,
    drift: true,
    maxAttempts: 1,
    driftPollMs: 1,
    sleep: async () => undefined,
    ...overrides,
  };
}

async function observed(dir = writeAssembly(), overrides: Partial<ObserveSettings> = {}): Promise<ObservationFile> {
  return (await observeAssembly(dir, settings(overrides), { account: ACCOUNT, arn: 'arn:aws:sts::123456789012:assumed-role/EvidenceReader/t' })).observation;
}

function promise(o: ObservationFile, id: string) {
  const p = o.promises.find((x) => x.id === id);
  if (!p) throw new Error(`no promise ${id}`);
  return p;
}

beforeEach(() => {
  resetMocks();
});

describe('a healthy deployed account', () => {
  test('S0-01 S0-02 S0-03 S0-04 S0-06 S0-11 S1-07 S1-08 S1-10 S2-06 are OBSERVED, each with the facts it was read from', async () => {
    // GIVEN
    givenHealthyAccount();
    // WHEN
    const o = await observed();
    // THEN
    expect(o.promises.map((p) => [p.id, p.verdict])).toEqual(PROMISES.map((id) => [id, 'OBSERVED']));
    expect(o.observer).toContain('EvidenceReader');
    expect(o.targets).toEqual([{ account: ACCOUNT, region: REGION, stacks: [STACK] }]);
    const sources = (id: string) => [...new Set(promise(o, id).facts.map((f) => f.source))].sort();
    expect(sources('S0-01')).toEqual(['backup:ListBackupJobs', 'cloudformation:DescribeStackDriftDetectionStatus', 'cloudformation:DescribeStacks', 'cloudformation:GetTemplate']);
    expect(sources('S0-06')).toContain('s3:GetBucketEncryption');
    expect(sources('S0-11')).toEqual(expect.arrayContaining(['sns:ListSubscriptionsByTopic', 'events:DescribeRule']));
    expect(sources('S1-07')).toContain('guardduty:GetDetector');
    expect(sources('S0-03')).toEqual(expect.arrayContaining(['cloudtrail:GetTrailStatus', 'cloudtrail:GetTrail']));
    expect(sources('S1-10')).toContain('backup:ListRestoreJobs');
    expect(sources('S2-06')).toContain('rds:DescribeDBInstances');
    const backup = promise(o, 'S0-01').facts.filter((f) => f.source === 'backup:ListBackupJobs');
    expect(backup.map((f) => f.resource).sort()).toEqual([`arn:aws:rds:${REGION}:${ACCOUNT}:db:${PHYSICAL.Database}`, `arn:aws:s3:::${PHYSICAL.DataBucket}`]);
    // --since 30d at 12:00 UTC: 29 whole days, since the 30th began more than 30 days ago (ListBackupJobs lists 30 days only).
    expect(backup[0]).toMatchObject({ expected: '29 of 29 days', found: '29 of 29 days', satisfied: true, account: ACCOUNT, region: REGION });
    expect(promise(o, 'S1-08').facts).toContainEqual(expect.objectContaining({ propertyPath: 'completed copy job each day to us-west-2', satisfied: true }));
    expect(promise(o, 'S0-01')).toMatchObject({ periodStart: '2026-11-09T00:00:00.000Z', periodEnd: '2026-12-08T00:00:00.000Z', notObserved: [] });
  });

  test('the file is evidence-observed.json in the shape readObservation accepts', async () => {
    givenHealthyAccount();
    const dir = writeAssembly();
    await observeAssembly(dir, settings(), { account: ACCOUNT });
    const read = readObservation(dir)!;
    expect(read.schemaVersion).toBe(1);
    expect(read.promises).toHaveLength(PROMISES.length);
    // What it is an observation of: a report over other templates shows it as stale (observation-staleness.test.ts).
    const assembly = readAssembly(dir);
    expect(read.templates).toEqual(assembly.stacks.map((s) => ({ stack: s.id, sha256: templateHash(s.template) })));
    expect(currentObservation(read, assembly)).toBe(read);
  });

  test('each read is made once, however many promises need it', async () => {
    givenHealthyAccount();
    await observed();
    expect(mocks.s3.commandCalls(GetBucketEncryptionCommand)).toHaveLength(2);
    expect(mocks.cfn.commandCalls(DescribeStacksCommand)).toHaveLength(1);
    expect(mocks.backup.commandCalls(ListRestoreJobsCommand)).toHaveLength(1);
  });
});

describe('nothing deployed', () => {
  test('every promise is NOT_OBSERVED, with the reason, and no other call is made', async () => {
    mocks.cfn.on(DescribeStacksCommand).rejects(awsError('ValidationError', `Stack with id ${STACK} does not exist`));
    const o = await observed();
    expect(new Set(o.promises.map((p) => p.verdict))).toEqual(new Set(['NOT_OBSERVED']));
    expect(promise(o, 'S0-06').notObserved).toEqual([`${STACK}: stack ${STACK} is not deployed in ${REGION}: nothing to observe`]);
    expect(mocks.s3.calls()).toHaveLength(0);
  });

  test('the command exits 1 and says nothing could be observed', async () => {
    mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: 'arn:aws:iam::123456789012:user/auditor' });
    mocks.cfn.on(DescribeStacksCommand).rejects(awsError('ValidationError', `Stack with id ${STACK} does not exist`));
    const dir = writeAssembly();
    const result = await runObserve([dir, '--timeout', '30s'], { now: NOW, sleep: async () => undefined });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^nothing could be observed \(first reason: .*not deployed/);
    expect(fs.existsSync(path.join(dir, OBSERVATION_FILE))).toBe(true);
  });

  test('a stack of another account than the credentials is NOT_OBSERVED, naming --role-arn', async () => {
    givenHealthyAccount();
    const o = (await observeAssembly(writeAssembly(), settings(), { account: '999999999999' })).observation;
    expect(promise(o, 'S0-06').verdict).toBe('NOT_OBSERVED');
    expect(promise(o, 'S0-06').notObserved[0]).toMatch(/credentials are for account 999999999999.*--role-arn/);
    expect(mocks.cfn.calls()).toHaveLength(0);
  });
});

describe('failures read from the account', () => {
  test('S0-01 is OBSERVED_FAILING when a day has no completed backup job, naming the day', async () => {
    givenHealthyAccount();
    const dates = dailyDates(30).filter((d) => !d.toISOString().startsWith('2026-12-03'));
    mocks.backup.on(ListBackupJobsCommand).callsFake((input) => ({ BackupJobs: dates.map((d) => ({ ResourceArn: input.ByResourceArn, State: 'COMPLETED', CreationDate: d })) }));
    const o = await observed();
    const p = promise(o, 'S0-01');
    expect(p.verdict).toBe('OBSERVED_FAILING');
    expect(p.facts).toContainEqual(expect.objectContaining({ found: '28 of 29 days', satisfied: false, note: 'no completed job on 2026-12-03' }));
    // The call asks only for completed jobs of the resource, created in the period.
    expect(mocks.backup.commandCalls(ListBackupJobsCommand)[0].args[0].input).toMatchObject({ ByState: 'COMPLETED', ByCreatedAfter: new Date('2026-11-09T00:00:00Z') });
  });

  test('--since 7d counts the 7 days before today', async () => {
    givenHealthyAccount();
    const o = await observed(undefined, { sinceDays: 7 });
    expect(promise(o, 'S0-01').facts).toContainEqual(expect.objectContaining({ source: 'backup:ListBackupJobs', expected: '7 of 7 days', found: '7 of 7 days' }));
    expect(promise(o, 'S0-01').periodStart).toBe('2026-12-01T00:00:00.000Z');
  });

  test('days before the stack existed are not counted', async () => {
    givenHealthyAccount({ days: 3 });
    mocks.cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: STACK, StackId: STACK_ID, StackStatus: 'CREATE_COMPLETE', CreationTime: new Date('2026-12-04T10:00:00Z') }] });
    const o = await observed();
    expect(promise(o, 'S0-01').facts).toContainEqual(expect.objectContaining({ source: 'backup:ListBackupJobs', expected: '3 of 3 days', found: '3 of 3 days' }));
  });

  test('S1-08 is OBSERVED_FAILING when the copies went to another region than the plan\'s', async () => {
    givenHealthyAccount();
    mocks.backup.on(ListCopyJobsCommand).callsFake((input) => ({
      CopyJobs: dailyDates(30).map((d) => ({
        ResourceArn: input.ByResourceArn, State: 'COMPLETED', CreationDate: d, DestinationBackupVaultArn: `arn:aws:backup:eu-west-1:${ACCOUNT}:backup-vault:x`,
      })),
    }));
    const p = promise(await observed(), 'S1-08');
    expect(p.verdict).toBe('OBSERVED_FAILING');
    expect(p.facts).toContainEqual(expect.objectContaining({ propertyPath: 'completed copy job each day to us-west-2', found: '0 of 29 days', satisfied: false }));
  });

  test('S1-10 is OBSERVED_FAILING when the completed restore jobs are another plan\'s', async () => {
    givenHealthyAccount();
    mocks.backup.on(ListRestoreJobsCommand).resolves({
      RestoreJobs: dailyDates(30).map((d) => ({
        Status: 'COMPLETED', CreationDate: d, CreatedBy: { RestoreTestingPlanArn: `arn:aws:backup:${REGION}:${ACCOUNT}:restore-testing-plan:other_plan-1a2b` },
      })),
    });
    const p = promise(await observed(), 'S1-10');
    expect(p.verdict).toBe('OBSERVED_FAILING');
    expect(p.facts).toContainEqual(expect.objectContaining({ source: 'backup:ListRestoreJobs', resource: PHYSICAL.RestorePlan, found: '0 of 29 days', satisfied: false }));
  });

  test('S0-11 is OBSERVED_FAILING when the only subscription is PendingConfirmation', async () => {
    givenHealthyAccount();
    mocks.sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [{ SubscriptionArn: 'PendingConfirmation', Protocol: 'email' }] });
    const o = await observed();
    expect(promise(o, 'S0-11').verdict).toBe('OBSERVED_FAILING');
    expect(promise(o, 'S0-11').facts).toContainEqual(expect.objectContaining({ found: '0 confirmed, 1 pending confirmation', satisfied: false }));
  });

  test('a drifted stack makes every promise of it OBSERVED_FAILING; the status is polled with backoff', async () => {
    givenHealthyAccount();
    mocks.cfn.on(DescribeStackDriftDetectionStatusCommand)
      .resolvesOnce({ StackId: STACK_ID, StackDriftDetectionId: 'drift-1', DetectionStatus: 'DETECTION_IN_PROGRESS', Timestamp: NOW })
      .resolvesOnce({ StackId: STACK_ID, StackDriftDetectionId: 'drift-1', DetectionStatus: 'DETECTION_IN_PROGRESS', Timestamp: NOW })
      .resolves({ StackId: STACK_ID, StackDriftDetectionId: 'drift-1', DetectionStatus: 'DETECTION_COMPLETE', StackDriftStatus: 'DRIFTED', DriftedStackResourceCount: 2, Timestamp: NOW });
    const waits: number[] = [];
    const o = await observed(undefined, { driftPollMs: 500, sleep: async (ms) => { waits.push(ms); } });
    expect(new Set(o.promises.map((p) => p.verdict))).toEqual(new Set(['OBSERVED_FAILING']));
    expect(waits).toEqual([500, 1000, 2000]);
    expect(promise(o, 'S0-02').facts).toContainEqual(expect.objectContaining({ propertyPath: 'StackDriftStatus', found: 'DRIFTED', satisfied: false }));
  });

  test('--no-drift starts no drift detection', async () => {
    givenHealthyAccount();
    const o = await observed(undefined, { drift: false });
    expect(mocks.cfn.commandCalls(DescribeStackDriftDetectionStatusCommand)).toHaveLength(0);
    expect(promise(o, 'S0-02').verdict).toBe('OBSERVED');
  });

  test('a deployed template other than cdk.out\'s is OBSERVED_FAILING (hash compared on canonical JSON)', async () => {
    givenHealthyAccount();
    // Same template with keys in another order: equal.
    const reordered = Object.fromEntries(Object.entries(template()).reverse());
    mocks.cfn.on(GetTemplateCommand).resolves({ TemplateBody: JSON.stringify(reordered) });
    expect(promise(await observed(), 'S0-06').verdict).toBe('OBSERVED');
    mocks.cfn.on(GetTemplateCommand).resolves({ TemplateBody: JSON.stringify({ ...template(), Outputs: { X: { Value: '1' } } }) });
    const p = promise(await observed(), 'S0-06');
    expect(p.verdict).toBe('OBSERVED_FAILING');
    expect(p.facts.find((f) => f.propertyPath === 'template sha256')?.note).toMatch(/deployed template is not ObservedService.template.json/);
  });
});

describe('what the account does not return', () => {
  test('AccessDenied is NOT_OBSERVED with its reason, never OBSERVED; the other promises keep their facts', async () => {
    givenHealthyAccount();
    mocks.s3.on(GetBucketEncryptionCommand).rejects(awsError('AccessDenied', 'User is not authorized to perform: s3:GetEncryptionConfiguration'));
    const o = await observed();
    expect(promise(o, 'S0-06').verdict).toBe('NOT_OBSERVED');
    expect(promise(o, 'S0-06').notObserved[0]).toMatch(/s3:GetBucketEncryption: access denied \(AccessDenied\)/);
    expect(promise(o, 'S0-02').verdict).toBe('OBSERVED');
  });

  test('throttling once the SDK retries are spent is NOT_OBSERVED, naming --concurrency', async () => {
    givenHealthyAccount();
    mocks.sns.on(ListSubscriptionsByTopicCommand).rejects(awsError('Throttling', 'Rate exceeded'));
    const o = await observed(undefined, { maxAttempts: 3 });
    expect(promise(o, 'S0-11').verdict).toBe('NOT_OBSERVED');
    expect(promise(o, 'S0-11').notObserved[0]).toMatch(/throttled \(Throttling\) after 3 attempts: retry later or lower --concurrency/);
  });

  test('a resource missing from the deployed stack is NOT_OBSERVED', async () => {
    givenHealthyAccount();
    mocks.cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [] });
    const o = await observed();
    expect(promise(o, 'S0-06').notObserved).toContain(`${STACK}/DataBucket: DataBucket (AWS::S3::Bucket) is not among the deployed stack's resources`);
  });

  test('pagination: every page of backup jobs and of stack resources is read', async () => {
    givenHealthyAccount();
    const dates = dailyDates(30);
    mocks.backup.on(ListBackupJobsCommand)
      .callsFake((input) => input.NextToken === 'p2'
        ? { BackupJobs: dates.slice(15).map((d) => ({ State: 'COMPLETED', CreationDate: d })) }
        : { BackupJobs: dates.slice(0, 15).map((d) => ({ State: 'COMPLETED', CreationDate: d })), NextToken: 'p2' });
    const all = Object.entries(PHYSICAL).map(([l, p]) => ({ LogicalResourceId: l, PhysicalResourceId: p, ResourceType: 'x', ResourceStatus: 'CREATE_COMPLETE' as const, LastUpdatedTimestamp: NOW }));
    mocks.cfn.on(ListStackResourcesCommand)
      .callsFake((input) => input.NextToken === 'r2' ? { StackResourceSummaries: all.slice(5) } : { StackResourceSummaries: all.slice(0, 5), NextToken: 'r2' });
    const o = await observed();
    expect(promise(o, 'S0-01').verdict).toBe('OBSERVED');
    expect(mocks.backup.commandCalls(ListBackupJobsCommand).length).toBe(4);
  });

  test('the time limit ends the run: what was read is kept, the rest is NOT_OBSERVED', async () => {
    givenHealthyAccount();
    mocks.backup.on(ListBackupJobsCommand).callsFake(() => new Promise(() => undefined));
    const started = Date.now();
    const run = await observeAssembly(writeAssembly(), settings({ timeoutMs: 300 }), { account: ACCOUNT });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run.timedOut).toBe(true);
    expect(promise(run.observation, 'S0-01').verdict).toBe('NOT_OBSERVED');
    expect(promise(run.observation, 'S0-01').notObserved[0]).toMatch(/time limit reached \(--timeout\)/);
    expect(promise(run.observation, 'S0-06').verdict).toBe('OBSERVED');
  });
});

describe('the command', () => {
  test('exit 0 and a summary on a healthy account; exit 1 naming the promise observed failing', async () => {
    givenHealthyAccount();
    const dir = writeAssembly();
    const ok = await runObserve([dir], { now: NOW, sleep: async () => undefined, driftPollMs: 1 });
    expect(ok).toMatchObject({ exitCode: 0, stderr: '' });
    expect(ok.stdout).toMatch(/10 promises observed, 0 observed failing, 0 not observed/);
    mocks.sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [] });
    const failing = await runObserve([dir], { now: NOW, sleep: async () => undefined, driftPollMs: 1 });
    expect(failing.exitCode).toBe(1);
    expect(failing.stderr).toBe('observed failing: S0-11\n');
    expect(failing.stdout).toMatch(/FAILING S0-11: .*observed-alerts confirmed subscriptions: expected >= 1, found 0 confirmed, 0 pending/);
  });

  test.each([
    [['--since', '0d'], /--since must be a number of days from 1 to 30 \(AWS Backup lists the jobs of the last 30 days\)/],
    [['--since', '31d'], /--since must be a number of days from 1 to 30/],
    [['--timeout', '5x'], /--timeout must be a duration from 1s to 6h/],
    [['--concurrency', '0'], /--concurrency must be a whole number from 1 to 32, got '0'/],
    [['--role-arn', 'admin'], /--role-arn must be a role ARN/],
    [['--serial-number', 'arn:aws:iam::123456789012:mfa/a'], /--serial-number and --token-code go together/],
    [['a', 'b'], /expected at most one assembly directory/],
  ])('usage error %j exits 2', async (args, message) => {
    const result = await runObserve(args as string[]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  test('--role-arn with MFA: the role is assumed first and named as the observer', async () => {
    givenHealthyAccount();
    mocks.sts.on(AssumeRoleCommand).resolves({
      Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date('2030-01-01T00:00:00Z') },
    });
    mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/EvidenceReader/cdk-data-protection-observe` });
    const dir = writeAssembly();
    const result = await runObserve([dir, '--role-arn', `arn:aws:iam::${ACCOUNT}:role/EvidenceReader`, '--serial-number', 'arn:aws:iam::210987654321:mfa/auditor',
      '--token-code', '123456', '--region', REGION], { now: NOW, sleep: async () => undefined, driftPollMs: 1 });
    expect(result.exitCode).toBe(0);
    expect(mocks.sts.commandCalls(AssumeRoleCommand)[0].args[0].input).toEqual({
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/EvidenceReader`,
      RoleSessionName: 'cdk-data-protection-observe',
      DurationSeconds: 3600,
      SerialNumber: 'arn:aws:iam::210987654321:mfa/auditor',
      TokenCode: '123456',
    });
    expect(readObservation(dir)!.observer).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/EvidenceReader/cdk-data-protection-observe`);
  });

  test('AssumeRole refused: exit 2 naming the role, nothing read', async () => {
    mocks.sts.on(AssumeRoleCommand).rejects(awsError('AccessDenied', `User: x is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${ACCOUNT}:role/EvidenceReader`));
    const result = await runObserve([writeAssembly(), '--role-arn', `arn:aws:iam::${ACCOUNT}:role/EvidenceReader`, '--region', REGION]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/role arn:aws:iam::123456789012:role\/EvidenceReader cannot be assumed by the current caller/);
    expect(mocks.cfn.calls()).toHaveLength(0);
  });

  test('no credentials: exit 2 with the fix, before any read', async () => {
    mocks.sts.on(GetCallerIdentityCommand).rejects(awsError('CredentialsProviderError', 'Could not load credentials from any providers'));
    const result = await runObserve([writeAssembly()]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/no AWS credentials found/);
    expect(mocks.cfn.calls()).toHaveLength(0);
  });

  test('not an assembly: exit 2', async () => {
    const result = await runObserve([fs.mkdtempSync('/tmp/cdp-empty-')]);
    expect(result).toMatchObject({ exitCode: 2 });
    expect(result.stderr).toMatch(/is not a cloud assembly/);
  });
});
