import { PROMISE_KINDS } from '../evidence/promises';
import { PromiseParameterError, RenderedPromise } from '../evidence/promises/kind';
import { DataProtectionError } from '../private/errors';

/**
 * One promise of a trust page, as a typed, parameterized value: `LogRetentionPromise`,
 * `BackupRetentionPromise`, ... or a team's own `CustomPromise`. Give promises to a
 * `DataProtectionPolicy` (`promises`): the policy makes them true through the constructs that
 * read it, records each one in the templates (its kind and parameters) and the evidence report
 * proves it from the templates, deriving its sentence and expected values from the parameters.
 */
export abstract class DataPromise {
  /** The promise's id, as reports show it (`app-logs-90-days`). */
  public readonly id: string;
  /** The kind id (`log-retention`). */
  public readonly kind: string;
  /** The parameters, as recorded in the assembly (plain JSON). */
  public readonly params: { [key: string]: any };
  /** The sentence, as a trust page states it. */
  public readonly sentence: string;
  /** The values the evidence report must find in the templates, by property. */
  public readonly expected: { [key: string]: string };

  /**
   * @param id the promise's id; letters, digits, dots and dashes
   * @param kind the kind id
   * @param params the parameters (plain JSON)
   * @param sentence the sentence, for kinds the vocabulary does not render (custom promises, which expect no values)
   */
  protected constructor(id: string, kind: string, params: { [key: string]: any }, sentence?: string) {
    if (!/^[A-Za-z0-9][A-Za-z0-9.\-_]{0,79}$/.test(id)) {
      throw new DataProtectionError(`a promise id must be 1-80 letters, digits, dots, dashes or underscores, got '${id}'`);
    }
    this.id = id;
    this.kind = kind;
    this.params = params;
    let r: RenderedPromise | undefined = sentence === undefined ? undefined : { text: sentence, expected: {} };
    if (r === undefined) {
      try {
        r = PROMISE_KINDS[kind].render(params);
      } catch (err) {
        if (err instanceof PromiseParameterError) {
          throw new DataProtectionError(`promise '${id}' (${kind}): ${err.message}`);
        }
        throw err;
      }
    }
    this.sentence = r.text;
    this.expected = { ...r.expected };
  }

  /**
   * The key two promises share when they promise the same thing with other values
   * (`log-retention.APPLICATION`): a nested policy may not weaken it without saying why.
   */
  public get subject(): string {
    return this.kind;
  }
}

/** Whole days of a Duration, or an error naming the promise. */
export function promiseDays(what: string, days: number): number {
  if (!Number.isInteger(days) || days <= 0) {
    throw new DataProtectionError(`${what} must be a whole number of days above 0, got ${days}`);
  }
  return days;
}
