// The outsider harness: the library as a new user gets it. It packs the library into a tarball,
// installs the tarball into a fresh app in a temporary directory outside the repository (with
// aws-cdk-lib, constructs, the CDK CLI, TypeScript, ts-node and tsx, as `cdk init` would), then
// synthesizes an app source file with `npx cdk synth` and runs the package's CLI there.
//
//   const h = require('./harness');
//   const tarball = h.packLibrary();             // needs the compiled lib/ (npx projen compile)
//   const app = h.createApp(tarball);            // one npm install, reused by every synthesis
//   const r = h.synth(app, 'path/to/app.ts', { runner: 'ts-node' });   // or 'tsx'
//   // r: { ok, status, stdout, stderr, outdir, templates: { StackName: template }, seconds }
//   const c = h.cli(app, ['whoami']);           // { status, stdout, stderr }
//
// Plain JavaScript on purpose: it runs in .ci/run after `npm test`, with no compile step of its own.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..');

/** The commands a `cdk.json` runs the app with: what older and newer `cdk init` templates write. */
const RUNNERS = {
  'ts-node': 'npx ts-node --prefer-ts-exts bin/app.ts',
  'tsx': 'npx tsx bin/app.ts',
};

/** The environment of every outsider command: no AWS credentials, no config, no CI hints. */
function outsiderEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_REGION',
    'AWS_DEFAULT_REGION', 'CDK_DEFAULT_ACCOUNT', 'CDK_DEFAULT_REGION', 'CDK_OUTDIR', 'CDK_CONTEXT_JSON', 'NODE_OPTIONS']) {
    delete env[name];
  }
  env.AWS_CONFIG_FILE = '/dev/null';
  env.AWS_SHARED_CREDENTIALS_FILE = '/dev/null';
  // Keep the CDK CLI quiet and offline: no notices, no version check.
  env.CDK_DISABLE_VERSION_CHECK = '1';
  return env;
}

function run(command, args, options = {}) {
  const started = Date.now();
  const result = spawnSync(command, args, { encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024, ...options });
  return {
    status: result.status,
    stdout: result.stdout ?? '',
    stderr: (result.stderr ?? '') + (result.error ? String(result.error) : ''),
    seconds: (Date.now() - started) / 1000,
  };
}

function must(result, what) {
  if (result.status !== 0) {
    throw new Error(`${what} failed (exit ${result.status}):\n${result.stderr.slice(-4000)}\n${result.stdout.slice(-2000)}`);
  }
  return result;
}

/**
 * Packs the library as `npm publish` would (`npm pack`, which honours .npmignore) into a temporary
 * directory and returns the tarball's path. The compiled JavaScript must be there (jsii compiles in place).
 */
function packLibrary(repo = REPO) {
  if (!fs.existsSync(path.join(repo, 'lib', 'index.js')) || !fs.existsSync(path.join(repo, '.jsii'))) {
    throw new Error(`no compiled library in ${repo}/lib: run \`npx projen compile\` (or npm test) first`);
  }
  const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-pack-'));
  const r = must(run('npm', ['pack', '--json', '--pack-destination', dest], { cwd: repo }), 'npm pack');
  const [info] = JSON.parse(r.stdout.slice(r.stdout.indexOf('[')));
  return path.join(dest, info.filename);
}

/** The files of a tarball (paths without the leading `package/`). */
function tarballFiles(tarball) {
  const r = must(run('tar', ['-tzf', tarball]), 'tar -t');
  return r.stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
}

/** The versions a fresh app installs: the ones the repository develops and tests on. */
function toolVersions(repo = REPO) {
  const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf-8'));
  const dev = pkg.devDependencies;
  return {
    'aws-cdk-lib': dev['aws-cdk-lib'],
    'constructs': pkg.peerDependencies.constructs,
    'aws-cdk': dev['aws-cdk'],
    'typescript': dev.typescript,
    'ts-node': dev['ts-node'],
    '@types/node': dev['@types/node'],
    'tsx': '^4',
  };
}

/**
 * A fresh app outside the repository with the tarball installed, as `cdk init app --language
 * typescript` lays it out (package.json, tsconfig.json, bin/). Returns `{ dir, versions }`.
 */
function createApp(tarball, options = {}) {
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-outsider-'));
  if (dir.startsWith(REPO + path.sep)) {
    throw new Error(`the outsider app must live outside the repository, got ${dir}`);
  }
  fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'outsider-app', version: '0.1.0', private: true }, null, 2));
  // The compiler options of `cdk init app --language typescript` (strict, no skipLibCheck).
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['es2022'], declaration: true, strict: true,
      noImplicitAny: true, strictNullChecks: true, noImplicitThis: true, alwaysStrict: true, noUnusedLocals: false,
      noUnusedParameters: false, noImplicitReturns: true, noFallthroughCasesInSwitch: false, inlineSourceMap: true,
      inlineSources: true, experimentalDecorators: true, strictPropertyInitialization: false, typeRoots: ['./node_modules/@types'],
    },
    exclude: ['node_modules', 'cdk.out'],
  }, null, 2));
  const versions = toolVersions();
  const specs = [tarball, ...Object.entries(versions).map(([name, v]) => `${name}@${v}`)];
  const r = must(run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...specs], { cwd: dir, env: outsiderEnv() }),
    'npm install of the tarball into the fresh app');
  return { dir, versions, installSeconds: r.seconds };
}

/**
 * Synthesizes `source` (an app file that imports 'cdk-data-protection') in the fresh app with
 * `npx cdk synth`, run by ts-node --prefer-ts-exts or tsx as its cdk.json says.
 *
 * @returns { ok, status, stdout, stderr, outdir, templates, seconds }
 */
function synth(app, source, options = {}) {
  const runner = options.runner ?? 'ts-node';
  if (!RUNNERS[runner]) {
    throw new Error(`runner must be one of ${Object.keys(RUNNERS).join(', ')}, got '${runner}'`);
  }
  fs.copyFileSync(source, path.join(app.dir, 'bin', 'app.ts'));
  fs.writeFileSync(path.join(app.dir, 'cdk.json'), JSON.stringify({ app: RUNNERS[runner], context: options.context ?? {} }, null, 2));
  const outdir = path.join(app.dir, 'cdk.out');
  fs.rmSync(outdir, { recursive: true, force: true });
  const r = run('npx', ['cdk', 'synth', '--quiet', ...(options.args ?? [])], { cwd: app.dir, env: outsiderEnv(options.env) });
  const templates = {};
  if (fs.existsSync(outdir)) {
    for (const f of fs.readdirSync(outdir).filter((n) => n.endsWith('.template.json'))) {
      templates[f.replace(/\.template\.json$/, '')] = JSON.parse(fs.readFileSync(path.join(outdir, f), 'utf-8'));
    }
  }
  return { ok: r.status === 0 && Object.keys(templates).length > 0, ...r, outdir, templates };
}

/**
 * Runs `npx cdk-data-protection ...args` in the fresh app, with no credentials.
 * `nodeDir` puts another node binary first on PATH (the CLI's shebang is `env node`).
 */
function cli(app, args, options = {}) {
  const extra = options.nodeDir ? { PATH: `${options.nodeDir}${path.delimiter}${process.env.PATH}` } : {};
  return run('npx', ['--no-install', 'cdk-data-protection', ...args], { cwd: app.dir, env: outsiderEnv({ ...extra, ...options.env }) });
}

module.exports = { REPO, RUNNERS, packLibrary, tarballFiles, toolVersions, createApp, synth, cli, outsiderEnv };
