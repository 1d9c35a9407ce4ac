import * as fs from 'fs';
import * as path from 'path';
import { AssemblyError } from './assembly-shape';
import { AssemblyView, ClaimResult } from './model';
import { OBSERVATION_FILE, ObservationFile, ObservedPromise, ObservedVerdict, observedPromise, readObservation } from './observation';
import { templateHash } from './template-hash';

/**
 * The "as observed" column of the reports: which observation file a report reads, the observed
 * verdict of each claim, and the counts and texts every format shares. The formats themselves
 * (Markdown, JSON, SARIF, trust page) lay it out; without an observation they are unchanged.
 */

/** An observation file, read, with where it was read from. */
export interface LoadedObservation {
  /** The file, as found or as named. */
  readonly file: string;
  readonly observation: ObservationFile;
}

/**
 * Reads the observation a report shows: the file named (an error when it is missing), or else
 * `evidence-observed.json` from the first of `directories` that holds one; undefined when none
 * does. A file that is not of the observation's shape is an `AssemblyError` naming it: a report
 * never shows a half-read observation.
 */
export function loadObservation(file: string | undefined, directories: string[]): LoadedObservation | undefined {
  const candidates = file !== undefined
    ? [file]
    : [...new Set(directories.map((d) => path.resolve(d)))].map((d) => path.join(d, OBSERVATION_FILE));
  for (const candidate of candidates) {
    const stat = fs.statSync(candidate, { throwIfNoEntry: false });
    if (stat === undefined && file === undefined) {
      continue;
    }
    if (stat === undefined || !stat.isFile()) {
      throw new AssemblyError(candidate, `is not an observation file${stat ? ' (a directory)' : ' (not found)'}: name the ${OBSERVATION_FILE} that \`cdk-data-protection observe\` wrote`);
    }
    let observation: ObservationFile | undefined;
    try {
      observation = readObservation(path.dirname(candidate), path.basename(candidate));
    } catch (err) {
      // readObservation names the file first; the AssemblyError names it once.
      const message = (err as Error).message;
      const prefix = `${path.join(path.dirname(candidate), path.basename(candidate))}: `;
      throw new AssemblyError(candidate, message.startsWith(prefix) ? message.slice(prefix.length) : message);
    }
    if (observation === undefined) {
      return undefined;
    }
    const problem = shapeProblem(observation);
    if (problem) {
      throw new AssemblyError(candidate, problem);
    }
    return { file: candidate, observation };
  }
  return undefined;
}

/**
 * The observation as a report over `assembly` may show it. An observation records the templates it
 * was read against (`templates`); when a stack's template has changed since, or a stack is new or
 * gone, the facts describe other infrastructure: every promise is then NOT_OBSERVED, its facts kept
 * for the record, with the reason first. An observation that records no templates is shown as read.
 */
export function currentObservation(observation: ObservationFile, assembly: AssemblyView): ObservationFile {
  if (observation.templates === undefined) {
    return observation;
  }
  const observed = new Map(observation.templates.map((t) => [t.stack, t.sha256]));
  const now = new Map(assembly.stacks.map((st) => [st.id, templateHash(st.template)]));
  const changed = [
    ...[...now.entries()].filter(([id, hash]) => observed.has(id) && observed.get(id) !== hash).map(([id]) => `${id} (template changed)`),
    ...[...now.keys()].filter((id) => !observed.has(id)).map((id) => `${id} (not in the observation)`),
    ...[...observed.keys()].filter((id) => !now.has(id)).map((id) => `${id} (no longer in the assembly)`),
  ];
  if (changed.length === 0) {
    return observation;
  }
  const reason = `the observation of ${observation.generatedAt} was read against other templates: ${changed.join(', ')};`
    + ' run `cdk-data-protection observe` again after deploying these templates';
  return {
    ...observation,
    promises: observation.promises.map((p) => ({ ...p, verdict: 'NOT_OBSERVED', notObserved: [reason, ...p.notObserved] })),
  };
}

/**
 * What the reader of `observation.ts` does not check and the reports print: the time and reasons
 * of each promise and the fields of each fact. A value of another type is named, with its promise.
 */
function shapeProblem(observation: ObservationFile): string | undefined {
  const optionalString = (v: unknown) => v === undefined || typeof v === 'string';
  if (observation.targets !== undefined && (!Array.isArray(observation.targets)
    || observation.targets.some((t) => !t || typeof t !== 'object' || !Array.isArray(t.stacks)))) {
    return "'targets' must be an array of { account, region, stacks: [...] }";
  }
  for (const p of observation.promises) {
    if (!optionalString(p.observedAt) || !optionalString(p.periodStart) || !optionalString(p.periodEnd)) {
      return `promise ${p.id}: 'observedAt', 'periodStart' and 'periodEnd' must be ISO 8601 strings when given`;
    }
    if (p.notObserved !== undefined && (!Array.isArray(p.notObserved) || p.notObserved.some((n) => typeof n !== 'string'))) {
      return `promise ${p.id}: 'notObserved' must be an array of strings`;
    }
    for (const f of p.facts) {
      if (!f || typeof f !== 'object' || [f.source, f.propertyPath, f.expected, f.found].some((v) => typeof v !== 'string')
        || ![f.account, f.region, f.resource, f.note].every(optionalString)
        || !(f.satisfied === undefined || typeof f.satisfied === 'boolean')) {
        return `promise ${p.id}: each fact needs 'source', 'propertyPath', 'expected' and 'found' (strings), and 'satisfied' true, false or absent,`
          + ` found ${JSON.stringify(f)?.slice(0, 200)}`;
      }
    }
  }
  return undefined;
}

/** The ids the observation names that no claim of the report has (an observation of other templates, or of an older page). */
export function unclaimedObservations(observation: ObservationFile, claims: ClaimResult[]): string[] {
  const ids = new Set(claims.map((c) => c.id));
  return [...new Set(observation.promises.map((p) => p.id))].filter((id) => !ids.has(id));
}

/**
 * The observation of a claim: its entry in the file or, when the file does not name the claim,
 * NOT_OBSERVED at the observation's time (a promise the observer did not read is never proof).
 */
export function observedClaim(observation: ObservationFile, id: string): ObservedPromise {
  const found = observedPromise(observation, id);
  if (found) {
    // The reader checks id, verdict and facts; the time and the reasons may be left out by a writer.
    return { ...found, observedAt: found.observedAt ?? observation.generatedAt, notObserved: found.notObserved ?? [] };
  }
  return {
    id,
    verdict: 'NOT_OBSERVED',
    facts: [],
    observedAt: observation.generatedAt,
    notObserved: [`the observation of ${observation.generatedAt} does not name ${id}`],
  };
}

/** The observed verdict as the reports show it. */
export function observedLabel(verdict: ObservedVerdict): string {
  return verdict.replace(/_/g, ' ');
}

/** How many claims (one per claim result, as the template summary counts) were observed with each verdict. */
export interface ObservedCounts {
  readonly observed: number;
  readonly observedFailing: number;
  readonly notObserved: number;
}

export function observedCounts(observation: ObservationFile, claims: ClaimResult[]): ObservedCounts {
  const verdicts = claims.map((c) => observedClaim(observation, c.id).verdict);
  return {
    observed: verdicts.filter((v) => v === 'OBSERVED').length,
    observedFailing: verdicts.filter((v) => v === 'OBSERVED_FAILING').length,
    notObserved: verdicts.filter((v) => v === 'NOT_OBSERVED').length,
  };
}

/** The claims observed failing, each id once, in the report's order. */
export function observedFailingClaims(observation: ObservationFile, claims: ClaimResult[]): ClaimResult[] {
  return claims.filter((c, i) => claims.findIndex((o) => o.id === c.id) === i
    && observedClaim(observation, c.id).verdict === 'OBSERVED_FAILING');
}

/** The time of an observation and its period, in words (`2026-12-07T02:00:00Z, period 2026-11-07T02:00:00Z to 2026-12-07T02:00:00Z`). */
export function observedWhen(p: ObservedPromise): string {
  const period = p.periodStart || p.periodEnd ? `, period ${p.periodStart ?? '(open)'} to ${p.periodEnd ?? p.observedAt}` : '';
  return `${p.observedAt}${period}`;
}

/** Who observed what, in one line (`arn:...:assumed-role/reader/alice in 111111111111/us-east-1 (Stack)`). */
export function observedTargets(observation: ObservationFile): string {
  const targets = (observation.targets ?? []).map((t) => {
    const where = [t.account, t.region].filter((x) => x).join('/') || '(account not known)';
    return t.stacks.length > 0 ? `${where} (${t.stacks.join(', ')})` : where;
  });
  return targets.length > 0 ? targets.join('; ') : '(no target recorded)';
}
