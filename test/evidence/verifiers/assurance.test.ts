import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ComplianceChecks, DataProtectionPolicy } from '../../../lib';
import { stackView } from '../../../lib/evidence/assembly';
import { ComplianceFinding, StackView } from '../../../lib/evidence/model';
import { ASSURANCE_VERIFIERS, REQUIRED_PACKS } from '../../../lib/evidence/verifiers/assurance';
import { DEFAULT_POLICY } from '../../helpers/compliance';
import { assemblyOf, failing, proves, runVerifier } from '../helpers';

/** A stack whose policy record makes `claims`, with the given compliance packs. */
function recording(claims: string[], packs?: string[]): StackView {
  return stackView({
    id: 'Service',
    template: {
      Metadata: {
        'cdk-data-protection': {
          version: 1,
          policy: 'Service/Policy',
          securityContact: 'security@example.com',
          allowedAccounts: [],
          dataClasses: [],
          claims: claims.map((id) => ({ id, text: id, expected: [] })),
          compliancePacks: packs,
        },
      },
      Resources: {},
    },
  });
}

const OPEN: ComplianceFinding = { plugin: 'AwsSolutions', rule: 'AwsSolutions-S1', description: 'no access logs', constructPaths: ['Service/Bucket'] };

describe('control-mapping', () => {
  test('S1-13 maps every technical claim to SOC 2 and ISO 27001', () => {
    // GIVEN
    const stack = recording(['S0-02', 'S2-03', 'S1-13', 'S0-12']);

    // WHEN
    const facts = runVerifier(ASSURANCE_VERIFIERS['control-mapping'], [stack]);

    // THEN: the org claim S0-12 and S1-13 itself are not mapped
    expect(proves(facts)).toBe(true);
    expect(facts.map((f) => f.propertyPath)).toEqual(['Metadata.cdk-data-protection.claims[S0-02]', 'Metadata.cdk-data-protection.claims[S2-03]']);
    expect(facts[0].found).toBe('SOC 2 A1.2, C1.2; ISO 8.13, 8.10');
  });

  test('S4-12 fails when there is nothing to map', () => {
    // GIVEN
    const stack = recording(['S4-12', 'S0-12']);

    // WHEN
    const facts = runVerifier(ASSURANCE_VERIFIERS['control-mapping'], [stack], {}, { claimId: 'S4-12' });

    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({ expected: 'technical claims to map to SOC 2 and ISO 27001', found: 'only S4-12' })]);
  });
});

describe('art32-mapping', () => {
  test('S3-03 proves each CNIL sheet 003 names is served by a claimed measure', () => {
    // GIVEN: authentication (2), authorisations (3), tracing (4), continuity (10), archiving (11),
    // destruction (12), developments (16) and encryption (17)
    const stack = recording(['S0-09', 'S0-10', 'S0-03', 'S0-01', 'S1-06', 'S1-11', 'S2-15', 'S2-03', 'S3-03']);

    // WHEN
    const facts = runVerifier(ASSURANCE_VERIFIERS['art32-mapping'], [stack]);

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts).toHaveLength(8);
  });

  test('S3-03 fails for a sheet no claimed measure serves, and says which claims would', () => {
    // GIVEN: no encryption claim
    const stack = recording(['S0-09', 'S0-10', 'S0-03', 'S0-01', 'S1-06', 'S1-11', 'S2-15', 'S3-03']);

    // WHEN
    const facts = runVerifier(ASSURANCE_VERIFIERS['art32-mapping'], [stack]);

    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({ expected: 'a claimed measure for CNIL sheet 17', found: '(none)' })]);
    expect(failing(facts)[0].note).toBe('claim one of S0-06, S0-07, S0-08, S1-02, S2-02, S2-03, S2-04, S4-07');
  });
});

describe('compliance-packs', () => {
  test('S2-15 proves every pack ran and no finding is open', () => {
    // GIVEN
    const stack = recording(['S2-15'], REQUIRED_PACKS);

    // WHEN
    const facts = runVerifier(ASSURANCE_VERIFIERS['compliance-packs'], [stack], {},
      { assembly: { findings: [{ ...OPEN, acknowledgedReason: 'the access log bucket itself' }] } });

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts).toHaveLength(REQUIRED_PACKS.length + 1);
  });

  test('S2-15 fails for a pack that did not run, an open finding, and a missing report', () => {
    // GIVEN
    const stack = recording(['S2-15'], REQUIRED_PACKS.filter((p) => p !== 'PCI.DSS.321'));

    // WHEN
    const withOpen = runVerifier(ASSURANCE_VERIFIERS['compliance-packs'], [stack], {}, { assembly: { findings: [OPEN] } });
    const withoutReport = runVerifier(ASSURANCE_VERIFIERS['compliance-packs'], [recording(['S2-15'], REQUIRED_PACKS)], {},
      { assembly: { validationReportPresent: false } });

    // THEN
    expect(failing(withOpen)).toEqual([
      expect.objectContaining({ expected: 'PCI.DSS.321 ran', satisfied: false }),
      expect.objectContaining({ expected: '0 open findings', found: '1', note: 'AwsSolutions-S1 at Service/Bucket' }),
    ]);
    expect(failing(withoutReport)).toEqual([expect.objectContaining({ propertyPath: 'pluginReports', found: '(absent)' })]);
  });

  test('S2-15 the policy records the packs ComplianceChecks registered', () => {
    // GIVEN
    const app = new App();
    ComplianceChecks.apply(app, { controlTower: false });
    const stack = new Stack(app, 'Service', { env: { region: 'us-east-1' } });
    new DataProtectionPolicy(stack, 'Policy', { ...DEFAULT_POLICY, claims: ['S2-15'] });

    // WHEN
    const view = stackView({ id: 'Service', template: Template.fromStack(stack).toJSON() });

    // THEN
    expect(view.policy?.compliancePacks).toEqual(['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321']);
    expect(failing(runVerifier(ASSURANCE_VERIFIERS['compliance-packs'], [view]))).toEqual([
      expect.objectContaining({ expected: 'cdk-validator-cfnguard ran' }),
    ]);
  });
});

describe('security-contact', () => {
  test('S4-13 proves the recorded contact is the claimed one', () => {
    expect(proves(runVerifier(ASSURANCE_VERIFIERS['security-contact'], [recording(['S4-13'])], { securityContact: 'security@example.com' }))).toBe(true);
  });

  test('S4-13 fails for another contact', () => {
    // WHEN
    const facts = runVerifier(ASSURANCE_VERIFIERS['security-contact'], [recording(['S4-13'])], { securityContact: 'other@example.com' });

    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({ expected: 'other@example.com', found: 'security@example.com' })]);
  });
});

describe('assurance edge cases', () => {
  test('S1-13 S3-03 once the report knows what is proven, only proven measures are mapped', () => {
    // GIVEN: two technical claims, of which only S0-02 is proven
    const stacks = [recording(['S0-02', 'S2-03', 'S1-13', 'S3-03'])];
    const input = (proven: string[]) => ({
      stacks, assembly: assemblyOf(stacks), claim: { id: 'S1-13', text: 'S1-13', expected: [] }, expected: new Map<string, string>(), proven: new Set(proven),
    });

    // WHEN
    const mapped = ASSURANCE_VERIFIERS['control-mapping'](input(['S0-02']));
    const noneProven = ASSURANCE_VERIFIERS['control-mapping'](input([]));
    const art32 = ASSURANCE_VERIFIERS['art32-mapping'](input([]));

    // THEN
    expect(mapped.map((f) => [f.propertyPath, f.satisfied])).toEqual([['Metadata.cdk-data-protection.claims[S0-02]', true]]);
    expect(failing(noneProven)).toEqual([expect.objectContaining({ found: 'only S1-13', note: expect.stringMatching(/claims none that is proven$/) })]);
    expect(art32.every((f) => !f.satisfied && /^a proven measure for CNIL sheet \d+$/.test(f.expected))).toBe(true);
  });

  test('facts of a mapping name every stack it covers', () => {
    // GIVEN
    const a = recording(['S0-02', 'S1-13']);
    const b = { ...a, id: 'Other' };

    // WHEN
    const facts = runVerifier(ASSURANCE_VERIFIERS['control-mapping'], [a, b]);

    // THEN
    expect(facts.map((f) => f.stack)).toEqual(['Service, Other']);
  });

  test('S2-15 a pack that did not run is reported with the packs that did; none ran is absent', () => {
    // GIVEN
    const some = recording(['S2-15'], ['AwsSolutions', 'HIPAA.Security']);
    const none = recording(['S2-15']);

    // WHEN
    const withSome = runVerifier(ASSURANCE_VERIFIERS['compliance-packs'], [some]);
    const withNone = runVerifier(ASSURANCE_VERIFIERS['compliance-packs'], [none]);

    // THEN
    expect(failing(withSome)[0]).toMatchObject({ stack: 'Service', propertyPath: 'Metadata.cdk-data-protection.compliancePacks', found: 'AwsSolutions, HIPAA.Security' });
    expect(failing(withNone).slice(0, REQUIRED_PACKS.length).map((f) => f.found)).toEqual(REQUIRED_PACKS.map(() => '(absent)'));
  });

  test('S4-13 without a claimed contact, an e-mail address or https URL proves; anything else or none does not', () => {
    // GIVEN
    const valid = recording(['S4-13']);
    const invalid = { ...valid, policy: { ...valid.policy!, securityContact: 'not-an-address' } };
    // a hand-edited record without the contact (the type requires one)
    const absent = { ...valid, policy: { ...valid.policy!, securityContact: undefined } } as unknown as StackView;

    // WHEN
    const run = (stack: StackView) => runVerifier(ASSURANCE_VERIFIERS['security-contact'], [stack]);

    // THEN
    expect(run(valid)).toEqual([expect.objectContaining({
      stack: 'Service', propertyPath: 'Metadata.cdk-data-protection.securityContact', expected: 'an e-mail address or https URL', satisfied: true,
    })]);
    expect(failing(run(invalid))).toEqual([expect.objectContaining({ found: 'not-an-address' })]);
    expect(failing(run(absent))).toHaveLength(1);
  });
});

describe('assurance facts in detail', () => {
  test('S1-13 a claim this version does not know is left out of the mapping, not a crash', () => {
    // GIVEN: a record from a newer library
    const stack = recording(['S0-02', 'S9-99', 'S1-13']);

    // WHEN
    const facts = runVerifier(ASSURANCE_VERIFIERS['control-mapping'], [stack]);

    // THEN
    expect(facts.map((f) => f.propertyPath)).toEqual(['Metadata.cdk-data-protection.claims[S0-02]']);
  });

  test('S3-03 a served sheet lists the claims serving it, with no hint', () => {
    // GIVEN
    const stack = recording(['S2-03', 'S4-07', 'S3-03']);

    // WHEN
    const sheet17 = runVerifier(ASSURANCE_VERIFIERS['art32-mapping'], [stack]).find((f) => f.expected === 'a claimed measure for CNIL sheet 17')!;

    // THEN
    expect(sheet17).toMatchObject({ stack: 'Service', found: 'S2-03, S4-07', satisfied: true });
    expect(sheet17.note).toBeUndefined();
  });

  test('S2-15 the findings fact is about the validation report and has no note when nothing is open', () => {
    // WHEN
    const facts = runVerifier(ASSURANCE_VERIFIERS['compliance-packs'], [recording(['S2-15'], REQUIRED_PACKS)]);

    // THEN
    expect(facts[facts.length - 1]).toMatchObject({ stack: 'validation-report.json', expected: '0 open findings', satisfied: true });
    expect(facts[facts.length - 1].note).toBeUndefined();
  });
});
