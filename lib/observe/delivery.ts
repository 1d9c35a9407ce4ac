import { DescribeRuleCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { paginateListSubscriptionsByTopic, SNSClient, Subscription } from '@aws-sdk/client-sns';
import { inParallel, ObserveContext, observed, unread } from './context';
import { locateAll } from './locate';
import type { StackState } from './stacks';
import { PromiseTarget, resourcesFor } from './targets';
import type { ObservedFact } from '../evidence/observation';

/**
 * Alert delivery: every alert topic has at least one confirmed subscription (a subscription
 * waiting for its confirmation is listed with `SubscriptionArn` `PendingConfirmation` and delivers
 * nothing), and the rules that feed the topics are enabled.
 *
 * @see https://docs.aws.amazon.com/sns/latest/api/API_ListSubscriptionsByTopic.html
 * @see https://docs.aws.amazon.com/sns/latest/api/API_Subscription.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DescribeRule.html
 */

const TOPIC = 'AWS::SNS::Topic';
const RULE = 'AWS::Events::Rule';

/** S0-11, S2-12 and the alert-delivery kind. */
export async function deliveryFacts(ctx: ObserveContext, target: PromiseTarget, states: ReadonlyMap<string, StackState>): Promise<ObservedFact[]> {
  const topics = locateAll(states, resourcesFor(target, TOPIC), 'sns:ListSubscriptionsByTopic', 'confirmed subscriptions', '>= 1');
  const out = [...topics.facts];
  out.push(...(await inParallel(topics.located, async (l) => {
    const mine: ObservedFact[] = [];
    const where = { source: 'sns:ListSubscriptionsByTopic', region: l.region, account: l.account, resource: l.id };
    const read = await ctx.once(`sns|${l.id}`, () => ctx.call(where, async (abortSignal) => {
      const all: Subscription[] = [];
      const client = ctx.client(SNSClient, l.region);
      for await (const page of paginateListSubscriptionsByTopic({ client }, { TopicArn: l.id }, { abortSignal } as any)) {
        all.push(...(page.Subscriptions ?? []));
      }
      return all;
    }));
    if (!read.ok) {
      mine.push(unread(where, 'confirmed subscriptions', '>= 1', read.reason));
      return mine;
    }
    const pending = read.value.filter((s) => s.SubscriptionArn === 'PendingConfirmation');
    const confirmed = read.value.filter((s) => s.SubscriptionArn && s.SubscriptionArn.startsWith('arn:'));
    const protocols = [...new Set(confirmed.map((s) => s.Protocol ?? '?'))].sort().join(', ');
    mine.push(observed(where, 'confirmed subscriptions', '>= 1', `${confirmed.length} confirmed${protocols ? ` (${protocols})` : ''}, ${pending.length} pending confirmation`,
      confirmed.length > 0, confirmed.length > 0 ? undefined : 'nobody receives the alerts: a subscription pending confirmation delivers nothing'));
    return mine;
  })));
  const rules = locateAll(states, resourcesFor(target, RULE), 'events:DescribeRule', 'State', 'ENABLED');
  out.push(...rules.facts);
  out.push(...(await inParallel(rules.located, async (l) => {
    const mine: ObservedFact[] = [];
    // A rule on another bus than the default one has the physical id `bus|rule`.
    const [bus, name] = l.id.includes('|') ? l.id.split('|') : [undefined, l.id];
    const where = { source: 'events:DescribeRule', region: l.region, account: l.account, resource: name };
    const read = await ctx.call(where, (abortSignal) =>
      ctx.client(EventBridgeClient, l.region).send(new DescribeRuleCommand({ Name: name, EventBusName: bus }), { abortSignal }));
    mine.push(read.ok
      ? observed(where, 'State', 'ENABLED', String(read.value.State), String(read.value.State).startsWith('ENABLED'))
      : unread(where, 'State', 'ENABLED', read.reason));
    return mine;
  })));
  return out;
}
