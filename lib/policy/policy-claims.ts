import type { DataProtectionPolicy } from './data-protection-policy';
import { RestoreTestSchedule } from './restore-test-schedule';
import { CATALOG, catalogClaim } from '../evidence/catalog';
import { DataProtectionError } from '../private/errors';

/**
 * One value a claim expects to find in the synthesized templates.
 */
export interface ClaimExpectation {
  /** What is compared (`backupRetentionDays`, `region`, ...). */
  readonly property: string;
  /** The value the templates must show, as text (`14`, `us-east-1`). */
  readonly value: string;
}

/**
 * A promise of the trust page, as the policy records it in the cloud assembly.
 */
export interface PolicyClaim {
  /** The id in the claims catalog (`S0-02`). */
  readonly id: string;
  /** The promise in plain language, as a trust page would say it, with the policy's values. */
  readonly text: string;
  /** The values the evidence report must find in the templates. */
  readonly expected: ClaimExpectation[];
}

/** What a claim says and expects under a policy, or why the policy cannot make it. */
type ClaimDefinition = (p: DataProtectionPolicy, claimed: ReadonlySet<string>) => { text: string; expected?: Record<string, string> };

/** The `[ok, why-not]` of a claim whose value the catalog fixes. */
function requireThat(ok: boolean, id: string, why: string, p: DataProtectionPolicy): void {
  if (!ok) {
    throw new DataProtectionError(`claim ${id} cannot be made by this policy: ${why}`, p);
  }
}

function backupDays(id: string, days: number): ClaimDefinition {
  return (p) => {
    const actual = p.backup.retention.toDays();
    requireThat(actual === days, id, `it promises daily backups kept ${days} days, but the policy's backup retention is ${actual} days`, p);
    return { text: `Daily backups are kept ${days} days.`, expected: { backupRetentionDays: String(days) } };
  };
}

function region(p: DataProtectionPolicy, id: string): string {
  requireThat(p.region !== undefined, id, 'it names the one region data is stored in, but the policy has no `region`', p);
  return p.region!;
}

/** S0-05, S4-01: the one region, and the regions people may reach: the backup copies' too, said in the text. */
function regionClaim(p: DataProtectionPolicy, id: string, verb: string): { text: string; expected: Record<string, string> } {
  const home = region(p, id);
  const copies = p.backupCopyRegions;
  return {
    text: `Data is ${verb} in one AWS region: ${home}${copies.length > 0 ? `; only backup copies are kept in ${copies.join(' and ')}` : ''}.`,
    expected: { region: home, allowedRegions: [home, ...copies].join(',') },
  };
}

function logDays(p: DataProtectionPolicy): string {
  return p.logRetentionDays === Infinity ? 'INFINITE' : String(p.logRetentionDays);
}

/** How long logs are kept, after "kept": `at least 365 days` (or `for 365 days`), or `indefinitely`. */
function logText(p: DataProtectionPolicy, bound: 'at least' | 'for'): string {
  return p.logRetentionDays === Infinity ? 'indefinitely' : `${bound} ${p.logRetentionDays} days`;
}

function copyRegions(p: DataProtectionPolicy, id: string, minimum: number): string {
  requireThat(p.backupCopyRegions.length >= minimum, id,
    `it needs backup copies in at least ${minimum} other region${minimum > 1 ? 's' : ''}, but the policy's backupCopyRegions lists ${p.backupCopyRegions.length}`, p);
  return p.backupCopyRegions.join(',');
}

const TLS = (p: DataProtectionPolicy) => ({ minimumTlsVersion: p.minimumTlsVersion.toString() });

/** The S4-06 tiers: schedule name and days. */
const GFS_TIERS: Array<[string, number]> = [['Hourly', 2], ['Daily', 7], ['Weekly', 28], ['Monthly', 365]];

/**
 * What each catalog claim says in plain language under a policy, and the values it expects.
 * Values the catalog fixes ("kept 14 days") must match the policy, or the claim is refused.
 */
const DEFINITIONS: Record<string, ClaimDefinition> = {
  'S0-01': (p) => ({
    text: 'Every customer data store is backed up automatically every day.',
    expected: { dailyBackup: p.backup.rules.find((r) => r.name === 'Daily')!.scheduleExpression },
  }),
  'S0-02': backupDays('S0-02', 14),
  // The template shows the trail and the application's log groups, not that the application writes to them.
  'S0-03': () => ({ text: 'Every console and API action in every region is logged, and the application has dedicated log groups, masking personal data, for its own events.' }),
  'S0-04': (p) => ({ text: `Logs are stored in Amazon CloudWatch Logs and kept ${logText(p, 'at least')}.`, expected: { logRetentionDays: logDays(p) } }),
  'S0-05': (p) => regionClaim(p, 'S0-05', 'hosted'),
  'S0-06': () => ({ text: 'Stored files are encrypted at rest with AES-256 (SSE-S3 or stronger).', expected: { minimumEncryption: 'SSE-S3' } }),
  'S0-07': () => ({ text: 'Traffic between browsers and the service is encrypted with TLS, with certificates issued and renewed by AWS.' }),
  'S0-08': (p) => ({ text: `The TLS configuration allows only TLS ${p.minimumTlsVersion} or newer with forward-secret ciphers.`, expected: TLS(p) }),
  'S0-09': () => ({ text: 'Access to production data and accounts requires multi-factor authentication.' }),
  'S0-10': () => ({ text: 'Third-party integration credentials are stored encrypted and readable only by the integration.' }),
  // IncidentResponse routes GuardDuty findings from severity 7 (high) and Security Hub findings rated HIGH or CRITICAL, not every finding.
  'S0-11': () => ({ text: 'High and critical security findings are routed at once to an encrypted incident topic, and a breach notice template states the extent, what happened, the dates, the scope and the response.' }),
  'S0-12': () => ({ text: 'Users are not tracked with screen recordings.' }),
  'S1-01': (p) => ({
    text: `Data is classified as ${p.dataClasses.map((c) => `${c.label} (${c.protectionLevel.toLowerCase()})`).join(', ')}; each class decides its protection.`,
    expected: { dataClasses: p.dataClasses.map((c) => c.name).join(',') },
  }),
  'S1-02': () => ({ text: 'Encryption keys rotate every year, certificates use RSA-2048 with SHA-256, and API and SFTP endpoints allow only modern ciphers.' }),
  'S1-03': () => ({ text: 'Only named staff can reach personal data, through a role that requires MFA and covers only data tagged as personal.' }),
  'S1-04': () => ({ text: 'Personal data (e-mail addresses, names, addresses, phone numbers, card numbers) is masked in application logs.' }),
  'S1-05': () => ({ text: 'Staff, administrators and customer administrators authenticate with MFA before they reach sensitive data.' }),
  'S1-06': (p) => {
    requireThat(p.logRetentionDays >= 365, 'S1-06', `it promises a one-year history, but the policy's logRetention is ${p.logRetentionDays} days`, p);
    return { text: `A history of system activity is kept ${logText(p, 'for')}.`, expected: { minimumLogRetentionDays: '365' } };
  },
  'S1-07': () => ({ text: 'Activity is monitored for anomalies by Amazon GuardDuty and by alarms on the CIS benchmark events.' }),
  'S1-08': (p) => ({
    text: `Backups are taken daily and copied to ${p.backupCopyRegions.length} other regions: ${p.backupCopyRegions.join(', ')}.`,
    expected: { copyRegions: copyRegions(p, 'S1-08', 2) },
  }),
  'S1-09': backupDays('S1-09', 30),
  'S1-10': (p) => ({
    text: `Restores from backup are tested automatically (${p.restoreTesting.frequency}).`,
    expected: { restoreTestingSchedule: p.restoreTesting.scheduleExpression },
  }),
  'S1-11': () => ({ text: 'Data that is no longer needed is deleted automatically: deleted and overwritten files are purged after the retention period, and logs expire.' }),
  'S1-12': () => ({ text: 'Staff pass background checks, sign NDAs and are trained.' }),
  'S1-13': () => ({ text: 'Each proven measure is mapped to the SOC 2 criteria and ISO 27001 controls an auditor tests.' }),
  'S1-14': () => ({ text: 'Personal data is processed under a register of processing activities (GDPR Art. 30), generated from the infrastructure.' }),
  'S2-01': () => ({ text: 'Every access to customer data is logged: API calls, object reads and writes, storage access logs and database logs.' }),
  'S2-02': (p) => ({ text: `Data in transit is encrypted with TLS ${p.minimumTlsVersion} or newer; unencrypted connections are refused.`, expected: TLS(p) }),
  'S2-03': (p) => ({ text: `All data at rest is encrypted with AES-256 (${p.atRestEncryption.description} or stronger).`, expected: { atRestEncryption: p.atRestEncryption.name } }),
  'S2-04': () => ({ text: 'TLS policies are named in one place and upgraded with each release as AWS publishes stronger ones.' }),
  'S2-05': () => ({
    text: 'Each customer\'s data is segregated logically: its own prefix, an IAM role tagged with its tenant id that reaches only that prefix, '
      + 'a bucket policy that denies tenant principals everything outside their own prefix, and optionally its own KMS key.',
  }),
  'S2-06': () => ({ text: 'Databases are replicated across availability zones, protecting them from hardware failure.' }),
  // The sentence names every internet-facing endpoint the page promises: the CDN of S4-05, the administrators' VPN of S2-09.
  'S2-07': (_p, claimed) => {
    const named = [
      ['load balancer', 'the load balancer (HTTPS on TCP 443, port 80 only redirecting to it)'],
      ...(claimed.has('S4-05') ? [['CloudFront distribution', 'the CDN (HTTPS, HTTP only redirecting to it)']] : []),
      ...(claimed.has('S2-09') ? [['Client VPN endpoint', 'the administrators\' Client VPN endpoint']] : []),
    ];
    const list = named.map(([, words]) => words);
    const sentence = list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
    return {
      text: `Only ${sentence} ${list.length === 1 ? 'is' : 'are'} reachable from the internet; everything else sits in private or isolated subnets.`,
      expected: { reachable: named.map(([kind]) => kind).join(',') },
    };
  },
  // No Shield Advanced is claimed: the sentence says what the web ACL does, not "DDoS protection".
  'S2-08': () => ({ text: 'A web application firewall with rate limiting and AWS managed rules sits in front of every internet-facing load balancer and CDN, against request floods and common web attacks.' }),
  'S2-09': () => ({ text: 'Production changes are made only by authorised staff, through a dedicated VPN, with MFA.' }),
  'S2-10': () => ({ text: 'The service spans at least two availability zones, tolerating the loss of a server or a data centre.' }),
  'S2-11': (p) => ({ text: 'Data is stored redundantly: customer data is replicated or backed up, and backups are copied to another region.', expected: { copyRegions: copyRegions(p, 'S2-11', 1) } }),
  'S2-12': () => ({ text: 'Every failed backup, copy or restore job is published to an alert topic for operations.' }),
  'S2-13': (p) => {
    requireThat(p.restoreTesting === RestoreTestSchedule.DAILY, 'S2-13', `it promises daily restore tests, but the policy's restoreTesting is ${p.restoreTesting.frequency}`, p);
    return { text: 'Backups are restored automatically every day to test them.', expected: { restoreTestingSchedule: p.restoreTesting.scheduleExpression } };
  },
  'S2-14': () => ({ text: 'Logs are centralised and analysed automatically for security events (GuardDuty, Security Hub standards, CIS alarms).' }),
  'S2-15': () => ({ text: 'Infrastructure code is checked by industry rule sets (AWS Solutions, HIPAA, NIST 800-53, PCI DSS, Control Tower) on every build.' }),
  'S2-16': () => ({ text: 'Every user signs in with a unique identity; there are no shared or long-lived IAM user credentials.' }),
  'S3-01': () => ({ text: 'A register of processing activities (GDPR Art. 30) lists every data store, its data class, retention, location and processors.' }),
  'S3-02': (p) => ({
    text: `Only declared data classes are stored (${p.dataClasses.map((c) => c.label).join(', ')}); every data store carries its class.`,
    expected: { dataClasses: p.dataClasses.map((c) => c.name).join(',') },
  }),
  'S3-03': () => ({ text: 'Technical measures of GDPR Art. 32 follow the CNIL security guide: authentication, authorisations, access tracing, incident handling, continuity, archiving, destruction and encryption.' }),
  'S3-04': () => ({ text: 'AWS is our subcontractor, under its data processing agreement.' }),
  'S3-05': () => ({ text: 'Personal data is kept for the relationship plus three years, then deleted.', expected: { endedDataExpiryDays: '1095' } }),
  'S3-06': () => ({ text: 'Every store of personal data is listed, so access, rectification, erasure and portability requests can be served; no lock outlasts the erasure deadline.' }),
  'S4-01': (p) => regionClaim(p, 'S4-01', 'stored'),
  'S4-02': () => ({ text: 'Each customer workspace has its own deletion schedule.' }),
  'S4-03': () => ({ text: 'Only users with a verified e-mail address of an allowed company domain can sign up.' }),
  'S4-04': () => ({ text: 'Sensitive data in captured requests is masked in logs.' }),
  'S4-05': (p) => ({ text: `A CDN with a web application firewall and TLS ${p.minimumTlsVersion} or newer sits in front of the service.`, expected: TLS(p) }),
  'S4-06': (p) => {
    const rules = new Map(p.backup.rules.map((r) => [r.name, r.deleteAfter.toDays()]));
    const matches = rules.size === GFS_TIERS.length && GFS_TIERS.every(([name, days]) => rules.get(name) === days);
    requireThat(matches, 'S4-06', `it promises hourly backups kept 2 days, daily 7, weekly 28 and monthly 365, but the policy's schedule is: ${p.backup.summary}`, p);
    return {
      text: 'Backups are taken hourly (kept 2 days), daily (kept 7 days), weekly (kept 4 weeks) and monthly (kept 12 months).',
      expected: Object.fromEntries(p.backup.rules.map((r) => [`backupRule.${r.name}`, `${r.scheduleExpression} ${r.deleteAfter.toDays()}`])),
    };
  },
  'S4-07': (p) => ({ text: `Data is encrypted at rest with AES-256 and in transit with TLS ${p.minimumTlsVersion} or newer.`, expected: { ...TLS(p), atRestEncryption: p.atRestEncryption.name } }),
  'S4-08': () => ({ text: 'Two-factor authentication is required on the cloud accounts.' }),
  'S4-09': () => ({ text: 'Firewalls restrict the network, and Amazon GuardDuty provides managed threat detection.' }),
  'S4-10': () => ({ text: 'Workloads are scanned for vulnerabilities continuously by Amazon Inspector.' }),
  'S4-11': () => ({ text: 'Users affected by an incident are told, from a notice template with every required part.' }),
  'S4-12': () => ({ text: 'Each proven measure is mapped to the SOC 2 trust services criteria.' }),
  'S4-13': (p) => ({ text: `Security issues can be reported to ${p.securityContact}.`, expected: { securityContact: p.securityContact } }),
};

/**
 * The claims a policy records: each catalog id it makes, in catalog order, with its text and
 * expected values. Refuses unknown ids, duplicates and claims the policy's settings contradict.
 */
export function policyClaims(policy: DataProtectionPolicy, ids: string[]): PolicyClaim[] {
  const seen = new Set<string>();
  for (const id of ids) {
    if (!catalogClaim(id)) {
      throw new DataProtectionError(`claims must be ids of the claims catalog (${CATALOG[0].id} ... ${CATALOG[CATALOG.length - 1].id}), got '${id}'`, policy);
    }
    if (seen.has(id)) {
      throw new DataProtectionError(`claims must not list '${id}' twice`, policy);
    }
    seen.add(id);
  }
  return CATALOG.filter((c) => seen.has(c.id)).map((c) => {
    const { text, expected } = DEFINITIONS[c.id](policy, seen);
    return { id: c.id, text, expected: Object.entries(expected ?? {}).map(([property, value]) => ({ property, value })) };
  });
}

/** Every catalog id has a definition (checked by a test). */
export const DEFINED_CLAIM_IDS = Object.keys(DEFINITIONS);
