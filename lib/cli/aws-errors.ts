/**
 * Turns the errors of the AWS SDK (credential providers and STS) into one-line
 * messages that name the fix. Internal to the CLI: not part of the library API.
 */

/** What the failing call was doing, so the message can name the values involved. */
export interface AwsErrorContext {
  /** The role the caller tried to assume (mfa-session). */
  readonly roleArn?: string;
  /** The MFA device serial number or ARN (mfa-session). */
  readonly serialNumber?: string;
}

/**
 * A one-line explanation of an AWS error, naming the fix.
 *
 * Matches on the error `name` first and on its message second, because the
 * credential providers and STS report some conditions only in the message.
 * Unknown errors keep the AWS error name and message.
 */
export function explainAwsError(err: unknown, context: AwsErrorContext = {}): string {
  const name = errorName(err);
  const message = errorMessage(err);

  if (name === 'CredentialsProviderError' || /Could not load credentials from any providers/i.test(message)) {
    return 'no AWS credentials found: set AWS_PROFILE (and run `aws sso login` for an SSO profile) '
      + 'or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, then retry';
  }
  if (/^Region is missing/i.test(message)) {
    return 'no AWS region configured: pass --region (for example --region us-east-1) or set AWS_REGION';
  }
  if (name === 'ExpiredToken' || name === 'ExpiredTokenException' || /security token included in the request is expired/i.test(message)) {
    return 'the AWS session token in use has expired: refresh your credentials (`aws sso login`, '
      + 'or unset the old AWS_SESSION_TOKEN and run mfa-session again), then retry';
  }
  if (name === 'InvalidClientTokenId' || /security token included in the request is invalid/i.test(message)) {
    return 'the AWS access key in use is invalid or deactivated: check AWS_ACCESS_KEY_ID / AWS_PROFILE, then retry';
  }
  if (name === 'AccessDenied' || name === 'AccessDeniedException') {
    return explainAccessDenied(message, context);
  }
  if (name === 'ValidationError' && /DurationSeconds exceeds the MaxSessionDuration/i.test(message)) {
    return `--duration is longer than the maximum session duration of role ${context.roleArn ?? '(unknown)'}: `
      + 'pass a smaller --duration or raise the role\'s MaxSessionDuration';
  }
  return `${name}: ${oneLine(message)}`;
}

function explainAccessDenied(message: string, context: AwsErrorContext): string {
  const serial = context.serialNumber ?? '(none given)';
  const mfaFailed = /MultiFactorAuthentication failed/i.test(message);
  if (mfaFailed && /invalid MFA one time pass code/i.test(message)) {
    return 'MFA token code rejected (wrong, expired or already used): wait for the next code on the device '
      + `${serial} and retry with a fresh --token-code`;
  }
  if ((mfaFailed && /unable to validate/i.test(message))
    || (context.serialNumber !== undefined && message.includes(context.serialNumber))
    || /serial number/i.test(message)) {
    return `MFA device ${serial} was not found for the caller: check --serial-number against `
      + '`aws iam list-mfa-devices` (the device must belong to the user whose credentials are in use)';
  }
  if (/not authorized to perform:? sts:AssumeRole/i.test(message)) {
    return `role ${context.roleArn ?? '(unknown)'} cannot be assumed by the current caller: the role's trust policy `
      + 'must allow this principal (with aws:MultiFactorAuthPresent) and the caller needs sts:AssumeRole on it';
  }
  return `AccessDenied: ${oneLine(message)}`;
}

function errorName(err: unknown): string {
  if (err !== null && typeof err === 'object') {
    const e = err as { name?: unknown; Code?: unknown; code?: unknown };
    for (const candidate of [e.name, e.Code, e.code]) {
      if (typeof candidate === 'string' && candidate !== '' && candidate !== 'Error') {
        return candidate;
      }
    }
  }
  return 'Error';
}

function errorMessage(err: unknown): string {
  if (err !== null && typeof err === 'object' && typeof (err as { message?: unknown }).message === 'string') {
    return (err as { message: string }).message;
  }
  return String(err);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
