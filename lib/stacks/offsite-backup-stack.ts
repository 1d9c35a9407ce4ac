import { Names, Stack, StackProps, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { SecureBackupVault } from '../backup/secure-backup-vault';
import { VaultLock } from '../backup/vault-lock';
import { DataProtectionPolicy, DataProtectionPolicyProps } from '../policy/data-protection-policy';
import { DataProtectionError } from '../private/errors';
import { PROPS } from '../private/props-specs';
import { validatePropsShape } from '../private/props-validation';
import { requireKnownRegion } from '../private/region-validation';
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
   * @default - `<stack name>-copies` (or a name derived from the stack's path when that is longer than
   * 50 characters): unique per stack, so two apps copying into the same account and region never collide
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
      env: { ...props?.env, region: props?.region },
      description: props?.description ?? `cdk-data-protection off-site backup copies in ${props?.region}`,
    });
    validatePropsShape(this, 'OffsiteBackupStack', props, PROPS.OffsiteBackupStack);
    requireKnownRegion('region', props.region, this);
    if (!(props.policy.backupCopyRegions ?? []).includes(props.region)) {
      throw new DataProtectionError(
        `region must be one of the policy's backupCopyRegions (${(props.policy.backupCopyRegions ?? []).join(', ') || 'none declared'}), got '${props.region}'`, this);
    }
    // The copies make no claim of their own: the service's stack records its claims, and the
    // evidence report finds this vault when it proves the copies (S1-08).
    this.policy = new DataProtectionPolicy(this, 'Policy', { ...props.policy, region: props.region, backupCopyRegions: [], claims: [], promises: [] });
    markStackRole(this, 'offsite-backup');
    this.vault = new SecureBackupVault(this, 'Vault', {
      backupVaultName: props.backupVaultName ?? defaultVaultName(this),
      lock: props.lock,
    });
  }
}

/** Vault names: 2-50 letters, digits, `-` or `_`. */
const VAULT_NAME = /^[a-zA-Z0-9_-]{2,50}$/;

/**
 * The default name of the off-site vault: unique per stack (a stack name is unique in its
 * account and region), and literal, so the copying plan names the vault's ARN in another region.
 */
function defaultVaultName(stack: Stack): string {
  const name = `${stack.stackName}-copies`;
  if (!Token.isUnresolved(stack.stackName) && VAULT_NAME.test(name)) {
    return name;
  }
  return Names.uniqueResourceName(stack, { maxLength: 50, separator: '-', allowedSpecialCharacters: '-_' });
}
