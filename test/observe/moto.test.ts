import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { BackupClient, CreateBackupPlanCommand } from '@aws-sdk/client-backup';
import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateDetectorCommand, GuardDutyClient } from '@aws-sdk/client-guardduty';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { ACCOUNT, REGION, STACK, template, writeAssembly } from './fixture';
import { runObserve } from '../../lib/cli/observe-command';
import { readObservation } from '../../lib/evidence/observation';

/**
 * Integration: the observe command against a real local endpoint, moto (`moto_server`), started
 * here on a free loopback port and stopped at the end. `.ci/run` fails when moto_server is
 * missing; a developer machine without it skips this file with a message.
 *
 * What moto lacks, covered by the aws-sdk-client-mock tests (observe.test.ts) instead:
 * - drift detection (DetectStackDrift): this test runs with --no-drift;
 * - backup, copy and restore jobs (ListBackupJobs, ListCopyJobs, ListRestoreJobs): moto has backup
 *   plans but runs no job, so the backup promises are not in this assembly (the plan is seeded, unread);
 * - CloudFormation resources moto's CloudFormation does not create (AWS::CloudTrail::Trail,
 *   AWS::GuardDuty::Detector, AWS::SNS::Subscription, AWS::Backup::*): the trail, the detector and
 *   the subscription are seeded through their own APIs, and the observer reads them as the
 *   region's trail and detector (an organization's, made outside the stack).
 */

const MOTO = spawnSync('sh', ['-c', 'command -v moto_server'], { encoding: 'utf-8' }).stdout.trim();
const suite = MOTO ? describe : describe.skip;
if (!MOTO) {
  // eslint-disable-next-line no-console
  console.warn('moto_server is not on PATH: the observe integration test is SKIPPED (pip install "moto[server]"; .ci/run requires it)');
}

/** The promises of the integration assembly: what moto can show. */
const MOTO_PROMISES = ['S0-02', 'S0-03', 'S0-04', 'S0-06', 'S0-11', 'S1-07', 'S2-06'];

/** The fixture template without what moto's CloudFormation cannot create. */
function motoTemplate(): Record<string, any> {
  const t = template();
  const keep = ['DataBucket', 'AppLogs', 'Database', 'AlertTopic', 'FindingsRule'];
  t.Resources = Object.fromEntries(Object.entries(t.Resources).filter(([id]) => keep.includes(id)));
  t.Metadata['cdk-data-protection'].claims = MOTO_PROMISES.map((id) => ({ id, text: `promise ${id}`, expected: [] }));
  return t;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

suite('observe against moto (a local AWS endpoint)', () => {
  let moto: ChildProcess | undefined;
  let endpoint = '';
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    const port = await freePort();
    endpoint = `http://127.0.0.1:${port}`;
    moto = spawn(MOTO, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      try {
        const res = await fetch(`${endpoint}/moto-api/`);
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: REGION, AWS_EC2_METADATA_DISABLED: 'true',
    });
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_SESSION_TOKEN;
  }, 30_000);

  afterAll(async () => {
    process.env = savedEnv;
    if (moto && moto.exitCode === null) {
      const exited = new Promise((resolve) => moto!.once('exit', resolve));
      moto.kill();
      await exited;
    }
  });

  const client = <T>(type: new (c: any) => T): T => new type({ region: REGION, endpoint, forcePathStyle: true, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const observe = (dir: string) => runObserve([dir, '--endpoint-url', endpoint, '--region', REGION, '--no-drift', '--timeout', '60s']);

  test('an empty account: every promise NOT_OBSERVED and a non-zero exit', async () => {
    // GIVEN nothing deployed
    const dir = writeAssembly(motoTemplate());
    // WHEN
    const result = await observe(dir);
    // THEN
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/nothing could be observed/);
    const o = readObservation(dir)!;
    expect(o.promises.map((p) => p.id)).toEqual(MOTO_PROMISES);
    expect(new Set(o.promises.map((p) => p.verdict))).toEqual(new Set(['NOT_OBSERVED']));
    expect(o.promises[0].notObserved[0]).toMatch(/not deployed/);
  });

  test('S0-02 S0-03 S0-04 S0-06 S0-11 S1-07 S2-06 are OBSERVED in the seeded account, with their facts', async () => {
    // GIVEN the stack deployed from the same template, and what lives beside it seeded through the SDK
    const body = motoTemplate();
    await client(CloudFormationClient).send(new CreateStackCommand({ StackName: STACK, TemplateBody: JSON.stringify(body) }));
    await client(SNSClient).send(new SubscribeCommand({
      TopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:observed-alerts`, Protocol: 'sqs', Endpoint: `arn:aws:sqs:${REGION}:${ACCOUNT}:ops`,
    }));
    await client(GuardDutyClient).send(new CreateDetectorCommand({ Enable: true }));
    await client(S3Client).send(new CreateBucketCommand({ Bucket: 'organization-trail-logs' }));
    await client(CloudTrailClient).send(new CreateTrailCommand({ Name: 'organization-trail', S3BucketName: 'organization-trail-logs', IsMultiRegionTrail: true }));
    await client(CloudTrailClient).send(new StartLoggingCommand({ Name: 'organization-trail' }));
    await client(BackupClient).send(new CreateBackupPlanCommand({
      BackupPlan: { BackupPlanName: 'observed', Rules: [{ RuleName: 'Daily', TargetBackupVaultName: 'Default', ScheduleExpression: 'cron(0 5 * * ? *)' }] },
    }));
    const dir = writeAssembly(body);
    // WHEN
    const result = await observe(dir);
    // THEN
    const o = readObservation(dir)!;
    const verdicts = Object.fromEntries(o.promises.map((p) => [p.id, p.verdict]));
    const notes = o.promises.flatMap((p) => p.facts.filter((f) => f.satisfied !== true).map((f) => `${p.id} ${f.source} ${f.propertyPath}: ${f.found} ${f.note ?? ''}`));
    expect({ verdicts, notes }).toEqual({ verdicts: Object.fromEntries(MOTO_PROMISES.map((id) => [id, 'OBSERVED'])), notes: [] });
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    const facts = (id: string) => o.promises.find((p) => p.id === id)!.facts;
    expect(facts('S0-06')).toContainEqual(expect.objectContaining({ source: 's3:GetBucketEncryption', expected: 'AES256', found: 'AES256', satisfied: true }));
    expect(facts('S0-04')).toContainEqual(expect.objectContaining({ source: 'logs:DescribeLogGroups', resource: '/observed/app', found: '365', satisfied: true }));
    expect(facts('S0-11')).toContainEqual(expect.objectContaining({ source: 'sns:ListSubscriptionsByTopic', found: '1 confirmed (sqs), 0 pending confirmation' }));
    expect(facts('S0-11')).toContainEqual(expect.objectContaining({ source: 'events:DescribeRule', found: 'ENABLED' }));
    expect(facts('S1-07')).toContainEqual(expect.objectContaining({ source: 'guardduty:GetDetector', found: 'ENABLED' }));
    expect(facts('S0-03')).toContainEqual(expect.objectContaining({ source: 'cloudtrail:GetTrailStatus', found: 'true' }));
    expect(facts('S2-06')).toContainEqual(expect.objectContaining({ source: 'rds:DescribeDBInstances', propertyPath: 'MultiAZ', found: 'true' }));
    expect(facts('S0-02')).toContainEqual(expect.objectContaining({ source: 'cloudformation:GetTemplate', satisfied: true }));
    expect(o.observer).toMatch(/^arn:aws:(iam|sts)::123456789012:/);
    expect(fs.existsSync(path.join(dir, 'evidence-observed.json'))).toBe(true);
  }, 60_000);
});
