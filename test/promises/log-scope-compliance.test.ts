import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ApplicationLogGroup } from '../../lib/audit/application-log-group';
import { LogRetentionPromise, LogScope } from '../../lib/promises/log-retention';
import { checkedApp, expectNoUnacknowledgedFindings, findings, stackWithPolicy } from '../helpers/compliance';

const CT_RULE = 'cloudwatch_log_group_retention_period_check';

describe('a scope promised under a year, under every compliance pack', () => {
  test('S0-04 application logs promised 90 days: Control Tower\'s one-year floor is acknowledged with the promise as reason, and nothing else is open', () => {
    // GIVEN
    const app = checkedApp();
    const stack = stackWithPolicy(app, {
      promises: [new LogRetentionPromise({ scope: LogScope.APPLICATION, retention: Duration.days(90) })],
    });

    // WHEN
    new ApplicationLogGroup(stack, 'AppLogs');

    // THEN
    expectNoUnacknowledgedFindings(app);
    const template = Template.fromStack(stack).toJSON();
    const group = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::Logs::LogGroup' && r.Properties.RetentionInDays === 90);
    expect(JSON.stringify(group.Metadata)).toContain('the page promises application logs kept 90 days (LogRetentionPromise), not a year');
  });

  test('S0-04 a log group of no promised scope kept 90 days stays a finding (nothing is acknowledged for it)', () => {
    // GIVEN: a policy whose application scope keeps logs 90 days, and a plain log group of no scope that keeps them 90 days too
    const app = checkedApp();
    const stack = stackWithPolicy(app, {
      logRetention: logs.RetentionDays.THREE_MONTHS,
      promises: [new LogRetentionPromise({ scope: LogScope.APPLICATION, retention: Duration.days(90) })],
    });

    // WHEN
    new logs.LogGroup(stack, 'Plain', { retention: logs.RetentionDays.THREE_MONTHS });

    // THEN: Control Tower's rule still reports the unscoped group
    const open = findings(app).filter((f) => f.rule.includes(CT_RULE) || /CLOUDWATCH\.PR\.2/.test(f.rule));
    expect(open.map((f) => f.paths.join(','))).toEqual([expect.stringContaining('Plain')]);
  });
});
