import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Stack, Stage } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { DataClass, DataProtectionPolicy, IncidentResponse, IncidentResponseProps, ProtectionLevel, ThreatDetection } from '../../lib';
import { checkedApp, DEFAULT_POLICY, errorOf, expectNoUnacknowledgedFindings, stackWithPolicy } from '../helpers/compliance';

function incidents(props: IncidentResponseProps = {}): { stack: Stack; construct: IncidentResponse; template: Template } {
  const stack = stackWithPolicy();
  const construct = new IncidentResponse(stack, 'Incidents', props);
  return { stack, construct, template: Template.fromStack(stack) };
}

const TOPIC = { Ref: Match.stringLikeRegexp('^IncidentsTopic') };

describe('IncidentResponse secure defaults (no props)', () => {
  // GIVEN a stack with the default policy / WHEN
  const { template } = incidents();

  test('S0-11 the incident topic is encrypted with a rotating customer-managed key and refuses plain HTTP', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^IncidentsTopicKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  test('S0-11 EventBridge and CloudWatch alarms may publish to the topic', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith(['events.amazonaws.com', 'cloudwatch.amazonaws.com'].map((service) =>
          Match.objectLike({ Effect: 'Allow', Action: 'sns:Publish', Principal: { Service: service } }))),
      },
    });
    // An encrypted topic takes messages only from principals that may use its key.
    const keys = Object.values(template.findResources('AWS::KMS::Key', {
      Properties: { Description: Match.stringLikeRegexp('Incidents/Topic') },
    })) as any[];
    expect(keys).toHaveLength(1);
    for (const service of ['events.amazonaws.com', 'cloudwatch.amazonaws.com']) {
      const grants = keys[0].Properties.KeyPolicy.Statement.filter((st: any) => st.Effect === 'Allow' && st.Principal?.Service === service);
      expect(grants.flatMap((st: any) => [st.Action].flat())).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey*']));
    }
  });

  test('S0-11 S1-07 GuardDuty findings of severity 7 (High) or higher go to the topic', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.guardduty'],
        'detail-type': ['GuardDuty Finding'],
        'detail': { severity: [{ numeric: ['>=', 7] }] },
      },
      Targets: [Match.objectLike({ Arn: TOPIC })],
    });
  });

  test('S0-11 S2-14 new, active Security Hub findings rated HIGH or CRITICAL go to the topic', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.securityhub'],
        'detail-type': ['Security Hub Findings - Imported'],
        'detail': {
          findings: {
            Severity: { Label: ['HIGH', 'CRITICAL'] },
            Workflow: { Status: ['NEW'] },
            RecordState: ['ACTIVE'],
          },
        },
      },
      Targets: [Match.objectLike({ Arn: TOPIC })],
    });
  });

  test('S2-12 failed, aborted and expired backup, copy and restore jobs go to the topic', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.backup'],
        'detail-type': ['Backup Job State Change', 'Copy Job State Change', 'Restore Job State Change'],
        'detail': { state: ['FAILED', 'ABORTED', 'EXPIRED'] },
      },
      Targets: [Match.objectLike({ Arn: TOPIC })],
    });
  });

  test('subscribes nobody unless asked', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

describe('IncidentResponse options', () => {
  test('S1-07 a lower GuardDuty severity threshold (Medium and up)', () => {
    // GIVEN / WHEN
    const { template } = incidents({ guardDutyMinimumSeverity: 4 });

    // THEN
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ source: ['aws.guardduty'], detail: { severity: [{ numeric: ['>=', 4] }] } }),
    });
  });

  test.each([0.5, 10.5, Number.NaN])('refuses guardDutyMinimumSeverity %p, outside GuardDuty\'s 1.0-10.0 range', (severity) => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    const error = errorOf(() => new IncidentResponse(stack, 'Incidents', { guardDutyMinimumSeverity: severity }));

    // THEN
    expect(error.name).toBe('DataProtectionError');
    expect(error.message).toBe(
      `TestStack/Incidents: guardDutyMinimumSeverity must be a number from 1.0 to 10.0 (GuardDuty's severity range), got ${severity}`);
  });

  test('S0-11 e-mail subscribers and other subscriptions', () => {
    // GIVEN / WHEN
    const { template } = incidents({
      emailSubscribers: ['oncall@example.com', 'security@example.com'],
      subscriptions: [new subs.UrlSubscription('https://hooks.example.com/incidents')],
    });

    // THEN
    const subscriptions = Object.values(template.findResources('AWS::SNS::Subscription')).map((s: any) => [s.Properties.Protocol, s.Properties.Endpoint]);
    expect(subscriptions).toEqual([
      ['email', 'oncall@example.com'],
      ['email', 'security@example.com'],
      ['https', 'https://hooks.example.com/incidents'],
    ]);
  });

  test.each([
    ['not an e-mail address', ['oncall'], /emailSubscribers must hold e-mail addresses \(name@example.com\), got 'oncall'/],
    ['an address with a space', ['on call@example.com'], /got 'on call@example.com'/],
    ['the same address twice', ['a@example.com', 'A@example.com'], /emailSubscribers must not list 'A@example.com' twice/],
  ])('refuses %s', (_name, emailSubscribers, message) => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    const error = errorOf(() => new IncidentResponse(stack, 'Incidents', { emailSubscribers }));

    // THEN
    expect(error.name).toBe('DataProtectionError');
    expect(error.message).toMatch(/^TestStack\/Incidents: /);
    expect(error.message).toMatch(message);
  });

  test('uses the topic it is given instead of its own', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const topic = new sns.Topic(stack, 'Existing');

    // WHEN
    const construct = new IncidentResponse(stack, 'Incidents', { topic });

    // THEN
    expect(construct.topic).toBe(topic);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.allResourcesProperties('AWS::Events::Rule', { Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^Existing') } })] });
  });

  test('backupJobFailures: false leaves failed backup jobs to SecureBackupPlan', () => {
    // GIVEN / WHEN
    const { construct, template } = incidents({ backupJobFailures: false });

    // THEN
    expect(construct.backupJobsRule).toBeUndefined();
    template.resourceCountIs('AWS::Events::Rule', 2);
  });

  test('S1-07 S2-14 addAlarm sends an alarm (such as a CIS alarm) to the topic', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const construct = new IncidentResponse(stack, 'Incidents');
    const alarm = new cloudwatch.Alarm(stack, 'RootLogin', {
      metric: new cloudwatch.Metric({ namespace: 'CISBenchmark', metricName: 'RootAccountUsage', period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
    });

    // WHEN
    construct.addAlarm(alarm);

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [TOPIC] });
  });

  test('refuses a second IncidentResponse in the same stack', () => {
    // GIVEN
    const stack = stackWithPolicy();
    new IncidentResponse(stack, 'Incidents');

    // WHEN / THEN
    expect(() => new IncidentResponse(stack, 'More')).toThrow(/TestStack\/More: stack TestStack already has an IncidentResponse \(TestStack\/Incidents\); one per stack/);
  });

  test('fails with a clear error when no DataProtectionPolicy applies', () => {
    const stack = new Stack(new App(), 'NoPolicy');
    expect(() => new IncidentResponse(stack, 'Incidents')).toThrow(/no DataProtectionPolicy applies here/);
  });
});

describe('IncidentResponse breach notice', () => {
  test('S0-11 S4-11 the breach notice has the four parts, the declared data classes, the contact and the topic', () => {
    // GIVEN / WHEN
    const { construct } = incidents();
    const notice = construct.breachNotice;

    // THEN the four parts, in order
    const parts = ['## 1. Extent of the data affected', '## 2. What happened', '## 3. Scope: customers and users affected', '## 4. Response and mitigation'];
    const positions = parts.map((p) => notice.indexOf(p));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // (1) extent: every declared data class
    expect(notice).toContain('- [ ] Customer Data (`customer-data`, protection level CONFIDENTIAL)');
    expect(notice).toContain('- [ ] Customer User Data (`customer-user-data`, protection level RESTRICTED, personal data)');
    expect(notice).toContain('- [ ] Internal Data (`internal`, protection level INTERNAL)');
    // (2) what happened, with both dates
    expect(notice).toContain('- Date of the breach: <YYYY-MM-DD');
    expect(notice).toContain('- Date of discovery: <YYYY-MM-DD>');
    // (3) scope
    expect(notice).toContain('- Customers affected: <');
    expect(notice).toContain('- Users affected: <');
    // (4) response
    expect(notice).toContain('- What we did to stop the breach and limit its effects: <');
    // contact and topic
    expect(notice).toContain('Questions about this incident: security@example.com.');
    expect(notice).toContain('`TestStack/Incidents/Topic` (SNS)');
    expect(notice).toMatch(/^# Security incident notice: TestStack\n/);
  });

  test('S3-01 the notice lists the data classes the policy declares, under the service name given', () => {
    // GIVEN
    const recordings = DataClass.custom({ name: 'recordings', label: 'Call Recordings', protectionLevel: ProtectionLevel.RESTRICTED, personalData: true });
    const stack = stackWithPolicy(new App(), { dataClasses: [recordings], securityContact: 'https://example.com/security' });

    // WHEN
    const construct = new IncidentResponse(stack, 'Incidents', { serviceName: 'Acme Calls' });

    // THEN
    expect(construct.breachNotice).toMatch(/^# Security incident notice: Acme Calls\n/);
    expect(construct.breachNotice).toContain('- [ ] Call Recordings (`recordings`, protection level RESTRICTED, personal data)');
    expect(construct.breachNotice).not.toContain('customer-data');
    expect(construct.breachNotice).toContain('https://example.com/security');
  });

  test('S0-11 S4-11 the notice is written into the cloud assembly when, and only when, the app synthesizes', () => {
    // GIVEN
    const app = new App();
    const stack = stackWithPolicy(app);
    const construct = new IncidentResponse(stack, 'Incidents');
    const file = path.join(app.outdir, 'TestStack.breach-notice.md');
    expect(construct.breachNoticeFileName).toBe('TestStack.breach-notice.md');
    expect(fs.existsSync(file)).toBe(false);

    // WHEN
    app.synth();

    // THEN
    expect(fs.readFileSync(file, 'utf-8')).toBe(construct.breachNotice);
  });

  test('S0-11 a stack in a stage writes its notice into the stage\'s assembly', () => {
    // GIVEN
    const app = new App();
    const stage = new Stage(app, 'Prod');
    const stack = new Stack(stage, 'TestStack', { env: { region: 'us-east-1' } });
    new DataProtectionPolicy(stack, 'Policy', DEFAULT_POLICY);
    new IncidentResponse(stack, 'Incidents');

    // WHEN
    app.synth();

    // THEN
    expect(fs.existsSync(path.join(stage.outdir, 'Prod-TestStack.breach-notice.md'))).toBe(true);
  });
});

describe('IncidentResponse compliance', () => {
  test('S0-11 S2-15 passes every compliance pack next to ThreatDetection, and writes the notice despite the checks', () => {
    // GIVEN
    const app = checkedApp();
    const stack = stackWithPolicy(app);

    // WHEN
    new ThreatDetection(stack, 'Detection');
    new IncidentResponse(stack, 'Incidents', { emailSubscribers: ['oncall@example.com'] });

    // THEN
    expectNoUnacknowledgedFindings(app);
    expect(fs.existsSync(path.join(app.outdir, 'TestStack.breach-notice.md'))).toBe(true);
  });
});
