/**
 * The catalog's promises (`S0-02` ... `S4-13`) as presets of the vocabulary: each id renders its
 * sentence and expected values from the policy parameters it reads, which the policy records
 * with the claim. The same function runs when the policy records the claim and when the report
 * reads it back, so a sentence or value edited in the Metadata disagrees and is VIOLATED.
 * Values the catalog fixes ("kept 14 days") must be the parameters', or the claim cannot be made.
 */
import { BACKUP_RETENTION } from './backup-retention';
import { PromiseParameterError, RenderedPromise } from './kind';

/** The policy values the catalog's sentences read (plain JSON, recorded with each claim that reads them). */
export interface PolicyParameters {
  readonly securityContact?: string;
  readonly region?: string;
  readonly backupCopyRegions?: string[];
  /** The daily backup retention in days (also the RDS automated backup retention). */
  readonly backupRetentionDays?: number;
  /** The rules of the backup schedule: name, schedule expression and days kept. */
  readonly backupRules?: Array<{ name: string; schedule: string; days: number }>;
  /** `INFINITE` or a number of days. */
  readonly logRetentionDays?: number | 'INFINITE';
  /** `1.2`, `1.3`. */
  readonly minimumTlsVersion?: string;
  readonly atRestEncryption?: { name: string; description: string };
  readonly restoreTesting?: { frequency: string; schedule: string };
  readonly dataClasses?: Array<{ name: string; label: string; protectionLevel: string }>;
  /**
   * The catalog ids the policy claims, for a sentence that depends on the other claims of the
   * page (record it with `uses: ['claimed']`).
   */
  readonly claimed?: string[];
}

type Params = PolicyParameters;

/** A catalog preset: the parameters it reads and its sentence. */
interface Preset {
  readonly uses: Array<keyof PolicyParameters>;
  render(p: Params): { text: string; expected?: Record<string, string> };
}

function need<T>(value: T | undefined, name: string): T {
  if (value === undefined) {
    throw new PromiseParameterError(`the parameter ${name} is missing`);
  }
  return value;
}

function requireThat(ok: boolean, why: string): void {
  if (!ok) {
    throw new PromiseParameterError(why);
  }
}

function fixed(text: string): Preset {
  return { uses: [], render: () => ({ text }) };
}

function backupDays(days: number): Preset {
  return {
    uses: ['backupRetentionDays'],
    render: (p) => {
      const actual = need(p.backupRetentionDays, 'backupRetentionDays');
      requireThat(actual === days, `it promises daily backups kept ${days} days, but the policy's backup retention is ${actual} days`);
      // The sentence is the vocabulary's: daily backups kept exactly `days` days.
      return { text: BACKUP_RETENTION.render({ tier: 'DAILY', days, bound: 'EXACTLY' }).text, expected: { backupRetentionDays: String(days) } };
    },
  };
}

function regionClaim(verb: string): Preset {
  return {
    uses: ['region', 'backupCopyRegions'],
    render: (p) => {
      const home = p.region;
      requireThat(home !== undefined, 'it names the one region data is stored in, but the policy has no `region`');
      const copies = need(p.backupCopyRegions, 'backupCopyRegions');
      return {
        text: `Data is ${verb} in one AWS region: ${home}${copies.length > 0 ? `; only backup copies are kept in ${copies.join(' and ')}` : ''}.`,
        expected: { region: home!, allowedRegions: [home, ...copies].join(',') },
      };
    },
  };
}

function logDays(p: Params): string {
  return String(need(p.logRetentionDays, 'logRetentionDays'));
}

function logText(p: Params, bound: 'at least' | 'for'): string {
  const days = need(p.logRetentionDays, 'logRetentionDays');
  return days === 'INFINITE' ? 'indefinitely' : `${bound} ${days} days`;
}

function copyRegions(p: Params, minimum: number): string {
  const copies = need(p.backupCopyRegions, 'backupCopyRegions');
  requireThat(copies.length >= minimum,
    `it needs backup copies in at least ${minimum} other region${minimum > 1 ? 's' : ''}, but the policy's backupCopyRegions lists ${copies.length}`);
  return copies.join(',');
}

const tls = (p: Params) => need(p.minimumTlsVersion, 'minimumTlsVersion');
const TLS = (p: Params) => ({ minimumTlsVersion: tls(p) });

/** The S4-06 tiers: schedule name and days. */
const GFS_TIERS: Array<[string, number]> = [['Hourly', 2], ['Daily', 7], ['Weekly', 28], ['Monthly', 365]];

/** Every catalog id's preset. */
const PRESETS: Record<string, Preset> = {
  'S0-01': {
    uses: ['backupRules'],
    render: (p) => {
      const daily = need(p.backupRules, 'backupRules').find((r) => r.name === 'Daily');
      requireThat(daily !== undefined, 'it promises daily backups, but the policy\'s schedule has no Daily rule');
      return { text: 'Every customer data store is backed up automatically every day.', expected: { dailyBackup: daily!.schedule } };
    },
  },
  'S0-02': backupDays(14),
  // The template shows the trail and the application's log groups, not that the application writes to them.
  'S0-03': fixed('Every console and API action in every region is logged, and the application has dedicated log groups, masking personal data, for its own events.'),
  'S0-04': { uses: ['logRetentionDays'], render: (p) => ({ text: `Logs are stored in Amazon CloudWatch Logs and kept ${logText(p, 'at least')}.`, expected: { logRetentionDays: logDays(p) } }) },
  'S0-05': regionClaim('hosted'),
  'S0-06': { uses: [], render: () => ({ text: 'Stored files are encrypted at rest with AES-256 (SSE-S3 or stronger).', expected: { minimumEncryption: 'SSE-S3' } }) },
  'S0-07': fixed('Traffic between browsers and the service is encrypted with TLS, with certificates issued and renewed by AWS.'),
  'S0-08': { uses: ['minimumTlsVersion'], render: (p) => ({ text: `The TLS configuration allows only TLS ${tls(p)} or newer with forward-secret ciphers.`, expected: TLS(p) }) },
  'S0-09': fixed('Access to production data and accounts requires multi-factor authentication.'),
  'S0-10': fixed('Third-party integration credentials are stored encrypted and readable only by the integration.'),
  // IncidentResponse routes GuardDuty findings from severity 7 (high) and Security Hub findings rated HIGH or CRITICAL, not every finding.
  'S0-11': fixed('High and critical security findings are routed at once to an encrypted incident topic, and a breach notice template states the extent, what happened, the dates, the scope and the response.'),
  'S0-12': fixed('Users are not tracked with screen recordings.'),
  'S1-01': {
    uses: ['dataClasses'],
    render: (p) => {
      const classes = need(p.dataClasses, 'dataClasses');
      return {
        text: `Data is classified as ${classes.map((c) => `${c.label} (${c.protectionLevel.toLowerCase()})`).join(', ')}; each class decides its protection.`,
        expected: { dataClasses: classes.map((c) => c.name).join(',') },
      };
    },
  },
  'S1-02': fixed('Encryption keys rotate every year, certificates use RSA-2048 with SHA-256, and API and SFTP endpoints allow only modern ciphers.'),
  'S1-03': fixed('Only named staff can reach personal data, through a role that requires MFA and covers only data tagged as personal.'),
  'S1-04': fixed('Personal data (e-mail addresses, names, addresses, phone numbers, card numbers) is masked in application logs.'),
  'S1-05': fixed('Staff, administrators and customer administrators authenticate with MFA before they reach sensitive data.'),
  'S1-06': {
    uses: ['logRetentionDays'],
    render: (p) => {
      const days = need(p.logRetentionDays, 'logRetentionDays');
      requireThat(days === 'INFINITE' || days >= 365, `it promises a one-year history, but the policy's logRetention is ${days} days`);
      return { text: `A history of system activity is kept ${logText(p, 'for')}.`, expected: { minimumLogRetentionDays: '365' } };
    },
  },
  'S1-07': fixed('Activity is monitored for anomalies by Amazon GuardDuty and by alarms on the CIS benchmark events.'),
  'S1-08': {
    uses: ['backupCopyRegions'],
    render: (p) => {
      const regions = copyRegions(p, 2);
      const copies = need(p.backupCopyRegions, 'backupCopyRegions');
      return { text: `Backups are taken daily and copied to ${copies.length} other regions: ${copies.join(', ')}.`, expected: { copyRegions: regions } };
    },
  },
  'S1-09': backupDays(30),
  'S1-10': {
    uses: ['restoreTesting'],
    render: (p) => {
      const r = need(p.restoreTesting, 'restoreTesting');
      return { text: `Restores from backup are tested automatically (${r.frequency}).`, expected: { restoreTestingSchedule: r.schedule } };
    },
  },
  'S1-11': fixed('Data that is no longer needed is deleted automatically: deleted and overwritten files are purged after the retention period, and logs expire.'),
  'S1-12': fixed('Staff pass background checks, sign NDAs and are trained.'),
  'S1-13': fixed('Each proven measure is mapped to the SOC 2 criteria and ISO 27001 controls an auditor tests.'),
  'S1-14': fixed('Personal data is processed under a register of processing activities (GDPR Art. 30), generated from the infrastructure.'),
  'S2-01': fixed('Every access to customer data is logged: API calls, object reads and writes, storage access logs and database logs.'),
  'S2-02': { uses: ['minimumTlsVersion'], render: (p) => ({ text: `Data in transit is encrypted with TLS ${tls(p)} or newer; unencrypted connections are refused.`, expected: TLS(p) }) },
  'S2-03': {
    uses: ['atRestEncryption'],
    render: (p) => {
      const e = need(p.atRestEncryption, 'atRestEncryption');
      return { text: `All data at rest is encrypted with AES-256 (${e.description} or stronger).`, expected: { atRestEncryption: e.name } };
    },
  },
  'S2-04': fixed('TLS policies are named in one place and upgraded with each release as AWS publishes stronger ones.'),
  'S2-05': fixed('Each customer\'s data is segregated logically: its own prefix, an IAM role tagged with its tenant id that reaches only that prefix, '
    + 'a bucket policy that denies tenant principals everything outside their own prefix, and optionally its own KMS key.'),
  'S2-06': fixed('Databases are replicated across availability zones, protecting them from hardware failure.'),
  // The sentence names every internet-facing endpoint the page promises: the CDN of S4-05, the administrators' VPN of S2-09.
  'S2-07': {
    uses: ['claimed'],
    render: (p) => {
      const claimed = new Set(need(p.claimed, 'claimed'));
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
  },
  // No Shield Advanced is claimed: the sentence says what the web ACL does, not "DDoS protection".
  'S2-08': fixed('A web application firewall with rate limiting and AWS managed rules sits in front of every internet-facing load balancer and CDN, against request floods and common web attacks.'),
  'S2-09': fixed('Production changes are made only by authorised staff, through a dedicated VPN, with MFA.'),
  'S2-10': fixed('The service spans at least two availability zones, tolerating the loss of a server or a data centre.'),
  'S2-11': {
    uses: ['backupCopyRegions'],
    render: (p) => ({ text: 'Data is stored redundantly: customer data is replicated or backed up, and backups are copied to another region.', expected: { copyRegions: copyRegions(p, 1) } }),
  },
  'S2-12': fixed('Every failed backup, copy or restore job is published to an alert topic for operations.'),
  'S2-13': {
    uses: ['restoreTesting'],
    render: (p) => {
      const r = need(p.restoreTesting, 'restoreTesting');
      requireThat(r.frequency === 'daily', `it promises daily restore tests, but the policy's restoreTesting is ${r.frequency}`);
      return { text: 'Backups are restored automatically every day to test them.', expected: { restoreTestingSchedule: r.schedule } };
    },
  },
  'S2-14': fixed('Logs are centralised and analysed automatically for security events (GuardDuty, Security Hub standards, CIS alarms).'),
  'S2-15': fixed('Infrastructure code is checked by industry rule sets (AWS Solutions, HIPAA, NIST 800-53, PCI DSS, Control Tower) on every build.'),
  'S2-16': fixed('Every user signs in with a unique identity; there are no shared or long-lived IAM user credentials.'),
  'S3-01': fixed('A register of processing activities (GDPR Art. 30) lists every data store, its data class, retention, location and processors.'),
  'S3-02': {
    uses: ['dataClasses'],
    render: (p) => {
      const classes = need(p.dataClasses, 'dataClasses');
      return {
        text: `Only declared data classes are stored (${classes.map((c) => c.label).join(', ')}); every data store carries its class.`,
        expected: { dataClasses: classes.map((c) => c.name).join(',') },
      };
    },
  },
  'S3-03': fixed('Technical measures of GDPR Art. 32 follow the CNIL security guide: authentication, authorisations, access tracing, incident handling, continuity, archiving, destruction and encryption.'),
  'S3-04': fixed('AWS is our subcontractor, under its data processing agreement.'),
  'S3-05': { uses: [], render: () => ({ text: 'Personal data is kept for the relationship plus three years, then deleted.', expected: { endedDataExpiryDays: '1095' } }) },
  'S3-06': fixed('Every store of personal data is listed, so access, rectification, erasure and portability requests can be served; no lock outlasts the erasure deadline.'),
  'S4-01': regionClaim('stored'),
  'S4-02': fixed('Each customer workspace has its own deletion schedule.'),
  'S4-03': fixed('Only users with a verified e-mail address of an allowed company domain can sign up.'),
  'S4-04': fixed('Sensitive data in captured requests is masked in logs.'),
  'S4-05': { uses: ['minimumTlsVersion'], render: (p) => ({ text: `A CDN with a web application firewall and TLS ${tls(p)} or newer sits in front of the service.`, expected: TLS(p) }) },
  'S4-06': {
    uses: ['backupRules'],
    render: (p) => {
      const ruleList = need(p.backupRules, 'backupRules');
      const rules = new Map(ruleList.map((r) => [r.name, r.days]));
      const matches = rules.size === GFS_TIERS.length && GFS_TIERS.every(([name, days]) => rules.get(name) === days);
      requireThat(matches, `it promises hourly backups kept 2 days, daily 7, weekly 28 and monthly 365, but the policy's schedule is: Backups: ${ruleList.map((r) => `${r.name.toLowerCase()} kept ${r.days} days`).join(', ')}`);
      return {
        text: 'Backups are taken hourly (kept 2 days), daily (kept 7 days), weekly (kept 4 weeks) and monthly (kept 12 months).',
        expected: Object.fromEntries(ruleList.map((r) => [`backupRule.${r.name}`, `${r.schedule} ${r.days}`])),
      };
    },
  },
  'S4-07': {
    uses: ['minimumTlsVersion', 'atRestEncryption'],
    render: (p) => ({
      text: `Data is encrypted at rest with AES-256 and in transit with TLS ${tls(p)} or newer.`,
      expected: { ...TLS(p), atRestEncryption: need(p.atRestEncryption, 'atRestEncryption').name },
    }),
  },
  'S4-08': fixed('Two-factor authentication is required on the cloud accounts.'),
  'S4-09': fixed('Firewalls restrict the network, and Amazon GuardDuty provides managed threat detection.'),
  'S4-10': fixed('Workloads are scanned for vulnerabilities continuously by Amazon Inspector.'),
  'S4-11': fixed('Users affected by an incident are told, from a notice template with every required part.'),
  'S4-12': fixed('Each proven measure is mapped to the SOC 2 trust services criteria.'),
  'S4-13': {
    uses: ['securityContact'],
    render: (p) => {
      const contact = need(p.securityContact, 'securityContact');
      return { text: `Security issues can be reported to ${contact}.`, expected: { securityContact: contact } };
    },
  },
};

/** The ids the catalog presets define (a test checks every catalog id has one). */
export const PRESET_IDS = Object.keys(PRESETS);

/** The parameters a catalog id reads, out of all the policy's. */
export function presetParameters(id: string, all: PolicyParameters): PolicyParameters {
  const preset = PRESETS[id];
  if (!preset) {
    throw new PromiseParameterError(`'${id}' is not an id of the claims catalog`);
  }
  return Object.fromEntries(preset.uses.filter((k) => all[k] !== undefined).map((k) => [k, all[k]]));
}

/** The sentence and expected values of a catalog id under its parameters; throws when the parameters cannot make it. */
export function renderPreset(id: string, params: PolicyParameters): RenderedPromise {
  const preset = PRESETS[id];
  if (!preset) {
    throw new PromiseParameterError(`'${id}' is not an id of the claims catalog`);
  }
  const { text, expected } = preset.render(params);
  return { text, expected: expected ?? {} };
}
