import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { Limiter } from './limiter';
import type { ObservedFact } from '../evidence/observation';

/**
 * What one `observe` run shares: the SDK clients (one per service and region), the limiter that
 * bounds concurrent calls, the time limit, and the memo that makes each read happen once even
 * when several promises need it. Internal to the observer.
 */

/** How the run reads the account. */
export interface ObserveSettings {
  /** The time the observation states; the `--since` period ends at the start of its UTC day. */
  readonly now: Date;
  /** How many whole days of backup, copy and restore jobs to read (`--since 30d`). */
  readonly sinceDays: number;
  /** The total time limit in milliseconds (`--timeout`): what is not read by then is NOT_OBSERVED. */
  readonly timeoutMs: number;
  /** At most this many AWS calls at once (`--concurrency`). */
  readonly concurrency: number;
  /** Start drift detection on each stack and wait for it (`--no-drift` turns it off). */
  readonly drift: boolean;
  /** The SDK's attempts per call, retries with backoff on throttling included (`--max-attempts`). */
  readonly maxAttempts: number;
  /** The region of stacks that are environment-agnostic (`--region`, else the SDK's default). */
  readonly defaultRegion?: string;
  /** A named profile of the shared config files (`--profile`, or one that `mfa-session` wrote). */
  readonly profile?: string;
  /** Credentials to use instead of the default provider chain (an assumed role). */
  readonly credentials?: AwsCredentialIdentity;
  /** Another endpoint for every service (a local emulator); also `AWS_ENDPOINT_URL`, which the SDK reads itself. */
  readonly endpoint?: string;
  /** The first wait between drift status reads, in milliseconds (doubled each time, at most 10 s). */
  readonly driftPollMs?: number;
  /** More client configuration for every client (tests give a `requestHandler`). */
  readonly clientOverrides?: Record<string, unknown>;
  /** Waits (tests replace it). */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Where a call goes and what it is about: the fields an `ObservedFact` repeats. */
export interface CallLabel {
  readonly source: string;
  readonly region?: string;
  readonly account?: string;
  readonly resource?: string;
}

/** The outcome of one call: its value, or why nothing was read. */
export type CallResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string; readonly code: string };

/** An SDK client class. */
type ClientClass<T> = new (config: Record<string, unknown>) => T;

/** The errors that mean the caller may not read (the account denies it). */
const DENIED = ['AccessDenied', 'AccessDeniedException', 'AuthorizationError', 'AuthorizationErrorException', 'UnauthorizedOperation',
  'UnauthorizedException', 'UnrecognizedClientException', 'InvalidClientTokenId', 'ExpiredToken', 'ExpiredTokenException'];
/** The errors of throttling, once the SDK's own retries are spent. */
const THROTTLED = ['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'LimitExceededException', 'SlowDown'];

/** The error name of an SDK error. */
export function errorCode(err: unknown): string {
  const e = err as { name?: unknown; Code?: unknown; code?: unknown } | undefined;
  for (const candidate of [e?.name, e?.Code, e?.code]) {
    if (typeof candidate === 'string' && candidate !== '' && candidate !== 'Error') {
      return candidate;
    }
  }
  return 'Error';
}

/** One line of reasonable length. */
export function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 300)}...` : line;
}

/** Thrown inside a call when the time limit has passed. */
class TimeLimitReached extends Error {
  constructor() {
    super('time limit reached (--timeout): not read');
    this.name = 'TimeLimitReached';
  }
}

export class ObserveContext {
  readonly settings: ObserveSettings;
  readonly deadline: number;
  /** How many AWS calls were made (for the summary and the benchmark). */
  calls = 0;
  private readonly limiter: Limiter;
  private readonly clients = new Map<string, unknown>();
  private readonly memo = new Map<string, Promise<unknown>>();
  private readonly abort = new AbortController();
  private timer?: NodeJS.Timeout;
  private readonly timeUp: Promise<never>;

  constructor(settings: ObserveSettings) {
    this.settings = settings;
    this.deadline = Date.now() + settings.timeoutMs;
    this.limiter = new Limiter(settings.concurrency);
    this.timeUp = new Promise<never>((_, reject) => {
      this.timer = setTimeout(() => {
        this.abort.abort();
        reject(new TimeLimitReached());
      }, settings.timeoutMs);
    });
    // Nobody may be waiting on it when the time is up: no unhandled rejection.
    this.timeUp.catch(() => undefined);
    this.timer?.unref?.();
  }

  /** Stops the time-limit timer (the run is over). */
  close(): void {
    clearTimeout(this.timer);
  }

  /** Whether the time limit has passed. */
  get expired(): boolean {
    return this.abort.signal.aborted || Date.now() >= this.deadline;
  }

  /** The client of a service in a region, made once. */
  client<T>(type: ClientClass<T>, region: string): T {
    const key = `${type.name}|${region}`;
    let client = this.clients.get(key) as T | undefined;
    if (!client) {
      const s = this.settings;
      client = new type({
        region,
        maxAttempts: s.maxAttempts,
        // Adaptive: the standard exponential backoff with jitter on throttling, plus a client-side
        // rate limit that slows down when the service throttles.
        retryMode: 'adaptive',
        ...(s.profile ? { profile: s.profile } : {}),
        ...(s.credentials ? { credentials: s.credentials } : {}),
        ...(s.endpoint ? { endpoint: s.endpoint, forcePathStyle: true } : {}),
        ...s.clientOverrides,
      });
      this.clients.set(key, client);
    }
    return client;
  }

  /**
   * Runs one read under the concurrency limit and the time limit: its value, or why nothing
   * was read (denied, throttled, missing, time limit), never an exception.
   */
  async call<T>(label: CallLabel, read: (abortSignal: AbortSignal) => Promise<T>): Promise<CallResult<T>> {
    try {
      const value = await this.limiter.run(async () => {
        if (this.expired) {
          throw new TimeLimitReached();
        }
        this.calls++;
        return Promise.race([read(this.abort.signal), this.timeUp]);
      });
      return { ok: true, value };
    } catch (err) {
      return { ok: false, code: errorCode(err), reason: this.explain(label, err) };
    }
  }

  /** Runs `read` once per key; later callers get the same promise. */
  once<T>(key: string, read: () => Promise<T>): Promise<T> {
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = read();
      this.memo.set(key, p);
    }
    return p;
  }

  /** Waits, unless the time is up first. */
  async sleep(ms: number): Promise<void> {
    const wait = Math.max(0, Math.min(ms, this.deadline - Date.now()));
    if (this.settings.sleep) {
      return this.settings.sleep(wait);
    }
    await new Promise<void>((resolve) => setTimeout(resolve, wait).unref?.());
  }

  private explain(label: CallLabel, err: unknown): string {
    const code = errorCode(err);
    const message = oneLine(String((err as Error)?.message ?? err));
    if (err instanceof TimeLimitReached || code === 'AbortError' || (this.expired && /abort/i.test(message))) {
      return `${label.source}: time limit reached (--timeout): not read`;
    }
    if (DENIED.includes(code)) {
      return `${label.source}: access denied (${code}) to ${label.resource ?? 'the call'}: grant the reader role this action`;
    }
    if (THROTTLED.includes(code)) {
      return `${label.source}: throttled (${code}) after ${this.settings.maxAttempts} attempts: retry later or lower --concurrency`;
    }
    if (code === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
      return `${label.source}: no AWS credentials (set AWS_PROFILE, --profile or --role-arn)`;
    }
    return `${label.source}: ${code}: ${message}`;
  }
}

/** A fact that could not be read. */
export function unread(label: CallLabel, propertyPath: string, expected: string, reason: string): ObservedFact {
  return { ...labelOf(label), propertyPath, expected, found: '(not read)', satisfied: undefined, note: reason };
}

/** A fact that was read. */
export function observed(label: CallLabel, propertyPath: string, expected: string, found: string, satisfied: boolean, note?: string): ObservedFact {
  return { ...labelOf(label), propertyPath, expected, found, satisfied, ...(note ? { note } : {}) };
}

function labelOf(label: CallLabel): Pick<ObservedFact, 'account' | 'region' | 'source' | 'resource'> {
  return {
    source: label.source,
    ...(label.account ? { account: label.account } : {}),
    ...(label.region ? { region: label.region } : {}),
    ...(label.resource ? { resource: label.resource } : {}),
  };
}

/**
 * Reads the items at once (the context's limiter bounds the calls), keeping their order: one
 * resource's slow answer does not hold the others back.
 */
export async function inParallel<T, R>(items: readonly T[], read: (item: T) => Promise<R[]>): Promise<R[]> {
  return (await Promise.all(items.map(read))).flat();
}
