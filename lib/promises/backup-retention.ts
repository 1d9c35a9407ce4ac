import { Duration } from 'aws-cdk-lib';
import { DataPromise, promiseDays } from './data-promise';
import { ValueBound } from './value-bound';

/** A tier of a backup schedule, by the rule name of its AWS Backup plan. */
export class BackupTier {
  /** The hourly rule. */
  public static readonly HOURLY = new BackupTier('HOURLY', 'Hourly');
  /** The daily rule. */
  public static readonly DAILY = new BackupTier('DAILY', 'Daily');
  /** The weekly rule. */
  public static readonly WEEKLY = new BackupTier('WEEKLY', 'Weekly');
  /** The monthly rule. */
  public static readonly MONTHLY = new BackupTier('MONTHLY', 'Monthly');

  private constructor(
    /** The tier's name, as recorded in the assembly. */
    public readonly name: string,
    /** The rule name in the backup plan. */
    public readonly ruleName: string,
  ) {}
}

/** Properties of a `BackupRetentionPromise`. */
export interface BackupRetentionPromiseProps {
  /** The tier. */
  readonly tier: BackupTier;
  /** How long its backups are kept. */
  readonly retention: Duration;
  /**
   * Whether the retention is exact, a minimum or a maximum.
   * @default ValueBound.EXACTLY
   */
  readonly bound?: ValueBound;
  /**
   * The promise's id in reports.
   * @default - `backup-retention.<tier>`
   */
  readonly id?: string;
}

/**
 * "Daily backups are kept 30 days": the policy's `BackupSchedule` must have the tier with that
 * retention (the policy refuses the promise otherwise); every `SecureBackupPlan` follows the
 * schedule, and the report reads the tier's rule and its copies in every backup plan.
 */
export class BackupRetentionPromise extends DataPromise {
  /** The tier. */
  public readonly tier: BackupTier;
  /** Days kept. */
  public readonly retentionDays: number;
  /** The bound. */
  public readonly bound: ValueBound;

  constructor(props: BackupRetentionPromiseProps) {
    const days = promiseDays('BackupRetentionPromise retention', props.retention.toDays());
    const bound = props.bound ?? ValueBound.EXACTLY;
    super(props.id ?? `backup-retention.${props.tier.name.toLowerCase()}`, 'backup-retention', { tier: props.tier.name, days, bound: bound.name });
    this.tier = props.tier;
    this.retentionDays = days;
    this.bound = bound;
  }

  public get subject(): string {
    return `backup-retention.${this.tier.name}`;
  }
}
