import { App, CfnParameter, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { DataProtectionPolicy } from '../../lib';
import { DEFAULT_POLICY, errorOf, stackWithPolicy } from '../helpers/compliance';

/** A construct of some other library that makes log groups its own way. */
class ThirdPartyConstruct extends Construct {
  constructor(scope: Construct, id: string, retentionInDays?: number) {
    super(scope, id);
    new logs.CfnLogGroup(this, 'Logs', { logGroupName: '/third-party/app', retentionInDays });
  }
}

function logGroups(stack: Stack): Array<{ id: string; properties: any }> {
  const found = Template.fromStack(stack).findResources('AWS::Logs::LogGroup');
  return Object.entries(found).map(([id, r]: [string, any]) => ({ id, properties: r.Properties }));
}

describe('LogGroupEnforcement', () => {
  test('S0-04 S1-06 a third-party log group without retention or key gets the policy\'s retention and the stack\'s log key', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new ThirdPartyConstruct(stack, 'ThirdParty');

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/third-party/app',
      RetentionInDays: 365,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataProtectionLogKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'AllowCloudWatchLogsOfThisAccount',
          Principal: { Service: 'logs.us-east-1.amazonaws.com' },
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
        })]),
      },
    });
  });

  test('S0-04 S1-06 an L1 log group without retention gets the policy\'s; an L2 told to keep logs forever, or longer, keeps its own', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new logs.CfnLogGroup(stack, 'Bare', { logGroupName: 'bare' });
    new logs.LogGroup(stack, 'Forever', { logGroupName: 'forever', retention: logs.RetentionDays.INFINITE });
    new logs.LogGroup(stack, 'Longer', { logGroupName: 'longer', retention: logs.RetentionDays.TWO_YEARS });

    // THEN
    const byName = Object.fromEntries(logGroups(stack).map((g) => [g.properties.LogGroupName, g.properties.RetentionInDays]));
    expect(byName).toEqual({ bare: 365, forever: undefined, longer: 731 });
  });

  test('S0-04 an escape-hatch override to 7 days is refused like the typed property', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const group = new logs.LogGroup(stack, 'Overridden', { retention: logs.RetentionDays.ONE_YEAR });

    // WHEN
    (group.node.defaultChild as logs.CfnLogGroup).addPropertyOverride('RetentionInDays', 7);

    // THEN
    expect(() => Template.fromStack(stack)).toThrow(/Overridden\/Resource: keeps logs for 7 days/);
  });

  test('S0-04 an escape-hatch override that removes the key is refused', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const group = new logs.LogGroup(stack, 'Unencrypted');

    // WHEN
    (group.node.defaultChild as logs.CfnLogGroup).addOverride('Properties.KmsKeyId', undefined);

    // THEN
    expect(() => Template.fromStack(stack)).toThrow(/Unencrypted\/Resource: removes its KMS key with an override/);
  });

  test('S0-04 S1-06 a log group asking for 7 days under a 365-day policy fails with the path and both values', () => {
    // GIVEN
    const stack = stackWithPolicy();
    new logs.LogGroup(stack, 'Short', { retention: logs.RetentionDays.ONE_WEEK });

    // WHEN
    const error = errorOf(() => Template.fromStack(stack));

    // THEN
    expect(error.message).toMatch(/^TestStack\/Short\/Resource: keeps logs for 7 days, but the DataProtectionPolicy at TestStack\/Policy keeps logs 365 days/);
    expect(error.message.match(/TestStack\/Short/g)).toHaveLength(1);
    expect(error.name).toBe('DataProtectionError');
  });

  test('S0-04 a third-party L1 log group with 30 days under the policy is refused, not raised', () => {
    // GIVEN
    const stack = stackWithPolicy();
    new ThirdPartyConstruct(stack, 'ThirdParty', 30);

    // WHEN / THEN
    expect(() => Template.fromStack(stack)).toThrow(/ThirdParty\/Logs: keeps logs for 30 days.*set retentionInDays to at least that/);
  });

  test('S0-04 a finite retention under a policy that keeps logs forever is refused', () => {
    // GIVEN
    const stack = stackWithPolicy(new App(), { logRetention: logs.RetentionDays.INFINITE });
    new logs.LogGroup(stack, 'TenYears', { retention: logs.RetentionDays.TEN_YEARS });

    // WHEN / THEN
    expect(() => Template.fromStack(stack)).toThrow(/keeps logs for 3653 days, but .* keeps logs forever \(RetentionDays.INFINITE\)/);
  });

  test('S0-04 a retention resolved only at deploy time is refused', () => {
    // GIVEN
    const stack = stackWithPolicy();
    new logs.CfnLogGroup(stack, 'Param', { retentionInDays: new CfnParameter(stack, 'Days', { type: 'Number' }).valueAsNumber });

    // WHEN / THEN
    expect(() => Template.fromStack(stack)).toThrow(/Param: sets retentionInDays to a value resolved only at deploy time/);
  });

  test('S0-04 S1-06 aws-cdk-lib\'s custom-resource handlers (auto-delete objects, AwsCustomResource) write to encrypted log groups with the policy\'s retention', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    const scratch = new s3.Bucket(stack, 'Scratch', { autoDeleteObjects: true, removalPolicy: RemovalPolicy.DESTROY });
    Tags.of(scratch).add('data-class', 'internal');
    new cr.AwsCustomResource(stack, 'Call', {
      onCreate: { service: 'STS', action: 'GetCallerIdentity', physicalResourceId: cr.PhysicalResourceId.of('id') },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
      installLatestAwsSdk: false,
    });

    // THEN
    const template = Template.fromStack(stack);
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as any[];
    expect(functions).toHaveLength(2);
    const groups = Object.fromEntries(logGroups(stack).map((g) => [g.id, g.properties]));
    for (const fn of functions) {
      const ref = fn.Properties.LoggingConfig.LogGroup.Ref;
      expect(groups[ref]).toEqual(expect.objectContaining({ RetentionInDays: 365, KmsKeyId: expect.anything() }));
    }
  });

  test('S0-04 a Custom::LogRetention (logRetention props of aws-cdk-lib, e.g. RDS cloudwatchLogsRetention) of 7 days is refused', () => {
    // GIVEN
    const stack = stackWithPolicy();
    new logs.LogRetention(stack, 'Retention', { logGroupName: '/aws/rds/instance/db/postgresql', retention: logs.RetentionDays.ONE_WEEK });

    // WHEN / THEN
    expect(() => Template.fromStack(stack)).toThrow(/Retention\/Resource: keeps logs for 7 days.*set RetentionInDays to at least that/);
  });

  test('S0-04 a function whose logs go through logRetention or fn.logGroup (an unencrypted /aws/lambda group) is told to name a log group', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const fn = new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {};'),
    });

    // WHEN
    fn.logGroup.addMetricFilter('Errors', { filterPattern: logs.FilterPattern.anyTerm('ERROR'), metricNamespace: 'App', metricName: 'Errors' });

    // THEN
    expect(() => Template.fromStack(stack)).toThrow(/TestStack\/Fn: writes to \/aws\/lambda\/<function name> through logRetention.*pass `logGroup: new logs.LogGroup/);
  });

  test('a function that names its own log group keeps it', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const own = new logs.LogGroup(stack, 'Own', { logGroupName: 'own' });

    // WHEN
    new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {};'),
      logGroup: own,
    });

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    template.hasResourceProperties('AWS::Lambda::Function', { LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^Own') } } });
  });

  test('log groups outside the policy\'s scope are left alone', () => {
    // GIVEN
    const app = new App();
    const governed = new Stack(app, 'Governed');
    new DataProtectionPolicy(governed, 'Policy', DEFAULT_POLICY);
    new logs.LogGroup(governed, 'Governed', { retention: logs.RetentionDays.TWO_YEARS });
    const other = new Stack(app, 'Other');

    // WHEN
    new logs.LogGroup(other, 'Short', { retention: logs.RetentionDays.ONE_WEEK });

    // THEN
    Template.fromStack(governed).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 731, KmsKeyId: Match.anyValue() });
    Template.fromStack(other).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7, KmsKeyId: Match.absent() });
  });
});
