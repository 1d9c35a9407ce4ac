#!/usr/bin/env node
// Synthesizes every app CI checks: the reference app with its defaults, the reference app with
// every option its context offers turned on, and every example under examples/. Each app runs in
// its own `node` process, bundled with esbuild as cdk.json does (packages stay external, so the
// aws-cdk-lib found in ./node_modules is the one under test), with cdk.json's feature flags.
//
//   node .ci/synth-apps.js OUTROOT [name ...]
//
// Writes OUTROOT/<name>/ (a cloud assembly per app) and exits non-zero when any app fails to
// synthesize. Used by the cfn-lint step and by the aws-cdk-lib compatibility job (test/compat/run.sh),
// which runs it in a copy of the repository with another aws-cdk-lib.
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = process.cwd();

/** Every option of bin/reference-app.ts turned on (see the context list at its top). */
const REFERENCE_ALL_ON = {
  incidentEmail: 'oncall@example.com',
  alertEmail: 'alerts@example.com',
  domainName: 'app.example.org',
  hostedZoneId: 'Z0123456789ABCDEFGHIJ',
  hostedZoneName: 'example.org',
  vpnServerCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/vpn-server',
  vpnClientCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/vpn-clients',
  sftp: 'true',
  allowedEmailDomains: 'example.org',
  allowedAccounts: '111111111111',
};

/** The apps: name, entry file, extra context. */
function apps() {
  const list = [
    { name: 'reference', entry: 'bin/reference-app.ts', context: {} },
    { name: 'reference-all-on', entry: 'bin/reference-app.ts', context: REFERENCE_ALL_ON },
  ];
  for (const dir of fs.readdirSync(path.join(root, 'examples')).sort()) {
    const entry = path.join('examples', dir, 'app.ts');
    if (fs.existsSync(path.join(root, entry))) {
      list.push({ name: `example-${dir}`, entry, context: {} });
    }
  }
  return list;
}

/** The last n lines of a process output, each cut to 300 characters (bundled code makes long lines). */
function lastLines(text, n) {
  return (text || '').trimEnd().split('\n').slice(-n).map((l) => (l.length > 300 ? `${l.slice(0, 300)}...` : l)).join('\n') + '\n';
}

/** The failing rules of the validation report, if synthesis wrote one. */
function findings(outdir) {
  const file = path.join(outdir, 'validation-report.json');
  if (!fs.existsSync(file)) return '';
  const report = JSON.parse(fs.readFileSync(file, 'utf-8'));
  const lines = (report.pluginReports || []).flatMap((p) => (p.violations || []).map((v) =>
    `  ${p.pluginName}: ${v.ruleName}: ${(v.violatingConstructs || v.violatingResources || []).map((c) => c.constructPath || c.resourceLogicalId).join(', ')}`));
  return lines.length ? `findings:\n${lines.join('\n')}\n` : '';
}

/** Runs a command and resolves with { status, stdout, stderr } (output kept in memory, as spawnSync does). */
function runAsync(command, args, options) {
  return new Promise((resolve) => {
    const child = spawn(command, args, options);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', (e) => { stderr += String(e); });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Bundles and synthesizes one app; resolves with its failure text, or undefined when it synthesized. */
async function synthesize(app, { outroot, bundles, flags }) {
  const started = Date.now();
  const outdir = path.resolve(outroot, app.name);
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.mkdirSync(outdir, { recursive: true });
  const bundle = path.join(bundles, `${app.name}.js`);
  const build = spawnSync(path.join(root, 'node_modules/.bin/esbuild'), [
    app.entry, '--bundle', '--platform=node', '--target=node20', '--packages=external',
    '--alias:cdk-data-protection=./lib/index.ts', '--log-level=warning', `--outfile=${bundle}`,
  ], { cwd: root, encoding: 'utf-8' });
  let result = build;
  if (build.status === 0) {
    // No AWS credentials: synthesis must not need them.
    const env = { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify({ ...flags, ...app.context }) };
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'CDK_DEFAULT_ACCOUNT']) {
      delete env[name];
    }
    env.AWS_CONFIG_FILE = '/dev/null';
    env.AWS_SHARED_CREDENTIALS_FILE = '/dev/null';
    result = await runAsync(process.execPath, [bundle], { cwd: root, env });
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  // Templates of nested assemblies too: an app with a Stage (examples/organization) writes them under assembly-<stage>/.
  const templates = fs.existsSync(outdir)
    ? fs.readdirSync(outdir, { recursive: true }).filter((f) => String(f).endsWith('.template.json')) : [];
  if (result.status !== 0 || templates.length === 0) {
    return `FAIL ${app.name} (${seconds} s):\n${lastLines(result.stderr, 15)}${lastLines(result.stdout, 5)}${findings(outdir)}`;
  }
  console.log(`ok   ${app.name}: ${templates.length} templates (${seconds} s)`);
  return undefined;
}

async function main() {
  const [outroot, ...only] = process.argv.slice(2);
  if (!outroot) {
    console.error('usage: node .ci/synth-apps.js OUTROOT [name ...]');
    process.exit(2);
  }
  fs.mkdirSync(path.join(root, '.app'), { recursive: true });
  const flags = JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf-8')).context ?? {};
  // Bundles live in the repository (ignored .app/, as cdk.json's), so that `require('aws-cdk-lib')` finds ./node_modules.
  const bundles = fs.mkdtempSync(path.join(root, '.app', 'ci-'));
  // Slowest first (the reference app), then the examples; one app per core (SYNTH_JOBS overrides).
  const queue = apps().filter((a) => only.length === 0 || only.includes(a.name));
  const total = queue.length;
  const jobs = Math.max(1, Number(process.env.SYNTH_JOBS) || os.cpus().length);
  const failed = [];
  await Promise.all(Array.from({ length: Math.min(jobs, total) }, async () => {
    for (let app = queue.shift(); app; app = queue.shift()) {
      const failure = await synthesize(app, { outroot, bundles, flags });
      if (failure) {
        failed.push(app.name);
        console.error(failure);
      }
    }
  }));
  fs.rmSync(bundles, { recursive: true, force: true });
  if (failed.length > 0) {
    console.error(`${failed.length} of ${total} apps failed to synthesize: ${failed.join(', ')}`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
