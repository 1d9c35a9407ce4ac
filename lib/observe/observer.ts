import * as fs from 'fs';
import * as path from 'path';
import { backupJobFacts, copyJobFacts, periodDays, restoreJobFacts } from './backups';
import { ObserveContext, ObserveSettings } from './context';
import { deliveryFacts } from './delivery';
import { configRecorderFacts, guardDutyFacts, inspectorFacts, securityHubFacts, trailFacts } from './detection';
import { dbBackupRetentionFacts, encryptionFacts, logRetentionFacts, multiAzFacts } from './resources';
import { observeStack, StackState } from './stacks';
import { Aspect, PromiseTarget, promiseTargets } from './targets';
import { readAssembly } from '../evidence/assembly';
import { AssemblyView } from '../evidence/model';
import {
  OBSERVATION_FILE, OBSERVATION_SCHEMA_VERSION, ObservationFile, ObservedFact, ObservedPromise, ObservedVerdict,
} from '../evidence/observation';
import { writeAtomically } from '../evidence/report-files';
import { templateHash } from '../evidence/template-hash';
import { verifyAssembly } from '../evidence/verify';

/**
 * The observer: for every promise of the template report, the operating facts that show it
 * holds in the live account now. Read-only calls only; what cannot be read is NOT_OBSERVED with
 * its reason, never OBSERVED.
 */

type AspectObserver = (ctx: ObserveContext, target: PromiseTarget, states: ReadonlyMap<string, StackState>) => Promise<ObservedFact[]>;

/** The observer of each aspect. */
const OBSERVERS: Record<Aspect, AspectObserver> = {
  'backup-jobs': backupJobFacts,
  'copy-jobs': copyJobFacts,
  'restore-jobs': restoreJobFacts,
  'delivery': deliveryFacts,
  'guardduty': guardDutyFacts,
  'security-hub': securityHubFacts,
  'config-recorder': configRecorderFacts,
  'inspector': inspectorFacts,
  'trail': trailFacts,
  'log-retention': logRetentionFacts,
  'encryption': encryptionFacts,
  'db-backup-retention': dbBackupRetentionFacts,
  'multi-az': multiAzFacts,
};

/** The aspects whose facts cover the `--since` period. */
const PERIOD_ASPECTS: Aspect[] = ['backup-jobs', 'copy-jobs', 'restore-jobs'];

/**
 * The verdict of a set of facts: OBSERVED_FAILING when one was read and does not hold;
 * NOT_OBSERVED when there is none or one could not be read; OBSERVED otherwise.
 */
export function observedVerdict(facts: ObservedFact[]): ObservedVerdict {
  if (facts.some((f) => f.satisfied === false)) {
    return 'OBSERVED_FAILING';
  }
  return facts.length === 0 || facts.some((f) => f.satisfied === undefined) ? 'NOT_OBSERVED' : 'OBSERVED';
}

/** What the caller knows before the first read. */
export interface ObserveInput {
  readonly assembly: AssemblyView;
  readonly settings: ObserveSettings;
  /** The caller's identity (sts:GetCallerIdentity), when read. */
  readonly caller?: { readonly arn?: string; readonly account?: string };
}

/** What the run did, for the summary. */
export interface ObserveRun {
  readonly observation: ObservationFile;
  /** How many AWS calls were made. */
  readonly calls: number;
  /** Whether the time limit cut the run short. */
  readonly timedOut: boolean;
}

/** Observes every promise of an assembly. Never throws on an AWS error: each becomes a NOT_OBSERVED fact. */
export async function observe(input: ObserveInput): Promise<ObserveRun> {
  const ctx = new ObserveContext(input.settings);
  try {
    const targets = promiseTargets(input.assembly, verifyAssembly(input.assembly, input.settings.now).claims);
    const stacks = [...new Map(targets.flatMap((t) => t.stacks).map((s) => [s.id, s])).values()];
    const states = new Map<string, StackState>();
    await Promise.all(stacks.map(async (s) => states.set(s.id, await observeStack(ctx, s, input.caller?.account))));
    const promises = await Promise.all(targets.map((t) => observePromise(ctx, t, states)));
    const targetsRead = new Map<string, { account?: string; region?: string; stacks: string[] }>();
    for (const state of states.values()) {
      const key = `${state.account ?? ''}|${state.region ?? ''}`;
      const entry = targetsRead.get(key)
        ?? { ...(state.account ? { account: state.account } : {}), ...(state.region ? { region: state.region } : {}), stacks: [] };
      entry.stacks.push(state.stack.stackName);
      targetsRead.set(key, entry);
    }
    return {
      observation: {
        schemaVersion: OBSERVATION_SCHEMA_VERSION,
        generatedAt: input.settings.now.toISOString(),
        ...(input.caller?.arn ? { observer: input.caller.arn } : {}),
        targets: [...targetsRead.values()],
        promises,
        // What the observation is of: a report over other templates shows it as stale (report-observed.ts).
        templates: input.assembly.stacks.map((s) => ({ stack: s.id, sha256: templateHash(s.template) })),
      },
      calls: ctx.calls,
      timedOut: ctx.expired,
    };
  } finally {
    ctx.close();
  }
}

async function observePromise(ctx: ObserveContext, target: PromiseTarget, states: ReadonlyMap<string, StackState>): Promise<ObservedPromise> {
  const facts: ObservedFact[] = target.stacks.flatMap((s) => states.get(s.id)?.facts ?? []);
  const deployed = target.stacks.some((s) => states.get(s.id)?.deployed);
  if (deployed) {
    // The aspects at once; their facts in a stable order.
    const read = await Promise.all([...target.aspects].sort().map((aspect) => OBSERVERS[aspect](ctx, target, states)));
    facts.push(...read.flat());
  }
  const period = deployed && [...target.aspects].some((a) => PERIOD_ASPECTS.includes(a)) ? periodDays(ctx) : undefined;
  return {
    id: target.id,
    verdict: observedVerdict(facts),
    facts,
    observedAt: new Date().toISOString(),
    ...(period ? { periodStart: period.start.toISOString(), periodEnd: period.end.toISOString() } : {}),
    notObserved: [...new Set(facts.filter((f) => f.satisfied === undefined).map((f) => `${f.resource ? `${f.resource}: ` : ''}${f.note ?? f.found}`))],
  };
}

/** Reads the assembly, observes it and writes `evidence-observed.json` into `outDir` (default: the assembly directory). */
export async function observeAssembly(directory: string, settings: ObserveSettings, caller?: ObserveInput['caller'], outDir?: string):
Promise<ObserveRun & { file: string }> {
  const assembly = readAssembly(directory);
  const run = await observe({ assembly, settings, caller });
  const dir = outDir ?? directory;
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, OBSERVATION_FILE);
  writeAtomically(file, JSON.stringify(run.observation, null, 2) + '\n');
  return { ...run, file };
}
