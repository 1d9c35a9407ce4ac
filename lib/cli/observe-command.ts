import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { explainAwsError } from './aws-errors';
import type { CliResult } from './deploy-guard';
import { OBSERVE_USAGE } from './observe-usage';
import { AssemblyError } from '../evidence/assembly-shape';
import { OBSERVATION_FILE, ObservedPromise } from '../evidence/observation';
import type { ObserveSettings } from '../observe/context';
import { observeAssembly } from '../observe/observer';

/**
 * `cdk-data-protection observe [cdk.out]`: reads the live account of each stack of a cloud
 * assembly (read-only calls) and writes `evidence-observed.json`, the "as observed" side of the
 * evidence. Exit 1 when a promise is OBSERVED_FAILING or nothing could be observed, 2 on usage
 * and credential errors.
 */

/** What the tests replace. */
export interface ObserveDeps {
  readonly now?: Date;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly driftPollMs?: number;
}

class UsageError extends Error {}

function usage(message: string): CliResult {
  return { exitCode: 2, stdout: '', stderr: `cdk-data-protection observe: ${message}\n` };
}

/** A whole number within bounds, or a usage error naming the option and the value. */
function whole(value: string | undefined, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got '${value}'`);
  }
  return n;
}

/** `30d` or `30` -> 30 days (1-30: AWS Backup lists the jobs of the last 30 days only). */
export function parseSince(value: string | undefined): number {
  const m = /^(\d+)d?$/.exec(value ?? '30d');
  const days = m ? Number(m[1]) : NaN;
  if (!(days >= 1 && days <= 30)) {
    throw new UsageError(`--since must be a number of days from 1 to 30 (AWS Backup lists the jobs of the last 30 days), as 30d or 30, got '${value}'`);
  }
  return days;
}

/** `90s`, `10m`, `1h` or seconds -> milliseconds (1 s to 6 h). */
export function parseTimeout(value: string | undefined): number {
  const m = /^(\d+)(s|m|h)?$/.exec(value ?? '10m');
  const ms = m ? Number(m[1]) * ({ s: 1000, m: 60_000, h: 3_600_000 } as Record<string, number>)[m[2] ?? 's'] : NaN;
  if (!(ms >= 1000 && ms <= 6 * 3_600_000)) {
    throw new UsageError(`--timeout must be a duration from 1s to 6h, as 90s, 10m or 1h, got '${value}'`);
  }
  return ms;
}

/** Runs `observe` with the arguments after the command name. */
export async function runObserve(argv: string[], deps: ObserveDeps = {}): Promise<CliResult> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'out': { type: 'string' },
        'since': { type: 'string' },
        'timeout': { type: 'string' },
        'concurrency': { type: 'string' },
        'max-attempts': { type: 'string' },
        'no-drift': { type: 'boolean' },
        'profile': { type: 'string' },
        'role-arn': { type: 'string' },
        'serial-number': { type: 'string' },
        'token-code': { type: 'string' },
        'region': { type: 'string' },
        'endpoint-url': { type: 'string' },
        'help': { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    return usage((err as Error).message);
  }
  if (values.help) {
    return { exitCode: 0, stdout: `Usage: cdk-data-protection observe [assembly] [options]\n\n${OBSERVE_USAGE}`, stderr: '' };
  }
  const str = (name: string) => values[name] as string | undefined;
  let settings: ObserveSettings;
  try {
    if (positionals.length > 1) {
      throw new UsageError(`expected at most one assembly directory, got ${positionals.length}: ${positionals.join(' ')}`);
    }
    if (str('role-arn') !== undefined && !/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/.test(str('role-arn')!)) {
      throw new UsageError(`--role-arn must be a role ARN like arn:aws:iam::123456789012:role/EvidenceReader, got '${str('role-arn')}'`);
    }
    if ((str('serial-number') === undefined) !== (str('token-code') === undefined) || (str('serial-number') !== undefined && str('role-arn') === undefined)) {
      throw new UsageError('--serial-number and --token-code go together, with --role-arn');
    }
    if (str('endpoint-url') !== undefined && !/^https?:\/\/[^\s]+$/.test(str('endpoint-url')!)) {
      throw new UsageError(`--endpoint-url must be an http(s) URL, got '${str('endpoint-url')}'`);
    }
    settings = {
      now: deps.now ?? new Date(),
      sinceDays: parseSince(str('since')),
      timeoutMs: parseTimeout(str('timeout')),
      concurrency: whole(str('concurrency'), '--concurrency', 1, 32, 8),
      maxAttempts: whole(str('max-attempts'), '--max-attempts', 1, 10, 5),
      drift: values['no-drift'] !== true,
      defaultRegion: str('region') ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION,
      profile: str('profile'),
      endpoint: str('endpoint-url'),
      sleep: deps.sleep,
      driftPollMs: deps.driftPollMs,
    };
  } catch (err) {
    return usage((err as Error).message);
  }
  const directory = positionals[0] ?? 'cdk.out';
  const outDir = str('out');
  // A run that fails must not leave the observation of an earlier run behind.
  fs.rmSync(path.join(outDir ?? directory, OBSERVATION_FILE), { force: true });
  if (!fs.existsSync(path.join(directory, 'manifest.json'))) {
    return usage(`${directory} is not a cloud assembly (no manifest.json): run \`npx cdk synth\` first, or name the directory`);
  }

  // Who reads: the caller (and the role it assumes). Without credentials nothing can be read: exit 2 now.
  let caller: { arn?: string; account?: string };
  try {
    const sts = new STSClient({
      ...(settings.defaultRegion ? { region: settings.defaultRegion } : {}),
      ...(settings.profile ? { profile: settings.profile } : {}),
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    });
    let credentials: AwsCredentialIdentity | undefined;
    if (str('role-arn')) {
      const assumed = await sts.send(new AssumeRoleCommand({
        RoleArn: str('role-arn'),
        RoleSessionName: 'cdk-data-protection-observe',
        DurationSeconds: 3600,
        ...(str('serial-number') ? { SerialNumber: str('serial-number'), TokenCode: str('token-code') } : {}),
      }));
      const c = assumed.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) {
        return { exitCode: 2, stdout: '', stderr: `cdk-data-protection observe: AssumeRole on ${str('role-arn')} returned no credentials\n` };
      }
      credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
      settings = { ...settings, credentials, profile: undefined };
    }
    const reader = credentials ? new STSClient({ region: settings.defaultRegion ?? 'us-east-1', credentials, ...(settings.endpoint ? { endpoint: settings.endpoint } : {}) }) : sts;
    const identity = await reader.send(new GetCallerIdentityCommand({}));
    caller = { arn: identity.Arn, account: identity.Account };
  } catch (err) {
    return { exitCode: 2, stdout: '', stderr: `cdk-data-protection observe: ${explainAwsError(err, { roleArn: str('role-arn'), serialNumber: str('serial-number') })}\n` };
  }

  let run;
  try {
    run = await observeAssembly(directory, settings, caller, outDir);
  } catch (err) {
    const what = err instanceof AssemblyError ? err.message : `cannot read the cloud assembly ${directory}: ${(err as Error).message}`;
    return usage(what.split('\n')[0].slice(0, 500));
  }
  const promises = run.observation.promises;
  const count = (v: ObservedPromise['verdict']) => promises.filter((p) => p.verdict === v).length;
  const failing = promises.filter((p) => p.verdict === 'OBSERVED_FAILING');
  const lines = [
    `observed as ${caller.arn ?? 'the caller'}: ${count('OBSERVED')} promises observed, ${failing.length} observed failing, ${count('NOT_OBSERVED')} not observed`
      + ` (${run.calls} AWS calls${run.timedOut ? ', time limit reached: the rest is not observed' : ''})`,
    ...failing.map((p) => {
      const f = p.facts.find((x) => x.satisfied === false)!;
      return `  FAILING ${p.id}: ${f.resource ?? ''} ${f.propertyPath}: expected ${f.expected}, found ${f.found}${f.note ? ` (${f.note})` : ''}`;
    }),
    `wrote ${path.relative(process.cwd(), run.file) || run.file}`,
  ];
  let stderr = '';
  if (failing.length > 0) {
    stderr = `observed failing: ${failing.map((p) => p.id).join(', ')}\n`;
  } else if (count('OBSERVED') === 0) {
    const first = promises.flatMap((p) => p.notObserved)[0];
    stderr = `nothing could be observed${promises.length === 0 ? ': no stack records a promise' : ''}${first ? ` (first reason: ${first})` : ''}\n`;
  }
  return { exitCode: stderr ? 1 : 0, stdout: lines.join('\n') + '\n', stderr };
}
