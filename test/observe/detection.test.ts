import { GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient, DescribeConfigurationRecorderStatusCommand } from '@aws-sdk/client-config-service';
import { GetDetectorCommand } from '@aws-sdk/client-guardduty';
import { BatchGetAccountStatusCommand, Inspector2Client } from '@aws-sdk/client-inspector2';
import { GetEnabledStandardsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT, REGION, template, writeAssembly } from './fixture';
import { awsError, givenHealthyAccount, mocks, NOW, resetMocks } from './mocks';
import { main } from '../../lib/cli/main';
import { ObservationFile } from '../../lib/evidence/observation';
import { observeAssembly } from '../../lib/observe/observer';

const securityHub = mockClient(SecurityHubClient);
const config = mockClient(ConfigServiceClient);
const inspector = mockClient(Inspector2Client);

const CIS = `arn:aws:securityhub:${REGION}::standards/cis-aws-foundations-benchmark/v/1.4.0`;

/** The fixture with Security Hub, a Config recorder and Inspector, recording S2-14 and S4-10; without its own trail when asked. */
function detectionTemplate(options: { trail?: boolean } = {}) {
  const t = template();
  t.Metadata['cdk-data-protection'].claims = ['S0-03', 'S1-07', 'S2-14', 'S4-10'].map((id) => ({ id, text: id, expected: [] }));
  Object.assign(t.Resources, {
    Hub: { Type: 'AWS::SecurityHub::Hub', Properties: {} },
    Cis: { Type: 'AWS::SecurityHub::Standard', Properties: { StandardsArn: CIS } },
    Recorder: { Type: 'AWS::Config::ConfigurationRecorder', Properties: { RoleARN: 'arn:aws:iam::123456789012:role/config' } },
    Inspector: {
      Type: 'Custom::AWS',
      Properties: { Create: JSON.stringify({ service: 'Inspector2', action: 'enable', parameters: { resourceTypes: ['EC2', 'ECR', 'LAMBDA'] } }) },
    },
  });
  if (options.trail === false) {
    delete t.Resources.Trail;
  }
  return t;
}

async function observe(body: Record<string, any>): Promise<ObservationFile> {
  mocks.cfn.on(GetTemplateCommand).resolves({ TemplateBody: JSON.stringify(body) });
  const settings = { now: NOW, sinceDays: 30, timeoutMs: 20_000, concurrency: 4, drift: false, maxAttempts: 1 };
  return (await observeAssembly(writeAssembly(body), settings, { account: ACCOUNT })).observation;
}

const verdict = (o: ObservationFile, id: string) => o.promises.find((p) => p.id === id)!;

function givenDetectionOn(): void {
  givenHealthyAccount();
  securityHub.on(GetEnabledStandardsCommand).resolves({ StandardsSubscriptions: [{ StandardsArn: CIS, StandardsStatus: 'READY' } as any] });
  config.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'Success' }] });
  inspector.on(BatchGetAccountStatusCommand).resolves({
    accounts: [{
      accountId: ACCOUNT,
      state: { status: 'ENABLED' },
      resourceState: { ec2: { status: 'ENABLED' }, ecr: { status: 'ENABLED' }, lambda: { status: 'ENABLED' } },
    } as any],
    failedAccounts: [],
  });
}

beforeEach(() => {
  resetMocks();
  [securityHub, config, inspector].forEach((m) => m.reset());
});

describe('detection', () => {
  test('S1-07 S2-14 S4-10 S0-03 OBSERVED: detector and features, standards READY, recorder recording, Inspector per resource type, trail logging', async () => {
    givenDetectionOn();
    const o = await observe(detectionTemplate());
    expect(o.promises.map((p) => [p.id, p.verdict])).toEqual([['S0-03', 'OBSERVED'], ['S1-07', 'OBSERVED'], ['S2-14', 'OBSERVED'], ['S4-10', 'OBSERVED']]);
    const s214 = verdict(o, 'S2-14').facts;
    expect(s214).toContainEqual(expect.objectContaining({ source: 'securityhub:GetEnabledStandards', resource: CIS, found: 'READY', satisfied: true }));
    expect(s214).toContainEqual(expect.objectContaining({ source: 'config:DescribeConfigurationRecorderStatus', found: 'true (last status Success)' }));
    expect(s214).toContainEqual(expect.objectContaining({ source: 'guardduty:GetDetector', propertyPath: 'Features[S3_DATA_EVENTS].Status', found: 'ENABLED' }));
    expect(verdict(o, 'S4-10').facts.filter((f) => f.source === 'inspector2:BatchGetAccountStatus').map((f) => f.propertyPath))
      .toEqual(['state.status', 'resourceState.ec2.status', 'resourceState.ecr.status', 'resourceState.lambda.status']);
    expect(inspector.commandCalls(BatchGetAccountStatusCommand)[0].args[0].input).toEqual({ accountIds: [ACCOUNT] });
  });

  test('a feature the template enables but the detector has off, a standard not READY, a recorder stopped, Inspector Lambda off: OBSERVED_FAILING', async () => {
    givenDetectionOn();
    mocks.guardduty.on(GetDetectorCommand).resolves({ Status: 'ENABLED', ServiceRole: 'x', Features: [{ Name: 'S3_DATA_EVENTS', Status: 'DISABLED' }] } as any);
    securityHub.on(GetEnabledStandardsCommand).resolves({ StandardsSubscriptions: [{ StandardsArn: CIS, StandardsStatus: 'INCOMPLETE' } as any] });
    config.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: false }] });
    inspector.on(BatchGetAccountStatusCommand).resolves({
      accounts: [{ accountId: ACCOUNT, state: { status: 'ENABLED' }, resourceState: { ec2: { status: 'ENABLED' }, ecr: { status: 'ENABLED' }, lambda: { status: 'DISABLED' } } } as any],
      failedAccounts: [],
    });
    const o = await observe(detectionTemplate());
    expect(verdict(o, 'S1-07').verdict).toBe('OBSERVED_FAILING');
    const failing = verdict(o, 'S2-14').facts.filter((f) => f.satisfied === false).map((f) => `${f.source} ${f.propertyPath} ${f.found}`);
    expect(failing).toEqual([
      'config:DescribeConfigurationRecorderStatus recording false',
      'guardduty:GetDetector Features[S3_DATA_EVENTS].Status DISABLED',
      'securityhub:GetEnabledStandards StandardsStatus INCOMPLETE',
    ]);
    expect(verdict(o, 'S4-10').facts).toContainEqual(expect.objectContaining({ propertyPath: 'resourceState.lambda.status', found: 'DISABLED', satisfied: false }));
  });

  test('Security Hub not enabled in the account is OBSERVED_FAILING, its access denied NOT_OBSERVED', async () => {
    givenDetectionOn();
    securityHub.on(GetEnabledStandardsCommand).rejects(awsError('InvalidAccessException', `Account ${ACCOUNT} is not subscribed to AWS Security Hub`));
    expect(verdict(await observe(detectionTemplate()), 'S2-14').facts)
      .toContainEqual(expect.objectContaining({ found: '(Security Hub not enabled)', satisfied: false }));
    securityHub.on(GetEnabledStandardsCommand).rejects(awsError('AccessDeniedException', 'not authorized'));
    const o = await observe(detectionTemplate());
    expect(verdict(o, 'S2-14').verdict).toBe('NOT_OBSERVED');
    expect(verdict(o, 'S2-14').notObserved[0]).toMatch(/securityhub:GetEnabledStandards: access denied/);
  });

  test('S0-03 with no trail in the stacks (an organization trail): the region\'s trails must be logging', async () => {
    givenDetectionOn();
    mocks.trail.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: 'org', TrailARN: `arn:aws:cloudtrail:${REGION}:999999999999:trail/org`, HomeRegion: REGION }] });
    mocks.trail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    const body = detectionTemplate({ trail: false });
    const o = await observe(body);
    expect(verdict(o, 'S0-03')).toMatchObject({ verdict: 'OBSERVED' });
    expect(verdict(o, 'S0-03').facts).toContainEqual(expect.objectContaining({ source: 'cloudtrail:GetTrailStatus', resource: `arn:aws:cloudtrail:${REGION}:999999999999:trail/org` }));
    mocks.trail.on(DescribeTrailsCommand).resolves({ trailList: [] });
    expect(verdict(await observe(body), 'S0-03').facts).toContainEqual(expect.objectContaining({ source: 'cloudtrail:DescribeTrails', found: '(none)', satisfied: false }));
  });
});

test('npx cdk-data-protection observe --help: the command is dispatched, exit 0', async () => {
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    expect(await main(['observe', '--help'])).toBe(0);
    expect(String(write.mock.calls[0][0])).toMatch(/^Usage: cdk-data-protection observe \[assembly\] \[options\]/);
  } finally {
    write.mockRestore();
    process.exitCode = 0;
  }
});
