import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, CfnResource, IPolicyValidationContext, PolicyValidationPluginReport, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { templatesOf, violatingTemplates } from './guard-fixtures';
import { DataProtectionError } from '../../lib/private/errors';
import { FocusedGuardValidator } from '../../lib/private/focused-guard';
import { HeadStart } from '../../lib/private/head-start';

/** The findings of a report as comparable lines: rule, template, resource and locations. */
function findings(report: PolicyValidationPluginReport): string[] {
  return report.violations.flatMap((v) => v.violatingResources.map((r) =>
    `${v.ruleName} ${path.basename(r.templatePath ?? '')} ${r.resourceLogicalId} ${[...r.locations].sort().join(',')}`)).sort();
}

const context = (templatePaths: string[]) => ({ templatePaths }) as unknown as IPolicyValidationContext;

describe('FocusedGuardValidator (the Control Tower rules, run only where they can find something)', () => {
  let templates: string[];

  beforeAll(() => {
    // GIVEN two stacks of plain aws-cdk-lib resources, many of which break Control Tower controls
    templates = violatingTemplates('focused-guard-', lambda.Runtime.NODEJS_20_X);
  });

  test('finds exactly what CfnGuardValidator finds with every bundled rule, naming the original templates', () => {
    // WHEN both run over the same templates
    const full = new CfnGuardValidator({}).validate(context(templates) as any) as unknown as PolicyValidationPluginReport;
    const focused = new FocusedGuardValidator().validate(context(templates));

    // THEN the findings are the same, several, and point at the templates CDK wrote
    expect(findings(full).length).toBeGreaterThan(5);
    expect(findings(focused)).toEqual(findings(full));
    expect(focused.success).toBe(false);
    expect(new Set(focused.violations.flatMap((v) => v.violatingResources.map((r) => r.templatePath)))).toEqual(new Set(templates));
  });

  test('gives cfn-guard only the rule files that name a resource type of the templates', () => {
    // GIVEN
    const validator = new FocusedGuardValidator();

    // WHEN
    const s3Only = validator.rulesFor(new Set(['AWS::S3::Bucket']));
    const none = validator.rulesFor(new Set(['AWS::CloudFormation::WaitConditionHandle']));

    // THEN
    expect(s3Only.length).toBeGreaterThan(5);
    expect(s3Only.every((f) => fs.readFileSync(f, 'utf-8').includes('AWS::S3::Bucket'))).toBe(true);
    expect(none).toEqual([]);
  });

  test('a template no rule applies to passes without running cfn-guard', () => {
    // GIVEN
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'focused-guard-')) });
    new CfnResource(new Stack(app, 'Empty'), 'Wait', { type: 'AWS::CloudFormation::WaitConditionHandle' });

    // WHEN
    const report = new FocusedGuardValidator().validate(context(templatesOf(app)));

    // THEN
    expect(report).toEqual({ success: true, violations: [] });
  });

  test('skips a disabled rule, named as findings print it or by its rule file', () => {
    // GIVEN
    const all = new FocusedGuardValidator().rulesFor(new Set(['AWS::S3::Bucket']));

    // WHEN
    const byName = new FocusedGuardValidator({ disabledRules: ['s3_bucket_level_public_access_prohibited_check'] }).rulesFor(new Set(['AWS::S3::Bucket']));
    const byFile = new FocusedGuardValidator({ disabledRules: ['ct-s3-pr-1'] }).rulesFor(new Set(['AWS::S3::Bucket']));

    // THEN
    expect(all.some((f) => f.endsWith('ct-s3-pr-1.guard'))).toBe(true);
    expect(byName).toEqual(all.filter((f) => !f.endsWith('ct-s3-pr-1.guard')));
    expect(byFile).toEqual(byName);
  });

  test('refuses a disabled rule that names no bundled rule, saying what is allowed', () => {
    // WHEN / THEN
    let error: unknown;
    try {
      new FocusedGuardValidator({ disabledRules: ['s3_bucket_logging_enabled_check', 'no_such_check'] });
    } catch (e) {
      error = e;
    }
    expect(DataProtectionError.isDataProtectionError(error)).toBe(true);
    expect((error as Error).message).toBe('disabledControlTowerRules names no bundled Control Tower rule: no_such_check; ' +
      'allowed: a guard rule name as findings print it (s3_bucket_object_lock_enabled_check) or a rule file name (ct-s3-pr-1)');
  });

  test('a head start (cfn-guard started before its turn, collected by validate) gives the same report; one for other templates is given up', () => {
    // GIVEN
    const expected = new FocusedGuardValidator().validate(context(templates));
    const started = new FocusedGuardValidator();
    const other = new FocusedGuardValidator();

    // WHEN
    started.headStart(templates);
    const collected = started.validate(context(templates));
    other.headStart(templates.slice(0, 1));
    const notStarted = other.validate(context(templates));

    // THEN
    expect(collected).toEqual(expected);
    expect(notStarted).toEqual(expected);
    expect(findings(expected).length).toBeGreaterThan(5);
  });

  test('HeadStart runs its starters in order, then returns what the plugin it wraps returns, under its name; a starter that fails is ignored', () => {
    // GIVEN
    const order: string[] = [];
    const report = { success: false, violations: [] };
    const inner = { name: 'AwsSolutions', version: '3', ruleIds: ['AwsSolutions-S1'], validate: () => (order.push('pack validated'), report) };
    const starters = [
      () => void order.push('guard started'),
      () => {
        order.push('diagram failed to start');
        throw new Error('no manifest');
      },
      () => void order.push('third started'),
    ];

    // WHEN
    const wrapper = new HeadStart(inner, starters);
    const result = wrapper.validate(context(templates));

    // THEN
    expect(result).toBe(report);
    expect(order).toEqual(['guard started', 'diagram failed to start', 'third started', 'pack validated']);
    expect([wrapper.name, wrapper.version, wrapper.ruleIds]).toEqual(['AwsSolutions', '3', ['AwsSolutions-S1']]);
  });
});
