import { Duration } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AtRestEncryption, DataClass, ProtectionLevel, SecureBucket } from './api';
import { describeRows } from './describe-rows';
import { stack } from './kit';
import { RESTRICT_NOTHING_ROWS } from './rows-restrict-nothing';

describeRows('issue 20 item 4, restrictions that restrict nothing are refused', RESTRICT_NOTHING_ROWS);

describe('the restrictions that stay allowed', () => {
  test('S3-06 a compliance lock over personal data is allowed by allowObjectLockBeyondErasure, with a namespaced warning', () => {
    // GIVEN / WHEN
    const s = stack();
    new SecureBucket(s, 'B', {
      dataClass: DataClass.CUSTOMER_USER_DATA,
      retention: Duration.days(30),
      objectLock: s3.ObjectLockRetention.compliance(Duration.days(3650)),
      allowObjectLockBeyondErasure: { reason: 'Tax law requires keeping invoices 10 years (ticket LEGAL-7).' },
    });

    // THEN
    Annotations.fromStack(s).hasWarning('/TestStack/B', Match.stringLikeRegexp('cdk-data-protection:bucket-object-lock-erasure-weakened'));
  });

  test('S3-06 a governance lock over personal data, or a compliance lock over other data, stays a warning', () => {
    // GIVEN / WHEN
    const s = stack();
    new SecureBucket(s, 'Gov', {
      dataClass: DataClass.CUSTOMER_USER_DATA, retention: Duration.days(30), objectLock: s3.ObjectLockRetention.governance(Duration.days(3650)),
    });
    new SecureBucket(s, 'Other', {
      dataClass: DataClass.INTERNAL, retention: Duration.days(30), objectLock: s3.ObjectLockRetention.compliance(Duration.days(3650)),
    });

    // THEN
    Annotations.fromStack(s).hasWarning('/TestStack/Gov', Match.stringLikeRegexp('object-lock-exceeds-erasure'));
    Annotations.fromStack(s).hasWarning('/TestStack/Other', Match.stringLikeRegexp('object-lock-exceeds-erasure'));
  });

  test('S0-06 a custom personal-data class without a minimum gets KMS', () => {
    // WHEN
    const c = DataClass.custom({ name: 'notes', label: 'Notes', protectionLevel: ProtectionLevel.CONFIDENTIAL, personalData: true });

    // THEN
    expect(c.minimumEncryption).toBe(AtRestEncryption.KMS);
  });
});
