import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { DataClass } from '../policy/data-class';
import { DataProtectionPolicy, DataProtectionPolicyProps } from '../policy/data-protection-policy';
import { SecureBucket } from '../storage/secure-bucket';

/**
 * Properties of the `ReferenceStack`.
 */
export interface ReferenceStackProps extends StackProps {
  /** What the service promises. The stack is pinned to the policy's region when it names one. */
  readonly policy: DataProtectionPolicyProps;
}

/**
 * The reference deployment: a `DataProtectionPolicy` and the data stores of a SaaS
 * service built from the library, checked on every synthesis.
 *
 * Today it holds one SecureBucket per data class; later constructs (database, backup
 * plan, audit trail, identity, network) join it.
 *
 * It stays environment-agnostic in its account, so `cdk synth` needs no AWS credentials;
 * when the policy names a region, the stack is deployed there.
 */
export class ReferenceStack extends Stack {
  /** The policy every construct of the stack reads. */
  public readonly policy: DataProtectionPolicy;
  /** Customer content (claims S0-06, S1-01, S3-05). */
  public readonly customerData: SecureBucket;
  /** Personal data of customers' users, always SSE-KMS (claims S1-01, S1-04). */
  public readonly customerUserData: SecureBucket;
  /** Internal data (claims S1-01, S1-11). */
  public readonly internalData: SecureBucket;

  constructor(scope: Construct, id: string, props: ReferenceStackProps) {
    super(scope, id, {
      ...props,
      env: props.env ?? (props.policy.region ? { region: props.policy.region } : undefined),
      description: props.description ?? 'cdk-data-protection reference stack: data stores that make a security & privacy page true',
    });
    this.policy = new DataProtectionPolicy(this, 'Policy', props.policy);

    this.customerData = new SecureBucket(this, 'CustomerData', {
      dataClass: DataClass.CUSTOMER_DATA,
      // Data of ended relationships is kept three more years, then deleted (S3-05).
      expireEndedObjectsAfter: Duration.days(1095),
    });
    this.customerUserData = new SecureBucket(this, 'CustomerUserData', {
      dataClass: DataClass.CUSTOMER_USER_DATA,
      expireEndedObjectsAfter: Duration.days(1095),
    });
    this.internalData = new SecureBucket(this, 'InternalData', {
      dataClass: DataClass.INTERNAL,
      // Unused internal data is deleted after a year (S1-11).
      retention: Duration.days(365),
    });
  }
}
