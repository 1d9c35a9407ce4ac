import { Annotations, InjectionContext, RemovalPolicy } from 'aws-cdk-lib';
import { DataProtectionPolicy } from '../policy/data-protection-policy';

/**
 * What the injectors share: the policy that applies to the construct being made, and the
 * namespaced warning for a prop the user set weaker than the policy's default.
 */

/** The policy an injector fills defaults from: the one it was given, or the nearest above the construct. */
export function policyFor(given: DataProtectionPolicy | undefined, context: InjectionContext): DataProtectionPolicy {
  return given ?? DataProtectionPolicy.of(context.scope);
}

/**
 * Leaves a prop the user set weaker than the policy's default as it is, with the warning
 * `cdk-data-protection:injected-default-weakened` on the construct's scope naming the construct,
 * the prop, the value given and the default. The evidence report then proves (or not) the real result.
 */
export function warnWeaker(context: InjectionContext, type: string, prop: string, given: string, policyDefault: string): void {
  const path = context.scope.node.path ? `${context.scope.node.path}/${context.id}` : context.id;
  Annotations.of(context.scope).addWarningV2('cdk-data-protection:injected-default-weakened',
    `${type} ${path}: ${prop} is ${given}, weaker than the DataProtectionPolicy's default (${policyDefault}); the injector keeps the value given,`
    + ' and the evidence report proves what the template holds.');
}

/** Whether a removal policy lets CloudFormation delete the data. */
export function deletesData(policy: RemovalPolicy | undefined): boolean {
  return policy === RemovalPolicy.DESTROY;
}

/** `id`, or `id` with a number, whichever is not yet taken in the scope of the construct being made. */
export function freeId(context: InjectionContext, id: string): string {
  let candidate = id;
  for (let i = 2; context.scope.node.tryFindChild(candidate) !== undefined; i++) {
    candidate = `${id}${i}`;
  }
  return candidate;
}
