import { InjectionContext, IPropertyInjector, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { deletesData, policyFor, warnWeaker } from './injector-base';
import type { DataProtectionPolicy } from '../policy/data-protection-policy';
import { AtRestEncryption } from '../policy/encryption';

/**
 * The policy's defaults for a plain `s3.Bucket` (claims S0-06, S2-02, S2-03, S2-07), where the
 * props leave them unset: encryption at the policy's level (SSE-KMS with an S3 Bucket Key, its key
 * made by the bucket, or SSE-S3), TLS-only access with the policy's minimum TLS version, every
 * public access blocked, versioning, and the bucket kept when the stack is deleted. A prop set
 * weaker is kept, with the warning `cdk-data-protection:injected-default-weakened`.
 */
export class BucketDefaults implements IPropertyInjector {
  public readonly constructUniqueId = s3.Bucket.PROPERTY_INJECTION_ID;

  /**
   * @param policy the policy whose defaults are filled in; by default the one that applies to each bucket
   */
  constructor(private readonly policy?: DataProtectionPolicy) {}

  public inject(originalProps: any, context: InjectionContext): any {
    const policy = policyFor(this.policy, context);
    const props: s3.BucketProps = originalProps ?? {};
    const kms = policy.atRestEncryption === AtRestEncryption.KMS;
    const out: { -readonly [K in keyof s3.BucketProps]: s3.BucketProps[K] } = { ...props };
    const type = 's3.Bucket';

    if (props.encryption === undefined && props.encryptionKey === undefined) {
      out.encryption = kms ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED;
      if (kms && props.bucketKeyEnabled === undefined) {
        out.bucketKeyEnabled = true;
      }
    } else if (kms && props.encryptionKey === undefined
      && (props.encryption === s3.BucketEncryption.S3_MANAGED || props.encryption === s3.BucketEncryption.UNENCRYPTED)) {
      warnWeaker(context, type, 'encryption', props.encryption, `${s3.BucketEncryption.KMS}: ${policy.atRestEncryption.description}`);
    }

    if (props.enforceSSL === undefined) {
      out.enforceSSL = true;
    } else if (!props.enforceSSL) {
      warnWeaker(context, type, 'enforceSSL', 'false', 'true');
    }
    if ((out.enforceSSL ?? false) && props.minimumTLSVersion === undefined) {
      out.minimumTLSVersion = policy.minimumTlsVersion.version;
    } else if (props.minimumTLSVersion !== undefined && props.minimumTLSVersion < policy.minimumTlsVersion.version) {
      warnWeaker(context, type, 'minimumTLSVersion', String(props.minimumTLSVersion), String(policy.minimumTlsVersion.version));
    }

    if (props.blockPublicAccess === undefined) {
      out.blockPublicAccess = s3.BlockPublicAccess.BLOCK_ALL;
    } else if (!blocksAll(props.blockPublicAccess)) {
      warnWeaker(context, type, 'blockPublicAccess', 'not BLOCK_ALL', 'BlockPublicAccess.BLOCK_ALL');
    }
    if (props.publicReadAccess) {
      warnWeaker(context, type, 'publicReadAccess', 'true', 'false');
    }

    if (props.versioned === undefined) {
      out.versioned = true;
    } else if (!props.versioned) {
      warnWeaker(context, type, 'versioned', 'false', 'true');
    }

    if (props.removalPolicy === undefined) {
      out.removalPolicy = RemovalPolicy.RETAIN;
    } else if (deletesData(props.removalPolicy)) {
      warnWeaker(context, type, 'removalPolicy', 'DESTROY', 'RETAIN');
    }
    if (props.autoDeleteObjects) {
      warnWeaker(context, type, 'autoDeleteObjects', 'true', 'false');
    }
    return out;
  }
}

function blocksAll(block: s3.BlockPublicAccess): boolean {
  return block.blockPublicAcls === true && block.blockPublicPolicy === true
    && block.ignorePublicAcls === true && block.restrictPublicBuckets === true;
}
