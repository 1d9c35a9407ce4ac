import { Duration } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { BackupSchedule } from './backup-schedule';
import { DataClass } from './data-class';
import { AtRestEncryption, MinimumTlsVersion } from './encryption';
import { RestoreTestSchedule } from './restore-test-schedule';
import { DataPromise } from '../promises/data-promise';
import { LogScope } from '../promises/log-retention';

/**
 * What the policy's helpers (claims, promises, log-group enforcement, the policy checks, the log
 * bucket defaults) read of a `DataProtectionPolicy`: its settings, as an interface the policy
 * satisfies, so that those modules need not import the policy's module, which imports them (no
 * import cycle, type-only ones included). Internal: not library API.
 */
export interface PolicySettings extends IConstruct {
  readonly securityContact: string;
  readonly region?: string;
  readonly allowedAccounts: string[];
  readonly atRestEncryption: AtRestEncryption;
  readonly minimumTlsVersion: MinimumTlsVersion;
  readonly logRetention: RetentionDays;
  readonly backup: BackupSchedule;
  readonly backupCopyRegions: string[];
  readonly restoreTesting: RestoreTestSchedule;
  readonly dataRetention: Duration;
  readonly dataClasses: DataClass[];
  readonly promises: DataPromise[];
  /** The log retention in days (`Infinity` for never-expire). */
  readonly logRetentionDays: number;
  /** How long the log groups of a scope are kept. */
  logRetentionFor(scope: LogScope): RetentionDays;
  /** The policy's promise on a subject, if it makes one. */
  promiseOn(subject: string): DataPromise | undefined;
}
