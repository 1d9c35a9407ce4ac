/**
 * The evidence side of a promise kind: the pure part, which the report runs on `cdk.out/`
 * without aws-cdk-lib. A promise is recorded in the template Metadata as its kind id and
 * parameters (plain JSON); at report time the kind renders the sentence and the expected values
 * from the parameters again, and the recorded sentence and values must agree with them.
 */
import type { ClaimScope, ControlMapping, Fact, VerifierInput } from '../model';
import { refTarget } from '../query';

/** The parameters of a recorded promise: plain JSON. */
export type PromiseParams = Record<string, any>;

/** What a kind says and expects under its parameters. */
export interface RenderedPromise {
  /** The sentence, as a trust page states it. */
  readonly text: string;
  /** The values the templates must show, by property. */
  readonly expected: Record<string, string>;
}

/** One kind of promise: its sentence, verifier and control mapping, keyed by its id. */
export interface PromiseKind {
  /** The kind id recorded in the assembly (`log-retention`). */
  readonly kind: string;
  /** What the kind promises, in a few words (the README table). */
  readonly summary: string;
  readonly scope: ClaimScope;
  readonly controls: ControlMapping;
  /**
   * The sentence and expected values from the parameters; throws `PromiseParameterError` when
   * the parameters are not ones this kind accepts.
   */
  render(params: PromiseParams): RenderedPromise;
  /** The facts the templates show about the promise. */
  verify(input: VerifierInput, params: PromiseParams): Fact[];
  /**
   * How strong the promise is under its parameters (higher promises more), for the check that a
   * nested policy is not weaker than the enclosing one; absent when values do not compare.
   */
  strength?(params: PromiseParams): number | undefined;
}

/** Parameters a kind does not accept (edited metadata, or a newer library). */
export class PromiseParameterError extends Error {}

/** How a value is compared: exactly (the default of a page that says "kept 90 days"), at least, at most. */
export type Bound = 'EXACTLY' | 'AT_LEAST' | 'AT_MOST';

/** The bound of the parameters, checked. */
export function boundOf(params: PromiseParams): Bound {
  const bound = params.bound ?? 'EXACTLY';
  if (bound !== 'EXACTLY' && bound !== 'AT_LEAST' && bound !== 'AT_MOST') {
    throw new PromiseParameterError(`bound must be EXACTLY, AT_LEAST or AT_MOST, got ${JSON.stringify(bound)}`);
  }
  return bound;
}

/** Words for a number of days under a bound: `90 days`, `at least 90 days`, `at most 90 days`. */
export function boundedDays(bound: Bound, days: number): string {
  const n = `${days} day${days === 1 ? '' : 's'}`;
  return bound === 'AT_LEAST' ? `at least ${n}` : bound === 'AT_MOST' ? `at most ${n}` : n;
}

/** The expected value as the facts state it: `90`, `>= 90`, `<= 90`. */
export function boundedExpected(bound: Bound, value: number): string {
  return bound === 'AT_LEAST' ? `>= ${value}` : bound === 'AT_MOST' ? `<= ${value}` : String(value);
}

/** Whether `found` satisfies `value` under `bound`. */
export function withinBound(bound: Bound, value: number, found: number | undefined): boolean {
  if (found === undefined || Number.isNaN(found)) {
    return false;
  }
  return bound === 'AT_LEAST' ? found >= value : bound === 'AT_MOST' ? found <= value : found === value;
}

/** A whole, positive number of days from the parameters, checked. */
export function daysParam(params: PromiseParams, name: string): number {
  const days = params[name];
  if (typeof days !== 'number' || !Number.isInteger(days) || days <= 0) {
    throw new PromiseParameterError(`${name} must be a whole number of days above 0, got ${JSON.stringify(days)}`);
  }
  return days;
}

/** One of the allowed string values from the parameters, checked. */
export function oneOf<T extends string>(params: PromiseParams, name: string, allowed: readonly T[]): T {
  const value = params[name];
  if (!allowed.includes(value)) {
    throw new PromiseParameterError(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** The value of a tag in a resource's Tags (list of Key/Value, or a map). */
export function tagValue(properties: Record<string, any>, key: string): string | undefined {
  const tags = properties.Tags;
  if (Array.isArray(tags)) {
    const tag = tags.find((t: any) => t?.Key === key);
    return typeof tag?.Value === 'string' ? tag.Value : undefined;
  }
  if (tags && typeof tags === 'object' && typeof tags[key] === 'string') {
    return tags[key];
  }
  return undefined;
}

/** The logical id a `Ref` or `Fn::GetAtt` (either form) names, if `value` is one: the query module's reader. */
export const referencedId = refTarget;

/** Shorthand for a control mapping. */
export function controls(soc2: string[], iso27001: string[], gdprArt32: string[], cnilSheets: number[]): ControlMapping {
  return { soc2, iso27001, gdprArt32, cnilSheets };
}

/** The mapping of log retention promises (SOC 2 CC7.2, ISO 27001 8.15, CNIL sheet 4 and 11). */
export const LOG_RETENTION_CONTROLS = controls(['CC7.2'], ['8.15', '5.28'], ['32(1)(b)'], [4, 11]);
/** The mapping of logging promises. */
export const LOGGING_CONTROLS = controls(['CC7.2'], ['8.15'], ['32(1)(b)'], [4]);
/** The mapping of backup retention promises. */
export const BACKUP_RETENTION_CONTROLS = controls(['A1.2', 'C1.2'], ['8.13', '8.10'], ['32(1)(c)'], [10, 11]);
/** The mapping of deletion and keeping promises. */
export const DELETION_CONTROLS = controls(['C1.2', 'P4.2', 'P4.3'], ['8.10'], ['32(1)(b)'], [11, 12]);
/** The mapping of alerting promises. */
export const INCIDENT_CONTROLS = controls(['CC7.3', 'CC7.4', 'CC2.3'], ['5.24', '5.25', '5.26'], ['32(1)(b)'], [4]);

/** The failing fact of a promise about a data class when the templates hold no bucket of that class. */
export function noBucketOfClass(stacks: ReadonlyArray<{ id: string }>, dataClass: string): Fact {
  return {
    stack: stacks.map((s) => s.id).join(', '),
    propertyPath: 'Resources[AWS::S3::Bucket].Properties.Tags.data-class',
    expected: `a bucket of data class ${dataClass}`,
    found: 'none',
    satisfied: false,
  };
}
