#!/usr/bin/env node
// cfn-lint over every template under OUTROOT (written by .ci/synth-apps.js):
//
//   node .ci/cfn-lint.js OUTROOT
//
// Fails on any cfn-lint error, and on any warning that .ci/cfn-lint-ignores.json does not list
// with its reason. An entry that matched nothing is reported (the templates may have changed),
// without failing.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

/** Every *.template.json under dir, sorted. */
function templates(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return templates(p);
    return e.name.endsWith('.template.json') ? [p] : [];
  }).sort();
}

/**
 * The findings that stay after the ignores are applied.
 * @param findings cfn-lint's JSON findings ({ Rule: { Id }, Level, Message, Filename, Location: { Path } })
 * @param ignores entries { rule, message, path?, reason }
 * @returns { open, used } the findings not ignored, and how often each ignore matched
 */
function applyIgnores(findings, ignores) {
  const used = ignores.map(() => 0);
  const open = findings.filter((f) => {
    if (f.Level === 'Error') return true;
    const i = ignores.findIndex((ig) => ig.rule === f.Rule.Id && new RegExp(ig.message).test(f.Message)
      && (!ig.path || new RegExp(ig.path).test((f.Location.Path || []).join('/'))));
    if (i < 0) return true;
    used[i]++;
    return false;
  });
  return { open, used };
}

function main() {
  const outroot = process.argv[2];
  if (!outroot) {
    console.error('usage: node .ci/cfn-lint.js OUTROOT');
    process.exit(2);
  }
  const { ignores } = JSON.parse(fs.readFileSync(path.join(__dirname, 'cfn-lint-ignores.json'), 'utf-8'));
  for (const ig of ignores) {
    if (!ig.rule || !ig.message || !ig.reason) throw new Error(`every ignore needs rule, message and reason: ${JSON.stringify(ig)}`);
    if (ig.rule.startsWith('E')) throw new Error(`cfn-lint errors cannot be ignored: ${ig.rule}`);
  }
  const files = templates(outroot);
  if (files.length === 0) {
    console.error(`no template under ${outroot}`);
    process.exit(1);
  }
  // cfn-lint exits 2 (errors), 4 (warnings), 8 (informational) or their sum; 1 is a crash.
  const run = spawnSync('cfn-lint', ['--format', 'json', '--', ...files], { encoding: 'utf-8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error || run.status === 1 || run.status === null) {
    console.error(`cfn-lint did not run: ${run.error ?? ''}\n${run.stderr}`);
    process.exit(1);
  }
  const findings = JSON.parse(run.stdout || '[]');
  const { open, used } = applyIgnores(findings, ignores);
  ignores.forEach((ig, i) => {
    if (used[i] === 0) console.log(`note: ignore entry ${ig.rule} /${ig.message}/ matched nothing: remove it if it is stale`);
  });
  for (const f of open) {
    const at = f.Location.Start ? `:${f.Location.Start.LineNumber}` : '';
    console.error(`${f.Level} ${f.Rule.Id} ${path.relative(outroot, f.Filename)}${at} ${(f.Location.Path || []).join('/')}: ${f.Message}`);
  }
  const errors = open.filter((f) => f.Level === 'Error').length;
  console.log(`cfn-lint: ${files.length} templates, ${findings.length} findings, ${findings.length - open.length} accepted `
    + `in .ci/cfn-lint-ignores.json, ${errors} errors, ${open.length - errors} other findings open`);
  if (open.length > 0) process.exit(1);
}

if (require.main === module) {
  main();
}
module.exports = { applyIgnores };
