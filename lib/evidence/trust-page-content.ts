import { claimsOfRule } from './acknowledgement-claims';
import { ClaimResult, EvidenceResult } from './model';
import { ObservationFile, observedPromise } from './observation';
import { oneLine } from './report-markdown';

/**
 * What the trust page states, whatever its format (`trust-page.md`, `trust-page.html`): only the
 * PROVEN claims, grouped by topic, each claim's text once; the organisational commitments apart;
 * the security contact. A VIOLATED claim is never stated nor named; only their count is given.
 */

/** The sections of the page, in order, with the claims each states. */
export const TRUST_PAGE_SECTIONS: Array<{ heading: string; claims: string[] }> = [
  { heading: 'Hosting and storage', claims: ['S0-05', 'S4-01'] },
  { heading: 'Data encryption', claims: ['S0-06', 'S0-07', 'S0-08', 'S1-02', 'S2-02', 'S2-03', 'S2-04', 'S4-07'] },
  { heading: 'Backups and availability', claims: ['S0-01', 'S0-02', 'S1-08', 'S1-09', 'S4-06', 'S1-10', 'S2-13', 'S2-12', 'S2-06', 'S2-10', 'S2-11'] },
  { heading: 'Access control', claims: ['S0-09', 'S4-08', 'S1-05', 'S1-03', 'S2-09', 'S2-16', 'S4-03', 'S0-10', 'S2-05'] },
  { heading: 'Monitoring and logging', claims: ['S0-03', 'S2-01', 'S0-04', 'S1-06', 'S1-07', 'S2-14', 'S1-04', 'S4-04', 'S4-10'] },
  { heading: 'Network security', claims: ['S2-07', 'S2-08', 'S4-05', 'S4-09'] },
  { heading: 'Incident response', claims: ['S0-11', 'S4-11'] },
  { heading: 'Privacy', claims: ['S1-01', 'S3-02', 'S3-01', 'S1-14', 'S3-05', 'S1-11', 'S4-02', 'S3-06'] },
  { heading: 'Compliance', claims: ['S1-13', 'S4-12', 'S3-03', 'S2-15'] },
];

/** The heading of the section of proven claims no section lists (custom promises). */
export const OTHER_MEASURES = 'Other measures';

/** The claim whose text publishes the security contact. */
export const CONTACT_CLAIM = 'S4-13';

/** One statement of the page: a claim text, with every claim that states it the same way. */
export interface TrustStatement {
  readonly text: string;
  readonly claims: ClaimResult[];
}

/** One section of the page with its statements (never empty). */
export interface TrustSection {
  readonly heading: string;
  readonly statements: TrustStatement[];
}

/** An organisational commitment: an `org` claim's text, or the organisational part of a proven `infra+doc` claim. */
export interface TrustCommitment {
  readonly text: string;
  /** The proven claim whose organisational part it is (undefined for `org` claims). */
  readonly claim?: ClaimResult;
}

/** The proven claims the page may state: PROVEN, no VIOLATED claim states the same text, and none is observed failing. */
export function statableClaims(result: EvidenceResult, observation?: ObservationFile): ClaimResult[] {
  // A text a violated claim states is never stated, even when another policy's claim proves the same words.
  const violatedTexts = new Set(result.claims.filter((c) => c.verdict === 'VIOLATED').map((c) => oneLine(c.text)));
  // Nor is a promise the live account was observed not keeping: it is not kept now, whatever the templates build.
  const failingTexts = new Set(result.claims.filter((c) => observedPromise(observation, c.id)?.verdict === 'OBSERVED_FAILING')
    .map((c) => oneLine(c.text)));
  return result.claims.filter((c) => c.verdict === 'PROVEN' && !violatedTexts.has(oneLine(c.text)) && !failingTexts.has(oneLine(c.text)));
}

/** The statements of a list of claims: each claim's text once, with every claim that states it the same way. */
export function statements(claims: ClaimResult[]): TrustStatement[] {
  const byText = new Map<string, ClaimResult[]>();
  for (const c of claims) {
    const text = oneLine(c.text);
    byText.set(text, [...(byText.get(text) ?? []), c]);
  }
  return [...byText.entries()].map(([text, by]) => ({ text, claims: by }));
}

/** The sections of the page that state something, in page order, `Other measures` last. */
export function trustSections(proven: ClaimResult[]): TrustSection[] {
  const sections = TRUST_PAGE_SECTIONS.map((s) => ({ heading: s.heading, claims: s.claims }));
  const known = new Set([CONTACT_CLAIM, ...TRUST_PAGE_SECTIONS.flatMap((s) => s.claims)]);
  const others = [...new Set(proven.filter((c) => !known.has(c.id)).map((c) => c.id))];
  if (others.length > 0) {
    sections.push({ heading: OTHER_MEASURES, claims: others });
  }
  return sections
    .map((s) => ({ heading: s.heading, statements: statements(s.claims.flatMap((id) => proven.filter((c) => c.id === id))) }))
    .filter((s) => s.statements.length > 0);
}

/** The organisational commitments: the `org` claims, then the organisational parts of proven `infra+doc` claims. */
export function trustCommitments(result: EvidenceResult, proven: ClaimResult[]): TrustCommitment[] {
  return [
    ...result.claims.filter((c) => c.scope === 'org' && c.verdict === 'NOT_PROVABLE').map((c) => ({ text: oneLine(c.text) })),
    ...proven.filter((c) => c.scope === 'infra+doc' && c.organisational).map((c) => ({ text: oneLine(c.organisational!), claim: c })),
  ];
}

/**
 * How the page gives the security contact: the proven S4-13 statements, or (when the policy
 * names a contact and claims no S4-13) the contact itself, or nothing (S4-13 claimed, not proven).
 */
export function trustContact(result: EvidenceResult, proven: ClaimResult[]): { statements?: TrustStatement[]; contact?: string } | undefined {
  const provenContact = proven.filter((c) => c.id === CONTACT_CLAIM);
  if (provenContact.length > 0) {
    return { statements: statements(provenContact) };
  }
  if (!result.claims.some((c) => c.id === CONTACT_CLAIM) && result.securityContact) {
    return { contact: result.securityContact };
  }
  return undefined;
}

/** An acknowledged finding a proven promise rests on: its owner and expiry (none: standing). */
export interface RestingAcknowledgement {
  readonly owner?: string;
  readonly expires?: string;
}

/**
 * The acknowledgements a proven promise rests on, by claim id: those of the team (not the
 * library's own, standing ones of known false positives, nor those the stacks' ledgers do not hold)
 * whose rule concerns the claim. Shared
 * with the other renderings of the trust page, which mark the same promises.
 */
export function restingOn(result: EvidenceResult): Map<string, RestingAcknowledgement[]> {
  const byClaim = new Map<string, RestingAcknowledgement[]>();
  for (const ack of result.acknowledgements) {
    // Only what the ledger holds: an acknowledgement it does not hold cannot be told from the library's own.
    if (ack.library || ack.standing === undefined) {
      continue;
    }
    for (const id of ack.claims ?? claimsOfRule(ack.rule)) {
      const list = byClaim.get(id) ?? [];
      if (!list.some((a) => a.owner === ack.owner && a.expires === ack.expires)) {
        list.push({ owner: ack.owner, expires: ack.expires });
      }
      byClaim.set(id, list);
    }
  }
  return byClaim;
}

/**
 * What a statement rests on, in words (`an acknowledged finding (security team, until 2027-03-01)`),
 * or undefined when its claims rest on no acknowledgement of the team. Shared by both trust pages.
 */
export function restingWords(claims: ClaimResult[], resting: Map<string, RestingAcknowledgement[]>): string | undefined {
  const acks = [...new Map(claims.flatMap((c) => resting.get(c.id) ?? [])
    .map((a) => [`${a.owner}\u0000${a.expires}`, a] as const)).values()];
  if (acks.length === 0) {
    return undefined;
  }
  const each = acks.map((a) => `${a.owner ?? 'no owner'}, ${a.expires !== undefined ? `until ${a.expires}` : 'standing'}`).join('; ');
  return `${acks.length === 1 ? 'an acknowledged finding' : `${acks.length} acknowledged findings`} (${each})`;
}
