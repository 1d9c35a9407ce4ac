import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Compliance, ComplianceRules, DataClass, SecureBucket } from '../../lib';
import { LEDGER_METADATA_KEY } from '../../lib/evidence/acknowledgement-claims';
import { DataProtectionPolicy } from '../../lib/policy/data-protection-policy';
import { DEFAULT_POLICY, errorOf } from '../helpers/compliance';

const REASON = 'The bucket holds test fixtures only, no customer data.';

/** An app whose "today" is fixed, with a stack and a plain bucket. */
function appOn(today: string): { app: App; stack: Stack; bucket: s3.Bucket } {
  const app = new App({ context: { [Compliance.TODAY_CONTEXT_KEY]: today } });
  const stack = new Stack(app, 'S');
  return { app, stack, bucket: new s3.Bucket(stack, 'Plain') };
}

function ledgerOf(stack: Stack): any[] {
  return Template.fromStack(stack).toJSON().Metadata?.[LEDGER_METADATA_KEY] ?? [];
}

describe('Compliance.acknowledge: the acknowledgement ledger', () => {
  test('S2-15 records owner and expiry in the stack\'s ledger, for the evidence report', () => {
    // GIVEN
    const { stack, bucket } = appOn('2026-12-08');

    // WHEN
    Compliance.acknowledge(bucket, { ruleId: 'AwsSolutions-S1', reason: REASON, owner: 'storage team', expires: '2027-03-31' });

    // THEN
    expect(ledgerOf(stack)).toEqual([{ path: 'S/Plain', rules: ['AwsSolutions-S1'], owner: 'storage team', expires: '2027-03-31', standing: false }]);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('S2-15 an expired acknowledgement fails synthesis, naming its rule, path, owner and the day it expired', () => {
    // GIVEN an acknowledgement made on 2026-12-08 that holds until 2027-03-31
    const { app, bucket } = appOn('2027-04-01');
    Compliance.acknowledge(bucket, { ruleId: 'AwsSolutions-S1', reason: REASON, owner: 'storage team', expires: '2027-03-31' });

    // WHEN / THEN
    expect(() => app.synth()).toThrow(
      /the acknowledgement of AwsSolutions-S1 at S\/Plain \(owner: storage team\) expired on 2027-03-31 \(today is 2027-04-01\): fix the finding, or renew/);
  });

  test('S2-15 an expired acknowledgement made on the app fails synthesis too', () => {
    // GIVEN
    const { app } = appOn('2027-02-01');
    Compliance.acknowledge(app, { ruleId: 'AwsSolutions-S1', reason: REASON, owner: 'platform team', expires: '2027-01-31' });

    // WHEN / THEN
    expect(() => app.synth()).toThrow(/the acknowledgement of AwsSolutions-S1 at the app \(owner: platform team\) expired on 2027-01-31/);
  });

  test('S2-15 an acknowledgement holds through its last day', () => {
    // GIVEN
    const { app, bucket } = appOn('2027-03-31');
    Compliance.acknowledgeRules(bucket, ['AwsSolutions-S1', 'HIPAA.Security-S3BucketLoggingEnabled'], REASON, { owner: 'storage team', expires: '2027-03-31' });

    // WHEN / THEN
    expect(() => app.synth()).not.toThrow();
  });

  test('S2-15 an expiry at most 366 days ahead is accepted; one day more is refused, naming the value and the range', () => {
    // GIVEN
    const { bucket } = appOn('2026-12-08');

    // WHEN / THEN
    expect(() => Compliance.acknowledge(bucket, { ruleId: 'AwsSolutions-S1', reason: REASON, owner: 'storage team', expires: '2027-12-09' })).not.toThrow();
    expect(() => Compliance.acknowledge(bucket, { ruleId: 'AwsSolutions-S2', reason: REASON, owner: 'storage team', expires: '2027-12-10' }))
      .toThrow('S/Plain: acknowledgement of AwsSolutions-S2 may expire at most 366 days ahead (from today 2026-12-08 to 2027-12-09), got 2027-12-10');
  });

  test.each([
    ['30/06/2027', /needs an expiry as an ISO date \(YYYY-MM-DD\), from today 2026-12-08 to 2027-12-09, got '30\/06\/2027'/],
    ['2027-02-30', /needs an expiry as an ISO date .* got '2027-02-30'/],
    ['2027-6-30', /needs an expiry as an ISO date .* got '2027-6-30'/],
  ])('S2-15 refuses the expiry %s', (expires, message) => {
    // GIVEN
    const { bucket } = appOn('2026-12-08');

    // WHEN / THEN
    expect(() => Compliance.acknowledge(bucket, { ruleId: 'AwsSolutions-S1', reason: REASON, owner: 'storage team', expires })).toThrow(message);
  });

  test('S2-15 refuses an expiry without an owner, and an empty owner', () => {
    // GIVEN
    const { bucket } = appOn('2026-12-08');

    // WHEN / THEN
    expect(() => Compliance.acknowledge(bucket, { ruleId: 'AwsSolutions-S1', reason: REASON, expires: '2027-01-31' }))
      .toThrow(/acknowledgement of AwsSolutions-S1 has an expiry \(2027-01-31\) but no owner/);
    expect(() => Compliance.acknowledge(bucket, { ruleId: 'AwsSolutions-S1', reason: REASON, owner: '  ', expires: '2027-01-31' }))
      .toThrow(/acknowledgement of AwsSolutions-S1 needs a literal, non-empty owner/);
  });

  test('S2-15 refuses a "today" context value that is not an ISO date', () => {
    // GIVEN
    const { bucket } = appOn('tomorrow');

    // WHEN
    const error = errorOf(() => Compliance.acknowledge(bucket, { ruleId: 'AwsSolutions-S1', reason: REASON, owner: 'storage team', expires: '2027-01-31' }));

    // THEN
    expect(error.message).toContain("the context value cdk-data-protection:today must be an ISO date (2026-12-08), got 'tomorrow'");
  });

  test('S2-15 an owner without an expiry is a standing acknowledgement', () => {
    // GIVEN
    const { stack, bucket } = appOn('2026-12-08');

    // WHEN
    Compliance.acknowledge(bucket, { ruleId: 'AwsSolutions-S1', reason: REASON, owner: 'storage team' });

    // THEN
    expect(ledgerOf(stack)).toEqual([{ path: 'S/Plain', rules: ['AwsSolutions-S1'], owner: 'storage team', standing: true }]);
  });

  test('S2-15 the old form without an owner still acknowledges, and warns that it is deprecated', () => {
    // GIVEN
    const { stack, bucket } = appOn('2026-12-08');

    // WHEN
    Compliance.acknowledge(bucket, { ruleId: 'AwsSolutions-S1', reason: REASON });

    // THEN
    expect(ledgerOf(stack)).toEqual([{ path: 'S/Plain', rules: ['AwsSolutions-S1'], standing: true }]);
    Annotations.fromStack(stack).hasWarning('/S/Plain', Match.stringLikeRegexp('The acknowledgement of AwsSolutions-S1 has no owner'));
  });

  test('S2-15 an acknowledgement on the app is recorded in the ledger of every stack below it', () => {
    // GIVEN
    const { app, stack } = appOn('2026-12-08');
    const other = new Stack(app, 'T');

    // WHEN
    Compliance.acknowledge(app, { ruleId: 'AwsSolutions-S1', reason: REASON, owner: 'platform team', expires: '2027-01-31' });

    // THEN
    const entry = { path: '', rules: ['AwsSolutions-S1'], owner: 'platform team', expires: '2027-01-31', standing: false };
    expect(ledgerOf(stack)).toEqual([entry]);
    expect(ledgerOf(other)).toEqual([entry]);
  });

  test('S2-15 the library\'s own acknowledgements are standing, owned by its maintainers', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'S', { env: { region: 'us-east-1' } });
    new DataProtectionPolicy(stack, 'Policy', DEFAULT_POLICY);

    // WHEN
    new SecureBucket(stack, 'Files', { dataClass: DataClass.CUSTOMER_DATA });

    // THEN
    const ledger = ledgerOf(stack);
    expect(ledger.length).toBeGreaterThan(0);
    for (const entry of ledger) {
      expect(entry).toEqual(expect.objectContaining({ owner: Compliance.LIBRARY_OWNER, standing: true, library: true }));
      expect(entry.expires).toBeUndefined();
    }
  });

  test('S2-15 the acknowledgements that follow from a weakening prop are the team\'s, not the library\'s', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'S', { env: { region: 'us-east-1' } });
    new DataProtectionPolicy(stack, 'Policy', DEFAULT_POLICY);

    // WHEN
    new SecureBucket(stack, 'Files', { dataClass: DataClass.CUSTOMER_DATA, disableAccessLogs: { reason: 'Served through the CDN, which logs every request.' } });

    // THEN
    expect(ledgerOf(stack)).toContainEqual({
      path: 'S/Files',
      rules: ComplianceRules.S3_ACCESS_LOGGING,
      owner: 'the team that set disableAccessLogs',
      standing: true,
    });
  });
});
