import type { DataProtectionPolicy } from './data-protection-policy';

/**
 * One value a claim expects to find in the synthesized templates.
 */
export interface ClaimExpectation {
  /** What is compared (`backupRetentionDays`, `atRestEncryption`, ...). */
  readonly property: string;
  /** The value the templates must show, as text (`14`, `KMS`). */
  readonly value: string;
}

/**
 * A promise of the trust page, as the policy records it in the cloud assembly.
 */
export interface PolicyClaim {
  /** A stable identifier (`DP-BACKUP-RETENTION`). */
  readonly id: string;
  /** The promise in plain language, as a trust page would say it. */
  readonly text: string;
  /** The values the evidence report must find in the templates. */
  readonly expected: ClaimExpectation[];
}

/**
 * The claims a policy makes, derived from its settings: every number is the policy's own.
 */
export function policyClaims(policy: DataProtectionPolicy): PolicyClaim[] {
  const logDays = policy.logRetentionDays;
  const backupDays = policy.backup.retention.toDays();
  const claims: PolicyClaim[] = [
    {
      id: 'DP-ENCRYPTION-AT-REST',
      text: `Data at rest is encrypted with ${policy.atRestEncryption.description} or stronger.`,
      expected: [{ property: 'atRestEncryption', value: policy.atRestEncryption.name }],
    },
    {
      id: 'DP-TLS-MINIMUM',
      text: `Data in transit requires TLS ${policy.minimumTlsVersion} or newer; plain HTTP is refused.`,
      expected: [{ property: 'minimumTlsVersion', value: policy.minimumTlsVersion.toString() }],
    },
    {
      id: 'DP-LOG-RETENTION',
      text: logDays === Infinity ? 'Logs are kept indefinitely.' : `Logs are kept ${logDays} days.`,
      expected: [{ property: 'logRetentionDays', value: logDays === Infinity ? 'INFINITE' : String(logDays) }],
    },
    {
      id: 'DP-BACKUP-SCHEDULE',
      text: `Customer data stores are backed up automatically (${policy.backup.frequency}).`,
      expected: policy.backup.rules.map((r) => ({ property: `backupRule.${r.name}.scheduleExpression`, value: r.scheduleExpression })),
    },
    {
      id: 'DP-BACKUP-RETENTION',
      text: `${policy.backup.summary}; automated database backups are kept ${backupDays} days.`,
      expected: [
        { property: 'backupRetentionDays', value: String(backupDays) },
        ...policy.backup.rules.map((r) => ({ property: `backupRule.${r.name}.deleteAfterDays`, value: String(r.deleteAfter.toDays()) })),
      ],
    },
    {
      id: 'DP-RESTORE-TESTING',
      text: `Restores from backup are tested automatically (${policy.restoreTesting.frequency}).`,
      expected: [{ property: 'restoreTestingScheduleExpression', value: policy.restoreTesting.scheduleExpression }],
    },
    {
      id: 'DP-DATA-RETENTION',
      text: `Data is never expired by a lifecycle rule sooner than ${policy.dataRetention.toDays()} days.`,
      expected: [{ property: 'minimumDataRetentionDays', value: String(policy.dataRetention.toDays()) }],
    },
    {
      id: 'DP-DATA-CLASSES',
      text: `Every data store is classified as one of: ${policy.dataClasses.map((c) => `${c.label} (${c.protectionLevel.toLowerCase()})`).join(', ')}.`,
      expected: [{ property: 'dataClasses', value: policy.dataClasses.map((c) => c.name).join(',') }],
    },
    {
      id: 'DP-SECURITY-CONTACT',
      text: `Security issues can be reported to ${policy.securityContact}.`,
      expected: [{ property: 'securityContact', value: policy.securityContact }],
    },
  ];
  if (policy.backupCopyRegions.length > 0) {
    claims.push({
      id: 'DP-BACKUP-COPIES',
      text: `Every backup is copied to ${policy.backupCopyRegions.length === 1 ? 'another region' : `${policy.backupCopyRegions.length} other regions`}: ${policy.backupCopyRegions.join(', ')}.`,
      expected: [{ property: 'backupCopyRegions', value: policy.backupCopyRegions.join(',') }],
    });
  }
  if (policy.region) {
    claims.push({
      id: 'DP-REGION',
      text: `Data is stored in one region: ${policy.region}.`,
      expected: [{ property: 'region', value: policy.region }],
    });
  }
  return claims;
}
