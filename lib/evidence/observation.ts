import * as fs from 'fs';
import * as path from 'path';

/**
 * The "as observed" side of the evidence: what read-only calls against the live account showed
 * for each promise, written by `cdk-data-protection observe` as `evidence-observed.json` next to the
 * template report. The template report ("as designed") and this file share the promise ids; the
 * report formats put the two verdicts side by side when this file is present.
 *
 * This module holds only the shape and its reader, so that the observer (which writes it) and the
 * report formats (which read it) do not depend on each other.
 */

/** The file name the observer writes into the assembly directory. */
export const OBSERVATION_FILE = 'evidence-observed.json';

/** The version of the file's shape; a reader refuses another. */
export const OBSERVATION_SCHEMA_VERSION = 1;

/**
 * The observed verdict of a promise.
 * - `OBSERVED`: every operating fact was read and holds.
 * - `OBSERVED_FAILING`: at least one operating fact was read and does not hold.
 * - `NOT_OBSERVED`: nothing failed, but some fact could not be read (access denied, API missing,
 *   nothing deployed, time limit). Never counts as proof.
 */
export type ObservedVerdict = 'OBSERVED' | 'OBSERVED_FAILING' | 'NOT_OBSERVED';

/** One operating fact read from the account, shaped like the template report's `Fact`. */
export interface ObservedFact {
  /** The account the call was made in. */
  readonly account?: string;
  /** The region the call was made in. */
  readonly region?: string;
  /** The API call the fact comes from, as `service:Action` (`backup:ListBackupJobs`). */
  readonly source: string;
  /** The resource the fact is about (ARN, name or stack name). */
  readonly resource?: string;
  /** What was checked, in a few words (`completed backup job on 2026-12-01`). */
  readonly propertyPath: string;
  /** What the promise needs. */
  readonly expected: string;
  /** What the account returned (or why nothing could be read). */
  readonly found: string;
  /** true: holds; false: does not hold; undefined: could not be read. */
  readonly satisfied?: boolean;
  /** More context (an error code, the period, a caveat). */
  readonly note?: string;
}

/** The observation of one promise. */
export interface ObservedPromise {
  /** The promise id, as in the template report (`S0-02`, or a custom promise's id). */
  readonly id: string;
  readonly verdict: ObservedVerdict;
  readonly facts: ObservedFact[];
  /** When the facts were read (ISO 8601). */
  readonly observedAt: string;
  /** The period the facts cover, when they cover one (`--since`), as ISO 8601 instants. */
  readonly periodStart?: string;
  readonly periodEnd?: string;
  /** Why some facts could not be read (one line each). */
  readonly notObserved: string[];
}

/** What `observe` wrote. */
export interface ObservationFile {
  readonly schemaVersion: number;
  /** When the observation ran (ISO 8601). */
  readonly generatedAt: string;
  /** The caller's identity ARN (from `sts:GetCallerIdentity`), when known. */
  readonly observer?: string;
  /** The accounts and regions read. */
  readonly targets: Array<{ readonly account?: string; readonly region?: string; readonly stacks: string[] }>;
  readonly promises: ObservedPromise[];
  /**
   * The cdk.out templates the observation was read against: each stack's id and the SHA-256 of its
   * canonical JSON (`templateHash`). A report over other templates shows the observation as stale:
   * every promise NOT_OBSERVED. Absent in a file that predates it (then nothing can be compared).
   */
  readonly templates?: Array<{ readonly stack: string; readonly sha256: string }>;
}

/**
 * Reads `evidence-observed.json` from a directory: undefined when the file is not there, an error
 * naming the file when it is there but not of this shape (a report never shows a half-read file).
 */
export function readObservation(directory: string, fileName: string = OBSERVATION_FILE): ObservationFile | undefined {
  const file = path.join(directory, fileName);
  if (!fs.existsSync(file)) {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf-8'));
  } catch (e) {
    throw new Error(`${file}: not JSON (${(e as Error).message})`);
  }
  const body = parsed as Partial<ObservationFile> | null;
  if (!body || typeof body !== 'object' || body.schemaVersion !== OBSERVATION_SCHEMA_VERSION) {
    throw new Error(`${file}: schemaVersion must be ${OBSERVATION_SCHEMA_VERSION}, found ${JSON.stringify(body?.schemaVersion)}`);
  }
  if (!Array.isArray(body.promises) || typeof body.generatedAt !== 'string') {
    throw new Error(`${file}: needs 'generatedAt' (string) and 'promises' (array)`);
  }
  if (body.templates !== undefined && (!Array.isArray(body.templates)
    || body.templates.some((t) => !t || typeof t.stack !== 'string' || typeof t.sha256 !== 'string'))) {
    throw new Error(`${file}: 'templates', when present, lists { stack, sha256 } strings`);
  }
  for (const p of body.promises) {
    if (!p || typeof p.id !== 'string' || !['OBSERVED', 'OBSERVED_FAILING', 'NOT_OBSERVED'].includes(p.verdict as string) || !Array.isArray(p.facts)) {
      throw new Error(`${file}: each promise needs 'id', a verdict of OBSERVED, OBSERVED_FAILING or NOT_OBSERVED, and 'facts'`);
    }
  }
  return body as ObservationFile;
}

/** The observation of one promise, by id. */
export function observedPromise(observation: ObservationFile | undefined, id: string): ObservedPromise | undefined {
  return observation?.promises.find((p) => p.id === id);
}
