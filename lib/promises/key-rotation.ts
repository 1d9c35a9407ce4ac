import { Duration } from 'aws-cdk-lib';
import { DataPromise, promiseDays } from './data-promise';
import { ValueBound } from './value-bound';

/** Properties of a `KeyRotationPromise`. */
export interface KeyRotationPromiseProps {
  /**
   * How often every customer-managed KMS key rotates (90 to 2560 days, as KMS accepts).
   * @default Duration.days(365)
   */
  readonly period?: Duration;
  /**
   * `EXACTLY` (every N days) or `AT_MOST` (at least every N days).
   * @default ValueBound.EXACTLY
   */
  readonly bound?: ValueBound;
  /**
   * The promise's id in reports.
   * @default 'key-rotation'
   */
  readonly id?: string;
}

/**
 * "Keys rotate every year": the library's KMS keys rotate automatically, on KMS's default period
 * of 365 days; the report reads `EnableKeyRotation` and `RotationPeriodInDays` of every KMS key.
 */
export class KeyRotationPromise extends DataPromise {
  /** Days between rotations. */
  public readonly periodDays: number;

  constructor(props: KeyRotationPromiseProps = {}) {
    const days = promiseDays('KeyRotationPromise period', (props.period ?? Duration.days(365)).toDays());
    super(props.id ?? 'key-rotation', 'key-rotation', { days, bound: (props.bound ?? ValueBound.EXACTLY).name });
    this.periodDays = days;
  }
}
