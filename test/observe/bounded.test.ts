import { Readable } from 'stream';
import { GetDetectorCommand, GuardDutyClient } from '@aws-sdk/client-guardduty';
import { ObserveContext } from '../../lib/observe/context';
import { Limiter } from '../../lib/observe/limiter';

/** A request handler that answers from a list, so that the SDK's own middleware (retries) runs. */
function scriptedHandler(answers: Array<{ status: number; headers?: Record<string, string>; body: unknown }>) {
  const requests: unknown[] = [];
  return {
    requests,
    handler: {
      async handle(request: unknown) {
        requests.push(request);
        const a = answers[Math.min(requests.length - 1, answers.length - 1)];
        return {
          // The shape of an HttpResponse (@smithy/protocol-http is not a direct dependency).
          response: {
            statusCode: a.status,
            headers: { 'content-type': 'application/json', ...a.headers },
            body: Readable.from([Buffer.from(JSON.stringify(a.body))]),
          },
        };
      },
      updateHttpClientConfig() {},
      httpHandlerConfigs: () => ({}),
    },
  };
}

function context(requestHandler: unknown, maxAttempts: number) {
  return new ObserveContext({
    now: new Date(),
    sinceDays: 30,
    timeoutMs: 30_000,
    concurrency: 2,
    drift: false,
    maxAttempts,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    clientOverrides: { requestHandler },
  });
}

const THROTTLED = { status: 429, headers: { 'x-amzn-errortype': 'ThrottlingException' }, body: { message: 'Rate exceeded' } };

describe('bounded and polite', () => {
  test('throttling then success: the SDK retry strategy (maxAttempts) retries with backoff and the fact is read', async () => {
    // GIVEN a GuardDuty endpoint that throttles once, then answers
    const { handler, requests } = scriptedHandler([THROTTLED, { status: 200, body: { status: 'ENABLED', serviceRole: 'arn:aws:iam::1:role/x' } }]);
    const ctx = context(handler, 3);
    // WHEN
    const result = await ctx.call({ source: 'guardduty:GetDetector' }, (abortSignal) =>
      ctx.client(GuardDutyClient, 'us-east-1').send(new GetDetectorCommand({ DetectorId: 'd1' }), { abortSignal }));
    ctx.close();
    // THEN
    expect(result).toMatchObject({ ok: true, value: { Status: 'ENABLED' } });
    expect(requests).toHaveLength(2);
  });

  test('throttled on every attempt: NOT_OBSERVED after maxAttempts requests, never an exception', async () => {
    const { handler, requests } = scriptedHandler([THROTTLED]);
    const ctx = context(handler, 2);
    const result = await ctx.call({ source: 'guardduty:GetDetector' }, (abortSignal) =>
      ctx.client(GuardDutyClient, 'us-east-1').send(new GetDetectorCommand({ DetectorId: 'd1' }), { abortSignal }));
    ctx.close();
    expect(result).toMatchObject({ ok: false, code: 'ThrottlingException' });
    expect((result as { reason: string }).reason).toMatch(/throttled \(ThrottlingException\) after 2 attempts/);
    expect(requests).toHaveLength(2);
  });

  test('the limiter never runs more tasks at once than its limit, and runs them all', async () => {
    const limiter = new Limiter(3);
    let peak = 0;
    const done = await Promise.all(Array.from({ length: 20 }, (_, i) => limiter.run(async () => {
      peak = Math.max(peak, limiter.active);
      await new Promise((r) => setImmediate(r));
      return i;
    })));
    expect(peak).toBe(3);
    expect(done).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(() => new Limiter(0)).toThrow(/concurrency must be a whole number >= 1, got 0/);
  });

  test('a failing task frees its slot', async () => {
    const limiter = new Limiter(1);
    await expect(limiter.run(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    await expect(limiter.run(async () => 'next')).resolves.toBe('next');
    expect(limiter.active).toBe(0);
  });
});
