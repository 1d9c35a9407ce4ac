import * as logs from 'aws-cdk-lib/aws-logs';
import { DataClass, DataProtectionPolicy, SecureBucket } from './api';
import { describeRows } from './describe-rows';
import { bare, DEFAULT_POLICY, isDataProtectionError, runRow } from './kit';
import { REFUSE_FIRST_ROWS } from './rows-refuse-first';

describeRows('issue 20 item 2, refuse before creating: a refused input leaves nothing in the app synthesized after the refusal', REFUSE_FIRST_ROWS);

describe('refused policies and missing policies', () => {
  test('a refused policy records nothing: the stack holds no policy a construct could find', () => {
    // GIVEN a stack
    const s = bare();

    // WHEN its policy is refused
    expect(() => new DataProtectionPolicy(s, 'Policy', { ...DEFAULT_POLICY, logRetention: 13 as logs.RetentionDays })).toThrow(/logRetention/);

    // THEN no construct can find it
    expect(DataProtectionPolicy.tryOf(s)).toBeUndefined();
  });

  test('a construct that needs a policy, in a stack without one, says how to add it', () => {
    // GIVEN a stack without a policy
    const s = bare();

    // WHEN a bucket is added
    const outcome = runRow({
      area: 'SecureBucket',
      name: 'no policy',
      path: 'TestStack/B',
      error: /^TestStack\/B: no DataProtectionPolicy applies here: add `new DataProtectionPolicy\(stack, 'Policy'/,
      build: () => new SecureBucket(s, 'B', { dataClass: DataClass.INTERNAL }),
    });

    // THEN the error says how to add one
    expect(isDataProtectionError(outcome.error)).toBe(true);
    expect((outcome.error as Error).message).toMatch(/^TestStack\/B: no DataProtectionPolicy applies here: add `new DataProtectionPolicy\(stack, 'Policy'/);
  });
});
