import {
  BackupClient, BackupJob, CopyJob, paginateListBackupJobs, paginateListCopyJobs, paginateListRestoreJobs, RestoreJobsListMember,
} from '@aws-sdk/client-backup';
import { CallLabel, inParallel, ObserveContext, observed, unread } from './context';
import { Located, locateAll, literal, storeArn } from './locate';
import type { StackState } from './stacks';
import { PromiseTarget } from './targets';
import type { ResourceView } from '../evidence/model';
import type { ObservedFact } from '../evidence/observation';
import { cadenceOf, dataStores, offsiteRegions, RESTORE_PLAN, rulesOf, selectionsOf } from '../evidence/verifiers/backup-templates';

/**
 * Backups as they ran: for every data store a daily plan selects, a COMPLETED backup job on each
 * day of the period (`--since`), a COMPLETED copy job to each promised region on each day, and
 * COMPLETED restore-testing jobs on the restore plan's schedule. Jobs in other states (CREATED,
 * PENDING, RUNNING, ABORTED, FAILED, EXPIRED, PARTIAL) do not count.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListBackupJobs.html
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListCopyJobs.html
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListRestoreJobs.html
 */

type States = ReadonlyMap<string, StackState>;
const DAY = 86_400_000;

/** How far back AWS Backup lists jobs: ListBackupJobs returns the jobs of the last 30 days. */
export const JOB_HISTORY_DAYS = 30;

/**
 * The whole UTC days of the period: the `sinceDays` days before today, none before the stack's
 * first whole day, and none that begins more than 30 days before now (AWS Backup no longer lists
 * its jobs: counting it would report a missing job that ran).
 */
export function periodDays(ctx: ObserveContext, createdAt?: Date): { start: Date; end: Date; days: string[] } {
  const now = ctx.settings.now.getTime();
  const end = new Date(Math.floor(now / DAY) * DAY);
  const listed = Math.ceil((now - JOB_HISTORY_DAYS * DAY) / DAY) * DAY;
  let start = new Date(Math.max(end.getTime() - ctx.settings.sinceDays * DAY, listed));
  if (createdAt) {
    const firstWholeDay = new Date(Math.ceil(createdAt.getTime() / DAY) * DAY);
    if (firstWholeDay > start) {
      start = firstWholeDay;
    }
  }
  const days: string[] = [];
  for (let t = start.getTime(); t < end.getTime(); t += DAY) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return { start, end, days };
}

/** The data stores of a promise that a plan with a daily rule selects. */
function dailyProtected(target: PromiseTarget): ResourceView[] {
  return dataStores(target.stacks).filter((store) => selectionsOf(target.stacks, store)
    .some((s) => s.plan !== undefined && rulesOf(s.plan).some((r) => cadenceOf(r.ScheduleExpression)?.everyDay === true)));
}

/** "n of m days", and the first missing days. */
function coverage(days: string[], seen: Set<string>): { found: string; holds: boolean; note?: string } {
  const missing = days.filter((d) => !seen.has(d));
  return {
    found: `${days.length - missing.length} of ${days.length} days`,
    holds: missing.length === 0,
    note: missing.length === 0 ? undefined : `no completed job on ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more days` : ''}`,
  };
}

const dayOf = (d?: Date) => (d ? d.toISOString().slice(0, 10) : '');

function stores(target: PromiseTarget, states: States, source: string, path: string) {
  const { located, facts } = locateAll(states, dailyProtected(target), source, path, 'a completed job each day');
  return { located: located.map((l) => ({ l, arn: storeArn(l) })).filter((x): x is { l: Located; arn: string } => x.arn !== undefined), facts };
}

/** S0-01, S1-08, S4-06: a completed backup job per day for every protected store. */
export async function backupJobFacts(ctx: ObserveContext, target: PromiseTarget, states: States): Promise<ObservedFact[]> {
  const path = 'completed backup job each day';
  const { located, facts } = stores(target, states, 'backup:ListBackupJobs', path);
  facts.push(...(await inParallel(located, async ({ l, arn }) => {
    const mine: ObservedFact[] = [];
    const period = periodDays(ctx, l.state.createdAt);
    const where: CallLabel = { source: 'backup:ListBackupJobs', region: l.region, account: l.account, resource: arn };
    const expected = `${period.days.length} of ${period.days.length} days`;
    const read = await ctx.once(`backup-jobs|${arn}`, () => ctx.call(where, async (abortSignal) => {
      const jobs: BackupJob[] = [];
      const input = { ByResourceArn: arn, ByState: 'COMPLETED' as const, ByCreatedAfter: period.start };
      for await (const page of paginateListBackupJobs({ client: ctx.client(BackupClient, l.region) }, input, { abortSignal } as any)) {
        jobs.push(...(page.BackupJobs ?? []));
      }
      return jobs;
    }));
    if (!read.ok) {
      mine.push(unread(where, path, expected, read.reason));
      return mine;
    }
    const c = coverage(period.days, new Set(read.value.filter((j) => j.State === 'COMPLETED').map((j) => dayOf(j.CreationDate))));
    mine.push(observed(where, path, expected, c.found, c.holds, c.note));
    return mine;
  })));
  return facts;
}

/** S1-08, S2-11: a completed copy job per day to each region the plans copy to. */
export async function copyJobFacts(ctx: ObserveContext, target: PromiseTarget, states: States): Promise<ObservedFact[]> {
  const path = 'completed copy job each day';
  const { located, facts } = stores(target, states, 'backup:ListCopyJobs', path);
  facts.push(...(await inParallel(located, async ({ l, arn }) => {
    const mine: ObservedFact[] = [];
    const plans = selectionsOf(target.stacks, l.resource).map((s) => s.plan).filter((p): p is ResourceView => p !== undefined);
    const regions = [...new Set(plans.flatMap((p) => offsiteRegions(target.stacks, p, l.region)))].sort();
    const period = periodDays(ctx, l.state.createdAt);
    const expected = `${period.days.length} of ${period.days.length} days`;
    const where: CallLabel = { source: 'backup:ListCopyJobs', region: l.region, account: l.account, resource: arn };
    if (regions.length === 0) {
      return mine;
    }
    const read = await ctx.once(`copy-jobs|${arn}`, () => ctx.call(where, async (abortSignal) => {
      const jobs: CopyJob[] = [];
      const input = { ByResourceArn: arn, ByState: 'COMPLETED' as const, ByCreatedAfter: period.start };
      for await (const page of paginateListCopyJobs({ client: ctx.client(BackupClient, l.region) }, input, { abortSignal } as any)) {
        jobs.push(...(page.CopyJobs ?? []));
      }
      return jobs;
    }));
    for (const region of regions) {
      const at = `${path} to ${region}`;
      if (!read.ok) {
        mine.push(unread(where, at, expected, read.reason));
        continue;
      }
      const toRegion = read.value.filter((j) => j.State === 'COMPLETED' && j.DestinationBackupVaultArn?.split(':')[3] === region);
      const c = coverage(period.days, new Set(toRegion.map((j) => dayOf(j.CreationDate))));
      mine.push(observed(where, at, expected, c.found, c.holds, c.note));
    }
    return mine;
  })));
  return facts;
}

/** S1-10, S2-13: completed restore-testing jobs of each restore-testing plan, on its schedule. */
export async function restoreJobFacts(ctx: ObserveContext, target: PromiseTarget, states: States): Promise<ObservedFact[]> {
  const plans = target.stacks.flatMap((s) => s.resources.filter((r) => r.type === RESTORE_PLAN));
  const path = 'completed restore-testing jobs';
  const { located, facts } = locateAll(states, plans, 'backup:ListRestoreJobs', path, 'on the plan\'s schedule');
  facts.push(...(await inParallel(located, async (l) => {
    const mine: ObservedFact[] = [];
    const period = periodDays(ctx, l.state.createdAt);
    const daily = cadenceOf(literal(l.resource.properties.ScheduleExpression))?.everyDay === true;
    const expected = daily ? `${period.days.length} of ${period.days.length} days` : '>= 1 in the period';
    const where: CallLabel = { source: 'backup:ListRestoreJobs', region: l.region, account: l.account, resource: l.id };
    const read = await ctx.once(`restore-jobs|${l.account}|${l.region}|${period.start.toISOString()}`, () => ctx.call(where, async (abortSignal) => {
      const jobs: RestoreJobsListMember[] = [];
      const input = { ByStatus: 'COMPLETED' as const, ByCreatedAfter: period.start };
      for await (const page of paginateListRestoreJobs({ client: ctx.client(BackupClient, l.region) }, input, { abortSignal } as any)) {
        jobs.push(...(page.RestoreJobs ?? []));
      }
      return jobs;
    }));
    if (!read.ok) {
      mine.push(unread(where, path, expected, read.reason));
      return mine;
    }
    // A restore-testing plan's ARN ends in `:restore-testing-plan:<name>-<suffix>` or `:<name>`.
    const ofPlan = new RegExp(`:restore-testing-plan:${escape(l.id)}(-[^:]*)?$`);
    const jobs = read.value.filter((j) => j.Status === 'COMPLETED' && ofPlan.test(j.CreatedBy?.RestoreTestingPlanArn ?? ''));
    if (daily) {
      const c = coverage(period.days, new Set(jobs.map((j) => dayOf(j.CreationDate))));
      mine.push(observed(where, path, expected, c.found, c.holds, c.note));
    } else {
      mine.push(observed(where, path, expected, `${jobs.length} in the period`, jobs.length > 0));
    }
    return mine;
  })));
  return facts;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
