/**
 * What the two bucket apps share. Plain values only: plain-buckets.ts must not load the library.
 */

/** The stack of both bucket apps. */
export const BUCKETS_STACK = 'Buckets';

/** The region of both bucket apps. */
export const BUCKETS_REGION = 'us-east-1';

/** How many buckets to build: BENCH_N, default 10. */
export function bucketCount(): number {
  const n = Number(process.env.BENCH_N ?? '10');
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`BENCH_N must be a positive integer, got '${process.env.BENCH_N}'`);
  }
  return n;
}
