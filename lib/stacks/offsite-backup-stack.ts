import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { SecureBackupVault } from '../backup/secure-backup-vault';
import { VaultLock } from '../backup/vault-lock';
import { DataProtectionPolicy, DataProtectionPolicyProps } from '../policy/data-protection-policy';
import { DataProtectionError } from '../private/errors';
import { markStackRole } from '../private/stack-records';

/**
 * Properties of an `OffsiteBackupStack`.
 */
export interface OffsiteBackupStackProps extends StackProps {
  /** The service's policy; the stack keeps it, re-homed to `region`. */
  readonly policy: DataProtectionPolicyProps;

  /** The region of the copies: one of the policy's `backupCopyRegions`. */
  readonly region: string;

  /**
   * The vault name, unique in the account and region.
   *
   * @default 'cdk-data-protection-copies'
   */
  readonly backupVaultName?: string;

  /**
   * How the vault is locked.
   *
   * @default VaultLock.GOVERNANCE
   */
  readonly lock?: VaultLock;
}

/**
 * The off-site half of claim S1-08 (backed up to multiple off-site locations): a locked,
 * KMS-encrypted vault in another region that a `SecureBackupPlan` copies every recovery
 * point to (`copyTargets: [offsite.vault.asCopyTarget()]`).
 *
 * The stack holds the service's policy re-homed to its own region, so the vault's lock
 * follows the same backup schedule and the stack's claims name where its data lives.
 * Deploy it before the stack whose plan copies into it (`addDependency`).
 */
export class OffsiteBackupStack extends Stack {
  /** The policy of this stack (the service's, in this region). */
  public readonly policy: DataProtectionPolicy;
  /** The vault that receives the copies. */
  public readonly vault: SecureBackupVault;

  constructor(scope: Construct, id: string, props: OffsiteBackupStackProps) {
    super(scope, id, {
      ...props,
      env: { ...props.env, region: props.region },
      description: props.description ?? `cdk-data-protection off-site backup copies in ${props.region}`,
    });
    if (!(props.policy.backupCopyRegions ?? []).includes(props.region)) {
      throw new DataProtectionError(
        `region must be one of the policy's backupCopyRegions (${(props.policy.backupCopyRegions ?? []).join(', ') || 'none declared'}), got '${props.region}'`, this);
    }
    // The copies make no claim of their own: the service's stack records its claims, and the
    // evidence report finds this vault when it proves the copies (S1-08).
    this.policy = new DataProtectionPolicy(this, 'Policy', { ...props.policy, region: props.region, backupCopyRegions: [], claims: [], promises: [] });
    markStackRole(this, 'offsite-backup');
    this.vault = new SecureBackupVault(this, 'Vault', {
      backupVaultName: props.backupVaultName ?? 'cdk-data-protection-copies',
      lock: props.lock,
    });
  }
}
