import { Duration } from 'aws-cdk-lib';
import { wholeDays } from '../private/validate';

/** AWS Backup needs at least 3 days of grace before a compliance-mode lock becomes immutable. */
const MIN_CHANGEABLE_DAYS = 3;

/**
 * How an AWS Backup Vault Lock protects recovery points from deletion and from
 * lifecycle changes, even by the account's administrators.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html
 */
export class VaultLock {
  /**
   * Governance mode: recovery points cannot be deleted early, and only principals
   * with `backup:DeleteBackupVaultLockConfiguration` can remove the lock.
   */
  public static readonly GOVERNANCE = new VaultLock('GOVERNANCE');

  /**
   * Compliance mode: after `changeableFor` (the grace time, at least 3 days) the lock
   * can never be changed or removed, by anyone, AWS included.
   *
   * @param changeableFor how long the lock can still be changed or removed, in whole days (at least 3)
   */
  public static compliance(changeableFor: Duration): VaultLock {
    const days = wholeDays('VaultLock.compliance changeableFor', changeableFor, undefined, MIN_CHANGEABLE_DAYS);
    return new VaultLock('COMPLIANCE', Duration.days(days));
  }

  private constructor(
    /** `GOVERNANCE` or `COMPLIANCE`. */
    public readonly mode: string,
    /** The grace time of a compliance-mode lock. */
    public readonly changeableFor?: Duration,
  ) {}
}
