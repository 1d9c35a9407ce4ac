import { claimsOfRule } from './acknowledgement-claims';
import { ClaimResult, EvidenceResult } from './model';
import { claimAnchors, dateOf, oneLine } from './report-markdown';

/**
 * The public "Security & Privacy" page, in the style of the pages SaaS companies publish: it
 * states in plain language only what the templates PROVE, each statement linked to its evidence.
 *
 * A VIOLATED claim is never stated. The page does not name it either (a public page should not
 * list which measures are missing); a footer note gives only their count, so a reader who
 * compares with an earlier page, or with the policy, knows why a promise is not there and where
 * to look. Organisational claims are listed apart, as commitments the infrastructure does not prove.
 */

/** Options of the trust page. */
export interface TrustPageOptions {
  /**
   * The service's name, as the page names it.
   *
   * @default 'Our service'
   */
  readonly serviceName?: string;
  /**
   * The Markdown report the statements link to (`<reportFile>#s0-02`).
   *
   * @default 'evidence-report.md'
   */
  readonly reportFile?: string;
}

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

/** The claim whose text publishes the security contact. */
const CONTACT_CLAIM = 'S4-13';

/**
 * The trust page as Markdown.
 *
 * @param result the verified assembly, from `verifyAssembly`
 * @param options the service's name and the report the statements link to
 */
export function trustPage(result: EvidenceResult, options: TrustPageOptions = {}): string {
  const service = options.serviceName ?? 'Our service';
  const reportFile = options.reportFile ?? 'evidence-report.md';
  const anchors = claimAnchors(result.claims);
  const link = (c: ClaimResult, label: string) => `[${label}](${reportFile}#${anchors.get(c)})`;
  const evidence = (claims: ClaimResult[]) => claims.map((c, i) => link(c, i === 0 ? 'evidence' : c.id)).join(', ');
  // A text a violated claim states is never stated, even when another policy's claim proves the same words.
  const violatedTexts = new Set(result.claims.filter((c) => c.verdict === 'VIOLATED').map((c) => oneLine(c.text)));
  const proven = result.claims.filter((c) => c.verdict === 'PROVEN' && !violatedTexts.has(oneLine(c.text)));

  const parts: string[] = [
    '# Security & Privacy',
    `Last updated ${dateOf(result.generatedAt)}`,
    `${service} takes the security of your data and your privacy seriously. Every statement below is proven from the templates`
      + ' that deploy our infrastructure, and links to its evidence: the value expected and the value found, resource by resource.',
  ];

  const sections = TRUST_PAGE_SECTIONS.map((s) => ({ heading: s.heading, claims: s.claims }));
  const known = new Set([CONTACT_CLAIM, ...TRUST_PAGE_SECTIONS.flatMap((s) => s.claims)]);
  const others = [...new Set(proven.filter((c) => !known.has(c.id)).map((c) => c.id))];
  if (others.length > 0) {
    sections.push({ heading: 'Other measures', claims: others });
  }
  const resting = restingOn(result);
  for (const section of sections) {
    const claims = section.claims.flatMap((id) => proven.filter((c) => c.id === id));
    if (claims.length > 0) {
      parts.push(`## ${section.heading}\n\n${statements(claims)
        .map(({ text, claims: by }) => `- ${text} (${evidence(by)})${restingNote(by, resting)}`).join('\n')}`);
    }
  }

  const commitments = [
    ...result.claims.filter((c) => c.scope === 'org' && c.verdict === 'NOT_PROVABLE')
      .map((c) => `- ${oneLine(c.text)}`),
    ...proven.filter((c) => c.scope === 'infra+doc' && c.organisational)
      .map((c) => `- ${oneLine(c.organisational!)} (${link(c, c.id)})`),
  ];
  if (commitments.length > 0) {
    parts.push('## Our organisational commitments\n\nThese are commitments of our team: processes, contracts and people\'s work.'
      + ' They are **not proven by the infrastructure**, and the evidence report lists them as not provable from a template.'
      + `\n\n${[...new Set(commitments)].join('\n')}`);
  }

  const contactClaims = result.claims.filter((c) => c.id === CONTACT_CLAIM);
  const provenContact = proven.filter((c) => c.id === CONTACT_CLAIM);
  if (provenContact.length > 0) {
    parts.push(`## Reporting a vulnerability\n\n${statements(provenContact).map(({ text, claims: by }) => `${text} (${evidence(by)})`).join('\n\n')}`
      + '\n\nIf you notice a security issue or have a question or concern, please write to us: we respond as soon as possible.');
  } else if (contactClaims.length === 0 && result.securityContact) {
    // The policy names a contact without claiming S4-13: publish it, as the contact it is, not as a proven claim.
    parts.push(`## Reporting a vulnerability\n\nIf you notice a security issue or have a question or concern, please contact ${result.securityContact}.`);
  }

  const violated = result.summary.violated;
  parts.push([
    '---',
    `_This page was generated on ${dateOf(result.generatedAt)} by cdk-data-protection ${result.toolVersion} from the synthesized infrastructure templates.`
      + ` It states only what those templates prove; the [evidence report](${reportFile}) lists every fact read._`,
    ...(violated > 0
      ? [`_${violated} further measure${violated === 1 ? ' is' : 's are'} not stated on this page because the templates do not prove`
        + ` ${violated === 1 ? 'it' : 'them'} at present._`]
      : []),
  ].join('\n\n'));
  return `${parts.join('\n\n')}\n`;
}

/**
 * The acknowledgements a proven promise rests on, by claim id: those of the team (not the
 * library's own, standing ones of known false positives, nor those the stacks' ledgers do not hold)
 * whose rule concerns the claim. Shared
 * with the other renderings of the trust page, which mark the same promises.
 */
export function restingOn(result: EvidenceResult): Map<string, Array<{ owner?: string; expires?: string }>> {
  const byClaim = new Map<string, Array<{ owner?: string; expires?: string }>>();
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

/** The mark of a statement whose claims rest on acknowledged findings: owner and expiry of each. */
function restingNote(claims: ClaimResult[], resting: Map<string, Array<{ owner?: string; expires?: string }>>): string {
  const acks = [...new Map(claims.flatMap((c) => resting.get(c.id) ?? [])
    .map((a) => [`${a.owner}\u0000${a.expires}`, a] as const)).values()];
  if (acks.length === 0) {
    return '';
  }
  const each = acks.map((a) => `${a.owner ?? 'no owner'}, ${a.expires !== undefined ? `until ${a.expires}` : 'standing'}`).join('; ');
  return ` — _rests on ${acks.length === 1 ? 'an acknowledged finding' : `${acks.length} acknowledged findings`} (${each})_`;
}

/** The statements of a section: each claim's text once, with every claim that states it the same way. */
function statements(claims: ClaimResult[]): Array<{ text: string; claims: ClaimResult[] }> {
  const byText = new Map<string, ClaimResult[]>();
  for (const c of claims) {
    const text = oneLine(c.text);
    byText.set(text, [...(byText.get(text) ?? []), c]);
  }
  return [...byText.entries()].map(([text, by]) => ({ text, claims: by }));
}
