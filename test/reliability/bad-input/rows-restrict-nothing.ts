import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import {
  AtRestEncryption, Compliance, DataClass, IncidentResponse, MfaGatedAccess, ProtectionLevel, SecureBucket, SecureUserPool,
} from './api';
import { given, Row, stack } from './kit';

const SECURE_CLIENT = { generateSecret: false };

/**
 * Class "restrictions that restrict nothing" (issue 20 item 4): a setting that looks like a
 * restriction but lets everything through, or that silently does nothing, is refused (or, for
 * the object lock, allowed only by a named weakening with a reason).
 */
export const RESTRICT_NOTHING_ROWS: Row[] = [
  {
    claim: 'S2-09',
    area: 'MfaGatedAccess',
    name: 'source IPs 0.0.0.0/0 (every IPv4 address)',
    build: () => new MfaGatedAccess(stack(), 'Access', { requireSourceIps: ['0.0.0.0/0'] }),
    path: 'TestStack/Access',
    error: /^TestStack\/Access: requireSourceIps must name the admin network, not every address: a \/0 block matches all of IPv4, got '0\.0\.0\.0\/0'$/,
  },
  {
    claim: 'S2-09',
    area: 'MfaGatedAccess',
    name: 'source IPs ::/0 (every IPv6 address)',
    build: () => new MfaGatedAccess(stack(), 'Access', { requireSourceIps: ['203.0.113.0/24', '::/0'] }),
    path: 'TestStack/Access',
    error: /^TestStack\/Access: requireSourceIps must name the admin network, not every address: a \/0 block matches all of IPv6, got '::\/0'$/,
  },
  {
    claim: 'S2-02',
    area: 'IncidentResponse',
    name: 'incident webhook over plain HTTP',
    build: () => new IncidentResponse(stack(), 'Incidents', { subscriptions: [new subs.UrlSubscription('http://hooks.example.com/incidents')] }),
    path: 'TestStack/Incidents',
    error: /^TestStack\/Incidents: subscriptions must deliver over HTTPS \(a UrlSubscription of an https:\/\/ URL\), got the plain-HTTP endpoint 'http:\/\/hooks\.example\.com\/incidents'$/,
  },
  {
    claim: 'S0-10',
    area: 'SecureUserPool',
    name: 'callback URL with a wildcard',
    build: () => given(new SecureUserPool(stack(), 'Users')).addSecureClient('Web', { ...SECURE_CLIENT, callbackUrls: ['https://*.example.com/callback'] }),
    path: 'TestStack/Users',
    error: /^TestStack\/Users: addSecureClient Web: callback URL must be an exact https URL, without wildcards, got 'https:\/\/\*\.example\.com\/callback'$/,
  },
  {
    area: 'Compliance',
    name: 'acknowledgement of a rule pattern (AwsSolutions-*), which would suppress nothing',
    build: () => Compliance.acknowledge(stack(), { ruleId: 'AwsSolutions-*', reason: 'Reviewed by the security team in ticket SEC-12.' }),
    path: 'TestStack',
    error: /^TestStack: acknowledgement needs the exact id of one rule \(AwsSolutions-S1; a finding of it as AwsSolutions-IAM5\[Resource::\*\]\), not a pattern, got 'AwsSolutions-\*'$/,
  },
  {
    claim: 'S3-04',
    area: 'SecureBucket',
    name: 'noncurrent versions kept 1 day under a 14-day data retention',
    build: () => new SecureBucket(stack(), 'B', { dataClass: DataClass.CUSTOMER_DATA, noncurrentVersionRetention: Duration.days(1) }),
    path: 'TestStack/B',
    error: /^TestStack\/B: noncurrentVersionRetention must be at least the policy's dataRetention of 14 days .*got 1 days; pass allowShorterRetention with a reason/,
  },
  {
    claim: 'S0-06',
    area: 'DataClass',
    name: 'custom personal-data class whose minimum is SSE-S3',
    build: () => DataClass.custom({
      name: 'call-notes', label: 'Call notes', protectionLevel: ProtectionLevel.CONFIDENTIAL, personalData: true, minimumEncryption: AtRestEncryption.S3_MANAGED,
    }),
    path: 'DataClass',
    construct: false,
    error: /^DataClass 'call-notes' holds personal data, which is always encrypted with KMS: minimumEncryption must be KMS or stronger, got S3_MANAGED$/,
  },
  {
    claim: 'S3-06',
    area: 'SecureBucket',
    name: '10-year compliance lock over 30-day expiry of personal data',
    build: () => new SecureBucket(stack(), 'B', {
      dataClass: DataClass.CUSTOMER_USER_DATA,
      retention: Duration.days(30),
      objectLock: s3.ObjectLockRetention.compliance(Duration.days(3650)),
    }),
    path: 'TestStack/B',
    error: /^TestStack\/B: objectLock is a COMPLIANCE lock of 3650 days over personal data \(data class 'customer-user-data'\) that retention deletes after 30 days: .*allowed: a lock no longer than 30 days, a GOVERNANCE lock, or allowObjectLockBeyondErasure with a reason$/,
  },
  {
    claim: 'S3-06',
    area: 'SecureBucket',
    name: 'compliance lock over personal data allowed with a blank reason',
    build: () => new SecureBucket(stack(), 'B', {
      dataClass: DataClass.CUSTOMER_USER_DATA,
      retention: Duration.days(30),
      objectLock: s3.ObjectLockRetention.compliance(Duration.days(3650)),
      allowObjectLockBeyondErasure: { reason: 'law' },
    }),
    path: 'TestStack/B',
    error: /^TestStack\/B: allowObjectLockBeyondErasure needs a reason of at least 10 characters that a reviewer can read, got 'law'$/,
  },
];
