import { Duration } from 'aws-cdk-lib';
import { DataPromise, promiseDays } from './data-promise';
import { ValueBound } from './value-bound';
import { DataClass } from '../policy/data-class';

/** Properties of a `VersionHistoryPromise`. */
export interface VersionHistoryPromiseProps {
  /** The data class whose buckets keep the history. */
  readonly dataClass: DataClass;
  /** How long earlier versions are kept once overwritten or deleted. */
  readonly retention: Duration;
  /**
   * Whether the retention is exact, a minimum or a maximum.
   * @default ValueBound.EXACTLY
   */
  readonly bound?: ValueBound;
  /**
   * The promise's id in reports.
   * @default - `version-history.<data class>`
   */
  readonly id?: string;
}

/**
 * "Earlier versions of files are kept 90 days": every `SecureBucket` of the data class keeps
 * noncurrent versions that long (versioning on, `NoncurrentVersionExpiration`); the report reads both.
 */
export class VersionHistoryPromise extends DataPromise {
  /** The data class. */
  public readonly dataClass: DataClass;
  /** Days earlier versions are kept. */
  public readonly retentionDays: number;

  constructor(props: VersionHistoryPromiseProps) {
    const days = promiseDays('VersionHistoryPromise retention', props.retention.toDays());
    super(props.id ?? `version-history.${props.dataClass.name}`, 'version-history', {
      dataClass: props.dataClass.name, days, bound: (props.bound ?? ValueBound.EXACTLY).name,
    });
    this.dataClass = props.dataClass;
    this.retentionDays = days;
  }

  public get subject(): string {
    return `version-history.${this.dataClass.name}`;
  }
}
