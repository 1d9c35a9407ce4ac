// Extends `expect` with toBeValidSarifLog: validation against the OASIS SARIF 2.1.0 JSON schema.
import '@microsoft/jest-sarif';
import { evidenceFixture } from './fixtures';
import { OBSERVED_AT, observationFixture, observedS002, PERIOD_START, TOPIC } from './observation-fixture';
import { jsonReport } from '../../lib/evidence/report-json';
import { markdownReport } from '../../lib/evidence/report-markdown';
import { observedClaim, observedCounts } from '../../lib/evidence/report-observed';
import { sarifReport } from '../../lib/evidence/report-sarif';
import { trustPage } from '../../lib/evidence/trust-page';

/** The part of a Markdown text from `heading` to the next heading of the same or a higher level. */
function sectionOf(text: string, heading: string): string {
  const start = text.indexOf(heading);
  expect(start).toBeGreaterThanOrEqual(0);
  const level = heading.match(/^#+/)![0].length;
  const rest = text.slice(start + heading.length);
  const next = rest.search(new RegExp(`\\n#{1,${level}} `));
  return heading + (next < 0 ? rest : rest.slice(0, next));
}

/** The Markdown row of a claim in the summary table. */
function summaryRow(text: string, id: string): string {
  return sectionOf(text, '## Summary').split('\n').find((l) => l.startsWith(`| [${id}]`))!;
}

describe('the observed column', () => {
  const result = evidenceFixture();
  const observation = observationFixture();

  describe('verdicts', () => {
    test('S0-02 a claim the file names has its verdict; one it does not name is NOT_OBSERVED at the observation time', () => {
      // WHEN
      const named = observedClaim(observation, 'S0-02');
      const unnamed = observedClaim(observation, 'S0-08');

      // THEN
      expect(named.verdict).toBe('OBSERVED');
      expect(unnamed).toEqual({
        id: 'S0-08',
        verdict: 'NOT_OBSERVED',
        facts: [],
        observedAt: OBSERVED_AT,
        notObserved: [`the observation of ${OBSERVED_AT} does not name S0-08`],
      });
      expect(observedCounts(observation, result.claims)).toEqual({ observed: 2, observedFailing: 1, notObserved: result.claims.length - 3 });
    });
  });

  describe('Markdown', () => {
    test('without an observation the report is as before: no observed column, no banner', () => {
      // WHEN
      const text = markdownReport(result, { observation: undefined });

      // THEN
      expect(text).toBe(markdownReport(result));
      expect(text).not.toMatch(/OBSERVED|As observed/);
      expect(summaryRow(text, 'S0-02')).toBe('| [S0-02](#s0-02) | Daily backups are kept 14 days. | PROVEN | DataProtectionReference |');
    });

    test('S0-11 a claim observed failing is listed in a banner at the top, before the stacks', () => {
      // WHEN
      const text = markdownReport(result, { observation });

      // THEN
      const banner = text.slice(0, text.indexOf('## Stacks'));
      expect(banner).toContain('> [!CAUTION]');
      expect(banner).toContain(`> **OBSERVED FAILING: 1 promise does not hold in the live account** (observed ${OBSERVED_AT}):`);
      expect(banner).toMatch(/> - \[S0-11\]\(#s0-11\): Security findings reach the incident team at once.* \(1 fact\(s\) not holding\)/);
      expect(banner).not.toMatch(/\[S0-02\]|\[S4-01\]/);
      expect(banner).toContain('by `arn:aws:sts::111111111111:assumed-role/EvidenceReader/alice`, in 111111111111/us-east-1 (DataProtectionReference):'
        + ` **2 observed, 1 observed failing, ${result.claims.length - 3} not observed.**`);
    });

    test('S0-02 S0-11 S4-01 S0-08 the summary shows the template verdict and the observed verdict with its time and period', () => {
      // WHEN
      const text = markdownReport(result, { observation });

      // THEN
      expect(sectionOf(text, '## Summary')).toContain('| Claim | Promise | Verdict (templates) | Observed (account) | Observed at | Stacks |');
      expect(summaryRow(text, 'S0-02')).toBe(`| [S0-02](#s0-02) | Daily backups are kept 14 days. | PROVEN | OBSERVED | ${OBSERVED_AT}`
        + `<br>period ${PERIOD_START} to ${OBSERVED_AT} | DataProtectionReference |`);
      expect(summaryRow(text, 'S0-11')).toContain('| PROVEN | **OBSERVED FAILING** |');
      expect(summaryRow(text, 'S4-01')).toContain('| PROVEN | NOT OBSERVED |');
      expect(summaryRow(text, 'S0-08')).toContain(`| VIOLATED | NOT OBSERVED | ${OBSERVED_AT} |`);
    });

    test('S0-11 S4-01 each claim section shows the facts read from the account and what could not be read', () => {
      // WHEN
      const text = markdownReport(result, { observation });

      // THEN
      const failing = sectionOf(text, '### S0-11');
      expect(failing).toContain(`As observed in the account: **OBSERVED FAILING** at ${OBSERVED_AT}. 2 facts read, 1 not holding:`);
      expect(failing).toContain('| Where | Source | Resource | Checked | Expected | Found | OK | Note |');
      expect(failing).toContain(`| 111111111111/us-east-1 | \`sns:ListSubscriptionsByTopic\` | \`${TOPIC}\` | confirmed subscriptions | at least 1 |`
        + ' 0 (1 pending confirmation) | **no** | the e-mail subscription \\| was never confirmed |');
      const notObserved = sectionOf(text, '### S4-01');
      expect(notObserved).toContain('**NOT OBSERVED**');
      expect(notObserved).toContain('| AccessDenied | not read |');
      expect(notObserved).toContain('Not observed:\n\n- s3:GetBucketPolicy: AccessDenied for the caller');
      expect(sectionOf(text, '### S0-02')).toContain(`**OBSERVED** at ${OBSERVED_AT}, period ${PERIOD_START} to ${OBSERVED_AT}. 1 fact read, 0 not holding:`);
      expect(sectionOf(text, '## How to read this report')).toMatch(/\*\*NOT OBSERVED\*\*: .*never counted as proof/);
    });

    test('S0-02 with nothing observed failing there is no banner, only the line saying when the account was observed', () => {
      // WHEN
      const text = markdownReport(result, { observation: observationFixture([observedS002()]) });

      // THEN
      expect(text).not.toContain('[!CAUTION]');
      expect(text).toContain(`As observed in the live account ${OBSERVED_AT}`);
      expect(text).not.toContain('which no template claims');
    });

    test('S0-02 an observation of a promise no template claims is named under the banner, not shown as a claim', () => {
      // WHEN
      const text = markdownReport(result, { observation: observationFixture([observedS002(), { ...observedS002(), id: 'S9-99' }]) });

      // THEN
      expect(text.slice(0, text.indexOf('## Stacks'))).toContain('The observation also names `S9-99`, which no template claims: not shown');
      expect(text).not.toContain('[S9-99]');
    });
  });

  describe('JSON', () => {
    test('without an observation the report is as before: no observed field, no observed counts', () => {
      // WHEN
      const json = JSON.parse(jsonReport(result));

      // THEN
      expect(jsonReport(result, undefined)).toBe(jsonReport(result));
      expect(json.observation).toBeUndefined();
      expect(json.claims.filter((c: any) => 'observed' in c)).toEqual([]);
      expect(Object.keys(json.summary)).toEqual(['proven', 'violated', 'notProvable']);
    });

    test('S0-02 S0-11 S0-08 each claim has observed: {verdict, observedAt, periodStart, periodEnd, facts}, the summary counts them', () => {
      // WHEN
      const json = JSON.parse(jsonReport(result, observation));
      const claim = (id: string) => json.claims.find((c: any) => c.id === id);

      // THEN
      expect(Object.keys(claim('S0-02')).slice(0, 5)).toEqual(['id', 'text', 'scope', 'verdict', 'observed']);
      expect(claim('S0-02').observed).toEqual({
        verdict: 'OBSERVED',
        observedAt: OBSERVED_AT,
        periodStart: PERIOD_START,
        periodEnd: OBSERVED_AT,
        facts: observedS002().facts,
        notObserved: [],
      });
      expect(Object.keys(claim('S0-02').observed.facts[0])).toEqual(['account', 'region', 'source', 'resource', 'propertyPath', 'expected', 'found', 'satisfied']);
      expect(claim('S0-11').observed.verdict).toBe('OBSERVED_FAILING');
      expect(claim('S0-11').verdict).toBe('PROVEN');
      expect(claim('S0-08').observed).toMatchObject({ verdict: 'NOT_OBSERVED', observedAt: OBSERVED_AT, facts: [] });
      expect(json.summary).toEqual({ ...result.summary, observed: 2, observedFailing: 1, notObserved: result.claims.length - 3 });
      expect(json.observation).toEqual({ generatedAt: OBSERVED_AT, observer: observation.observer, targets: observation.targets });
      expect(Object.keys(json).indexOf('observation')).toBe(Object.keys(json).indexOf('securityContact') + 1);
    });
  });

  describe('SARIF', () => {
    test('without an observation the log is as before', () => {
      // WHEN
      const log = JSON.parse(sarifReport(result));

      // THEN
      expect(sarifReport(result, undefined)).toBe(sarifReport(result));
      expect(log.runs[0].results.filter((r: any) => 'observedVerdict' in (r.properties ?? {}))).toEqual([]);
      expect(log.runs[0].properties.observation).toBeUndefined();
    });

    test('S0-11 a claim observed failing is a result at level error, located at the resource that fails; the log stays valid', () => {
      // WHEN
      const log = JSON.parse(sarifReport(result, observation));
      const run = log.runs[0];
      const results = (id: string) => run.results.filter((r: any) => r.ruleId === id);

      // THEN
      expect(log).toBeValidSarifLog();
      const [template, observed] = results('S0-11');
      expect(template).toMatchObject({ kind: 'pass', level: 'none', properties: { observedVerdict: 'OBSERVED_FAILING', observedAt: OBSERVED_AT } });
      expect(observed).toMatchObject({
        kind: 'fail',
        level: 'error',
        ruleIndex: template.ruleIndex,
        locations: [{ logicalLocations: [{ name: TOPIC, kind: 'resource' }] }],
        properties: { observedVerdict: 'OBSERVED_FAILING', unsatisfiedFacts: 1, facts: 2 },
      });
      expect(observed.message.text).toMatch(/^S0-11 is observed failing in the live account \(observed 2026-12-07T02:00:00.000Z\): .*What does not hold: sns:ListSubscriptionsByTopic arn:aws:sns:.* confirmed subscriptions: expected at least 1, found 0 \(1 pending confirmation\)$/);
      expect(observed.partialFingerprints['cdkDataProtectionObserved/v1']).toBe('S0-11|DataProtectionReference');
      expect(results('S0-02')).toHaveLength(1);
      expect(results('S0-02')[0].properties).toMatchObject({ observedVerdict: 'OBSERVED', periodStart: PERIOD_START, periodEnd: OBSERVED_AT });
      expect(results('S4-01')[0].properties.observedVerdict).toBe('NOT_OBSERVED');
      expect(run.results.filter((r: any) => r.level === 'error' && r.properties?.observedVerdict === 'OBSERVED_FAILING' && r.kind === 'fail')).toHaveLength(1);
      expect(run.properties.observation).toEqual({
        generatedAt: OBSERVED_AT,
        observer: observation.observer,
        summary: { observed: 2, observedFailing: 1, notObserved: result.claims.length - 3 },
      });
    });
  });

  describe('trust page', () => {
    test('without an observation the page is as before: no "observed running"', () => {
      // WHEN
      const page = trustPage(result);

      // THEN
      expect(trustPage(result, { observation: undefined })).toBe(page);
      expect(page).not.toMatch(/observed/i);
    });

    test('S0-02 S0-05 a proven claim observed holding says "observed running on <date>"; one not observed says nothing of it', () => {
      // WHEN
      const page = trustPage(result, { observation });

      // THEN
      expect(page).toContain('- Daily backups are kept 14 days. ([evidence](evidence-report.md#s0-02); observed running on 2026-12-07)');
      expect(page).toContain('- Data is hosted in one AWS region: us-east-1. ([evidence](evidence-report.md#s0-05); observed running on 2026-12-07)');
      expect(page).toContain('- Data is stored in one AWS region: us-east-1. ([evidence](evidence-report.md#s4-01))\n');
      expect(page).toContain('A statement marked "observed running" was also read from our live AWS account on that date, and held.');
    });

    test('S0-11 a proven claim observed failing is not listed as kept; the footer counts it', () => {
      // WHEN
      const page = trustPage(result, { observation });

      // THEN
      expect(page).not.toContain('Security findings reach the incident team');
      expect(page).not.toContain('s0-11');
      expect(page).toContain('_1 further measure is not stated on this page because our live account did not show it holding when observed on 2026-12-07._');
      expect(trustPage(result)).toContain('Security findings reach the incident team');
    });
  });
});
