import { DataPromise } from './data-promise';

/** Properties of a `BackupCopyPromise`. */
export interface BackupCopyPromiseProps {
  /** The regions every backup is copied to (`['us-east-1']`); each must be in the policy's `backupCopyRegions`. */
  readonly regions: string[];
  /**
   * The promise's id in reports.
   * @default 'backup-copy'
   */
  readonly id?: string;
}

/**
 * "Backups are copied to us-east-1": the regions must be in the policy's `backupCopyRegions` (the
 * policy refuses the promise otherwise), and `SecureBackupPlan` copies to a vault in each; the
 * report checks every classified store is backed up by a plan that copies to each region.
 */
export class BackupCopyPromise extends DataPromise {
  /** The regions. */
  public readonly regions: string[];

  constructor(props: BackupCopyPromiseProps) {
    super(props.id ?? 'backup-copy', 'backup-copy', { regions: [...props.regions] });
    this.regions = [...props.regions];
  }
}
