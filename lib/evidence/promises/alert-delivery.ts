import { INCIDENT_CONTROLS, oneOf, PromiseKind, referencedId } from './kind';
import type { Fact, ResourceView, StackView } from '../model';

/** The kinds of receiver, with the SNS protocols (or chat configurations) that deliver to them. */
export const RECEIVERS: Record<string, { protocols: string[]; words: string }> = {
  EMAIL: { protocols: ['email', 'email-json'], words: 'an e-mail address' },
  HTTPS: { protocols: ['https'], words: 'an HTTPS endpoint' },
  CHAT: { protocols: [], words: 'a chat channel' },
  QUEUE: { protocols: ['sqs'], words: 'a queue' },
  SMS: { protocols: ['sms'], words: 'a phone (SMS)' },
  FUNCTION: { protocols: ['lambda'], words: 'a function' },
};

const CHAT_TYPES = ['AWS::Chatbot::SlackChannelConfiguration', 'AWS::Chatbot::MicrosoftTeamsChannelConfiguration'];

/** The topics of a stack that alerts are sent to: targets of EventBridge rules and actions of alarms. */
function alertTopics(stack: StackView): ResourceView[] {
  const ids = new Set<string>();
  for (const r of stack.resources) {
    if (r.type === 'AWS::Events::Rule') {
      for (const t of r.properties.Targets ?? []) {
        const id = referencedId(t?.Arn);
        if (id) ids.add(id);
      }
    } else if (r.type === 'AWS::CloudWatch::Alarm') {
      for (const a of r.properties.AlarmActions ?? []) {
        const id = referencedId(a);
        if (id) ids.add(id);
      }
    }
  }
  return stack.resources.filter((r) => r.type === 'AWS::SNS::Topic' && ids.has(r.logicalId));
}

/** The receivers of a topic, as `protocol` strings (`email`, `chat`). */
function receiversOf(stack: StackView, topic: ResourceView): string[] {
  const found: string[] = [];
  for (const r of stack.resources) {
    if (r.type === 'AWS::SNS::Subscription' && referencedId(r.properties.TopicArn) === topic.logicalId && r.properties.Endpoint !== undefined) {
      found.push(String(r.properties.Protocol));
    } else if (CHAT_TYPES.includes(r.type) && (r.properties.SnsTopicArns ?? []).some((a: unknown) => referencedId(a) === topic.logicalId)) {
      found.push('chat');
    }
  }
  for (const s of topic.properties.Subscription ?? []) {
    if (s?.Endpoint !== undefined) found.push(String(s.Protocol));
  }
  return found;
}

/**
 * `alert-delivery`: every alert (an EventBridge rule or an alarm that notifies a topic) reaches
 * a receiver of a named kind: rule or alarm -> topic -> a subscription with that protocol (or a
 * chat channel configuration of the topic). A topic nobody subscribes to alerts nobody.
 * Made true by the receivers given to `IncidentResponse` and `SecureBackupPlan`.
 */
export const ALERT_DELIVERY: PromiseKind = {
  kind: 'alert-delivery',
  summary: 'alerts are delivered to a named kind of receiver',
  scope: 'infra',
  controls: INCIDENT_CONTROLS,
  render(params) {
    const receiver = oneOf(params, 'receiver', Object.keys(RECEIVERS));
    return {
      text: `Security and operations alerts are delivered to ${RECEIVERS[receiver].words}.`,
      expected: { alertReceiver: receiver },
    };
  },
  verify({ stacks }, params) {
    const receiver = params.receiver as string;
    const wanted = receiver === 'CHAT' ? ['chat'] : RECEIVERS[receiver].protocols;
    const facts: Fact[] = [];
    for (const stack of stacks) {
      for (const topic of alertTopics(stack)) {
        const found = receiversOf(stack, topic);
        facts.push({
          stack: stack.id,
          logicalId: topic.logicalId,
          constructPath: topic.constructPath,
          propertyPath: 'AWS::SNS::Subscription(TopicArn).Protocol',
          expected: `a ${wanted.join(' or ')} receiver`,
          found: found.length === 0 ? 'no receiver' : found.join(', '),
          satisfied: found.some((p) => wanted.includes(p)),
        });
      }
    }
    return facts;
  },
};
