import { DATA_CLASS_TAG } from '../../private/data-store-types';
import { Fact, ResourceView, StackView, Verifier } from '../model';
import { everyResource, fact, listOf, noResource, numberOf, referencedIds, refTarget, resourceFact, resourcesOf, show, stackOf } from '../query';
import {
  BUCKET, cadenceOf, dataClassOf, dataStores, DB_CLUSTER, DB_INSTANCE, describeRule, describeSelection, EVENT_RULE, EVERY, EVERY_WEEKDAY,
  INTERNAL_CLASS, isAurora, joined, missingExpectation, PLAN, planOfSelection, rdsRetentionFacts, regionOf, RESTORE_PLAN, RESTORE_SELECTION,
  RULES, rulesOf, SELECTION, selectionsOf, SNS_TOPIC, STORE_TYPES, tagKey, tagsOf, textOf, VAULT,
} from './backup-templates';
import { REDUNDANCY_VERIFIERS } from './redundancy';

/**
 * The backup verifiers: AWS Backup plans, selections, restore tests and failure alerts; RDS
 * automated backups. The resilience verifiers (Multi-AZ, zones, off-site and replicated copies)
 * are in redundancy.ts; what both read in templates is in backup-templates.ts.
 */
// Verifiers
// ---------------------------------------------------------------------------------------------

/**
 * S0-01, S1-08: customer data stores are backed up automatically every day.
 *
 * - every RDS DB instance and DB cluster keeps automated backups, which RDS takes daily:
 *   `BackupRetentionPeriod` > 0 (absent, CloudFormation's default is 1 day, which keeps them);
 * - at least one AWS Backup plan rule runs every day (a cron whose day-of-month, month and
 *   day-of-week are all "every", or more often), with exactly the expected `dailyBackup`
 *   expression when the claim records one;
 * - a backup selection assigns resources to that plan (a plan without one backs up nothing);
 * - every other data store tagged with a customer data class (not `internal`) is selected by
 *   a selection of such a plan (RDS is covered by its automated backups); a selected bucket is
 *   versioned, since AWS Backup backs up only versioned buckets.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbinstance.html#cfn-rds-dbinstance-backupretentionperiod
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html
 */
const dailyBackups: Verifier = ({ stacks, expected }) => {
  const wanted = expected.get('dailyBackup');
  const facts = rdsRetentionFacts(stacks, '> 0', (days) => days > 0,
    () => 'absent: CloudFormation keeps automated backups 1 day by default, taken daily');
  const plans = resourcesOf(stacks, PLAN);
  if (plans.length === 0) {
    return [...facts, noResource(stacks, PLAN, wanted ?? 'a rule scheduled every day')];
  }
  const isDaily = (rule: Record<string, any>) => cadenceOf(rule.ScheduleExpression)?.everyDay === true
    && (wanted === undefined || rule.ScheduleExpression === wanted);
  const dailyPlans = plans.filter((p) => rulesOf(p).some(isDaily));
  if (dailyPlans.length === 0) {
    return [...facts, ...plans.map((p) => fact(p, RULES, wanted ?? 'a rule scheduled every day', joined(rulesOf(p).map(describeRule)), false,
      wanted ? `no rule is scheduled ${wanted}` : 'no rule runs every day'))];
  }
  for (const plan of dailyPlans) {
    rulesOf(plan).forEach((rule, i) => {
      if (isDaily(rule)) {
        facts.push(resourceFact(plan, `${RULES}.${i}.ScheduleExpression`, wanted ?? 'every day', true));
      }
    });
    const selections = resourcesOf(stacks, SELECTION).filter((s) => planOfSelection(stacks, s) === plan);
    facts.push(fact(plan, 'Resources[Type=AWS::Backup::BackupSelection].BackupPlanId', 'a backup selection of this plan',
      joined(selections.map(describeSelection)), selections.length > 0, selections.length > 0 ? undefined : 'a plan without a selection backs up nothing'));
  }
  const customerStores = dataStores(stacks).filter((s) => s.type !== DB_INSTANCE && s.type !== DB_CLUSTER)
    .filter((s) => dataClassOf(s) !== undefined && dataClassOf(s) !== INTERNAL_CLASS);
  for (const store of customerStores) {
    const daily = selectionsOf(stacks, store).filter((s) => s.plan !== undefined && dailyPlans.includes(s.plan));
    facts.push(fact(store, `Properties.Tags.${DATA_CLASS_TAG}`, `${dataClassOf(store)} store selected by a daily backup plan`,
      joined(daily.map((s) => `${describeSelection(s.selection)} of ${s.plan!.logicalId}`)), daily.length > 0,
      daily.length > 0 ? undefined : 'no backup selection of a daily plan selects it, by reference or by tag'));
    if (store.type === BUCKET && daily.length > 0) {
      const versioned = store.properties.VersioningConfiguration?.Status === 'Enabled';
      facts.push(resourceFact(store, 'Properties.VersioningConfiguration.Status', 'Enabled', versioned,
        versioned ? undefined : 'AWS Backup backs up only buckets with versioning enabled: the backup jobs of this bucket fail'));
    }
  }
  return facts;
};

/**
 * S0-02, S1-09: daily backups are kept exactly the promised number of days (`backupRetentionDays`).
 *
 * - every RDS DB instance and DB cluster has `BackupRetentionPeriod` equal to it (absent is
 *   CloudFormation's default, 1 day);
 * - every backup plan's daily rule (one run a day, every day) has `Lifecycle.DeleteAfterDays`
 *   equal to it: absent, recovery points are kept forever.
 *
 * Exact: 7 or 30 days under a 14-day promise both fail (shorter breaks the promise, longer
 * keeps data beyond what the page says).
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Lifecycle.html
 */
const backupRetention: Verifier = ({ stacks, expected }) => {
  const wanted = numberOf(expected.get('backupRetentionDays'));
  if (wanted === undefined) {
    return [missingExpectation(stacks, 'backupRetentionDays')];
  }
  const facts = rdsRetentionFacts(stacks, String(wanted), (days) => days === wanted,
    (ok) => `absent: CloudFormation's default is 1 day${ok ? '' : `, not ${wanted}`}`);
  return facts.concat(everyResource(stacks, PLAN, String(wanted), (plan) => {
    const daily = rulesOf(plan).map((rule, i) => ({ rule, i })).filter(({ rule }) => cadenceOf(rule.ScheduleExpression)?.oncePerDay === true);
    if (daily.length === 0) {
      return fact(plan, RULES, `a daily rule kept ${wanted} days`, joined(rulesOf(plan).map(describeRule)), false, 'no rule runs once every day');
    }
    return daily.flatMap(({ rule, i }) => {
      const days = rule.Lifecycle?.DeleteAfterDays;
      // The off-site copies of the daily backups are daily backups too: each keeps its own lifecycle.
      const copies = listOf<any>(rule.CopyActions).map((copy, j) => {
        const copyDays = copy?.Lifecycle?.DeleteAfterDays;
        return resourceFact(plan, `${RULES}.${i}.CopyActions.${j}.Lifecycle.DeleteAfterDays`, String(wanted), numberOf(copyDays) === wanted,
          copyDays === undefined ? 'absent: AWS Backup keeps the copies forever' : undefined);
      });
      return [resourceFact(plan, `${RULES}.${i}.Lifecycle.DeleteAfterDays`, String(wanted), numberOf(days) === wanted,
        days === undefined ? 'absent: AWS Backup keeps the recovery points forever' : undefined), ...copies];
    });
  }));
};

/** How often a schedule expression runs a backup: once an hour, a day, a week or a month; undefined for anything else. */
export function periodOf(expression: unknown): 'hour' | 'day' | 'week' | 'month' | undefined {
  if (typeof expression !== 'string') {
    return undefined;
  }
  const rate = /^rate\(\s*(\d+)\s+(minutes?|hours?|days?)\s*\)$/.exec(expression.trim());
  if (rate) {
    const minutes = Number(rate[1]) * ({ minute: 1, hour: 60, day: 1440 } as Record<string, number>)[rate[2].replace(/s$/, '')];
    return ({ 60: 'hour', 1440: 'day', 10080: 'week' } as Record<number, 'hour' | 'day' | 'week'>)[minutes];
  }
  const cron = /^cron\(\s*(.+?)\s*\)$/.exec(expression.trim());
  const fields = cron?.[1].split(/\s+/) ?? [];
  if (fields.length < 5 || fields.length > 6) {
    return undefined;
  }
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year = '*'] = fields;
  const one = (f: string) => /^\d+$/.test(f);
  if (!one(minutes) || !EVERY.includes(month) || !EVERY.includes(year)) {
    return undefined;
  }
  const everyDayOfWeek = EVERY_WEEKDAY.includes(dayOfWeek.toUpperCase());
  if (EVERY.includes(hours) && EVERY.includes(dayOfMonth) && everyDayOfWeek) {
    return 'hour';
  }
  if (!one(hours)) {
    return undefined;
  }
  if (EVERY.includes(dayOfMonth) && everyDayOfWeek) {
    return 'day';
  }
  if (dayOfMonth === '?' && /^([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)$/i.test(dayOfWeek)) {
    return 'week';
  }
  if ((one(dayOfMonth) && Number(dayOfMonth) >= 1 && Number(dayOfMonth) <= 28 || dayOfMonth === 'L') && dayOfWeek === '?') {
    return 'month';
  }
  return undefined;
}

/**
 * The tiers S4-06 promises, derived from its sentence ("hourly (kept 2 days), daily (kept 7
 * days), weekly (kept 4 weeks) and monthly (kept 12 months)"), never from the metadata the
 * report reads: a tier's rule must run once every period and keep its backups that many days.
 */
const GFS_PROMISE: Array<{ name: string; period: 'hour' | 'day' | 'week' | 'month'; days: number }> = [
  { name: 'Hourly', period: 'hour', days: 2 },
  { name: 'Daily', period: 'day', days: 7 },
  { name: 'Weekly', period: 'week', days: 28 },
  { name: 'Monthly', period: 'month', days: 365 },
];

/**
 * S4-06: the plans keep the promised tiers, each with its schedule and retention. The claim
 * records `backupRule.<Name>` = `<schedule expression> <days>` per tier (`backupRule.Hourly`
 * = `cron(0 * * * ? *) 2`). Every backup plan has, per tier, a rule on exactly that schedule
 * (the one of that name when several share it) whose `Lifecycle.DeleteAfterDays` is exactly
 * the days. Under S4-06 the recorded tiers must also be the promise's own (`GFS_PROMISE`):
 * each runs once an hour, a day, a week or a month (read from its expression: a "Daily" tier
 * on an hourly or weekly schedule fails) and keeps 2, 7, 28 or 365 days.
 */
const backupRules: Verifier = ({ stacks, expected, claim }) => {
  const tiers = [...expected.entries()].filter(([key]) => key.startsWith('backupRule.')).map(([key, value]) => {
    const at = value.trim().lastIndexOf(' ');
    return { name: key.slice('backupRule.'.length), schedule: value.trim().slice(0, at), days: numberOf(value.trim().slice(at + 1)) };
  });
  if (tiers.length === 0) {
    return [missingExpectation(stacks, 'backupRule.<Name>')];
  }
  const promised: Fact[] = claim.id !== 'S4-06' ? [] : GFS_PROMISE.map((p) => {
    const tier = tiers.find((t) => t.name === p.name);
    const period = periodOf(tier?.schedule);
    const problems = [
      tier === undefined ? `the claim records no ${p.name} tier` : undefined,
      tier !== undefined && period !== p.period ? `${tier.schedule} runs ${period ? `once a ${period}` : 'on no single period'}, not once a ${p.period}` : undefined,
      tier !== undefined && tier.days !== p.days ? `kept ${tier.days} days, not ${p.days}` : undefined,
    ].filter((x) => x !== undefined);
    return fact({ stack: stacks.map((s) => s.id).join(', ') }, `Metadata.cdk-data-protection.claims[S4-06].expected.backupRule.${p.name}`,
      `once a ${p.period}, kept ${p.days} days (the promise)`, tier ? `${tier.schedule} ${tier.days}` : undefined, problems.length === 0,
      problems.length > 0 ? problems.join('; ') : undefined);
  });
  return [...promised, ...everyResource(stacks, PLAN, tiers.map((t) => `${t.name} ${t.schedule} kept ${t.days} days`).join(', '), (plan) => {
    const rules = rulesOf(plan).map((rule, i) => ({ rule, i }));
    return tiers.map((tier) => {
      const sameSchedule = rules.filter(({ rule }) => rule.ScheduleExpression === tier.schedule);
      const match = sameSchedule.find(({ rule }) => rule.RuleName === tier.name) ?? sameSchedule[0];
      if (!match) {
        const named = rules.find(({ rule }) => rule.RuleName === tier.name);
        return named
          ? resourceFact(plan, `${RULES}.${named.i}.ScheduleExpression`, tier.schedule, false, `rule ${tier.name} runs on another schedule`)
          : fact(plan, RULES, `a rule ${tier.name} on ${tier.schedule}`, joined(rules.map(({ rule }) => describeRule(rule))), false,
            `no rule runs on ${tier.schedule}`);
      }
      const days = match.rule.Lifecycle?.DeleteAfterDays;
      const named = match.rule.RuleName === tier.name;
      return resourceFact(plan, `${RULES}.${match.i}.Lifecycle.DeleteAfterDays`, String(tier.days), tier.days !== undefined && numberOf(days) === tier.days,
        days === undefined ? 'absent: AWS Backup keeps the recovery points forever'
          : named ? undefined : `the rule on ${tier.schedule} is named ${show(match.rule.RuleName)}, not ${tier.name}`);
    });
  })];
};

/**
 * S1-10, S2-13: restores from backup are tested on the promised schedule.
 *
 * - an AWS Backup restore testing plan has `ScheduleExpression` equal to the expected
 *   `restoreTestingSchedule` (`cron(0 9 * * ? *)` for daily);
 * - it tests the recovery points of every vault the backup plans write to
 *   (`RecoveryPointSelection.IncludeVaults` names each, or `*`);
 * - its restore testing selections (`RestoreTestingPlanName`) cover every resource type the
 *   backup selections protect: a selection of that `ProtectedResourceType` whose
 *   `ProtectedResourceArns` are `*` or name every such store.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing.html
 */
const restoreTesting: Verifier = ({ stacks, expected }) => {
  const wanted = expected.get('restoreTestingSchedule');
  if (wanted === undefined) {
    return [missingExpectation(stacks, 'restoreTestingSchedule')];
  }
  const plans = resourcesOf(stacks, RESTORE_PLAN);
  if (plans.length === 0) {
    return [noResource(stacks, RESTORE_PLAN, wanted)];
  }
  // Restore tests restore recovery points: without a backup plan there is nothing to test.
  if (resourcesOf(stacks, PLAN).length === 0) {
    return [noResource(stacks, PLAN, 'a backup plan whose recovery points the restore tests restore')];
  }
  const onSchedule = plans.filter((p) => p.properties.ScheduleExpression === wanted);
  if (onSchedule.length === 0) {
    return plans.map((p) => resourceFact(p, 'Properties.ScheduleExpression', wanted, false));
  }
  const facts: Fact[] = onSchedule.map((p) => resourceFact(p, 'Properties.ScheduleExpression', wanted, true));
  const testingSelections = resourcesOf(stacks, RESTORE_SELECTION).filter((s) => onSchedule.some((p) => p.stack === s.stack && (
    refTarget(s.properties.RestoreTestingPlanName) === p.logicalId
    || (typeof s.properties.RestoreTestingPlanName === 'string' && s.properties.RestoreTestingPlanName === p.properties.RestoreTestingPlanName))));

  // The vaults the backup plans write to must be the ones the restore tests read.
  for (const plan of resourcesOf(stacks, PLAN)) {
    const targets = [...new Set(rulesOf(plan).map((r) => JSON.stringify(r.TargetBackupVault)))].map((t) => JSON.parse(t ?? 'null'));
    for (const target of targets) {
      const vaultId = refTarget(target)
        ?? resourcesOf(stacks, VAULT).find((v) => v.stack === plan.stack && v.properties.BackupVaultName === target)?.logicalId;
      const reading = onSchedule.filter((p) => {
        const include = listOf(p.properties.RecoveryPointSelection?.IncludeVaults);
        const exclude = listOf(p.properties.RecoveryPointSelection?.ExcludeVaults);
        const names = (entry: unknown) => entry === '*' || (p.stack === plan.stack && vaultId !== undefined && referencedIds(entry).has(vaultId))
          || (typeof target === 'string' && typeof entry === 'string' && entry.endsWith(`:backup-vault:${target}`));
        return include.some(names) && !exclude.some(names);
      });
      facts.push(fact(plan, `${RULES}[].TargetBackupVault`, 'a vault the restore tests read (IncludeVaults)',
        `${vaultId ?? show(target)} read by ${reading.length > 0 ? reading.map((p) => p.logicalId).join(', ') : '(no restore testing plan on schedule)'}`,
        reading.length > 0, reading.length > 0 ? undefined : 'the restore tests never restore the recovery points of this vault'));
    }
  }

  // Every type the backup selections protect has a restore testing selection.
  const protectedStores = dataStores(stacks).filter((s) => selectionsOf(stacks, s).length > 0);
  const types = [...new Set(protectedStores.map(restoreTypeOf))];
  const where = onSchedule[0];
  if (types.length === 0) {
    facts.push(fact(where, 'Resources[Type=AWS::Backup::RestoreTestingSelection]', 'a restore testing selection',
      joined(testingSelections.map((s) => `${s.logicalId} (${show(s.properties.ProtectedResourceType)})`)), testingSelections.length > 0,
      'no data store of the templates is selected by a backup selection; the restore tests cover the types listed'));
  }
  for (const type of types) {
    const stores = protectedStores.filter((s) => restoreTypeOf(s) === type);
    const covering = testingSelections.filter((sel) => sel.properties.ProtectedResourceType === type && stores.every((store) => {
      const arns = listOf(sel.properties.ProtectedResourceArns);
      const named = arns.length === 0 || arns.includes('*') || (sel.stack === store.stack && arns.some((a) => referencedIds(a).has(store.logicalId)));
      return named && restoreConditionsHold(sel.properties.ProtectedResourceConditions, tagsOf(store));
    }));
    facts.push(fact(where, 'Resources[Type=AWS::Backup::RestoreTestingSelection].ProtectedResourceType', `a restore testing selection for ${type}`,
      joined(covering.map((s) => s.logicalId)), covering.length > 0, covering.length > 0 ? undefined
        : `the backup selections protect ${stores.map((s) => s.logicalId).join(', ')} (${type}), which no restore testing selection covers`));
  }
  return facts;
};

/** The restore-testing `ProtectedResourceType` of a store. */
function restoreTypeOf(store: ResourceView): string {
  return store.type === DB_CLUSTER && isAurora(store) ? 'Aurora' : STORE_TYPES[store.type];
}

/** Whether the `ProtectedResourceConditions` of a restore testing selection hold for a store's tags. */
function restoreConditionsHold(conditions: any, tags: Record<string, unknown>): boolean {
  const each = (operator: string) => listOf<any>(conditions?.[operator]).map((c) => ({ key: tagKey(c?.Key), value: String(c?.Value) }));
  return each('StringEquals').every((c) => tags[c.key] === c.value) && each('StringNotEquals').every((c) => tags[c.key] !== c.value);
}

/** The job kinds whose failures must reach people, with the vault events and EventBridge detail types that report them. */
const JOB_KINDS = [
  { kind: 'backup', vaultEvents: ['BACKUP_JOB_COMPLETED'], detailType: 'Backup Job State Change' },
  { kind: 'copy', vaultEvents: ['COPY_JOB_FAILED'], detailType: 'Copy Job State Change' },
  { kind: 'restore', vaultEvents: ['RESTORE_JOB_COMPLETED'], detailType: 'Restore Job State Change' },
];

/** Vault events AWS Backup no longer sends: subscribing to them alerts nobody. */
const DEPRECATED_VAULT_EVENTS = ['BACKUP_JOB_FAILED', 'BACKUP_JOB_SUCCESSFUL', 'BACKUP_JOB_EXPIRED', 'RESTORE_JOB_FAILED', 'RESTORE_JOB_SUCCESSFUL'];

/** Whether a value names an SNS topic: a topic of the stack by reference, or a literal or joined SNS ARN. */
function isTopic(stack: StackView | undefined, value: unknown): boolean {
  const target = refTarget(value);
  if (target !== undefined) {
    return stack?.resources.some((r) => r.logicalId === target && r.type === SNS_TOPIC) === true;
  }
  return /^arn:[^:]+:sns:/.test(textOf(value, regionOf(stack)).replace(/\$\{[^}]*\}/g, '${?}'));
}

/**
 * The EventBridge rules of a region that send failed jobs of a kind to SNS: enabled, on source
 * `aws.backup`, matching the kind's detail type (or all) and the `FAILED` state (or all), with
 * an SNS topic among the targets. Returns each rule with the states it matches.
 */
function failedJobRules(stacks: StackView[], region: string | undefined, stackId: string, detailType: string, vaultName: unknown) {
  return resourcesOf(stacks, EVENT_RULE).filter((rule) => {
    const stack = stackOf(stacks, rule);
    if (rule.stack !== stackId && (region === undefined || regionOf(stack) !== region)) {
      return false;
    }
    const pattern = typeof rule.properties.EventPattern === 'string' ? safeJson(rule.properties.EventPattern) : rule.properties.EventPattern;
    const states = listOf(pattern?.detail?.state);
    const types = listOf(pattern?.['detail-type']);
    const vaults = listOf(pattern?.detail?.backupVaultName);
    return (rule.properties.State ?? 'ENABLED') === 'ENABLED'
      && listOf(pattern?.source).includes('aws.backup')
      && (types.length === 0 || types.includes(detailType))
      && (states.length === 0 || states.includes('FAILED'))
      && (vaults.length === 0 || (typeof vaultName === 'string' && vaults.includes(vaultName)))
      && listOf<any>(rule.properties.Targets).some((t) => isTopic(stack, t?.Arn));
  }).map((rule) => {
    const pattern = typeof rule.properties.EventPattern === 'string' ? safeJson(rule.properties.EventPattern) : rule.properties.EventPattern;
    const states = listOf(pattern?.detail?.state);
    return `rule ${rule.logicalId} (${states.length > 0 ? states.join(', ') : 'every state'})`;
  });
}

function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * S2-12: operations are alerted when backup, copy or restore jobs fail. For every vault the
 * backup plans write to, and each kind of job, either
 * - the vault's `Notifications` send the kind's events to an SNS topic (`COPY_JOB_FAILED`;
 *   `BACKUP_JOB_COMPLETED` and `RESTORE_JOB_COMPLETED`, which report failed jobs among the
 *   completed ones: AWS Backup no longer sends `BACKUP_JOB_FAILED` or `RESTORE_JOB_FAILED`), or
 * - an enabled EventBridge rule of the region on source `aws.backup`, the kind's
 *   `... Job State Change` detail type and the `FAILED` state targets an SNS topic.
 * The facts name the events found.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-notifications.html
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html
 */
const backupFailureAlerts: Verifier = ({ stacks }) => everyResource(stacks, PLAN, 'failed jobs reported to SNS', (plan) => {
  const stack = stackOf(stacks, plan);
  const targets = [...new Set(rulesOf(plan).map((r) => JSON.stringify(r.TargetBackupVault ?? null)))].map((t) => JSON.parse(t));
  return targets.flatMap((target) => {
    const vault = stack?.resources.find((r) => r.type === VAULT && (r.logicalId === refTarget(target) || (typeof target === 'string' && r.properties.BackupVaultName === target)));
    const vaultName = vault ? vault.properties.BackupVaultName : target;
    const notifications = vault?.properties.Notifications;
    const events = listOf<string>(notifications?.BackupVaultEvents).filter((e) => typeof e === 'string');
    const notifiesTopic = notifications !== undefined && isTopic(stack, notifications.SNSTopicArn);
    const where = vault ?? plan;
    const path = vault ? 'Properties.Notifications.BackupVaultEvents' : `${RULES}[].TargetBackupVault`;
    return JOB_KINDS.map(({ kind, vaultEvents, detailType }) => {
      const viaVault = notifiesTopic ? events.filter((e) => vaultEvents.includes(e)) : [];
      const viaRules = failedJobRules(stacks, regionOf(stack), plan.stack, detailType, vaultName);
      const found = [...viaVault.map((e) => `vault notification ${e}`), ...viaRules];
      const deprecated = events.filter((e) => DEPRECATED_VAULT_EVENTS.includes(e));
      return fact(where, path, `failed ${kind} jobs of vault ${show(vaultName)} reported to SNS`, joined(found), found.length > 0,
        found.length > 0 ? undefined : [
          vault ? `the vault notifies ${events.length > 0 ? events.join(', ') : 'nothing'}` : `the vault ${show(target)} is not in the template`,
          deprecated.length > 0 ? `${deprecated.join(', ')} ${deprecated.length > 1 ? 'are' : 'is'} no longer sent by AWS Backup` : '',
          `and no enabled EventBridge rule on aws.backup '${detailType}' FAILED targets an SNS topic`,
        ].filter((s) => s !== '').join('; '));
    });
  });
});

/** The verifiers of this area, by the name the catalog's `checks` use: the backup ones, and the resilience ones of redundancy.ts. */
export const BACKUP_VERIFIERS: Record<string, Verifier> = {
  'daily-backups': dailyBackups,
  'backup-retention': backupRetention,
  'backup-rules': backupRules,
  'restore-testing': restoreTesting,
  'backup-failure-alerts': backupFailureAlerts,
  ...REDUNDANCY_VERIFIERS,
};
