import { oneOf, PromiseKind } from './kind';
import { BACKUP } from '../catalog';
import type { Fact } from '../model';
import { periodOf } from '../verifiers/backup';

const TIERS: Record<string, { period: 'hour' | 'day' | 'week' | 'month'; words: string; strength: number }> = {
  HOURLY: { period: 'hour', words: 'every hour', strength: 4 },
  DAILY: { period: 'day', words: 'every day', strength: 3 },
  WEEKLY: { period: 'week', words: 'every week', strength: 2 },
  MONTHLY: { period: 'month', words: 'every month', strength: 1 },
};

/**
 * `backup-frequency`: backups are taken every hour (day, week, month). Made true by the policy's
 * `BackupSchedule` (refused when it has no rule of the tier), followed by `SecureBackupPlan`; the
 * verifier reads the `ScheduleExpression` of the rules of every backup plan: at least one runs
 * once per period.
 */
export const BACKUP_FREQUENCY: PromiseKind = {
  kind: 'backup-frequency',
  summary: 'backups are taken every hour, day, week or month',
  scope: 'infra',
  controls: BACKUP,
  render(params) {
    const tier = oneOf(params, 'tier', Object.keys(TIERS));
    return { text: `Backups are taken ${TIERS[tier].words}.`, expected: { backupFrequency: TIERS[tier].period } };
  },
  verify({ stacks }, params) {
    const tier = TIERS[params.tier as string];
    const facts: Fact[] = [];
    for (const stack of stacks) {
      for (const plan of stack.resources.filter((r) => r.type === 'AWS::Backup::BackupPlan')) {
        const schedules: unknown[] = (plan.properties.BackupPlan?.BackupPlanRule ?? []).map((r: any) => r?.ScheduleExpression);
        facts.push({
          stack: stack.id,
          logicalId: plan.logicalId,
          constructPath: plan.constructPath,
          propertyPath: 'Properties.BackupPlan.BackupPlanRule[].ScheduleExpression',
          expected: `a rule run once per ${tier.period}`,
          found: schedules.length === 0 ? '(no rule)' : schedules.map((s) => JSON.stringify(s)).join(', '),
          satisfied: schedules.some((s) => periodOf(s) === tier.period),
        });
      }
    }
    return facts;
  },
  strength: (params) => TIERS[params.tier as string]?.strength,
};
