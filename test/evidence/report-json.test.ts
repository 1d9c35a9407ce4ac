import { claimOf, evidenceFixture } from './fixtures';
import { JSON_REPORT_VERSION, jsonReport } from '../../lib/evidence/report-json';

describe('jsonReport', () => {
  test('is the whole result with the report version first, pretty-printed', () => {
    // GIVEN
    const result = evidenceFixture();

    // WHEN
    const text = jsonReport(result);
    const parsed = JSON.parse(text);

    // THEN
    expect(text).toMatch(/^\{\n {2}"reportVersion": 1,\n {2}"generatedAt": "2026-11-20T10:00:00.000Z",/);
    expect(text.endsWith('}\n')).toBe(true);
    expect(parsed.$schema).toBeUndefined();
    const { reportVersion, ...rest } = parsed;
    expect(reportVersion).toBe(JSON_REPORT_VERSION);
    expect(rest).toEqual(JSON.parse(JSON.stringify(result)));
  });

  test('S0-08 keys come in the order of the model, whatever order the objects were built in', () => {
    // GIVEN: a claim built as verify.ts builds it (base fields first, verdict and facts last)
    const result = evidenceFixture();
    const c = claimOf(result, 'S0-08');
    const shuffled = {
      summary: result.summary,
      claims: [{
        controls: { cnilSheets: c.controls.cnilSheets, soc2: c.controls.soc2, gdprArt32: c.controls.gdprArt32, iso27001: c.controls.iso27001 },
        stacks: c.stacks,
        gaps: c.gaps,
        organisational: c.organisational,
        scope: c.scope,
        text: c.text,
        id: c.id,
        verdict: c.verdict,
        facts: c.facts.map((f) => ({
          satisfied: f.satisfied,
          found: f.found,
          expected: f.expected,
          note: f.note,
          propertyPath: f.propertyPath,
          constructPath: f.constructPath,
          logicalId: f.logicalId,
          stack: f.stack,
        })),
      }],
      register: [],
      acknowledgements: [],
      findings: [],
      stacks: [],
      securityContact: result.securityContact,
      assemblyDirectory: result.assemblyDirectory,
      toolVersion: result.toolVersion,
      generatedAt: result.generatedAt,
    };

    // WHEN
    const parsed = JSON.parse(jsonReport(shuffled as typeof result));

    // THEN
    expect(Object.keys(parsed)).toEqual(['reportVersion', 'generatedAt', 'toolVersion', 'assemblyDirectory', 'stacks', 'securityContact', 'claims',
      'findings', 'acknowledgements', 'register', 'summary']);
    expect(Object.keys(parsed.claims[0])).toEqual(['id', 'text', 'scope', 'verdict', 'facts', 'gaps', 'stacks', 'controls']);
    expect(Object.keys(parsed.claims[0].facts[1])).toEqual(['stack', 'logicalId', 'constructPath', 'propertyPath', 'expected', 'found', 'satisfied', 'note']);
    expect(Object.keys(parsed.claims[0].controls)).toEqual(['soc2', 'iso27001', 'gdprArt32', 'cnilSheets']);
  });

  test('the same result gives the same text, and fields the model does not name yet are kept', () => {
    // GIVEN
    const result = evidenceFixture();
    const extended = { ...result, stacks: result.stacks.map((s) => ({ ...s, templateFile: `${s.id}.template.json` })) };

    // WHEN
    const parsed = JSON.parse(jsonReport(extended));

    // THEN
    expect(jsonReport(result)).toBe(jsonReport(evidenceFixture()));
    expect(Object.keys(parsed.stacks[1])).toEqual(['id', 'region', 'resources', 'templateBytes', 'policy', 'role', 'templateFile']);
  });
});
