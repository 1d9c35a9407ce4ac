import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { evidenceFixture, SERVICE } from './fixtures';
import { assemblyOf, viewOfStack, viewOfTemplate } from './helpers';
import { Compliance } from '../../lib';
import { claimsOfRule, LEDGER_METADATA_KEY } from '../../lib/evidence/acknowledgement-claims';
import { RecordedAcknowledgement } from '../../lib/evidence/model';
import { jsonReport } from '../../lib/evidence/report-json';
import { markdownReport } from '../../lib/evidence/report-markdown';
import { trustPage } from '../../lib/evidence/trust-page';
import { verifyAssembly } from '../../lib/evidence/verify';

const NOW = new Date('2026-12-08T00:00:00Z');

/** A bucket resource that records acknowledged rules, as cdk-nag writes them. */
function bucket(path: string, rules: string[]): Record<string, any> {
  return {
    Type: 'AWS::S3::Bucket',
    Metadata: { 'aws:cdk:path': path, 'cdk_nag': { rules_to_suppress: rules.map((id) => ({ id, reason: 'reviewed by the storage team' })) } },
  };
}

describe('the acknowledgement ledger in the evidence report', () => {
  test('S2-15 each acknowledgement gets the owner and expiry of the nearest ledger entry of its rule', () => {
    // GIVEN a ledger entry on the stack (every resource) and a closer one on one bucket
    const view = viewOfTemplate({
      Metadata: {
        [LEDGER_METADATA_KEY]: [
          { path: 'Fixture', rules: ['AwsSolutions-S1'], owner: 'platform team', standing: true },
          { path: 'Fixture/Logs', rules: ['AwsSolutions-S1'], owner: 'storage team', expires: '2027-03-31', standing: false },
          { path: 'Fixture/Logs', rules: ['DataProtection-Region'], owner: 'storage team', expires: '2027-01-31', standing: false },
          { path: 'Fixture/Logsbook', rules: ['AwsSolutions-S2'], owner: 'someone else', standing: true },
        ],
      },
      Resources: {
        Logs: bucket('Fixture/Logs/Resource', ['AwsSolutions-S1', 'DataProtection::DataProtection-Region']),
        Files: bucket('Fixture/Files/Resource', ['AwsSolutions-S1']),
        Logsbook: bucket('Fixture/LogsbookX/Resource', ['AwsSolutions-S2']),
      },
    });

    // WHEN
    const acks = verifyAssembly(assemblyOf([view]), NOW).acknowledgements;

    // THEN
    const of = (logicalId: string, rule: string) => acks.find((a) => a.logicalId === logicalId && a.rule === rule)!;
    expect(of('Logs', 'AwsSolutions-S1')).toEqual(expect.objectContaining({ owner: 'storage team', expires: '2027-03-31', claims: ['S0-03', 'S1-06', 'S2-01'] }));
    expect(of('Logs', 'DataProtection::DataProtection-Region')).toEqual(expect.objectContaining({ owner: 'storage team', expires: '2027-01-31', claims: ['S0-05', 'S4-01'] }));
    expect(of('Files', 'AwsSolutions-S1').owner).toBe('platform team');
    expect(of('Files', 'AwsSolutions-S1').expires).toBeUndefined();
    expect(of('Files', 'AwsSolutions-S1').standing).toBe(true);
    expect(of('Logs', 'AwsSolutions-S1').standing).toBe(false);
    // A sibling whose path merely starts with the same letters is not covered.
    expect(of('Logsbook', 'AwsSolutions-S2').owner).toBeUndefined();
    expect(of('Logsbook', 'AwsSolutions-S2').standing).toBeUndefined();
  });

  test('S2-15 a synthesized stack\'s ledger reaches the report: owner, expiry and the library\'s standing ones', () => {
    // GIVEN
    const app = new App({ context: { [Compliance.TODAY_CONTEXT_KEY]: '2026-12-08', 'aws:cdk:enable-path-metadata': true } });
    const stack = new Stack(app, 'S');
    const plain = new s3.Bucket(stack, 'Plain');
    Compliance.acknowledge(plain, { ruleId: 'AwsSolutions-S1', reason: 'reviewed by the storage team', owner: 'storage team', expires: '2027-03-31' });
    Compliance._standing(plain, { ruleId: 'AwsSolutions-S10', reason: 'a false positive of the library, by construction' });
    // cdk-nag writes the acknowledged rules into the resource metadata when the packs run; here by hand.
    const view = viewOfStack(stack);
    const resource = view.resources.find((r) => r.type === 'AWS::S3::Bucket')!;
    (resource.metadata as any).cdk_nag = { rules_to_suppress: [{ id: 'AwsSolutions-S1', reason: 'x' }, { id: 'AwsSolutions-S10', reason: 'y' }] };

    // WHEN
    const acks = verifyAssembly(assemblyOf([view]), NOW).acknowledgements;

    // THEN
    expect(acks.map((a) => [a.rule, a.owner, a.expires, a.library])).toEqual([
      ['AwsSolutions-S1', 'storage team', '2027-03-31', undefined],
      ['AwsSolutions-S10', Compliance.LIBRARY_OWNER, undefined, true],
    ]);
  });

  test.each([
    ['AwsSolutions-S10', ['S0-07', 'S1-02', 'S2-02', 'S4-07']],
    ['HIPAA.Security-S3BucketSSLRequestsOnly', ['S0-07', 'S1-02', 'S2-02', 'S4-07']],
    ['cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check', ['S0-06', 'S1-02', 'S2-03', 'S4-07']],
    ['DataProtection::DataProtection-RoleWithoutMfa', ['S0-09', 'S1-05', 'S4-08']],
    ['DataProtection-OpenIngress', ['S2-07']],
    ['AwsSolutions-IAM5[Resource::*]', ['S1-03']],
    ['HIPAA.Security-LambdaDLQ', []],
    ['AwsSolutions-L1', []],
  ])('S2-15 the rule %s concerns the promises %p', (rule, claims) => {
    expect(claimsOfRule(rule)).toEqual(claims);
  });

  describe('Markdown report and trust page', () => {
    const acks: RecordedAcknowledgement[] = [
      {
        stack: SERVICE,
        logicalId: 'Files',
        constructPath: `${SERVICE}/Files/Resource`,
        rule: 'DataProtection::DataProtection-Region',
        reason: 'The replica bucket holds copies only, until the move.',
        owner: 'storage team',
        expires: '2027-03-31',
        standing: false,
        claims: ['S0-05', 'S4-01'],
      },
      {
        stack: SERVICE,
        logicalId: 'Fn',
        constructPath: `${SERVICE}/Fn/Resource`,
        rule: 'AwsSolutions-S10',
        reason: 'A false positive of the library, by construction.',
        owner: Compliance.LIBRARY_OWNER,
        library: true,
        standing: true,
        claims: ['S0-07'],
      },
      { stack: SERVICE, logicalId: 'Old', rule: 'DataProtection::DataProtection-Region', reason: 'An acknowledgement the ledger does not hold.' },
    ];
    const result = { ...evidenceFixture(), acknowledgements: acks };

    test('S2-15 the report lists every acknowledgement with owner, expiry and the promise it concerns', () => {
      // WHEN
      const report = markdownReport(result);

      // THEN
      expect(report).toContain('| Rule | Reason | Owner | Expires | Promise | Resources | Where |');
      expect(report).toContain('| `DataProtection::DataProtection-Region` | The replica bucket holds copies only, until the move. | storage team | 2027-03-31 | S0-05, S4-01 | 1 |');
      expect(report).toContain(`| \`AwsSolutions-S10\` | A false positive of the library, by construction. | ${Compliance.LIBRARY_OWNER} | standing | S0-07 | 1 |`);
      expect(report).toContain('| `DataProtection::DataProtection-Region` | An acknowledgement the ledger does not hold. | not recorded | not recorded | S0-05, S4-01 | 1 |');
      expect(report).toContain('1 acknowledged finding expires.');
    });

    test('S2-15 the JSON report carries owner, expiry, standing and the promises of each acknowledgement', () => {
      // WHEN
      const json = JSON.parse(jsonReport(result));

      // THEN
      expect(Object.keys(json.acknowledgements[0])).toEqual(
        ['stack', 'logicalId', 'constructPath', 'rule', 'reason', 'owner', 'expires', 'standing', 'claims']);
      expect(json.acknowledgements[1]).toEqual(expect.objectContaining({ owner: Compliance.LIBRARY_OWNER, standing: true, library: true }));
    });

    test('S2-15 the trust page marks a promise that rests on a team\'s acknowledgement, with owner and expiry', () => {
      // WHEN
      const page = trustPage(result);

      // THEN
      expect(page).toContain('- Data is hosted in one AWS region: us-east-1. ([evidence](evidence-report.md#s0-05))'
        + ' — _rests on an acknowledged finding (storage team, until 2027-03-31)_');
      // The library's own standing acknowledgements of known false positives mark nothing, nor one the ledger does not hold.
      expect(page.match(/rests on/g)).toHaveLength(2);
      expect(trustPage(evidenceFixture())).not.toContain('rests on');
    });
  });
});
