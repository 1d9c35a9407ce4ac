import { InjectionContext, IPropertyInjector } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { policyFor, warnWeaker } from './injector-base';
import type { DataProtectionPolicy } from '../policy/data-protection-policy';
import { AtRestEncryption } from '../policy/encryption';

/**
 * The policy's defaults for a plain `sqs.Queue` (claims S1-02, S2-02, S2-03), where the props leave
 * them unset: encryption at the policy's level (a customer-managed KMS key the queue makes, which
 * the key defaults rotate, or SQS-managed SSE) and access only over TLS (`enforceSSL`). A prop set
 * weaker is kept, with the warning `cdk-data-protection:injected-default-weakened`.
 */
export class QueueDefaults implements IPropertyInjector {
  public readonly constructUniqueId = sqs.Queue.PROPERTY_INJECTION_ID;

  /**
   * @param policy the policy whose defaults are filled in; by default the one that applies to each queue
   */
  constructor(private readonly policy?: DataProtectionPolicy) {}

  public inject(originalProps: any, context: InjectionContext): any {
    const policy = policyFor(this.policy, context);
    const props: sqs.QueueProps = originalProps ?? {};
    const kms = policy.atRestEncryption === AtRestEncryption.KMS;
    const out: { -readonly [K in keyof sqs.QueueProps]: sqs.QueueProps[K] } = { ...props };
    if (props.encryption === undefined && props.encryptionMasterKey === undefined) {
      out.encryption = kms ? sqs.QueueEncryption.KMS : sqs.QueueEncryption.SQS_MANAGED;
    } else if (props.encryption === sqs.QueueEncryption.UNENCRYPTED
      || (kms && props.encryptionMasterKey === undefined && props.encryption === sqs.QueueEncryption.SQS_MANAGED)) {
      warnWeaker(context, 'sqs.Queue', 'encryption', props.encryption, kms ? sqs.QueueEncryption.KMS : sqs.QueueEncryption.SQS_MANAGED);
    }
    if (props.enforceSSL === undefined) {
      out.enforceSSL = true;
    } else if (!props.enforceSSL) {
      warnWeaker(context, 'sqs.Queue', 'enforceSSL', 'false', 'true');
    }
    return out;
  }
}
