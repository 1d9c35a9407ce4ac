import { claimsOfRule } from './acknowledgement-claims';
import { ClaimResult, ComplianceFinding, ControlMapping, EvidenceResult, Fact, RecordedAcknowledgement, RegisterEntry, Verdict } from './model';
import { ObservationFile, ObservedFact } from './observation';
import { organizationMarkdown } from './organization/organization-markdown';
import { observedClaim, observedCounts, observedFailingClaims, observedLabel, observedTargets, observedWhen, unclaimedObservations } from './report-observed';

/**
 * The evidence report for people: every claim with its verdict and every fact the templates
 * show, the compliance findings, the acknowledgements and the register of processing activities.
 * Pure: returns the Markdown text, writes nothing.
 */

/** How the Markdown report is organised. */
export interface MarkdownReportOptions {
  /**
   * `claim` lists the claims only; `framework` adds a section per framework (SOC 2, ISO/IEC
   * 27001:2022 Annex A, GDPR Art. 32(1), CNIL sheets) naming each control's claims and verdicts.
   *
   * @default 'claim'
   */
  readonly groupBy?: 'claim' | 'framework';
  /**
   * The live observation (`evidence-observed.json`): adds the observed verdict of each claim, its
   * facts, and a banner listing the claims observed failing.
   *
   * @default - the template verdicts only
   */
  readonly observation?: ObservationFile;
  /**
   * The architecture diagram written next to the report (`architecture.svg`), linked under the title.
   *
   * @default - no link
   */
  readonly diagramFile?: string;
}

/** The HTML anchor of a claim in the report (`S0-02` -> `s0-02`), stable for links from the trust page. */
export function claimAnchor(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}

/**
 * The anchor of each claim result: its id's anchor, with `-2`, `-3` ... for the later results of
 * an id that two policies recorded with different values (verified apart).
 */
export function claimAnchors(claims: ClaimResult[]): Map<ClaimResult, string> {
  const seen = new Map<string, number>();
  return new Map(claims.map((c) => {
    const n = (seen.get(c.id) ?? 0) + 1;
    seen.set(c.id, n);
    return [c, n === 1 ? claimAnchor(c.id) : `${claimAnchor(c.id)}-${n}`];
  }));
}

/**
 * Text safe in a Markdown table cell: `|` escaped, line breaks as `<br>`, and `<` escaped where
 * it would open an HTML tag.
 */
export function cell(text: string | number | boolean | undefined): string {
  if (text === undefined || text === '') {
    return '';
  }
  return String(text)
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, '<br>')
    .replace(/<(?=[A-Za-z/!?])(?!br>)/g, '&lt;');
}

/** A code span safe in a table cell, whatever backticks the text holds. */
export function codeCell(text: string | undefined): string {
  if (text === undefined || text === '') {
    return '';
  }
  const flat = text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return longest > 0 ? `${fence} ${flat} ${fence}` : `${fence}${flat}${fence}`;
}

/** A line of text on one line (headings, list items). */
export function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}

/** A Markdown table; cells are escaped by the caller. */
export function table(columns: string[], rows: string[][]): string {
  return [
    `| ${columns.join(' | ')} |`,
    `|${columns.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

/** The verdict as the report shows it. */
export function verdictLabel(verdict: Verdict): string {
  return verdict === 'NOT_PROVABLE' ? 'NOT PROVABLE' : verdict;
}

/** The date part of an ISO 8601 time (`2026-11-20`). */
export function dateOf(iso: string): string {
  return iso.slice(0, 10);
}

/**
 * The evidence report as Markdown.
 *
 * @param result the verified assembly, from `verifyAssembly`
 * @param options `groupBy: 'framework'` adds the framework sections
 */
export function markdownReport(result: EvidenceResult, options: MarkdownReportOptions = {}): string {
  const observation = options.observation;
  const sections = [
    titleSection(result),
    ...(observation ? [observedBanner(result, observation)] : []),
    ...(options.diagramFile ? [`The architecture, drawn from the templates: [${options.diagramFile}](${options.diagramFile})`
      + ' (data stores filled by data class, internet-facing endpoints marked). The trust page as a web page: [trust-page.html](trust-page.html).'] : []),
    stacksSection(result),
    summarySection(result, observation),
    ...(options.groupBy === 'framework' ? [frameworkSections(result)] : []),
    claimsSection(result, observation),
    ...(result.organization ? [organizationMarkdown(result)] : []),
    findingsSection(result.findings),
    acknowledgementsSection(result.acknowledgements),
    `## Register of processing activities (GDPR Art. 30)\n\n${registerBody(result)}`,
    howToRead(observation !== undefined),
  ];
  return `${sections.join('\n\n')}\n`;
}

/**
 * The register of processing activities (GDPR Art. 30) as a document of its own, generated
 * from the data-class tags of the templates.
 */
export function registerMarkdown(result: EvidenceResult): string {
  return [
    '# Register of processing activities (GDPR Art. 30)',
    `Generated ${result.generatedAt} by cdk-data-protection ${result.toolVersion} from the templates of ${stackList(result)}.`
      + ' One row per data store of the infrastructure, from its data-class and purpose tags and the policy\'s data classes.',
    registerBody(result),
    'The controller completes the parts no template holds: the name and contact details of the controller (and of the data'
      + ' protection officer), the categories of data subjects and of recipients, and transfers to third countries (Art. 30(1)).',
  ].join('\n\n') + '\n';
}

function titleSection(result: EvidenceResult): string {
  const { proven, violated, notProvable } = result.summary;
  const total = proven + violated + notProvable;
  return [
    '# Evidence report',
    `Generated ${result.generatedAt} by cdk-data-protection ${result.toolVersion} from the cloud assembly ${codeCell(result.assemblyDirectory)}.`,
    `**${total} claim${total === 1 ? '' : 's'}: ${proven} proven, ${violated} violated, ${notProvable} not provable from a template (organisational).**`,
  ].join('\n\n');
}

function stackList(result: EvidenceResult): string {
  return result.stacks.length === 0 ? 'no stack' : result.stacks.map((s) => s.id).join(', ');
}

function stacksSection(result: EvidenceResult): string {
  if (result.stacks.length === 0) {
    return '## Stacks\n\nThe assembly holds no stack.';
  }
  const rows = result.stacks.map((s) => [
    cell(s.id),
    cell(s.region ?? '(environment-agnostic)'),
    cell(s.account ?? '(environment-agnostic)'),
    cell(s.role ?? (s.policy ? 'service' : '')),
    s.policy ? codeCell(s.policy) : '(no DataProtectionPolicy)',
    String(s.resources),
    `${(s.templateBytes / 1024).toFixed(1)} KiB`,
  ]);
  return `## Stacks\n\n${table(['Stack', 'Region', 'Account', 'Role', 'Policy', 'Resources', 'Template size'], rows)}`;
}

function claimLink(c: ClaimResult, anchors: Map<ClaimResult, string>): string {
  return `[${c.id}](#${anchors.get(c) ?? claimAnchor(c.id)})`;
}

function summarySection(result: EvidenceResult, observation?: ObservationFile): string {
  if (result.claims.length === 0) {
    return '## Summary\n\nThe templates record no claim: no stack has a DataProtectionPolicy with claims.';
  }
  const anchors = claimAnchors(result.claims);
  if (observation) {
    const rows = result.claims.map((c) => [claimLink(c, anchors), cell(c.text), verdictLabel(c.verdict), ...observedCells(observation, c),
      cell(c.stacks.join(', '))]);
    return `## Summary\n\n${table(['Claim', 'Promise', 'Verdict (templates)', 'Observed (account)', 'Observed at', 'Stacks'], rows)}`;
  }
  const rows = result.claims.map((c) => [claimLink(c, anchors), cell(c.text), verdictLabel(c.verdict), cell(c.stacks.join(', '))]);
  return `## Summary\n\n${table(['Claim', 'Promise', 'Verdict', 'Stacks'], rows)}`;
}

function controlsLine(controls: ControlMapping): string {
  const parts = [
    controls.soc2.length > 0 ? `SOC 2 ${controls.soc2.join(', ')}` : undefined,
    controls.iso27001.length > 0 ? `ISO/IEC 27001:2022 A.${controls.iso27001.join(', A.')}` : undefined,
    controls.gdprArt32.length > 0 ? `GDPR Art. ${controls.gdprArt32.join(', Art. ')}` : undefined,
    controls.cnilSheets.length > 0 ? `CNIL sheet${controls.cnilSheets.length > 1 ? 's' : ''} ${controls.cnilSheets.join(', ')}` : undefined,
  ].filter((p): p is string => p !== undefined);
  return parts.length > 0 ? parts.join(' · ') : '(none)';
}

function resourceCell(f: Fact): string {
  if (f.constructPath && f.logicalId) {
    return `${codeCell(f.constructPath)} (${codeCell(f.logicalId)})`;
  }
  return codeCell(f.constructPath ?? f.logicalId) || '(stack)';
}

function factsTable(facts: Fact[]): string {
  const withNotes = facts.some((f) => f.note);
  const columns = ['Stack', 'Resource', 'Property', 'Expected', 'Found', 'OK', ...(withNotes ? ['Note'] : [])];
  const rows = facts.map((f) => [
    cell(f.stack),
    resourceCell(f),
    codeCell(f.propertyPath),
    cell(f.expected),
    cell(f.found),
    f.satisfied ? 'yes' : '**no**',
    ...(withNotes ? [cell(f.note)] : []),
  ]);
  return table(columns, rows);
}

function claimSection(c: ClaimResult, anchor: string, observation?: ObservationFile): string {
  const parts = [
    `<a id="${anchor}"></a>\n\n### ${c.id}: ${oneLine(c.text)}`,
    `**${verdictLabel(c.verdict)}** · scope: ${c.scope} · stacks: ${c.stacks.join(', ') || '(none)'}  \nControls: ${controlsLine(c.controls)}`,
  ];
  if (c.facts.length > 0) {
    const failing = c.facts.filter((f) => !f.satisfied).length;
    parts.push(`${c.facts.length} fact${c.facts.length === 1 ? '' : 's'} read from the templates, ${failing} not satisfied:\n\n${factsTable(c.facts)}`);
  } else if (c.verdict !== 'NOT_PROVABLE') {
    parts.push('The templates show no fact for this claim.');
  }
  if (c.verdict === 'VIOLATED' && c.gaps.length > 0) {
    parts.push(`What is missing or wrong:\n\n${c.gaps.map((g) => `- ${oneLine(g)}`).join('\n')}`);
  }
  if (observation) {
    parts.push(observedPart(observation, c));
  }
  if (c.organisational) {
    const prefix = c.scope === 'org' ? 'Organisational, not provable from a template' : 'The organisational part is not provable from a template';
    parts.push(`> ${prefix}: ${oneLine(c.organisational)}`);
  }
  return parts.join('\n\n');
}

function claimsSection(result: EvidenceResult, observation?: ObservationFile): string {
  if (result.claims.length === 0) {
    return '## Claims\n\nNo claim to verify.';
  }
  const anchors = claimAnchors(result.claims);
  return `## Claims\n\n${result.claims.map((c) => claimSection(c, anchors.get(c)!, observation)).join('\n\n')}`;
}

/** The frameworks of `ControlMapping`, with how each control is named. */
const FRAMEWORKS: Array<{ title: string; controls: (c: ControlMapping) => Array<string | number>; name: (control: string) => string }> = [
  { title: 'SOC 2 trust services criteria', controls: (c) => c.soc2, name: (x) => x },
  { title: 'ISO/IEC 27001:2022 Annex A', controls: (c) => c.iso27001, name: (x) => `A.${x}` },
  { title: 'GDPR Art. 32(1)', controls: (c) => c.gdprArt32, name: (x) => `Art. ${x}` },
  { title: 'CNIL security guide sheets', controls: (c) => c.cnilSheets, name: (x) => `Sheet ${x}` },
];

function frameworkSections(result: EvidenceResult): string {
  const anchors = claimAnchors(result.claims);
  const sections = FRAMEWORKS.map((framework) => {
    const byControl = new Map<string, ClaimResult[]>();
    for (const claim of result.claims) {
      for (const control of framework.controls(claim.controls)) {
        const key = String(control);
        byControl.set(key, [...(byControl.get(key) ?? []), claim]);
      }
    }
    if (byControl.size === 0) {
      return `### ${framework.title}\n\nNo claim maps to this framework.`;
    }
    const rows = [...byControl.entries()]
      .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
      .map(([control, claims]) => {
        const proven = claims.filter((c) => c.verdict === 'PROVEN').length;
        return [
          cell(framework.name(control)),
          claims.map((c) => `${claimLink(c, anchors)} ${verdictLabel(c.verdict)}`).join(', '),
          `${proven} of ${claims.length}`,
        ];
      });
    return `### ${framework.title}\n\n${table(['Control', 'Claims', 'Proven'], rows)}`;
  });
  return ['## Claims by framework',
    'Each control with the claims mapped to it and their verdicts. A control is evidenced only as far as its claims are PROVEN;'
      + ' the organisational part of a control is for the auditor to test.',
    ...sections].join('\n\n');
}

function pathsCell(paths: string[], limit = 10): string {
  if (paths.length === 0) {
    return '(no construct path)';
  }
  const shown = paths.slice(0, limit).map(codeCell).join('<br>');
  return paths.length > limit ? `${shown}<br>… and ${paths.length - limit} more (see the JSON report)` : shown;
}

function findingsSection(findings: ComplianceFinding[]): string {
  const open = findings.filter((f) => f.acknowledgedReason === undefined);
  const acknowledged = findings.filter((f) => f.acknowledgedReason !== undefined);
  const parts = ['## Compliance findings',
    `The findings of the compliance packs that ran on the synthesis (\`validation-report.json\`): ${open.length} open, ${acknowledged.length} acknowledged.`];
  if (open.length > 0) {
    parts.push(`### Open (${open.length})\n\n${table(['Pack', 'Rule', 'Severity', 'Constructs', 'Description'],
      open.map((f) => [cell(f.plugin), codeCell(f.rule), cell(f.severity ?? ''), pathsCell(f.constructPaths), cell(f.description)]))}`);
  }
  if (acknowledged.length > 0) {
    parts.push(`### Acknowledged (${acknowledged.length})\n\n${table(['Pack', 'Rule', 'Constructs', 'Reason'],
      acknowledged.map((f) => [cell(f.plugin), codeCell(f.rule), pathsCell(f.constructPaths), cell(f.acknowledgedReason)]))}`);
  }
  return parts.join('\n\n');
}

function acknowledgementsSection(acks: RecordedAcknowledgement[]): string {
  const title = '## Acknowledgements recorded in the templates';
  if (acks.length === 0) {
    return `${title}\n\nNo resource records an acknowledged rule.`;
  }
  // Group by rule, then by reason, owner and expiry (the ledger); a resource counts once per group.
  const groups = new Map<string, Map<string, { ack: RecordedAcknowledgement; where: Set<string> }>>();
  for (const ack of acks) {
    const reason = ack.reason ?? '(no reason recorded)';
    const key = [reason, ack.owner ?? '', ack.expires ?? '', String(ack.standing)].join('\u0000');
    const byReason = groups.get(ack.rule) ?? new Map<string, { ack: RecordedAcknowledgement; where: Set<string> }>();
    const group = byReason.get(key) ?? { ack: { ...ack, reason }, where: new Set<string>() };
    group.where.add(ack.constructPath ?? `${ack.stack}/${ack.logicalId}`);
    byReason.set(key, group);
    groups.set(ack.rule, byReason);
  }
  const rules = [...groups.keys()].sort();
  const resources = new Set(acks.map((a) => `${a.stack}\u0000${a.logicalId}`)).size;
  const rows = rules.flatMap((rule) => [...groups.get(rule)!.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en'))
    .map(([, { ack, where }]) => [codeCell(rule), cell(ack.reason), cell(ack.owner ?? (ack.standing === undefined ? 'not recorded' : 'none (deprecated: unowned)')),
      cell(ack.expires ?? (ack.standing === undefined ? 'not recorded' : 'standing')), cell(promiseCell(ack)),
      String(where.size), pathsCell([...where].sort(), 5)]));
  const expiring = acks.filter((a) => a.expires !== undefined).length;
  return [title,
    `${rows.length} acknowledgement${rows.length === 1 ? '' : 's'} (rule, reason, owner and expiry) of ${rules.length} rule${rules.length === 1 ? '' : 's'}`
      + ` on ${resources} resource${resources === 1 ? '' : 's'}. Each states why the rule does not apply or what replaces it, who answers for it`
      + ' and until when: one with an expiry fails synthesis once it has passed; a standing one has none (the library\'s own, owned by its maintainers,'
      + ' or a lasting decision of its owner). The promise column names the claims whose promise the acknowledged rule concerns.'
      + (expiring > 0 ? ` ${expiring} acknowledged finding${expiring === 1 ? ' expires' : 's expire'}.` : ''),
    table(['Rule', 'Reason', 'Owner', 'Expires', 'Promise', 'Resources', 'Where'], rows)].join('\n\n');
}

/** The claims an acknowledgement concerns (recorded by `verifyAssembly`, else from its rule), or "no promise". */
function promiseCell(ack: RecordedAcknowledgement): string {
  const claims = ack.claims ?? claimsOfRule(ack.rule);
  return claims.length > 0 ? claims.join(', ') : 'no promise';
}

function yesNo(value: boolean | undefined): string {
  return value === undefined ? 'unknown' : value ? 'yes' : 'no';
}

function classCell(entry: RegisterEntry): string {
  if (entry.dataClass === undefined) {
    return '**untagged**';
  }
  const detail = [codeCell(entry.dataClass), entry.protectionLevel].filter((x) => x).join(', ');
  return entry.label ? `${cell(entry.label)} (${detail})` : detail;
}

function registerBody(result: EvidenceResult): string {
  const contact = result.securityContact
    ? `**Security and data-protection contact:** ${cell(result.securityContact)}`
    : '**Security and data-protection contact:** (none recorded by the policy)';
  if (result.register.length === 0) {
    return `${contact}\n\nThe templates hold no data store.`;
  }
  const rows = [...result.register]
    .sort((a, b) => a.stack.localeCompare(b.stack, 'en') || (a.constructPath ?? a.logicalId).localeCompare(b.constructPath ?? b.logicalId, 'en'))
    .map((e) => [
      `${codeCell(e.constructPath ?? e.logicalId)}<br>${cell(e.type)} in ${cell(e.stack)}`,
      classCell(e),
      yesNo(e.personalData),
      cell(e.purpose ?? '(not stated)'),
      cell(e.retention),
      cell(e.region),
      cell(e.encryption),
      cell(e.backups),
      cell(e.processors.join(', ')),
    ]);
  return `${contact}\n\n${table(['Data store', 'Class', 'Personal data', 'Purpose', 'Retention', 'Region', 'Encryption', 'Backups', 'Processors'], rows)}`;
}

function howToRead(observed = false): string {
  return ['## How to read this report',
    [
      ...(observed ? OBSERVED_READING : []),
      '- **PROVEN**: the templates show at least one fact for the claim and every fact holds: the value found meets the value expected.',
      '- **VIOLATED**: a fact does not hold, or the templates show nothing that makes the claim true; "What is missing or wrong" says which.',
      '- **NOT PROVABLE**: the claim is organisational (people, contracts, processes); no template can prove it and it is never counted as met.',
      '- A claim of scope `infra+doc` is proven for its technical part only; the quoted organisational part is for the reviewer to check.',
      '- Each fact names the stack, the resource (construct path and logical id), the property read, the value expected and the value found,'
        + ' so it can be checked in the template by hand.',
      '- The report reads the synthesized templates (`cdk.out/`), not the deployed account: deploy these templates, and watch for drift.',
      '- Acknowledged findings are rules of the compliance packs that do not apply, each with the reason recorded in the code.',
    ].join('\n')].join('\n\n');
}

/** How to read the observed column (only in a report with an observation). */
const OBSERVED_READING = [
  '- **Observed (account)** comes from `evidence-observed.json`, written by `cdk-data-protection observe` with read-only calls to the'
    + ' deployed account, at the time and over the period shown. The template verdict says what the templates build; the observed'
    + ' verdict says whether the account runs that way. Each is shown as found: neither changes the other.',
  '- **OBSERVED**: every operating fact read from the account holds. **OBSERVED FAILING**: at least one fact read does not hold'
    + ' (the promise is not kept now, whatever the templates say). **NOT OBSERVED**: some fact could not be read (access denied,'
    + ' nothing deployed, a time limit, or the observation does not name the promise); it is never counted as proof.',
];

/** The Observed and Observed-at cells of a claim's summary row. */
function observedCells(observation: ObservationFile, c: ClaimResult): string[] {
  const p = observedClaim(observation, c.id);
  const label = observedLabel(p.verdict);
  const period = p.periodStart || p.periodEnd ? `<br>period ${cell(p.periodStart ?? '(open)')} to ${cell(p.periodEnd ?? p.observedAt)}` : '';
  return [p.verdict === 'OBSERVED_FAILING' ? `**${label}**` : label, `${cell(p.observedAt)}${period}`];
}

/** The banner under the title: when and where the account was observed, and, loudly, every claim observed failing. */
function observedBanner(result: EvidenceResult, observation: ObservationFile): string {
  const counts = observedCounts(observation, result.claims);
  const failing = observedFailingClaims(observation, result.claims);
  const anchors = claimAnchors(result.claims);
  const parts: string[] = [];
  if (failing.length > 0) {
    parts.push([
      '> [!CAUTION]',
      `> **OBSERVED FAILING: ${failing.length} promise${failing.length === 1 ? ' does' : 's do'} not hold in the live account**`
        + ` (observed ${observation.generatedAt}):`,
      '>',
      ...failing.map((c) => `> - ${claimLink(c, anchors)}: ${oneLine(c.text)} (${observedClaim(observation, c.id).facts.filter((f) => f.satisfied === false).length}`
        + ' fact(s) not holding)'),
    ].join('\n'));
  }
  parts.push(`As observed in the live account ${observation.generatedAt}${observation.observer ? ` by ${codeCell(observation.observer)}` : ''},`
    + ` in ${cell(observedTargets(observation))}: **${counts.observed} observed, ${counts.observedFailing} observed failing,`
    + ` ${counts.notObserved} not observed.**`);
  const unclaimed = unclaimedObservations(observation, result.claims);
  if (unclaimed.length > 0) {
    parts.push(`The observation also names ${unclaimed.map((id) => codeCell(id)).join(', ')}, which no template claims: not shown`
      + ' (an observation of other templates, or of an earlier policy?).');
  }
  return parts.join('\n\n');
}

function observedFactsTable(facts: ObservedFact[]): string {
  const withNotes = facts.some((f) => f.note);
  const columns = ['Where', 'Source', 'Resource', 'Checked', 'Expected', 'Found', 'OK', ...(withNotes ? ['Note'] : [])];
  const rows = facts.map((f) => [
    cell([f.account, f.region].filter((x) => x).join('/') || '(account)'),
    codeCell(f.source),
    codeCell(f.resource) || '(account)',
    cell(f.propertyPath),
    cell(f.expected),
    cell(f.found),
    f.satisfied === true ? 'yes' : f.satisfied === false ? '**no**' : 'not read',
    ...(withNotes ? [cell(f.note)] : []),
  ]);
  return table(columns, rows);
}

/** The observed part of a claim's section: the verdict with its time and period, the facts read, what could not be read. */
function observedPart(observation: ObservationFile, c: ClaimResult): string {
  const p = observedClaim(observation, c.id);
  const failing = p.facts.filter((f) => f.satisfied === false).length;
  const parts = [`As observed in the account: **${observedLabel(p.verdict)}** at ${observedWhen(p)}.`
    + (p.facts.length > 0 ? ` ${p.facts.length} fact${p.facts.length === 1 ? '' : 's'} read, ${failing} not holding:` : '')];
  if (p.facts.length > 0) {
    parts.push(observedFactsTable(p.facts));
  }
  if (p.notObserved.length > 0) {
    parts.push(`Not observed:\n\n${p.notObserved.map((n) => `- ${oneLine(n)}`).join('\n')}`);
  }
  return parts.join('\n\n');
}
