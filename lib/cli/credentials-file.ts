import * as fs from 'fs';
import * as path from 'path';

/** The keys written into one profile of the shared credentials file. */
export interface ProfileCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** ISO-8601 expiration, written as a comment. */
  readonly expiration?: string;
}

/**
 * Writes (or replaces) one profile in an AWS shared credentials file, keeping
 * every other profile and comment as it was. The file ends with mode 0600 and
 * is replaced atomically (written beside it, then renamed).
 */
export function writeProfile(file: string, profileName: string, creds: ProfileCredentials): void {
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const updated = upsertProfile(existing, profileName, creds);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, updated, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

/**
 * Whether profile `profileName` of the credentials file holds long-term keys (an access key
 * without a session token): overwriting it with session credentials would lose them.
 */
export function holdsLongTermKeys(file: string, profileName: string): boolean {
  if (!fs.existsSync(file)) {
    return false;
  }
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  const isHeader = (line: string) => /^\s*\[[^\]]*\]\s*$/.test(line);
  const start = lines.findIndex((line) => isHeader(line) && line.trim().slice(1, -1).trim() === profileName);
  if (start === -1) {
    return false;
  }
  const body: string[] = [];
  for (let i = start + 1; i < lines.length && !isHeader(lines[i]); i++) {
    body.push(lines[i].trim());
  }
  return body.some((l) => /^aws_access_key_id\s*=/.test(l)) && !body.some((l) => /^aws_session_token\s*=/.test(l));
}

/** The credentials file text with profile `profileName` set to `creds`. */
export function upsertProfile(text: string, profileName: string, creds: ProfileCredentials): string {
  const section = [
    `[${profileName}]`,
    `# written by cdk-data-protection mfa-session${creds.expiration ? `; expires ${creds.expiration}` : ''}`,
    `aws_access_key_id = ${creds.accessKeyId}`,
    `aws_secret_access_key = ${creds.secretAccessKey}`,
    `aws_session_token = ${creds.sessionToken}`,
  ];
  const lines = text === '' ? [] : text.replace(/\r?\n$/, '').split(/\r?\n/);
  const isHeader = (line: string) => /^\s*\[[^\]]*\]\s*$/.test(line);
  const start = lines.findIndex(line => isHeader(line) && line.trim().slice(1, -1).trim() === profileName);
  if (start === -1) {
    const sep = lines.length > 0 && lines[lines.length - 1].trim() !== '' ? [''] : [];
    return [...lines, ...sep, ...section].join('\n') + '\n';
  }
  let end = start + 1;
  while (end < lines.length && !isHeader(lines[end])) {
    end++;
  }
  // keep the blank lines that separated the old section from the next one
  let keepFrom = end;
  while (keepFrom > start + 1 && lines[keepFrom - 1].trim() === '') {
    keepFrom--;
  }
  return [...lines.slice(0, start), ...section, ...lines.slice(keepFrom)].join('\n') + '\n';
}
