import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  DataClass, MfaGatedAccess, SecureBackupPlan, SecureBucket, SecureDatabase, SecureNetwork, SecureUserPool, SecureUserPoolMfa, SecurityHubStandard,
  ThreatDetection,
} from './api';
import { given, Row, stack, vpcIn } from './kit';

/**
 * Class "refuse before creating" (issue 20 item 2): each row is refused by a check that used to
 * run after the construct had created children (a key, roles, a VPC); the generic check of the
 * kit (nothing left in the app synthesized after the refusal) is what these rows are for.
 */
export const REFUSE_FIRST_ROWS: Row[] = [
  {
    area: 'SecureBucket',
    name: 'blank reason for allowTlsBelowPolicyMinimum, on a bucket that gets a KMS key',
    build: () => new SecureBucket(stack(), 'B', { dataClass: DataClass.CUSTOMER_USER_DATA, allowTlsBelowPolicyMinimum: { reason: ' ' } }),
    path: 'TestStack/B',
    error: /^TestStack\/B: allowTlsBelowPolicyMinimum needs a reason of at least 10 characters that a reviewer can read, got ' '$/,
  },
  {
    area: 'SecureBucket',
    name: 'blank reason for disableAccessLogs, on a bucket that gets a KMS key',
    build: () => new SecureBucket(stack(), 'B', { dataClass: DataClass.CUSTOMER_USER_DATA, disableAccessLogs: { reason: '' } }),
    path: 'TestStack/B',
    error: /^TestStack\/B: disableAccessLogs needs a reason of at least 10 characters that a reviewer can read, got ''$/,
  },
  {
    claim: 'S1-08',
    area: 'SecureBucket',
    name: 'replication to a bucket in the same region',
    build: () => {
      const s = stack();
      const destination = given(s3.Bucket.fromBucketAttributes(s, 'Dest', { bucketName: 'replicas', region: 'us-east-1' }));
      new SecureBucket(s, 'B', { dataClass: DataClass.CUSTOMER_DATA, replication: { destination } });
    },
    path: 'TestStack/B',
    error: /^TestStack\/B: replication destination must be in another region than the bucket \(us-east-1\), got a bucket in us-east-1$/,
  },
  {
    claim: 'S1-08',
    area: 'SecureBucket',
    name: 'replication of an SSE-KMS bucket without a destination key',
    build: () => {
      const s = stack();
      const destination = given(s3.Bucket.fromBucketAttributes(s, 'Dest', { bucketName: 'replicas', region: 'us-west-2' }));
      new SecureBucket(s, 'B', { dataClass: DataClass.CUSTOMER_USER_DATA, replication: { destination } });
    },
    path: 'TestStack/B',
    error: /^TestStack\/B: replication of an SSE-KMS bucket needs destinationKey/,
  },
  {
    claim: 'S0-10',
    area: 'MfaGatedAccess',
    name: 'personal-data access for everyone (\'*\')',
    build: () => new MfaGatedAccess(stack(), 'Access', { piiAccessPrincipals: ['*'] }),
    path: 'TestStack/Access',
    error: /^TestStack\/Access: piiAccessPrincipals must be ARNs of named IAM users or roles .*no wildcards\), got '\*'$/,
  },
  {
    claim: 'S0-10',
    area: 'MfaGatedAccess',
    name: 'personal-data access for nobody (an empty list)',
    build: () => new MfaGatedAccess(stack(), 'Access', { piiAccessPrincipals: [] }),
    path: 'TestStack/Access',
    error: /^TestStack\/Access: piiAccessPrincipals must name at least one IAM user or role, got none$/,
  },
  {
    area: 'SecureNetwork',
    name: 'the same interface endpoint twice',
    build: () => new SecureNetwork(stack(), 'Network', {
      interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER, ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER],
    }),
    path: 'TestStack/Network',
    error: /^TestStack\/Network: interfaceEndpoints must not list a service twice, got 'secretsmanager' twice$/,
  },
  {
    claim: 'S2-10',
    area: 'SecureDatabase',
    name: 'blank reason for allowSingleAz',
    build: () => {
      const s = stack();
      new SecureDatabase(s, 'Db', { vpc: vpcIn(s), dataClass: DataClass.CUSTOMER_DATA, allowSingleAz: { reason: 'later' } });
    },
    path: 'TestStack/Db',
    error: /^TestStack\/Db: allowSingleAz needs a reason of at least 10 characters that a reviewer can read, got 'later'$/,
  },
  {
    claim: 'S0-10',
    area: 'SecureUserPool',
    name: 'blank reason for allowOptionalMfa',
    build: () => new SecureUserPool(stack(), 'Users', { mfa: SecureUserPoolMfa.OPTIONAL_TOTP, allowOptionalMfa: { reason: '   ' } }),
    path: 'TestStack/Users',
    error: /^TestStack\/Users: allowOptionalMfa needs a reason of at least 10 characters that a reviewer can read, got ' {3}'$/,
  },
  {
    area: 'SecureBucket',
    name: 'a second refused bucket in an app whose first bucket was refused leaves no access-log bucket',
    build: () => {
      const s = stack();
      try {
        new SecureBucket(s, 'A', { dataClass: DataClass.INTERNAL, retention: Duration.days(1) });
      } catch {
        // the caller catches the first refusal and goes on
      }
      new SecureBucket(s, 'B', { dataClass: DataClass.INTERNAL, bucketName: 'Bad_Name' });
    },
    path: 'TestStack/B',
    error: /^TestStack\/B: bucketName must be .*got 'Bad_Name'$/,
  },
  {
    area: 'SecureBackupPlan',
    name: 'plan name AWS Backup refuses (checked after the alert topic and vault were made)',
    build: () => new SecureBackupPlan(stack(), 'Plan', { backupPlanName: 'nightly plan!' }),
    path: 'TestStack/Plan',
    error: /^TestStack\/Plan: backupPlanName must be 1-50 letters, digits, '-', '_' or '\.', got 'nightly plan!'$/,
  },
  {
    area: 'ThreatDetection',
    name: 'an empty list of Security Hub standards (checked after the detector and hub were made)',
    build: () => new ThreatDetection(stack(), 'Detection', { securityHubStandards: [] }),
    path: 'TestStack/Detection',
    error: /^TestStack\/Detection: securityHubStandards must name at least one standard, got none$/,
  },
  {
    area: 'ThreatDetection',
    name: 'a Security Hub standard listed twice',
    build: () => new ThreatDetection(stack(), 'Detection', {
      securityHubStandards: [SecurityHubStandard.CIS_AWS_FOUNDATIONS_BENCHMARK_V3, SecurityHubStandard.CIS_AWS_FOUNDATIONS_BENCHMARK_V3],
    }),
    path: 'TestStack/Detection',
    error: /^TestStack\/Detection: securityHubStandards must not list 'cis-aws-foundations-benchmark\/v\/3.0.0' twice$/,
  },
  {
    claim: 'S0-10',
    area: 'MfaGatedAccess',
    name: 'personal-data access under a policy without a personal-data class (checked after the roles were made)',
    build: () => new MfaGatedAccess(stack({ dataClasses: [DataClass.INTERNAL] }), 'Access', {
      piiAccessPrincipals: ['arn:aws:iam::123456789012:role/Support'],
    }),
    path: 'TestStack/Access',
    error: /^TestStack\/Access: piiAccessPrincipals needs a DataProtectionPolicy that declares a personal-data class, got none$/,
  },
  {
    claim: 'S0-05',
    area: 'MfaGatedAccess',
    name: 'additional regions under a policy without a region (checked after the roles were made)',
    build: () => new MfaGatedAccess(stack({ region: undefined }), 'Access', { additionalRegions: ['eu-west-1'] }),
    path: 'TestStack/Access',
    error: /^TestStack\/Access: additionalRegions \(eu-west-1\) needs a DataProtectionPolicy that names a region, got a policy without region$/,
  },
  {
    claim: 'S2-09',
    area: 'MfaGatedAccess',
    name: 'an empty list of source IPs (checked after the roles were made)',
    build: () => new MfaGatedAccess(stack(), 'Access', { requireSourceIps: [] }),
    path: 'TestStack/Access',
    error: /^TestStack\/Access: requireSourceIps must name at least one CIDR range, got none$/,
  },
];

