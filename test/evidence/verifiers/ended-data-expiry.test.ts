// The verifier of S3-05 "kept for the relationship plus 3 years": a deletion whose clock starts when the relationship ends.
import { StackView } from '../../../lib/evidence/model';
import { VERIFIERS } from '../../../lib/evidence/verifiers';
import { failing, proves, runVerifier, viewOfTemplate } from '../helpers';
import { dataBucket, ENDED_RULE, fixture, idIn, rows, serviceView } from './data-fixtures';

const verifier = VERIFIERS['ended-data-expiry'];
let service: StackView;
beforeAll(() => {
  service = serviceView();
});

/** The service stack with its template changed by `edit`. */
function edited(edit: (resources: Record<string, any>, id: (prefix: string, type?: string) => string) => void): StackView {
  const template = JSON.parse(JSON.stringify(service.template));
  edit(template.Resources, (prefix, type = 'AWS::S3::Bucket') => idIn(service, prefix, type));
  return viewOfTemplate(template, { id: service.id });
}

/** Adds the service's policy record to a hand-written fixture, so the data classes are known. */
function withPolicy(view: StackView): StackView {
  return { ...view, policy: service.policy };
}

describe('ended-data-expiry', () => {
  test('S3-05 proves the mechanism: ended data moved under ended/ by a function on tagging events, expiring 1095 days after the move', () => {
    // WHEN
    const facts = runVerifier(verifier, [service], { endedDataExpiryDays: '1095' }, { claimId: 'S3-05' });

    // THEN only the personal-data bucket is checked, with its four facts
    const bucket = idIn(service, 'UserData');
    expect(proves(facts)).toBe(true);
    expect(rows(facts, 'logicalId', 'expected', 'found')).toEqual([
      [bucket, '1095 days after the move under ended/', '1095'],
      [expect.stringMatching(/^UserDataEndedDataMoverFunction/), expect.stringContaining('s3:GetObject, s3:GetObjectTagging, s3:PutObject, s3:PutObjectTagging, s3:DeleteObject'), 'moves to ended/'],
      [bucket, 'objects tagged data-lifecycle=ended trigger the mover', expect.stringMatching(/^rule UserDataEndedDataMoverTagsAdded\w+ -> UserDataEndedDataMoverFunction/)],
      [bucket, 'no rule deletes ended data before 1095 days after the move', '(none)'],
    ]);
  });

  test('S3-05 the old defect: a 1095-day rule on the ended tag counts from object creation, so it is VIOLATED', () => {
    // GIVEN the rule the library wrote before: expiry on the tag data-lifecycle=ended, nothing that moves the data
    const stack = withPolicy(fixture({ Users: dataBucket('customer-user-data', [ENDED_RULE(1095)]) }));

    // WHEN
    const facts = runVerifier(verifier, [stack], { endedDataExpiryDays: '1095' }, { claimId: 'S3-05' });

    // THEN
    expect(rows(failing(facts), 'found', 'note')).toEqual([
      ['(no rule on ended/)', expect.stringContaining('expireEndedObjectsAfter')],
      ['(none)', expect.stringContaining('nothing moves the data when the relationship ends')],
      [expect.stringContaining('tagged data-lifecycle=ended after 1095 days'), expect.stringContaining('counts from object creation')],
    ]);
  });

  test('S3-05 fails when the mover may not delete the original or use the bucket key', () => {
    // GIVEN the mover's policy without s3:DeleteObject and without its KMS statement
    const stack = edited((resources) => {
      const policy = Object.values<any>(resources).find((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes('EndedDataMover'));
      policy.Properties.PolicyDocument.Statement = policy.Properties.PolicyDocument.Statement
        .filter((st: any) => st.Sid !== 'UseTheBucketKeyThroughS3')
        .map((st: any) => ({ ...st, Action: [st.Action].flat().filter((a: string) => a !== 's3:DeleteObject') }));
    });

    // WHEN
    const facts = runVerifier(verifier, [stack], { endedDataExpiryDays: '1095' });

    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({ found: 'missing s3:DeleteObject, kms:Decrypt, kms:GenerateDataKey' })]);
  });

  test('S3-05 fails when tagging events never reach the mover', () => {
    // GIVEN the bucket without EventBridge notifications, and a stack whose rule is disabled
    const quiet = edited((resources, id) => {
      delete resources[id('UserData')].Properties.NotificationConfiguration;
    });
    const disabled = edited((resources) => {
      Object.values<any>(resources).filter((r) => r.Type === 'AWS::Events::Rule').forEach((r) => {
        r.Properties.State = 'DISABLED';
      });
    });

    // WHEN / THEN
    expect(failing(runVerifier(verifier, [quiet], {}))).toEqual([expect.objectContaining({ found: '(no trigger)', note: 'the bucket does not send its events to EventBridge' })]);
    expect(failing(runVerifier(verifier, [disabled], {}))).toEqual([expect.objectContaining({ found: '(no trigger)', note: expect.stringContaining('no enabled rule') })]);
  });

  test('S3-05 fails when another rule deletes ended data sooner: a bucket-wide expiry, or a shorter ended/ rule', () => {
    // GIVEN a bucket-wide 365-day expiry added, and the ended/ rule shortened to 30 days
    const wide = edited((resources, id) => {
      resources[id('UserData')].Properties.LifecycleConfiguration.Rules.push({ Id: 'expire-objects', Status: 'Enabled', ExpirationInDays: 365 });
    });
    const shorter = edited((resources, id) => {
      resources[id('UserData')].Properties.LifecycleConfiguration.Rules.find((r: any) => r.Prefix === 'ended/').ExpirationInDays = 30;
    });

    // WHEN / THEN
    expect(rows(failing(runVerifier(verifier, [wide], { endedDataExpiryDays: '1095' })), 'found')).toEqual([['expire-objects: objects after 365 days']]);
    expect(rows(failing(runVerifier(verifier, [shorter], { endedDataExpiryDays: '1095' })), 'found', 'note')).toEqual([
      ['30', 'data under ended/ expires after 30 days, not 1095'],
    ]);
  });
});
