import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import type { CliResult } from './cli-result';
import { AssemblyError } from '../evidence/assembly-shape';
import { EvidenceFormat, EvidenceReport } from '../evidence/evidence-report';
import { removeReports } from '../evidence/report-files';

/**
 * `cdk-data-protection evidence [cdk.out]`: proves the recorded claims from a cloud assembly
 * and writes the reports. Reads files only; exit 1 when a claim is violated, 2 on usage errors.
 */
export const EVIDENCE_USAGE = `  evidence      Prove every claim the DataProtectionPolicy recorded in a synthesized cloud
                assembly, from its templates alone, and write the reports (exit 1 if a claim
                is violated or none is recorded, 2 if the assembly cannot be read). Also writes trust-page.md and .html, processing-register.md,
                architecture.dot and .svg.
      [assembly]                the cloud assembly directory (default: cdk.out)
      --format <list>           comma-separated, from md, json, sarif (default: all three)
      --out <dir>               where to write the files (default: the assembly directory)
      --group-by <how>          claim (default) or framework: adds SOC 2, ISO 27001,
                                GDPR Art. 32 and CNIL sections to the Markdown report
      --service-name <name>     the service's name on the trust page
      --observed <file>         the evidence-observed.json of \`observe\` to show next to
                                the template verdicts (default: the one in the output or
                                assembly directory, if any); exit 1 if a claim is observed failing
`;

const FORMATS: Record<string, EvidenceFormat> = { md: EvidenceFormat.MARKDOWN, json: EvidenceFormat.JSON, sarif: EvidenceFormat.SARIF };

/** A message on one line of reasonable length, whatever a file held. */
function oneLine(message: string): string {
  const line = message.split('\n')[0];
  return line.length > 500 ? `${line.slice(0, 500)}...` : line;
}

/** A usage error: exit 2 with the message. */
function usage(message: string): CliResult {
  return { exitCode: 2, stdout: '', stderr: `cdk-data-protection evidence: ${message}\n` };
}

/** Runs `evidence` with the arguments after the command name. */
export function runEvidence(argv: string[]): CliResult {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'format': { type: 'string' },
        'out': { type: 'string' },
        'group-by': { type: 'string' },
        'service-name': { type: 'string' },
        'observed': { type: 'string' },
        'help': { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    return usage((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    return { exitCode: 0, stdout: `Usage: cdk-data-protection evidence [assembly] [options]\n\n${EVIDENCE_USAGE}`, stderr: '' };
  }
  if (positionals.length > 1) {
    return usage(`expected at most one assembly directory, got ${positionals.length}: ${positionals.join(' ')}`);
  }
  const directory = positionals[0] ?? 'cdk.out';
  if (values.out !== undefined && fs.statSync(values.out, { throwIfNoEntry: false })?.isFile()) {
    return usage(`--out ${values.out} is a file: name a directory for the report files (created when missing)`);
  }
  const formats: EvidenceFormat[] = [];
  for (const name of (values.format ?? 'md,json,sarif').split(',').map((f) => f.trim())) {
    if (!(name in FORMATS)) {
      return usage(`--format must list formats from md, json, sarif, got '${name}'`);
    }
    formats.push(FORMATS[name]);
  }
  const groupBy = values['group-by'] ?? 'claim';
  if (groupBy !== 'claim' && groupBy !== 'framework') {
    return usage(`--group-by must be claim or framework, got '${groupBy}'`);
  }
  // A run that fails must not leave the report of an earlier run (which may say PROVEN) behind.
  try {
    removeReports(values.out ?? directory);
  } catch (err) {
    return usage(oneLine((err as Error).message));
  }
  if (!fs.existsSync(path.join(directory, 'manifest.json'))) {
    return usage(`${directory} is not a cloud assembly (no manifest.json): run \`npx cdk synth\` first, or name the directory`);
  }
  let summary;
  try {
    summary = EvidenceReport.write(directory, {
      outDir: values.out,
      formats,
      groupByFramework: groupBy === 'framework',
      serviceName: values['service-name'],
      observationFile: values.observed,
    });
  } catch (err) {
    // A broken assembly is not a violated claim: exit 2, one line naming the file and what is wrong.
    const what = err instanceof AssemblyError ? err.message : `cannot read the cloud assembly ${directory}: ${(err as Error).message}`;
    return usage(oneLine(what));
  }
  const observedFailing = summary.observedFailingClaims ?? [];
  const lines = [
    `${summary.proven} claims proven, ${summary.violated} violated, ${summary.notProvable} not provable from a template (organisational)`,
    ...(summary.observationFile !== undefined
      ? [`as observed (${path.relative(process.cwd(), summary.observationFile) || summary.observationFile}): ${summary.observed} observed,`
        + ` ${summary.observedFailing} observed failing, ${summary.notObserved} not observed`]
      : []),
    ...summary.files.map((f) => `wrote ${path.relative(process.cwd(), f) || f}`),
    ...summary.notes,
  ];
  if (summary.proven + summary.violated + summary.notProvable === 0) {
    // Nothing claimed, nothing proven: a report that proves nothing must not pass a CI gate.
    return { exitCode: 1, stdout: lines.join('\n') + '\n', stderr: 'no stack records a claim: give the DataProtectionPolicy `claims` (or a DataProtectionPreset)\n' };
  }
  const stderr = (summary.violated > 0 ? `violated: ${summary.violatedClaims.join(', ')} (see the report for the expected and found values)\n` : '')
    + (observedFailing.length > 0 ? `observed failing in the live account: ${observedFailing.join(', ')} (see the report for the facts read)\n` : '');
  return { exitCode: summary.violated > 0 || observedFailing.length > 0 ? 1 : 0, stdout: lines.join('\n') + '\n', stderr };
}
