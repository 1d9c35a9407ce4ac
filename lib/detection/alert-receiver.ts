import { Token } from 'aws-cdk-lib';
import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DataProtectionError } from '../private/errors';
import { EMAIL_ADDRESS } from '../private/validate';

/** How a receiver attaches itself to a topic. */
type Attach = (scope: Construct, topic: sns.ITopic) => void;

/**
 * Who receives an alert (claims S0-11, S1-07, S2-12): a topic nobody subscribes to alerts
 * nobody, so the constructs that promise an alert take receivers, and the evidence report
 * proves an alert delivered only when its topic has one (an `AWS::SNS::Subscription`, or a
 * chat channel configuration that names the topic).
 *
 * Each receiver is checked when it is made: an e-mail address must look like one, an HTTPS
 * endpoint must be an `https://` URL (plain HTTP would carry security findings in clear text).
 */
export class AlertReceiver {
  /**
   * An e-mail address. AWS sends it a confirmation message first: alerts arrive once the
   * subscription is confirmed, which the template cannot show.
   *
   * @param address the address (`oncall@example.com`)
   */
  public static email(address: string): AlertReceiver {
    if (!Token.isUnresolved(address) && !EMAIL_ADDRESS.test(address)) {
      throw new DataProtectionError(`AlertReceiver.email needs an e-mail address (name@example.com), got '${address}'`);
    }
    return new AlertReceiver(`e-mail ${address}`, (_scope, topic) => topic.addSubscription(new subs.EmailSubscription(address)));
  }

  /**
   * An HTTPS endpoint (a paging or ticketing service's webhook). Plain HTTP is refused.
   *
   * @param url the endpoint, `https://...`
   */
  public static https(url: string): AlertReceiver {
    if (!Token.isUnresolved(url)) {
      let parsed: URL | undefined;
      try {
        parsed = new URL(url);
      } catch {
        parsed = undefined;
      }
      if (!parsed || parsed.protocol !== 'https:') {
        throw new DataProtectionError(`AlertReceiver.https needs an https:// URL (alerts must not travel in clear text), got '${url}'`);
      }
    }
    return new AlertReceiver(`HTTPS ${url}`, (_scope, topic) => topic.addSubscription(new subs.UrlSubscription(url, { protocol: sns.SubscriptionProtocol.HTTPS })));
  }

  /**
   * A chat channel of AWS Chatbot (Amazon Q Developer in chat applications): the topic is added
   * to the channel configuration's notification topics.
   *
   * @param channel the Slack channel configuration
   */
  public static chat(channel: chatbot.SlackChannelConfiguration): AlertReceiver {
    return new AlertReceiver(`chat channel ${channel.node.path}`, (_scope, topic) => channel.addNotificationTopic(topic));
  }

  /**
   * An SQS queue a program reads the alerts from. An encrypted queue's key must let SNS use it.
   *
   * @param queue the queue
   */
  public static queue(queue: sqs.IQueue): AlertReceiver {
    return new AlertReceiver(`queue ${queue.node.path}`, (_scope, topic) => topic.addSubscription(new subs.SqsSubscription(queue)));
  }

  /** What receives the alerts, for people (`e-mail oncall@example.com`). */
  public readonly description: string;
  private readonly attach: Attach;

  private constructor(description: string, attach: Attach) {
    this.description = description;
    this.attach = attach;
  }

  /**
   * Subscribes this receiver to `topic`.
   *
   * @internal
   */
  public _subscribe(scope: Construct, topic: sns.ITopic): void {
    this.attach(scope, topic);
  }
}

/**
 * Subscribes every receiver to `topic`; refuses a list that names the same receiver twice.
 */
export function subscribeReceivers(scope: Construct, topic: sns.ITopic, receivers: AlertReceiver[], what: string): void {
  const seen = new Set<string>();
  for (const receiver of receivers) {
    const key = receiver.description.toLowerCase();
    if (seen.has(key)) {
      throw new DataProtectionError(`${what} lists the receiver ${receiver.description} twice`, scope);
    }
    seen.add(key);
    receiver._subscribe(scope, topic);
  }
}
