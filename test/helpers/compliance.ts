import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, StackProps } from 'aws-cdk-lib';
import { ComplianceChecks, DataProtectionPolicy, DataProtectionPolicyProps } from '../../lib';

/** A finding as the validation report lists it. */
export interface Finding {
  readonly plugin: string;
  readonly rule: string;
  readonly paths: string[];
  readonly description: string;
}

/** An app with every compliance pack, synthesizing into a fresh temporary directory. */
export function checkedApp(): App {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-test-')) });
  ComplianceChecks.apply(app);
  return app;
}

/** The policy most tests use: the library defaults plus a contact and a region. */
export const DEFAULT_POLICY: DataProtectionPolicyProps = {
  securityContact: 'security@example.com',
  region: 'us-east-1',
};

/** A stack in us-east-1 (no account: no lookups) holding a policy. */
export function stackWithPolicy(app: App = new App(), policy: Partial<DataProtectionPolicyProps> = {}, props: StackProps = {}): Stack {
  const stack = new Stack(app, 'TestStack', { env: { region: 'us-east-1' }, ...props });
  new DataProtectionPolicy(stack, 'Policy', { ...DEFAULT_POLICY, ...policy });
  return stack;
}

/**
 * Synthesizes `app` and returns every unacknowledged finding of every pack.
 * An empty array means the app passed all checks.
 */
export function findings(app: App): Finding[] {
  let error: unknown;
  try {
    app.synth({ force: true });
  } catch (e) {
    error = e;
  }
  const reportPath = path.join(app.outdir, 'validation-report.json');
  if (!fs.existsSync(reportPath)) {
    if (error) {
      throw error;
    }
    return [];
  }
  const report = JSON.parse(fs.readFileSync(reportPath, 'utf-8'));
  const result: Finding[] = [];
  for (const plugin of report.pluginReports ?? []) {
    // A plugin that crashed reports no violation: "no findings" must not pass for it.
    if (plugin.metadata?.error) {
      throw new Error(`validation plugin ${plugin.pluginName} failed: ${plugin.metadata.error}`);
    }
    for (const v of plugin.violations ?? []) {
      result.push({
        plugin: plugin.pluginName,
        rule: v.ruleName,
        paths: (v.violatingConstructs ?? v.violatingResources ?? []).map((c: any) => c.constructPath ?? c.resourceLogicalId),
        description: v.description,
      });
    }
  }
  if (error && result.length === 0) {
    throw error;
  }
  return result;
}

/** The template of `stackName` as written to `app.outdir` by the last synthesis (read even when validation failed). */
export function writtenTemplate(app: App, stackName: string): any {
  return JSON.parse(fs.readFileSync(path.join(app.outdir, `${stackName}.template.json`), 'utf-8'));
}

/** Asserts that `app` synthesizes with no unacknowledged finding; prints the findings when it does not. */
export function expectNoUnacknowledgedFindings(app: App): void {
  const found = findings(app);
  if (found.length > 0) {
    const text = found.map((f) => `  [${f.plugin}] ${f.rule}: ${f.paths.join(', ')}\n      ${f.description.slice(0, 200)}`).join('\n');
    throw new Error(`expected no unacknowledged findings, got ${found.length}:\n${text}`);
  }
}

/** The error `fn` throws (fails the test when it throws nothing). */
export function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error, none was thrown');
}

/**
 * Runs the example app at `example` (relative to the repository root) in a fresh output
 * directory and returns that directory. The app calls `app.synth()`, which throws on any
 * unacknowledged finding and, once the evidence report is written, on any violated promise.
 *
 * @param knownViolations the promises the example is known to violate (the synthesis fails on exactly those)
 */
export function synthExample(example: string, knownViolations: string[] = []): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-example-'));
  process.env.CDK_OUTDIR = outdir;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    jest.isolateModules(() => require(path.join(__dirname, '..', '..', example)));
  } catch (e: any) {
    // The synthesis fails on a violated promise (the report is written first): tolerated only for
    // the known violations named here, exactly those, so the tests can still read the report.
    const violated = /the templates violate promises ([^:]+):/.exec(String(e?.message));
    if (!violated || knownViolations.length === 0 || violated[1] !== knownViolations.join(', ')) {
      throw e;
    }
  } finally {
    delete process.env.CDK_OUTDIR;
  }
  return outdir;
}
