import { runSimulation } from '@cloud-copilot/iam-simulate';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EvidenceReaderRole, EvidenceReaderRoleProps, MfaGatedAccess } from '../../lib';
import { DATA_PLANE_READ_ACTIONS, EVIDENCE_READER_ACTIONS } from '../../lib/identity/evidence-reader-actions';
import { checkedApp, errorOf, expectNoUnacknowledgedFindings, stackWithPolicy } from '../helpers/compliance';
import { literalPolicy, SIMULATED_ACCOUNT } from '../helpers/literal-policy';

const ACCOUNT = SIMULATED_ACCOUNT;
const AUDITOR_ACCOUNT = '210987654321';
const AUDITOR_ROLE = `arn:aws:iam::${AUDITOR_ACCOUNT}:role/auditor`;

/** The actions the brief of issue 22 names for the reader, one by one (plus cloudtrail:GetTrail, which the observer calls). */
const EXPECTED_ACTIONS = [
  'cloudformation:DescribeStacks', 'cloudformation:GetTemplate', 'cloudformation:DetectStackDrift',
  'cloudformation:DescribeStackDriftDetectionStatus', 'cloudformation:DescribeStackResourceDrifts', 'cloudformation:ListStackResources',
  'backup:ListBackupJobs', 'backup:ListCopyJobs', 'backup:ListRestoreJobs', 'backup:ListRestoreTestingPlans',
  'backup:ListProtectedResources', 'backup:GetBackupPlan', 'backup:ListBackupPlans', 'backup:DescribeBackupVault',
  'sns:ListSubscriptionsByTopic', 'sns:GetTopicAttributes', 'events:DescribeRule',
  'guardduty:ListDetectors', 'guardduty:GetDetector', 'securityhub:GetEnabledStandards', 'securityhub:DescribeHub',
  'config:DescribeConfigurationRecorderStatus', 'config:DescribeConfigurationRecorders', 'inspector2:BatchGetAccountStatus',
  'cloudtrail:GetTrailStatus', 'cloudtrail:DescribeTrails', 'cloudtrail:GetEventSelectors', 'cloudtrail:GetTrail', 'logs:DescribeLogGroups',
  's3:GetEncryptionConfiguration', 's3:GetBucketVersioning', 's3:GetLifecycleConfiguration', 's3:GetBucketPolicy',
  's3:GetBucketPublicAccessBlock', 'rds:DescribeDBInstances', 'rds:DescribeDBClusters', 'kms:DescribeKey',
  'kms:GetKeyRotationStatus', 'sts:GetCallerIdentity',
];

function readerStack(props: Partial<EvidenceReaderRoleProps> = {}, app: App = new App()): Stack {
  const stack = stackWithPolicy(app);
  new EvidenceReaderRole(stack, 'EvidenceReader', { trustedPrincipals: [AUDITOR_ROLE], ...props });
  return stack;
}

function resources(stack: Stack, type: string): any[] {
  return Object.values<any>(Template.fromStack(stack).toJSON().Resources).filter((r) => r.Type === type);
}

/** Every action an Allow statement of the template's policies grants. */
function allowedActions(stack: Stack): string[] {
  return [...resources(stack, 'AWS::IAM::ManagedPolicy'), ...resources(stack, 'AWS::IAM::Policy')]
    .flatMap((p) => p.Properties.PolicyDocument.Statement)
    .filter((s: any) => s.Effect === 'Allow')
    .flatMap((s: any) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

async function simulate(request: { action: string; principal?: string; resource?: string; context?: Record<string, string> },
  identityPolicies: Array<{ name: string; policy: any }>, resourcePolicy?: any): Promise<string> {
  const result: any = await runSimulation({
    request: {
      principal: request.principal ?? `arn:aws:iam::${ACCOUNT}:role/mfa-gated/EvidenceReader`,
      action: request.action,
      resource: { resource: request.resource ?? '*', accountId: ACCOUNT },
      contextVariables: { 'aws:RequestedRegion': 'us-east-1', ...request.context },
    },
    identityPolicies,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy,
  }, {});
  if (result.resultType === 'error') {
    throw new Error(`simulation of ${request.action} failed: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult;
}

describe('EvidenceReaderRole', () => {
  describe('permissions', () => {
    test('issue 22 item 2: every action of the observer is allowed, one by one, and nothing else', () => {
      // GIVEN
      const stack = readerStack();

      // WHEN
      const actions = allowedActions(stack);

      // THEN
      expect([...actions].sort()).toEqual([...EXPECTED_ACTIONS].sort());
      expect(EvidenceReaderRole.ACTIONS).toEqual([...EVIDENCE_READER_ACTIONS]);
      expect(actions.filter((a) => /[*?]/.test(a))).toEqual([]);
      const role = resources(stack, 'AWS::IAM::Role')[0];
      expect(role.Properties.ManagedPolicyArns).toHaveLength(1);
      expect(role.Properties.Policies).toBeUndefined();
    });

    test('S1-03 no action reads customer data or secrets', () => {
      // GIVEN
      const stack = readerStack();

      // WHEN
      const actions = allowedActions(stack).map((a) => a.toLowerCase());

      // THEN
      for (const dataPlane of ['s3:GetObject', 'dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:Query', 'logs:GetLogEvents',
        'logs:FilterLogEvents', 'secretsmanager:GetSecretValue', 'kms:Decrypt', ...DATA_PLANE_READ_ACTIONS]) {
        expect(actions).not.toContain(dataPlane.toLowerCase());
      }
    });

    test('issue 22 item 2: every action exists in the IAM action data, and the simulated role may make each call', async () => {
      // GIVEN
      const stack = readerStack();
      const policies = resources(stack, 'AWS::IAM::ManagedPolicy').map((p, i) => ({ name: `p${i}`, policy: literalPolicy(p.Properties.PolicyDocument) }));

      // WHEN: the simulator refuses an action it does not know ('invalid.action')
      const decisions = await Promise.all(EVIDENCE_READER_ACTIONS.map(async (action) => [action, await simulate({ action }, policies)]));

      // THEN
      expect(decisions.filter(([, d]) => d !== 'Allowed')).toEqual([]);
      await expect(simulate({ action: 's3:GetBucketVersioningEverything' }, policies)).rejects.toThrow(/invalid.action/);
    });

    test('S1-03 the simulated role may not read objects, items, log events, secrets or decrypt', async () => {
      // GIVEN
      const stack = readerStack();
      const policies = resources(stack, 'AWS::IAM::ManagedPolicy').map((p, i) => ({ name: `p${i}`, policy: literalPolicy(p.Properties.PolicyDocument) }));

      // WHEN
      const decisions = await Promise.all(['s3:GetObject', 'dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:Query', 'logs:GetLogEvents',
        'logs:FilterLogEvents', 'secretsmanager:GetSecretValue', 'kms:Decrypt'].map((action) => simulate({ action }, policies)));

      // THEN
      expect(new Set(decisions)).toEqual(new Set(['ImplicitlyDenied']));
    });

    test('S1-03 a data-plane or wildcard action added to the role later fails the synthesis', () => {
      // GIVEN
      const app = new App();
      const stack = stackWithPolicy(app);
      const reader = new EvidenceReaderRole(stack, 'EvidenceReader', { trustedPrincipals: [AUDITOR_ROLE] });

      // WHEN
      reader.role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 'logs:Describe*'], resources: ['*'] }));

      // THEN
      const message = errorOf(() => app.synth()).message;
      expect(message).toMatch(/EvidenceReader.*'s3:GetObject', which reads customer data or secrets/);
      expect(message).toMatch(/wildcard action 'logs:Describe\*'/);
    });
  });

  describe('trust', () => {
    test('S0-09 the role is assumable only with MFA no older than mfaMaxAge, for at most maxSessionDuration', () => {
      // GIVEN
      const stack = readerStack({
        trustedPrincipals: [AUDITOR_ACCOUNT, AUDITOR_ROLE], mfaMaxAge: Duration.minutes(30), maxSessionDuration: Duration.hours(2),
      });

      // WHEN
      const role = resources(stack, 'AWS::IAM::Role')[0];

      // THEN
      expect(role.Properties.MaxSessionDuration).toBe(7200);
      expect(role.Properties.Path).toBe(MfaGatedAccess.ROLE_PATH);
      const statements = literalPolicy(role.Properties.AssumeRolePolicyDocument).Statement;
      expect(statements).toHaveLength(2);
      expect(statements.map((s: any) => s.Principal.AWS).sort()).toEqual([AUDITOR_ROLE, `arn:aws:iam::${AUDITOR_ACCOUNT}:root`]);
      for (const s of statements) {
        expect(s).toMatchObject({
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, NumericLessThan: { 'aws:MultiFactorAuthAge': '1800' } },
        });
      }
    });

    test('S0-09 defaults: one hour MFA age and session', () => {
      // GIVEN
      const stack = readerStack();

      // WHEN
      const role = resources(stack, 'AWS::IAM::Role')[0];

      // THEN
      expect(role.Properties.MaxSessionDuration).toBe(3600);
      expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain('"aws:MultiFactorAuthAge":"3600"');
    });

    test('S0-09 a simulated assume-role is allowed with recent MFA only', async () => {
      // GIVEN
      const stack = readerStack();
      const trust = literalPolicy(resources(stack, 'AWS::IAM::Role')[0].Properties.AssumeRolePolicyDocument);
      const auditor = [{ name: 'auditor', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } }];
      const assume = (context: Record<string, string>, principal = AUDITOR_ROLE) => simulate({
        action: 'sts:AssumeRole', principal, resource: `arn:aws:iam::${ACCOUNT}:role/mfa-gated/EvidenceReader`, context,
      }, auditor, trust);

      // WHEN
      const withMfa = await assume({ 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '300' });
      const oldMfa = await assume({ 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '7200' });
      const noMfa = await assume({ 'aws:MultiFactorAuthPresent': 'false' });
      const otherRole = await assume({ 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '300' }, `arn:aws:iam::${AUDITOR_ACCOUNT}:role/other`);

      // THEN
      expect([withMfa, oldMfa, noMfa, otherRole]).toEqual(['Allowed', 'ImplicitlyDenied', 'ImplicitlyDenied', 'ImplicitlyDenied']);
    });

    test.each([
      ['*'],
      [`arn:aws:iam::${AUDITOR_ACCOUNT}:role/*`],
      ['arn:aws:iam::*:role/auditor'],
    ])('S0-09 a wildcard principal is refused: %s', (principal) => {
      // GIVEN
      const stack = stackWithPolicy();

      // WHEN
      const error = errorOf(() => new EvidenceReaderRole(stack, 'EvidenceReader', { trustedPrincipals: [AUDITOR_ROLE, principal] }));

      // THEN
      expect(error.name).toBe('DataProtectionError');
      expect(error.message).toMatch(/TestStack\/EvidenceReader: trustedPrincipals must name accounts, roles or users, not a wildcard.*got '/);
    });

    test.each([
      [[], /at least one account id or IAM role or user ARN, got none/],
      [['12345'], /12-digit account id or an IAM role or user ARN .*got '12345'/],
      [['arn:aws:s3:::bucket'], /got 'arn:aws:s3:::bucket'/],
    ])('S0-09 a principal that is no account or IAM role or user is refused: %j', (principals, message) => {
      // GIVEN
      const stack = stackWithPolicy();

      // WHEN / THEN
      expect(() => new EvidenceReaderRole(stack, 'EvidenceReader', { trustedPrincipals: principals })).toThrow(message);
    });

    test.each([
      [{ mfaMaxAge: Duration.minutes(5) }, /mfaMaxAge must be 15 minutes-12 hours, got 5 minutes/],
      [{ maxSessionDuration: Duration.hours(13) }, /maxSessionDuration must be 1-12 hours, got 13 hours/],
    ])('S0-09 durations out of range are refused: %j', (props, message) => {
      // GIVEN
      const stack = stackWithPolicy();

      // WHEN / THEN
      expect(() => new EvidenceReaderRole(stack, 'EvidenceReader', { trustedPrincipals: [AUDITOR_ROLE], ...props })).toThrow(message);
    });
  });

  test('compliance: every pack passes, the wildcard resource acknowledged with its reason', () => {
    // GIVEN
    const app = checkedApp();

    // WHEN
    readerStack({}, app);

    // THEN
    expectNoUnacknowledgedFindings(app);
  });
});
