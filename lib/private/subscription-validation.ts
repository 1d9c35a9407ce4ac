import * as os from 'os';
import { App, Stack, Token } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { IConstruct } from 'constructs';
import { DataProtectionError } from './errors';

/**
 * Refuses, before the topic is subscribed, a URL subscription over plain HTTP: incident
 * notices carry findings about personal data, and an `http://` webhook would send them in
 * clear text (claim S2-02).
 *
 * A `UrlSubscription` is bound to a throwaway topic of a throwaway app to read its protocol and
 * endpoint (its public `bind` has no side effects); other subscriptions (e-mail, queues,
 * functions) are left alone, since binding them would change the resources they point at.
 */
export function requireHttpsSubscriptions(scope: IConstruct, prop: string, subscriptions: sns.ITopicSubscription[] | undefined): void {
  const urls = (subscriptions ?? []).filter((s): s is subs.UrlSubscription => s instanceof subs.UrlSubscription);
  if (urls.length === 0) {
    return;
  }
  // Never synthesized: no auto-synthesis at exit (the CLI's CDK_OUTDIR would turn it on), and the
  // existing temporary directory as its output folder, so that no folder is created.
  const scratch = new sns.Topic(new Stack(new App({ autoSynth: false, outdir: os.tmpdir() }), 'Scratch'), 'Topic');
  for (const subscription of urls) {
    const config = subscription.bind(scratch);
    if (config.protocol === sns.SubscriptionProtocol.HTTP && !Token.isUnresolved(config.endpoint)) {
      throw new DataProtectionError(
        `${prop} must deliver over HTTPS (a UrlSubscription of an https:// URL), got the plain-HTTP endpoint '${config.endpoint}'`, scope);
    }
  }
}
