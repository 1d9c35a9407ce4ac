import { Stack, Stage, StageProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { OrganizationBaseline, OrganizationBaselineProps } from './organization-baseline';
import { DataProtectionPolicy, DataProtectionPolicyProps } from '../policy/data-protection-policy';

/**
 * Properties of an `OrganizationBaselineStage`.
 */
export interface OrganizationBaselineStageProps extends StageProps {
  /** What the organization promises. The management stack is deployed to the policy's region when it names one. */
  readonly policy: DataProtectionPolicyProps;
  /** The baseline: target units, regions, receivers, rollout. */
  readonly baseline: OrganizationBaselineProps;
}

/**
 * The organization baseline as a CDK `Stage`, for CDK Pipelines (`pipeline.addStage(...)`): one
 * stack, deployed to the management account (or the delegated administrator), holding the
 * `DataProtectionPolicy` and the `OrganizationBaseline` (StackSet, service control policies,
 * backup policy).
 */
export class OrganizationBaselineStage extends Stage {
  /** The stack deployed to the management account. */
  public readonly managementStack: Stack;
  /** The policy of the organization. */
  public readonly policy: DataProtectionPolicy;
  /** The baseline. */
  public readonly baseline: OrganizationBaseline;

  constructor(scope: Construct, id: string, props: OrganizationBaselineStageProps) {
    super(scope, id, props);
    this.managementStack = new Stack(this, 'Management', {
      env: props.policy.region ? { region: props.policy.region } : undefined,
      description: 'cdk-data-protection organization baseline: StackSet, service control policies and backup policy',
    });
    this.policy = new DataProtectionPolicy(this.managementStack, 'Policy', props.policy);
    this.baseline = new OrganizationBaseline(this.managementStack, 'Baseline', props.baseline);
  }
}
