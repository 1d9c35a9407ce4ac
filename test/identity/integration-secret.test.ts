import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Compliance, IntegrationSecret } from '../../lib';
import { checkedApp, errorOf, expectNoUnacknowledgedFindings, findings, stackWithPolicy } from '../helpers/compliance';

function rotationFunction(stack: Stack): lambda.Function {
  return new lambda.Function(stack, 'Rotate', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {};'),
  });
}

describe('IntegrationSecret', () => {
  test('S0-10 a named secret encrypted with its own rotating KMS key, holding a {clientId, clientSecret} placeholder', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    const zoom = new IntegrationSecret(stack, 'Zoom', { integrationName: 'zoom' });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: {
        Name: 'cdk-data-protection/integrations/zoom',
        Description: 'OAuth 2.0 client credentials of the zoom integration',
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ZoomKey'), 'Arn'] },
        GenerateSecretString: Match.objectLike({
          SecretStringTemplate: '{"clientId":"REPLACE_ME"}',
          GenerateStringKey: 'clientSecret',
        }),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    expect(zoom.secretName).toBe('cdk-data-protection/integrations/zoom');
    expect(zoom.node.defaultChild === zoom.secret).toBe(true);
  });

  test('S0-10 only the granted roles (and the account root user) can read the value', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const zoom = new IntegrationSecret(stack, 'Zoom', { integrationName: 'zoom', description: 'Zoom OAuth app' });
    const role = new iam.Role(stack, 'Integration', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });

    // WHEN
    zoom.grantRead(role);

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SecretsManager::ResourcePolicy', {
      BlockPublicPolicy: true,
      ResourcePolicy: {
        Statement: [{
          Sid: 'DenyReadExceptGrantedRoles',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'secretsmanager:GetSecretValue',
          Resource: '*',
          Condition: {
            ArnNotEquals: {
              'aws:PrincipalArn': [
                { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] },
                { 'Fn::GetAtt': [Match.stringLikeRegexp('^Integration'), 'Arn'] },
              ],
            },
          },
        }],
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] }),
        ]),
      },
      Roles: [{ Ref: Match.stringLikeRegexp('^Integration') }],
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'kms:Decrypt',
          Principal: { AWS: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Integration'), 'Arn'] } },
          Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
        })]),
      },
    });
  });

  test('S0-10 refuses to grant a principal that is not a role', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const zoom = new IntegrationSecret(stack, 'Zoom', { integrationName: 'zoom' });

    // THEN
    expect(errorOf(() => zoom.grantRead(new iam.AccountRootPrincipal())).message).toMatch(/only IAM roles/);
  });

  test('rotation every 30 days with the given function, which may then read the value', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const zoom = new IntegrationSecret(stack, 'Zoom', { integrationName: 'zoom' });

    // WHEN
    zoom.addRotation(rotationFunction(stack), Duration.days(30));

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: Match.stringLikeRegexp('^Zoom') },
      RotationLambdaARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Rotate'), 'Arn'] },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
    template.hasResourceProperties('AWS::SecretsManager::ResourcePolicy', {
      ResourcePolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'DenyReadExceptGrantedRoles',
          Condition: { ArnNotEquals: { 'aws:PrincipalArn': Match.arrayWith([{ 'Fn::GetAtt': [Match.stringLikeRegexp('^RotateServiceRole'), 'Arn'] }]) } },
        })]),
      },
    });
  });

  test('rejects a rotation outside 1-365 days and a bad integration name', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const zoom = new IntegrationSecret(stack, 'Zoom', { integrationName: 'zoom' });
    const fn = rotationFunction(stack);

    // THEN
    expect(errorOf(() => zoom.addRotation(fn, Duration.days(400))).message)
      .toMatch(/rotation period must be a whole number of days 1-365, got 400 days/);
    expect(errorOf(() => zoom.addRotation(fn, Duration.hours(12))).message).toMatch(/1-365, got 12 hours/);
    expect(errorOf(() => new IntegrationSecret(stack, 'Bad', { integrationName: 'Zoom Video!' })).message)
      .toMatch(/integrationName must be 1-64 lower-case letters, digits and inner hyphens .* got 'Zoom Video!'/);
  });

  test('compliance: no unacknowledged finding without rotation (the rotation findings are acknowledged)', () => {
    // GIVEN
    const app = checkedApp();
    const stack = stackWithPolicy(app);

    // WHEN
    const zoom = new IntegrationSecret(stack, 'Zoom', { integrationName: 'zoom' });
    const role = new iam.Role(stack, 'Integration', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    zoom.grantRead(role);
    // The grant lands in the grantee's own default policy: the grantee's concern, not the construct's.
    Compliance.acknowledgeRules(role, ['HIPAA.Security-IAMNoInlinePolicy', 'NIST.800.53.R5-IAMNoInlinePolicy', 'PCI.DSS.321-IAMNoInlinePolicy'],
      'The test role receives the read grant in its default policy, as an application role would.');

    // THEN
    expectNoUnacknowledgedFindings(app);
  });

  test('compliance: with rotation, no rotation finding is reported nor acknowledged', () => {
    // GIVEN
    const app = checkedApp();
    const stack = stackWithPolicy(app);
    const zoom = new IntegrationSecret(stack, 'Zoom', { integrationName: 'zoom' });

    // WHEN
    zoom.addRotation(rotationFunction(stack), Duration.days(90));

    // THEN
    const found = findings(app);
    expect(found.filter((f) => f.paths.some((p) => p.startsWith('TestStack/Zoom')))).toEqual([]);
    expect(JSON.stringify(zoom.secret.node.metadata)).not.toMatch(/RotationEnabled/);
  });
});
