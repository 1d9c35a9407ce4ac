import { runSimulation } from '@cloud-copilot/iam-simulate';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DataProtectionPolicy, MfaGatedAccess, MfaGatedAccessProps } from '../../lib';
import { checkedApp, errorOf, expectNoUnacknowledgedFindings, stackWithPolicy } from '../helpers/compliance';
import { literalPolicy, SIMULATED_ACCOUNT } from '../helpers/literal-policy';

const ACCOUNT = SIMULATED_ACCOUNT;
const CDK_DEPLOY_ROLE = `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-deploy-role-${ACCOUNT}-us-east-1`;
const VPN_IP = '203.0.113.10';
const WITH_MFA = { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '300' };

/** Approximations of the AWS-managed policies the roles use (the real ones are not in the template). */
const AWS_MANAGED: Record<string, any> = {
  AdministratorAccess: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  PowerUserAccess: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      { Effect: 'Allow', Action: ['iam:CreateServiceLinkedRole', 'iam:DeleteServiceLinkedRole', 'iam:ListRoles'], Resource: '*' },
    ],
  },
  ReadOnlyAccess: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['ec2:Describe*', 's3:Get*', 's3:List*', 'iam:Get*', 'iam:List*'], Resource: '*' }],
  },
};

/** Replaces the pseudo parameters and intrinsic functions of a synthesized policy with literals. */
const resolve = (value: any): any => literalPolicy(value);

/** The identity policies of the role whose logical id starts with `prefix`, resolved. */
function identityPolicies(stack: Stack, prefix: string): Array<{ name: string; policy: any }> {
  const template = Template.fromStack(stack).toJSON();
  const [, role] = Object.entries<any>(template.Resources).find(([id, r]) => r.Type === 'AWS::IAM::Role' && id.startsWith(prefix))!;
  return role.Properties.ManagedPolicyArns.map((arn: any) => {
    if (arn.Ref) {
      return { name: arn.Ref, policy: resolve(template.Resources[arn.Ref].Properties.PolicyDocument) };
    }
    const name = resolve(arn).split('/').pop();
    return { name, policy: AWS_MANAGED[name] };
  });
}

function trustPolicy(stack: Stack, prefix: string): any {
  const template = Template.fromStack(stack).toJSON();
  const [, role] = Object.entries<any>(template.Resources).find(([id, r]) => r.Type === 'AWS::IAM::Role' && id.startsWith(prefix))!;
  return resolve(role.Properties.AssumeRolePolicyDocument);
}

interface Request {
  readonly action: string;
  readonly resource: string;
  readonly context?: Record<string, string | string[]>;
  readonly principal?: string;
  readonly resourcePolicy?: any;
  readonly bucketAbac?: boolean;
}

async function decide(policies: Array<{ name: string; policy: any }>, req: Request): Promise<string> {
  const result: any = await runSimulation({
    request: {
      principal: req.principal ?? `arn:aws:iam::${ACCOUNT}:role/Human`,
      action: req.action,
      resource: { resource: req.resource, accountId: ACCOUNT },
      contextVariables: { 'aws:RequestedRegion': 'us-east-1', 'aws:ViaAWSService': 'false', 'aws:SourceIp': VPN_IP, ...req.context },
    },
    identityPolicies: policies,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: req.resourcePolicy,
    additionalSettings: req.bucketAbac ? { s3: { bucketAbacEnabled: true } } : undefined,
  }, {});
  if (result.resultType === 'error') {
    throw new Error(`simulation failed: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult;
}

function accessStack(props: MfaGatedAccessProps = {}, policy = {}): Stack {
  const stack = stackWithPolicy(new App(), policy);
  new MfaGatedAccess(stack, 'Access', {
    requireSourceIps: ['203.0.113.0/24'],
    piiAccessPrincipals: [`arn:aws:iam::${ACCOUNT}:role/dpo-alice`],
    ...props,
  });
  return stack;
}

describe('MfaGatedAccess', () => {
  describe('template', () => {
    test('S0-09 S1-05 S4-08 every role is assumable only with MFA no older than mfaMaxAge, for at most maxSessionDuration', () => {
      // GIVEN
      const stack = stackWithPolicy();

      // WHEN
      new MfaGatedAccess(stack, 'Access', { mfaMaxAge: Duration.minutes(30), maxSessionDuration: Duration.hours(2) });

      // THEN
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::IAM::Role', 3);
      template.allResourcesProperties('AWS::IAM::Role', {
        MaxSessionDuration: 7200,
        AssumeRolePolicyDocument: {
          Statement: [{
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] } },
            Condition: {
              Bool: { 'aws:MultiFactorAuthPresent': 'true' },
              NumericLessThan: { 'aws:MultiFactorAuthAge': '1800' },
            },
          }],
        },
      });
      template.resourceCountIs('AWS::IAM::User', 0);
    });

    test('S0-09 defaults: one hour MFA age and session, AWS-managed permissions per role', () => {
      // GIVEN
      const stack = stackWithPolicy();

      // WHEN
      new MfaGatedAccess(stack, 'Access');

      // THEN
      const template = Template.fromStack(stack);
      template.allResourcesProperties('AWS::IAM::Role', {
        MaxSessionDuration: 3600,
        AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Condition: Match.objectLike({ NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }) })] },
      });
      for (const [role, managed] of [['Administrator', 'AdministratorAccess'], ['Developer', 'PowerUserAccess'], ['ReadOnly', 'ReadOnlyAccess']]) {
        const roles = template.findResources('AWS::IAM::Role');
        const [, r] = Object.entries<any>(roles).find(([id]) => id.startsWith(`Access${role}`))!;
        expect(JSON.stringify(r.Properties.ManagedPolicyArns)).toContain(`:iam::aws:policy/${managed}`);
      }
    });

    test('S0-09 the MFA policy denies everything but self-service, and AssumeRole of other roles, without MFA', () => {
      // GIVEN
      const stack = stackWithPolicy();

      // WHEN
      new MfaGatedAccess(stack, 'Access');

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Sid: 'DenyAllButSelfServiceWithoutMfa',
              Effect: 'Deny',
              NotAction: Match.arrayWith(['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'sts:GetSessionToken', 'sts:AssumeRole']),
              Resource: '*',
              Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
            }),
            Match.objectLike({
              Sid: 'DenyAssumeOtherRolesWithoutMfa',
              Effect: 'Deny',
              Action: 'sts:AssumeRole',
              NotResource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':role/mfa-gated/*']] },
              Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
            }),
          ]),
        },
      });
    });

    test('S4-01 region pinning denies all but global services outside the policy region and backup copy regions', () => {
      // GIVEN
      const stack = stackWithPolicy(new App(), { backupCopyRegions: ['us-west-2'] });

      // WHEN
      new MfaGatedAccess(stack, 'Access', { additionalRegions: ['eu-central-1'] });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
        PolicyDocument: {
          Statement: [{
            Sid: 'DenyOutsideAllowedRegions',
            Effect: 'Deny',
            NotAction: Match.arrayWith(['iam:*', 'sts:*', 'organizations:*', 'support:*', 'cloudfront:*', 'route53:*', 'budgets:*', 'ce:*']),
            Resource: '*',
            Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'us-west-2', 'eu-central-1'] } },
          }],
        },
      });
    });

    test('S4-01 no region pinning when the policy names no region', () => {
      // GIVEN
      const stack = new Stack(new App(), 'NoRegion');
      new DataProtectionPolicy(stack, 'Policy', { securityContact: 'security@example.com' });

      // WHEN
      const access = new MfaGatedAccess(stack, 'Access');

      // THEN
      expect(access.regionPinningPolicy).toBeUndefined();
      expect(errorOf(() => new MfaGatedAccess(stack, 'Other', { additionalRegions: ['eu-west-1'] })).message)
        .toMatch(/additionalRegions \(eu-west-1\) needs a DataProtectionPolicy that names a region/);
    });

    test('S2-09 admin and developer may change things only from the admin network, unless an AWS service acts for them', () => {
      // GIVEN
      const stack = stackWithPolicy();

      // WHEN
      new MfaGatedAccess(stack, 'Access', { requireSourceIps: ['203.0.113.0/24'], requireSourceVpc: 'vpc-0123456789abcdef0' });

      // THEN
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
        PolicyDocument: {
          Statement: [{
            Sid: 'DenyChangesOutsideAdminNetwork',
            Effect: 'Deny',
            NotAction: Match.arrayWith(['sts:GetCallerIdentity', 'ec2:Describe*']),
            Resource: '*',
            Condition: {
              Bool: { 'aws:ViaAWSService': 'false' },
              NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] },
              StringNotEqualsIfExists: { 'aws:SourceVpc': 'vpc-0123456789abcdef0' },
            },
          }],
        },
      });
      const roles = template.findResources('AWS::IAM::Role');
      const restricted = Object.entries<any>(roles)
        .filter(([, r]) => JSON.stringify(r.Properties.ManagedPolicyArns).includes('SourceRestriction'))
        .map(([id]) => id.replace(/[0-9A-F]{8}$/, ''));
      expect(restricted.sort()).toEqual(['AccessAdministrator', 'AccessDeveloper']);
    });

    test('S1-03 the PII role is assumable only by the named staff with MFA and reads only personal-data stores', () => {
      // GIVEN
      const stack = stackWithPolicy();

      // WHEN
      const access = new MfaGatedAccess(stack, 'Access', { piiAccessPrincipals: [`arn:aws:iam::${ACCOUNT}:user/alice`, `arn:aws:iam::${ACCOUNT}:role/bob`] });

      // THEN
      expect(access.piiAccess).toBeDefined();
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [
            Match.objectLike({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` }, Condition: Match.objectLike({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }) }),
            Match.objectLike({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/bob` }, Condition: Match.objectLike({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }) }),
          ],
        },
      });
      template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
        PolicyDocument: {
          Statement: [{
            Sid: 'ReadPersonalDataStores',
            Effect: 'Allow',
            Action: Match.arrayWith(['s3:GetObject', 'kms:Decrypt']),
            Resource: '*',
            Condition: { StringEquals: { 'aws:ResourceTag/data-class': ['customer-user-data'] } },
          }],
        },
      });
    });
  });

  test('S0-10 refuses a wildcard principal in trustedPrincipals', () => {
    // GIVEN
    const stack = stackWithPolicy(new App());

    // WHEN
    const error = errorOf(() => new MfaGatedAccess(stack, 'Access', { trustedPrincipals: [new iam.AnyPrincipal()] }));

    // THEN
    expect(error.message).toContain('trustedPrincipals must name accounts, users or roles, not \'*\'');
  });

  describe('policy logic (evaluated with iam-simulate)', () => {
    const stack = accessStack();

    test.each(['AccessAdministrator', 'AccessDeveloper'])('S0-09 S2-09 %s with MFA from the VPN may assume the CDK deploy role (cdk deploy works)', async (role) => {
      expect(await decide(identityPolicies(stack, role), { action: 'sts:AssumeRole', resource: CDK_DEPLOY_ROLE, context: WITH_MFA })).toBe('Allowed');
    });

    test('S0-09 without MFA the CDK deploy role cannot be assumed and everything but MFA self-service is denied', async () => {
      const policies = identityPolicies(stack, 'AccessAdministrator');
      const noMfa = { principal: `arn:aws:iam::${ACCOUNT}:user/alice`, context: { 'aws:username': 'alice' } };
      expect(await decide(policies, { action: 'sts:AssumeRole', resource: CDK_DEPLOY_ROLE, ...noMfa })).toBe('ExplicitlyDenied');
      expect(await decide(policies, { action: 'sts:AssumeRole', resource: `arn:aws:iam::${ACCOUNT}:role/mfa-gated/Developer`, ...noMfa })).toBe('Allowed');
      expect(await decide(policies, { action: 'ec2:DescribeInstances', resource: '*', ...noMfa })).toBe('ExplicitlyDenied');
      expect(await decide(policies, {
        action: 'iam:CreateVirtualMFADevice',
        resource: `arn:aws:iam::${ACCOUNT}:mfa/alice`,
        ...noMfa,
      })).toBe('Allowed');
    });

    test('S0-10 requests an AWS service makes with the caller\'s credentials (CloudFormation during cdk bootstrap) are not denied for MFA', async () => {
      const policies = identityPolicies(stack, 'AccessDeveloper');
      const viaService = { principal: `arn:aws:iam::${ACCOUNT}:user/alice`, context: { 'aws:username': 'alice', 'aws:ViaAWSService': 'true' } };
      expect(await decide(policies, { action: 'ec2:DescribeInstances', resource: '*', ...viaService })).not.toBe('ExplicitlyDenied');
    });

    test('S0-09 the MFA policy alone lets a user without MFA set up only their own MFA device', async () => {
      const [mfa] = identityPolicies(stack, 'AccessReadOnly').filter((p) => p.name.startsWith('AccessRequireMfa'));
      const alice = { principal: `arn:aws:iam::${ACCOUNT}:user/alice`, context: { 'aws:username': 'alice' } };
      expect(await decide([mfa], { action: 'iam:CreateVirtualMFADevice', resource: `arn:aws:iam::${ACCOUNT}:mfa/alice`, ...alice })).toBe('Allowed');
      expect(await decide([mfa], { action: 'iam:EnableMFADevice', resource: `arn:aws:iam::${ACCOUNT}:user/alice`, ...alice })).toBe('Allowed');
      // an abandoned enrolment can be cleaned up by the user
      expect(await decide([mfa], { action: 'iam:DeleteVirtualMFADevice', resource: `arn:aws:iam::${ACCOUNT}:mfa/alice`, ...alice })).toBe('Allowed');
      expect(await decide([mfa], { action: 'iam:CreateVirtualMFADevice', resource: `arn:aws:iam::${ACCOUNT}:mfa/bob`, ...alice })).not.toBe('Allowed');
    });

    test('S0-09 S1-05 a user without MFA context may call AssumeRole on the gated roles, whose trust policy then requires the MFA token', async () => {
      const [mfa] = identityPolicies(stack, 'AccessReadOnly').filter((p) => p.name.startsWith('AccessRequireMfa'));
      const userAllow = { name: 'user', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } };
      const trust = trustPolicy(stack, 'AccessDeveloper');
      const developerArn = `arn:aws:iam::${ACCOUNT}:role/mfa-gated/Developer`;
      const base = { principal: `arn:aws:iam::${ACCOUNT}:user/alice`, action: 'sts:AssumeRole', resource: developerArn, resourcePolicy: trust };
      expect(await decide([mfa, userAllow], { ...base, context: WITH_MFA })).toBe('Allowed');
      expect(await decide([mfa, userAllow], { ...base, context: { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '7200' } })).not.toBe('Allowed');
      expect(await decide([mfa, userAllow], base)).not.toBe('Allowed');
    });

    test('S4-01 a regional call in another region is denied, a global call is not denied by region pinning', async () => {
      const policies = identityPolicies(stack, 'AccessDeveloper');
      const elsewhere = { ...WITH_MFA, 'aws:RequestedRegion': 'eu-west-1' };
      expect(await decide(policies, { action: 'ec2:DescribeInstances', resource: '*', context: elsewhere })).toBe('ExplicitlyDenied');
      expect(await decide(policies, { action: 'ec2:DescribeInstances', resource: '*', context: WITH_MFA })).toBe('Allowed');
      expect(await decide(policies, { action: 'iam:ListRoles', resource: '*', context: elsewhere })).toBe('Allowed');
    });

    test('S2-09 outside the admin network changes are denied, reads and AWS services acting for the role are not', async () => {
      const policies = identityPolicies(stack, 'AccessDeveloper');
      const outside = { ...WITH_MFA, 'aws:SourceIp': '198.51.100.7' };
      const terminate = { action: 'ec2:TerminateInstances', resource: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0123456789abcdef0` };
      expect(await decide(policies, { ...terminate, context: WITH_MFA })).toBe('Allowed');
      expect(await decide(policies, { ...terminate, context: outside })).toBe('ExplicitlyDenied');
      expect(await decide(policies, { action: 'sts:AssumeRole', resource: CDK_DEPLOY_ROLE, context: outside })).toBe('ExplicitlyDenied');
      expect(await decide(policies, { action: 'ec2:DescribeInstances', resource: '*', context: outside })).toBe('Allowed');
      expect(await decide(policies, { ...terminate, context: { ...outside, 'aws:ViaAWSService': 'true' } })).toBe('Allowed');
    });

    test('S1-03 the PII role reads a bucket tagged customer-user-data, not one tagged internal', async () => {
      const policies = identityPolicies(stack, 'AccessPiiAccess');
      const get = { action: 's3:GetObject', resource: 'arn:aws:s3:::users-bucket/u/1.json', bucketAbac: true };
      expect(await decide(policies, { ...get, context: { ...WITH_MFA, 'aws:ResourceTag/data-class': 'customer-user-data' } })).toBe('Allowed');
      expect(await decide(policies, { ...get, context: { ...WITH_MFA, 'aws:ResourceTag/data-class': 'internal' } })).not.toBe('Allowed');
      expect(await decide(policies, {
        action: 's3:PutObject',
        resource: 'arn:aws:s3:::users-bucket/u/1.json',
        bucketAbac: true,
        context: { ...WITH_MFA, 'aws:ResourceTag/data-class': 'customer-user-data' },
      })).not.toBe('Allowed');
    });
  });

  describe('rejected input', () => {
    test('S0-09 mfaMaxAge below 15 minutes', () => {
      const stack = stackWithPolicy();
      expect(errorOf(() => new MfaGatedAccess(stack, 'Access', { mfaMaxAge: Duration.minutes(5) })).message)
        .toMatch(/mfaMaxAge must be 15 minutes-12 hours, got 5 minutes/);
    });

    test('S0-09 maxSessionDuration above 12 hours', () => {
      const stack = stackWithPolicy();
      expect(errorOf(() => new MfaGatedAccess(stack, 'Access', { maxSessionDuration: Duration.hours(13) })).message)
        .toMatch(/maxSessionDuration must be 1-12 hours, got 13 hours/);
    });

    test('S1-03 PII access only for named users or roles', () => {
      const stack = stackWithPolicy();
      expect(errorOf(() => new MfaGatedAccess(stack, 'Root', { piiAccessPrincipals: [`arn:aws:iam::${ACCOUNT}:root`] })).message)
        .toMatch(/piiAccessPrincipals must be ARNs of named IAM users or roles .*got 'arn:aws:iam::111111111111:root'/);
      expect(errorOf(() => new MfaGatedAccess(stack, 'Wild', { piiAccessPrincipals: [`arn:aws:iam::${ACCOUNT}:role/*`] })).message)
        .toMatch(/got 'arn:aws:iam::111111111111:role\/\*'/);
      expect(errorOf(() => new MfaGatedAccess(stack, 'None', { piiAccessPrincipals: [] })).message)
        .toMatch(/piiAccessPrincipals must name at least one IAM user or role, got none/);
    });

    test('S2-09 an empty source IP list', () => {
      const stack = stackWithPolicy();
      expect(errorOf(() => new MfaGatedAccess(stack, 'Access', { requireSourceIps: [] })).message)
        .toMatch(/requireSourceIps must name at least one CIDR range, got none/);
    });
  });

  test('S0-09 S1-03 S2-09 S4-01 passes every compliance pack with only inherent findings acknowledged', () => {
    // GIVEN
    const app = checkedApp();
    const stack = stackWithPolicy(app, { backupCopyRegions: ['us-west-2'] });

    // WHEN
    new MfaGatedAccess(stack, 'Access', {
      trustedPrincipals: [new iam.AccountRootPrincipal(), new iam.ArnPrincipal(`arn:aws:iam::${ACCOUNT}:role/sso-admins`)],
      requireSourceIps: ['203.0.113.0/24'],
      piiAccessPrincipals: [`arn:aws:iam::${ACCOUNT}:role/dpo-alice`],
    });

    // THEN
    expectNoUnacknowledgedFindings(app);
  });
});
