import { AUDIT_VERIFIERS, templateText } from './audit';
import { BACKUP_VERIFIERS } from './backup';
import { Fact, ResourceView, StackView, Verifier } from '../model';
import { fact, listOf, referenced, refTarget, resourcesOf, show, stackOf, statementsOf } from '../query';

/**
 * "An alert is delivered" proven as a whole chain (design.md, "What PROVEN means"): the source
 * (an EventBridge rule, an alarm, a vault notification) -> an SNS topic of the template -> a
 * receiver of that topic. A topic nobody subscribes to alerts nobody. The chain's topic must
 * also accept messages from AWS services only on behalf of this account (the confused deputy).
 *
 * `alertDeliveryFacts` is the reusable chain check; the verifiers of S0-11/S4-11
 * (`incident-routing`), S1-07 (`anomaly-monitoring`) and S2-12 (`backup-failure-alerts`) are the
 * area verifiers with these facts added for every topic their sources send to.
 *
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-create-subscribe-endpoint-to-topic.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 */

const TOPIC = 'AWS::SNS::Topic';
const SUBSCRIPTION = 'AWS::SNS::Subscription';
const TOPIC_POLICY = 'AWS::SNS::TopicPolicy';
const CHAT_CONFIGURATIONS = ['AWS::Chatbot::SlackChannelConfiguration', 'AWS::Chatbot::MicrosoftTeamsChannelConfiguration'];

/** The protocols that deliver to a receiver outside SNS; plain `http` carries alerts in clear text and does not count. */
const RECEIVING_PROTOCOLS = ['email', 'email-json', 'https', 'sqs', 'lambda', 'sms', 'firehose', 'application'];

/**
 * The condition keys that bind a service principal's access to this account's resources: the
 * global keys AWS sets when a service acts for a resource (`aws:SourceAccount`, `aws:SourceArn`,
 * the older `aws:SourceOwner`), and on key policies the KMS keys that tie the key to a calling
 * service or an encryption context (`kms:ViaService`, `kms:CallerAccount`, `kms:EncryptionContext:*`).
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceaccount
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html
 */
const SOURCE_KEYS = [/^aws:sourceaccount$/i, /^aws:sourcearn$/i, /^aws:sourceowner$/i];
const KMS_KEYS = [...SOURCE_KEYS, /^kms:viaservice$/i, /^kms:calleraccount$/i, /^kms:encryptioncontext:/i];

/** The service principals of a statement. */
function servicesOf(statement: Record<string, any>): string[] {
  return listOf(statement.Principal?.Service).map((s) => templateText(s) ?? show(s));
}

/**
 * The services that an Allow statement of a resource policy lets in without a condition that
 * binds them to this account's resources (one of `keys`, under any operator).
 */
export function unboundServices(document: unknown, keys: RegExp[] = SOURCE_KEYS): string[] {
  return statementsOf(document).filter((st) => st?.Effect === 'Allow' && servicesOf(st).length > 0)
    .filter((st) => !Object.values<any>(st.Condition ?? {}).some((block) => Object.keys(block ?? {}).some((k) => keys.some((re) => re.test(k)))))
    .flatMap(servicesOf);
}

/** The receivers of a topic: its subscriptions (resources and inline) and the chat configurations that name it. */
function receiversOf(stack: StackView | undefined, topic: ResourceView): { receivers: string[]; refused: string[] } {
  const resources = stack?.resources ?? [];
  const subscriptions = [
    ...resources.filter((r) => r.type === SUBSCRIPTION && refTarget(r.properties.TopicArn) === topic.logicalId).map((r) => r.properties),
    ...listOf<any>(topic.properties.Subscription),
  ].map((s) => ({ protocol: String(s?.Protocol ?? '').toLowerCase(), endpoint: templateText(s?.Endpoint) ?? show(s?.Endpoint) }));
  const chats = resources.filter((r) => CHAT_CONFIGURATIONS.includes(r.type)
    && listOf(r.properties.SnsTopicArns).some((a) => refTarget(a) === topic.logicalId))
    .map((r) => `chat ${r.logicalId}`);
  return {
    receivers: [...subscriptions.filter((s) => RECEIVING_PROTOCOLS.includes(s.protocol)).map((s) => `${s.protocol} ${s.endpoint}`), ...chats],
    refused: subscriptions.filter((s) => !RECEIVING_PROTOCOLS.includes(s.protocol)).map((s) => `${s.protocol || '(no protocol)'} ${s.endpoint}`),
  };
}

/**
 * The facts that an alert sent by `from` to `topicArn` reaches a receiver:
 * - the topic is a `AWS::SNS::Topic` of the stack (a topic outside the templates has receivers
 *   nobody can show);
 * - it has at least one receiver: an `AWS::SNS::Subscription` (or the topic's `Subscription`)
 *   with protocol email, email-json, https, sqs, lambda, sms, firehose or application, or an
 *   AWS Chatbot channel configuration whose `SnsTopicArns` names it. An e-mail subscription
 *   delivers once the address confirms it, which the template cannot show (the note says so);
 * - the topic policy lets AWS services publish only with `aws:SourceAccount`/`aws:SourceArn`,
 *   and the topic's key policy lets them use the key only with such a key or a KMS condition.
 *
 * @param stacks the stacks of the claim
 * @param from the resource that sends the alert (rule, alarm, vault)
 * @param topicArn the value that names the topic (`{ Ref: Topic }`)
 * @param what what the alert is about, for the expectation (`GuardDuty findings`)
 */
export function alertDeliveryFacts(stacks: StackView[], from: ResourceView, topicArn: unknown, what: string): Fact[] {
  const topic = referenced(stacks, from, topicArn);
  const expected = `${what} delivered to a receiver (a subscription of the topic, or a chat channel)`;
  if (topic?.type !== TOPIC) {
    return [fact(from, 'topic', expected, templateText(topicArn) ?? show(topicArn), false,
      'the alerts go to a topic that is not in the template: who receives them cannot be shown')];
  }
  const stack = stackOf(stacks, topic);
  const { receivers, refused } = receiversOf(stack, topic);
  const facts: Fact[] = [fact(topic, `Resources[Type=${SUBSCRIPTION}, TopicArn=${topic.logicalId}]`, expected,
    receivers.length > 0 ? receivers.join(', ') : '(no subscription)', receivers.length > 0,
    receivers.length === 0
      ? `nobody receives what ${from.logicalId} sends to ${topic.logicalId}: give the construct a receiver (AlertReceiver.email/https/chat/queue)`
        + (refused.length > 0 ? `; ${refused.join(', ')} does not count (plain HTTP)` : '')
      : receivers.some((r) => r.startsWith('email')) ? 'an e-mail receiver gets alerts once it confirms the subscription' : undefined)];

  const policies = (stack?.resources ?? []).filter((r) => r.type === TOPIC_POLICY
    && listOf(r.properties.Topics).some((t) => refTarget(t) === topic.logicalId));
  const unboundTopic = [...new Set(policies.flatMap((p) => unboundServices(p.properties.PolicyDocument)))];
  facts.push(fact(policies[0] ?? topic, 'Properties.PolicyDocument', 'AWS services publish only for this account (aws:SourceAccount or aws:SourceArn)',
    unboundTopic.length > 0 ? `unbound: ${unboundTopic.join(', ')}` : 'bound', unboundTopic.length === 0,
    unboundTopic.length > 0 ? 'without the condition, a resource of another account can make the service publish here (confused deputy)' : undefined));

  const key = referenced(stacks, topic, topic.properties.KmsMasterKeyId);
  if (key?.type === 'AWS::KMS::Key') {
    const unboundKey = [...new Set(unboundServices(key.properties.KeyPolicy, KMS_KEYS))];
    facts.push(fact(key, 'Properties.KeyPolicy', 'AWS services use the topic key only for this account (aws:Source*, kms:ViaService or kms:EncryptionContext)',
      unboundKey.length > 0 ? `unbound: ${unboundKey.join(', ')}` : 'bound', unboundKey.length === 0,
      unboundKey.length > 0 ? 'without a condition, the service may use the key for another account\'s resources (confused deputy)' : undefined));
  }
  return facts;
}

/** The chain facts of every distinct topic `sources` send to. */
function deliveryOf(stacks: StackView[], sources: Array<{ from: ResourceView; arn: unknown; what: string }>): Fact[] {
  const seen = new Set<string>();
  return sources.flatMap((s) => {
    const id = `${s.from.stack}/${refTarget(s.arn) ?? templateText(s.arn) ?? show(s.arn)}`;
    if (seen.has(id)) {
      return [];
    }
    seen.add(id);
    return alertDeliveryFacts(stacks, s.from, s.arn, s.what);
  });
}

/** An EventBridge rule's event pattern (an object, or JSON text). */
function patternOf(rule: ResourceView): any {
  const pattern = rule.properties.EventPattern;
  if (typeof pattern !== 'string') {
    return pattern;
  }
  try {
    return JSON.parse(pattern);
  } catch {
    return undefined;
  }
}

/** The SNS targets of the enabled rules on events of `source`. */
function ruleTopics(stacks: StackView[], source: string, what: string) {
  return resourcesOf(stacks, 'AWS::Events::Rule').filter((r) => (r.properties.State ?? 'ENABLED') === 'ENABLED'
    && listOf(patternOf(r)?.source).includes(source))
    .flatMap((rule) => listOf<any>(rule.properties.Targets).filter((t) => referenced(stacks, rule, t?.Arn)?.type === TOPIC
      || /:sns:/.test(templateText(t?.Arn) ?? ''))
      .map((t) => ({ from: rule, arn: t.Arn, what })));
}

/** S0-11, S4-11: findings routed to an encrypted topic (the area verifier), and delivered to a receiver. */
const incidentRouting: Verifier = (input) => [
  ...AUDIT_VERIFIERS['incident-routing'](input),
  ...deliveryOf(input.stacks, [...ruleTopics(input.stacks, 'aws.guardduty', 'GuardDuty findings'),
    ...ruleTopics(input.stacks, 'aws.securityhub', 'Security Hub findings')]),
];

/** S1-07: GuardDuty and the CIS alarms (the area verifier), and the alarms delivered to a receiver. */
const anomalyMonitoring: Verifier = (input) => {
  const metrics = new Set(resourcesOf(input.stacks, 'AWS::Logs::MetricFilter')
    .flatMap((f) => listOf<any>(f.properties.MetricTransformations).map((m) => `${f.stack}/${m?.MetricNamespace}/${m?.MetricName}`)));
  const alarms = resourcesOf(input.stacks, 'AWS::CloudWatch::Alarm')
    .filter((a) => metrics.has(`${a.stack}/${a.properties.Namespace}/${a.properties.MetricName}`));
  return [
    ...AUDIT_VERIFIERS['anomaly-monitoring'](input),
    ...deliveryOf(input.stacks, alarms.flatMap((a) => listOf(a.properties.AlarmActions).map((arn) => ({ from: a, arn, what: 'the CIS alarms' })))),
  ];
};

/** S2-12: failed jobs reported to SNS (the area verifier), and delivered to a receiver. */
const backupFailureAlerts: Verifier = (input) => {
  const vaults = resourcesOf(input.stacks, 'AWS::Backup::BackupVault').filter((v) => v.properties.Notifications?.SNSTopicArn !== undefined)
    .map((v) => ({ from: v, arn: v.properties.Notifications.SNSTopicArn, what: 'backup vault notifications' }));
  return [
    ...BACKUP_VERIFIERS['backup-failure-alerts'](input),
    ...deliveryOf(input.stacks, [...vaults, ...ruleTopics(input.stacks, 'aws.backup', 'failed backup jobs')]),
  ];
};

/** The verifiers of alert delivery; they replace the area verifiers of the same names. */
export const ALERT_DELIVERY_VERIFIERS: Record<string, Verifier> = {
  'incident-routing': incidentRouting,
  'anomaly-monitoring': anomalyMonitoring,
  'backup-failure-alerts': backupFailureAlerts,
};
