import { App, Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DataClass, SecureBackupPlan, SecureBucket, SecureDatabase } from '../../../lib';
import { PolicyRecord, StackView } from '../../../lib/evidence/model';
import { DATA_VERIFIERS } from '../../../lib/evidence/verifiers/data';
import { stackWithPolicy } from '../../helpers/compliance';
import { failing, proves, runVerifier, viewOfStack, viewOfTemplate } from '../helpers';

const KMS = { atRestEncryption: 'KMS' };
const CLASSES = { dataClasses: 'customer-data,customer-user-data,internal' };

/** The policy record of a fixture: the library's three default classes, no claims. */
const POLICY: PolicyRecord = {
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
function fixture(resources: Record<string, any>, options: { id?: string; region?: string; policy?: Partial<PolicyRecord> } = {}): StackView {
  return viewOfTemplate({
    Metadata: { 'cdk-data-protection': { ...POLICY, ...options.policy } },
    Resources: { Key: { Type: 'AWS::KMS::Key', Properties: {} }, ...resources },
  }, options);
}

const tagged = (dataClass: string) => [{ Key: 'data-class', Value: dataClass }];
const AES256 = { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] };
const SSE_KMS = {
  ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['Key', 'Arn'] } } }],
};
const ALGORITHM = 'Properties.BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault.SSEAlgorithm';
const PURGE_NONCURRENT = { Id: 'expire-noncurrent-versions', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 14 } };

function bucket(properties: Record<string, any>): any {
  return { Type: 'AWS::S3::Bucket', Properties: properties };
}

/** A versioned, KMS-encrypted bucket of `dataClass` with `rules` (and the bucket-wide noncurrent purge). */
function dataBucket(dataClass: string, rules: any[] = [], extra: Record<string, any> = {}): any {
  return bucket({
    BucketEncryption: SSE_KMS,
    VersioningConfiguration: { Status: 'Enabled' },
    LifecycleConfiguration: { Rules: [PURGE_NONCURRENT, ...rules] },
    Tags: tagged(dataClass),
    ...extra,
  });
}

const ENDED_RULE = (days: number) => ({
  Id: 'expire-ended-relationships',
  Status: 'Enabled',
  ExpirationInDays: days,
  TagFilters: [{ Key: 'data-lifecycle', Value: 'ended' }],
  NoncurrentVersionExpiration: { NoncurrentDays: 1 },
});

// One synthesized stack for the compliant cases: the library's data stores under the default
// policy (KMS, 14-day backups): a personal-data bucket with ended-relationship expiry and tenant
// schedules, a customer-data bucket with a retention, a database, a backup plan and the access-log bucket.
let service: StackView;
beforeAll(() => {
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
  service = viewOfStack(stack);
});

/** The logical id of the `type` resource of the synthesized stack whose logical id starts with `prefix`. */
function idOf(prefix: string, type = 'AWS::S3::Bucket'): string {
  const found = service.resources.find((r) => r.type === type && r.logicalId.startsWith(prefix));
  if (!found) throw new Error(`no ${type} ${prefix}`);
  return found.logicalId;
}

describe('buckets-encrypted', () => {
  const verifier = DATA_VERIFIERS['buckets-encrypted'];

  test('S0-06 proves every bucket of the library is SSE-S3 or stronger, the algorithm compared', () => {
    // WHEN
    const facts = runVerifier(verifier, [service], { minimumEncryption: 'SSE-S3' });

    // THEN: the data buckets are SSE-KMS, the access-log bucket SSE-S3
    expect(proves(facts)).toBe(true);
    expect(facts).toHaveLength(3);
    expect(facts.find((f) => f.logicalId === idOf('UserData'))).toMatchObject({ propertyPath: ALGORITHM, found: 'aws:kms' });
    expect(facts.find((f) => f.logicalId === idOf('DataProtectionAccessLogs'))).toMatchObject({ found: 'AES256' });
  });

  test('S0-06 fails a bucket whose algorithm the template cannot show, and AES256 under an SSE-KMS minimum', () => {
    // GIVEN
    const stack = fixture({
      Conditional: bucket({ BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: { 'Fn::If': ['Kms', 'aws:kms', 'AES256'] } } }] } }),
      Plain: bucket({ BucketEncryption: AES256 }),
    });

    // WHEN
    const ssE3 = runVerifier(verifier, [stack], { minimumEncryption: 'SSE-S3' });
    const sseKms = runVerifier(verifier, [stack], { minimumEncryption: 'SSE-KMS' });

    // THEN
    expect(failing(ssE3)).toEqual([expect.objectContaining({ logicalId: 'Conditional', found: '{"Fn::If":["Kms","aws:kms","AES256"]}' })]);
    expect(failing(sseKms)).toContainEqual(expect.objectContaining({
      logicalId: 'Plain', propertyPath: ALGORITHM, expected: 'SSE-KMS or stronger: aws:kms, aws:kms:dsse', found: 'AES256',
    }));
  });

  test('S0-06 accepts a bucket without BucketEncryption (S3 encrypts with SSE-S3 by default) and says so', () => {
    // GIVEN
    const stack = fixture({ Bare: bucket({}) });

    // WHEN
    const facts = runVerifier(verifier, [stack], { minimumEncryption: 'SSE-S3' });

    // THEN
    expect(facts).toEqual([expect.objectContaining({ found: '(absent)', satisfied: true, note: expect.stringContaining('5 January 2023') })]);
  });

  test('S0-06 fails when the stacks hold no bucket', () => {
    // WHEN
    const facts = runVerifier(verifier, [fixture({})], { minimumEncryption: 'SSE-S3' });

    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({ propertyPath: 'Resources[Type=AWS::S3::Bucket]', found: '(none)' })]);
  });
});

describe('encrypted-at-rest', () => {
  const verifier = DATA_VERIFIERS['encrypted-at-rest'];

  test('S2-03 proves every data store and log group of the library uses a customer-managed key; the access-log bucket is SSE-S3 by necessity', () => {
    // WHEN
    const facts = runVerifier(verifier, [service], KMS, { claimId: 'S2-03' });

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts.find((f) => f.logicalId === idOf('Db', 'AWS::RDS::DBInstance'))).toMatchObject({
      propertyPath: 'Properties.KmsKeyId', expected: 'encrypted with a customer-managed KMS key', found: expect.stringMatching(/^StorageEncrypted true with customer-managed key DbKey/),
    });
    expect(facts.find((f) => f.logicalId === idOf('DataProtectionAccessLogs'))).toMatchObject({
      expected: 'SSE-S3 (AES256) or a customer-managed KMS key', found: 'AES256 (SSE-S3)', note: expect.stringContaining('delivers only to buckets encrypted with SSE-S3'),
    });
    expect(facts.filter((f) => f.propertyPath === 'Properties.KmsKeyId' && f.logicalId?.startsWith('DbLog'))).toHaveLength(2);
  });

  test('S4-07 fails an SSE-S3 data bucket, an unencrypted database, an AWS-managed key, an unreadable key and an unencrypted topic under a KMS policy', () => {
    // GIVEN
    const stack = fixture({
      Plain: bucket({ BucketEncryption: AES256, Tags: tagged('customer-data') }),
      AwsKey: bucket({ BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/aws/s3' } }] } }),
      Db: { Type: 'AWS::RDS::DBInstance', Properties: { Tags: tagged('customer-user-data') } },
      Logs: { Type: 'AWS::Logs::LogGroup', Properties: { KmsKeyId: { Ref: 'KeyParameter' } } },
      Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
    });

    // WHEN
    const facts = runVerifier(verifier, [stack], KMS, { claimId: 'S4-07' });

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({ logicalId: 'Plain', propertyPath: ALGORITHM, expected: 'encrypted with a customer-managed KMS key', found: 'AES256 (SSE-S3)' }),
      expect.objectContaining({ logicalId: 'AwsKey', found: 'aws:kms with AWS-managed key alias/aws/s3' }),
      expect.objectContaining({
        logicalId: 'Db', propertyPath: 'Properties.StorageEncrypted', found: 'none found', note: expect.stringContaining('StorageEncrypted defaults to false'),
      }),
      expect.objectContaining({ logicalId: 'Logs', found: 'unreadable: {"Ref":"KeyParameter"}', note: expect.stringContaining('not a resource of the template') }),
      expect.objectContaining({ logicalId: 'Topic', expected: 'encrypted at rest (AES-256)', found: 'none found' }),
    ]);
  });

  test('S2-03 under an SSE-S3 policy accepts service encryption: SSE-S3 buckets, log groups without a key, SSE-SQS queues and secrets', () => {
    // GIVEN
    const stack = fixture({
      Plain: bucket({ BucketEncryption: AES256, Tags: tagged('customer-data') }),
      Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 365 } },
      Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
      Secret: { Type: 'AWS::SecretsManager::Secret', Properties: {} },
      Table: { Type: 'AWS::DynamoDB::Table', Properties: { Tags: tagged('internal') } },
    });

    // WHEN
    const facts = runVerifier(verifier, [stack], { atRestEncryption: 'S3_MANAGED' });

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts.find((f) => f.logicalId === 'Queue')).toMatchObject({ found: 'SSE-SQS (SQS-owned keys)', note: 'SQS encrypts new queues with SSE-SQS by default' });
    expect(facts.find((f) => f.logicalId === 'Logs')?.note).toContain('CloudWatch Logs always encrypts');
  });

  test('S2-03 knows Redshift, Elasticsearch, EC2 instance and launch-template volumes, and the services that always encrypt', () => {
    // GIVEN one encrypted and one plain resource of each type that has a switch, and the always-encrypted services
    const ebs = (device: string, extra: Record<string, any> = {}) => ({ DeviceName: device, Ebs: { VolumeSize: 20, ...extra } });
    const stack = fixture({
      Key: { Type: 'AWS::KMS::Key', Properties: {} },
      Warehouse: { Type: 'AWS::Redshift::Cluster', Properties: { Encrypted: true, KmsKeyId: { Ref: 'Key' } } },
      PlainWarehouse: { Type: 'AWS::Redshift::Cluster', Properties: {} },
      Search: { Type: 'AWS::Elasticsearch::Domain', Properties: { EncryptionAtRestOptions: { Enabled: true } } },
      PlainSearch: { Type: 'AWS::Elasticsearch::Domain', Properties: {} },
      Server: { Type: 'AWS::EC2::Instance', Properties: { BlockDeviceMappings: [ebs('/dev/xvda', { Encrypted: true }), ebs('/dev/sdf', { Encrypted: true, KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } })] } },
      AmiRoot: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-123' } },
      PlainData: { Type: 'AWS::EC2::Instance', Properties: { BlockDeviceMappings: [ebs('/dev/xvda', { Encrypted: true }), ebs('/dev/sdf')] } },
      NoRoot: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { BlockDeviceMappings: [ebs('/dev/sdf', { Encrypted: true })] } } },
      Template: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { BlockDeviceMappings: [ebs('/dev/sda1', { Encrypted: 'true' }), { DeviceName: '/dev/sdb', VirtualName: 'ephemeral0' }] } } },
      Files: { Type: 'AWS::FSx::FileSystem', Properties: {} },
      Kafka: { Type: 'AWS::MSK::Cluster', Properties: {} },
      Images: { Type: 'AWS::ECR::Repository', Properties: {} },
      Memory: { Type: 'AWS::MemoryDB::Cluster', Properties: {} },
      Cache: { Type: 'AWS::ElastiCache::ServerlessCache', Properties: {} },
      Series: { Type: 'AWS::Timestream::Database', Properties: {} },
      Namespace: { Type: 'AWS::RedshiftServerless::Namespace', Properties: { KmsKeyId: { Ref: 'Key' } } },
    });

    // WHEN
    const facts = runVerifier(verifier, [stack], { atRestEncryption: 'S3_MANAGED' });

    // THEN the plain ones fail, each with why
    expect(failing(facts)).toEqual([
      expect.objectContaining({ logicalId: 'PlainWarehouse', propertyPath: 'Properties.Encrypted', found: 'none found', note: expect.stringContaining('Encrypted defaults to false') }),
      expect.objectContaining({ logicalId: 'PlainSearch', propertyPath: 'Properties.EncryptionAtRestOptions.Enabled', found: 'none found' }),
      expect.objectContaining({ logicalId: 'AmiRoot', propertyPath: 'Properties.BlockDeviceMappings', found: 'none found', note: expect.stringContaining('the root volume comes from the AMI') }),
      expect.objectContaining({ logicalId: 'PlainData', found: 'none found: /dev/sdf', note: expect.stringContaining('Ebs.Encrypted defaults to false') }),
      expect.objectContaining({ logicalId: 'NoRoot', propertyPath: 'Properties.LaunchTemplateData.BlockDeviceMappings', note: expect.stringContaining('no mapping names a root device') }),
    ]);
    // ... and the rest are proven, with the key and the service default in words
    const found = (id: string) => facts.find((f) => f.logicalId === id);
    expect(found('Warehouse')).toMatchObject({ found: 'Encrypted true with customer-managed key Key', satisfied: true });
    expect(found('Server')).toMatchObject({ found: 'Ebs.Encrypted true on /dev/xvda, /dev/sdf, with AWS-managed key aws/ebs, customer-managed key Key', satisfied: true });
    expect(found('Template')).toMatchObject({ found: 'Ebs.Encrypted true on /dev/sda1, with AWS-managed key aws/ebs', satisfied: true });
    expect(found('Kafka')).toMatchObject({ found: 'encrypted with AWS-managed key aws/kafka', note: expect.stringContaining('Amazon MSK always encrypts'), satisfied: true });
    expect(found('Namespace')).toMatchObject({ found: 'encrypted with customer-managed key Key', satisfied: true });
    for (const id of ['Search', 'Files', 'Images', 'Memory', 'Cache', 'Series']) {
      expect(found(id)).toMatchObject({ satisfied: true });
    }
  });

  test('S2-03 under a KMS policy requires a customer key on a tagged instance\'s volumes', () => {
    // GIVEN an instance tagged with a data class, its volumes encrypted with aws/ebs
    const stack = fixture({
      Server: {
        Type: 'AWS::EC2::Instance',
        Properties: { Tags: tagged('customer-data'), BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true } }] },
      },
    });

    // WHEN
    const facts = runVerifier(verifier, [stack], KMS);

    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({
      logicalId: 'Server', expected: 'encrypted with a customer-managed KMS key', found: 'Ebs.Encrypted true on /dev/xvda, with AWS-managed key aws/ebs',
    })]);
  });

  test('S2-03 fails when the stacks hold nothing that holds data', () => {
    // WHEN
    const facts = runVerifier(verifier, [fixture({})], KMS);

    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({ propertyPath: 'Resources[Type=data-holding resource]', found: '(none)' })]);
  });
});

describe('data-classified', () => {
  const verifier = DATA_VERIFIERS['data-classified'];

  test('S1-01 proves every data store of the library carries a declared class and the encryption it demands', () => {
    // WHEN
    const facts = runVerifier(verifier, [service], CLASSES, { claimId: 'S1-01' });

    // THEN: buckets (2 and the access-log bucket), the database and the vault: two facts each
    expect(proves(facts)).toBe(true);
    expect(facts).toHaveLength(10);
    expect(facts.find((f) => f.logicalId === idOf('BackupVault', 'AWS::Backup::BackupVault') && f.propertyPath === 'Properties.BackupVaultTags[data-class]'))
      .toMatchObject({ found: 'customer-user-data' });
    expect(facts.find((f) => f.logicalId === idOf('UserData') && f.propertyPath === ALGORITHM)).toMatchObject({
      expected: 'a customer-managed KMS key (class customer-user-data requires KMS)',
    });
  });

  test('S3-02 fails an untagged store, an undeclared class and a restricted class without a customer key', () => {
    // GIVEN
    const stack = fixture({
      Untagged: bucket({ BucketEncryption: SSE_KMS }),
      Secret: bucket({ BucketEncryption: SSE_KMS, Tags: tagged('secrets') }),
      Users: bucket({ BucketEncryption: AES256, Tags: tagged('customer-user-data') }),
    });

    // WHEN
    const facts = runVerifier(verifier, [stack], CLASSES, { claimId: 'S3-02' });

    // THEN
    const wanted = 'one of customer-data, customer-user-data, internal';
    expect(failing(facts)).toEqual([
      expect.objectContaining({ logicalId: 'Untagged', propertyPath: 'Properties.Tags[data-class]', expected: wanted, found: '(absent)' }),
      expect.objectContaining({ logicalId: 'Secret', expected: wanted, found: 'secrets', note: '\'secrets\' is not a declared data class' }),
      expect.objectContaining({
        logicalId: 'Users', propertyPath: ALGORITHM, expected: 'a customer-managed KMS key (class customer-user-data requires KMS)', found: 'AES256 (SSE-S3)',
      }),
    ]);
  });

  test('S1-01 fails when the stacks hold no data store', () => {
    // WHEN
    const facts = runVerifier(verifier, [fixture({})], CLASSES);

    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({ found: '(none)', expected: `a data-class tag of ${CLASSES.dataClasses}` })]);
  });
});

describe('unused-data-deleted', () => {
  const verifier = DATA_VERIFIERS['unused-data-deleted'];

  test('S1-11 proves every bucket deletes data and every log group has a retention', () => {
    // WHEN
    const facts = runVerifier(verifier, [service], {}, { claimId: 'S1-11' });

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts.find((f) => f.logicalId === idOf('Content'))).toMatchObject({
      propertyPath: 'Properties.LifecycleConfiguration.Rules',
      found: 'deleted or overwritten versions are purged after 14 days; objects expire after 365 days',
      note: undefined,
    });
    expect(facts.find((f) => f.logicalId === idOf('UserData'))?.note).toContain('current objects are kept until the service deletes them');
    expect(facts.filter((f) => f.propertyPath === 'Properties.RetentionInDays').map((f) => f.found)).toEqual(['365', '365']);
  });

  test('S1-11 fails a bucket without rules, a versioned bucket whose expired versions stay, and a log group kept forever', () => {
    // GIVEN
    const stack = fixture({
      Forever: bucket({ BucketEncryption: SSE_KMS, Tags: tagged('internal') }),
      Hidden: bucket({
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: { Rules: [{ Id: 'expire', Status: 'Enabled', ExpirationInDays: 30 }] },
      }),
      Logs: { Type: 'AWS::Logs::LogGroup', Properties: {} },
    });

    // WHEN
    const facts = runVerifier(verifier, [stack], {}, { claimId: 'S1-11' });

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({ logicalId: 'Forever', expected: 'an enabled rule that deletes data', found: '(absent)' }),
      expect.objectContaining({ logicalId: 'Hidden', found: 'objects expire after 30 days', note: expect.stringContaining('stay as old versions forever') }),
      expect.objectContaining({ logicalId: 'Logs', propertyPath: 'Properties.RetentionInDays', expected: 'a retention in days', found: '(absent)' }),
    ]);
  });

  test('S1-11 fails when the stacks hold no bucket and no log group', () => {
    // WHEN
    const facts = runVerifier(verifier, [fixture({})]);

    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({ propertyPath: 'Resources[Type=AWS::S3::Bucket or AWS::Logs::LogGroup]', found: '(none)' })]);
  });
});

describe('ended-data-expiry', () => {
  const verifier = DATA_VERIFIERS['ended-data-expiry'];

  test('S3-05 proves the personal-data bucket expires ended objects after 1095 days', () => {
    // WHEN
    const facts = runVerifier(verifier, [service], { endedDataExpiryDays: '1095' }, { claimId: 'S3-05' });

    // THEN: only the personal-data bucket is checked
    expect(facts).toEqual([expect.objectContaining({
      logicalId: idOf('UserData'), propertyPath: 'Properties.LifecycleConfiguration.Rules.2.ExpirationInDays', expected: '1095', found: '1095', satisfied: true,
    })]);
  });

  test('S3-05 fails a personal-data bucket that expires ended objects sooner, or not at all', () => {
    // GIVEN
    const stack = fixture({
      Soon: dataBucket('customer-user-data', [ENDED_RULE(30)]),
      Never: dataBucket('customer-user-data'),
      Content: dataBucket('customer-data'),
    });

    // WHEN
    const facts = runVerifier(verifier, [stack], { endedDataExpiryDays: '1095' }, { claimId: 'S3-05' });

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({ logicalId: 'Soon', propertyPath: 'Properties.LifecycleConfiguration.Rules.1.ExpirationInDays', expected: '1095', found: '30' }),
      expect.objectContaining({ logicalId: 'Never', found: '(no rule filtered on data-lifecycle=ended)' }),
    ]);
  });

  test('S3-05 fails a rule narrowed to a prefix', () => {
    // GIVEN
    const stack = fixture({ Narrow: dataBucket('customer-user-data', [{ ...ENDED_RULE(1095), Prefix: 'exports/' }]) });

    // WHEN
    const facts = runVerifier(verifier, [stack], { endedDataExpiryDays: '1095' });

    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({
      found: '1095', note: 'the rule covers only objects under exports/ and tagged data-lifecycle=ended',
    })]);
  });

  test('S3-05 fails when no bucket holds personal data', () => {
    // WHEN
    const facts = runVerifier(verifier, [fixture({ Content: dataBucket('customer-data', [ENDED_RULE(1095)]) })], { endedDataExpiryDays: '1095' });

    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({ expected: 'a bucket holding personal data', found: '(none)' })]);
  });
});

describe('erasure-possible', () => {
  const verifier = DATA_VERIFIERS['erasure-possible'];

  test('S3-06 proves every data store is classified and no personal-data bucket is locked', () => {
    // WHEN
    const facts = runVerifier(verifier, [service], {}, { claimId: 'S3-06' });

    // THEN: the tag of each of the five stores, and the lock of the personal-data bucket
    expect(proves(facts)).toBe(true);
    expect(facts).toHaveLength(6);
    expect(facts.find((f) => f.propertyPath === 'Properties.ObjectLockConfiguration.Rule.DefaultRetention')).toMatchObject({
      logicalId: idOf('UserData'),
      found: 'no Object Lock',
      expected: 'at most 30 days (objects under tenants/acme/ expire after 30 days (rule tenant-acme))',
    });
  });

  test('S3-06 fails an Object Lock that outlasts the erasure deadline, and an untagged store', () => {
    // GIVEN
    const lock = (days: number) => ({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: days } } },
    });
    const stack = fixture({
      Locked: dataBucket('customer-user-data', [ENDED_RULE(1095)], lock(2000)),
      Short: dataBucket('customer-user-data', [ENDED_RULE(1095)], lock(30)),
      Db: { Type: 'AWS::RDS::DBInstance', Properties: { StorageEncrypted: true } },
    });

    // WHEN
    const facts = runVerifier(verifier, [stack], {}, { claimId: 'S3-06' });

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({
        logicalId: 'Locked',
        propertyPath: 'Properties.ObjectLockConfiguration.Rule.DefaultRetention',
        expected: 'at most 1095 days (objects tagged data-lifecycle=ended expire after 1095 days (rule expire-ended-relationships))',
        found: 'GOVERNANCE 2000 days',
      }),
      expect.objectContaining({ logicalId: 'Db', propertyPath: 'Properties.Tags[data-class]', found: '(absent)' }),
    ]);
  });

  test('S3-06 compares a lock with the purge of deleted data when nothing expires objects', () => {
    // GIVEN: deleted data is purged after 14 days; the lock keeps it 30
    const stack = fixture({
      Locked: dataBucket('customer-user-data', [], {
        ObjectLockEnabled: true,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Years: 1 } } },
      }),
    });

    // WHEN
    const facts = runVerifier(verifier, [stack]);

    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({
      expected: 'at most 14 days (deleted data is purged after 14 days (the policy\'s data retention))', found: 'COMPLIANCE 365 days',
    })]);
  });

  test('S3-06 fails when the stacks hold no data store', () => {
    // WHEN
    const facts = runVerifier(verifier, [fixture({})]);

    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({ found: '(none)' })]);
  });
});

describe('tenant-deletion-schedules', () => {
  const verifier = DATA_VERIFIERS['tenant-deletion-schedules'];

  test('S4-02 proves a data bucket deletes each tenant\'s objects on its own schedule, one fact per tenant', () => {
    // WHEN
    const facts = runVerifier(verifier, [service], {}, { claimId: 'S4-02' });

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts.map((f) => [f.expected, f.found])).toEqual([
      ['days after which objects under tenants/acme/ are deleted', '30'],
      ['days after which objects under workspaces/globex/ are deleted', '90'],
    ]);
  });

  test('S4-02 fails a disabled tenant rule and a tenant rule that covers the whole bucket', () => {
    // GIVEN
    const stack = fixture({
      Tenants: dataBucket('customer-data', [
        { Id: 'tenant-acme', Status: 'Disabled', Prefix: 'tenants/acme/', ExpirationInDays: 30 },
        { Id: 'tenant-globex', Status: 'Enabled', ExpirationInDays: 60 },
        { Id: 'tenant-initech', Status: 'Enabled', TagFilters: [{ Key: 'tenant', Value: 'initech' }], ExpirationInDays: 90 },
      ]),
    });

    // WHEN
    const facts = runVerifier(verifier, [stack], {}, { claimId: 'S4-02' });

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({ propertyPath: 'Properties.LifecycleConfiguration.Rules.1.ExpirationInDays', found: '30', note: 'the rule is disabled' }),
      expect.objectContaining({ found: '60', note: 'the rule covers the whole bucket, not one tenant' }),
    ]);
    expect(facts[2]).toMatchObject({ expected: 'days after which objects tagged tenant=initech are deleted', found: '90', satisfied: true });
  });

  test('S4-02 fails when no data bucket has tenant rules', () => {
    // WHEN
    const facts = runVerifier(verifier, [fixture({ Content: dataBucket('customer-data') })]);

    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({
      expected: 'per-tenant lifecycle rules on a data bucket (tenant prefix or tag)', found: '(none)',
    })]);
  });
});

describe('processing-register', () => {
  const verifier = DATA_VERIFIERS['processing-register'];
  const offsite = fixture({
    Vault: { Type: 'AWS::Backup::BackupVault', Properties: { EncryptionKeyArn: { 'Fn::GetAtt': ['Key', 'Arn'] }, BackupVaultTags: { 'data-class': 'customer-user-data' } } },
  }, { id: 'Offsite', region: 'us-west-2', policy: { role: 'offsite-backup', region: 'us-west-2' } });

  test('S3-01 proves the register lists every data store with a class, a region and an encryption, off-site vaults included', () => {
    // WHEN
    const facts = runVerifier(verifier, [service], {}, { claimId: 'S3-01', others: [offsite] });

    // THEN: 5 data stores and the database's 2 tagged log groups, and the off-site vault
    expect(proves(facts)).toBe(true);
    expect(facts).toHaveLength(8);
    expect(facts.find((f) => f.stack === 'Offsite')).toMatchObject({
      found: 'customer-user-data; us-west-2; encrypted with customer-managed key Key',
    });
  });

  test('S1-14 fails an entry without a class, a region or an encryption', () => {
    // GIVEN
    const stack = fixture({
      Bare: bucket({}),
      Volume: { Type: 'AWS::EC2::Volume', Properties: { Tags: tagged('internal') } },
    }, { region: undefined });

    // WHEN
    const facts = runVerifier(verifier, [stack], {}, { claimId: 'S1-14' });

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({
        logicalId: 'Bare', found: '(no data class); (environment-agnostic); AES256 (S3 default encryption)', note: 'no data-class tag; the stack has no region',
      }),
      expect.objectContaining({
        logicalId: 'Volume', found: 'internal; (environment-agnostic); none found', note: 'the stack has no region; no encryption at rest found',
      }),
    ]);
  });

  test('S3-01 fails when the register is empty', () => {
    // WHEN
    const facts = runVerifier(verifier, [fixture({})]);

    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({ expected: 'at least one data store in the register', found: '(empty)' })]);
  });
});
