import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AccountPasswordPolicy } from '../../lib';
import { checkedApp, errorOf, expectNoUnacknowledgedFindings, stackWithPolicy } from '../helpers/compliance';

function callOf(template: Template): any {
  const resource = Object.values(template.findResources('Custom::AWS'))[0] as any;
  const create = resource.Properties.Create;
  return JSON.parse(typeof create === 'string' ? create : create['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : '111111111111')).join(''));
}

describe('AccountPasswordPolicy', () => {
  test('S0-09 S1-03 CIS values: 14 characters, all four character classes, 24 passwords remembered, no expiry', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new AccountPasswordPolicy(stack, 'Passwords');

    // THEN
    const call = callOf(Template.fromStack(stack));
    expect(call.service).toBe('IAM');
    expect(call.action).toBe('updateAccountPasswordPolicy');
    expect(call.parameters).toEqual({
      MinimumPasswordLength: 14,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      AllowUsersToChangePassword: true,
      PasswordReusePrevention: 24,
    });
  });

  test('S1-03 a maximum age when asked, and a longer minimum length', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new AccountPasswordPolicy(stack, 'Passwords', { minimumLength: 20, maxAge: Duration.days(90) });

    // THEN
    expect(callOf(Template.fromStack(stack)).parameters).toMatchObject({ MinimumPasswordLength: 20, MaxPasswordAge: 90, HardExpiry: false });
  });

  test('the same call on update, allowed only iam:UpdateAccountPasswordPolicy', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new AccountPasswordPolicy(stack, 'Passwords');

    // THEN
    const template = Template.fromStack(stack);
    const resource = Object.values(template.findResources('Custom::AWS'))[0] as any;
    expect(resource.Properties.Update).toEqual(resource.Properties.Create);
    const statements = (Object.values(template.findResources('AWS::IAM::Policy'))[0] as any).Properties.PolicyDocument.Statement;
    expect(statements).toEqual([{ Action: 'iam:UpdateAccountPasswordPolicy', Effect: 'Allow', Resource: '*' }]);
  });

  test.each([
    ['minimumLength 8, below CIS', { minimumLength: 8 }, /minimumLength must be a whole number from 14 to 128, got 8/],
    ['minimumLength 200', { minimumLength: 200 }, /minimumLength must be a whole number from 14 to 128, got 200/],
    ['reusePrevention 5', { reusePrevention: 5 }, /reusePrevention must be a whole number from 24 to 24, got 5/],
    ['maxAge of 2000 days', { maxAge: Duration.days(2000) }, /maxAge \(days\) must be a whole number from 1 to 1095, got 2000/],
  ])('refuses %s', (_what, props, message) => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN / THEN
    expect(errorOf(() => new AccountPasswordPolicy(stack, 'Passwords', props)).message).toMatch(message);
  });

  test('S0-09 passes all four cdk-nag packs and the Control Tower rules', () => {
    // GIVEN
    const app = checkedApp();

    // WHEN
    new AccountPasswordPolicy(stackWithPolicy(app), 'Passwords');

    // THEN
    expectNoUnacknowledgedFindings(app);
  });
});
