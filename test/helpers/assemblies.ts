import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CloudFormationValidatePlugin, Validations } from 'aws-cdk-lib';
import { NagPack } from 'cdk-nag';
import { GuardReportCheck } from '../../lib/private/guard-report-check';

/**
 * The apps whose templates the reliability tests check (test/reliability/stateful.test.ts and
 * schema.test.ts): the deployable reference app and every example, each synthesized once per
 * test run and shared by every test file through a directory in the system temp dir.
 *
 * Each app is a module that builds an App and calls `app.synth()` itself; the App writes to
 * `process.env.CDK_OUTDIR`, which the helper sets. Add a line to `EXTRA_APPS` to check another
 * app (a TenantFleet app, for instance): the manifest of stateful resources and the schema check
 * then cover it with no other change.
 */
export interface AppSource {
  /** A stable name: the key of the app in test/reliability/stateful-manifest.json. */
  readonly name: string;
  /** The module that synthesizes the app, relative to the repository root (no extension). */
  readonly entry: string;
}

/** One stack of a synthesized app. */
export interface SynthesizedStack {
  /** The app's name (`reference`, `examples/quick-start`). */
  readonly app: string;
  /** The stack's artifact id, which is also its template file's base name. */
  readonly stack: string;
  /** The template file as the CDK CLI uploads it. */
  readonly templateFile: string;
  /** The template's size in bytes, as written to the file (what CloudFormation counts). */
  readonly templateBytes: number;
  /** The parsed template. */
  readonly template: any;
}

/** One synthesized app. */
export interface SynthesizedApp {
  readonly name: string;
  /** The cloud assembly directory. */
  readonly directory: string;
  readonly stacks: SynthesizedStack[];
  /** The parsed validation-report.json, when the synthesis wrote one. */
  readonly validationReport?: any;
  /** The template files (absolute) that aws-cdk-lib's CloudFormation Validate plugin validated during the synthesis. */
  readonly cfnValidated: string[];
  /** Why the app failed to synthesize, if it did before writing its cloud assembly (its stacks are then empty). */
  readonly error?: string;
}

const ROOT = path.join(__dirname, '..', '..');

/** More apps to check: the extension point (e.g. `{ name: 'tenant-fleet', entry: 'examples/tenant-fleet/app' }`). */
export const EXTRA_APPS: AppSource[] = [];

/** The reference app, every example (each directory of examples/ with an app.ts), then `EXTRA_APPS`. */
export function appSources(): AppSource[] {
  const examples = fs.readdirSync(path.join(ROOT, 'examples'))
    .filter((dir) => fs.existsSync(path.join(ROOT, 'examples', dir, 'app.ts')))
    .sort()
    .map((dir) => ({ name: `examples/${dir}`, entry: `examples/${dir}/app` }));
  return [{ name: 'reference', entry: 'bin/reference-app' }, ...examples, ...EXTRA_APPS];
}

const VALIDATED_FILE = 'cfn-validate-templates.json';
const ERROR_FILE = 'synthesis-error.txt';
/** How long the synthesis of every app may take (the first test file runs it, the others wait): give it to `beforeAll`. */
export const SYNTHESIS_TIMEOUT_MS = 10 * 60 * 1000;
const WAIT_LIMIT_MS = SYNTHESIS_TIMEOUT_MS - 10_000;

/**
 * Every app of `appSources()`, synthesized once per test run (the first test file to ask does
 * it, the others wait for it and read the result).
 *
 * The apps run as they are, with the context of cdk.json (as `npx cdk synth` from the repository
 * root gives it), and one difference: the compliance packs (cdk-nag and the Control
 * Tower guard) are constructed (so the templates carry the acknowledgements they write, byte for
 * byte) but not run, which saves 10-20 s per app; test/examples/ and test/stacks/ run them.
 * aws-cdk-lib's built-in CloudFormation Validate plugin runs when `process.env.CDK_VALIDATION`
 * is not `'false'` at the time of synthesis (schema.test.ts turns it on; test/setup-env.ts
 * turns it off): the helper always turns it on while it synthesizes, so the shared
 * validation-report.json holds its report whichever test file synthesized first.
 */
export async function synthesizedApps(): Promise<SynthesizedApp[]> {
  const sources = appSources();
  const dir = cacheDirectory(sources);
  let owner = false;
  try {
    fs.mkdirSync(dir);
    owner = true;
  } catch (e: any) {
    if (e.code !== 'EEXIST') throw e;
  }
  const done = path.join(dir, 'done.json');
  const failed = path.join(dir, 'failed.txt');
  if (owner) {
    try {
      synthesizeAll(sources, dir);
      fs.writeFileSync(done, JSON.stringify(sources.map((s) => s.name)));
    } catch (e: any) {
      fs.writeFileSync(failed, String(e?.stack ?? e));
      throw e;
    }
  } else {
    const start = Date.now();
    while (!fs.existsSync(done)) {
      if (fs.existsSync(failed)) {
        throw new Error(`the apps failed to synthesize in another test file:\n${fs.readFileSync(failed, 'utf-8')}`);
      }
      if (Date.now() - start > WAIT_LIMIT_MS) {
        throw new Error(`waited ${WAIT_LIMIT_MS / 1000} s for another test file to synthesize the apps into ${dir}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  const validated: string[] = JSON.parse(fs.readFileSync(path.join(dir, VALIDATED_FILE), 'utf-8')).map((t: string) => path.join(dir, t));
  return sources.map((s) => readApp(s.name, path.join(dir, appDirName(s.name)), validated));
}

/** Runs every app into `dir/<name>` with the packs constructed but not run and CloudFormation Validate on. */
function synthesizeAll(sources: AppSource[], dir: string): void {
  const original = Validations.prototype.addPlugins;
  const spy = jest.spyOn(Validations.prototype, 'addPlugins').mockImplementation(function (this: Validations, ...plugins) {
    const kept = plugins.filter((p) => !(p instanceof NagPack) && !(p instanceof GuardReportCheck));
    original.apply(this, kept);
  });
  // Which templates aws-cdk-lib's CloudFormation Validate plugin read: its report lists no plugin that found nothing.
  const validated: string[] = [];
  const validate = CloudFormationValidatePlugin.prototype.validate;
  const validateSpy = jest.spyOn(CloudFormationValidatePlugin.prototype, 'validate').mockImplementation(function (this: CloudFormationValidatePlugin, context) {
    validated.push(...context.templatePaths.map((t) => path.relative(dir, t)));
    return validate.call(this, context);
  });
  // An App created while CDK_OUTDIR is set registers a beforeExit listener that synthesizes it again: drop them after.
  const exitListeners = process.listeners('beforeExit');
  process.setMaxListeners(process.getMaxListeners() + sources.length);
  const validation = process.env.CDK_VALIDATION;
  process.env.CDK_VALIDATION = 'true';
  // The context of cdk.json (feature flags), as `npx cdk synth` passes it from the repository root.
  process.env.CDK_CONTEXT_JSON = JSON.stringify(JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf-8')).context ?? {});
  const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    for (const source of sources) {
      const outdir = path.join(dir, appDirName(source.name));
      process.env.CDK_OUTDIR = outdir;
      try {
        // Each entry module runs once per module registry: the test files each have their own.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require(path.join(ROOT, source.entry));
      } catch (e: any) {
        // One broken app fails its own tests, not the others'.
        fs.mkdirSync(outdir, { recursive: true });
        fs.writeFileSync(path.join(outdir, ERROR_FILE), String(e?.stack ?? e));
      }
    }
  } finally {
    delete process.env.CDK_OUTDIR;
    delete process.env.CDK_CONTEXT_JSON;
    if (validation === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = validation;
    process.listeners('beforeExit').filter((l) => !exitListeners.includes(l)).forEach((l) => process.removeListener('beforeExit', l));
    process.setMaxListeners(process.getMaxListeners() - sources.length);
    spy.mockRestore();
    validateSpy.mockRestore();
    consoleError.mockRestore();
  }
  fs.writeFileSync(path.join(dir, VALIDATED_FILE), JSON.stringify(validated.sort()));
}

/** The stacks of the cloud assembly at `directory`, nested assemblies included, sorted by artifact id. */
function readApp(name: string, directory: string, validated: string[]): SynthesizedApp {
  // An app that throws after `app.synth()` (the reference app refuses violated claims) has written
  // its templates: they are checked here, and the claims are test/stacks' business.
  const errorFile = path.join(directory, ERROR_FILE);
  if (fs.existsSync(errorFile) && !fs.existsSync(path.join(directory, 'manifest.json'))) {
    return { name, directory, stacks: [], cfnValidated: [], error: fs.readFileSync(errorFile, 'utf-8') };
  }
  const stacks: SynthesizedStack[] = [];
  collectStacks(name, directory, stacks);
  stacks.sort((a, b) => byCodePoint(a.stack, b.stack));
  const reportFile = path.join(directory, 'validation-report.json');
  const validationReport = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf-8')) : undefined;
  const cfnValidated = validated.filter((t) => t.startsWith(directory + path.sep));
  return { name, directory, stacks, validationReport, cfnValidated };
}

function collectStacks(app: string, directory: string, into: SynthesizedStack[]): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(directory, 'manifest.json'), 'utf-8'));
  for (const [id, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact.type === 'aws:cloudformation:stack') {
      const templateFile = path.join(directory, artifact.properties.templateFile);
      const text = fs.readFileSync(templateFile, 'utf-8');
      into.push({ app, stack: id, templateFile, templateBytes: Buffer.byteLength(text), template: JSON.parse(text) });
    } else if (artifact.type === 'cdk:cloud-assembly') {
      collectStacks(app, path.join(directory, artifact.properties.directoryName), into);
    }
  }
}

function appDirName(name: string): string {
  return name.replace(/[^A-Za-z0-9-]/g, '_');
}

/**
 * `<tmp>/cdp-assemblies-<run>-<sources>`: one directory per test run (the jest process whose
 * workers share it) and per content of the sources that shape the templates (watch mode).
 * Directories of runs whose process has ended are removed.
 */
function cacheDirectory(sources: AppSource[]): string {
  // A jest worker is a child process of the run (with an IPC channel); in band, the run is this process.
  const run = process.send ? process.ppid : process.pid;
  const hash = crypto.createHash('sha256');
  for (const file of sourceFiles()) {
    hash.update(file).update(fs.readFileSync(file));
  }
  hash.update(JSON.stringify(sources));
  const tmp = os.tmpdir();
  for (const entry of fs.readdirSync(tmp)) {
    const match = /^cdp-assemblies-(\d+)-/.exec(entry);
    if (match && Number(match[1]) !== run && !alive(Number(match[1]))) {
      fs.rmSync(path.join(tmp, entry), { recursive: true, force: true });
    }
  }
  return path.join(tmp, `cdp-assemblies-${run}-${hash.digest('hex').slice(0, 16)}`);
}

/** The TypeScript sources of lib/, bin/ and examples/, cdk.json and this helper. */
function sourceFiles(): string[] {
  const files: string[] = [__filename];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) files.push(full);
    }
  };
  ['lib', 'bin', 'examples'].forEach((d) => walk(path.join(ROOT, d)));
  files.push(path.join(ROOT, 'cdk.json'));
  return files.sort();
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e: any) {
    return e.code === 'EPERM';
  }
}

/** The app named `name` of `apps`; throws why it failed to synthesize, if it did. */
export function appNamed(apps: SynthesizedApp[], name: string): SynthesizedApp {
  const app = apps.find((a) => a.name === name);
  if (!app) {
    throw new Error(`no app named ${name}: the apps are ${apps.map((a) => a.name).join(', ')}`);
  }
  if (app.error !== undefined) {
    throw new Error(`${name} failed to synthesize:\n${app.error}`);
  }
  return app;
}

/** Compares strings by UTF-16 code units: the same order on every machine, whatever its locale. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
