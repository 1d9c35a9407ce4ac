import { Aws } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { secureKey } from './kms-defaults';

/**
 * The library's one way to make an SNS topic for alerts (Solutions Constructs style):
 * - encrypted with a rotating customer-managed key (AwsSolutions-SNS2, HIPAA/NIST/PCI SNSEncryptedKMS);
 * - publishing only over TLS (AwsSolutions-SNS3);
 * - the AWS services that publish to it (`publishers`) may publish only for resources of this
 *   account (`aws:SourceAccount`, against the confused deputy), and use the key only for the
 *   SNS topics of this account and region (`kms:EncryptionContext:aws:sns:topicArn`: SNS
 *   encrypts each message under the topic's ARN as encryption context). The key grant carries no
 *   `aws:Source*` key: EventBridge's KMS requests for an encrypted topic do not hold them.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
 */
export function secureTopic(scope: Construct, id: string, displayName: string, publishers: string[]): sns.Topic {
  const key = secureKey(scope, `${id}Key`, `Encrypts the messages of ${scope.node.path}/${id}`);
  const topic = new sns.Topic(scope, id, {
    displayName,
    masterKey: key,
    enforceSSL: true,
  });
  for (const service of publishers) {
    const principal = new iam.ServicePrincipal(service);
    topic.addToResourcePolicy(new iam.PolicyStatement({
      sid: `Publish${sidOf(service)}FromThisAccount`,
      principals: [principal],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
    }));
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: `${sidOf(service)}EncryptsForTopicsOfThisAccount`,
      principals: [principal],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringLike: { 'kms:EncryptionContext:aws:sns:topicArn': `arn:${Aws.PARTITION}:sns:${Aws.REGION}:${Aws.ACCOUNT_ID}:*` } },
    }));
  }
  SECURE_TOPICS.add(topic);
  return topic;
}

/** The topics `secureTopic` made: their policies already let the publishers in, bound to this account. */
const SECURE_TOPICS = new WeakSet<sns.ITopic>();

/**
 * An EventBridge target that sends to `topic`. aws-cdk-lib's `SnsTopic` target grants
 * `events.amazonaws.com` publish without a source condition; a topic of `secureTopic` already
 * lets EventBridge publish for this account's rules, so its target adds no grant.
 */
/** Whether `secureTopic` made `topic` (its policy lets the publishers in already, bound to this account). */
export function isSecureTopic(topic: sns.ITopic): boolean {
  return SECURE_TOPICS.has(topic);
}

export function topicTarget(topic: sns.ITopic): events.IRuleTarget {
  if (!SECURE_TOPICS.has(topic)) {
    return new targets.SnsTopic(topic);
  }
  return { bind: () => ({ arn: topic.topicArn, targetResource: topic }) };
}

/** `events.amazonaws.com` -> `Events`. */
function sidOf(service: string): string {
  const name = service.split('.')[0];
  return name.charAt(0).toUpperCase() + name.slice(1).replace(/[^A-Za-z0-9]/g, '');
}
