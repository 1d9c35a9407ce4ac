import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { upsertProfile } from '../../lib/cli/credentials-file';
import { ALLOWED_ACCOUNTS_ENV, mfaSession, runCli, whoami } from '../../lib/cli/deploy-guard';

const sts = mockClient(STSClient);

const ROLE = 'arn:aws:iam::111111111111:role/Deploy';
const SERIAL = 'arn:aws:iam::222222222222:mfa/alice';
const EXPIRATION = new Date('2030-01-01T00:00:00Z');
const MFA_ARGS = ['mfa-session', '--role-arn', ROLE, '--serial-number', SERIAL, '--token-code', '123456'];

function awsError(name: string, message: string): Error {
  const err = new Error(message);
  err.name = name;
  return err;
}

/** MFA_ARGS with `name` set to `value` (replaced when present, appended otherwise). */
function withOption(name: string, value: string): string[] {
  const argv = [...MFA_ARGS];
  const at = argv.indexOf(name);
  if (at === -1) {
    argv.push(name, value);
  } else {
    argv[at + 1] = value;
  }
  return argv;
}

function run(argv: string[], env: Record<string, string | undefined> = {}, credentialsFile?: string) {
  return runCli(argv, { env, credentialsFile, createClient: () => new STSClient({ region: 'us-east-1' }) });
}

function givenCredentials() {
  sts.on(AssumeRoleCommand).resolves({
    Credentials: {
      AccessKeyId: 'ASIAEXAMPLE',
      SecretAccessKey: 'secret/key+value',
      SessionToken: 'token==',
      Expiration: EXPIRATION,
    },
  });
}

beforeEach(() => {
  sts.reset();
  sts.on(GetCallerIdentityCommand).resolves({
    Account: '111111111111',
    Arn: 'arn:aws:sts::111111111111:assumed-role/Deploy/alice',
    UserId: 'AROAEXAMPLE:alice',
  });
});

describe('whoami (claims S0-05, S4-01: deploy only to the named account)', () => {
  test('admits an account in --allowed-accounts', async () => {
    // WHEN
    const result = await run(['whoami', '--allowed-accounts', '111111111111,222222222222', '--region', 'us-east-1']);
    // THEN
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('account: 111111111111');
    expect(result.stdout).toContain('arn: arn:aws:sts::111111111111:assumed-role/Deploy/alice');
    expect(result.stdout).toContain('user id: AROAEXAMPLE:alice');
    expect(result.stdout).toContain('allowed: yes');
  });

  test('refuses an account not in the list, exit 1', async () => {
    // GIVEN
    sts.on(GetCallerIdentityCommand).resolves({ Account: '333333333333', Arn: 'arn:aws:iam::333333333333:user/bob', UserId: 'AIDA' });
    // WHEN
    const result = await run(['whoami', '--allowed-accounts', '111111111111, 222222222222']);
    // THEN
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('allowed: NO — account 333333333333 is not in 111111111111, 222222222222');
    expect(result.stderr).toMatch(/wrong account 333333333333: switch to credentials for one of 111111111111, 222222222222/);
  });

  test('takes the allowed list from the environment', async () => {
    // WHEN
    const ok = await run(['whoami'], { [ALLOWED_ACCOUNTS_ENV]: '111111111111' });
    const notOk = await run(['whoami'], { [ALLOWED_ACCOUNTS_ENV]: '444444444444' });
    // THEN
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toContain('allowed: yes');
    expect(notOk.exitCode).toBe(1);
    expect(notOk.stdout).toContain('allowed: NO — account 111111111111 is not in 444444444444');
  });

  test('--allowed-accounts wins over the environment', async () => {
    const result = await run(['whoami', '--allowed-accounts', '111111111111'], { [ALLOWED_ACCOUNTS_ENV]: '444444444444' });
    expect(result.exitCode).toBe(0);
  });

  test('without an allowed list reports the identity and says it did not check', async () => {
    const result = await whoami(new STSClient({ region: 'us-east-1' }));
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/allowed: not checked/);
  });

  test.each([
    [['whoami', '--allowed-accounts', '1234'], /--allowed-accounts: account id must be exactly 12 digits, got '1234'/],
    [['whoami', '--allowed-accounts', ','], /--allowed-accounts must list at least one 12-digit account id, got ','/],
    [['whoami', '--region', 'mars'], /--region must be an AWS region like us-east-1, got 'mars'/],
    [['whoami', '--bogus'], /Unknown option '--bogus'/],
  ])('rejects bad input %j with exit 2', async (argv, message) => {
    const result = await run(argv);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(0);
  });

  test('rejects a bad account id from the environment, naming the variable', async () => {
    const result = await run(['whoami'], { [ALLOWED_ACCOUNTS_ENV]: '11111111111x' });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`${ALLOWED_ACCOUNTS_ENV}: account id must be exactly 12 digits, got '11111111111x'`);
  });

  test('no credentials: one line naming the fix, exit 1', async () => {
    sts.on(GetCallerIdentityCommand).rejects(awsError('CredentialsProviderError', 'Could not load credentials from any providers'));
    const result = await run(['whoami']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^error: no AWS credentials found: set AWS_PROFILE .* then retry\n$/);
  });

  test('no credentials recognised by message alone', async () => {
    sts.on(GetCallerIdentityCommand).rejects(new Error('Could not load credentials from any providers'));
    const result = await run(['whoami']);
    expect(result.stderr).toMatch(/no AWS credentials found/);
  });

  test('expired token', async () => {
    sts.on(GetCallerIdentityCommand).rejects(awsError('ExpiredToken', 'The security token included in the request is expired'));
    const result = await run(['whoami']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/session token in use has expired: refresh your credentials/);
  });

  test('missing region', async () => {
    sts.on(GetCallerIdentityCommand).rejects(new Error('Region is missing'));
    const result = await run(['whoami']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/no AWS region configured: pass --region/);
  });

  test('unknown AWS errors keep their name and message', async () => {
    sts.on(GetCallerIdentityCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
    const result = await run(['whoami']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe('error: ThrottlingException: Rate exceeded\n');
  });
});

describe('mfa-session (claim S2-16: people use roles with MFA)', () => {
  test('prints shell exports and calls AssumeRole with the MFA device and code', async () => {
    // GIVEN
    givenCredentials();
    // WHEN
    const result = await run([...MFA_ARGS, '--duration', '7200', '--session-name', 'alice-deploy']);
    // THEN
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe([
      'export AWS_ACCESS_KEY_ID=\'ASIAEXAMPLE\';',
      'export AWS_SECRET_ACCESS_KEY=\'secret/key+value\';',
      'export AWS_SESSION_TOKEN=\'token==\';',
      `# role ${ROLE} session expires 2030-01-01T00:00:00.000Z`,
      '',
    ].join('\n'));
    const calls = sts.commandCalls(AssumeRoleCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0].input).toEqual({
      RoleArn: ROLE,
      SerialNumber: SERIAL,
      TokenCode: '123456',
      DurationSeconds: 7200,
      RoleSessionName: 'alice-deploy',
    });
  });

  test('defaults to one hour and a session name from the device', async () => {
    givenCredentials();
    await run(MFA_ARGS);
    const input = sts.commandCalls(AssumeRoleCommand)[0].args[0].input;
    expect(input.DurationSeconds).toBe(3600);
    expect(input.RoleSessionName).toBe('cdk-data-protection-alice');
  });

  test('accepts a hardware token serial', async () => {
    givenCredentials();
    const result = await run(['mfa-session', '--role-arn', ROLE, '--serial-number', 'GAHT12345678', '--token-code', '000111']);
    expect(result.exitCode).toBe(0);
    expect(sts.commandCalls(AssumeRoleCommand)[0].args[0].input.SerialNumber).toBe('GAHT12345678');
  });

  describe('with --profile-name', () => {
    let dir: string;
    let file: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-cli-'));
      file = path.join(dir, 'credentials');
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    test('writes the profile, keeps the others, mode 0600, prints no secret', async () => {
      // GIVEN
      fs.writeFileSync(file, '[default]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = other\n', { mode: 0o644 });
      givenCredentials();
      // WHEN
      const result = await run([...MFA_ARGS, '--profile-name', 'prod-mfa'], {}, file);
      // THEN
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain(`wrote profile 'prod-mfa' to ${file}`);
      expect(result.stdout).toContain('AWS_PROFILE=prod-mfa');
      expect(result.stdout + result.stderr).not.toMatch(/secret\/key|token==|ASIAEXAMPLE/);
      const text = fs.readFileSync(file, 'utf8');
      expect(text).toContain('[default]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = other\n');
      expect(text).toContain('[prod-mfa]\n');
      expect(text).toContain('aws_access_key_id = ASIAEXAMPLE\naws_secret_access_key = secret/key+value\naws_session_token = token==\n');
      expect((fs.statSync(file).mode % 0o1000)).toBe(0o600);
    });

    test('S2-16 refuses to overwrite a profile that holds long-term keys, before spending the token code', async () => {
      // GIVEN
      fs.writeFileSync(file, '[default]\naws_access_key_id = AKIALONGTERM\naws_secret_access_key = keep-me\n');
      givenCredentials();
      // WHEN
      const result = await run([...MFA_ARGS, '--profile-name', 'default'], {}, file);
      // THEN
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain(`--profile-name 'default' holds long-term access keys in ${file}`);
      expect(fs.readFileSync(file, 'utf8')).toContain('AKIALONGTERM');
      expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
    });

    test('replaces an existing profile in place', async () => {
      fs.writeFileSync(file, '[prod-mfa]\naws_access_key_id = OLD\naws_session_token = OLD\n\n[other]\nregion = eu-west-1\n');
      givenCredentials();
      await run([...MFA_ARGS, '--profile-name', 'prod-mfa'], {}, file);
      const text = fs.readFileSync(file, 'utf8');
      expect(text).not.toContain('OLD');
      expect(text).toMatch(/^\[prod-mfa\]\n# written by cdk-data-protection mfa-session; expires 2030-01-01T00:00:00.000Z\n/);
      expect(text).toMatch(/aws_session_token = token==\n\n\[other\]\nregion = eu-west-1\n$/);
    });

    test('takes the file from AWS_SHARED_CREDENTIALS_FILE and creates it', async () => {
      givenCredentials();
      const nested = path.join(dir, 'aws', 'credentials');
      const result = await runCli([...MFA_ARGS, '--profile-name', 'p'], {
        env: { AWS_SHARED_CREDENTIALS_FILE: nested },
        createClient: () => new STSClient({ region: 'us-east-1' }),
      });
      expect(result.exitCode).toBe(0);
      expect(fs.readFileSync(nested, 'utf8')).toContain('[p]\n');
      expect((fs.statSync(nested).mode % 0o1000)).toBe(0o600);
    });
  });

  test.each([
    [
      'AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
      /MFA token code rejected \(wrong, expired or already used\): wait for the next code/,
    ],
    [
      'AccessDenied', 'MultiFactorAuthentication failed, unable to validate MFA code. '
        + 'Please verify your MFA serial number is valid and associated with this user.',
      /MFA device arn:aws:iam::222222222222:mfa\/alice was not found for the caller: check --serial-number/,
    ],
    [
      'AccessDenied', `User: arn:aws:iam::222222222222:user/alice is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`,
      /role arn:aws:iam::111111111111:role\/Deploy cannot be assumed by the current caller: the role's trust policy/,
    ],
    [
      'ExpiredToken', 'The security token included in the request is expired',
      /session token in use has expired/,
    ],
    [
      'CredentialsProviderError', 'Could not load credentials from any providers',
      /no AWS credentials found/,
    ],
    [
      'ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      /--duration is longer than the maximum session duration of role arn:aws:iam::111111111111:role\/Deploy/,
    ],
    [
      'InvalidClientTokenId', 'The security token included in the request is invalid.',
      /access key in use is invalid or deactivated/,
    ],
    [
      'AccessDenied', 'Something else entirely',
      /^error: AccessDenied: Something else entirely\n$/,
    ],
  ])('maps %s "%s" to a one-line fix, exit 1', async (name, text, message) => {
    sts.on(AssumeRoleCommand).rejects(awsError(name, text));
    const result = await run(MFA_ARGS);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('fails clearly when AssumeRole returns no credentials', async () => {
    sts.on(AssumeRoleCommand).resolves({});
    const result = await run(MFA_ARGS);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/returned no credentials/);
  });

  test.each([
    [['--token-code', '12345'], /--token-code must be exactly 6 digits, got '12345'/],
    [['--duration', '600'], /--duration must be a whole number of seconds in 900-43200, got '600'/],
    [['--duration', '43201'], /in 900-43200, got '43201'/],
    [['--role-arn', 'arn:aws:iam::111:role/x'], /--role-arn must be a role ARN like arn:aws:iam::123456789012:role\/Deploy, got 'arn:aws:iam::111:role\/x'/],
    [['--serial-number', 'arn:aws:iam::222222222222:user/alice'], /--serial-number must be an MFA device ARN .* got 'arn:aws:iam::222222222222:user\/alice'/],
    [['--serial-number', 'short'], /--serial-number .* got 'short'/],
    [['--session-name', 'a b'], /--session-name must be 2-64 characters .* got 'a b'/],
    [['--profile-name', 'x]\n[y'], /--profile-name must be 1-128 characters/],
  ])('usage error for %j: exit 2 naming the value and range', async (override, message) => {
    const result = await run(withOption(override[0], override[1]));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('cdk-data-protection --help');
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
  });

  test('missing --role-arn is a usage error', async () => {
    const result = await run(['mfa-session', '--serial-number', SERIAL, '--token-code', '123456']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--role-arn is required/);
  });

  test('validates when called directly too', async () => {
    const result = await mfaSession(new STSClient({ region: 'us-east-1' }), { roleArn: ROLE, serialNumber: SERIAL, tokenCode: 'abcdef' });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/got 'abcdef'/);
  });
});

describe('usage', () => {
  test.each([[[]], [['--help']], [['-h']], [['whoami', '--help']], [['mfa-session', '--help']]])('%j prints usage, exit 0', async (argv) => {
    const result = await run(argv);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^Usage: cdk-data-protection <command> \[options\]/);
    for (const word of ['whoami', 'mfa-session', '--allowed-accounts', '--role-arn', '--serial-number', '--token-code',
      '--duration', '--profile-name', '--session-name', '--region', ALLOWED_ACCOUNTS_ENV]) {
      expect(result.stdout).toContain(word);
    }
  });

  test('unknown command: exit 2 with usage', async () => {
    const result = await run(['deploy']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/unknown command 'deploy': use evidence, observe, whoami or mfa-session/);
    expect(result.stderr).toContain('Usage: cdk-data-protection');
  });

  test('upsertProfile appends to an empty file', () => {
    expect(upsertProfile('', 'p', { accessKeyId: 'a', secretAccessKey: 's', sessionToken: 't' }))
      .toBe('[p]\n# written by cdk-data-protection mfa-session\naws_access_key_id = a\naws_secret_access_key = s\naws_session_token = t\n');
  });

  test('main runs as a node script', () => {
    const main = path.join(__dirname, '..', '..', 'lib', 'cli', 'main.ts');
    const help = spawnSync(process.execPath, ['-r', 'sucrase/register/ts', main, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: cdk-data-protection/);
    const bad = spawnSync(process.execPath, ['-r', 'sucrase/register/ts', main, 'mfa-session', '--token-code', '1'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--role-arn is required/);
  });
});
