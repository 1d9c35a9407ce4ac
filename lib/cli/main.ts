#!/usr/bin/env node
import type { CliResult } from './deploy-guard';

/**
 * Entry point of `npx cdk-data-protection`: runs the command and prints its result.
 * Each command's module is loaded only when it runs: `evidence` reads files and should not
 * pay for loading the AWS SDK that `whoami` and `mfa-session` need.
 */
export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  let result: CliResult;
  if (argv[0] === 'evidence') {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      result = (require('./evidence-command') as typeof import('./evidence-command')).runEvidence(argv.slice(1));
    } catch (err) {
      // runEvidence turns what it reads into exit 2 itself; anything else still ends as one line, never a stack trace.
      result = { exitCode: 2, stdout: '', stderr: `cdk-data-protection evidence: ${String((err as Error)?.message ?? err).split('\n')[0].slice(0, 500)}\n` };
    }
  } else if (argv[0] === 'observe') {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      result = await (require('./observe-command') as typeof import('./observe-command')).runObserve(argv.slice(1));
    } catch (err) {
      result = { exitCode: 2, stdout: '', stderr: `cdk-data-protection observe: ${String((err as Error)?.message ?? err).split('\n')[0].slice(0, 500)}\n` };
    }
  } else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    result = await (require('./deploy-guard') as typeof import('./deploy-guard')).runCli(argv);
  }
  if (result.stdout) {
    process.stdout.write(result.stdout);
  }
  if (result.stderr) {
    process.stderr.write(result.stderr);
  }
  process.exitCode = result.exitCode;
  return result.exitCode;
}

if (require.main === module) {
  void main();
}
