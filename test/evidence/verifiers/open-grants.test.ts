// Issue 19 item 7: a world-readable personal-data bucket policy and a key policy granting kms:* to every principal change verdicts.
import { fixture, KMS, SSE_KMS, tagged } from './data-fixtures';
import { DATA_VERIFIERS } from '../../../lib/evidence/verifiers/data';
import { IDENTITY_VERIFIERS } from '../../../lib/evidence/verifiers/identity';
import { openAllows } from '../../../lib/evidence/verifiers/open-grants';
import { failing, runVerifier } from '../helpers';

const PERSONAL = { Type: 'AWS::S3::Bucket', Properties: { BucketEncryption: SSE_KMS, Tags: tagged('customer-user-data') } };
const OPEN_READ = {
  Type: 'AWS::S3::BucketPolicy',
  Properties: { Bucket: { Ref: 'Personal' }, PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }] } },
};
const OPEN_KEY_POLICY = {
  Statement: [
    { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' },
    { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' },
  ],
};

describe('open grants', () => {
  test('openAllows finds unconditioned Allows to every principal, not conditioned ones nor the account root', () => {
    expect(openAllows(OPEN_KEY_POLICY)).toEqual([{ index: 1, actions: 'kms:*' }]);
    expect(openAllows({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Condition: { StringEquals: { 'aws:PrincipalAccount': '111111111111' } } }] })).toEqual([]);
    expect(openAllows({ Statement: { Effect: 'Deny', Principal: '*', Action: '*' } })).toEqual([]);
  });

  test('S1-03 fails a personal-data bucket whose policy lets every principal read it with no condition', () => {
    // GIVEN
    const stack = fixture({ Personal: PERSONAL, PersonalPolicy: OPEN_READ });

    // WHEN
    const facts = runVerifier(IDENTITY_VERIFIERS['pii-access'], [stack]);

    // THEN
    expect(failing(facts)).toContainEqual(expect.objectContaining({
      logicalId: 'PersonalPolicy', propertyPath: 'Properties.PolicyDocument.Statement.0', found: 'Allow s3:GetObject to *',
    }));
  });

  test('S1-03 S2-03 S1-01 fail a personal-data bucket whose key policy grants kms:* to every principal', () => {
    // GIVEN the fixture's customer-managed key, opened to everyone
    const stack = fixture({ Personal: PERSONAL, Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: OPEN_KEY_POLICY } } });
    const closed = fixture({ Personal: PERSONAL, Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Statement: [OPEN_KEY_POLICY.Statement[0]] } } } });

    // WHEN
    const pii = runVerifier(IDENTITY_VERIFIERS['pii-access'], [stack]);
    const atRest = runVerifier(DATA_VERIFIERS['encrypted-at-rest'], [stack], KMS);
    const classified = runVerifier(DATA_VERIFIERS['data-classified'], [stack], { dataClasses: 'customer-user-data' });

    // THEN
    expect(failing(pii)).toContainEqual(expect.objectContaining({ logicalId: 'Key', propertyPath: 'Properties.KeyPolicy' }));
    expect(failing(atRest)).toEqual([expect.objectContaining({ logicalId: 'Personal', note: expect.stringContaining('to every principal with no condition') })]);
    expect(failing(classified)).toEqual([expect.objectContaining({ logicalId: 'Personal', note: expect.stringContaining('the key protects nothing') })]);
    expect(failing(runVerifier(DATA_VERIFIERS['encrypted-at-rest'], [closed], KMS))).toEqual([]);
  });
});
