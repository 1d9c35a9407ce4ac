import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, PolicyValidationPluginReport, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { templatesOf, violatingTemplates } from './guard-fixtures';
import { OffsiteBackupStack, ReferenceStack } from '../../lib';
import { FocusedGuardValidator } from '../../lib/private/focused-guard';
import { MIN_RULES_PER_PROCESS, mergeReports, ruleGroups, validateInParallel } from '../../lib/private/parallel-guard';
import { DEFAULT_POLICY } from '../helpers/compliance';

const outdir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'parallel-guard-'));

/** What one cfn-guard run over every rule file reports: the plugin as it is. */
function oneRun(rules: string[], templatePaths: string[]): PolicyValidationPluginReport {
  const validator = new CfnGuardValidator({ controlTowerRulesEnabled: false, rules });
  return validator.validate({ templatePaths } as any) as unknown as PolicyValidationPluginReport;
}

/** The resource types of the templates, for the rule files the Control Tower plugin gives cfn-guard. */
function typesOf(templatePaths: string[]): Set<string> {
  return new Set(templatePaths.flatMap((t) => Object.values<any>(JSON.parse(fs.readFileSync(t, 'utf-8')).Resources ?? {}).map((r) => String(r.Type))));
}

/** Every Control Tower rule file the validator bundles, in the order it lists them. */
const RULES_DIRECTORY = path.join(path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')), 'rules', 'control-tower', 'cfn-guard');
const ALL_RULES = fs.readdirSync(RULES_DIRECTORY, { recursive: true, encoding: 'utf-8' }).filter((f) => f.endsWith('.guard')).sort().map((f) => path.join(RULES_DIRECTORY, f));

describe('S2-15 the Control Tower guard split between cfn-guard processes reports what one run reports', () => {
  let violating: string[];
  let reference: string[];

  beforeAll(() => {
    // GIVEN two stacks of plain aws-cdk-lib resources, many of which break Control Tower controls
    violating = violatingTemplates('parallel-guard-', lambda.Runtime.NODEJS_22_X);

    // AND the reference app's three stacks (bin/reference-app.ts): the stack and its two off-site stacks
    const app = new App({ outdir: outdir() });
    const policy = { ...DEFAULT_POLICY, backupCopyRegions: ['us-east-2', 'us-west-2'] };
    const offsite = policy.backupCopyRegions.map((region) => new OffsiteBackupStack(app, `Offsite-${region}`, { policy, region }));
    const stack = new ReferenceStack(app, 'Reference', { policy, backupCopyTargets: offsite.map((s) => s.vault.asCopyTarget()) });
    offsite.forEach((s) => stack.addStackDependency(s));
    reference = templatesOf(app);
  });

  test.each([2, 3, 7])('on templates with known violations, every bundled rule file in %i processes: the same report, violation for violation, in the same order', (processes) => {
    // WHEN
    const single = oneRun(ALL_RULES, violating);
    const parallel = validateInParallel(ALL_RULES, violating, { processes });

    // THEN the same rules, resources, locations, messages and order; several of them, in both templates
    expect(ruleGroups(ALL_RULES, processes)).toHaveLength(processes);
    expect(single.success).toBe(false);
    expect(single.violations.length).toBeGreaterThan(10);
    expect(new Set(single.violations.map((v) => v.violatingResources[0].templatePath))).toEqual(new Set(violating));
    expect(parallel).toEqual(single);
  });

  test('on the reference app\'s templates, with the rule files the Control Tower plugin gives cfn-guard: the same report', () => {
    // GIVEN
    const rules = new FocusedGuardValidator().rulesFor(typesOf(reference));

    // WHEN
    const single = oneRun(rules, reference);
    const parallel = validateInParallel(rules, reference, { processes: 2 });

    // THEN
    expect(rules.length).toBeGreaterThan(2 * MIN_RULES_PER_PROCESS);
    expect(parallel).toEqual(single);
  });

  test('a template that passes every rule passes in parallel too', () => {
    // GIVEN a bucket that passes the S3 rules it is checked against
    const rules = ALL_RULES.filter((f) => path.basename(f) === 'ct-s3-pr-1.guard');
    const app = new App({ outdir: outdir() });
    new s3.Bucket(new Stack(app, 'Blocked'), 'Bucket', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });
    const templates = templatesOf(app);

    // WHEN (the rule file repeated, so that there are enough for two processes)
    const report = validateInParallel(Array(2 * MIN_RULES_PER_PROCESS).fill(rules[0]), templates, { processes: 2 });

    // THEN
    expect(report).toEqual({ success: true, violations: [] });
  });

  test('a cfn-guard failure in one process fails the whole run with the plugin\'s message', () => {
    // GIVEN a rule file on which cfn-guard stops (it calls a rule that does not exist), in the second group
    const broken = path.join(outdir(), 'broken.guard');
    fs.writeFileSync(broken, 'rule broken { no_such_rule(Resources) }\n');
    const rules = [...ALL_RULES.slice(0, 2 * MIN_RULES_PER_PROCESS - 1), broken];
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);

    // WHEN / THEN
    try {
      expect(() => oneRun(rules, violating)).toThrow(/CfnGuardValidator plugin failed processing cfn-guard results/);
      expect(() => validateInParallel(rules, violating, { processes: 2 })).toThrow(/CfnGuardValidator plugin failed processing cfn-guard results/);
      // AND cfn-guard's own error output reaches stderr, from the worker as from one run
      expect(stderr.mock.calls.filter(([chunk]) => String(chunk).includes('no_such_rule'))).toHaveLength(2);
    } finally {
      stderr.mockRestore();
    }
  });
});

describe('splitting and merging', () => {
  test('splits the rule files in consecutive, even groups, one per process, never fewer than the minimum per group', () => {
    // GIVEN
    const rules = Array.from({ length: 79 }, (_, i) => `r${i}`);

    // WHEN
    const two = ruleGroups(rules, 2);
    const many = ruleGroups(rules, 64);

    // THEN
    expect(two.map((g) => g.length)).toEqual([39, 40]);
    expect(two.flat()).toEqual(rules);
    expect(many).toHaveLength(Math.floor(79 / MIN_RULES_PER_PROCESS));
    expect(many.flat()).toEqual(rules);
    expect(ruleGroups(rules.slice(0, 2 * MIN_RULES_PER_PROCESS - 1), 2)).toHaveLength(1);
    expect(ruleGroups(rules, 1)).toEqual([rules]);
    expect(ruleGroups([], 4)).toEqual([[]]);
  });

  test('merges by template in the order given, each template\'s violations in the order of the groups; fails when one group fails', () => {
    // GIVEN
    const violation = (rule: string, template: string) => ({
      ruleName: rule, description: rule, fix: 'fix', violatingResources: [{ resourceLogicalId: 'R', templatePath: template, locations: [] }],
    });
    const first = { success: false, violations: [violation('a', 't1'), violation('b', 't2')] };
    const second = { success: true, violations: [] };
    const third = { success: false, violations: [violation('c', 't1'), violation('d', 't2')] };

    // WHEN
    const merged = mergeReports([first, second, third], ['t1', 't2']);

    // THEN
    expect(merged.success).toBe(false);
    expect(merged.violations.map((v) => v.ruleName)).toEqual(['a', 'c', 'b', 'd']);
    expect(mergeReports([second, second], ['t1']).success).toBe(true);
  });
});
