import { spawnSync } from 'child_process';

/**
 * The commit the infrastructure code was synthesized from, as the HTML trust page states it:
 * `git rev-parse HEAD` when the directory is in a git work tree, else the `CDP_COMMIT` or
 * `GITHUB_SHA` environment variable (CI systems that build from an archive), else undefined.
 */

/** What the page says when no commit is known. */
export const COMMIT_NOT_RECORDED = 'not recorded';

/** A full or abbreviated commit id (hex), nothing else: what reaches the page is never free text. */
const COMMIT_ID = /^[0-9a-f]{7,64}$/i;

/**
 * The commit of `directory`, or undefined.
 *
 * @param directory where to ask git (the app's directory: the CDK CLI runs the app there)
 * @param env the environment to read `CDP_COMMIT` and `GITHUB_SHA` from
 */
export function sourceCommit(directory: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): string | undefined {
  const git = spawnSync('git', ['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd: directory, encoding: 'utf-8', timeout: 10_000, env });
  const head = git.status === 0 ? (git.stdout ?? '').trim() : '';
  if (COMMIT_ID.test(head)) {
    return head.toLowerCase();
  }
  for (const name of ['CDP_COMMIT', 'GITHUB_SHA']) {
    const value = (env[name] ?? '').trim();
    if (COMMIT_ID.test(value)) {
      return value.toLowerCase();
    }
  }
  return undefined;
}
