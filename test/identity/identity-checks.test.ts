import { App, SecretValue, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Compliance, DataProtectionPolicy } from '../../lib';
import { checkedApp, DEFAULT_POLICY, errorOf, findings, stackWithPolicy } from '../helpers/compliance';

const rule = (app: App, id: string) => findings(app).filter((f) => f.rule === id);

describe('identity checks of the DataProtectionPolicy', () => {
  test('S1-05 S4-08 an IAM user with a console password fails synthesis', () => {
    // GIVEN
    const app = checkedApp();
    const stack = stackWithPolicy(app);

    // WHEN
    new iam.User(stack, 'Shared', { password: SecretValue.unsafePlainText('not-a-real-password-123!') });

    // THEN
    expect(rule(app, 'DataProtection-IamUserCredentials').map((f) => f.paths)).toEqual([['TestStack/Shared/Resource']]);
  });

  test('S1-05 S4-08 an access key fails synthesis; a user without credentials passes', () => {
    // GIVEN
    const app = checkedApp();
    const stack = stackWithPolicy(app);
    const user = new iam.User(stack, 'Ci');
    new iam.User(stack, 'NoCredentials');

    // WHEN
    new iam.AccessKey(stack, 'Key', { user });

    // THEN
    expect(rule(app, 'DataProtection-IamUserCredentials').map((f) => f.paths)).toEqual([['TestStack/Key/Resource']]);
  });

  test('S0-10 S2-09 a role assumable by an account without MFA fails; with the MFA condition, or by a service, it passes', () => {
    // GIVEN
    const app = checkedApp();
    const stack = stackWithPolicy(app);

    // WHEN
    new iam.Role(stack, 'Unconditioned', { assumedBy: new iam.AccountRootPrincipal() });
    new iam.Role(stack, 'WithMfa', {
      assumedBy: new iam.AccountRootPrincipal().withConditions({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
    });
    new iam.Role(stack, 'Service', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });

    // THEN
    expect(rule(app, 'DataProtection-RoleWithoutMfa').map((f) => f.paths)).toEqual([['TestStack/Unconditioned/Resource']]);
  });

  test('S0-10 S4-08 a role any AWS principal may assume with MFA, with MultiFactorAuthPresent false, or with BoolIfExists true, still fails', () => {
    // GIVEN
    const app = checkedApp();
    const stack = stackWithPolicy(app);

    // WHEN
    new iam.Role(stack, 'AnyoneWithMfa', { assumedBy: new iam.AnyPrincipal().withConditions({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }) });
    new iam.Role(stack, 'FalseMfa', { assumedBy: new iam.AccountRootPrincipal().withConditions({ Bool: { 'aws:MultiFactorAuthPresent': 'false' } }) });
    // BoolIfExists is true when the key is absent, as it is for requests signed with long-term access keys.
    new iam.Role(stack, 'IfExistsMfa', {
      assumedBy: new iam.AccountRootPrincipal().withConditions({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }),
    });

    // THEN
    expect(rule(app, 'DataProtection-RoleWithoutMfa').map((f) => f.paths).flat().sort())
      .toEqual(['TestStack/AnyoneWithMfa/Resource', 'TestStack/FalseMfa/Resource', 'TestStack/IfExistsMfa/Resource']);
  });

  test('S0-10 an automation role may be acknowledged with a reason', () => {
    // GIVEN
    const app = checkedApp();
    const stack = stackWithPolicy(app);
    const role = new iam.Role(stack, 'Pipeline', { assumedBy: new iam.ArnPrincipal('arn:aws:iam::222222222222:role/ci') });

    // WHEN
    Compliance.acknowledge(role, { ruleId: 'DataProtection-RoleWithoutMfa', reason: 'Assumed by the CI pipeline of the tools account, no person.' });

    // THEN
    expect(rule(app, 'DataProtection-RoleWithoutMfa')).toEqual([]);
  });

  test('S0-05 S4-01 a stack in an account the policy does not allow fails synthesis', () => {
    // GIVEN
    const app = checkedApp();
    const stack = new Stack(app, 'Elsewhere', { env: { account: '333333333333', region: 'us-east-1' } });

    // WHEN
    new DataProtectionPolicy(stack, 'Policy', { ...DEFAULT_POLICY, allowedAccounts: ['111111111111', '222222222222'] });

    // THEN
    expect(rule(app, 'DataProtection-Account').map((f) => f.description)).toEqual([
      'Stack is in account 333333333333, but the DataProtectionPolicy at Elsewhere/Policy allows only 111111111111, 222222222222.',
    ]);
  });

  test.each([
    ['a short id', ['12345'], /each of allowedAccounts must be a literal 12-digit AWS account id, got '12345'/],
    ['an id twice', ['111111111111', '111111111111'], /allowedAccounts must not list '111111111111' twice/],
  ])('S0-05 the policy refuses allowedAccounts with %s', (_what, allowedAccounts, message) => {
    // WHEN / THEN
    expect(errorOf(() => stackWithPolicy(new App(), { allowedAccounts })).message).toMatch(message);
  });
});
