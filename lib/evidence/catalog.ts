import type { ClaimScope, ControlMapping } from './model';

/**
 * One promise of the claims catalog (`shared/spec/claims.md`): what it says, how much of it a
 * template can prove, which verifiers prove it and where it sits in SOC 2, ISO/IEC 27001:2022
 * Annex A, GDPR Art. 32 and the CNIL security guide.
 */
export interface CatalogClaim {
  /** The stable id (`S0-02`). */
  readonly id: string;
  /** The page it comes from (`000`). */
  readonly seed: string;
  /** The promise in a few words, as the catalog states it. */
  readonly summary: string;
  readonly scope: ClaimScope;
  /** The verifiers that prove the technical part, by name (see `verifiers/index.ts`); all must hold. */
  readonly checks: string[];
  /** The part no template can prove (`infra+doc` and `org` claims). */
  readonly organisational?: string;
  readonly controls: ControlMapping;
}

/** Shorthand for a control mapping. */
function map(soc2: string[], iso27001: string[], gdprArt32: string[], cnilSheets: number[]): ControlMapping {
  return { soc2, iso27001, gdprArt32, cnilSheets };
}

// Reused mappings: each names the controls of one kind of measure.
export const BACKUP = map(['A1.2', 'A1.3'], ['8.13'], ['32(1)(b)', '32(1)(c)'], [10]);
const BACKUP_RETENTION = map(['A1.2', 'C1.2'], ['8.13', '8.10'], ['32(1)(c)'], [10, 11]);
export const LOGGING = map(['CC7.2'], ['8.15'], ['32(1)(b)'], [4]);
const LOG_RETENTION = map(['CC7.2'], ['8.15', '5.28'], ['32(1)(b)'], [4, 11]);
export const REGION = map(['C1.1'], ['5.23', '5.34'], ['32(1)(b)'], []);
export const ENCRYPTION_AT_REST = map(['CC6.1', 'C1.1'], ['8.24'], ['32(1)(a)'], [17]);
export const ENCRYPTION_IN_TRANSIT = map(['CC6.7'], ['8.24', '5.14'], ['32(1)(a)'], [17]);
export const MFA = map(['CC6.1', 'CC6.2'], ['8.5', '5.17'], ['32(1)(b)'], [2]);
const ACCESS = map(['CC6.1', 'CC6.3'], ['5.15', '8.2', '8.3'], ['32(1)(b)'], [3]);
const INCIDENT = map(['CC7.3', 'CC7.4', 'CC2.3'], ['5.24', '5.25', '5.26'], ['32(1)(b)'], [4]);
const CLASSIFICATION = map(['C1.1'], ['5.9', '5.12', '5.13'], ['32(1)(b)'], [12]);
const MASKING = map(['P4.1', 'C1.1'], ['8.11'], ['32(1)(a)'], [4]);
export const MONITORING = map(['CC7.2', 'CC4.1'], ['8.16', '8.15'], ['32(1)(b)', '32(1)(d)'], [4]);
const RESTORE_TESTING = map(['A1.3'], ['8.13', '5.30'], ['32(1)(c)', '32(1)(d)'], [10]);
const DELETION = map(['C1.2', 'P4.2', 'P4.3'], ['8.10'], ['32(1)(b)'], [11, 12]);
export const REDUNDANCY = map(['A1.2'], ['8.14'], ['32(1)(b)', '32(1)(c)'], [10]);
const NETWORK = map(['CC6.6'], ['8.20', '8.21', '8.22'], ['32(1)(b)'], []);
const DDOS = map(['CC6.6', 'A1.2'], ['8.20', '8.21'], ['32(1)(b)'], []);
const CHANGE = map(['CC8.1', 'CC6.1'], ['8.32', '8.2', '8.5'], ['32(1)(b)'], [2, 16]);
const SDLC = map(['CC8.1', 'CC7.1'], ['8.25', '8.28', '8.29'], ['32(1)(d)'], [16]);
const ASSURANCE = map(['CC4.1', 'CC1.2'], ['5.35', '5.36'], ['32(1)(d)'], []);
const GDPR = map(['P1.1', 'P4.1'], ['5.31', '5.34'], ['32(1)(a)', '32(1)(b)'], []);
const IDENTITY = map(['CC6.1', 'CC6.2'], ['5.16', '8.5'], ['32(1)(b)'], [2]);
const VULNERABILITY = map(['CC7.1'], ['8.8'], ['32(1)(d)'], [16]);
const SEGREGATION = map(['CC6.1', 'C1.1'], ['8.3', '5.15'], ['32(1)(b)'], [3]);
const HR = map(['CC1.4'], ['6.1', '6.2', '6.3', '6.6'], ['32(4)'], []);

/**
 * The claims catalog. Every id of `shared/spec/claims.md` is here, in its order.
 */
export const CATALOG: CatalogClaim[] = [
  // 000
  { id: 'S0-01', seed: '000', summary: 'customer datastores backed up automatically every day', scope: 'infra', checks: ['daily-backups'], controls: BACKUP },
  { id: 'S0-02', seed: '000', summary: 'daily backups kept 14 days', scope: 'infra', checks: ['backup-retention'], controls: BACKUP_RETENTION },
  { id: 'S0-03', seed: '000', summary: 'all activity logged: console and application actions', scope: 'infra', checks: ['activity-logged', 'application-logs'], controls: LOGGING },
  { id: 'S0-04', seed: '000', summary: 'logs stored in CloudWatch', scope: 'infra', checks: ['logs-in-cloudwatch'], controls: LOG_RETENTION },
  { id: 'S0-05', seed: '000', summary: 'hosted in one named region', scope: 'infra', checks: ['region-pinned'], controls: REGION },
  { id: 'S0-06', seed: '000', summary: 'recordings and clips encrypted at rest with SSE-S3 or stronger', scope: 'infra', checks: ['buckets-encrypted'], controls: ENCRYPTION_AT_REST },
  { id: 'S0-07', seed: '000', summary: 'TLS between browser and service, with certificates issued and managed by AWS', scope: 'infra', checks: ['https-only'], controls: ENCRYPTION_IN_TRANSIT },
  { id: 'S0-08', seed: '000', summary: '"A" grade TLS configuration', scope: 'infra', checks: ['tls-policy'], controls: ENCRYPTION_IN_TRANSIT },
  { id: 'S0-09', seed: '000', summary: 'MFA for production data access and accounts', scope: 'infra', checks: ['mfa-required'], controls: MFA },
  { id: 'S0-10', seed: '000', summary: 'third-party integration credentials stored encrypted, readable only by the integration', scope: 'infra', checks: ['integration-secret'], controls: ACCESS },
  {
    id: 'S0-11',
    seed: '000',
    summary: 'breaches mitigated and customers notified in writing with extent, what happened, dates, scope and response',
    scope: 'infra+doc',
    checks: ['incident-routing'],
    controls: INCIDENT,
    organisational: 'Mitigating a breach and sending the written notice without undue delay are people\'s work; the template proves the alerting and the notice template only.',
  },
  {
    id: 'S0-12',
    seed: '000',
    summary: 'no screen-recording user tracking',
    scope: 'org',
    checks: [],
    controls: map(['P3.1'], ['5.34'], [], []),
    organisational: 'What the application records of its users is an application choice no infrastructure template shows.',
  },
  // 001
  { id: 'S1-01', seed: '001', summary: 'data classified in categories, with a protection level each', scope: 'infra', checks: ['data-classified'], controls: CLASSIFICATION },
  { id: 'S1-02', seed: '001', summary: 'strong encryption at rest and in transit, including API and SFTP endpoints', scope: 'infra', checks: ['keys-and-ciphers'], controls: ENCRYPTION_AT_REST },
  { id: 'S1-03', seed: '001', summary: 'least-privilege access to personal data for named staff', scope: 'infra', checks: ['pii-access'], controls: ACCESS },
  { id: 'S1-04', seed: '001', summary: 'user identities anonymized in logs', scope: 'infra', checks: ['log-masking'], controls: MASKING },
  { id: 'S1-05', seed: '001', summary: 'staff and admins authenticate (with MFA) before accessing sensitive data', scope: 'infra', checks: ['mfa-required', 'user-pool-mfa'], controls: MFA },
  { id: 'S1-06', seed: '001', summary: 'one-year history of system activity', scope: 'infra', checks: ['audit-log-retention'], controls: LOG_RETENTION },
  { id: 'S1-07', seed: '001', summary: 'activity regularly monitored for anomalies', scope: 'infra', checks: ['anomaly-monitoring'], controls: MONITORING },
  { id: 'S1-08', seed: '001', summary: 'backed up daily to multiple off-site locations', scope: 'infra', checks: ['daily-backups', 'offsite-copies'], controls: REDUNDANCY },
  { id: 'S1-09', seed: '001', summary: 'backups kept 30 days', scope: 'infra', checks: ['backup-retention'], controls: BACKUP_RETENTION },
  { id: 'S1-10', seed: '001', summary: 'restores from backup regularly tested', scope: 'infra', checks: ['restore-testing'], controls: RESTORE_TESTING },
  { id: 'S1-11', seed: '001', summary: 'unused data deleted regularly', scope: 'infra', checks: ['unused-data-deleted'], controls: DELETION },
  {
    id: 'S1-12',
    seed: '001',
    summary: 'background checks, NDAs and training for staff',
    scope: 'org',
    checks: [],
    controls: HR,
    organisational: 'Hiring and training are HR processes no infrastructure template shows.',
  },
  {
    id: 'S1-13',
    seed: '001',
    summary: 'SOC 2, penetration tests and processor audits',
    scope: 'infra+doc',
    checks: ['control-mapping'],
    controls: ASSURANCE,
    organisational: 'The audits themselves (SOC 2 report, penetration tests, processor audits) are done by people; the report maps each proven claim to the controls an auditor tests.',
  },
  {
    id: 'S1-14',
    seed: '001',
    summary: 'GDPR, CCPA and Data Privacy Framework compliance',
    scope: 'infra+doc',
    checks: ['processing-register'],
    controls: GDPR,
    organisational: 'Legal compliance (contracts, notices, certification under the Data Privacy Framework) is not a template property; the register of processing activities is generated from the templates.',
  },
  // 002
  { id: 'S2-01', seed: '002', summary: 'every staff access to customer data is logged', scope: 'infra', checks: ['activity-logged', 'data-access-logged'], controls: LOGGING },
  { id: 'S2-02', seed: '002', summary: 'TLS 1.2 minimum in transit', scope: 'infra', checks: ['transit-tls'], controls: ENCRYPTION_IN_TRANSIT },
  { id: 'S2-03', seed: '002', summary: 'data at rest encrypted (AES-256) in all production systems', scope: 'infra', checks: ['encrypted-at-rest'], controls: ENCRYPTION_AT_REST },
  {
    id: 'S2-04',
    seed: '002',
    summary: 'cipher suites upgraded as the landscape changes',
    scope: 'infra+doc',
    checks: ['tls-policies-current'],
    controls: ENCRYPTION_IN_TRANSIT,
    organisational: 'Upgrading means releasing and deploying new library versions as AWS publishes new TLS policies; the template proves the current names are used everywhere.',
  },
  { id: 'S2-05', seed: '002', summary: 'each customer\'s data segregated logically', scope: 'infra', checks: ['tenant-segregation'], controls: SEGREGATION },
  { id: 'S2-06', seed: '002', summary: 'storage protected from hardware failure', scope: 'infra', checks: ['multi-az-storage'], controls: REDUNDANCY },
  { id: 'S2-07', seed: '002', summary: 'public network access restricted to a few servers and essential protocols', scope: 'infra', checks: ['network-restricted', 'internet-endpoints'], controls: NETWORK },
  { id: 'S2-08', seed: '002', summary: 'DDoS mitigation at the perimeter', scope: 'infra', checks: ['waf-ddos'], controls: DDOS },
  { id: 'S2-09', seed: '002', summary: 'production changes only by authorised staff, over a dedicated VPN, with MFA', scope: 'infra', checks: ['admin-vpn', 'mfa-required'], controls: CHANGE },
  { id: 'S2-10', seed: '002', summary: 'fault tolerant to server and data-centre failure', scope: 'infra', checks: ['multi-az'], controls: REDUNDANCY },
  { id: 'S2-11', seed: '002', summary: 'data stored redundantly at multiple locations', scope: 'infra', checks: ['redundant-copies'], controls: REDUNDANCY },
  { id: 'S2-12', seed: '002', summary: 'operations alerted when backups fail', scope: 'infra', checks: ['backup-failure-alerts'], controls: BACKUP },
  { id: 'S2-13', seed: '002', summary: 'backups automatically tested daily', scope: 'infra', checks: ['restore-testing'], controls: RESTORE_TESTING },
  { id: 'S2-14', seed: '002', summary: 'centralized logging analysed automatically for security events', scope: 'infra', checks: ['central-security-analysis'], controls: MONITORING },
  {
    id: 'S2-15',
    seed: '002',
    summary: 'code audited by industry tools before production',
    scope: 'infra+doc',
    checks: ['compliance-packs'],
    controls: SDLC,
    organisational: 'Code review and running the checks in CI before every deployment are part of the team\'s process; the report proves which rule packs ran on this synthesis and that nothing is left open.',
  },
  { id: 'S2-16', seed: '002', summary: 'all users authenticate with unique identifiers', scope: 'infra', checks: ['unique-identities'], controls: IDENTITY },
  // 003
  { id: 'S3-01', seed: '003', summary: 'register of processing activities (GDPR Art. 30)', scope: 'infra', checks: ['processing-register'], controls: GDPR },
  { id: 'S3-02', seed: '003', summary: 'data minimization: only declared data classes are stored', scope: 'infra', checks: ['data-classified'], controls: CLASSIFICATION },
  {
    id: 'S3-03',
    seed: '003',
    summary: 'technical and organisational measures of GDPR Art. 32, following the CNIL sheets',
    scope: 'infra+doc',
    checks: ['art32-mapping'],
    controls: map(['CC3.2'], ['5.34'], ['32(1)(a)', '32(1)(b)', '32(1)(c)', '32(1)(d)'], [2, 3, 4, 10, 11, 12, 16, 17]),
    organisational: 'The organisational measures (policies, awareness, supervision of IT developments) are people\'s work; the report maps each proven technical measure to the CNIL sheet it serves.',
  },
  {
    id: 'S3-04',
    seed: '003',
    summary: 'subcontractor (AWS) named and its DPA signed',
    scope: 'org',
    checks: [],
    controls: map(['CC9.2'], ['5.19', '5.20'], ['28'], []),
    organisational: 'Signing the data processing agreement is a contract; the register names AWS and its services as processors.',
  },
  { id: 'S3-05', seed: '003', summary: 'data kept for the relationship plus 3 years', scope: 'infra', checks: ['ended-data-expiry'], controls: DELETION },
  {
    id: 'S3-06',
    seed: '003',
    summary: 'data-subject rights: access, rectify, erase, port',
    scope: 'infra+doc',
    checks: ['erasure-possible'],
    controls: GDPR,
    organisational: 'Answering a data-subject request is a process; the template proves every personal-data store is listed and no lock outlasts the erasure deadline.',
  },
  // 004
  { id: 'S4-01', seed: '004', summary: 'storage in one named region', scope: 'infra', checks: ['region-pinned'], controls: REGION },
  { id: 'S4-02', seed: '004', summary: 'customer-specific deletion schedule per workspace', scope: 'infra', checks: ['tenant-deletion-schedules'], controls: DELETION },
  { id: 'S4-03', seed: '004', summary: 'only users with a verified e-mail of the company domain can view', scope: 'infra', checks: ['verified-company-email'], controls: IDENTITY },
  { id: 'S4-04', seed: '004', summary: 'sensitive data in captured network requests obfuscated', scope: 'infra', checks: ['log-masking'], controls: MASKING },
  { id: 'S4-05', seed: '004', summary: 'CDN and DDoS protection in front of the service', scope: 'infra', checks: ['cdn-waf'], controls: DDOS },
  { id: 'S4-06', seed: '004', summary: 'backups hourly kept 2 days, daily 7 days, weekly 4 weeks, monthly 12 months', scope: 'infra', checks: ['backup-rules'], controls: BACKUP_RETENTION },
  { id: 'S4-07', seed: '004', summary: 'encrypted at rest (AES-256) and in transit (HTTPS/TLS)', scope: 'infra', checks: ['transit-tls', 'encrypted-at-rest'], controls: ENCRYPTION_AT_REST },
  { id: 'S4-08', seed: '004', summary: '2FA on cloud services', scope: 'infra', checks: ['mfa-required'], controls: MFA },
  { id: 'S4-09', seed: '004', summary: 'firewalls and controls in the cloud project, with managed threat detection', scope: 'infra', checks: ['network-restricted', 'anomaly-monitoring'], controls: NETWORK },
  {
    id: 'S4-10',
    seed: '004',
    summary: 'vulnerability feed for dependencies; quarterly vulnerability tests',
    scope: 'infra+doc',
    checks: ['vulnerability-scanning'],
    controls: VULNERABILITY,
    organisational: 'Dependency audits in CI and the quarterly tests are the team\'s process; the template proves Amazon Inspector is enabled.',
  },
  {
    id: 'S4-11',
    seed: '004',
    summary: 'users told when affected by an incident',
    scope: 'infra+doc',
    checks: ['incident-routing'],
    controls: INCIDENT,
    organisational: 'Telling affected users is people\'s work; the template proves findings reach the incident topic and the notice template exists.',
  },
  {
    id: 'S4-12',
    seed: '004',
    summary: 'SOC 2 Type 2',
    scope: 'infra+doc',
    checks: ['control-mapping'],
    controls: ASSURANCE,
    organisational: 'A SOC 2 Type 2 report is an auditor\'s opinion over a period; the report maps each proven claim to the trust services criteria.',
  },
  {
    id: 'S4-13',
    seed: '004',
    summary: 'security contact published',
    scope: 'infra+doc',
    checks: ['security-contact'],
    controls: INCIDENT,
    organisational: 'Answering the contact is people\'s work; the trust page publishes it.',
  },
];

/** The catalog entry of `id`, or undefined. */
export function catalogClaim(id: string): CatalogClaim | undefined {
  return CATALOG.find((c) => c.id === id);
}
