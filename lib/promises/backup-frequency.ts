import { BackupTier } from './backup-retention';
import { DataPromise } from './data-promise';

/** Properties of a `BackupFrequencyPromise`. */
export interface BackupFrequencyPromiseProps {
  /** How often backups are taken: `BackupTier.HOURLY` is every hour. */
  readonly tier: BackupTier;
  /**
   * The promise's id in reports.
   * @default - `backup-frequency.<tier>`
   */
  readonly id?: string;
}

/**
 * "Backups are taken every hour": the policy's `BackupSchedule` must have the tier's rule (the
 * policy refuses the promise otherwise), which every `SecureBackupPlan` follows; the report
 * checks every backup plan has a rule run once per hour (day, week, month).
 */
export class BackupFrequencyPromise extends DataPromise {
  /** The tier. */
  public readonly tier: BackupTier;

  constructor(props: BackupFrequencyPromiseProps) {
    super(props.id ?? `backup-frequency.${props.tier.name.toLowerCase()}`, 'backup-frequency', { tier: props.tier.name });
    this.tier = props.tier;
  }
}
