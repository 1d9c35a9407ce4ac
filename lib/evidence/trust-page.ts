import { ClaimResult, EvidenceResult } from './model';
import { ObservationFile } from './observation';
import { claimAnchors, dateOf } from './report-markdown';
import { observedClaim } from './report-observed';
import { RestingAcknowledgement, restingOn, restingWords, statableClaims, trustCommitments, trustContact, trustSections } from './trust-page-content';

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
  /**
   * The live observation (`evidence-observed.json`): a statement whose claims were all observed
   * holding says "observed running on <date>"; a claim observed failing is not stated (a count in
   * the footer says why a promise is missing).
   *
   * @default - the proven claims, without an observed date
   */
  readonly observation?: ObservationFile;
}

export { TRUST_PAGE_SECTIONS } from './trust-page-content';

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
  const observation = options.observation;
  const observedVerdict = (c: ClaimResult) => (observation ? observedClaim(observation, c.id).verdict : undefined);
  const evidence = (claims: ClaimResult[]) => claims.map((c, i) => link(c, i === 0 ? 'evidence' : c.id)).join(', ') + observedRunning(claims);
  // What the page states is chosen in trust-page-content.ts, shared with trust-page.html: proven, not violated by another
  // claim of the same words, and not observed failing in the live account.
  const proven = statableClaims(result, observation);
  const observedFailing = statableClaims(result).length - proven.length;
  /** "observed running on <date>" when every claim of a statement was observed holding (the earliest date of them). */
  function observedRunning(claims: ClaimResult[]): string {
    if (!observation || claims.some((c) => observedVerdict(c) !== 'OBSERVED')) {
      return '';
    }
    const dates = claims.map((c) => dateOf(observedClaim(observation, c.id).observedAt)).sort();
    return `; observed running on ${dates[0]}`;
  }

  const parts: string[] = [
    '# Security & Privacy',
    `Last updated ${dateOf(result.generatedAt)}`,
    `${service} takes the security of your data and your privacy seriously. Every statement below is proven from the templates`
      + ' that deploy our infrastructure, and links to its evidence: the value expected and the value found, resource by resource.'
      + (observation ? ' A statement marked "observed running" was also read from our live AWS account on that date, and held.' : ''),
  ];

  const resting = restingOn(result);
  for (const section of trustSections(proven)) {
    parts.push(`## ${section.heading}\n\n${section.statements
      .map(({ text, claims: by }) => `- ${text} (${evidence(by)})${restingNote(by, resting)}`).join('\n')}`);
  }

  const commitments = trustCommitments(result, proven).map(({ text, claim }) => (claim ? `- ${text} (${link(claim, claim.id)})` : `- ${text}`));
  if (commitments.length > 0) {
    parts.push('## Our organisational commitments\n\nThese are commitments of our team: processes, contracts and people\'s work.'
      + ' They are **not proven by the infrastructure**, and the evidence report lists them as not provable from a template.'
      + `\n\n${[...new Set(commitments)].join('\n')}`);
  }

  const contact = trustContact(result, proven);
  if (contact?.statements) {
    parts.push(`## Reporting a vulnerability\n\n${contact.statements.map(({ text, claims: by }) => `${text} (${evidence(by)})`).join('\n\n')}`
      + '\n\nIf you notice a security issue or have a question or concern, please write to us: we respond as soon as possible.');
  } else if (contact?.contact) {
    // The policy names a contact without claiming S4-13: publish it, as the contact it is, not as a proven claim.
    parts.push(`## Reporting a vulnerability\n\nIf you notice a security issue or have a question or concern, please contact ${contact.contact}.`);
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
    ...(observedFailing > 0
      ? [`_${observedFailing} further measure${observedFailing === 1 ? ' is' : 's are'} not stated on this page because our live account did not`
        + ` show ${observedFailing === 1 ? 'it' : 'them'} holding when observed on ${dateOf(observation!.generatedAt)}._`]
      : []),
  ].join('\n\n'));
  return `${parts.join('\n\n')}\n`;
}

/** The mark of a statement whose claims rest on acknowledged findings: owner and expiry of each. */
function restingNote(claims: ClaimResult[], resting: Map<string, RestingAcknowledgement[]>): string {
  const words = restingWords(claims, resting);
  return words === undefined ? '' : ` — _rests on ${words}_`;
}
