import { createHash } from 'crypto';

/**
 * The fingerprint of a template: the SHA-256 of its canonical JSON. \`observe\` compares the deployed
 * template with cdk.out's by it, and records the fingerprints of the templates it observed, so a
 * report can tell an observation of other templates (a stale \`evidence-observed.json\`) from one of
 * the templates it proves.
 */

/** JSON with object keys sorted at every level: two equal templates give the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value as object).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The SHA-256 of a template's canonical JSON. */
export function templateHash(template: unknown): string {
  return createHash('sha256').update(canonicalJson(template)).digest('hex');
}
