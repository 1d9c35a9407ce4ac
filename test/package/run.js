#!/usr/bin/env node
// The package test (called by .ci/run after `npm test`, which compiles lib/): packs the library,
// checks what the tarball ships, installs it into a fresh app outside the repository and
// synthesizes outsider apps with ts-node --prefer-ts-exts and with tsx, then runs every CLI
// subcommand there with no AWS credentials.
//
//   node test/package/run.js [--node-dir DIR ...]   # DIR: a directory holding another `node` for the CLI rows
//
// Outsider rows: add { name, source, runner, expect(result) } to SYNTH_ROWS; `expect` throws on a
// wrong result (see harness.js for what `synth` returns).
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const h = require('./harness');

const QUICK_START = path.join(h.REPO, 'examples', 'quick-start', 'app.ts');

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** A synthesis that must pass with the given stacks and no module-resolution error. */
function synthesizes(...stacks) {
  return (r) => {
    assert(r.ok, `synthesis failed (exit ${r.status}):\n${r.stderr.slice(-3000)}`);
    assert(!/ERR_MODULE_NOT_FOUND|Cannot find module/.test(r.stderr), `module resolution error:\n${r.stderr.slice(-3000)}`);
    for (const s of stacks) assert(r.templates[s], `no template for stack ${s}: got ${Object.keys(r.templates).join(', ')}`);
  };
}

/** The report `npx cdk synth` wrote into the app's cloud assembly. */
function reportOf(r) {
  const file = path.join(r.outdir, 'evidence-report.json');
  assert(fs.existsSync(file), `no evidence report in ${r.outdir}: cdk synth must write it without extra code`);
  return JSON.parse(fs.readFileSync(file, 'utf-8'));
}

/** Issue 18: an app of the user's own, with promises of its own and a custom promise, gets its report from `cdk synth`. */
function ownPageProven(r) {
  synthesizes('OwnPage')(r);
  const report = reportOf(r);
  const verdicts = Object.fromEntries(report.claims.map((c) => [c.id, c.verdict]));
  assert(report.claims.length === 4, `four promises expected, got ${JSON.stringify(verdicts)}`);
  assert(report.claims.every((c) => c.verdict === 'PROVEN'), `every promise PROVEN expected, got ${JSON.stringify(verdicts)}`);
  const custom = report.claims.find((c) => c.id === 'no-public-buckets');
  assert(custom && custom.text === 'No storage bucket is public.' && custom.facts.length > 0, `the custom promise with its facts expected: ${JSON.stringify(custom)}`);
  assert(report.claims.some((c) => /90 days/.test(c.text)) && report.claims.some((c) => /365 days/.test(c.text)),
    `application logs 90 days and the audit trail 365 days expected: ${report.claims.map((c) => c.text).join(' | ')}`);
  for (const f of ['trust-page.md', 'trust-page.html', 'architecture.svg', 'processing-register.md', 'evidence-report.md', 'evidence-report.sarif']) {
    assert(fs.existsSync(path.join(r.outdir, f)), `${f} not written by cdk synth`);
  }
}

/** Issue 20: one row per class, from outside; the error names the prop and the value, and nothing of the refused construct is left. */
const HOSTILE = {
  'refuse-first': { error: /Access: piiAccessPrincipals must be .*got '\*'/, leftover: 'AWS::IAM::Role' },
  'wrong-place': { error: /Bucket: .*eu-west-1.*us-east-1|Bucket: .*us-east-1.*eu-west-1/, leftover: 'AWS::S3::Bucket' },
  'restrict-nothing': { error: /Access: requireSourceIps must name the admin network.*got '0\.0\.0\.0\/0'/, leftover: 'AWS::IAM::Role' },
  'naming': { error: /Bucket: dataClass must be a DataClass .*got 'customer-data' \(a string\)/, leftover: 'AWS::S3::Bucket' },
};
function hostileRefused(r) {
  assert(r.ok, `the app that catches every refusal must still synthesize (exit ${r.status}):\n${r.stderr.slice(-3000)}`);
  const results = JSON.parse(fs.readFileSync(path.join(r.outdir, 'hostile-results.json'), 'utf-8'));
  assert(results.length === Object.keys(HOSTILE).length, `one result per class expected, got ${results.length}`);
  for (const res of results) {
    const want = HOSTILE[res.row];
    assert(res.name === 'DataProtectionError', `${res.row}: DataProtectionError expected, got ${res.name}: ${res.message}`);
    assert(want.error.test(res.message), `${res.row}: message ${JSON.stringify(res.message)} does not match ${want.error}`);
    const template = r.templates[res.stack];
    assert(template, `${res.row}: no template for ${res.stack}`);
    const left = Object.entries(template.Resources ?? {}).filter(([, x]) => x.Type === want.leftover).map(([id]) => id);
    assert(left.length === 0, `${res.row}: the refused construct left ${want.leftover} ${left.join(', ')}`);
  }
}

/** A synthesis that must fail, with output matching `why` (what the user is told). */
function refused(why) {
  return (r) => {
    assert(!r.ok || r.status !== 0, `synthesis must fail, but it passed:\n${r.stdout.slice(-2000)}`);
    assert(why.test(r.stdout + r.stderr), `the failure must say ${why}, got:\n${(r.stdout + r.stderr).slice(-3000)}`);
  };
}

/** The outsider apps: each synthesized in the fresh app. */
// The quick start comes last: the CLI rows read the cloud assembly it leaves.
const SYNTH_ROWS = [
  { name: 'an own page with a custom promise gets its report from cdk synth', source: path.join(__dirname, 'apps', 'own-page.ts'), runner: 'tsx', expect: ownPageProven },
  { name: 'hostile input, one row per class, refused with nothing left', source: path.join(__dirname, 'apps', 'hostile-inputs.ts'), runner: 'tsx', expect: hostileRefused },
  {
    name: 'an open Control Tower finding fails synthesis although another one is acknowledged',
    source: path.join(__dirname, 'apps', 'open-finding.ts'),
    runner: 'tsx',
    expect: (r) => {
      refused(/ERROR \[CT\.S3\./)(r);
      assert(!/\[CT\.S3\.PR\.2\]/.test(r.stdout + r.stderr), 'the acknowledged finding (CT.S3.PR.2, server access logs) must not be reported');
    },
  },
  {
    name: 'an escape hatch that breaks a claimed promise (S2-03) fails synthesis',
    source: path.join(__dirname, 'apps', 'escape-hatch.ts'),
    runner: 'tsx',
    expect: refused(/the templates violate promises S2-03/),
  },
  {
    name: 'plain aws-cdk-lib constructs under the property injectors get the defaults, and the report proves them',
    source: path.join(__dirname, 'apps', 'plain-injectors.ts'),
    runner: 'tsx',
    expect: (r) => {
      synthesizes('PlainApp')(r);
      const bucket = Object.values(r.templates.PlainApp.Resources).find((x) => x.Type === 'AWS::S3::Bucket');
      assert(bucket.Properties.BucketEncryption && bucket.Properties.VersioningConfiguration?.Status === 'Enabled',
        `the injected encryption and versioning expected on the plain bucket: ${JSON.stringify(bucket.Properties)}`);
      const report = reportOf(r);
      const verdicts = Object.fromEntries(report.claims.map((c) => [c.id, c.verdict]));
      assert(['S0-06', 'S2-03', 'S1-01'].every((id) => verdicts[id] === 'PROVEN'), `S0-06, S2-03 and S1-01 PROVEN expected, got ${JSON.stringify(verdicts)}`);
    },
  },
  {
    name: 'an expired acknowledgement fails synthesis, naming its rule, path and owner',
    source: path.join(__dirname, 'apps', 'expired-acknowledgement.ts'),
    runner: 'tsx',
    expect: refused(/acknowledgement of AwsSolutions-S1 at Ledger\/Plain \(owner: storage team\) expired on 2026-06-30/),
  },
  { name: 'quick-start (README) with ts-node --prefer-ts-exts', source: QUICK_START, runner: 'ts-node', expect: synthesizes('Recordings') },
  { name: 'quick-start (README) with tsx', source: QUICK_START, runner: 'tsx', expect: synthesizes('Recordings') },
];

/** A copy of the app's cloud assembly whose template is cut in half. */
function truncatedCopy(app) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-truncated-'));
  fs.cpSync(path.join(app.dir, 'cdk.out'), dir, { recursive: true });
  const file = path.join(dir, 'Recordings.template.json');
  const text = fs.readFileSync(file, 'utf-8');
  fs.writeFileSync(file, text.slice(0, Math.floor(text.length / 2)));
  return dir;
}

/** What the CLI must do in the fresh app (run after the last synthesis, which leaves cdk.out). */
function cliRows(app, nodeVersion) {
  const sdkWarning = /NodeVersionSupportWarning|NodeDeprecationWarning|DeprecationWarning/;
  const supported = Number(nodeVersion.replace(/^v/, '').split('.')[0]) >= 22;
  const noCredentials = (r) => {
    assert(r.status === 1, `exit 1 expected, got ${r.status}:\n${r.stderr}`);
    assert(/no AWS credentials found/.test(r.stderr), `our no-credentials message expected:\n${r.stderr}`);
    assert(!/\n\s+at /.test(r.stderr), `no stack trace expected:\n${r.stderr}`);
    if (supported) assert(!sdkWarning.test(r.stderr), `no Node.js warning expected on ${nodeVersion}:\n${r.stderr}`);
  };
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-evidence-'));
  return [
    {
      name: 'evidence cdk.out',
      args: ['evidence', 'cdk.out', '--out', out, '--format', 'md,json,sarif'],
      expect: (r) => {
        assert(r.status === 0, `exit 0 expected, got ${r.status}:\n${r.stderr}`);
        for (const f of ['evidence-report.md', 'evidence-report.json', 'evidence-report.sarif']) {
          assert(fs.existsSync(path.join(out, f)), `${f} not written`);
        }
        const report = JSON.parse(fs.readFileSync(path.join(out, 'evidence-report.json'), 'utf-8'));
        assert(report.summary.proven > 0 && report.claims.every((c) => c.verdict !== 'VIOLATED'), 'every claim of the quick start proven');
        if (supported) assert(!sdkWarning.test(r.stderr), `no Node.js warning expected:\n${r.stderr}`);
      },
    },
    {
      // Issue 20, broken assemblies from outside: a truncated template is named, exit 2, no report.
      name: 'evidence on a truncated template',
      args: ['evidence', truncatedCopy(app), '--out', path.join(out, 'broken'), '--format', 'json'],
      expect: (r) => {
        assert(r.status === 2, `exit 2 expected, got ${r.status}:\n${r.stderr}`);
        assert(/Recordings\.template\.json/.test(r.stderr) && r.stderr.trim().split('\n').length === 1, `one line naming the file expected:\n${r.stderr}`);
        assert(!fs.existsSync(path.join(out, 'broken', 'evidence-report.json')), 'no report may be written for a broken assembly');
      },
    },
    { name: 'whoami with no credentials', args: ['whoami', '--region', 'us-east-1'], expect: noCredentials },
    {
      // Issue 22: observe loads its bundled AWS SDK clients, then stops before any read: exit 2.
      name: 'observe with no credentials',
      args: ['observe', 'cdk.out', '--region', 'us-east-1', '--out', path.join(out, 'observed')],
      expect: (r) => {
        assert(r.status === 2, `exit 2 expected, got ${r.status}:\n${r.stderr}`);
        assert(/no AWS credentials found/.test(r.stderr) && !/\n\s+at /.test(r.stderr), `our no-credentials message, no stack trace expected:\n${r.stderr}`);
      },
    },
    {
      name: 'mfa-session with no credentials',
      args: ['mfa-session', '--role-arn', 'arn:aws:iam::111111111111:role/Deploy', '--serial-number',
        'arn:aws:iam::111111111111:mfa/alice', '--token-code', '123456', '--region', 'us-east-1'],
      expect: noCredentials,
    },
    {
      name: 'mfa-session without its options',
      args: ['mfa-session'],
      expect: (r) => assert(r.status === 2 && /--role-arn/.test(r.stderr) && !/\n\s+at /.test(r.stderr), `usage error expected:\n${r.stderr}`),
    },
    { name: '--help', args: ['--help'], expect: (r) => assert(r.status === 0 && /whoami/.test(r.stdout + r.stderr), `help expected:\n${r.stdout}`) },
  ];
}

function main() {
  const nodeDirs = [];
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--node-dir') nodeDirs.push(argv[++i]);
  }
  const started = Date.now();
  const failures = [];
  let passed = 0;
  const check = (name, fn) => {
    try {
      fn();
      passed++;
      console.log(`ok   ${name}`);
    } catch (e) {
      failures.push(name);
      console.error(`FAIL ${name}: ${e.message}`);
    }
  };

  const tarball = h.packLibrary();
  const files = h.tarballFiles(tarball).filter((f) => !f.startsWith('node_modules/'));
  console.log(`packed ${path.basename(tarball)}: ${files.length} files of the library (${(fs.statSync(tarball).size / 1e6).toFixed(1)} MB)`);
  check('the tarball ships .js and .d.ts, no TypeScript sources', () => {
    const sources = files.filter((f) => /\.(ts|tsx|mts|cts)$/.test(f) && !/\.d\.ts$/.test(f));
    assert(sources.length === 0, `TypeScript sources in the tarball: ${sources.slice(0, 10).join(', ')}`);
    for (const f of ['lib/index.js', 'lib/index.d.ts', 'lib/cli/main.js', '.jsii', 'README.md', 'LICENSE', 'API.md']) {
      assert(files.includes(f), `${f} missing from the tarball`);
    }
    const stray = files.filter((f) => !/^lib\/.*\.(js|d\.ts)$/.test(f)
      && !['.jsii', 'README.md', 'LICENSE', 'API.md', 'CHANGELOG.md', 'package.json'].includes(f));
    assert(stray.length === 0, `unexpected files in the tarball: ${stray.join(', ')}`);
  });

  const app = h.createApp(tarball);
  console.log(`fresh app ${app.dir}: npm install ${app.installSeconds.toFixed(0)} s (${Object.entries(app.versions).map(([n, v]) => `${n}@${v}`).join(', ')})`);
  for (const row of SYNTH_ROWS) {
    const r = h.synth(app, row.source, { runner: row.runner, context: row.context });
    check(`synth: ${row.name} (${r.seconds.toFixed(0)} s)`, () => row.expect(r));
  }
  for (const nodeDir of [undefined, ...nodeDirs]) {
    const version = nodeDir ? execFileSync(path.join(nodeDir, 'node'), ['--version'], { encoding: 'utf-8' }).trim() : process.version;
    for (const row of cliRows(app, version)) {
      const r = h.cli(app, row.args, { nodeDir });
      check(`cli on node ${version}: ${row.name}`, () => row.expect(r));
    }
  }
  fs.rmSync(app.dir, { recursive: true, force: true });
  fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  // Not jest's closing-line format: .ci/run ends with the test count of the whole run.
  console.log(`package test: ${passed} checks passed, ${failures.length} failed, in ${seconds} s`);
  if (failures.length > 0) process.exit(1);
}

main();
