#!/usr/bin/env node
import { runCli } from './deploy-guard';

/**
 * Entry point of `npx cdk-data-protection`: runs the command and prints its result.
 */
export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const result = await runCli(argv);
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
