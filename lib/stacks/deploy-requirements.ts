import { Annotations, CfnParameter, CfnRule, Fn, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { DataProtectionError } from '../private/errors';

/**
 * Context that a deployment cannot do without (a domain, its hosted zone, a receiver for alerts).
 */
export interface RequiredContext {
  /** The context keys to give, all of them (`-c key=value`): letters and digits, starting with a letter. */
  readonly keys: string[];

  /** What the deployment needs them for, such as `the edge's certificate is validated in the domain's Route 53 zone`. */
  readonly purpose: string;
}

/** Context keys: letters and digits, starting with a letter (they become part of logical ids). */
const CONTEXT_KEY = /^[A-Za-z][A-Za-z0-9]{0,60}$/;

/**
 * Lets `cdk synth` work with no context and no credentials, while a deploy that lacks what it
 * needs fails at once, before CloudFormation creates anything, with a message naming the context
 * to give.
 *
 * Each requirement whose context is missing adds, to every stack of the scope, a CloudFormation
 * rule (the template's `Rules` section) whose assertion can never hold. CloudFormation evaluates
 * rules when it validates the template's parameters, before it creates or updates any resource, so
 * the change set of `cdk deploy` is refused with the rule's `AssertDescription`, in seconds,
 * instead of a deploy that waits hours (a certificate that can never be validated) or deploys
 * alarms that reach nobody. Rule functions work on parameters, so the assertion compares a
 * parameter with itself (`Fn::Not [Fn::Equals [p, p]]`): no parameter value lets it pass.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/rules-section-structure.html
 */
export class DeployRequirements {
  /** The logical id of the parameter that the refusing rules reference. */
  public static readonly PARAMETER_ID = 'DeployRequirements';

  /** The logical id of the rule of one requirement: `Requires` and its first key, capitalised. */
  public static ruleId(requirement: RequiredContext): string {
    const first = requirement.keys[0] ?? '';
    return `Requires${first.charAt(0).toUpperCase()}${first.slice(1)}`;
  }

  /**
   * Refuses every deploy of the stacks in `scope` (the scope itself when it is a stack) while
   * one of `requirements` misses context, and warns at synthesis. Call it once the stacks exist.
   *
   * @returns the requirements whose context is missing (empty when the deploy may go ahead)
   */
  public static refuseDeployWithout(scope: IConstruct, requirements: RequiredContext[]): RequiredContext[] {
    for (const r of requirements) {
      if (r.keys.length === 0 || r.keys.some((k) => !CONTEXT_KEY.test(k)) || r.purpose.trim().length === 0) {
        throw new DataProtectionError(
          `each requirement must name 1 or more context keys (letters and digits, starting with a letter) and a purpose, got keys [${r.keys.join(', ')}] and purpose '${r.purpose}'`, scope);
      }
    }
    const ids = requirements.map((r) => DeployRequirements.ruleId(r));
    if (new Set(ids).size !== ids.length) {
      throw new DataProtectionError(`each requirement must start with a different context key, got ${requirements.map((r) => r.keys[0]).join(', ')}`, scope);
    }
    const missing = requirements.filter((r) => r.keys.some((k) => scope.node.tryGetContext(k) === undefined));
    if (missing.length === 0) {
      return [];
    }
    const stacks = scope.node.findAll().filter((c): c is Stack => Stack.isStack(c));
    for (const stack of stacks) {
      const parameter = new CfnParameter(stack, DeployRequirements.PARAMETER_ID, {
        type: 'String',
        default: 'refused',
        description: 'Referenced by the rules that refuse a deploy lacking context (cdk-data-protection DeployRequirements); its value changes nothing.',
      });
      for (const requirement of missing) {
        new CfnRule(stack, DeployRequirements.ruleId(requirement), {
          assertions: [{
            assert: Fn.conditionNot(Fn.conditionEquals(parameter.valueAsString, parameter.valueAsString)),
            assertDescription: refusal(requirement),
          }],
        });
      }
      Annotations.of(stack).addWarningV2('cdk-data-protection:deploy-refused',
        `A deploy of this stack is refused until the context is given: ${missing.map(refusal).join(' ')}`);
    }
    return missing;
  }
}

/** The message of a refused deploy: what is missing, why, and the context to give. */
function refusal(requirement: RequiredContext): string {
  return `Deploy refused: ${requirement.purpose}; give ${requirement.keys.map((k) => `-c ${k}=<value>`).join(' ')}.`;
}
