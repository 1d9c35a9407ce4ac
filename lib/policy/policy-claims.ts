import type { PolicySettings } from './policy-settings';
import { CATALOG, catalogClaim } from '../evidence/catalog';
import { CATALOG_KIND } from '../evidence/promises';
import { PolicyParameters, presetParameters, PRESET_IDS, renderPreset } from '../evidence/promises/catalog-presets';
import { PromiseParameterError } from '../evidence/promises/kind';
import { DataProtectionError } from '../private/errors';

/**
 * One value a claim expects to find in the synthesized templates.
 */
export interface ClaimExpectation {
  /** What is compared (`backupRetentionDays`, `region`, ...). */
  readonly property: string;
  /** The value the templates must show, as text (`14`, `us-east-1`). */
  readonly value: string;
}

/**
 * A promise of the trust page, as the policy records it in the cloud assembly.
 */
export interface PolicyClaim {
  /** The id in the claims catalog (`S0-02`). */
  readonly id: string;
  /** The promise in plain language, as a trust page would say it, with the policy's values. */
  readonly text: string;
  /** The values the evidence report must find in the templates. */
  readonly expected: ClaimExpectation[];
  /**
   * The promise kind (`catalog` for the catalog's ids, `log-retention`, ..., `custom`). The
   * report derives the sentence and the expected values from the kind and `params` again, and
   * a recorded sentence or value that disagrees with them is VIOLATED.
   */
  readonly kind: string;
  /** The promise's parameters, as plain JSON. */
  readonly params: { [key: string]: any };
}

/** The policy's values the catalog's sentences read, as plain JSON. */
export function policyParameters(p: PolicySettings): PolicyParameters {
  return {
    securityContact: p.securityContact,
    region: p.region,
    backupCopyRegions: [...p.backupCopyRegions],
    backupRetentionDays: p.backup.retention.toDays(),
    backupRules: p.backup.rules.map((r) => ({ name: r.name, schedule: r.scheduleExpression, days: r.deleteAfter.toDays() })),
    logRetentionDays: p.logRetentionDays === Infinity ? 'INFINITE' : p.logRetentionDays,
    minimumTlsVersion: p.minimumTlsVersion.toString(),
    atRestEncryption: { name: p.atRestEncryption.name, description: p.atRestEncryption.description },
    restoreTesting: { frequency: p.restoreTesting.frequency, schedule: p.restoreTesting.scheduleExpression },
    dataClasses: p.dataClasses.map((c) => ({ name: c.name, label: c.label, protectionLevel: c.protectionLevel })),
  };
}

/**
 * The claims a policy records: each catalog id it makes, in catalog order, with its text and
 * expected values. Refuses unknown ids, duplicates and claims the policy's settings contradict.
 */
export function policyClaims(policy: PolicySettings, ids: string[]): PolicyClaim[] {
  const seen = new Set<string>();
  for (const id of ids) {
    if (!catalogClaim(id)) {
      throw new DataProtectionError(`claims must be ids of the claims catalog (${CATALOG[0].id} ... ${CATALOG[CATALOG.length - 1].id}), got '${id}'`, policy);
    }
    if (seen.has(id)) {
      throw new DataProtectionError(`claims must not list '${id}' twice`, policy);
    }
    seen.add(id);
  }
  const all: PolicyParameters = { ...policyParameters(policy), claimed: CATALOG.filter((c) => seen.has(c.id)).map((c) => c.id) };
  return CATALOG.filter((c) => seen.has(c.id)).map((c) => {
    const params = presetParameters(c.id, all);
    let rendered;
    try {
      rendered = renderPreset(c.id, params);
    } catch (err) {
      if (err instanceof PromiseParameterError) {
        throw new DataProtectionError(`claim ${c.id} cannot be made by this policy: ${err.message}`, policy);
      }
      throw err;
    }
    return {
      id: c.id,
      text: rendered.text,
      expected: Object.entries(rendered.expected).map(([property, value]) => ({ property, value })),
      kind: CATALOG_KIND,
      params,
    };
  });
}

/** Every catalog id has a definition (checked by a test). */
export const DEFINED_CLAIM_IDS = PRESET_IDS;
