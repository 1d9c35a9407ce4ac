import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runEvidence } from '../../lib/cli/evidence-command';
import { EvidenceReport } from '../../lib/evidence/evidence-report';
import { OBSERVATION_FILE, ObservedVerdict } from '../../lib/evidence/observation';
import { writeMinimalAssembly } from '../reliability/evidence-cli-kit';

const OBSERVED_AT = '2026-12-07T02:00:00.000Z';

/** A minimal cloud assembly: one stack whose policy claims S4-13 (proven). */
function assembly(): string {
  return writeMinimalAssembly({ resources: {} });
}

/** An observation of S4-13 with the given verdict. */
function observation(verdict: ObservedVerdict): string {
  return JSON.stringify({
    schemaVersion: 1,
    generatedAt: OBSERVED_AT,
    targets: [{ account: '111111111111', region: 'us-east-1', stacks: ['Service'] }],
    promises: [{
      id: 'S4-13',
      verdict,
      observedAt: OBSERVED_AT,
      facts: [{
        source: 'cloudformation:DescribeStacks',
        resource: 'Service',
        propertyPath: 'stack status',
        expected: 'deployed',
        found: verdict === 'OBSERVED_FAILING' ? 'DELETE_COMPLETE' : 'UPDATE_COMPLETE',
        satisfied: verdict === 'OBSERVED' ? true : verdict === 'OBSERVED_FAILING' ? false : undefined,
      }],
      notObserved: verdict === 'NOT_OBSERVED' ? ['cloudformation:DescribeStacks: AccessDenied'] : [],
    }],
  });
}

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf-8');

describe('evidence with an observation', () => {
  test('S4-13 without evidence-observed.json the reports and the summary carry no observed column', () => {
    // GIVEN
    const dir = assembly();

    // WHEN
    const summary = EvidenceReport.write(dir, { generatedAt: new Date(OBSERVED_AT) });

    // THEN
    expect(summary).toMatchObject({ proven: 1, observedFailingClaims: [] });
    expect(summary.observationFile).toBeUndefined();
    expect(summary.observed).toBeUndefined();
    expect(read(dir, 'evidence-report.md')).not.toContain('OBSERVED');
    expect(JSON.parse(read(dir, 'evidence-report.json')).claims[0].observed).toBeUndefined();
  });

  test.each<[ObservedVerdict, number, string]>([
    ['OBSERVED', 0, 'observed running on 2026-12-07'],
    ['OBSERVED_FAILING', 1, 'not stated on this page because our live account did not show it holding'],
    ['NOT_OBSERVED', 0, 'Security issues can be reported to security@example.com. ([evidence](evidence-report.md#s4-13))'],
  ])('S4-13 the file in the assembly directory is picked up: %s, exit %d', (verdict, exitCode, onTrustPage) => {
    // GIVEN
    const dir = assembly();
    fs.writeFileSync(path.join(dir, OBSERVATION_FILE), observation(verdict));

    // WHEN
    const result = runEvidence([dir]);

    // THEN
    expect(result.exitCode).toBe(exitCode);
    expect(result.stdout).toMatch(new RegExp(`as observed \\(.*${OBSERVATION_FILE}\\): ${verdict === 'OBSERVED' ? 1 : 0} observed,`
      + ` ${verdict === 'OBSERVED_FAILING' ? 1 : 0} observed failing, ${verdict === 'NOT_OBSERVED' ? 1 : 0} not observed`));
    expect(JSON.parse(read(dir, 'evidence-report.json')).claims[0].observed).toMatchObject({ verdict, observedAt: OBSERVED_AT });
    expect(read(dir, 'evidence-report.md')).toContain(`| PROVEN | ${verdict === 'OBSERVED_FAILING' ? '**OBSERVED FAILING**' : verdict.replace('_', ' ')} |`);
    expect(read(dir, 'trust-page.md')).toContain(onTrustPage);
    const sarifErrors = JSON.parse(read(dir, 'evidence-report.sarif')).runs[0].results.filter((r: any) => r.level === 'error');
    expect(sarifErrors).toHaveLength(exitCode);
    if (verdict === 'OBSERVED_FAILING') {
      expect(result.stderr).toBe('observed failing in the live account: S4-13 (see the report for the facts read)\n');
      expect(read(dir, 'evidence-report.md')).toContain('> **OBSERVED FAILING: 1 promise does not hold in the live account**');
    } else {
      expect(result.stderr).toBe('');
    }
  });

  test('S4-13 --observed names a file of another name elsewhere; it wins over the one in the assembly directory', () => {
    // GIVEN
    const dir = assembly();
    fs.writeFileSync(path.join(dir, OBSERVATION_FILE), observation('OBSERVED_FAILING'));
    const elsewhere = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-observed-file-')), 'last-night.json');
    fs.writeFileSync(elsewhere, observation('OBSERVED'));

    // WHEN
    const result = runEvidence([dir, '--observed', elsewhere, '--format', 'json']);

    // THEN
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(read(dir, 'evidence-report.json')).claims[0].observed.verdict).toBe('OBSERVED');
  });

  test('S4-13 the file in the output directory is read before the one in the assembly directory', () => {
    // GIVEN
    const dir = assembly();
    const out = path.join(dir, 'report');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(dir, OBSERVATION_FILE), observation('OBSERVED_FAILING'));
    fs.writeFileSync(path.join(out, OBSERVATION_FILE), observation('OBSERVED'));

    // WHEN
    const summary = EvidenceReport.write(dir, { outDir: out });

    // THEN
    expect(summary).toMatchObject({ observationFile: path.join(out, OBSERVATION_FILE), observed: 1, observedFailing: 0, notObserved: 0 });
    expect(fs.existsSync(path.join(out, OBSERVATION_FILE))).toBe(true);
  });

  test.each([
    ['not JSON', '{"schemaVersion": 1,', /not JSON/],
    ['another version', JSON.stringify({ schemaVersion: 2, generatedAt: OBSERVED_AT, promises: [] }), /schemaVersion must be 1, found 2/],
    ['no promises', JSON.stringify({ schemaVersion: 1, generatedAt: OBSERVED_AT }), /needs 'generatedAt' \(string\) and 'promises' \(array\)/],
    ['a verdict it does not know', observation('OBSERVED').replace('"OBSERVED"', '"PROVEN"'), /a verdict of OBSERVED, OBSERVED_FAILING or NOT_OBSERVED/],
    ['a fact without its found value', observation('OBSERVED').replace('"found":"UPDATE_COMPLETE",', ''),
      /promise S4-13: each fact needs 'source', 'propertyPath', 'expected' and 'found' \(strings\).*found \{"source"/],
    ['a fact satisfied "yes"', observation('OBSERVED').replace('"satisfied":true', '"satisfied":"yes"'), /'satisfied' true, false or absent/],
    ['reasons that are no list', observation('OBSERVED').replace('"notObserved":[]', '"notObserved":"denied"'),
      /promise S4-13: 'notObserved' must be an array of strings/],
    ['a time that is no string', observation('OBSERVED').replace(`"observedAt":"${OBSERVED_AT}"`, '"observedAt":20261207'),
      /promise S4-13: 'observedAt', 'periodStart' and 'periodEnd' must be ISO 8601 strings/],
  ])('a malformed observation (%s) is exit 2 naming the file, and no report is written', (_what, text, message) => {
    // GIVEN
    const dir = assembly();
    fs.writeFileSync(path.join(dir, OBSERVATION_FILE), text);

    // WHEN
    const result = runEvidence([dir]);

    // THEN
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^cdk-data-protection evidence: ${path.join(dir, OBSERVATION_FILE).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `));
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.existsSync(path.join(dir, 'evidence-report.md'))).toBe(false);
    expect(() => EvidenceReport.write(dir)).toThrow(message);
  });

  test('--help documents --observed', () => {
    // WHEN
    const result = runEvidence(['--help']);

    // THEN
    expect(result.stdout).toMatch(/--observed <file> +the evidence-observed\.json of `observe`/);
  });

  test('--observed naming a file that does not exist is exit 2', () => {
    // GIVEN
    const dir = assembly();

    // WHEN
    const result = runEvidence([dir, '--observed', path.join(dir, 'missing.json')]);

    // THEN
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/missing\.json: is not an observation file \(not found\): name the evidence-observed\.json that `cdk-data-protection observe` wrote/);
  });
});
