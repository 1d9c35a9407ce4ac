import { Token } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { Compliance } from '../compliance/acknowledgement';

/**
 * Runtimes that an aws-cdk-lib release lists before Lambda offers them generally. Lambda runs
 * Node.js 26 only as a public preview (announced August 2026), yet aws-cdk-lib 2.278.0 lists
 * `nodejs26.x`, and cdk-nag's AwsSolutions-L1 takes the newest runtime aws-cdk-lib lists as
 * "the latest".
 */
export const PREVIEW_RUNTIMES: readonly string[] = ['nodejs26.x'];

/** The runtime of the library's own functions: the newest Node.js that Lambda offers generally. */
export const NODEJS_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** `nodejs24.x` as family `nodejs` and version 24 (undefined for names without a version). */
function parse(name: string): { family: string; version: number } | undefined {
  const m = /^([a-z]+)(\d+)(?:\.(\d+))?(?:\.x)?$/.exec(name);
  return m ? { family: m[1], version: Number(m[2]) * 1000 + Number(m[3] ?? 0) } : undefined;
}

/**
 * The runtimes of the same family that the installed aws-cdk-lib lists as newer than `runtime`
 * (what AwsSolutions-L1 compares against).
 */
export function newerKnownRuntimes(runtime: string): string[] {
  const own = parse(runtime);
  if (!own) {
    return [];
  }
  return [...new Set(lambda.Runtime.ALL.map((r) => r.name))]
    .filter((name) => {
      const other = parse(name);
      return other !== undefined && other.family === own.family && other.version > own.version;
    })
    .sort();
}

/**
 * Acknowledges AwsSolutions-L1 ("not the latest runtime") on the functions under `scope` whose
 * runtime is the newest that Lambda offers generally, when every runtime aws-cdk-lib lists as
 * newer is only in preview. A function that lags a generally available runtime keeps the finding.
 *
 * @param scope the function, or the construct holding it
 * @param what the function, as the reason names it
 */
export function acknowledgePreviewRuntimes(scope: IConstruct, what: string): void {
  for (const fn of scope.node.findAll().filter((c): c is lambda.CfnFunction => c instanceof lambda.CfnFunction)) {
    const runtime = fn.runtime;
    if (runtime === undefined || Token.isUnresolved(runtime)) {
      continue;
    }
    const newer = newerKnownRuntimes(runtime);
    if (newer.length > 0 && newer.every((name) => PREVIEW_RUNTIMES.includes(name))) {
      Compliance._standingRules(fn, ['AwsSolutions-L1'],
        `${what} runs on ${runtime}, the newest runtime that Lambda offers generally; the newer ${newer.join(', ')} that ` +
        'this aws-cdk-lib lists is a public preview, not for production.');
    }
  }
}
