import { Token } from 'aws-cdk-lib';
import { OperationPreferences, RegionConcurrencyType } from 'cdk-stacksets';
import { IConstruct } from 'constructs';
import { DataProtectionError } from '../private/errors';

/**
 * How a StackSet operation rolls out over accounts and regions.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackSetOperationPreferences.html
 */
export interface BaselineRollout {
  /**
   * How many accounts per region may fail before the operation stops in that region (0-999).
   *
   * @default 0: the first failure stops the rollout
   */
  readonly failureToleranceCount?: number;

  /**
   * How many accounts are deployed at once in each region (1-1000), at most
   * `failureToleranceCount + 1` (CloudFormation's rule under its default concurrency mode,
   * STRICT_FAILURE_TOLERANCE).
   *
   * @default 1
   */
  readonly maxConcurrentAccounts?: number;

  /**
   * Whether the regions are deployed one after another or at the same time.
   *
   * @default false: one region after the other, in the order of `regions`
   */
  readonly parallelRegions?: boolean;
}

/** CloudFormation's ranges for the counts of StackSetOperationPreferences. */
const LIMITS = { failureToleranceCount: { min: 0, max: 999 }, maxConcurrentAccounts: { min: 1, max: 1000 } };

/**
 * The cdk-stacksets operation preferences of a rollout, its counts checked against the ranges
 * CloudFormation accepts.
 */
export function operationPreferences(rollout: BaselineRollout, regions: string[], scope: IConstruct): OperationPreferences {
  const tolerance = count('failureToleranceCount', rollout.failureToleranceCount ?? 0, LIMITS.failureToleranceCount, scope);
  const concurrent = count('maxConcurrentAccounts', rollout.maxConcurrentAccounts ?? 1, LIMITS.maxConcurrentAccounts, scope);
  if (concurrent > tolerance + 1) {
    // "MaxConcurrentCount is at most one more than the FailureToleranceCount" (StackSetOperationPreferences).
    throw new DataProtectionError(
      `rollout.maxConcurrentAccounts must be at most failureToleranceCount + 1 (${tolerance + 1}), got ${concurrent}`, scope);
  }
  return {
    failureToleranceCount: tolerance,
    maxConcurrentCount: concurrent,
    regionConcurrencyType: rollout.parallelRegions ? RegionConcurrencyType.PARALLEL : RegionConcurrencyType.SEQUENTIAL,
    regionOrder: rollout.parallelRegions ? undefined : [...regions],
  };
}

function count(what: string, value: number, range: { min: number; max: number }, scope: IConstruct): number {
  if (Token.isUnresolved(value) || !Number.isInteger(value) || value < range.min || value > range.max) {
    throw new DataProtectionError(`rollout.${what} must be a whole number from ${range.min} to ${range.max}, got ${value}`, scope);
  }
  return value;
}
