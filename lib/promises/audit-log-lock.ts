import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DataPromise, promiseDays } from './data-promise';
import { ValueBound } from './value-bound';

/** Properties of an `AuditLogLockPromise`. */
export interface AuditLogLockPromiseProps {
  /** How long each audit log file is locked. */
  readonly retention: Duration;
  /**
   * Compliance mode (nobody can delete or shorten the lock) or governance mode (principals allowed to bypass it can).
   * @default s3.ObjectLockMode.COMPLIANCE
   */
  readonly mode?: s3.ObjectLockMode;
  /**
   * Whether the retention is exact, a minimum or a maximum.
   * @default ValueBound.EXACTLY
   */
  readonly bound?: ValueBound;
  /**
   * The promise's id in reports.
   * @default 'audit-log-lock'
   */
  readonly id?: string;
}

/**
 * "An append-only audit log": `AuditTrail` with `objectLock:
 * s3.ObjectLockRetention.compliance(Duration.days(365))` locks each log file; the report follows
 * every trail to its bucket and reads the Object Lock mode and days.
 */
export class AuditLogLockPromise extends DataPromise {
  /** Days each file is locked. */
  public readonly retentionDays: number;

  constructor(props: AuditLogLockPromiseProps) {
    const days = promiseDays('AuditLogLockPromise retention', props.retention.toDays());
    super(props.id ?? 'audit-log-lock', 'audit-log-lock', {
      days, mode: props.mode ?? s3.ObjectLockMode.COMPLIANCE, bound: (props.bound ?? ValueBound.EXACTLY).name,
    });
    this.retentionDays = days;
  }
}
