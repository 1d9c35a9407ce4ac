import { isObject } from '../assembly-shape';
import { ResourceView, StackView } from '../model';
import type { StackSetInstance } from './stackset-instance';

/** The value of an `@@assign` operator of an Organizations management policy, or the value itself. */
export function assigned(value: any): any {
  return isObject(value) && '@@assign' in value ? value['@@assign'] : value;
}

/** The Organizations backup policies of the assembly, with the stack that defines each. */
export function backupPolicies(stacks: StackView[]): ResourceView[] {
  return stacks.flatMap((s) => s.resources.filter((r) => r.type === 'AWS::Organizations::Policy' && r.properties.Type === 'BACKUP_POLICY'));
}

/**
 * The backup plans AWS Backup runs in an account from the organization's backup policies
 * attached to its unit (or to it) whose plan covers its region, as `AWS::Backup::BackupPlan`
 * views (the keys of the policy syntax mapped to those of the plan; `$account` replaced when
 * the account is known). Attachments through parent units are not seen: only the unit the
 * StackSet names and the account.
 *
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html
 */
export function effectiveBackupPlans(stacks: StackView[], instance: StackSetInstance, stackId: string, templateFile: string): ResourceView[] {
  const plans: ResourceView[] = [];
  for (const policy of backupPolicies(stacks)) {
    const targets: string[] = Array.isArray(policy.properties.TargetIds) ? policy.properties.TargetIds.map(String) : [];
    if (![instance.organizationalUnit, instance.account].some((t) => t !== undefined && targets.includes(t))) {
      continue;
    }
    const content = typeof policy.properties.Content === 'string' ? JSON.parse(policy.properties.Content) : policy.properties.Content;
    for (const [planName, plan] of Object.entries<any>(isObject(content?.plans) ? content.plans : {})) {
      const regions = assigned(plan?.regions);
      if (!Array.isArray(regions) || !regions.includes(instance.region)) {
        continue;
      }
      const account = (arn: unknown) => instance.account ? String(arn).replace(/\$account/g, instance.account) : String(arn);
      const lifecycle = (l: any) => isObject(l) ? {
        ...(l.delete_after_days !== undefined ? { DeleteAfterDays: Number(assigned(l.delete_after_days)) } : {}),
        ...(l.move_to_cold_storage_after_days !== undefined
          ? { MoveToColdStorageAfterDays: Number(assigned(l.move_to_cold_storage_after_days)) } : {}),
      } : undefined;
      const rules = Object.entries<any>(isObject(plan?.rules) ? plan.rules : {}).map(([ruleName, rule]) => ({
        RuleName: ruleName,
        ScheduleExpression: assigned(rule?.schedule_expression),
        TargetBackupVault: assigned(rule?.target_backup_vault_name),
        Lifecycle: lifecycle(rule?.lifecycle),
        ...(assigned(rule?.enable_continuous_backup) === true ? { EnableContinuousBackup: true } : {}),
        CopyActions: Object.values<any>(isObject(rule?.copy_actions) ? rule.copy_actions : {}).map((copy) => ({
          DestinationBackupVaultArn: account(assigned(copy?.target_backup_vault_arn)),
          Lifecycle: lifecycle(copy?.lifecycle),
        })),
      }));
      plans.push({
        stack: stackId,
        templateFile,
        logicalId: `${policy.logicalId}.${planName}`,
        type: 'AWS::Backup::BackupPlan',
        constructPath: `${policy.constructPath ?? policy.logicalId} (backup policy ${policy.properties.Name}, plan ${planName})`,
        properties: { BackupPlan: { BackupPlanName: planName, BackupPlanRule: rules } },
        metadata: {},
        attributes: { 'cdk-data-protection:from': `${policy.stack}/${policy.logicalId}` },
      });
    }
  }
  return plans;
}
