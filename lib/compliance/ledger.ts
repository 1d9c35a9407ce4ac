import { Aspects, IAspect, Lazy, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { LEDGER_METADATA_KEY } from '../evidence/acknowledgement-claims';
import { DataProtectionError } from '../private/errors';

/**
 * The acknowledgement ledger: who answers for each accepted finding and until when.
 *
 * Each acknowledgement is kept on its construct (a symbol, no public API) and written into the
 * template Metadata of every stack it covers, under `cdk-data-protection-acknowledgements`, for
 * the evidence report: `{ path, rules, owner?, expires?, standing, library? }`, the rules acknowledged
 * together on one construct with the same owner and expiry in one record (the library's own make
 * many, on few constructs). An acknowledgement whose
 * expiry has passed fails synthesis (a validation of its construct), naming rule, path and owner.
 */

/** The context key that fixes "today" (an ISO date, `2026-12-08`) for the expiry checks; tests set it. */
export const TODAY_CONTEXT_KEY = 'cdk-data-protection:today';

/** How far ahead an expiry may lie, in days (a year, leap day included). */
export const MAX_EXPIRY_DAYS = 366;

/** The owner of the library's own (standing) acknowledgements. */
export const LIBRARY_OWNER = 'cdk-data-protection maintainers';

/** One entry of the ledger, as the template records it. */
export interface LedgerEntry {
  /** The construct path of the acknowledging scope; the acknowledgement covers everything below it. */
  readonly path: string;
  /** The rule id as given (`AwsSolutions-S1`). */
  readonly rule: string;
  readonly owner?: string;
  /** The last day the acknowledgement holds (ISO date). */
  readonly expires?: string;
  /** True for an acknowledgement without expiry (the library's own, or a lasting decision of its owner). */
  readonly standing: boolean;
  /** True when the library's constructs made it. */
  readonly library?: boolean;
}

const ENTRIES = Symbol.for('cdk-data-protection.acknowledgementLedger');
const REGISTERED = Symbol.for('cdk-data-protection.acknowledgementLedgerStack');
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Parses an ISO calendar date (`2027-03-31`) to UTC midnight, or undefined when it is not a real date. */
export function parseIsoDate(value: string): number | undefined {
  const m = ISO_DATE.exec(value);
  if (!m) {
    return undefined;
  }
  const time = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Date.UTC rolls 2027-02-30 over to March: a real date prints back as itself.
  return new Date(time).toISOString().slice(0, 10) === value ? time : undefined;
}

/** An ISO date `days` after `time` (UTC midnight). */
export function isoDate(time: number, days = 0): string {
  return new Date(time + days * DAY_MS).toISOString().slice(0, 10);
}

/** Today at UTC midnight: the context value `cdk-data-protection:today` when set, else the clock. */
export function today(scope: IConstruct): number {
  const fixed = scope.node.tryGetContext(TODAY_CONTEXT_KEY);
  if (fixed !== undefined) {
    const time = typeof fixed === 'string' ? parseIsoDate(fixed) : undefined;
    if (time === undefined) {
      throw new DataProtectionError(`the context value ${TODAY_CONTEXT_KEY} must be an ISO date (2026-12-08), got '${String(fixed)}'`, scope);
    }
    return time;
  }
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
}

/**
 * Refuses an empty owner, an expiry without an owner, an expiry that is not an ISO date or lies
 * more than a year ahead.
 *
 * @param what the acknowledgement, as messages name it (`acknowledgement of AwsSolutions-S1`)
 */
export function checkLedgerFields(scope: IConstruct, what: string, owner: string | undefined, expires: string | undefined): void {
  if (owner !== undefined && (Token.isUnresolved(owner) || owner.trim() === '')) {
    throw new DataProtectionError(`${what} needs a literal, non-empty owner (a team, a person, a queue: who renews or removes it), got '${owner}'`, scope);
  }
  if (expires === undefined) {
    return;
  }
  if (owner === undefined) {
    throw new DataProtectionError(`${what} has an expiry (${expires}) but no owner: name who renews or removes it (owner: 'data-platform team')`, scope);
  }
  const time = Token.isUnresolved(expires) ? undefined : parseIsoDate(expires);
  const now = today(scope);
  const latest = isoDate(now, MAX_EXPIRY_DAYS);
  if (time === undefined) {
    throw new DataProtectionError(`${what} needs an expiry as an ISO date (YYYY-MM-DD), from today ${isoDate(now)} to ${latest}, got '${expires}'`, scope);
  }
  if (time > now + MAX_EXPIRY_DAYS * DAY_MS) {
    throw new DataProtectionError(
      `${what} may expire at most ${MAX_EXPIRY_DAYS} days ahead (from today ${isoDate(now)} to ${latest}), got ${expires}: renew it when it expires`, scope);
  }
}

/** Records an acknowledgement in the ledger of the stacks it covers, and fails synthesis once it has expired. */
export function recordInLedger(scope: IConstruct, entry: Omit<LedgerEntry, 'path'>): void {
  // Only the fields given: the template records no `undefined`.
  const full: LedgerEntry = {
    path: scope.node.path,
    rule: entry.rule,
    ...(entry.owner !== undefined ? { owner: entry.owner } : {}),
    ...(entry.expires !== undefined ? { expires: entry.expires } : {}),
    standing: entry.standing,
    ...(entry.library ? { library: true } : {}),
  };
  const list: LedgerEntry[] = (scope as any)[ENTRIES] ?? [];
  if (list.length === 0) {
    Object.defineProperty(scope, ENTRIES, { value: list, enumerable: false });
  }
  list.push(full);
  if (full.expires !== undefined) {
    const expires = full.expires;
    scope.node.addValidation({
      validate: () => {
        const now = today(scope);
        return parseIsoDate(expires)! < now
          ? [`the acknowledgement of ${full.rule} at ${full.path || 'the app'} (owner: ${full.owner}) expired on ${expires} (today is ${isoDate(now)}):`
            + ` fix the finding, or renew the acknowledgement with a new expiry of at most ${MAX_EXPIRY_DAYS} days ahead`]
          : [];
      },
    });
  }
  const stack = scope.node.scopes.slice().reverse().find((s) => Stack.isStack(s)) as Stack | undefined;
  if (stack) {
    registerStack(stack);
  } else {
    // An App or a Stage: the stacks below it record the entry once they exist.
    Aspects.of(scope).add(new RegisterStacks());
  }
}

class RegisterStacks implements IAspect {
  public visit(node: IConstruct): void {
    if (Stack.isStack(node)) {
      registerStack(node);
    }
  }
}

function registerStack(stack: Stack): void {
  if ((stack as any)[REGISTERED]) {
    return;
  }
  Object.defineProperty(stack, REGISTERED, { value: true, enumerable: false });
  stack.addMetadata(LEDGER_METADATA_KEY, Lazy.any({ produce: () => entriesOf(stack) }, { omitEmptyArray: true }));
}

/** The entries that cover a stack's resources: those of its ancestors and of the constructs in it. */
function entriesOf(stack: Stack): LedgerRecord[] {
  const nodes = [...stack.node.scopes.slice(0, -1), ...stack.node.findAll()];
  const records = new Map<string, LedgerRecord>();
  for (const entry of nodes.flatMap((n) => ((n as any)[ENTRIES] as LedgerEntry[] | undefined) ?? [])) {
    const { rule, path, ...rest } = entry;
    const key = JSON.stringify([path, rest]);
    const record = records.get(key);
    if (record) {
      if (!record.rules.includes(rule)) {
        record.rules.push(rule);
      }
    } else {
      records.set(key, { path, rules: [rule], ...rest });
    }
  }
  return [...records.values()];
}

/** One record of a stack's ledger: the rules acknowledged on one construct with the same owner and expiry. */
export type LedgerRecord = Omit<LedgerEntry, 'rule'> & { readonly rules: string[] };
