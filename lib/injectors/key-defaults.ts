import { InjectionContext, IPropertyInjector, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { deletesData, warnWeaker } from './injector-base';

/**
 * The policy's defaults for a plain `kms.Key` (claims S1-02, S2-03), where the props leave them
 * unset: yearly automatic rotation, and the key kept when the stack is deleted (data encrypted
 * with it would otherwise become unreadable). The keys that a bucket or queue makes for itself
 * (`BucketEncryption.KMS`, `QueueEncryption.KMS`) get them too. A key set not to rotate is kept,
 * with the warning `cdk-data-protection:injected-default-weakened`.
 */
export class KeyDefaults implements IPropertyInjector {
  public readonly constructUniqueId = kms.Key.PROPERTY_INJECTION_ID;

  public inject(originalProps: any, context: InjectionContext): any {
    const props: kms.KeyProps = originalProps ?? {};
    const out: { -readonly [K in keyof kms.KeyProps]: kms.KeyProps[K] } = { ...props };
    // Only symmetric encryption keys rotate automatically.
    const symmetric = props.keySpec === undefined || props.keySpec === kms.KeySpec.SYMMETRIC_DEFAULT;
    if (props.enableKeyRotation === undefined) {
      if (symmetric) {
        out.enableKeyRotation = true;
      }
    } else if (!props.enableKeyRotation && symmetric) {
      warnWeaker(context, 'kms.Key', 'enableKeyRotation', 'false', 'true');
    }
    if (props.removalPolicy === undefined) {
      out.removalPolicy = RemovalPolicy.RETAIN;
    } else if (deletesData(props.removalPolicy)) {
      warnWeaker(context, 'kms.Key', 'removalPolicy', 'DESTROY', 'RETAIN');
    }
    return out;
  }
}
