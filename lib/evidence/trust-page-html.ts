import { embeddableSvg } from './diagram-svg';
import { EvidenceResult, Fact } from './model';
import { ObservationFile, ObservedPromise, observedPromise } from './observation';
import { claimAnchors, dateOf } from './report-markdown';
import { COMMIT_NOT_RECORDED } from './source-commit';
import { restingOn, restingWords, statableClaims, TrustStatement, trustCommitments, trustContact, trustSections } from './trust-page-content';
import { TRUST_PAGE_CSS } from './trust-page-style';

/**
 * The trust page as a static web page (`trust-page.html`): the statements of `trust-page.md`
 * (trust-page-content.ts chooses them: only what the templates PROVE), grouped by topic, each with
 * its verdict and, one click away in a `<details>`, the facts that prove it; the organisational
 * commitments marked as such; the architecture diagram; the security contact; the date and the
 * commit. With `evidence-observed.json`, each promise also shows its verdict as observed in the
 * live account ("As designed and as observed").
 *
 * Self-contained: inline CSS, the SVG inline, no script, font, image or tracker, and a
 * Content-Security-Policy that lets the page load nothing. Every text is HTML-escaped.
 */

/** What the HTML trust page needs besides the verified assembly. */
export interface TrustPageHtmlOptions {
  /** The service's name. @default 'Our service' */
  readonly serviceName?: string;
  /** The Markdown report each promise links to. @default 'evidence-report.md' */
  readonly reportFile?: string;
  /** The commit the templates were synthesized from (`sourceCommit()`); undefined: not recorded. */
  readonly commit?: string;
  /** The architecture diagram as SVG (`renderSvg`), embedded when given. */
  readonly svg?: string;
  /** The SVG file the page links to. @default 'architecture.svg' */
  readonly svgFile?: string;
  /** The live observation (`readObservation`), for the observed column. */
  readonly observation?: ObservationFile;
}

/** Text as HTML (element content and attribute values alike). */
export function escapeHtml(text: string | number | boolean | undefined): string {
  return String(text ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The id of a section heading (`Data encryption` -> `topic-data-encryption`). */
function topicId(heading: string): string {
  return `topic-${heading.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

/** The words and class of an observed verdict. */
function observedBadge(observed: ObservedPromise | undefined): string {
  if (observed === undefined) {
    return '<span class="badge unobserved">As observed: not observed</span>';
  }
  switch (observed.verdict) {
    case 'OBSERVED': return '<span class="badge observed">As observed: holds</span>';
    case 'OBSERVED_FAILING': return '<span class="badge failing">As observed: failing</span>';
    default: return '<span class="badge unobserved">As observed: not observed</span>';
  }
}

/** A table of facts, one row each. */
function factsTable(caption: string, claimId: string, kind: 'designed' | 'observed',
  rows: Array<{ where: string; property: string; expected: string; found: string; holds?: boolean; note?: string }>): string {
  const body = rows.map((r) => `<tr><td>${escapeHtml(r.where)}</td><td><code>${escapeHtml(r.property)}</code></td>`
    + `<td>${escapeHtml(r.expected)}</td><td>${escapeHtml(r.found)}</td>`
    + `<td>${r.holds === undefined ? 'not read' : r.holds ? 'holds' : 'does not hold'}${r.note ? `<br><span class="muted">${escapeHtml(r.note)}</span>` : ''}</td></tr>`).join('\n');
  return `<div class="table-wrap"><table class="facts" data-claim="${escapeHtml(claimId)}" data-kind="${kind}">`
    + `<caption>${escapeHtml(caption)}</caption>`
    + '<thead><tr><th scope="col">Resource</th><th scope="col">Property</th><th scope="col">Expected</th><th scope="col">Found</th><th scope="col">Result</th></tr></thead>'
    + `<tbody>\n${body}\n</tbody></table></div>`;
}

/** Where a fact was read: the construct path, else stack and logical id. */
function factWhere(f: Fact): string {
  return f.constructPath ?? (f.logicalId ? `${f.stack}/${f.logicalId}` : f.stack);
}

/**
 * The trust page as HTML.
 *
 * @param result the verified assembly, from `verifyAssembly`
 * @param options service name, commit, diagram and observation
 */
export function trustPageHtml(result: EvidenceResult, options: TrustPageHtmlOptions = {}): string {
  const service = options.serviceName ?? 'Our service';
  const reportFile = options.reportFile ?? 'evidence-report.md';
  const anchors = claimAnchors(result.claims);
  const observation = options.observation;
  const proven = statableClaims(result, observation);
  const date = dateOf(result.generatedAt);
  const resting = restingOn(result);

  const promise = (s: TrustStatement): string => {
    const ids = s.claims.map((c) => c.id);
    const observed = s.claims.map((c) => observedPromise(observation, c.id));
    const verdicts = [`<li><span class="badge proven">${observation ? 'As designed: ' : ''}Proven</span></li>`,
      ...(observation ? [`<li>${observedBadge(worst(observed))}</li>`] : [])];
    const details = s.claims.map((c, i) => {
      const link = `<a href="${escapeHtml(`${reportFile}#${anchors.get(c)}`)}">${escapeHtml(c.id)} in the evidence report</a>`;
      const caption = `${c.id}: ${c.facts.length} fact${c.facts.length === 1 ? '' : 's'} read from the templates`;
      const designed = factsTable(caption, c.id, 'designed',
        c.facts.map((f) => ({
          where: factWhere(f), property: f.propertyPath, expected: f.expected, found: f.found, holds: f.satisfied, note: f.note,
        })),
      );
      const live = observed[i];
      const liveTable = live === undefined ? '' : factsTable(`${c.id}: as observed on ${dateOf(live.observedAt)}`, c.id, 'observed',
        live.facts.map((f) => ({
          where: [f.account, f.region, f.resource].filter((x) => x).join(' · ') || f.source,
          property: `${f.source} ${f.propertyPath}`,
          expected: f.expected,
          found: f.found,
          holds: f.satisfied,
          note: f.note,
        })));
      return `${designed}${liveTable}<p>${link}</p>`;
    }).join('\n');
    const factCount = s.claims.reduce((n, c) => n + c.facts.length, 0);
    return `<li class="promise" id="promise-${escapeHtml(anchors.get(s.claims[0]))}" data-claims="${escapeHtml(ids.join(' '))}">`
      + `<ul class="verdicts">${verdicts.join('')}</ul>`
      + `<p class="statement">${escapeHtml(s.text)}</p>`
      + restingMark(s, resting)
      + `<details><summary>The ${factCount} fact${factCount === 1 ? '' : 's'} that prove it (${escapeHtml(ids.join(', '))})</summary>\n${details}\n</details></li>`;
  };

  const sections = trustSections(proven);
  const topics: string[] = sections.map((s) => `<section aria-labelledby="${topicId(s.heading)}">`
    + `<h2 id="${topicId(s.heading)}">${escapeHtml(s.heading)}</h2>\n<ul class="promises">\n${s.statements.map(promise).join('\n')}\n</ul></section>`);

  const nav: Array<[string, string]> = sections.map((s) => [topicId(s.heading), s.heading]);
  const commitments = [...new Map(trustCommitments(result, proven).map((c) => [c.text, c])).values()];
  if (commitments.length > 0) {
    nav.push(['commitments', 'Organisational commitments']);
    topics.push('<section aria-labelledby="commitments"><h2 id="commitments">Our organisational commitments</h2>'
      + '<p>These are commitments of our team: processes, contracts and people\'s work. They are <strong>not proven by the infrastructure</strong>,'
      + ' and the evidence report lists them as not provable from a template.</p>\n<ul class="promises">\n'
      + commitments.map((c) => `<li class="promise commitment"${c.claim ? ` data-claims="${escapeHtml(c.claim.id)}"` : ''}>`
        + '<ul class="verdicts"><li><span class="badge commitment">Organisational commitment</span></li></ul>'
        + `<p>${escapeHtml(c.text)}${c.claim ? ` (<a href="${escapeHtml(`${reportFile}#${anchors.get(c.claim)}`)}">${escapeHtml(c.claim.id)}</a>)` : ''}</p></li>`).join('\n')
      + '\n</ul></section>');
  }

  if (options.svg !== undefined) {
    nav.push(['architecture', 'Architecture']);
    const svgFile = options.svgFile ?? 'architecture.svg';
    topics.push('<section aria-labelledby="architecture"><h2 id="architecture">Architecture</h2><figure>'
      + `<div class="diagram">${embeddableSvg(options.svg, `Architecture of ${service}: each stack, its constructs and the references between them;`
        + ' data stores filled by data class, internet-facing endpoints with a red border', 'architecture-title')}</div>`
      + '<figcaption class="muted">Drawn from the synthesized templates: a box per construct, filled with the colour of the data class it holds'
      + ' (see the legend); internet-facing endpoints have a red border and an edge from the Internet; dashed edges are off-site backup copies.'
      + ` <a href="${escapeHtml(svgFile)}">Open the diagram on its own</a>.</figcaption></figure></section>`);
  }

  const contact = trustContact(result, proven);
  if (contact !== undefined) {
    nav.push(['contact', 'Reporting a vulnerability']);
    const body = contact.statements
      ? `<ul class="promises">\n${contact.statements.map(promise).join('\n')}\n</ul><p>If you notice a security issue or have a question or concern, please write to us: we respond as soon as possible.</p>`
      : `<p>If you notice a security issue or have a question or concern, please contact ${contactLink(contact.contact!)}.</p>`;
    topics.push(`<section aria-labelledby="contact"><h2 id="contact">Reporting a vulnerability</h2>\n${body}</section>`);
  }

  const violated = result.summary.violated;
  const failing = statableClaims(result).length - proven.length;
  const commit = options.commit ?? COMMIT_NOT_RECORDED;
  const footer = [
    `<p>This page was generated on <time datetime="${escapeHtml(result.generatedAt)}">${escapeHtml(date)}</time> by cdk-data-protection ${escapeHtml(result.toolVersion)}`
      + ` from the synthesized infrastructure templates of commit <code class="commit">${escapeHtml(commit)}</code>.`
      + ` It states only what those templates prove; the <a href="${escapeHtml(reportFile)}">evidence report</a> lists every fact read.</p>`,
    ...(observation ? [`<p>As observed: read from the live account${observation.observer ? ` by <code>${escapeHtml(observation.observer)}</code>` : ''}`
      + ` on <time datetime="${escapeHtml(observation.generatedAt)}">${escapeHtml(dateOf(observation.generatedAt))}</time>.</p>`] : []),
    ...(violated > 0 ? [`<p>${violated} further measure${violated === 1 ? ' is' : 's are'} not stated on this page because the templates do not prove`
      + ` ${violated === 1 ? 'it' : 'them'} at present.</p>`] : []),
    // A promise the live account was observed not keeping is not stated (statableClaims), only counted, as on trust-page.md.
    ...(failing > 0 ? [`<p>${failing} further measure${failing === 1 ? ' is' : 's are'} not stated on this page because our live account did not`
      + ` show ${failing === 1 ? 'it' : 'them'} holding when observed on ${escapeHtml(dateOf(observation!.generatedAt))}.</p>`] : []),
  ];

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="cdk-data-protection ${escapeHtml(result.toolVersion)}">
<title>Security &amp; Privacy · ${escapeHtml(service)}</title>
<style>${TRUST_PAGE_CSS}</style>
</head>
<body>
<header><div class="wrap">
<p class="service">${escapeHtml(service)}</p>
<h1>Security &amp; Privacy</h1>
<p class="muted">Last updated <time datetime="${escapeHtml(result.generatedAt)}">${escapeHtml(date)}</time></p>
<p>${escapeHtml(service)} takes the security of your data and your privacy seriously. Every promise below is proven from the templates that deploy`
    + ' our infrastructure; open "the facts that prove it" under a promise to see the value expected and the value found, resource by resource.'
    + `${observation ? ' Where live evidence exists, each promise also shows whether it holds as observed in the running account.' : ''}</p>
</div></header>
<nav aria-label="Topics"><div class="wrap"><ul>
${nav.map(([id, label]) => `<li><a href="#${id}">${escapeHtml(label)}</a></li>`).join('\n')}
</ul></div></nav>
<main><div class="wrap">
${topics.join('\n')}
</div></main>
<footer><div class="wrap">
${footer.join('\n')}
</div></footer>
</body>
</html>
`;
}

/** The least reassuring of several observations (failing, then not observed, then holds). */
function worst(observed: Array<ObservedPromise | undefined>): ObservedPromise | undefined {
  if (observed.some((o) => o === undefined)) {
    return undefined;
  }
  const rank = (o: ObservedPromise) => (o.verdict === 'OBSERVED_FAILING' ? 0 : o.verdict === 'NOT_OBSERVED' ? 1 : 2);
  return [...(observed as ObservedPromise[])].sort((a, b) => rank(a) - rank(b))[0];
}

/** The security contact as a link when it is an e-mail address or a web address, else as text. */
function contactLink(contact: string): string {
  if (/^[^\s@<>"']+@[^\s@<>"']+\.[^\s@<>"']+$/.test(contact)) {
    return `<a href="mailto:${escapeHtml(contact)}">${escapeHtml(contact)}</a>`;
  }
  if (/^https:\/\/[^\s<>"']+$/.test(contact)) {
    return `<a href="${escapeHtml(contact)}">${escapeHtml(contact)}</a>`;
  }
  return escapeHtml(contact);
}

/** The mark of a promise that rests on acknowledged findings of the team (as on trust-page.md): owner and expiry of each. */
function restingMark(s: TrustStatement, resting: ReturnType<typeof restingOn>): string {
  const words = restingWords(s.claims, resting);
  return words === undefined ? '' : `<p class="resting">Rests on ${escapeHtml(words)}</p>`;
}
