import { templateText } from './audit';
import { listOf, show } from '../query';

/*
 * Readers of IAM policy-statement conditions, shared by the identity, tenancy and network verifiers.
 */

/**
 * The values of condition `key` under `operator` in a statement (condition keys are
 * case-insensitive), as text; undefined when the statement has no such condition.
 */
export function conditionValues(statement: Record<string, any>, operator: string, key: string): string[] | undefined {
  const block = statement.Condition?.[operator];
  if (!block || typeof block !== 'object') {
    return undefined;
  }
  const entry = Object.keys(block).find((k) => k.toLowerCase() === key.toLowerCase());
  return entry === undefined ? undefined : listOf(block[entry]).map((v) => templateText(v) ?? show(v));
}

/**
 * The conditions of a statement other than the `allowed` operator/key pairs, as `Operator key`.
 * Conditions of a statement are ANDed: on a Deny, each one narrows when the Deny applies. The
 * exemption of AWS services acting for the principal (`Bool`/`BoolIfExists aws:ViaAWSService
 * false`, as MfaGatedAccess writes it) is not counted.
 */
export function otherConditions(statement: Record<string, any>, allowed: Array<[string, string]>): string[] {
  return Object.entries<any>(statement.Condition ?? {}).flatMap(([operator, block]) => Object.keys(block ?? {})
    .filter((key) => !allowed.some(([op, k]) => op === operator && k.toLowerCase() === key.toLowerCase()))
    .filter((key) => !(['Bool', 'BoolIfExists'].includes(operator) && key.toLowerCase() === 'aws:viaawsservice'
      && listOf(block[key]).every((v) => String(v) === 'false')))
    .map((key) => `${operator} ${key}`));
}

/** The note of a Deny narrowed by other conditions. */
export function narrowedNote(narrowing: string[], what: string): string {
  return `the Deny applies only when ${narrowing.join(', ')} also hold${narrowing.length > 1 ? '' : 's'}: ${what}`;
}
