import { Duration } from 'aws-cdk-lib';
import { DataPromise, promiseDays } from './data-promise';
import { ValueBound } from './value-bound';

/** The S3 storage class an archive moves to. */
export class ArchiveStorageClass {
  /** S3 Standard-IA. */
  public static readonly STANDARD_IA = new ArchiveStorageClass('STANDARD_IA');
  /** S3 Glacier Instant Retrieval. */
  public static readonly GLACIER_INSTANT_RETRIEVAL = new ArchiveStorageClass('GLACIER_IR');
  /** S3 Glacier Flexible Retrieval. */
  public static readonly GLACIER = new ArchiveStorageClass('GLACIER');
  /** S3 Glacier Deep Archive. */
  public static readonly DEEP_ARCHIVE = new ArchiveStorageClass('DEEP_ARCHIVE');

  private constructor(
    /** The storage class as S3 lifecycle transitions name it. */
    public readonly name: string,
  ) {}
}

/** Properties of a `LogArchivePromise`. */
export interface LogArchivePromiseProps {
  /** The storage class the trail's log files move to. */
  readonly storageClass: ArchiveStorageClass;
  /** When they move, counted from creation. */
  readonly transitionAfter: Duration;
  /** How long they are kept in all, counted from creation. */
  readonly retention: Duration;
  /**
   * Whether the total retention is exact, a minimum or a maximum.
   * @default ValueBound.EXACTLY
   */
  readonly bound?: ValueBound;
  /**
   * The promise's id in reports.
   * @default 'log-archive'
   */
  readonly id?: string;
}

/**
 * "The audit trail is archived to Glacier after 90 days and kept 2 years": `AuditTrail` reads it
 * for its bucket's lifecycle (a transition and an expiration); the report follows every trail to
 * its bucket and reads both.
 */
export class LogArchivePromise extends DataPromise {
  /** The storage class. */
  public readonly storageClass: ArchiveStorageClass;
  /** Days before the move. */
  public readonly transitionAfterDays: number;
  /** Days kept in all. */
  public readonly retentionDays: number;

  constructor(props: LogArchivePromiseProps) {
    const after = promiseDays('LogArchivePromise transitionAfter', props.transitionAfter.toDays());
    const days = promiseDays('LogArchivePromise retention', props.retention.toDays());
    super(props.id ?? 'log-archive', 'log-archive', {
      storageClass: props.storageClass.name, transitionAfterDays: after, days, bound: (props.bound ?? ValueBound.EXACTLY).name,
    });
    this.storageClass = props.storageClass;
    this.transitionAfterDays = after;
    this.retentionDays = days;
  }
}
