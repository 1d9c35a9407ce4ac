import { Duration } from 'aws-cdk-lib';
import { wholeDays } from '../private/validate';

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
}

/**
 * When backups are taken and how long they are kept (claims S0-01, S0-02, S1-09, S4-06).
 *
 * `retention` is the retention of the daily backups, which is also what RDS automated
 * backups keep. The durability constructs (SecureDatabase, SecureBackupPlan) read it.
 */
export class BackupSchedule {
  /**
   * One backup every day at 05:00 UTC, kept for `retention`
   * (000: kept 14 days; 001: kept 30 days).
   *
   * @param retention how long each daily backup is kept, in whole days
   */
  public static daily(retention: Duration): BackupSchedule {
    const days = wholeDays('BackupSchedule.daily retention', retention);
    return new BackupSchedule('daily', days, [
      { name: 'Daily', scheduleExpression: 'cron(0 5 * * ? *)', deleteAfter: Duration.days(days) },
    ]);
  }

  /** How often backups are taken, in words (`daily`). */
  public readonly frequency: string;

  /** How long the daily backups are kept; also the RDS automated backup retention. */
  public readonly retention: Duration;

  /** The rules of the schedule, for AWS Backup plans. */
  public readonly rules: BackupScheduleRule[];

  private constructor(frequency: string, retentionDays: number, rules: BackupScheduleRule[]) {
    this.frequency = frequency;
    this.retention = Duration.days(retentionDays);
    this.rules = rules;
  }
}
