import { Duration } from 'aws-cdk-lib';
import { BackupSchedule } from './backup-schedule';
import type { DataProtectionPolicyProps } from './data-protection-policy';
import { RestoreTestSchedule } from './restore-test-schedule';
import { DataProtectionError } from '../private/errors';

/**
 * What every preset needs to know about the service.
 */
export interface PresetOptions {
  /** Where to report a vulnerability or a breach: an e-mail address or an https URL. */
  readonly securityContact: string;

  /** The one region where data is stored. */
  readonly region: string;

  /**
   * The other regions that hold a copy of every backup. Presets that promise off-site
   * copies need them (two for "multiple off-site locations", one for "stored redundantly").
   *
   * @default - none
   */
  readonly backupCopyRegions?: string[];

  /**
   * The accounts the service may be deployed to.
   *
   * @default - any account
   */
  readonly allowedAccounts?: string[];

  /**
   * Claims of the catalog to make besides the preset's own (`S2-02`).
   *
   * @default - none
   */
  readonly additionalClaims?: string[];
}

/**
 * Whole trust pages as `DataProtectionPolicy` props: the settings and the claims of each of the
 * five pages of the claims catalog, named by what they promise. Spread the result into the
 * policy and add constructs until the evidence report proves every claim (each preset has an
 * example app under `examples/` that does).
 *
 * @example
 * new DataProtectionPolicy(stack, 'Policy', DataProtectionPreset.dailyBackupsKeptTwoWeeks({
 *   securityContact: 'security@example.com',
 *   region: 'us-east-1',
 * }));
 */
export class DataProtectionPreset {
  /**
   * Page 000: customer data backed up daily and kept 14 days, all activity logged to CloudWatch
   * Logs, one region, encryption at rest and TLS with an "A" grade, MFA on production, an
   * encrypted integration secret, breach notification (claims S0-01 to S0-12).
   *
   * @param options the service's contact and region
   */
  public static dailyBackupsKeptTwoWeeks(options: PresetOptions): DataProtectionPolicyProps {
    return props(options, {
      backup: BackupSchedule.daily(Duration.days(14)),
      claims: ids('S0', 1, 12),
    });
  }

  /**
   * Page 001: data classified in three classes, backups kept 30 days and copied daily to two
   * other regions, restores tested, a one-year activity history, anomaly monitoring, masked
   * identities in logs, least-privilege MFA access to personal data (claims S1-01 to S1-14).
   *
   * @param options the service's contact and region, and two backup copy regions
   */
  public static classifiedDataKeptThirtyDays(options: PresetOptions): DataProtectionPolicyProps {
    requireCopyRegions(options, 2, 'classifiedDataKeptThirtyDays (001: backed up to multiple off-site locations)');
    return props(options, {
      backup: BackupSchedule.daily(Duration.days(30)),
      restoreTesting: RestoreTestSchedule.DAILY,
      claims: ids('S1', 1, 14),
    });
  }

  /**
   * Page 002: every access logged, TLS 1.2 and AES-256, production changes only over a VPN with
   * MFA, a restricted perimeter with DDoS mitigation, Multi-AZ, redundant storage, backups
   * tested daily with failure alerts, central security analysis, each customer's data segregated
   * (claims S2-01 to S2-16; S2-05 is proven on the templates of a `TenantFleet`).
   *
   * @param options the service's contact and region, and at least one backup copy region
   */
  public static vpnOnlyChangesAndDailyRestoreTests(options: PresetOptions): DataProtectionPolicyProps {
    requireCopyRegions(options, 1, 'vpnOnlyChangesAndDailyRestoreTests (002: data stored redundantly at multiple locations)');
    return props(options, {
      backup: BackupSchedule.daily(Duration.days(14)),
      restoreTesting: RestoreTestSchedule.DAILY,
      claims: ids('S2', 1, 16),
    });
  }

  /**
   * Page 003: GDPR: a register of processing activities, data minimisation, the Art. 32 measures
   * of the CNIL sheets, personal data kept for the relationship plus three years, data-subject
   * rights (claims S3-01 to S3-06). The page lists its Art. 32 measures by CNIL sheet (S3-03), so
   * the preset also claims the measure of each sheet: S0-09 authentication (sheet 2), S0-10
   * authorisations (3), S0-03 and S0-11 tracing and incidents (4), S0-01 continuity (10), S2-15
   * supervised developments (16) and S2-03 encryption (17); archiving and destruction (11, 12)
   * are S3-05's.
   *
   * @param options the service's contact and region
   */
  public static gdprRelationshipPlusThreeYears(options: PresetOptions): DataProtectionPolicyProps {
    return props(options, {
      backup: BackupSchedule.daily(Duration.days(14)),
      claims: [...ids('S3', 1, 6), ...GDPR_ART32_MEASURES],
    });
  }

  /**
   * Page 004: one region, a deletion schedule per workspace, verified company e-mail sign-up,
   * masked request logs, a CDN with DDoS protection, backups hourly kept 2 days, daily 7, weekly
   * 4 weeks and monthly 12 months, encryption, 2FA, firewalls, vulnerability scanning, incident
   * notice, SOC 2 mapping, a published security contact (claims S4-01 to S4-13).
   *
   * @param options the service's contact and region
   */
  public static hourlyToMonthlyBackupsInOneRegion(options: PresetOptions): DataProtectionPolicyProps {
    return props(options, {
      backup: BackupSchedule.gfs({
        hourly: Duration.days(2),
        daily: Duration.days(7),
        weekly: Duration.days(28),
        monthly: Duration.days(365),
      }),
      claims: ids('S4', 1, 13),
    });
  }

  private constructor() {}
}

/** The measures 003 names for its CNIL sheets (see `gdprRelationshipPlusThreeYears`). */
const GDPR_ART32_MEASURES = ['S0-01', 'S0-03', 'S0-09', 'S0-10', 'S0-11', 'S2-03', 'S2-15'];

/** Catalog ids `S0-01` ... of one page. */
function ids(page: string, first: number, last: number): string[] {
  const result: string[] = [];
  for (let i = first; i <= last; i++) {
    result.push(`${page}-${String(i).padStart(2, '0')}`);
  }
  return result;
}

function requireCopyRegions(options: PresetOptions, minimum: number, preset: string): void {
  const count = options.backupCopyRegions?.length ?? 0;
  if (count < minimum) {
    throw new DataProtectionError(`${preset} needs backupCopyRegions with at least ${minimum} region${minimum > 1 ? 's' : ''} other than ${options.region}, got ${count}`);
  }
}

function props(options: PresetOptions, page: Pick<DataProtectionPolicyProps, 'backup' | 'restoreTesting' | 'claims'>): DataProtectionPolicyProps {
  return {
    securityContact: options.securityContact,
    region: options.region,
    allowedAccounts: options.allowedAccounts,
    backupCopyRegions: options.backupCopyRegions,
    backup: page.backup,
    restoreTesting: page.restoreTesting,
    claims: [...(page.claims ?? []), ...(options.additionalClaims ?? [])],
  };
}
