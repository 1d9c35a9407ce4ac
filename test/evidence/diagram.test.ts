import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { assemblyOf, viewOfStack, viewOfTemplate } from './helpers';
import { DataClass, DataProtectionPolicy, OffsiteBackupStack, SecureBackupPlan, SecureBucket } from '../../lib';
import { architectureDot } from '../../lib/evidence/diagram';
import { CLASS_COLOURS, INTERNET_COLOUR, UNTAGGED_COLOUR } from '../../lib/evidence/diagram-style';
import { embeddableSvg, renderSvg, startSvgRender } from '../../lib/evidence/diagram-svg';
import { StackView } from '../../lib/evidence/model';
import { referencedIds } from '../../lib/evidence/query';
import { DEFAULT_POLICY } from '../helpers/compliance';

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
    expect(dot).toMatch(/"Service\/Bucket" \[label="Bucket\\n[^"]*AWS::S3::Bucket ×1[^"]*"[^\]]*\];/);
    expect(dot).toMatch(/"Service\/Backup" \[label="Backup\\n[^"]*AWS::Backup::BackupPlan ×1[^"]*"[^\]]*\];/);
    expect(dot).toMatch(/"Offsite-us-east-2\/Vault" \[label="Vault\\nAWS::Backup::BackupVault ×1\\nAWS::KMS::Key ×1\\ndata class: [^"]*"/);
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
    expect(text).toContain('"Fixture/(no construct path)" [label="(no construct path)\\nAWS::S3::Bucket ×1\\ndata class: (no data class)"');
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

  test('S1-08 renders SVG through WebAssembly with no Graphviz `dot` on PATH, the same text each time, and throws on DOT it cannot read', () => {
    // GIVEN: a PATH with no program at all
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'no-dot-'));
    const saved = process.env.PATH;
    process.env.PATH = empty;
    try {
      // WHEN
      const first = renderSvg(SMALL);

      // THEN
      expect(first).toContain('<svg');
      expect(first).toContain('<title>a&#45;&gt;b</title>');
      expect(renderSvg(SMALL)).toBe(first);
      expect(() => renderSvg('digraph {')).toThrow(/Graphviz \(WebAssembly\) failed: .*syntax error/);
    } finally {
      process.env.PATH = saved;
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  test('S1-08 startSvgRender renders in the background: several renders at once, each waited for gives the SVG renderSvg gives', () => {
    // GIVEN
    const expected = renderSvg(SMALL);

    // WHEN two renders are started before either is waited for, and a third that cannot be drawn
    const first = startSvgRender(SMALL);
    const second = startSvgRender('digraph g { "c" -> "d"; }');
    const broken = startSvgRender('digraph {');

    // THEN
    expect(second()).toContain('<title>c&#45;&gt;d</title>');
    expect(first()).toBe(expected);
    expect(() => broken()).toThrow(/Graphviz \(WebAssembly\) failed: .*syntax error/);
  });

  test('embeddableSvg drops the prolog, the comments and the fixed size, and gives the image a role and an escaped accessible name', () => {
    // GIVEN
    const svg = renderSvg('digraph g { "<script>alert(1)</script>" -> "b"; }');

    // WHEN
    const element = embeddableSvg(svg, 'Architecture of <Acme> & co', 'diagram-title');

    // THEN
    expect(element).toMatch(/^<svg viewBox="[^"]+" xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]* role="img" aria-labelledby="diagram-title"><title id="diagram-title">Architecture of &lt;Acme&gt; &amp; co<\/title>/);
    expect(element).not.toMatch(/<\?xml|<!DOCTYPE|<!--| width="| height="/);
    expect(element).not.toContain('<script');
    expect(element).toContain('&lt;script&gt;');
  });
});

describe('architectureDot styling', () => {
  test('S1-01 S2-07 fills each data store with its data class colour, marks internet-facing endpoints and draws a legend', () => {
    // GIVEN: two buckets of two classes, an untagged table, a bucket with both in one construct, and a public load balancer
    const view = viewOfTemplate({
      Resources: {
        Customers: { Type: 'AWS::S3::Bucket', Properties: { Tags: [{ Key: 'data-class', Value: 'customer-data' }] }, Metadata: { 'aws:cdk:path': 'Fixture/Customers/Resource' } },
        Logs: { Type: 'AWS::Logs::LogGroup', Properties: { Tags: [{ Key: 'data-class', Value: 'application-logs' }] }, Metadata: { 'aws:cdk:path': 'Fixture/Mixed/Logs' } },
        Archive: { Type: 'AWS::S3::Bucket', Properties: { Tags: [{ Key: 'data-class', Value: 'customer-data' }] }, Metadata: { 'aws:cdk:path': 'Fixture/Mixed/Archive' } },
        Table: { Type: 'AWS::DynamoDB::Table', Metadata: { 'aws:cdk:path': 'Fixture/Table/Resource' } },
        Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internet-facing' }, Metadata: { 'aws:cdk:path': 'Fixture/Front/Lb' } },
        Listener: {
          Type: 'AWS::ElasticLoadBalancingV2::Listener',
          Properties: { LoadBalancerArn: { Ref: 'Lb' }, Protocol: 'HTTPS', Port: 443 },
          Metadata: { 'aws:cdk:path': 'Fixture/Front/Listener' },
        },
      },
    });

    // WHEN
    const text = architectureDot(assemblyOf([view]));

    // THEN: classes in name order: application-logs first colour, customer-data second
    const [logs, customers] = CLASS_COLOURS;
    expect(text).toMatch(new RegExp(`"Fixture/Customers" \\[label="[^"]*\\\\ndata class: customer-data", style="rounded,filled", fillcolor="${customers}"\\];`));
    expect(text).toContain(`data class: application-logs, customer-data", style="striped", fillcolor="${logs}:${customers}"];`);
    expect(text).toMatch(new RegExp(`"Fixture/Table" \\[label="[^"]*data class: \\(no data class\\)", style="rounded,filled", fillcolor="${UNTAGGED_COLOUR}"\\];`));
    expect(text).toMatch(new RegExp(`"Fixture/Front" \\[label="[^"]*\\\\ninternet-facing load balancer: TCP 443 \\(HTTPS\\)", color="${INTERNET_COLOUR}", penwidth=3\\];`));
    expect(text).toContain(`  "internet" -> "Fixture/Front" [color="${INTERNET_COLOUR}", penwidth=2];\n`);
    expect(text).not.toMatch(/"internet" -> "Fixture\/(Customers|Table|Mixed)"/);
    expect(text).toContain(`"legend:application-logs" [label="data class: application-logs", style="rounded,filled", fillcolor="${logs}"];`);
    expect(text).toContain(`"legend:(no data class)" [label="data class: (no data class)", style="rounded,filled", fillcolor="${UNTAGGED_COLOUR}"];`);
    expect(text).toContain('"legend:internet" [label="internet-facing endpoint"');
  });

  test('S1-01 the SVG of a styled diagram holds the class colours and the endpoint mark', () => {
    // GIVEN
    const view = viewOfTemplate({
      Resources: {
        Customers: { Type: 'AWS::S3::Bucket', Properties: { Tags: [{ Key: 'data-class', Value: 'customer-data' }] }, Metadata: { 'aws:cdk:path': 'Fixture/Customers/Resource' } },
        Api: { Type: 'AWS::ApiGateway::RestApi', Metadata: { 'aws:cdk:path': 'Fixture/Api/Resource' } },
      },
    });

    // WHEN
    const svg = renderSvg(architectureDot(assemblyOf([view])));

    // THEN
    expect(svg).toContain(`fill="${CLASS_COLOURS[0]}"`);
    expect(svg).toContain(`stroke="${INTERNET_COLOUR}"`);
    expect(svg).toContain('>Internet</text>');
    expect(svg).toContain('>Legend</text>');
  });

  test('a diagram with no data store and no endpoint has no legend', () => {
    // GIVEN
    const view = viewOfTemplate({ Resources: { Topic: { Type: 'AWS::SNS::Topic', Metadata: { 'aws:cdk:path': 'Fixture/Topic/Resource' } } } });

    // WHEN / THEN
    expect(architectureDot(assemblyOf([view]))).not.toMatch(/Legend|internet/);
  });
});
