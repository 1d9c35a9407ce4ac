import { Duration } from 'aws-cdk-lib';
import { DataProtectionError } from '../private/errors';
import { wholeDays } from '../private/validate';

/**
 * AWS Backup keeps a recovery point in cold storage for at least 90 days.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/plan-options-and-configuration.html#backup-lifecycle
 */
const COLD_STORAGE_MINIMUM_DAYS = 90;

/** Continuous backups (point-in-time recovery) are kept 1-35 days. */
const CONTINUOUS_BACKUP_MAXIMUM_DAYS = 35;

/** The schedule expressions of each tier, in UTC. Daily backups run at 05:00 outside business hours. */
const CRON = {
  hourly: 'cron(0 * * * ? *)',
  daily: 'cron(0 5 * * ? *)',
  weekly: 'cron(0 5 ? * SUN *)',
  monthly: 'cron(0 5 1 * ? *)',
};

/**
 * One rule of a backup schedule: how often a recovery point is taken and how long it is kept.
 */
export interface BackupScheduleRule {
  /** The rule name, unique within the schedule (`Daily`, `Hourly`, ...). */
  readonly name: string;

  /** The AWS Backup schedule expression, in UTC (`cron(0 5 * * ? *)`). */
  readonly scheduleExpression: string;

  /** How long each recovery point is kept. */
  readonly deleteAfter: Duration;

  /**
   * When recovery points move to cold storage, for the resource types that support it.
   *
   * @default - never
   */
  readonly moveToColdStorageAfter?: Duration;

  /**
   * Whether the rule also keeps continuous backups (point-in-time recovery) for the
   * resource types that support them (RDS, S3).
   *
   * @default false
   */
  readonly enableContinuousBackup?: boolean;
}

/**
 * Options of a daily backup schedule.
 */
export interface DailyBackupOptions {
  /**
   * Keep continuous backups (point-in-time recovery) besides the daily snapshots.
   * Continuous backups are kept at most 35 days.
   *
   * @default false
   */
  readonly continuousBackup?: boolean;

  /**
   * Move recovery points to cold storage after this long; they must then stay at least
   * 90 days in cold storage before they are deleted.
   *
   * @default - recovery points stay in warm storage
   */
  readonly moveToColdStorageAfter?: Duration;
}

/**
 * Retention of each tier of a grandfather-father-son schedule (claim S4-06: hourly kept
 * 2 days, daily 7 days, weekly 4 weeks, monthly 12 months). Each tier that is given must be
 * kept longer than every more frequent tier.
 */
export interface GfsBackupProps {
  /**
   * How long hourly backups are kept.
   *
   * @default - no hourly backups
   */
  readonly hourly?: Duration;

  /** How long daily backups are kept; also what RDS automated backups keep (1-35 days). */
  readonly daily: Duration;

  /**
   * How long weekly backups (Sunday 05:00 UTC) are kept.
   *
   * @default - no weekly backups
   */
  readonly weekly?: Duration;

  /**
   * How long monthly backups (the 1st, 05:00 UTC) are kept.
   *
   * @default - no monthly backups
   */
  readonly monthly?: Duration;

  /**
   * Move the recovery points of the longest-kept tier to cold storage after this long;
   * they must then stay at least 90 days in cold storage before they are deleted.
   *
   * @default - recovery points stay in warm storage
   */
  readonly moveToColdStorageAfter?: Duration;

  /**
   * Keep continuous backups (point-in-time recovery) with the daily tier.
   *
   * @default false
   */
  readonly continuousBackup?: boolean;
}

/**
 * When backups are taken and how long they are kept (claims S0-01, S0-02, S1-09, S4-06).
 *
 * `retention` is the retention of the daily backups, which is also what RDS automated
 * backups keep. The durability constructs (SecureDatabase, SecureBackupPlan) read it;
 * `rules` become the rules of the AWS Backup plan.
 */
export class BackupSchedule {
  /**
   * One backup every day at 05:00 UTC, kept for `retention`
   * (000: kept 14 days; 001: kept 30 days).
   *
   * @param retention how long each daily backup is kept, in whole days
   * @param options continuous backup and cold storage
   */
  public static daily(retention: Duration, options: DailyBackupOptions = {}): BackupSchedule {
    const days = wholeDays('BackupSchedule.daily retention', retention);
    const rule = tierRule('BackupSchedule.daily', 'Daily', CRON.daily, days, options.moveToColdStorageAfter, options.continuousBackup);
    return new BackupSchedule('daily', days, [rule], `Daily backups are kept ${days} days`);
  }

  /**
   * Grandfather-father-son backups: hourly, daily, weekly and monthly tiers, each kept
   * for its own period (004: hourly 2 days, daily 7 days, weekly 4 weeks, monthly 12 months).
   *
   * @param props the retention of each tier
   */
  public static gfs(props: GfsBackupProps): BackupSchedule {
    if (props.daily === undefined) {
      throw new DataProtectionError('BackupSchedule.gfs needs a daily retention (what RDS automated backups keep), got none');
    }
    const tiers: Array<{ name: keyof typeof CRON; retention?: Duration }> = [
      { name: 'hourly', retention: props.hourly },
      { name: 'daily', retention: props.daily },
      { name: 'weekly', retention: props.weekly },
      { name: 'monthly', retention: props.monthly },
    ];
    const present = tiers
      .filter((t) => t.retention !== undefined)
      .map((t) => ({ name: t.name, days: wholeDays(`BackupSchedule.gfs ${t.name}`, t.retention!) }));
    for (let i = 1; i < present.length; i++) {
      const [shorter, longer] = [present[i - 1], present[i]];
      if (longer.days <= shorter.days) {
        throw new DataProtectionError(
          `BackupSchedule.gfs ${longer.name} retention must be longer than ${shorter.name} retention (${shorter.days} days), got ${longer.days} days`);
      }
    }
    const longest = present[present.length - 1];
    const rules = present.map((t) => tierRule(
      'BackupSchedule.gfs', capitalize(t.name), CRON[t.name], t.days,
      t === longest ? props.moveToColdStorageAfter : undefined,
      t.name === 'daily' ? props.continuousBackup : undefined));
    const dailyDays = present.find((t) => t.name === 'daily')!.days;
    const summary = present.map((t) => `${t.name} kept ${t.days} days`).join(', ');
    return new BackupSchedule(present.map((t) => t.name).join(', '), dailyDays, rules, `Backups: ${summary}`);
  }

  /** How often backups are taken, in words (`daily`, `hourly, daily, weekly, monthly`). */
  public readonly frequency: string;

  /** How long the daily backups are kept; also the RDS automated backup retention. */
  public readonly retention: Duration;

  /** The rules of the schedule, for AWS Backup plans. */
  public readonly rules: BackupScheduleRule[];

  /** The schedule in one sentence, for claims and reports (`Daily backups are kept 14 days`). */
  public readonly summary: string;

  /** Whether continuous backups (point-in-time recovery) are kept. */
  public readonly continuousBackup: boolean;

  private constructor(frequency: string, retentionDays: number, rules: BackupScheduleRule[], summary: string) {
    this.frequency = frequency;
    this.retention = Duration.days(retentionDays);
    this.rules = rules;
    this.summary = summary;
    this.continuousBackup = rules.some((r) => r.enableContinuousBackup === true);
  }

  /** The shortest time any recovery point of the schedule is kept. */
  public get shortestRetention(): Duration {
    return Duration.days(Math.min(...this.rules.map((r) => r.deleteAfter.toDays())));
  }

  /** The longest time any recovery point of the schedule is kept. */
  public get longestRetention(): Duration {
    return Duration.days(Math.max(...this.rules.map((r) => r.deleteAfter.toDays())));
  }
}

/**
 * One tier's rule; errors start with `api`, the factory the user called (`BackupSchedule.gfs`).
 */
function tierRule(api: string, name: string, scheduleExpression: string, days: number,
  coldAfter?: Duration, continuous?: boolean): BackupScheduleRule {
  let moveToColdStorageAfter: Duration | undefined;
  if (coldAfter !== undefined) {
    const coldDays = wholeDays(`${api} moveToColdStorageAfter`, coldAfter);
    if (days - coldDays < COLD_STORAGE_MINIMUM_DAYS) {
      throw new DataProtectionError(
        `${api}: ${name} backups move to cold storage after ${coldDays} days and are deleted after ${days} days; ` +
        `cold storage must last at least ${COLD_STORAGE_MINIMUM_DAYS} days, so moveToColdStorageAfter must be at most ${days - COLD_STORAGE_MINIMUM_DAYS} days ` +
        `(or the retention at least ${coldDays + COLD_STORAGE_MINIMUM_DAYS} days)`);
    }
    moveToColdStorageAfter = Duration.days(coldDays);
  }
  if (continuous && coldAfter !== undefined) {
    throw new DataProtectionError(`${api}: continuous backups cannot move to cold storage: pass either continuousBackup or moveToColdStorageAfter for the ${name.toLowerCase()} backups, got both`);
  }
  if (continuous && days > CONTINUOUS_BACKUP_MAXIMUM_DAYS) {
    throw new DataProtectionError(
      `${api}: continuous backups are kept 1-${CONTINUOUS_BACKUP_MAXIMUM_DAYS} days, but the ${name.toLowerCase()} retention they follow is ${days} days`);
  }
  return {
    name,
    scheduleExpression,
    deleteAfter: Duration.days(days),
    moveToColdStorageAfter,
    enableContinuousBackup: continuous ? true : undefined,
  };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
