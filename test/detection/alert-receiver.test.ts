import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AlertReceiver, IncidentResponse, SecureBackupPlan } from '../../lib';
import { errorOf, stackWithPolicy } from '../helpers/compliance';

describe('AlertReceiver (S0-11, S2-12: an alert needs a receiver)', () => {
  test('S0-11 IncidentResponse subscribes e-mail, HTTPS and queue receivers to its topic', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const queue = new sqs.Queue(stack, 'Alerts', { enforceSSL: true });
    // WHEN
    new IncidentResponse(stack, 'Incidents', {
      receivers: [AlertReceiver.email('oncall@example.com'), AlertReceiver.https('https://pager.example.com/hook'), AlertReceiver.queue(queue)],
    });
    // THEN
    const template = Template.fromStack(stack);
    for (const [protocol, endpoint] of [['email', 'oncall@example.com'], ['https', 'https://pager.example.com/hook']]) {
      template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: protocol, Endpoint: endpoint, TopicArn: { Ref: Match.stringLikeRegexp('^IncidentsTopic') } });
    }
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'sqs' });
  });

  test('S2-12 SecureBackupPlan subscribes alertReceivers to its alert topic', () => {
    // GIVEN / WHEN
    const stack = stackWithPolicy();
    new SecureBackupPlan(stack, 'Backup', { alertReceivers: [AlertReceiver.email('ops@example.com')] });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: { Ref: Match.stringLikeRegexp('^BackupAlerts') },
    });
  });

  test.each([
    ['an address that is not one', () => AlertReceiver.email('oncall'), /AlertReceiver.email needs an e-mail address .* got 'oncall'/],
    ['plain HTTP', () => AlertReceiver.https('http://pager.example.com/hook'), /AlertReceiver.https needs an https:\/\/ URL .* got 'http:\/\/pager.example.com\/hook'/],
    ['a URL that is not one', () => AlertReceiver.https('pager'), /got 'pager'/],
  ])('S0-11 refuses %s', (_what, make, message) => {
    expect(errorOf(make).message).toMatch(message);
  });

  test('S0-11 refuses the same receiver twice', () => {
    const stack = stackWithPolicy();
    expect((errorOf(() => new IncidentResponse(stack, 'Incidents', {
      receivers: [AlertReceiver.email('oncall@example.com'), AlertReceiver.email('ONCALL@example.com')],
    }))).message).toMatch(/Incidents: receivers lists the receiver e-mail ONCALL@example.com twice/);
  });

  test('S0-11 confused deputy: services publish to the topic only for this account, and use its key only for this account\'s topics', () => {
    // GIVEN / WHEN
    const stack = stackWithPolicy();
    new IncidentResponse(stack, 'Incidents', { receivers: [AlertReceiver.email('oncall@example.com')] });
    const template = Template.fromStack(stack);
    // THEN every service statement of the topic policy carries aws:SourceAccount
    const policy = Object.values(template.findResources('AWS::SNS::TopicPolicy'))[0] as any;
    const services = policy.Properties.PolicyDocument.Statement.filter((st: any) => st.Principal?.Service);
    expect(services.map((st: any) => st.Principal.Service).sort()).toEqual(['cloudwatch.amazonaws.com', 'events.amazonaws.com']);
    for (const st of services) {
      expect(st.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } });
    }
    // AND the key lets them encrypt only under the encryption context of this account's topics
    const key = Object.values(template.findResources('AWS::KMS::Key', { Properties: { Description: Match.stringLikeRegexp('Incidents/Topic') } }))[0] as any;
    const grants = key.Properties.KeyPolicy.Statement.filter((st: any) => st.Principal?.Service);
    expect(grants).toHaveLength(2);
    for (const st of grants) {
      expect(Object.keys(st.Condition.StringLike)).toEqual(['kms:EncryptionContext:aws:sns:topicArn']);
    }
  });
});
