import { App } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IntegrationSecret, MfaGatedAccess, SecureUserPool } from '../../../lib';
import { StackView } from '../../../lib/evidence/model';
import { IDENTITY_VERIFIERS } from '../../../lib/evidence/verifiers/identity';
import { stackWithPolicy } from '../../helpers/compliance';
import { failing, proves, runVerifier, viewOfStack, viewOfTemplate } from '../helpers';

const V = IDENTITY_VERIFIERS;
const DPO = 'arn:aws:iam::111111111111:role/dpo-alice';

/** The policy record of a fixture: the default data classes, one of them personal data. */
const RECORD = {
  'cdk-data-protection': {
    version: 1,
    policy: 'Fixture/Policy',
    securityContact: 'security@example.com',
    allowedAccounts: [],
    claims: [],
    dataClasses: [
      { name: 'customer-data', label: 'Customer Data', protectionLevel: 'CONFIDENTIAL', personalData: false, minimumEncryption: 'S3_MANAGED' },
      { name: 'customer-user-data', label: 'Customer User Data', protectionLevel: 'RESTRICTED', personalData: true, minimumEncryption: 'KMS' },
    ],
  },
};

/** A fixture template of the given resources. */
function fixture(resources: Record<string, any>, options: { region?: string } = {}): StackView {
  return viewOfTemplate({ Metadata: RECORD, Resources: resources }, options);
}

const ACCOUNT_ROOT = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] };

/** A role that principals of the account may assume, with the given trust condition. */
function humanRole(condition?: Record<string, any>, extra: Record<string, any> = {}): any {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: ACCOUNT_ROOT }, Condition: condition }] },
      ...extra,
    },
  };
}

/** The service stack of the library's constructs, synthesized once. */
let service: StackView;

beforeAll(() => {
  const stack = stackWithPolicy(new App());
  new MfaGatedAccess(stack, 'Access', { piiAccessPrincipals: [DPO] });
  new SecureUserPool(stack, 'Users', { allowedEmailDomains: ['example.com'] });
  const secret = new IntegrationSecret(stack, 'Zoom', { integrationName: 'zoom' });
  secret.grantRead(new iam.Role(stack, 'Integration', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }));
  service = viewOfStack(stack);
});

/** A copy of the service template, changed by `edit`. */
function edited(edit: (resources: Record<string, any>) => void): StackView {
  const template = JSON.parse(JSON.stringify(service.template));
  edit(template.Resources);
  return viewOfTemplate(template, { id: service.id });
}

describe('mfa-required', () => {
  test('S0-09 S4-08 fails an MFA guard narrowed by another condition (conditions are ANDed): roles it exempts act without MFA', () => {
    // GIVEN MfaGatedAccess's guard, applying only to principals that are not roles
    const narrowed = edited((resources) => {
      const [, guard] = Object.entries<any>(resources).find(([id]) => id.startsWith('AccessRequireMfa'))!;
      const deny = guard.Properties.PolicyDocument.Statement.find((st: any) => st.Effect === 'Deny' && st.Condition?.BoolIfExists);
      deny.Condition.ArnNotLike = { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' };
    });

    // WHEN
    const facts = runVerifier(V['mfa-required'], [narrowed]);

    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({
      logicalId: expect.stringMatching(/^AccessRequireMfa/),
      found: expect.stringMatching(/^Deny all but \d+ IAM\/STS self-service actions without MFA only when ArnNotLike aws:PrincipalArn; attached to /),
      note: 'the Deny applies only when ArnNotLike aws:PrincipalArn also holds: other sessions without MFA are not denied',
    })]);
  });

  test('S0-09 S1-05 S2-09 S4-08 proves the MfaGatedAccess roles need MFA (age bounded), the MFA guard, and no IAM user', () => {
    // WHEN
    const facts = runVerifier(V['mfa-required'], [service]);

    // THEN
    expect(proves(facts)).toBe(true);
    const roles = facts.filter((f) => f.propertyPath === 'Properties.AssumeRolePolicyDocument');
    expect(roles.map((f) => f.logicalId)).toEqual([
      expect.stringMatching(/^AccessAdministrator/), expect.stringMatching(/^AccessDeveloper/), expect.stringMatching(/^AccessReadOnly/),
      expect.stringMatching(/^AccessPiiAccess/),
    ]);
    expect(roles[0].found).toBe('Bool aws:MultiFactorAuthPresent true; MFA age < 3600 s');
    expect(facts).toContainEqual(expect.objectContaining({
      logicalId: expect.stringMatching(/^AccessRequireMfa/),
      satisfied: true,
      found: expect.stringMatching(/^Deny all but 10 IAM\/STS self-service actions without MFA; attached to AccessAdministrator/),
    }));
  });

  test('S0-09 fails a role without MFA, one with BoolIfExists, an IAM user with a password and an access key', () => {
    // GIVEN
    const stack = fixture({
      NoMfa: humanRole(),
      IfExists: humanRole({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }),
      Service: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' } }] } } },
      Alice: { Type: 'AWS::IAM::User', Properties: { LoginProfile: { Password: 'x' } } },
      Key: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: { Ref: 'Alice' } } },
    });

    // WHEN
    const facts = runVerifier(V['mfa-required'], [stack]);

    // THEN: the service role is not a human's
    expect(failing(facts)).toEqual([
      expect.objectContaining({
        logicalId: 'NoMfa',
        expected: 'Bool aws:MultiFactorAuthPresent true for every AWS account principal',
        found: 'no MFA condition for arn:${AWS::Partition}:iam::${AWS::AccountId}:root',
      }),
      expect.objectContaining({ logicalId: 'IfExists', found: 'no MFA condition for arn:${AWS::Partition}:iam::${AWS::AccountId}:root' }),
      expect.objectContaining({ propertyPath: 'Resources[Type=AWS::IAM::ManagedPolicy or AWS::IAM::Policy].Properties.PolicyDocument', found: '(none)' }),
      expect.objectContaining({ logicalId: 'Alice', propertyPath: 'Properties.LoginProfile', found: '{"Password":"x"}' }),
      expect.objectContaining({ logicalId: 'Key', expected: 'no IAM access key', found: 'AWS::IAM::AccessKey' }),
    ]);
  });

  test('S4-08 fails a role anyone may assume with MFA, and an MFA guard attached to nobody', () => {
    // GIVEN
    const stack = fixture({
      Anyone: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sts:*', Principal: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': true } } }] } } },
      Guard: {
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: { PolicyDocument: { Statement: [{ Effect: 'Deny', NotAction: ['iam:EnableMFADevice'], Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }] } },
      },
    });

    // THEN
    expect(failing(runVerifier(V['mfa-required'], [stack]))).toEqual([
      expect.objectContaining({ logicalId: 'Anyone', found: 'no MFA condition for *', note: 'any AWS principal (\'*\') may assume it' }),
      expect.objectContaining({ logicalId: 'Guard', found: 'Deny all but 1 IAM/STS self-service actions without MFA; attached to nothing' }),
    ]);
  });
});

describe('user-pool-mfa', () => {
  test('S1-05 proves the SecureUserPool requires MFA', () => {
    // WHEN
    const facts = runVerifier(V['user-pool-mfa'], [service]);

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts).toEqual([expect.objectContaining({ propertyPath: 'Properties.MfaConfiguration', found: 'ON' })]);
  });

  test('S1-05 fails an optional-MFA pool, a pool with the default, and no pool at all', () => {
    // GIVEN
    const stack = fixture({ Optional: { Type: 'AWS::Cognito::UserPool', Properties: { MfaConfiguration: 'OPTIONAL' } }, Default: { Type: 'AWS::Cognito::UserPool' } });

    // THEN
    expect(failing(runVerifier(V['user-pool-mfa'], [stack]))).toEqual([
      expect.objectContaining({ logicalId: 'Optional', expected: 'ON', found: 'OPTIONAL' }),
      expect.objectContaining({ logicalId: 'Default', expected: 'ON', found: '(absent)', note: 'absent: CloudFormation\'s default is OFF' }),
    ]);
    expect(failing(runVerifier(V['user-pool-mfa'], [fixture({})]))).toEqual([expect.objectContaining({ found: '(none)' })]);
  });
});

describe('pii-access', () => {
  test('S1-03 the PII role is MFA-gated, named and tag-scoped, but the administrator, developer and read-only roles reach every data store', () => {
    // WHEN
    const facts = runVerifier(V['pii-access'], [service]);

    // THEN
    expect(facts).toContainEqual(expect.objectContaining({
      logicalId: expect.stringMatching(/^AccessPiiAccess/), propertyPath: 'Properties.AssumeRolePolicyDocument', found: `${DPO}; MFA required`, satisfied: true,
    }));
    expect(facts).toContainEqual(expect.objectContaining({
      logicalId: expect.stringMatching(/^AccessPiiRead/), found: 'StringEquals aws:ResourceTag/data-class = customer-user-data', satisfied: true,
    }));
    expect(failing(facts)).toEqual([
      expect.objectContaining({ logicalId: expect.stringMatching(/^AccessAdministrator/), propertyPath: 'Properties.ManagedPolicyArns', found: 'AdministratorAccess (Allow * on *)' }),
      expect.objectContaining({ logicalId: expect.stringMatching(/^AccessDeveloper/), found: expect.stringMatching(/^PowerUserAccess/) }),
      expect.objectContaining({ logicalId: expect.stringMatching(/^AccessReadOnly/), found: expect.stringMatching(/^ReadOnlyAccess .*reads every data store/) }),
    ]);
  });

  test('S1-03 proves the service template once the administrator, developer and read-only roles lose their AWS managed policies', () => {
    // GIVEN
    const stack = edited((resources) => {
      for (const [id, r] of Object.entries<any>(resources)) {
        if (/^Access(Administrator|Developer|ReadOnly)/.test(id) && r.Type === 'AWS::IAM::Role') {
          r.Properties.ManagedPolicyArns = r.Properties.ManagedPolicyArns.filter((arn: any) => arn.Ref !== undefined);
        }
      }
    });

    // THEN
    expect(proves(runVerifier(V['pii-access'], [stack]))).toBe(true);
  });

  test('S1-03 fails a role trusted by the account root, scoped to a non-personal class, and a policy of s3:* on *', () => {
    // GIVEN
    const stack = fixture({
      Reader: humanRole({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, {
        Policies: [{
          PolicyName: 'read',
          PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/data-class': ['customer-user-data', 'customer-data'] } } }] },
        }],
      }),
      Wide: { Type: 'AWS::IAM::Policy', Properties: { Roles: [{ Ref: 'Reader' }], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'S3:*', Resource: '*' }] } } },
    });

    // WHEN
    const facts = runVerifier(V['pii-access'], [stack]);

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({ logicalId: 'Reader', propertyPath: 'Properties.AssumeRolePolicyDocument', found: 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root; MFA required' }),
      expect.objectContaining({
        logicalId: 'Wide',
        propertyPath: 'Properties.PolicyDocument.Statement.0',
        expected: 'data-store actions only on resources tagged data-class = customer-user-data',
        found: 'no data-class condition',
      }),
      expect.objectContaining({
        logicalId: 'Reader',
        propertyPath: 'Properties.Policies.0.PolicyDocument.Statement.0',
        found: 'StringEquals aws:ResourceTag/data-class = customer-user-data | customer-data',
        note: 'not personal data: customer-data',
      }),
      expect.objectContaining({
        logicalId: 'Wide',
        expected: 'no * or <service>:* on s3, rds, dynamodb, kms, secretsmanager with Resource *',
        found: 'Allow s3:* on * (s3); attached to Reader',
      }),
    ]);
  });

  test('S1-03 fails without a tag-scoped role; an Allow NotAction counts as a broad grant', () => {
    // GIVEN
    const stack = fixture({
      Power: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', NotAction: ['iam:*', 'kms:*'], Resource: '*' }] } } },
    });

    // THEN
    expect(failing(runVerifier(V['pii-access'], [stack]))).toEqual([
      expect.objectContaining({ propertyPath: 'Resources[Type=AWS::IAM::Role]', found: '(none)' }),
      expect.objectContaining({ logicalId: 'Power', found: 'Allow NotAction iam:*, kms:* on * (s3, rds, dynamodb, secretsmanager); attached to nothing' }),
    ]);
  });
});

describe('integration-secret', () => {
  test('S0-10 proves the IntegrationSecret is encrypted with its own key and readable only by the granted role', () => {
    // WHEN
    const facts = runVerifier(V['integration-secret'], [service]);

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts[1]).toMatchObject({
      propertyPath: 'Properties.ResourcePolicy.Statement.0',
      found: expect.stringMatching(/^denied to all but arn:\$\{AWS::Partition\}:iam::\$\{AWS::AccountId\}:root, \$\{Integration[0-9A-F]+\.Arn\}$/),
    });
  });

  test('S0-10 fails a secret with the AWS managed key and no resource policy, and no secret at all', () => {
    // GIVEN
    const stack = fixture({ Secret: { Type: 'AWS::SecretsManager::Secret', Properties: { KmsKeyId: 'alias/aws/secretsmanager' } } });

    // THEN
    expect(failing(runVerifier(V['integration-secret'], [stack]))).toEqual([
      expect.objectContaining({ propertyPath: 'Properties.KmsKeyId', expected: 'a customer-managed KMS key', found: 'alias/aws/secretsmanager' }),
      expect.objectContaining({ propertyPath: 'Resources[Type=AWS::SecretsManager::ResourcePolicy, SecretId=Secret]', found: '(no such resource policy)' }),
    ]);
    expect(failing(runVerifier(V['integration-secret'], [fixture({})]))).toEqual([expect.objectContaining({ found: '(none)' })]);
  });

  test('S0-10 fails a secret no integration role may read: "readable only by the integration" needs a reader (issue 19 item 7)', () => {
    // GIVEN the IntegrationSecret's deny, excepting only the account root user (grantRead never called)
    const unread = edited((resources) => {
      const [, policy] = Object.entries<any>(resources).find(([, r]) => r.Type === 'AWS::SecretsManager::ResourcePolicy')!;
      const condition = policy.Properties.ResourcePolicy.Statement[0].Condition.ArnNotEquals;
      condition['aws:PrincipalArn'] = [condition['aws:PrincipalArn'][0]];
    });

    // WHEN
    const facts = runVerifier(V['integration-secret'], [unread]);

    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({
      propertyPath: 'Properties.ResourcePolicy.Statement.0',
      found: expect.stringMatching(/^denied to all but arn:.*:root$/),
      note: expect.stringContaining('no integration role may read the secret'),
    })]);
  });

  test('S0-10 fails a read deny narrowed by another condition: it then spares every request that does not meet it', () => {
    // GIVEN the IntegrationSecret's deny, applying only to requests without TLS
    const narrowed = edited((resources) => {
      const [, policy] = Object.entries<any>(resources).find(([, r]) => r.Type === 'AWS::SecretsManager::ResourcePolicy')!;
      policy.Properties.ResourcePolicy.Statement[0].Condition.Bool = { 'aws:SecureTransport': 'false' };
    });

    // WHEN
    const facts = runVerifier(V['integration-secret'], [narrowed]);

    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({
      propertyPath: 'Properties.ResourcePolicy.Statement.0',
      found: expect.stringMatching(/^denied to all but .* only when Bool aws:SecureTransport$/),
      note: 'the Deny applies only when Bool aws:SecureTransport also holds: other requests read the secret with any IAM grant',
    })]);
  });
});

describe('unique-identities', () => {
  test('S2-16 proves there is no IAM user and a Cognito user pool', () => {
    // WHEN
    const facts = runVerifier(V['unique-identities'], [service]);

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts.map((f) => f.found)).toEqual(['(none)', 'AWS::Cognito::UserPool']);
  });

  test('S2-16 fails an IAM user with a password, and no user pool', () => {
    // GIVEN
    const stack = fixture({ Bob: { Type: 'AWS::IAM::User', Properties: { LoginProfile: { Password: 'x' } } }, Ci: { Type: 'AWS::IAM::User', Properties: {} } });

    // THEN
    expect(failing(runVerifier(V['unique-identities'], [stack]))).toEqual([
      expect.objectContaining({ logicalId: 'Bob', expected: '(absent): no console password', found: '{"Password":"x"}' }),
      expect.objectContaining({ propertyPath: 'Resources[Type=AWS::Cognito::UserPool]', found: '(none)' }),
    ]);
  });
});

describe('verified-company-email', () => {
  test('S4-03 proves the SecureUserPool verifies e-mail and its pre-sign-up trigger admits only example.com', () => {
    // WHEN
    const facts = runVerifier(V['verified-company-email'], [service]);

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts[1]).toMatchObject({ propertyPath: 'Properties.Environment.Variables.ALLOWED_EMAIL_DOMAINS', found: expect.stringMatching(/: example\.com$/) });
  });

  test('S4-03 fails a pool without e-mail verification or trigger, and a trigger given no domain', () => {
    // GIVEN
    const stack = fixture({
      Bare: { Type: 'AWS::Cognito::UserPool', Properties: {} },
      Open: { Type: 'AWS::Cognito::UserPool', Properties: { AutoVerifiedAttributes: ['email'], LambdaConfig: { PreSignUp: { 'Fn::GetAtt': ['Fn', 'Arn'] } } } },
      Fn: { Type: 'AWS::Lambda::Function', Properties: { Code: { ZipFile: 'exports.handler = async (e) => e;' } } },
    });

    // THEN
    expect(failing(runVerifier(V['verified-company-email'], [stack]))).toEqual([
      expect.objectContaining({ logicalId: 'Bare', propertyPath: 'Properties.AutoVerifiedAttributes', expected: 'includes email', found: '(absent)' }),
      expect.objectContaining({ logicalId: 'Bare', propertyPath: 'Properties.LambdaConfig.PreSignUp', found: '(absent)' }),
      expect.objectContaining({
        logicalId: 'Fn',
        propertyPath: 'Properties.Environment.Variables.ALLOWED_EMAIL_DOMAINS',
        found: '(absent)',
        note: 'the trigger is given no allowed domain',
      }),
    ]);
  });
});

describe('region-pinned', () => {
  test('S0-05 S4-01 proves the stack is in us-east-1 and MfaGatedAccess denies other regions', () => {
    // WHEN
    const facts = runVerifier(V['region-pinned'], [service], { region: 'us-east-1' });

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts[0]).toMatchObject({ propertyPath: 'environment.region', expected: 'us-east-1', found: 'us-east-1' });
    expect(facts[1].found).toMatch(/^Deny outside us-east-1 except \d+ global actions; attached to AccessAdministrator/);
  });

  test('S0-05 fails a stack in another region and an environment-agnostic one, and a deny that does not name the region', () => {
    // GIVEN
    const deny = {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        Roles: [{ Ref: 'Role' }],
        PolicyDocument: { Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }] },
      },
    };
    const west = fixture({ Deny: deny }, { region: 'eu-west-1' });
    const agnostic = viewOfTemplate({ Resources: {} }, { id: 'Anywhere', region: undefined });

    // WHEN
    const facts = runVerifier(V['region-pinned'], [west, agnostic], { region: 'us-east-1' });

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({ stack: 'Fixture', propertyPath: 'environment.region', expected: 'us-east-1', found: 'eu-west-1' }),
      expect.objectContaining({ stack: 'Anywhere', found: '(environment-agnostic)' }),
      expect.objectContaining({ logicalId: 'Deny', found: 'Deny outside eu-west-1; attached to Role', note: 'allows other regions than us-east-1' }),
    ]);
  });

  test('S0-05 fails a deny that also allows a region the claim does not name, or any region by wildcard', () => {
    // GIVEN
    const denyOutside = (regions: string[]) => ({
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        Roles: [{ Ref: 'Role' }],
        PolicyDocument: { Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotLike: { 'aws:RequestedRegion': regions } } }] },
      },
    });

    // WHEN
    const wildcard = runVerifier(V['region-pinned'], [fixture({ Deny: denyOutside(['us-east-1', '*']) })], { region: 'us-east-1' });
    const extra = runVerifier(V['region-pinned'], [fixture({ Deny: denyOutside(['us-east-1', 'eu-west-1']) })],
      { region: 'us-east-1', allowedRegions: 'us-east-1,us-west-2' });
    const copies = runVerifier(V['region-pinned'], [fixture({ Deny: denyOutside(['us-east-1', 'us-west-2']) })],
      { region: 'us-east-1', allowedRegions: 'us-east-1,us-west-2' });

    // THEN
    expect(failing(wildcard)).toEqual([expect.objectContaining({ found: 'Deny outside us-east-1, *; attached to Role', note: 'allows other regions than us-east-1' })]);
    expect(failing(extra)).toEqual([expect.objectContaining({ note: 'allows other regions than us-east-1, us-west-2' })]);
    expect(proves(copies)).toBe(true);
  });

  test('S4-01 fails a deny narrowed by a second operator on the region or by another condition (conditions are ANDed)', () => {
    // GIVEN MfaGatedAccess's deny, with a condition added (an override merges into the existing one)
    const narrowed = (condition: Record<string, any>) => edited((resources) => {
      const [, pinning] = Object.entries<any>(resources).find(([id]) => id.startsWith('AccessRegionPinning'))!;
      Object.assign(pinning.Properties.PolicyDocument.Statement[0].Condition, condition);
    });

    // WHEN
    const usAnywhere = runVerifier(V['region-pinned'], [narrowed({ StringNotLike: { 'aws:RequestedRegion': 'us-*' } })], { region: 'us-east-1' });
    const exempted = runVerifier(V['region-pinned'], [narrowed({ ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ci-*' } })],
      { region: 'us-east-1' });

    // THEN
    expect(failing(usAnywhere)).toEqual([expect.objectContaining({
      found: expect.stringMatching(/^Deny outside us-east-1, us-\* except \d+ global actions; attached to /), note: 'allows other regions than us-east-1',
    })]);
    expect(failing(exempted)).toEqual([expect.objectContaining({
      found: expect.stringMatching(/^Deny outside us-east-1 except \d+ global actions only when ArnNotLike aws:PrincipalArn; attached to /),
      note: 'the Deny applies only when ArnNotLike aws:PrincipalArn also holds: other requests reach any region',
    })]);
    // AND the unchanged deny still proves the claim
    expect(proves(runVerifier(V['region-pinned'], [narrowed({})], { region: 'us-east-1' }))).toBe(true);
  });

  test('S4-01 fails without a region-pinning policy, or without an expectation', () => {
    // THEN
    expect(failing(runVerifier(V['region-pinned'], [fixture({})], { region: 'us-east-1' }))).toEqual([
      expect.objectContaining({ expected: 'a Deny outside us-east-1 (aws:RequestedRegion), attached', found: '(none)' }),
    ]);
    expect(failing(runVerifier(V['region-pinned'], [fixture({})]))).toEqual([expect.objectContaining({ found: '(absent)' })]);
  });
});
