import { DataClass } from '../policy/data-class';
import { DataProtectionPolicy } from '../policy/data-protection-policy';

/**
 * What the organization's backup policy carries, besides the schedule of the `DataProtectionPolicy`.
 */
export interface BackupPolicyContent {
  /** The regions whose resources are backed up (where data lives). */
  readonly regions: string[];
  /** The vault, created by the baseline StackSet in every account and region. */
  readonly vaultName: string;
  /** The role AWS Backup assumes, created by the baseline StackSet in every account. */
  readonly roleName: string;
  /** An account whose vault (same name, in the home region) receives a copy of every recovery point. */
  readonly copyAccount?: string;
}

/** The plan's name in the backup policy, read by the evidence report. */
export const BACKUP_PLAN_NAME = 'cdk-data-protection';

/**
 * The backup policy document (AWS Organizations backup policy syntax, `@@assign` operators):
 * one plan with a rule per rule of the policy's backup schedule, a copy of each recovery point
 * to the vault of the same name in each of the policy's `backupCopyRegions` (and in `copyAccount`),
 * kept as long as the original, and a selection of every resource tagged with a declared data
 * class. `$account` is the variable the syntax replaces with each account's id.
 *
 * Vault lock is not part of the syntax: the vaults (with their lock) come from the baseline StackSet.
 *
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html
 */
export function backupPolicyDocument(policy: DataProtectionPolicy, content: BackupPolicyContent): Record<string, any> {
  const assign = (value: unknown) => ({ '@@assign': value });
  const vaultArn = (region: string, account: string) => `arn:aws:backup:${region}:${account}:backup-vault:${content.vaultName}`;
  const rules: Record<string, any> = {};
  for (const rule of policy.backup.rules) {
    const lifecycle = {
      delete_after_days: assign(String(rule.deleteAfter.toDays())),
      ...(rule.moveToColdStorageAfter ? { move_to_cold_storage_after_days: assign(String(rule.moveToColdStorageAfter.toDays())) } : {}),
    };
    const copies: Record<string, any> = {};
    for (const region of policy.backupCopyRegions) {
      copies[vaultArn(region, '$account')] = { target_backup_vault_arn: assign(vaultArn(region, '$account')), lifecycle };
    }
    if (content.copyAccount) {
      for (const region of content.regions) {
        copies[vaultArn(region, content.copyAccount)] = { target_backup_vault_arn: assign(vaultArn(region, content.copyAccount)), lifecycle };
      }
    }
    rules[rule.name] = {
      schedule_expression: assign(rule.scheduleExpression),
      start_backup_window_minutes: assign('60'),
      target_backup_vault_name: assign(content.vaultName),
      lifecycle,
      ...(rule.enableContinuousBackup ? { enable_continuous_backup: assign(true) } : {}),
      ...(Object.keys(copies).length > 0 ? { copy_actions: copies } : {}),
    };
  }
  return {
    plans: {
      [BACKUP_PLAN_NAME]: {
        regions: assign([...content.regions]),
        rules,
        selections: {
          tags: {
            'declared-data-classes': {
              iam_role_arn: assign(`arn:aws:iam::$account:role/${content.roleName}`),
              tag_key: assign(DataClass.TAG_KEY),
              tag_value: assign(policy.dataClasses.map((c) => c.name)),
            },
          },
        },
      },
    },
  };
}

