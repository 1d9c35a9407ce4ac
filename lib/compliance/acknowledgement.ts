import { Annotations, Token, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { checkLedgerFields, LIBRARY_OWNER, MAX_EXPIRY_DAYS, recordInLedger, TODAY_CONTEXT_KEY } from './ledger';
import { DataProtectionError } from '../private/errors';
import { requireReason } from '../private/validate';

/**
 * Who answers for an acknowledgement and until when: the ledger fields of `Acknowledgement`,
 * given once for several rules (`Compliance.acknowledgeRules`).
 */
export interface AcknowledgementLedger {
  /**
   * Who answers for the acknowledgement: a team, a person or a queue that renews or removes it.
   *
   * @default - none: a deprecated, unowned acknowledgement (a warning says so)
   */
  readonly owner?: string;

  /**
   * The last day the acknowledgement holds, as an ISO date (`2027-06-30`), from today to at most
   * 366 days ahead. From the next day on, synthesis fails, naming the rule, the construct path and
   * the owner. Needs an `owner`. Today is the clock's UTC date, or the context value
   * `cdk-data-protection:today` (tests fix it).
   *
   * Leave it out only for a lasting decision or a known false positive: the acknowledgement is
   * then *standing*, and the evidence report lists it as such, with its owner.
   *
   * @default - standing: no expiry
   */
  readonly expires?: string;
}

/**
 * A finding that a construct accepts on purpose, with the reason a reviewer reads.
 */
export interface Acknowledgement extends AcknowledgementLedger {
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
 * The one place of the library that acknowledges compliance findings: the acknowledgement ledger.
 *
 * Every acknowledgement carries a reason and an owner; it is recorded in the construct tree (so
 * the validation report shows it as acknowledged, not hidden) and written into the template
 * Metadata of the resources it covers (`cdk_nag.rules_to_suppress`) when the compliance checks
 * are applied; its owner and expiry go into the stack's template Metadata
 * (`cdk-data-protection-acknowledgements`), where the evidence report reads them.
 *
 * The rule: an acknowledgement of a finding that is meant to be fixed has an expiry, at most 366
 * days ahead, and fails synthesis once it has passed; a lasting decision or a known false
 * positive is *standing* (no expiry), and the report lists it as such with its owner. The
 * library's own acknowledgements, made inside its constructs, are standing and owned by the
 * library's maintainers. An acknowledgement without an owner still works but is deprecated: it
 * leaves the warning `cdk-data-protection:acknowledgement-without-owner`.
 */
export class Compliance {
  /** The context key that fixes today's date (`2026-12-08`) for the expiry checks. */
  public static readonly TODAY_CONTEXT_KEY = TODAY_CONTEXT_KEY;

  /** How many days ahead an acknowledgement may expire at most. */
  public static readonly MAX_EXPIRY_DAYS = MAX_EXPIRY_DAYS;

  /** The owner of the acknowledgements the library's constructs make. */
  public static readonly LIBRARY_OWNER = LIBRARY_OWNER;

  /**
   * Acknowledges findings on `scope` and everything below it.
   *
   * @param scope the construct whose findings are accepted (a construct acknowledges its own children)
   * @param acknowledgements the rule ids, reasons, owners and expiries
   */
  public static acknowledge(scope: IConstruct, ...acknowledgements: Acknowledgement[]): void {
    Compliance.record(scope, acknowledgements, false);
  }

  /**
   * Acknowledges several rules that report the same fact, with one reason.
   *
   * @param scope the construct whose findings are accepted
   * @param ruleIds the rule ids of every pack that reports the fact
   * @param reason why the finding is acceptable here
   * @param ledger who answers for the acknowledgements and until when
   */
  public static acknowledgeRules(scope: IConstruct, ruleIds: string[], reason: string, ledger: AcknowledgementLedger = {}): void {
    Compliance.acknowledge(scope, ...ruleIds.map((ruleId) => ({ ruleId, reason, owner: ledger.owner, expires: ledger.expires })));
  }

  /**
   * A standing acknowledgement of the library's own constructs, owned by its maintainers.
   * @internal
   */
  public static _standing(scope: IConstruct, ...acknowledgements: Acknowledgement[]): void {
    Compliance.record(scope, acknowledgements.map((a) => ({ ...a, owner: a.owner ?? LIBRARY_OWNER })), true);
  }

  /**
   * `acknowledgeRules` for the library's own constructs (standing, owned by its maintainers).
   * @internal
   */
  public static _standingRules(scope: IConstruct, ruleIds: string[], reason: string): void {
    Compliance._standing(scope, ...ruleIds.map((ruleId) => ({ ruleId, reason })));
  }

  /**
   * The acknowledgements that follow from a weakening prop the user gave (`disableAccessLogs`): the
   * user's decision, not the library's, so they are not marked as the library's own and the trust
   * page marks the promises that rest on them. Standing, like the prop.
   * @internal
   */
  public static _weakened(scope: IConstruct, ruleIds: string[], reason: string, prop: string): void {
    Compliance.record(scope, ruleIds.map((ruleId) => ({ ruleId, reason, owner: `the team that set ${prop}` })), false);
  }

  private static record(scope: IConstruct, acknowledgements: Acknowledgement[], library: boolean): void {
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
      const what = `acknowledgement of ${ack.ruleId}`;
      const reason = requireReason(what, ack.reason, scope);
      checkLedgerFields(scope, what, ack.owner, ack.expires);
      if (ack.owner === undefined) {
        Annotations.of(scope).addWarningV2('cdk-data-protection:acknowledgement-without-owner',
          `The ${what} has no owner: give { owner, expires } (an ISO date at most ${MAX_EXPIRY_DAYS} days ahead), or an owner alone for a standing one.`);
      }
      Validations.of(scope).acknowledge({ id: qualified(ack.ruleId), reason });
      recordInLedger(scope, { rule: ack.ruleId, owner: ack.owner, expires: ack.expires, standing: ack.expires === undefined, library });
    }
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
