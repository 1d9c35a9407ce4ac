import { Stack } from 'aws-cdk-lib';
import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { AlertReceiver, IncidentResponse, SecureBackupPlan } from '../../../lib';
import { VERIFIERS } from '../../../lib/evidence/verifiers';
import { alertDeliveryFacts, unboundServices } from '../../../lib/evidence/verifiers/alert-delivery';
import { stackWithPolicy } from '../../helpers/compliance';
import { failing, proves, runVerifier, viewOfStack, viewOfTemplate } from '../helpers';

/** The stack view of an IncidentResponse with the given receivers. */
function incidentView(receivers: AlertReceiver[], extra?: (stack: Stack, construct: IncidentResponse) => void) {
  const stack = stackWithPolicy();
  const construct = new IncidentResponse(stack, 'Incidents', { receivers });
  extra?.(stack, construct);
  return viewOfStack(stack);
}

/** The chain facts of the GuardDuty rule of a view. */
function guardDutyChain(view: ReturnType<typeof viewOfStack>) {
  const rule = view.resources.find((r) => r.type === 'AWS::Events::Rule' && JSON.stringify(r.properties.EventPattern).includes('aws.guardduty'))!;
  return alertDeliveryFacts([view], rule, rule.properties.Targets[0].Arn, 'GuardDuty findings');
}

describe('alert delivery: rule -> topic -> receiver (S0-11, S1-07, S2-12)', () => {
  test('S0-11 a topic with an e-mail receiver, publishers bound to the account: the chain is proven', () => {
    // GIVEN an IncidentResponse with an e-mail receiver / WHEN
    const facts = guardDutyChain(incidentView([AlertReceiver.email('oncall@example.com')]));
    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts[0]).toMatchObject({ found: 'email oncall@example.com', note: expect.stringContaining('confirms') });
  });

  test('S0-11 a topic nobody subscribes to alerts nobody: VIOLATED, naming what is missing', () => {
    // GIVEN an IncidentResponse without receivers / WHEN
    const facts = guardDutyChain(incidentView([]));
    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({
      found: '(no subscription)',
      note: expect.stringMatching(/nobody receives what .* sends to IncidentsTopic.*AlertReceiver/),
    })]);
  });

  test('S0-11 the registered incident-routing verifier fails without a receiver (old defect: PROVEN with no subscriber)', () => {
    // GIVEN / WHEN
    const facts = runVerifier(VERIFIERS['incident-routing'], [incidentView([])], {}, { claimId: 'S0-11' });
    // THEN
    expect(failing(facts).map((f) => f.found)).toContain('(no subscription)');
  });

  test('S0-11 a chat channel (AWS Chatbot) that names the topic is a receiver', () => {
    // GIVEN a Slack channel configuration / WHEN
    const facts = guardDutyChain(incidentView([], (stack, construct) => {
      const channel = new chatbot.SlackChannelConfiguration(stack, 'Chat', { slackChannelConfigurationName: 'oncall', slackWorkspaceId: 'T0', slackChannelId: 'C0' });
      AlertReceiver.chat(channel)._subscribe(stack, construct.topic);
    }));
    // THEN
    expect(facts[0]).toMatchObject({ satisfied: true, found: expect.stringMatching(/^chat Chat/) });
  });

  test('S0-11 a plain-HTTP subscription does not count as a receiver', () => {
    // GIVEN a subscription over http / WHEN
    const facts = guardDutyChain(incidentView([], (_stack, construct) => {
      construct.topic.addSubscription(new subs.UrlSubscription('http://hooks.example.com/alerts', { protocol: sns.SubscriptionProtocol.HTTP }));
    }));
    // THEN
    expect(facts[0]).toMatchObject({ satisfied: false, note: expect.stringContaining('http http://hooks.example.com/alerts does not count') });
  });

  test('S0-11 a topic outside the template cannot show its receivers', () => {
    // GIVEN a rule targeting an imported topic ARN
    const template = { Resources: { Rule: { Type: 'AWS::Events::Rule', Properties: { EventPattern: { source: ['aws.guardduty'] }, Targets: [{ Arn: 'arn:aws:sns:us-east-1:111111111111:elsewhere', Id: 'T' }] } } } };
    const view = viewOfTemplate(template);
    // WHEN
    const facts = alertDeliveryFacts([view], view.resources[0], 'arn:aws:sns:us-east-1:111111111111:elsewhere', 'GuardDuty findings');
    // THEN
    expect(facts).toEqual([expect.objectContaining({ satisfied: false, note: expect.stringContaining('not in the template') })]);
  });

  test('S0-11 confused deputy: a topic or key policy that lets a service in without aws:SourceAccount/SourceArn fails', () => {
    // GIVEN the aws-cdk-lib default grant (no condition), as the old topics had
    const view = incidentView([AlertReceiver.email('oncall@example.com')], (_stack, construct) => {
      (construct.topic as sns.Topic).grantPublish(new iam.ServicePrincipal('events.amazonaws.com'));
    });
    // WHEN
    const facts = guardDutyChain(view);
    // THEN both the topic policy and the key policy are unbound for events.amazonaws.com
    expect(failing(facts).map((f) => [f.propertyPath, f.found])).toEqual([
      ['Properties.PolicyDocument', 'unbound: events.amazonaws.com'],
      ['Properties.KeyPolicy', 'unbound: events.amazonaws.com'],
    ]);
  });

  test('unboundServices reads aws:SourceAccount, aws:SourceArn under any operator; kms keys only for key policies', () => {
    const doc = (condition?: Record<string, any>) => ({ Statement: [{ Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sns:Publish', Resource: '*', Condition: condition }] });
    expect(unboundServices(doc())).toEqual(['backup.amazonaws.com']);
    expect(unboundServices(doc({ StringEquals: { 'AWS:SourceAccount': '1' } }))).toEqual([]);
    expect(unboundServices(doc({ ArnLike: { 'aws:SourceArn': 'arn:aws:backup:*' } }))).toEqual([]);
    expect(unboundServices(doc({ StringLike: { 'kms:EncryptionContext:aws:sns:topicArn': 'arn:*' } }))).toEqual(['backup.amazonaws.com']);
  });

  test('S2-12 backup failure alerts: proven with alertReceivers, VIOLATED without', () => {
    // GIVEN two plans, one with a receiver
    const views = [[AlertReceiver.https('https://pager.example.com/hook')], []].map((alertReceivers) => {
      const stack = stackWithPolicy();
      new SecureBackupPlan(stack, 'Backup', { alertReceivers });
      return viewOfStack(stack);
    });
    // WHEN
    const [withReceiver, without] = views.map((v) => runVerifier(VERIFIERS['backup-failure-alerts'], [v], {}, { claimId: 'S2-12' }));
    // THEN
    expect(failing(withReceiver)).toEqual([]);
    expect(withReceiver.map((f) => f.found)).toContain('https https://pager.example.com/hook');
    expect(failing(without).map((f) => f.found)).toEqual(['(no subscription)']);
  });
});
