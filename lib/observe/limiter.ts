/**
 * A bounded-concurrency limiter: at most `limit` tasks run at once, the others wait in order.
 *
 * Hand-written (about twenty lines) rather than `p-limit`: p-limit 4 and later are ES modules
 * only, which the CommonJS build of this library (jsii) and its tests cannot `require`, and
 * p-limit 3 is unmaintained; the behaviour needed here is a counter and a queue.
 */
export class Limiter {
  private running = 0;
  private readonly queue: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new Error(`concurrency must be a whole number >= 1, got ${limit}`);
    }
  }

  /** Runs `task` when a slot is free; resolves or rejects as it does. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) {
      // The finishing task hands its slot over: `running` stays, so no newcomer can slip in between.
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      const next = this.queue.shift();
      if (next) {
        next();
      } else {
        this.running--;
      }
    }
  }

  /** How many tasks run now (for tests). */
  get active(): number {
    return this.running;
  }
}
