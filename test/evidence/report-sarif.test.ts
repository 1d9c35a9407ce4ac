// Extends `expect` with toBeValidSarifLog: validation against the OASIS SARIF 2.1.0 JSON schema.
import '@microsoft/jest-sarif';
import { evidenceFixture, FAILING_TLS_FACT, SERVICE, VIOLATED_TLS_TEXT } from './fixtures';
import { INFORMATION_URI, SARIF_SCHEMA, sarifReport } from '../../lib/evidence/report-sarif';

/** The parsed SARIF log of the fixture (or of a variant of it). */
function logOf(result = evidenceFixture()): any {
  return JSON.parse(sarifReport(result));
}

describe('sarifReport', () => {
  const log = logOf();
  const run = log.runs[0];
  const resultOf = (ruleId: string) => run.results.find((r: any) => r.ruleId === ruleId);

  test('is a valid SARIF 2.1.0 log (official JSON schema)', () => {
    // THEN
    expect(log.$schema).toBe(SARIF_SCHEMA);
    expect(log.version).toBe('2.1.0');
    expect(log).toBeValidSarifLog();
  });

  test('a broken log is rejected by the same check', () => {
    // GIVEN: a result level SARIF does not know, a run without its tool, a version that is not 2.1.0
    const badLevel = logOf();
    badLevel.runs[0].results[0].level = 'fatal';
    const noTool = logOf();
    delete noTool.runs[0].tool;
    const badVersion = { ...logOf(), version: '2.0.0' };

    // THEN
    expect(badLevel).not.toBeValidSarifLog();
    expect(noTool).not.toBeValidSarifLog();
    expect(badVersion).not.toBeValidSarifLog();
  });

  test('the driver names the tool, its version and where it is documented', () => {
    // THEN
    expect(run.tool.driver).toMatchObject({ name: 'cdk-data-protection', version: '1.2.3', semanticVersion: '1.2.3', informationUri: INFORMATION_URI });
    expect(run.invocations).toEqual([{ executionSuccessful: true, endTimeUtc: '2026-11-20T10:00:00.000Z' }]);
    expect(run.originalUriBaseIds.ASSEMBLY).toMatchObject({ uri: 'cdk.out/', uriBaseId: 'SRCROOT' });
    expect(run.artifacts.map((a: any) => a.location.uri)).toEqual(['DataProtectionOffsite-us-east-2.template.json', 'DataProtectionReference.template.json']);
  });

  test('S0-11 every claim is a rule with its text, organisational part, scope and controls', () => {
    // GIVEN
    const rules = run.tool.driver.rules;
    const s011 = rules.find((r: any) => r.id === 'S0-11');

    // THEN
    expect(rules.slice(0, 9).map((r: any) => r.id)).toEqual(['S0-02', 'S0-05', 'S4-01', 'S0-08', 'S0-11', 'S0-12', 'S1-12', 'S2-15', 'S4-13']);
    expect(rules.find((r: any) => r.id === 'S0-02')).toMatchObject({ name: 'DailyBackupsKept14Days', shortDescription: { text: 'Daily backups are kept 14 days.' } });
    expect(s011.fullDescription.text).toContain('Not provable from a template: Mitigating a breach');
    expect(s011.properties).toMatchObject({ scope: 'infra+doc', controls: { soc2: ['CC7.3', 'CC7.4', 'CC2.3'], cnilSheets: [4] } });
    expect(rules.find((r: any) => r.id === 'S0-12').defaultConfiguration).toEqual({ level: 'none' });
  });

  test('compliance rules with findings are rules too, named as acknowledgements name them', () => {
    // THEN
    expect(run.tool.driver.rules.slice(9).map((r: any) => r.id)).toEqual(['AwsSolutions-S1', 'cdk-validator-cfnguard::lambda_inside_vpc_check']);
    for (const result of run.results) {
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    }
  });

  test('S0-08 a violated claim fails as an error, with its gaps, at the failing resource of the template', () => {
    // GIVEN
    const s008 = resultOf('S0-08');

    // THEN
    expect(s008).toMatchObject({ kind: 'fail', level: 'error', properties: { verdict: 'VIOLATED', facts: 2, unsatisfiedFacts: 1 } });
    expect(s008.message.text).toContain(`S0-08 is violated: ${VIOLATED_TLS_TEXT} What is missing or wrong:`);
    expect(s008.message.text).toContain('found ELBSecurityPolicy-2016-08');
    expect(s008.locations).toEqual([{
      physicalLocation: { artifactLocation: { uri: 'DataProtectionReference.template.json', uriBaseId: 'ASSEMBLY' } },
      logicalLocations: [{ name: FAILING_TLS_FACT.logicalId, fullyQualifiedName: FAILING_TLS_FACT.constructPath, kind: 'resource' }],
      message: { text: expect.stringContaining('Properties.SslPolicy: expected TLS 1.2 or newer with forward secrecy, found ELBSecurityPolicy-2016-08') },
    }]);
  });

  test('S0-02 S0-12 proven claims pass and organisational ones ask for review, both at level none as SARIF requires', () => {
    // THEN
    expect(resultOf('S0-02')).toMatchObject({ kind: 'pass', level: 'none', message: { text: 'S0-02 is proven: Daily backups are kept 14 days. (2 facts hold)' } });
    expect(resultOf('S0-02').locations[0].logicalLocations[0].fullyQualifiedName).toBe(`${SERVICE}/Database/Resource`);
    expect(resultOf('S0-12')).toMatchObject({ kind: 'review', level: 'none' });
    expect(resultOf('S0-12').message.text).toContain('S0-12 is not provable from a template: Users are not tracked with screen recordings.');
    // SARIF §3.27.10: a result whose kind is not `fail` has level `none`.
    for (const result of run.results.filter((r: any) => r.kind !== 'fail')) {
      expect(result.level).toBe('none');
    }
  });

  test('S2-15 a fact about the validation report points at that file', () => {
    // THEN
    expect(resultOf('S2-15').locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'validation-report.json', uriBaseId: 'ASSEMBLY' });
  });

  test('open findings fail; acknowledged ones carry their reason as an external suppression', () => {
    // GIVEN
    const open = resultOf('AwsSolutions-S1');
    const acknowledged = resultOf('cdk-validator-cfnguard::lambda_inside_vpc_check');

    // THEN
    expect(open).toMatchObject({ kind: 'fail', level: 'error' });
    expect(open.suppressions).toBeUndefined();
    expect(open.locations[0].logicalLocations[0].fullyQualifiedName).toBe(`${SERVICE}/CustomerData/Resource`);
    expect(acknowledged.suppressions).toEqual([{
      kind: 'external', status: 'accepted', justification: 'The handler of aws-cdk-lib that empties the default security group calls only the EC2 API.',
    }]);
    expect(acknowledged.locations[0].physicalLocation.artifactLocation.uri).toBe('DataProtectionReference.template.json');
  });

  test('an absolute assembly directory is a file URI, and a result with nothing still validates', () => {
    // GIVEN
    const empty = { ...evidenceFixture(), assemblyDirectory: '/work/app/cdk.out', claims: [], findings: [], summary: { proven: 0, violated: 0, notProvable: 0 } };

    // WHEN
    const emptyLog = logOf(empty);

    // THEN
    expect(emptyLog.runs[0].originalUriBaseIds.ASSEMBLY.uri).toBe('file:///work/app/cdk.out/');
    expect(emptyLog.runs[0].results).toEqual([]);
    expect(emptyLog).toBeValidSarifLog();
  });
});
