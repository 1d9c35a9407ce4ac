import * as fs from 'fs';
import * as path from 'path';
import { assemblyOf } from './helpers';
import { stackView } from '../../lib/evidence/assembly';
import { CATALOG } from '../../lib/evidence/catalog';
import { StackView } from '../../lib/evidence/model';
import { renderPreset } from '../../lib/evidence/promises/catalog-presets';
import { VERIFIERS } from '../../lib/evidence/verifiers';
import { gapOf, verifyAssembly } from '../../lib/evidence/verify';
import { DEFINED_CLAIM_IDS } from '../../lib/policy/policy-claims';

/** A stack whose policy record makes `claims` (id -> expectations), with optional resources. */
function recordingStack(id: string, claims: Record<string, Record<string, string>>, resources: Record<string, any> = {}, contact = 'security@example.com'): StackView {
  return stackView({
    id,
    region: 'us-east-1',
    template: {
      Metadata: {
        'cdk-data-protection': {
          version: 1,
          policy: `${id}/Policy`,
          securityContact: contact,
          region: 'us-east-1',
          allowedAccounts: [],
          dataClasses: [],
          // Recorded as the policy records them: kind and parameters, and the sentence they give.
          claims: Object.entries(claims).map(([claimId, expected]) => ({
            id: claimId,
            text: textOf(claimId, expected),
            expected: Object.entries(expected).map(([property, value]) => ({ property, value })),
            kind: 'catalog',
            params: expected,
          })),
        },
      },
      Resources: resources,
    },
  });
}

/** The sentence a catalog id gives under the parameters, or a placeholder for ids the catalog does not have. */
function textOf(id: string, params: Record<string, string>): string {
  try {
    return renderPreset(id, params).text;
  } catch {
    return `text of ${id}`;
  }
}

const NOW = new Date('2026-11-23T10:00:00Z');

describe('the claims catalog', () => {
  test('has unique ids in page order, each with a definition the policy records', () => {
    // GIVEN
    const ids = CATALOG.map((c) => c.id);

    // THEN
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect([...DEFINED_CLAIM_IDS].sort()).toEqual(ids);
  });

  test('every infra and infra+doc claim names verifiers that exist; org claims name none and say why', () => {
    // THEN
    for (const claim of CATALOG) {
      if (claim.scope === 'org') {
        expect(claim.checks).toEqual([]);
        expect(claim.organisational).toBeDefined();
      } else {
        expect(claim.checks.length).toBeGreaterThan(0);
        for (const check of claim.checks) {
          expect({ claim: claim.id, check, exists: VERIFIERS[check] !== undefined }).toEqual({ claim: claim.id, check, exists: true });
        }
      }
      if (claim.scope === 'infra+doc') {
        expect(claim.organisational).toBeDefined();
      }
    }
  });

  test('every claim maps to at least one SOC 2 criterion and one ISO/IEC 27001 control', () => {
    for (const claim of CATALOG) {
      expect({ id: claim.id, soc2: claim.controls.soc2.length > 0, iso: claim.controls.iso27001.length > 0 })
        .toEqual({ id: claim.id, soc2: true, iso: true });
    }
  });
});

describe('verifyAssembly', () => {
  test('S4-13 a claim whose facts are all satisfied is PROVEN, with the facts', () => {
    // GIVEN
    const assembly = assemblyOf([recordingStack('Service', { 'S4-13': { securityContact: 'security@example.com' } })]);

    // WHEN
    const result = verifyAssembly(assembly, NOW);

    // THEN
    expect(result.claims).toEqual([expect.objectContaining({
      id: 'S4-13',
      verdict: 'PROVEN',
      scope: 'infra+doc',
      stacks: ['Service'],
      gaps: [],
      facts: [expect.objectContaining({ stack: 'Service', expected: 'security@example.com', found: 'security@example.com', satisfied: true })],
    })]);
    expect(result.claims[0].organisational).toMatch(/trust page publishes it/);
    expect(result.summary).toEqual({ proven: 1, violated: 0, notProvable: 0 });
    expect(result.generatedAt).toBe('2026-11-23T10:00:00.000Z');
    expect(result.securityContact).toBe('security@example.com');
  });

  test('S4-13 a claim with an unsatisfied fact is VIOLATED, with a gap naming expected and found', () => {
    // GIVEN: the recorded contact differs from the one the claim names
    const assembly = assemblyOf([recordingStack('Service', { 'S4-13': { securityContact: 'security@example.com' } }, {}, 'not-an-address')]);

    // WHEN
    const [claim] = verifyAssembly(assembly, NOW).claims;

    // THEN
    expect(claim.verdict).toBe('VIOLATED');
    expect(claim.gaps).toEqual(['Service Metadata.cdk-data-protection.securityContact: expected security@example.com, found not-an-address']);
  });

  test('S0-12 an organisational claim is NOT_PROVABLE whatever the templates hold', () => {
    // GIVEN
    const assembly = assemblyOf([recordingStack('Service', { 'S0-12': {} })]);

    // WHEN
    const [claim] = verifyAssembly(assembly, NOW).claims;

    // THEN
    expect(claim).toMatchObject({ id: 'S0-12', verdict: 'NOT_PROVABLE', facts: [], scope: 'org' });
    expect(claim.organisational).toMatch(/application choice/);
  });

  test('S1-13 a claim whose verifiers find nothing to check is VIOLATED, never PROVEN', () => {
    // GIVEN: a control mapping with no other claim to map
    const assembly = assemblyOf([recordingStack('Service', { 'S1-13': {} })]);

    // WHEN
    const [claim] = verifyAssembly(assembly, NOW).claims;

    // THEN
    expect(claim.verdict).toBe('VIOLATED');
    expect(claim.gaps[0]).toMatch(/expected technical claims to map to SOC 2 and ISO 27001, found only S1-13/);
  });

  test('a claim this version does not know is VIOLATED with a gap that says so', () => {
    // GIVEN
    const assembly = assemblyOf([recordingStack('Service', { 'S9-99': {} })]);

    // WHEN
    const [claim] = verifyAssembly(assembly, NOW).claims;

    // THEN
    expect(claim.verdict).toBe('VIOLATED');
    expect(claim.gaps[0]).toMatch(/claim S9-99 is not in the catalog of cdk-data-protection/);
  });

  test('stacks recording the same claim with the same values are verified together; other values apart', () => {
    // GIVEN
    const assembly = assemblyOf([
      recordingStack('A', { 'S4-13': { securityContact: 'security@example.com' } }),
      recordingStack('B', { 'S4-13': { securityContact: 'security@example.com' } }),
      recordingStack('C', { 'S4-13': { securityContact: 'https://example.com/security' } }, {}, 'https://example.com/security'),
    ]);

    // WHEN
    const claims = verifyAssembly(assembly, NOW).claims;

    // THEN
    expect(claims.map((c) => [c.id, c.stacks, c.verdict])).toEqual([
      ['S4-13', ['A', 'B'], 'PROVEN'],
      ['S4-13', ['C'], 'PROVEN'],
    ]);
  });

  test('claims are reported in catalog order and stacks without a policy record none', () => {
    // GIVEN
    const bare = stackView({ id: 'Bare', template: { Resources: {} } });
    const assembly = assemblyOf([recordingStack('Service', { 'S4-13': { securityContact: 'security@example.com' }, 'S0-12': {} }), bare]);

    // WHEN
    const result = verifyAssembly(assembly, NOW);

    // THEN
    expect(result.claims.map((c) => c.id)).toEqual(['S0-12', 'S4-13']);
    expect(result.stacks.map((s) => [s.id, s.policy])).toEqual([['Service', 'Service/Policy'], ['Bare', undefined]]);
  });

  test('lists every acknowledgement recorded in the templates with its reason', () => {
    // GIVEN
    const stack = recordingStack('Service', {}, {
      Bucket: {
        Type: 'AWS::S3::Bucket',
        Metadata: { 'aws:cdk:path': 'Service/Bucket/Resource', 'cdk_nag': { rules_to_suppress: [{ id: 'AwsSolutions-S1', reason: 'this is the access log bucket' }] } },
      },
    });

    // WHEN
    const result = verifyAssembly(assemblyOf([stack]), NOW);

    // THEN
    expect(result.acknowledgements).toEqual([{
      stack: 'Service',
      logicalId: 'Bucket',
      constructPath: 'Service/Bucket/Resource',
      rule: 'AwsSolutions-S1',
      reason: 'this is the access log bucket',
      claims: ['S0-03', 'S1-06', 'S2-01'],
    }]);
  });

  test('S3-03 counts only the measures that are PROVEN, not those merely claimed', () => {
    // GIVEN: every CNIL sheet has a claimed measure, but none holds on an empty template
    const assembly = assemblyOf([recordingStack('Service', {
      'S0-09': {}, 'S1-03': {}, 'S0-03': {}, 'S0-01': {}, 'S1-11': {}, 'S1-01': {}, 'S4-10': {}, 'S0-06': {}, 'S3-03': {},
    })]);

    // WHEN
    const s303 = verifyAssembly(assembly, NOW).claims.find((c) => c.id === 'S3-03')!;

    // THEN
    expect(s303.verdict).toBe('VIOLATED');
    expect(s303.facts.every((f) => f.expected.startsWith('a proven measure for CNIL sheet'))).toBe(true);
  });

  test('S0-03 a fact about a resource with a CloudFormation Condition proves nothing', () => {
    // GIVEN: a trail that exists only when a condition holds
    const stack = recordingStack('Service', { 'S0-03': {} }, {
      Trail: {
        Type: 'AWS::CloudTrail::Trail',
        Condition: 'Never',
        Properties: { IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, IsLogging: true, EnableLogFileValidation: true, S3BucketName: 'logs' },
      },
    });

    // WHEN
    const claim = verifyAssembly(assemblyOf([stack]), NOW).claims.find((c) => c.id === 'S0-03')!;

    // THEN
    expect(claim.verdict).toBe('VIOLATED');
    expect(claim.gaps.join('\n')).toMatch(/the resource has Condition "Never"/);
  });

  test('S4-13 a stack with a nested stack cannot prove its claims: the nested template is not read', () => {
    // GIVEN
    const stack = recordingStack('Service', { 'S4-13': { securityContact: 'security@example.com' } }, {
      Nested: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://example.com/nested.json' } },
    });

    // WHEN
    const [claim] = verifyAssembly(assemblyOf([stack]), NOW).claims;

    // THEN
    expect(claim.verdict).toBe('VIOLATED');
    expect(claim.gaps).toEqual([expect.stringMatching(/Service Nested Type: expected no nested stack \(its template is not read\), found AWS::CloudFormation::Stack/)]);
  });

  test('gapOf names the stack, the resource, the property and both values', () => {
    expect(gapOf({
      stack: 'Service',
      logicalId: 'Db',
      constructPath: 'Service/Db/Resource',
      propertyPath: 'Properties.BackupRetentionPeriod',
      expected: '14',
      found: '7',
      satisfied: false,
      note: 'an escape hatch',
    })).toBe('Service Service/Db/Resource Properties.BackupRetentionPeriod: expected 14, found 7 (an escape hatch)');
  });
});

describe('verifyAssembly, cases found by mutation testing', () => {
  test('S1-13 a control mapping counts a measure proven in the same report', () => {
    // GIVEN: S4-13 holds; the mapping is verified after it and sees it proven
    const assembly = assemblyOf([recordingStack('Service', { 'S4-13': { securityContact: 'security@example.com' }, 'S1-13': {} })]);

    // WHEN
    const claims = verifyAssembly(assembly, NOW).claims;

    // THEN
    expect(claims.map((c) => [c.id, c.verdict])).toEqual([['S1-13', 'PROVEN'], ['S4-13', 'PROVEN']]);
    expect(claims[0].facts).toEqual([expect.objectContaining({ propertyPath: 'Metadata.cdk-data-protection.claims[S4-13]', satisfied: true })]);
  });

  test('summary counts each verdict; unknown claims come last, with empty controls', () => {
    // GIVEN: one claim of each verdict, and one this version does not know
    const first = CATALOG[0].id;
    const assembly = assemblyOf([recordingStack('Service', {
      'S9-99': {}, 'S4-13': { securityContact: 'security@example.com' }, 'S0-12': {}, [first]: {},
    })]);

    // WHEN
    const result = verifyAssembly(assembly, NOW);

    // THEN
    expect(result.claims.map((c) => [c.id, c.verdict])).toEqual([
      [first, 'VIOLATED'], ['S0-12', 'NOT_PROVABLE'], ['S4-13', 'PROVEN'], ['S9-99', 'VIOLATED'],
    ]);
    expect(result.summary).toEqual({ proven: 1, violated: 2, notProvable: 1 });
    expect(result.claims[1].gaps).toEqual([]);
    expect(result.claims[3]).toMatchObject({
      scope: 'infra', facts: [], stacks: ['Service'], controls: { soc2: [], iso27001: [], gdprArt32: [], cnilSheets: [] },
    });
  });

  test('states the version of the library that verified the templates', () => {
    // GIVEN
    const version = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf-8')).version;

    // WHEN / THEN
    expect(verifyAssembly(assemblyOf([]), NOW).toolVersion).toBe(version);
  });

  test('an assembly without any policy record has no claims and no security contact', () => {
    // GIVEN
    const bare = stackView({ id: 'Bare', template: { Resources: {} } });

    // WHEN
    const result = verifyAssembly(assemblyOf([bare]), NOW);

    // THEN
    expect(result.claims).toEqual([]);
    expect(result.securityContact).toBeUndefined();
    expect(result.summary).toEqual({ proven: 0, violated: 0, notProvable: 0 });
  });

  test('S0-03 a Condition voids the facts of its own resource only, in its own stack', () => {
    // GIVEN: stack A holds a trail and, first, another resource with a Condition; stack B's trail has one
    const trail = {
      Type: 'AWS::CloudTrail::Trail',
      Properties: { IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, IsLogging: true, EnableLogFileValidation: true, S3BucketName: 'logs' },
    };
    const a = recordingStack('A', { 'S0-03': {} }, { Topic: { Type: 'AWS::SNS::Topic', Condition: 'Never' }, Trail: trail });
    const b = recordingStack('B', { 'S0-03': {} }, { Trail: { ...trail, Condition: 'Never' } });

    // WHEN
    const [claim] = verifyAssembly(assemblyOf([a, b]), NOW).claims;

    // THEN
    const trailFacts = (stack: string) => claim.facts.filter((f) => f.stack === stack && f.logicalId === 'Trail');
    expect(trailFacts('A').length).toBeGreaterThan(0);
    expect(trailFacts('A').every((f) => f.satisfied)).toBe(true);
    expect(trailFacts('B').length).toBeGreaterThan(0);
    expect(trailFacts('B').every((f) => !f.satisfied && /the resource has Condition "Never"/.test(f.note ?? ''))).toBe(true);
    expect(claim.gaps.filter((g) => /nested stack/.test(g))).toEqual([]);
  });

  test('S4-13 a claim whose verifiers return no fact at all is VIOLATED, never PROVEN', () => {
    // GIVEN: the claim's one verifier finds nothing to state
    const spy = jest.spyOn(VERIFIERS, 'security-contact').mockReturnValue([]);
    const assembly = assemblyOf([recordingStack('Service', { 'S4-13': { securityContact: 'security@example.com' } })]);

    try {
      // WHEN
      const [claim] = verifyAssembly(assembly, NOW).claims;

      // THEN
      expect(claim.verdict).toBe('VIOLATED');
      expect(claim.gaps).toEqual(['the templates show nothing that makes this claim true']);
    } finally {
      spy.mockRestore();
    }
  });

  test('a catalog check without a verifier is a programming error, not a verdict', () => {
    // GIVEN
    const verifier = VERIFIERS['security-contact'];
    delete VERIFIERS['security-contact'];
    const assembly = assemblyOf([recordingStack('Service', { 'S4-13': { securityContact: 'security@example.com' } })]);

    try {
      // WHEN / THEN
      expect(() => verifyAssembly(assembly, NOW)).toThrow(/claim S4-13 names the verifier 'security-contact', which does not exist/);
    } finally {
      VERIFIERS['security-contact'] = verifier;
    }
  });
});
