import { InjectionContext, IPropertyInjector } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { freeId, policyFor, warnWeaker } from './injector-base';
import type { DataProtectionPolicy } from '../policy/data-protection-policy';
import { AtRestEncryption } from '../policy/encryption';
import { secureKey } from '../private/kms-defaults';

/**
 * The policy's defaults for a plain `sns.Topic` (claims S1-02, S2-02, S2-03), where the props
 * leave them unset: publishing only over TLS (`enforceSSL`) and, when the policy encrypts with
 * KMS, a rotating customer-managed key of its own (`<id>Key`, next to the topic). An AWS service
 * that publishes to the topic (CloudWatch alarms, EventBridge) needs `kms:GenerateDataKey*` and
 * `kms:Decrypt` on that key: grant them on `topic.masterKey`. `SecureTopic`-style topics of the
 * library do this for you. A prop set weaker is kept, with the warning
 * `cdk-data-protection:injected-default-weakened`.
 */
export class TopicDefaults implements IPropertyInjector {
  public readonly constructUniqueId = sns.Topic.PROPERTY_INJECTION_ID;

  /**
   * @param policy the policy whose defaults are filled in; by default the one that applies to each topic
   */
  constructor(private readonly policy?: DataProtectionPolicy) {}

  public inject(originalProps: any, context: InjectionContext): any {
    const policy = policyFor(this.policy, context);
    const props: sns.TopicProps = originalProps ?? {};
    const out: { -readonly [K in keyof sns.TopicProps]: sns.TopicProps[K] } = { ...props };
    if (props.enforceSSL === undefined) {
      out.enforceSSL = true;
    } else if (!props.enforceSSL) {
      warnWeaker(context, 'sns.Topic', 'enforceSSL', 'false', 'true');
    }
    if (props.masterKey === undefined && policy.atRestEncryption === AtRestEncryption.KMS) {
      out.masterKey = secureKey(context.scope, freeId(context, `${context.id}Key`), `Encrypts the messages of ${context.scope.node.path}/${context.id}`);
    }
    return out;
  }
}
