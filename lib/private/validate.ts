import { Annotations, Duration, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { DataProtectionError } from './errors';
import type { Weakening } from '../policy/weakening';

/** An e-mail address, as far as a synth-time check can tell (name@domain.tld). */
export const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** RDS automated backups keep 1 to 35 days. */
export const RDS_BACKUP_RETENTION = { min: 1, max: 35 };

/**
 * `d` as a message shows it: `1 day 12 hours`, or `Duration.days(NaN)` where aws-cdk-lib's
 * human form is empty (NaN amounts), so that the message never ends in "got ".
 */
export function describeDuration(d: Duration): string {
  return d.toHumanString() || d.toString();
}

/**
 * The number of whole days in `d`: refuses tokens, fractions and values below `min`.
 *
 * @param what the name of the value in the message (`SecureBucket retention`)
 */
export function wholeDays(what: string, d: Duration, scope?: IConstruct, min = 1): number {
  if (d.isUnresolved()) {
    throw new DataProtectionError(`${what} must be a literal duration (a number of days), got a token`, scope);
  }
  const days = d.toDays({ integral: false });
  if (!Number.isInteger(days) || days < min) {
    throw new DataProtectionError(`${what} must be a whole number of days, at least ${min}, got ${describeDuration(d)}`, scope);
  }
  return days;
}

/**
 * `value` itself, refusing an unresolved token where the library must compare the value.
 */
export function literalString(what: string, value: string, scope?: IConstruct): string {
  if (Token.isUnresolved(value)) {
    throw new DataProtectionError(`${what} must be a literal string so that it can be checked and proven, got a token`, scope);
  }
  return value;
}

/**
 * Refuses a blank or too-short reason for weakening a default or acknowledging a finding.
 */
export function requireReason(what: string, reason: string | undefined, scope?: IConstruct): string {
  if (reason !== undefined && Token.isUnresolved(reason)) {
    // A reviewer reads the reason in the validation report and the template's metadata, where a
    // token would print as `${Token[...]}`: the reason must be words, fixed at synthesis.
    throw new DataProtectionError(`${what} needs a literal reason that a reviewer can read, got a token`, scope);
  }
  const text = (reason ?? '').trim();
  if (text.length < 10) {
    throw new DataProtectionError(`${what} needs a reason of at least 10 characters that a reviewer can read, got '${reason ?? ''}'`, scope);
  }
  return text;
}

/**
 * Refuses, before anything is created, a weakening prop whose reason is blank, too short or a
 * token: called at the top of a constructor with every weakening prop of the construct, so that
 * the error names the prop (`allowTlsBelowPolicyMinimum`) and nothing is left behind.
 *
 * @param weakenings the weakening props, by prop name (undefined when not given)
 */
export function requireWeakeningReasons(scope: IConstruct, weakenings: Record<string, Weakening | undefined>): void {
  for (const [prop, weakening] of Object.entries(weakenings)) {
    if (weakening !== undefined) {
      requireReason(prop, weakening.reason, scope);
    }
  }
}

/**
 * Records a weakened default: checks the reason and leaves the namespaced warning
 * `cdk-data-protection:<id>-weakened`. Returns the reason, for the acknowledgements of the
 * compliance rules that report the same fact.
 *
 * @param prop the prop's name (`allowTlsBelowPolicyMinimum`), named by the error for a missing reason
 */
export function weaken(scope: IConstruct, id: string, weakening: Weakening, what: string, prop: string): string {
  const reason = requireReason(prop, weakening.reason, scope);
  Annotations.of(scope).addWarningV2(`cdk-data-protection:${id}-weakened`, `Secure default weakened: ${what}. Reason: ${reason}`);
  return reason;
}

/**
 * Refuses a data store in a stack whose literal region is neither the one the policy pins data to
 * (claims S0-05, S4-01) nor one of the policy's `backupCopyRegions` (where the policy itself
 * declares copies: off-site vaults, a replica bucket). A stack without a region
 * (environment-agnostic) is left to the `DataProtection-Region` check of the deployed environment.
 *
 * @param policy the policy that applies to `scope` (its `region`, copy regions and path)
 */
export function assertInPolicyRegion(scope: IConstruct, policy: {
  readonly region?: string; readonly backupCopyRegions: string[]; readonly node: { readonly path: string };
}): void {
  const region = Stack.of(scope).region;
  if (policy.region === undefined || Token.isUnresolved(region) || region === policy.region || policy.backupCopyRegions.includes(region)) {
    return;
  }
  const copies = policy.backupCopyRegions.length > 0 ? ` or its backup copy regions (${policy.backupCopyRegions.join(', ')})` : '';
  throw new DataProtectionError(
    `a data store must be in the region the DataProtectionPolicy at ${policy.node.path} pins data to (${policy.region})${copies}, got a stack in ${region}`, scope);
}
