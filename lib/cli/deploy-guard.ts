import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { explainAwsError } from './aws-errors';
import type { CliResult } from './cli-result';
import { holdsLongTermKeys, writeProfile } from './credentials-file';
import { EVIDENCE_USAGE } from './evidence-command';
import { OBSERVE_USAGE } from './observe-usage';

/**
 * The deploy guard CLI: `whoami` checks that the credentials in use belong to an
 * allowed account before a deploy (claims S0-05, S4-01: one named account and
 * region), and `mfa-session` turns an MFA code into short-lived role credentials
 * (claim S2-16: humans use roles, not IAM users). Internal: not library API.
 */

// CliResult lives in its own module (the evidence command uses it, and this module uses the evidence command's usage).
export type { CliResult } from './cli-result';

/** The environment variable that holds the allowed accounts when --allowed-accounts is not given. */
export const ALLOWED_ACCOUNTS_ENV = 'CDK_DATA_PROTECTION_ALLOWED_ACCOUNTS';

export const USAGE = `Usage: cdk-data-protection <command> [options]

Commands:
  whoami        Show the AWS account, ARN and user id of the credentials in use, and
                whether the account is an allowed deploy target (exit 1 if not).
      --allowed-accounts <ids>  comma-separated 12-digit account ids
                                (default: $${ALLOWED_ACCOUNTS_ENV})
      --region <region>         region of the STS endpoint (default: AWS_REGION / profile)

  mfa-session   Assume a role with an MFA code and print shell exports for
                eval $(npx cdk-data-protection mfa-session ...), or write a profile.
      --role-arn <arn>          role to assume (arn:aws:iam::<account>:role/<name>)
      --serial-number <serial>  MFA device ARN (arn:aws:iam::<account>:mfa/<name>) or hardware serial
      --token-code <code>       the 6-digit code shown by the MFA device
      --duration <seconds>      session length, 900-43200 (default: 3600)
      --profile-name <name>     write the credentials to this profile in the shared credentials
                                file ($AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials) instead
      --session-name <name>     role session name (default: cdk-data-protection-<device name>)
      --region <region>         region of the STS endpoint

${EVIDENCE_USAGE}
${OBSERVE_USAGE}
  --help, -h    Show this help.
`;

/** Options of `whoami`. */
export interface WhoamiOptions {
  /** Allowed account ids; undefined means no check. */
  readonly allowedAccounts?: string[];
}

/** Options of `mfa-session`, already validated. */
export interface MfaSessionOptions {
  readonly roleArn: string;
  readonly serialNumber: string;
  readonly tokenCode: string;
  /** @default 3600 */
  readonly durationSeconds?: number;
  /** When set, the credentials go to this profile instead of stdout. */
  readonly profileName?: string;
  /** @default - cdk-data-protection-<device name> */
  readonly sessionName?: string;
  /** The shared credentials file to write when `profileName` is set. */
  readonly credentialsFile?: string;
}

/** What `runCli` needs from its surroundings; tests inject each of them. */
export interface CliDeps {
  /** Builds the STS client for a region (undefined: the SDK's default resolution). */
  readonly createClient?: (region?: string) => STSClient;
  /** @default process.env */
  readonly env?: Record<string, string | undefined>;
  /** @default - AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials */
  readonly credentialsFile?: string;
}

/** A problem with the command line: exit code 2 and the usage hint. */
class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const ACCOUNT_ID = /^\d{12}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const MFA_ARN = /^arn:aws[a-z-]*:iam::\d{12}:mfa\/[\w+=,.@/-]{1,512}$/;
const HARDWARE_SERIAL = /^[\w+=,.@-]{9,256}$/;
const TOKEN_CODE = /^\d{6}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const PROFILE_NAME = /^[\w.@+-]{1,128}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const MIN_DURATION = 900;
const MAX_DURATION = 43200;

/** Parses a comma-separated list of 12-digit account ids, naming the first bad one. */
export function parseAccountList(value: string, source: string): string[] {
  const ids = value.split(',').map(s => s.trim()).filter(s => s !== '');
  if (ids.length === 0) {
    throw new UsageError(`${source} must list at least one 12-digit account id, got '${value}'`);
  }
  for (const id of ids) {
    if (!ACCOUNT_ID.test(id)) {
      throw new UsageError(`${source}: account id must be exactly 12 digits, got '${id}'`);
    }
  }
  return ids;
}

/**
 * Calls GetCallerIdentity and reports whether the account is an allowed deploy target.
 * Claims S0-05 / S4-01: deploys go to the one named account (and region) only.
 */
export async function whoami(sts: STSClient, options: WhoamiOptions = {}): Promise<CliResult> {
  let identity;
  try {
    identity = await sts.send(new GetCallerIdentityCommand({}));
  } catch (err) {
    return failure(explainAwsError(err));
  }
  const account = identity.Account ?? '(unknown)';
  const lines = [
    `account: ${account}`,
    `arn: ${identity.Arn ?? '(unknown)'}`,
    `user id: ${identity.UserId ?? '(unknown)'}`,
  ];
  const allowed = options.allowedAccounts;
  if (allowed === undefined) {
    lines.push(`allowed: not checked (pass --allowed-accounts or set ${ALLOWED_ACCOUNTS_ENV})`);
    return { exitCode: 0, stdout: lines.join('\n') + '\n', stderr: '' };
  }
  if (allowed.includes(account)) {
    lines.push('allowed: yes');
    return { exitCode: 0, stdout: lines.join('\n') + '\n', stderr: '' };
  }
  const list = allowed.join(', ');
  lines.push(`allowed: NO — account ${account} is not in ${list}`);
  return {
    exitCode: 1,
    stdout: lines.join('\n') + '\n',
    stderr: `error: wrong account ${account}: switch to credentials for one of ${list} (AWS_PROFILE) before deploying\n`,
  };
}

/** Validates the mfa-session options, throwing a usage error that names the value and the allowed form. */
export function validateMfaSessionOptions(options: MfaSessionOptions): void {
  if (!ROLE_ARN.test(options.roleArn)) {
    throw new UsageError(`--role-arn must be a role ARN like arn:aws:iam::123456789012:role/Deploy, got '${options.roleArn}'`);
  }
  const serial = options.serialNumber;
  const serialOk = serial.startsWith('arn:') ? MFA_ARN.test(serial) : HARDWARE_SERIAL.test(serial);
  if (!serialOk) {
    throw new UsageError('--serial-number must be an MFA device ARN like arn:aws:iam::123456789012:mfa/alice '
      + `or a hardware token serial (9-256 characters), got '${serial}'`);
  }
  if (!TOKEN_CODE.test(options.tokenCode)) {
    throw new UsageError(`--token-code must be exactly 6 digits, got '${options.tokenCode}'`);
  }
  const duration = options.durationSeconds;
  if (duration !== undefined && (!Number.isInteger(duration) || duration < MIN_DURATION || duration > MAX_DURATION)) {
    throw new UsageError(`--duration must be a whole number of seconds in ${MIN_DURATION}-${MAX_DURATION}, got '${duration}'`);
  }
  if (options.sessionName !== undefined && !SESSION_NAME.test(options.sessionName)) {
    throw new UsageError('--session-name must be 2-64 characters of letters, digits and +=,.@_-, '
      + `got '${options.sessionName}'`);
  }
  if (options.profileName !== undefined && !PROFILE_NAME.test(options.profileName)) {
    throw new UsageError(`--profile-name must be 1-128 characters of letters, digits and ._@+-, got '${options.profileName}'`);
  }
}

/**
 * Assumes `roleArn` with the MFA code and prints shell exports, or writes them to a named profile.
 * Claim S2-16: people work through roles with MFA, never with long-lived IAM user keys.
 */
export async function mfaSession(sts: STSClient, options: MfaSessionOptions): Promise<CliResult> {
  try {
    validateMfaSessionOptions(options);
  } catch (err) {
    return usageFailure(err);
  }
  // Checked before the token code is spent: session credentials must never replace long-term keys.
  if (options.profileName !== undefined) {
    const file = options.credentialsFile ?? defaultCredentialsFile(process.env);
    if (holdsLongTermKeys(file, options.profileName)) {
      return usageFailure(new UsageError(
        `--profile-name '${options.profileName}' holds long-term access keys in ${file}; writing the session there would lose them: ` +
        'choose another profile name (for example deploy)'));
    }
  }
  let response;
  try {
    response = await sts.send(new AssumeRoleCommand({
      RoleArn: options.roleArn,
      RoleSessionName: options.sessionName ?? defaultSessionName(options.serialNumber),
      SerialNumber: options.serialNumber,
      TokenCode: options.tokenCode,
      DurationSeconds: options.durationSeconds ?? 3600,
    }));
  } catch (err) {
    return failure(explainAwsError(err, { roleArn: options.roleArn, serialNumber: options.serialNumber }));
  }
  const c = response.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
    return failure(`AssumeRole on ${options.roleArn} returned no credentials: retry, and report it if it persists`);
  }
  const expiration = c.Expiration ? new Date(c.Expiration).toISOString() : undefined;
  if (options.profileName !== undefined) {
    const file = options.credentialsFile ?? defaultCredentialsFile(process.env);
    try {
      writeProfile(file, options.profileName, {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration,
      });
    } catch (err) {
      return failure(`could not write ${file}: ${(err as Error).message}; check the path and its permissions`);
    }
    return {
      exitCode: 0,
      stdout: `wrote profile '${options.profileName}' to ${file} (role ${options.roleArn}, expires ${expiration ?? 'unknown'}); `
        + `use it with AWS_PROFILE=${options.profileName}\n`,
      stderr: '',
    };
  }
  // one statement per line, each ending in ';', so that an unquoted `eval $(...)` works too
  const stdout = [
    `export AWS_ACCESS_KEY_ID=${shellQuote(c.AccessKeyId)};`,
    `export AWS_SECRET_ACCESS_KEY=${shellQuote(c.SecretAccessKey)};`,
    `export AWS_SESSION_TOKEN=${shellQuote(c.SessionToken)};`,
    `# role ${options.roleArn} session expires ${expiration ?? 'unknown'}`,
  ].join('\n') + '\n';
  return { exitCode: 0, stdout, stderr: '' };
}

/** Parses argv (without `node` and the script) and runs the command. */
export async function runCli(argv: string[], deps: CliDeps = {}): Promise<CliResult> {
  const env = deps.env ?? process.env;
  const createClient = deps.createClient ?? ((region?: string) => new STSClient(region ? { region } : {}));
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      return { exitCode: 0, stdout: USAGE, stderr: '' };
    }
    if (command === 'whoami') {
      const { values } = parse(rest, {
        'allowed-accounts': { type: 'string' },
        'region': { type: 'string' },
        'help': { type: 'boolean', short: 'h' },
      });
      if (values.help) {
        return { exitCode: 0, stdout: USAGE, stderr: '' };
      }
      const fromFlag = values['allowed-accounts'] as string | undefined;
      const fromEnv = env[ALLOWED_ACCOUNTS_ENV];
      let allowedAccounts: string[] | undefined;
      if (fromFlag !== undefined) {
        allowedAccounts = parseAccountList(fromFlag, '--allowed-accounts');
      } else if (fromEnv !== undefined && fromEnv.trim() !== '') {
        allowedAccounts = parseAccountList(fromEnv, ALLOWED_ACCOUNTS_ENV);
      }
      const region = checkRegion(values.region as string | undefined);
      return await whoami(createClient(region), { allowedAccounts });
    }
    if (command === 'mfa-session') {
      const { values } = parse(rest, {
        'role-arn': { type: 'string' },
        'serial-number': { type: 'string' },
        'token-code': { type: 'string' },
        'duration': { type: 'string' },
        'profile-name': { type: 'string' },
        'session-name': { type: 'string' },
        'region': { type: 'string' },
        'help': { type: 'boolean', short: 'h' },
      });
      if (values.help) {
        return { exitCode: 0, stdout: USAGE, stderr: '' };
      }
      const options: MfaSessionOptions = {
        roleArn: required(values, 'role-arn'),
        serialNumber: required(values, 'serial-number'),
        tokenCode: required(values, 'token-code'),
        durationSeconds: parseDuration(values.duration as string | undefined),
        profileName: values['profile-name'] as string | undefined,
        sessionName: values['session-name'] as string | undefined,
        credentialsFile: deps.credentialsFile ?? defaultCredentialsFile(env),
      };
      validateMfaSessionOptions(options);
      const region = checkRegion(values.region as string | undefined);
      return await mfaSession(createClient(region), options);
    }
    const unknown = usageFailure(new UsageError(`unknown command '${command}': use evidence, observe, whoami or mfa-session`));
    return { ...unknown, stderr: unknown.stderr + '\n' + USAGE };
  } catch (err) {
    if (err instanceof UsageError) {
      return usageFailure(err);
    }
    return failure(explainAwsError(err));
  }
}

/** The shared credentials file: AWS_SHARED_CREDENTIALS_FILE when set, else ~/.aws/credentials. */
export function defaultCredentialsFile(env: Record<string, string | undefined>): string {
  const fromEnv = env.AWS_SHARED_CREDENTIALS_FILE;
  return fromEnv && fromEnv.trim() !== '' ? fromEnv : path.join(os.homedir(), '.aws', 'credentials');
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

function parse(args: string[], options: OptionSpec) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') {
    throw new UsageError(`--${name} is required`);
  }
  return value;
}

function parseDuration(value: string | undefined): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!/^\d+$/.test(value) || Number(value) < MIN_DURATION || Number(value) > MAX_DURATION) {
    throw new UsageError(`--duration must be a whole number of seconds in ${MIN_DURATION}-${MAX_DURATION}, got '${value}'`);
  }
  return Number(value);
}

function checkRegion(region: string | undefined): string | undefined {
  if (region !== undefined && !REGION.test(region)) {
    throw new UsageError(`--region must be an AWS region like us-east-1, got '${region}'`);
  }
  return region;
}

function defaultSessionName(serialNumber: string): string {
  const device = serialNumber.split('/').pop() ?? 'mfa';
  return `cdk-data-protection-${device}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, '\'\\\'\'')}'`;
}

function failure(message: string): CliResult {
  return { exitCode: 1, stdout: '', stderr: `error: ${message}\n` };
}

function usageFailure(err: unknown): CliResult {
  const message = err instanceof Error ? err.message : String(err);
  return { exitCode: 2, stdout: '', stderr: `error: ${message}\nRun 'cdk-data-protection --help' for usage.\n` };
}
