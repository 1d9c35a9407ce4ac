import { Token, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { DataProtectionError } from '../private/errors';
import { requireReason } from '../private/validate';

/**
 * A finding that a construct accepts on purpose, with the reason a reviewer reads.
 */
export interface Acknowledgement {
  /**
   * The rule id as the validation report prints it: `AwsSolutions-S1`,
   * `HIPAA.Security-S3BucketReplicationEnabled`, `cdk-validator-cfnguard::s3_lifecycle_policy_check`,
   * `DataProtection-DataClassTag`.
   */
  readonly ruleId: string;

  /** Why the finding is acceptable here; at least 10 characters. */
  readonly reason: string;
}

/**
 * The one place of the library that acknowledges compliance findings.
 *
 * Every acknowledgement carries a reason; it is recorded in the construct tree (so the
 * validation report shows it as acknowledged, not hidden) and written into the template
 * Metadata of the resources it covers (`cdk_nag.rules_to_suppress`) when the compliance
 * checks are applied.
 */
export class Compliance {
  /**
   * Acknowledges findings on `scope` and everything below it.
   *
   * @param scope the construct whose findings are accepted (a construct acknowledges its own children)
   * @param acknowledgements the rule ids and reasons
   */
  public static acknowledge(scope: IConstruct, ...acknowledgements: Acknowledgement[]): void {
    for (const ack of acknowledgements) {
      if (Token.isUnresolved(ack.ruleId) || (ack.ruleId ?? '').trim() === '') {
        throw new DataProtectionError(
          `acknowledgement needs the literal id of the rule it accepts, as the report prints it (AwsSolutions-S1, DataProtection-OpenIngress), got '${ack.ruleId ?? ''}'`,
          scope);
      }
      if (/[*?]/.test(ack.ruleId.split('[')[0])) {
        // Validations match rule ids exactly: a pattern would acknowledge nothing, silently.
        throw new DataProtectionError(
          `acknowledgement needs the exact id of one rule (AwsSolutions-S1; a finding of it as AwsSolutions-IAM5[Resource::*]), not a pattern, got '${ack.ruleId}'`,
          scope);
      }
      const reason = requireReason(`acknowledgement of ${ack.ruleId}`, ack.reason, scope);
      Validations.of(scope).acknowledge({ id: qualified(ack.ruleId), reason });
    }
  }

  /**
   * Acknowledges several rules that report the same fact, with one reason.
   *
   * @param scope the construct whose findings are accepted
   * @param ruleIds the rule ids of every pack that reports the fact
   * @param reason why the finding is acceptable here
   */
  public static acknowledgeRules(scope: IConstruct, ruleIds: string[], reason: string): void {
    Compliance.acknowledge(scope, ...ruleIds.map((ruleId) => ({ ruleId, reason })));
  }

  private constructor() {}
}

/**
 * The id under which CDK's validation matches a rule of the policy's own checks: their
 * findings are namespaced by the plugin name (`DataProtection::DataProtection-OpenIngress`),
 * while users name the rule as the report prints it.
 */
function qualified(ruleId: string): string {
  return ruleId.startsWith('DataProtection-') ? `DataProtection::${ruleId}` : ruleId;
}
