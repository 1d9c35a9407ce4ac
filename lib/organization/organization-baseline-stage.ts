import { Stack, Stage, StageProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { OrganizationBaseline, OrganizationBaselineProps } from './organization-baseline';
import { StackSetAssetBucketsStack } from './stackset-asset-buckets-stack';
import { DataProtectionPolicy, DataProtectionPolicyProps } from '../policy/data-protection-policy';

/**
 * Properties of an `OrganizationBaselineStage`.
 */
export interface OrganizationBaselineStageProps extends StageProps {
  /** What the organization promises. The management stack is deployed to the policy's region when it names one. */
  readonly policy: DataProtectionPolicyProps;
  /** The baseline: target units, regions, receivers, rollout. */
  readonly baseline: OrganizationBaselineProps;
  /**
   * The id of the organization (`o-` and 10-32 lowercase letters or digits): only its accounts
   * may read the StackSet's asset buckets, which the Stage creates.
   */
  readonly organizationId: string;
}

/**
 * The organization baseline as a CDK `Stage`, for CDK Pipelines (`pipeline.addStage(...)`): one
 * stack, deployed to the management account (or the delegated administrator), holding the
 * `DataProtectionPolicy` and the `OrganizationBaseline` (StackSet, service control policies,
 * backup policy), and, in each region of the StackSet, a `StackSetAssetBucketsStack` with the
 * asset bucket `${assetBucketPrefix}-${region}` the organization reads the baseline's code from.
 * The management stack depends on the bucket stacks.
 */
export class OrganizationBaselineStage extends Stage {
  /** The stack deployed to the management account. */
  public readonly managementStack: Stack;
  /** The policy of the organization. */
  public readonly policy: DataProtectionPolicy;
  /** The baseline. */
  public readonly baseline: OrganizationBaseline;
  /** The stacks of the asset buckets, one per region of the StackSet, in the order of the regions. */
  public readonly assetBucketStacks: StackSetAssetBucketsStack[];

  constructor(scope: Construct, id: string, props: OrganizationBaselineStageProps) {
    super(scope, id, props);
    this.managementStack = new Stack(this, 'Management', {
      env: props.policy.region ? { region: props.policy.region } : undefined,
      description: 'cdk-data-protection organization baseline: StackSet, service control policies and backup policy',
    });
    this.policy = new DataProtectionPolicy(this.managementStack, 'Policy', props.policy);
    this.baseline = new OrganizationBaseline(this.managementStack, 'Baseline', props.baseline);
    this.assetBucketStacks = this.baseline.regions.map((region) => {
      const stack = new StackSetAssetBucketsStack(this, `AssetBuckets-${region}`, {
        env: { region },
        assetBucketPrefix: props.baseline.assetBucketPrefix,
        organizationId: props.organizationId,
      });
      this.managementStack.addStackDependency(stack, `the StackSet's assets are copied into ${stack.bucket.node.path}`);
      return stack;
    });
  }
}
