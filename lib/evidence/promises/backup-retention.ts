import { BACKUP_RETENTION_CONTROLS, boundedDays, boundedExpected, boundOf, daysParam, oneOf, PromiseKind, withinBound } from './kind';
import type { Fact } from '../model';

/** The backup tiers, by the rule name of the AWS Backup plan. */
export const BACKUP_TIERS: Record<string, { rule: string; words: string }> = {
  HOURLY: { rule: 'Hourly', words: 'Hourly backups' },
  DAILY: { rule: 'Daily', words: 'Daily backups' },
  WEEKLY: { rule: 'Weekly', words: 'Weekly backups' },
  MONTHLY: { rule: 'Monthly', words: 'Monthly backups' },
};

/**
 * `backup-retention`: the backups of one tier (hourly, daily, weekly, monthly) are kept a number
 * of days, exactly unless the promise says at least or at most. Made true by the policy's
 * `BackupSchedule`, which every `SecureBackupPlan` follows; the verifier reads the
 * `DeleteAfterDays` of the tier's rule in every backup plan, and of its copy actions.
 */
export const BACKUP_RETENTION: PromiseKind = {
  kind: 'backup-retention',
  summary: 'the backups of one tier are kept a number of days',
  scope: 'infra',
  controls: BACKUP_RETENTION_CONTROLS,
  render(params) {
    const tier = oneOf(params, 'tier', Object.keys(BACKUP_TIERS));
    const bound = boundOf(params);
    const days = daysParam(params, 'days');
    return {
      text: `${BACKUP_TIERS[tier].words} are kept ${boundedDays(bound, days)}.`,
      expected: { [`backupRetention.${BACKUP_TIERS[tier].rule}`]: boundedExpected(bound, days) },
    };
  },
  verify({ stacks }, params) {
    const tier = BACKUP_TIERS[params.tier as string];
    const bound = boundOf(params);
    const days = daysParam(params, 'days');
    const facts: Fact[] = [];
    for (const stack of stacks) {
      for (const plan of stack.resources.filter((r) => r.type === 'AWS::Backup::BackupPlan')) {
        const rules: any[] = plan.properties.BackupPlan?.BackupPlanRule ?? [];
        const i = rules.findIndex((r) => r?.RuleName === tier.rule);
        const rule = rules[i];
        const where = { stack: stack.id, logicalId: plan.logicalId, constructPath: plan.constructPath };
        const found = rule?.Lifecycle?.DeleteAfterDays;
        facts.push({
          ...where,
          propertyPath: `Properties.BackupPlan.BackupPlanRule.${i < 0 ? `[RuleName=${tier.rule}]` : i}.Lifecycle.DeleteAfterDays`,
          expected: boundedExpected(bound, days),
          found: rule === undefined ? `(no ${tier.rule} rule)` : String(found ?? '(absent: kept forever)'),
          satisfied: withinBound(bound, days, found === undefined ? undefined : Number(found)),
        });
        (rule?.CopyActions ?? []).forEach((copy: any, j: number) => {
          const copied = copy?.Lifecycle?.DeleteAfterDays;
          facts.push({
            ...where,
            propertyPath: `Properties.BackupPlan.BackupPlanRule.${i}.CopyActions.${j}.Lifecycle.DeleteAfterDays`,
            expected: boundedExpected(bound, days),
            found: String(copied ?? '(absent: kept forever)'),
            satisfied: withinBound(bound, days, copied === undefined ? undefined : Number(copied)),
          });
        });
      }
    }
    return facts;
  },
};
