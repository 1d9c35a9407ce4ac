import { App, Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DataClass, SecureBackupPlan, SecureBucket, SecureDatabase } from '../../../lib';
import { Fact, PolicyRecord, StackView } from '../../../lib/evidence/model';
import { stackWithPolicy } from '../../helpers/compliance';
import { viewOfStack, viewOfTemplate } from '../helpers';

/** Fixtures of the data verifier tests (data.test.ts, data-lifecycle.test.ts). */

export const KMS = { atRestEncryption: 'KMS' };
export const CLASSES = { dataClasses: 'customer-data,customer-user-data,internal' };

/** The policy record of a fixture: the library's three default classes, no claims. */
export const POLICY: PolicyRecord = {
  version: 1,
  policy: 'Fixture/Policy',
  securityContact: 'security@example.com',
  region: 'us-east-1',
  allowedAccounts: [],
  dataClasses: [
    { name: 'customer-data', label: 'Customer Data', protectionLevel: 'CONFIDENTIAL', personalData: false, minimumEncryption: 'S3_MANAGED' },
    { name: 'customer-user-data', label: 'Customer User Data', protectionLevel: 'RESTRICTED', personalData: true, minimumEncryption: 'KMS' },
    { name: 'internal', label: 'Internal Data', protectionLevel: 'INTERNAL', personalData: false, minimumEncryption: 'S3_MANAGED' },
  ],
  claims: [],
};

/** A hand-written template under the fixture policy, holding `resources` and a customer-managed key `Key`. */
export function fixture(resources: Record<string, any>, options: { id?: string; region?: string; policy?: Partial<PolicyRecord> } = {}): StackView {
  return viewOfTemplate({
    Metadata: { 'cdk-data-protection': { ...POLICY, ...options.policy } },
    Resources: { Key: { Type: 'AWS::KMS::Key', Properties: {} }, ...resources },
  }, options);
}

export const tagged = (dataClass: string) => [{ Key: 'data-class', Value: dataClass }];
export const AES256 = { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] };
export const SSE_KMS = {
  ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['Key', 'Arn'] } } }],
};
export const ALGORITHM = 'Properties.BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault.SSEAlgorithm';
export const PURGE_NONCURRENT = { Id: 'expire-noncurrent-versions', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 14 } };

export function bucket(properties: Record<string, any>): any {
  return { Type: 'AWS::S3::Bucket', Properties: properties };
}

/** The `keys` of each fact, one row per fact, for a compact comparison of many facts. */
export function rows(facts: Fact[], ...keys: Array<keyof Fact>): unknown[][] {
  return facts.map((f) => keys.map((k) => f[k]));
}

/** A versioned, KMS-encrypted bucket of `dataClass` with `rules` (and the bucket-wide noncurrent purge). */
export function dataBucket(dataClass: string, rules: any[] = [], extra: Record<string, any> = {}): any {
  return bucket({
    BucketEncryption: SSE_KMS,
    VersioningConfiguration: { Status: 'Enabled' },
    LifecycleConfiguration: { Rules: [PURGE_NONCURRENT, ...rules] },
    Tags: tagged(dataClass),
    ...extra,
  });
}

export const ENDED_RULE = (days: number) => ({
  Id: 'expire-ended-relationships',
  Status: 'Enabled',
  ExpirationInDays: days,
  TagFilters: [{ Key: 'data-lifecycle', Value: 'ended' }],
  NoncurrentVersionExpiration: { NoncurrentDays: 1 },
});

/**
 * One synthesized stack for the compliant cases: the library's data stores under the default
 * policy (KMS, 14-day backups): a personal-data bucket with ended-relationship expiry and tenant
 * schedules, a customer-data bucket with a retention, a database, a backup plan and the access-log bucket.
 */
export function serviceView(): StackView {
  const stack = stackWithPolicy(new App());
  new SecureBucket(stack, 'UserData', {
    dataClass: DataClass.CUSTOMER_USER_DATA,
    expireEndedObjectsAfter: Duration.days(1095),
    tenantDeletionSchedules: [
      { tenantId: 'acme', expireAfter: Duration.days(30) },
      { tenantId: 'globex', expireAfter: Duration.days(90), prefix: 'workspaces/globex/' },
    ],
  });
  new SecureBucket(stack, 'Content', { dataClass: DataClass.CUSTOMER_DATA, retention: Duration.days(365) });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    natGateways: 0,
    subnetConfiguration: [{ name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  new SecureDatabase(stack, 'Db', { vpc, dataClass: DataClass.CUSTOMER_USER_DATA });
  new SecureBackupPlan(stack, 'Backup');
  return viewOfStack(stack);
}

/** The logical id of the `type` resource of `view` whose logical id starts with `prefix`. */
export function idIn(view: StackView, prefix: string, type = 'AWS::S3::Bucket'): string {
  const found = view.resources.find((r) => r.type === type && r.logicalId.startsWith(prefix));
  if (!found) throw new Error(`no ${type} ${prefix}`);
  return found.logicalId;
}
