import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { observationFixture } from './observation-fixture';
import { AssemblyView, StackView } from '../../lib/evidence/model';
import { readObservation } from '../../lib/evidence/observation';
import { currentObservation } from '../../lib/evidence/report-observed';
import { templateHash } from '../../lib/evidence/template-hash';

/** An assembly of stacks with these templates (all the staleness check reads). */
function assemblyOf(templates: Record<string, Record<string, unknown>>): AssemblyView {
  const stacks = Object.entries(templates).map(([id, template]) => ({ id, stackName: id, templateFile: `${id}.template.json`, template, resources: [], templateBytes: 0 }) as StackView);
  return { directory: '/tmp/none', stacks, findings: [], validationReportPresent: false, files: [] };
}

const BUCKET = { Resources: { Bucket: { Type: 'AWS::S3::Bucket', Properties: { VersioningConfiguration: { Status: 'Enabled' } } } } };
const CHANGED = { Resources: { Bucket: { Type: 'AWS::S3::Bucket', Properties: { VersioningConfiguration: { Status: 'Suspended' } } } } };

describe('an observation of other templates (a stale evidence-observed.json)', () => {
  test('S0-02 an observation of the same templates is shown as read (key order does not matter)', () => {
    // GIVEN
    const reordered = JSON.parse(JSON.stringify({ Resources: { Bucket: { Properties: { VersioningConfiguration: { Status: 'Enabled' } }, Type: 'AWS::S3::Bucket' } } }));
    const observation = { ...observationFixture(), templates: [{ stack: 'App', sha256: templateHash(BUCKET) }] };

    // WHEN
    const shown = currentObservation(observation, assemblyOf({ App: reordered }));

    // THEN
    expect(shown).toBe(observation);
  });

  test.each([
    ['a changed template', { App: CHANGED }, 'App (template changed)'],
    ['a new stack', { App: BUCKET, Other: BUCKET }, 'Other (not in the observation)'],
    ['a stack gone', {}, 'App (no longer in the assembly)'],
  ])('S0-02 with %s every promise is NOT_OBSERVED, the reason first, the facts kept', (_what, templates, named) => {
    // GIVEN
    const observation = { ...observationFixture(), templates: [{ stack: 'App', sha256: templateHash(BUCKET) }] };

    // WHEN
    const shown = currentObservation(observation, assemblyOf(templates));

    // THEN
    expect(shown.promises.map((p) => p.verdict)).toEqual(observation.promises.map(() => 'NOT_OBSERVED'));
    for (const [i, p] of shown.promises.entries()) {
      expect(p.notObserved[0]).toContain(named);
      expect(p.notObserved[0]).toMatch(/was read against other templates: .*run `cdk-data-protection observe` again/);
      expect(p.facts).toEqual(observation.promises[i].facts);
    }
  });

  test('an observation that records no templates cannot be compared and is shown as read', () => {
    // GIVEN
    const observation = observationFixture();

    // THEN
    expect(observation.templates).toBeUndefined();
    expect(currentObservation(observation, assemblyOf({ App: CHANGED }))).toBe(observation);
  });

  test('a file whose templates are not { stack, sha256 } strings is refused, naming the file', () => {
    // GIVEN
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-stale-'));
    try {
      fs.writeFileSync(path.join(dir, 'evidence-observed.json'), JSON.stringify({ ...observationFixture(), templates: [{ stack: 'App', sha256: 42 }] }));

      // THEN
      expect(() => readObservation(dir)).toThrow(/evidence-observed.json: 'templates', when present, lists \{ stack, sha256 \} strings/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
