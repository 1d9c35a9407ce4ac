import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { assemblyOf, viewOfStack, viewOfTemplate } from './helpers';
import { DataClass, DataProtectionPolicy, OffsiteBackupStack, SecureBackupPlan, SecureBucket } from '../../lib';
import { architectureDot, renderSvg } from '../../lib/evidence/diagram';
import { StackView } from '../../lib/evidence/model';
import { referencedIds } from '../../lib/evidence/query';
import { DEFAULT_POLICY } from '../helpers/compliance';

/** Whether Graphviz `dot` is installed on this machine. */
const HAS_DOT = spawnSync('dot', ['-V']).error === undefined;

describe('architectureDot', () => {
  let service: StackView;
  let offsite: StackView;
  let dot: string;

  beforeAll(() => {
    // GIVEN: a service with a bucket and a backup plan copying to an off-site vault stack
    // (construct paths in the template Metadata, as the CDK CLI asks for)
    const app = new App({ context: { 'aws:cdk:enable-path-metadata': true } });
    const policy = { ...DEFAULT_POLICY, backupCopyRegions: ['us-east-2'] };
    const vaults = new OffsiteBackupStack(app, 'Offsite-us-east-2', { policy, region: 'us-east-2' });
    const stack = new Stack(app, 'Service', { env: { region: 'us-east-1' } });
    new DataProtectionPolicy(stack, 'Policy', policy);
    new SecureBucket(stack, 'Bucket', { dataClass: DataClass.CUSTOMER_DATA });
    new SecureBackupPlan(stack, 'Backup', { copyTargets: [vaults.vault.asCopyTarget()] });
    service = viewOfStack(stack);
    offsite = viewOfStack(vaults);

    // WHEN
    dot = architectureDot(assemblyOf([service, offsite]));
  });

  test('S1-08 draws a cluster per stack with its region, and a node per top-level construct with its resource types', () => {
    // THEN
    expect(dot).toMatch(/^digraph architecture \{\n/);
    expect(dot).toContain('subgraph "cluster_Service" {\n    label="Service\\nus-east-1";');
    expect(dot).toContain('subgraph "cluster_Offsite-us-east-2" {\n    label="Offsite-us-east-2\\nus-east-2 · offsite-backup";');
    expect(dot).toMatch(/"Service\/Bucket" \[label="Bucket\\n[^"]*AWS::S3::Bucket ×1[^"]*"\];/);
    expect(dot).toMatch(/"Service\/Backup" \[label="Backup\\n[^"]*AWS::Backup::BackupPlan ×1[^"]*"\];/);
    expect(dot).toMatch(/"Offsite-us-east-2\/Vault" \[label="Vault\\nAWS::Backup::BackupVault ×1\\nAWS::KMS::Key ×1"\];/);
    expect(dot).not.toContain('AWS::CDK::Metadata');
  });

  test('S1-08 an edge where one construct references another, and a dashed edge to the off-site vault its plan copies to', () => {
    // THEN
    expect(dot).toContain('  "Service/Backup" -> "Service/Bucket";\n');
    expect(dot).toContain('  "Service/Backup" -> "Offsite-us-east-2/Vault" [style=dashed, label="copy to us-east-2"];\n');
  });

  test('is the same text whatever order the stacks come in', () => {
    // WHEN
    const reversed = architectureDot(assemblyOf([offsite, service]));

    // THEN
    expect(reversed).toBe(dot);
  });

  test('names the construct class from tree.json when it says more than Construct', () => {
    // GIVEN
    const tree = { tree: { children: { Service: { children: { Bucket: { constructInfo: { fqn: 'cdk-data-protection.SecureBucket' } } } } } } };

    // WHEN
    const withTree = architectureDot(assemblyOf([service, offsite]), tree);

    // THEN
    expect(withTree).toMatch(/"Service\/Bucket" \[label="Bucket\\n\(cdk-data-protection.SecureBucket\)\\nAWS::KMS::Key/);
  });

  test('escapes labels, reads references inside Fn::Join and Fn::Sub, and shows a copy target outside the assembly', () => {
    // GIVEN
    const view = viewOfTemplate({
      Resources: {
        Key: { Type: 'AWS::KMS::Key', Metadata: { 'aws:cdk:path': 'Fixture/The "Key" \\ store/Resource' } },
        Topic: {
          Type: 'AWS::SNS::Topic',
          Properties: { KmsMasterKeyId: { 'Fn::Join': ['', ['arn:', { 'Fn::GetAtt': ['Key', 'Arn'] }]] } },
          Metadata: { 'aws:cdk:path': 'Fixture/Alerts/Resource' },
        },
        Queue: {
          Type: 'AWS::SQS::Queue',
          Properties: { Policy: { 'Fn::Sub': ['${Topic} ${!Literal} ${AWS::Region} ${Local}', { Local: { Ref: 'Key' } }] } },
          Metadata: { 'aws:cdk:path': 'Fixture/Queue/Resource' },
        },
        Plan: {
          Type: 'AWS::Backup::BackupPlan',
          Properties: {
            BackupPlan: {
              BackupPlanRule: [{
                CopyActions: [{
                  DestinationBackupVaultArn: { 'Fn::Join': ['', ['arn:aws:backup:eu-west-1:', { Ref: 'AWS::AccountId' }, ':backup-vault:far-away']] },
                }],
              }],
            },
          },
          Metadata: { 'aws:cdk:path': 'Fixture/Plan/Resource' },
        },
        Raw: { Type: 'AWS::S3::Bucket' },
      },
    });

    // WHEN
    const text = architectureDot(assemblyOf([view]));

    // THEN
    expect(text).toContain('"Fixture/The \\"Key\\" \\\\ store" [label="The \\"Key\\" \\\\ store\\nAWS::KMS::Key ×1"];');
    expect(text).toContain('"Fixture/Alerts" -> "Fixture/The \\"Key\\" \\\\ store";');
    expect(text).toContain('"Fixture/Queue" -> "Fixture/Alerts";');
    expect(text).toContain('"Fixture/Queue" -> "Fixture/The \\"Key\\" \\\\ store";');
    expect(text).toContain('"Fixture/(no construct path)" [label="(no construct path)\\nAWS::S3::Bucket ×1"];');
    expect(text).toContain('"external:arn:aws:backup:eu-west-1:*:backup-vault:far-away" [label="backup vault far-away\\nin eu-west-1\\n(not in this assembly)", style="rounded,dashed"];');
    expect(text).toContain('"Fixture/Plan" -> "external:arn:aws:backup:eu-west-1:*:backup-vault:far-away" [style=dashed, label="copy to eu-west-1"];');
  });

  test('referencedIds finds Ref, Fn::GetAtt (both forms) and Fn::Sub names, not Fn::Sub variables or escaped ${!...}', () => {
    // THEN
    expect([...referencedIds({
      a: { Ref: 'A' },
      b: [{ 'Fn::GetAtt': ['B', 'Arn'] }, { 'Fn::GetAtt': 'C.Arn' }],
      c: { 'Fn::Sub': ['${D.Arn}/${E}/${!F}', { E: 'x', G: { Ref: 'H' } }] },
      d: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${I}' },
    })].sort()).toEqual(['A', 'AWS::Partition', 'B', 'C', 'D', 'H', 'I']);
  });
});

describe('renderSvg', () => {
  const SMALL = 'digraph g { "a" -> "b"; }\n';

  test('returns undefined when Graphviz dot is not installed, without throwing', () => {
    // GIVEN: a PATH with no program at all
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'no-dot-'));
    const saved = process.env.PATH;
    process.env.PATH = empty;
    try {
      // WHEN / THEN
      expect(renderSvg(SMALL)).toBeUndefined();
    } finally {
      process.env.PATH = saved;
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  (HAS_DOT ? test : test.skip)('renders SVG when dot is installed, and throws on DOT it cannot read', () => {
    // WHEN / THEN
    expect(renderSvg(SMALL)).toContain('<svg');
    expect(() => renderSvg('digraph {')).toThrow(/Graphviz dot failed/);
  });
});
