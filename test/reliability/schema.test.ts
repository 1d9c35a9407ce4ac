import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { appNamed, appSources, SYNTHESIS_TIMEOUT_MS, SynthesizedApp, synthesizedApps } from '../helpers/assemblies';
import { customResourceProblems } from '../helpers/cfn-schema';

// test/setup-env.ts turns aws-cdk-lib's built-in CloudFormation Validate plugin off for unit tests;
// this file is where it runs, on every template of the reference app and the examples.
process.env.CDK_VALIDATION = 'true';

const PLUGIN = 'CloudFormation Validate';

/**
 * Rules of the plugin whose findings are acknowledged, with the reason. W3010 is acknowledged by
 * aws-cdk-lib itself: the literal availability zones come from `stack.availabilityZones`, which the
 * reference app pins so that it synthesizes without AWS credentials (see design notes).
 */
const ACKNOWLEDGED_RULES: Record<string, string> = {
  W3010: 'availability zones pinned on purpose (synthesis without credentials); acknowledged by aws-cdk-lib',
};

/**
 * CloudFormation's quotas, and the share of them a stack may use.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
 */
const MAX_RESOURCES = 500;
/** "Template body size in an Amazon S3 object: 1 MB", read as 1,000,000 bytes to stay on the safe side. */
const MAX_TEMPLATE_BYTES = 1_000_000;
const HEADROOM_SHARE = 0.8;
const HEADROOM_REPORT = path.join(__dirname, '..', '..', 'test-reports', 'stack-headroom.md');

/** One finding of the plugin, from validation-report.json. */
interface CfnFinding {
  readonly rule: string;
  readonly severity: string;
  readonly description: string;
  readonly where: string[];
  readonly acknowledged: boolean;
}

function cfnFindings(report: any): CfnFinding[] {
  const plugin = (report?.pluginReports ?? []).find((p: any) => p.pluginName === PLUGIN);
  const convert = (v: any, acknowledged: boolean): CfnFinding => ({
    rule: v.ruleName,
    severity: v.severity,
    description: v.description,
    where: (v.violatingConstructs ?? []).map((c: any) => {
      const r = c.cloudFormationResource;
      return r ? `${r.templatePath} ${r.logicalId} ${(r.propertyPaths ?? []).join(', ')}` : c.constructPath;
    }),
    acknowledged,
  });
  return [
    ...(plugin?.violations ?? []).map((v: any) => convert(v, false)),
    ...(plugin?.suppressedViolations ?? []).map((v: any) => convert(v, true)),
  ];
}

function describeFindings(findings: CfnFinding[]): string[] {
  return findings.map((f) => `${f.rule} (${f.severity}) ${f.description} at ${f.where.join('; ')}`);
}

describe('the CloudFormation Validate plugin catches each kind of error', () => {
  let findings: CfnFinding[];
  beforeAll(() => {
    // GIVEN a template with one error of each kind, each on its own resource
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-schema-')) });
    const stack = new Stack(app, 'Broken', { env: { region: 'us-east-1' } });
    const resource = (id: string, type: string, properties: Record<string, unknown>) => new CfnResource(stack, id, { type, properties });
    resource('WrongType', 'AWS::Logs::LogGroup', { RetentionInDays: 'a year' });
    resource('UnknownProperty', 'AWS::S3::Bucket', { VersioningConfiguration: { Status: 'Enabled', KeepForever: true } });
    resource('MissingRequired', 'AWS::KMS::Alias', { TargetKeyId: 'alias/x' });
    resource('BadEnum', 'AWS::Logs::LogGroup', { RetentionInDays: 17 });
    resource('BadPattern', 'AWS::KMS::Alias', { AliasName: 'no-prefix', TargetKeyId: 'x' });
    resource('BadGetAtt', 'AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': ['UnknownProperty', 'NoSuchAttribute'] } });
    resource('CustomWithoutToken', 'AWS::CloudFormation::CustomResource', {});

    // WHEN it synthesizes (the plugin's errors are warnings unless @aws-cdk/core:validateAgainstDefaultRules is true)
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      app.synth();
    } finally {
      quiet.mockRestore();
    }
    findings = cfnFindings(JSON.parse(fs.readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf-8')));
  });

  const caught = (logicalIdPrefix: string, rule: string) => findings.find((f) => f.rule === rule && f.where.some((w) => w.includes(` ${logicalIdPrefix}`)));

  test.each([
    ['a property of the wrong type', 'WrongType', 'F3012', /'a year' is not of type 'integer'/],
    ['an unknown (nested) property', 'UnknownProperty', 'F3002', /'KeepForever' was unexpected/],
    ['a missing required property', 'MissingRequired', 'F3003', /'AliasName' is a required property/],
    ['a value outside an enum (RetentionInDays)', 'BadEnum', 'W3030', /17 is not one of \[1, 3, 5, 7, 14/],
    ['a value not matching a pattern', 'BadPattern', 'F3031', /does not match pattern/],
    ['an attribute the target type does not have', 'BadGetAtt', 'E9004', /'NoSuchAttribute' is not one of/],
    ['a custom resource without ServiceToken', 'CustomWithoutToken', 'F3003', /'ServiceToken' is a required property/],
  ])('%s', (_kind, logicalId, rule, message) => {
    // THEN
    const finding = caught(logicalId, rule);
    expect(finding?.description).toMatch(message);
  });

  test('with @aws-cdk/core:validateAgainstDefaultRules its errors fail the synthesis', () => {
    // GIVEN
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-schema-')), context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
    const stack = new Stack(app, 'Strict', { env: { region: 'us-east-1' } });
    new CfnResource(stack, 'Bucket', { type: 'AWS::S3::Bucket', properties: { NoSuchProperty: 1 } });

    // WHEN / THEN
    expect(() => app.synth()).toThrow(/'NoSuchProperty' was unexpected/);
  });
});

describe('cfn-schema: what the plugin does not check', () => {
  test('a Custom:: resource needs a ServiceToken, a string or an intrinsic', () => {
    // GIVEN
    const template = {
      Resources: {
        Fine: { Type: 'Custom::Thing', Properties: { ServiceToken: { 'Fn::GetAtt': ['Provider', 'Arn'] } } },
        Literal: { Type: 'Custom::Thing', Properties: { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:f' } },
        Missing: { Type: 'Custom::Thing', Properties: { Other: 1 } },
        Wrong: { Type: 'Custom::Thing', Properties: { ServiceToken: 42 } },
        NotCustom: { Type: 'AWS::S3::Bucket' },
      },
    };

    // WHEN / THEN
    expect(customResourceProblems(template)).toEqual([
      { logicalId: 'Missing', path: 'Properties.ServiceToken', wanted: 'a required string (the provider\'s ARN)', found: 'absent' },
      { logicalId: 'Wrong', path: 'Properties.ServiceToken', wanted: 'a string or an intrinsic function yielding one', found: '42' },
    ]);
  });
});

describe('every template of the reference app and the examples', () => {
  let apps: SynthesizedApp[];
  beforeAll(async () => {
    apps = await synthesizedApps();
  }, SYNTHESIS_TIMEOUT_MS);

  describe.each(appSources().map((s) => s.name))('%s', (name) => {
    const app = () => appNamed(apps, name);

    test('the CloudFormation Validate plugin validated every template and left no finding open', () => {
      // GIVEN / WHEN the shared synthesis ran the plugin
      const findings = cfnFindings(app().validationReport);

      // THEN it read every stack's template (its report leaves out a plugin that found nothing)
      expect([...app().cfnValidated].sort()).toEqual(app().stacks.map((s) => s.templateFile).sort());
      expect(describeFindings(findings.filter((f) => !f.acknowledged))).toEqual([]);
      expect(describeFindings(findings.filter((f) => f.acknowledged && !(f.rule in ACKNOWLEDGED_RULES)))).toEqual([]);
    });

    test('every custom resource has a ServiceToken', () => {
      const problems = app().stacks.flatMap((s) => customResourceProblems(s.template)
        .map((p) => `${s.stack} ${p.logicalId} ${p.path}: wants ${p.wanted}, found ${p.found}`));
      expect(problems).toEqual([]);
    });

    test(`every stack uses under ${HEADROOM_SHARE * 100}% of CloudFormation's ${MAX_RESOURCES}-resource and 1 MB template limits`, () => {
      const over = app().stacks.flatMap((s) => {
        const resources = Object.keys(s.template.Resources ?? {}).length;
        return [
          ...(resources >= MAX_RESOURCES * HEADROOM_SHARE ? [`${s.stack}: ${resources} resources`] : []),
          ...(s.templateBytes >= MAX_TEMPLATE_BYTES * HEADROOM_SHARE ? [`${s.stack}: ${s.templateBytes} bytes`] : []),
        ];
      });
      expect(over).toEqual([]);
    });
  });

  afterAll(() => {
    // The headroom of every stack, as a table next to the JUnit report: one line in the log points to it.
    if (!apps) return;
    const rows = apps.flatMap((a) => a.stacks.map((s) => {
      const resources = Object.keys(s.template.Resources ?? {}).length;
      return `| ${a.name} | ${s.stack} | ${resources} | ${(100 * resources / MAX_RESOURCES).toFixed(1)}% | ${s.templateBytes} | ${(100 * s.templateBytes / MAX_TEMPLATE_BYTES).toFixed(1)}% |`;
    }));
    const text = [
      '# Stack headroom',
      '',
      `Share of CloudFormation's limits each stack uses (${MAX_RESOURCES} resources; template file as uploaded, ${MAX_TEMPLATE_BYTES} bytes). ` +
      `Tests fail at ${HEADROOM_SHARE * 100}%.`,
      '',
      '| App | Stack | Resources | of 500 | Template bytes | of 1 MB |',
      '| --- | --- | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
    ].join('\n');
    fs.mkdirSync(path.dirname(HEADROOM_REPORT), { recursive: true });
    fs.writeFileSync(HEADROOM_REPORT, text);
    // eslint-disable-next-line no-console
    console.log(`stack headroom of ${rows.length} stacks: ${path.relative(process.cwd(), HEADROOM_REPORT)}`);
  });
});
