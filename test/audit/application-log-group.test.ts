import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ApplicationLogGroup } from '../../lib';
import { checkedApp, errorOf, expectNoUnacknowledgedFindings, stackWithPolicy } from '../helpers/compliance';

function dataProtectionPolicyOf(template: Template): any {
  const groups = Object.values(template.findResources('AWS::Logs::LogGroup')) as any[];
  const withPolicy = groups.filter((g) => g.Properties.DataProtectionPolicy);
  expect(withPolicy).toHaveLength(1);
  return withPolicy[0].Properties.DataProtectionPolicy;
}

describe('ApplicationLogGroup', () => {
  test('S1-04 S4-04 masks e-mail addresses, names, addresses, phone numbers, cards and IP addresses, and audits the findings', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new ApplicationLogGroup(stack, 'AppLogs', { logGroupName: '/app/api' });

    // THEN
    const policy = dataProtectionPolicyOf(Template.fromStack(stack));
    const [audit, deidentify] = policy.Statement;
    const identifiers = audit.DataIdentifier.map((d: any) => d['Fn::Join'][1].slice(-1)[0].replace(/^:dataprotection::aws:data-identifier\//, ''));
    expect(identifiers).toEqual(expect.arrayContaining(['EmailAddress', 'Name', 'Address', 'PhoneNumber-US', 'CreditCardNumber', 'IpAddress']));
    expect(audit.Operation.Audit.FindingsDestination.CloudWatchLogs.LogGroup).toEqual({ Ref: expect.stringMatching(/^AppLogsMaskingAudit/) });
    expect(deidentify.Operation).toEqual({ Deidentify: { MaskConfig: {} } });
    expect(deidentify.DataIdentifier).toEqual(audit.DataIdentifier);
  });

  test('S0-04 S1-06 the log group and the audit log group are kept for the policy\'s retention, encrypted, retained', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new ApplicationLogGroup(stack, 'AppLogs', { logGroupName: '/app/api' });

    // THEN
    const template = Template.fromStack(stack);
    for (const name of ['/app/api', '/aws/vendedlogs/cdk-data-protection/TestStack/AppLogs/masking-audit']) {
      template.hasResource('AWS::Logs::LogGroup', {
        Properties: Match.objectLike({ LogGroupName: name, RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataProtectionLogKey'), 'Arn'] } }),
        DeletionPolicy: 'RetainExceptOnCreate',
      });
    }
  });

  test('a key it is given admits CloudWatch Logs for both groups', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const key = new kms.Key(stack, 'Own');

    // WHEN
    new ApplicationLogGroup(stack, 'AppLogs', { logGroupName: '/app/api', encryptionKey: key });

    // THEN
    const keyPolicy = JSON.stringify((Object.values(Template.fromStack(stack).findResources('AWS::KMS::Key'))[0] as any).Properties.KeyPolicy);
    expect(keyPolicy).toContain(':log-group:/app/api');
    expect(keyPolicy).toContain(':log-group:/aws/vendedlogs/cdk-data-protection/TestStack/AppLogs/masking-audit');
  });

  test('masks what it is told to', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    const group = new ApplicationLogGroup(stack, 'AppLogs', { maskedData: [logs.DataIdentifier.SSN_US, logs.DataIdentifier.EMAILADDRESS] });

    // THEN
    expect(group.maskedData.map((d) => d.name)).toEqual(['Ssn-US', 'EmailAddress']);
    expect(dataProtectionPolicyOf(Template.fromStack(stack)).Statement[0].DataIdentifier).toHaveLength(2);
  });

  test('defaultMaskedData is a copy', () => {
    // WHEN
    ApplicationLogGroup.defaultMaskedData.pop();

    // THEN
    expect(ApplicationLogGroup.defaultMaskedData.map((d) => d.name)).toContain('PuttyPrivateKey');
  });

  test.each([
    ['nothing to mask', [], /maskedData must name at least one kind of data to mask, got none/],
    ['a kind twice', [logs.DataIdentifier.NAME, logs.DataIdentifier.NAME], /maskedData must name each kind of data once.*got 'Name'/],
  ])('refuses %s', (_what, maskedData, message) => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN / THEN
    expect(errorOf(() => new ApplicationLogGroup(stack, 'AppLogs', { maskedData })).message).toMatch(message);
  });

  test('grantWrite lets a role write log events to this group only', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const group = new ApplicationLogGroup(stack, 'AppLogs');
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });

    // WHEN
    group.grantWrite(role);

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [Match.objectLike({
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AppLogs'), 'Arn'] },
        })],
      },
    });
  });

  test('S1-04 passes all four cdk-nag packs and the Control Tower rules', () => {
    // GIVEN
    const app = checkedApp();
    const stack = stackWithPolicy(app);

    // WHEN
    new ApplicationLogGroup(stack, 'AppLogs');

    // THEN
    expectNoUnacknowledgedFindings(app);
  });
});
