import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { claimOf, evidenceFixture, VIOLATED_PACKS_TEXT, VIOLATED_TLS_TEXT } from './fixtures';
import { CLASS_COLOURS, UNTAGGED_COLOUR } from '../../lib/evidence/diagram-style';
import { renderSvg } from '../../lib/evidence/diagram-svg';
import { EvidenceReport } from '../../lib/evidence/evidence-report';
import { EvidenceResult } from '../../lib/evidence/model';
import { ObservationFile } from '../../lib/evidence/observation';
import { markdownReport } from '../../lib/evidence/report-markdown';
import { sourceCommit } from '../../lib/evidence/source-commit';
import { statableClaims } from '../../lib/evidence/trust-page-content';
import { escapeHtml, trustPageHtml } from '../../lib/evidence/trust-page-html';
import { TRUST_PAGE_CSS } from '../../lib/evidence/trust-page-style';
import { writeMinimalAssembly } from '../reliability/evidence-cli-kit';

/** The text of the page's elements of a kind, in order (a crude reader: enough for these pages, which the browser test reads for real). */
function elements(html: string, tag: string): string[] {
  return [...html.matchAll(new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]);
}

describe('trustPageHtml', () => {
  const result = evidenceFixture();
  const svg = renderSvg('digraph g { "Bucket" [style=filled, fillcolor="#cce5ff"]; }');
  const page = trustPageHtml(result, { serviceName: 'Blossom', commit: '0123456789abcdef0123456789abcdef01234567', svg });

  test('is one self-contained document: a lang, one h1, the landmarks, ordered headings, no script, no external resource', () => {
    // THEN
    expect(page).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(elements(page, 'h1')).toEqual(['Security &amp; Privacy']);
    for (const landmark of ['header', 'nav', 'main', 'footer']) {
      expect(page.match(new RegExp(`<${landmark}\\b`, 'g'))).toHaveLength(1);
    }
    const levels = [...page.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
    levels.forEach((level, i) => expect(level - (levels[i - 1] ?? 0)).toBeLessThanOrEqual(1));
    expect(page).not.toMatch(/<script|<link\b|<img\b|<iframe|@import|url\(|\bsrc=/i);
    expect(page).toContain('content="default-src \'none\'; style-src \'unsafe-inline\';');
    expect(page.match(/href="https?:/g)).toBeNull();
  });

  test('S0-02 states each proven claim under its topic with its verdict and every fact one click away in <details>', () => {
    // GIVEN
    const s002 = claimOf(result, 'S0-02');

    // THEN
    const backups = page.slice(page.indexOf('<h2 id="topic-backups-and-availability">'));
    expect(backups).toMatch(/^<h2 id="topic-backups-and-availability">Backups and availability<\/h2>/);
    const item = backups.slice(backups.indexOf('data-claims="S0-02"'));
    expect(item).toMatch(/^data-claims="S0-02"><ul class="verdicts"><li><span class="badge proven">Proven<\/span><\/li><\/ul><p class="statement">Daily backups are kept 14 days.<\/p><details><summary>/);
    const table = item.slice(item.indexOf('<table class="facts" data-claim="S0-02"'), item.indexOf('</table>'));
    expect(elements(table, 'tr').length - 1).toBe(s002.facts.length);
    expect(table).toContain(`<td>${escapeHtml(s002.facts[0].found)}</td>`);
    expect(item).toContain('<a href="evidence-report.md#s0-02">S0-02 in the evidence report</a>');
  });

  test('S0-08 S2-15 states only statable claims: a violated claim is never named, only counted in the footer', () => {
    // THEN
    for (const claim of statableClaims(result)) {
      expect(page).toContain(`data-claim="${claim.id}"`);
    }
    expect(page).not.toContain(escapeHtml(VIOLATED_TLS_TEXT));
    expect(page).not.toContain(escapeHtml(VIOLATED_PACKS_TEXT));
    expect(page).not.toMatch(/S0-08|S2-15/);
    expect(page).toContain('<p>2 further measures are not stated on this page because the templates do not prove them at present.</p>');
  });

  test('S0-12 organisational commitments are a section of their own, each marked as such', () => {
    // THEN
    const section = page.slice(page.indexOf('<h2 id="commitments">'), page.indexOf('</section>', page.indexOf('<h2 id="commitments">')));
    expect(section).toContain('<strong>not proven by the infrastructure</strong>');
    expect(section).toContain('<span class="badge commitment">Organisational commitment</span></li></ul><p>Users are not tracked with screen recordings.</p>');
  });

  test('S4-13 gives the security contact, the date and the commit; the diagram inline with a role and a title', () => {
    // THEN
    expect(page).toContain('<h2 id="contact">Reporting a vulnerability</h2>');
    expect(page).toContain('Security issues can be reported to security@example.com.');
    expect(page).toContain('Last updated <time datetime="2026-11-20');
    expect(page).toContain('commit <code class="commit">0123456789abcdef0123456789abcdef01234567</code>');
    expect(page).toMatch(/<h2 id="architecture">Architecture<\/h2><figure><div class="diagram"><svg [^>]*role="img" aria-labelledby="architecture-title"><title id="architecture-title">Architecture of Blossom/);
    expect(page).toContain('<a href="architecture.svg">Open the diagram on its own</a>');
    expect(page).not.toMatch(/<\?xml|<!DOCTYPE svg/);
  });

  test('says "not recorded" without a commit, and has no architecture section without a diagram', () => {
    // WHEN
    const bare = trustPageHtml(result);

    // THEN
    expect(bare).toContain('commit <code class="commit">not recorded</code>');
    expect(bare).not.toContain('id="architecture"');
    expect(bare).toContain('<p class="service">Our service</p>');
  });

  test('escapes every text: a service name, a claim text and a fact holding markup do not inject', () => {
    // GIVEN
    const hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const s002 = claimOf(result, 'S0-02');
    const poisoned: EvidenceResult = {
      ...result,
      claims: result.claims.map((c) => (c === s002 ? { ...c, text: `Backups ${hostile}`, facts: [{ ...c.facts[0], found: hostile, note: hostile }] } : c)),
    };

    // WHEN
    const html = trustPageHtml(poisoned, { serviceName: hostile, commit: '"><script>' });

    // THEN
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('trustPageHtml as designed and as observed', () => {
  const result = evidenceFixture();
  const observation: ObservationFile = {
    schemaVersion: 1,
    generatedAt: '2026-12-01T10:00:00.000Z',
    observer: 'arn:aws:sts::111111111111:assumed-role/reader/session',
    targets: [{ account: '111111111111', region: 'us-east-1', stacks: ['DataProtectionReference'] }],
    promises: [
      {
        id: 'S0-02',
        verdict: 'OBSERVED',
        observedAt: '2026-12-01T10:00:00.000Z',
        notObserved: [],
        facts: [{ source: 'backup:ListBackupJobs', resource: 'vault', propertyPath: 'completed backup job', expected: 'one a day', found: '2026-11-30', satisfied: true }],
      },
      { id: 'S0-05', verdict: 'OBSERVED_FAILING', observedAt: '2026-12-01T10:00:00.000Z', notObserved: [], facts: [] },
    ],
  };

  test('S0-02 shows each promise\'s observed verdict beside the designed one, with the observed facts', () => {
    // WHEN
    const page = trustPageHtml(result, { observation });

    // THEN
    const s002 = page.slice(page.indexOf('data-claims="S0-02"'));
    expect(s002).toMatch(/^data-claims="S0-02"><ul class="verdicts"><li><span class="badge proven">As designed: Proven<\/span><\/li><li><span class="badge observed">As observed: holds<\/span><\/li>/);
    expect(s002).toContain('<table class="facts" data-claim="S0-02" data-kind="observed"><caption>S0-02: as observed on 2026-12-01</caption>');
    // S0-05 was observed failing: not stated on the public page (only counted), as on trust-page.md.
    expect(page).not.toContain('data-claims="S0-05"');
    expect(page).toContain('1 further measure is not stated on this page because our live account did not show it holding when observed on 2026-12-01.');
    expect(page.slice(page.indexOf('data-claims="S4-01"'))).toMatch(/^[^\n]*<span class="badge unobserved">As observed: not observed<\/span>/);
    expect(page).toContain('read from the live account by <code>arn:aws:sts::111111111111:assumed-role/reader/session</code>');
  });

  test('without an observation there is no observed verdict', () => {
    // THEN
    expect(trustPageHtml(result)).not.toContain('As observed');
  });
});

describe('sourceCommit', () => {
  test('is HEAD in a git work tree, else CDP_COMMIT, else GITHUB_SHA, else undefined; never free text', () => {
    // GIVEN: a repository with one commit, and a directory outside any repository
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'commit-'));
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'no-git-'));
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { encoding: 'utf-8' }).trim();
    try {
      git('init', '-q');
      git('commit', '-q', '--allow-empty', '-m', 'first');
      const head = git('rev-parse', 'HEAD');
      const env = { PATH: process.env.PATH, GIT_CEILING_DIRECTORIES: os.tmpdir() };

      // WHEN / THEN
      expect(sourceCommit(repo, { ...env, CDP_COMMIT: 'abcdef1' })).toBe(head);
      expect(sourceCommit(outside, { ...env, CDP_COMMIT: 'ABCDEF1', GITHUB_SHA: 'fedcba9' })).toBe('abcdef1');
      expect(sourceCommit(outside, { ...env, GITHUB_SHA: 'fedcba9876' })).toBe('fedcba9876');
      expect(sourceCommit(outside, { ...env, CDP_COMMIT: '<script>' })).toBeUndefined();
      expect(sourceCommit(outside, env)).toBeUndefined();
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('trust-page.html colours', () => {
  /** WCAG 2.1 relative luminance of `#rrggbb`. */
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a: string, b: string) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };

  test('every rule that sets a text colour on a background, and every text colour on the page backgrounds, meets WCAG AA (4.5:1)', () => {
    // GIVEN: the rules of the inline style sheet
    const rules = [...TRUST_PAGE_CSS.matchAll(/([^{}]+)\{([^}]*)\}/g)].map((m) => ({ selector: m[1].trim(), body: m[2] }));
    const colour = (body: string, property: string) => new RegExp(`(?:^|[;\\s])${property}:\\s*(#[0-9a-f]{6})`, 'i').exec(body)?.[1];
    const pageBackgrounds = rules.map((r) => colour(r.body, 'background')).filter((c): c is string => c !== undefined && luminance(c) > 0.8);

    // THEN
    let checked = 0;
    for (const rule of rules) {
      const text = colour(rule.body, 'color');
      if (text === undefined) continue;
      const background = colour(rule.body, 'background');
      for (const bg of background ? [background] : pageBackgrounds) {
        expect({ rule: rule.selector, text, bg, ratio: contrast(text, bg) >= 4.5 }).toEqual({ rule: rule.selector, text, bg, ratio: true });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  test('the diagram\'s fills keep its black text above 4.5:1', () => {
    // THEN
    for (const fill of [...CLASS_COLOURS, UNTAGGED_COLOUR]) {
      expect(contrast('#000000', fill)).toBeGreaterThan(4.5);
    }
  });
});

describe('the Markdown report and the diagram', () => {
  test('S1-08 links architecture.svg and trust-page.html under its title when the diagram was drawn, and not otherwise', () => {
    // GIVEN
    const result = evidenceFixture();

    // WHEN
    const linked = markdownReport(result, { diagramFile: 'architecture.svg' });
    const plain = markdownReport(result);

    // THEN
    expect(linked).toMatch(/^# Evidence report\n\n[^\n]*\n\n[^\n]*\n\nThe architecture, drawn from the templates: \[architecture.svg\]\(architecture.svg\)[^\n]*\[trust-page.html\]\(trust-page.html\)\.\n\n## Stacks/);
    expect(plain).not.toContain('architecture.svg');
  });
});

describe('EvidenceReport.write and trust-page.html', () => {
  /** A minimal cloud assembly: one stack whose policy claims S4-13, and a bucket of a data class. */
  function assemblyDirectory(): string {
    return writeMinimalAssembly({
      resources: {
        Files: { Type: 'AWS::S3::Bucket', Properties: { Tags: [{ Key: 'data-class', Value: 'customer-data' }] }, Metadata: { 'aws:cdk:path': 'Service/Files/Resource' } },
      },
    });
  }

  test('S4-13 writes trust-page.html and architecture.svg with the companions, the diagram inline, the observed column from evidence-observed.json', () => {
    // GIVEN
    const dir = assemblyDirectory();
    fs.writeFileSync(path.join(dir, 'evidence-observed.json'), JSON.stringify({
      schemaVersion: 1, generatedAt: '2026-12-01T10:00:00.000Z', targets: [], promises: [{ id: 'S4-13', verdict: 'OBSERVED', observedAt: '2026-12-01T10:00:00.000Z', facts: [], notObserved: [] }],
    }));
    try {
      // WHEN
      const summary = EvidenceReport.write(dir, { serviceName: 'Acme' });

      // THEN
      expect(summary.files.map((f) => path.basename(f))).toEqual(expect.arrayContaining(['trust-page.html', 'architecture.svg']));
      expect(summary.notes).toEqual([]);
      const html = fs.readFileSync(path.join(dir, 'trust-page.html'), 'utf-8');
      expect(html).toContain('<p class="service">Acme</p>');
      expect(html).toContain(`fill="${CLASS_COLOURS[0]}"`);
      expect(html).toContain('<span class="badge observed">As observed: holds</span>');
      expect(fs.readFileSync(path.join(dir, 'architecture.svg'), 'utf-8')).toMatch(/^<\?xml[\s\S]*<svg/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an evidence-observed.json that cannot be read fails the report, naming the file, and writes no page', () => {
    // GIVEN
    const dir = assemblyDirectory();
    fs.writeFileSync(path.join(dir, 'evidence-observed.json'), '{"schemaVersion": 99}');
    try {
      // WHEN / THEN: a half-read observation is never shown (report-observed.ts)
      expect(() => EvidenceReport.write(dir)).toThrow(/evidence-observed.json.*schemaVersion must be 1, found 99/);
      expect(fs.existsSync(path.join(dir, 'trust-page.html'))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('without the companions, neither the page nor the diagram is written', () => {
    // GIVEN
    const dir = assemblyDirectory();
    try {
      // WHEN
      const summary = EvidenceReport.write(dir, { companions: false });

      // THEN
      expect(summary.files.map((f) => path.basename(f)).sort()).toEqual(['evidence-report.json', 'evidence-report.md', 'evidence-report.sarif']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
