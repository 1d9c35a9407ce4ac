import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AuditTrail, CisAlarms } from '../../lib';
import { errorOf, stackWithPolicy } from '../helpers/compliance';

describe('CisAlarms', () => {
  test('S1-07 S2-14 the trail\'s log group has 15 CIS metric filters, each with an alarm that notifies the alarm topic', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const topic = new sns.Topic(stack, 'Incidents');

    // WHEN
    new AuditTrail(stack, 'Audit', { alarmTopic: topic });

    // THEN
    const template = Template.fromStack(stack);
    const filters = template.findResources('AWS::Logs::MetricFilter');
    const alarms = template.findResources('AWS::CloudWatch::Alarm');
    expect(Object.keys(filters)).toHaveLength(15);
    expect(Object.keys(alarms)).toHaveLength(15);
    for (const filter of Object.values(filters) as any[]) {
      expect(filter.Properties.LogGroupName).toEqual({ Ref: expect.stringMatching(/^AuditLogGroup/) });
      expect(filter.Properties.MetricTransformations).toEqual([expect.objectContaining({ MetricNamespace: 'CISBenchmark', MetricValue: '1' })]);
    }
    for (const alarm of Object.values(alarms) as any[]) {
      expect(alarm.Properties).toMatchObject({
        AlarmActions: [{ Ref: expect.stringMatching(/^Incidents/) }],
        Threshold: 1,
        EvaluationPeriods: 1,
        Period: 300,
        Statistic: 'Sum',
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    }
  });

  test.each(CisAlarms.controls.map((c) => [c.cis, c.id, c]))('S1-07 CIS %s %s: filter pattern and alarm description', (_cis, id, control) => {
    // GIVEN
    const stack = stackWithPolicy();
    const logGroup = new logs.LogGroup(stack, 'Trail');

    // WHEN
    new CisAlarms(stack, 'Cis', { logGroup, alarmTopic: new sns.Topic(stack, 'Topic') });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: control.filterPattern,
      MetricTransformations: [Match.objectLike({ MetricName: id })],
    });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: id } })) as any[];
    expect(alarms).toHaveLength(1);
    const description = JSON.stringify(alarms[0].Properties.AlarmDescription);
    expect(description).toContain(`CIS AWS Foundations ${control.cis}`);
    expect(description).toContain(control.description);
  });

  test('the controls cover the CIS section 4 list: root use, MFA-less sign-in, IAM, CloudTrail, KMS, S3, Config, network and Organizations', () => {
    // THEN
    expect(CisAlarms.controls.map((c) => c.cis)).toEqual(
      ['4.1', '4.2', '4.3', '4.4', '4.5', '4.6', '4.7', '4.8', '4.9', '4.10', '4.11', '4.12', '4.13', '4.14', '4.15']);
    const root = CisAlarms.controls.find((c) => c.id === 'RootAccountUsage')!;
    expect(root.filterPattern).toContain('$.userIdentity.type="Root"');
    expect(CisAlarms.controls.find((c) => c.id === 'KmsKeyDisabledOrDeleted')!.filterPattern).toContain('ScheduleKeyDeletion');
  });

  test.each([
    // Written out from the CIS AWS Foundations Benchmark v1.4.0 section 4 / Security Hub CloudWatch.x remediation text,
    // independently of the library's table, so a mistyped pattern fails here.
    ['RootAccountUsage', '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}'],
    ['UnauthorizedApiCalls', '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}'],
    ['ConsoleAuthenticationFailures', '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}'],
    ['KmsKeyDisabledOrDeleted', '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion))}'],
    ['CloudTrailChanges', '{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}'],
    ['NetworkGatewayChanges', '{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || '
      + '($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}'],
  ])('S1-07 %s uses the benchmark\'s filter pattern', (id, pattern) => {
    // GIVEN
    const withoutSpaces = (text: string) => text.replace(/\s+/g, '');

    // WHEN
    const control = CisAlarms.controls.find((c) => c.id === id)!;

    // THEN
    expect(withoutSpaces(control.filterPattern)).toBe(withoutSpaces(pattern));
  });

  test('controls returns copies: changing one changes no alarm', () => {
    // GIVEN
    const controls = CisAlarms.controls as any[];

    // WHEN
    controls[0].filterPattern = '{ $.x = 1 }';

    // THEN
    expect(CisAlarms.controls[0].filterPattern).not.toBe('{ $.x = 1 }');
  });

  test.each([['AWS/Logs'], [''], ['has space']])('refuses the metric namespace %j', (metricNamespace) => {
    // GIVEN
    const stack = stackWithPolicy();
    const logGroup = new logs.LogGroup(stack, 'Trail');

    // WHEN
    const error = errorOf(() => new CisAlarms(stack, 'Cis', { logGroup, alarmTopic: new sns.Topic(stack, 'Topic'), metricNamespace }));

    // THEN
    expect(error.message).toContain(`metricNamespace must be 1-255 letters, digits or . _ # : / -, and not start with 'AWS/', got '${metricNamespace}'`);
  });
});
