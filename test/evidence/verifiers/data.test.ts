// The data verifiers of encryption, classification and the processing register (S0-06, S2-03, S4-07, S1-01, S3-02, S3-01, S1-14).
import { AES256, ALGORITHM, bucket, CLASSES, fixture, idIn, KMS, rows, serviceView, SSE_KMS, tagged } from './data-fixtures';
import { StackView } from '../../../lib/evidence/model';
import { S3_DEFAULT_NOTE } from '../../../lib/evidence/register';
import { VERIFIERS } from '../../../lib/evidence/verifiers';
import { DATA_VERIFIERS } from '../../../lib/evidence/verifiers/data';
import { failing, proves, runVerifier, viewOfTemplate } from '../helpers';

let service: StackView;
beforeAll(() => {
  service = serviceView();
});

/** The logical id of the `type` resource of the synthesized stack whose logical id starts with `prefix`. */
function idOf(prefix: string, type = 'AWS::S3::Bucket'): string {
  return idIn(service, prefix, type);
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

  test('S0-06 expects SSE-S3 by default, fails what a stronger or unknown minimum rejects, and notes an algorithm the template cannot show', () => {
    // GIVEN
    const sse = (algorithm: unknown) => bucket({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: algorithm } }] },
    });
    const stack = fixture({ Bare: bucket({}), Plain: bucket({ BucketEncryption: AES256 }), Dsse: sse('aws:kms:dsse'), Param: sse({ Ref: 'Algorithm' }) });

    // WHEN
    const byDefault = runVerifier(verifier, [stack]);
    const dsse = runVerifier(verifier, [stack], { minimumEncryption: 'DSSE-KMS' });
    const unknown = runVerifier(verifier, [stack], { minimumEncryption: 'SSE-C' });

    // THEN
    const notLiteral = 'the algorithm is not a literal the template shows';
    expect(byDefault.map((f) => f.expected)).toEqual(Array(4).fill('SSE-S3 or stronger: AES256, aws:kms, aws:kms:dsse'));
    expect(rows(failing(byDefault), 'logicalId', 'found', 'note')).toEqual([['Param', '{"Ref":"Algorithm"}', notLiteral]]);
    expect(dsse[0].expected).toBe('DSSE-KMS or stronger: aws:kms:dsse');
    expect(rows(dsse, 'logicalId', 'found', 'satisfied', 'note')).toEqual([
      ['Bare', '(absent)', false, S3_DEFAULT_NOTE],
      ['Plain', 'AES256', false, undefined],
      ['Dsse', 'aws:kms:dsse', true, undefined],
      ['Param', '{"Ref":"Algorithm"}', false, notLiteral],
    ]);
    expect(unknown).toEqual(Array(4).fill(expect.objectContaining({
      propertyPath: ALGORITHM, expected: 'SSE-C', satisfied: false, note: 'the claim expects minimumEncryption \'SSE-C\', which is none of SSE-S3, SSE-KMS, DSSE-KMS',
    })));
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

  test('S2-03 under a KMS policy accepts a log-delivery target with SSE-S3 or a customer key only, and says why the rest fail', () => {
    // GIVEN: three buckets send server access logs (one to an instance, by mistake), a load balancer its access and connection logs
    const logsTo = (target: string) => bucket({ BucketEncryption: SSE_KMS, LoggingConfiguration: { DestinationBucketName: { Ref: target } } });
    const albLogs = (kind: string, target: string) => ({ Key: `${kind}_logs.s3.bucket`, Value: { Ref: target } });
    // an instance whose root volume comes from the AMI: the template does not show it encrypted
    const server = { Type: 'AWS::EC2::Instance', Properties: { Tags: tagged('internal'), BlockDeviceMappings: [{ DeviceName: '/dev/sdf', Ebs: { Encrypted: true, KmsKeyId: { Ref: 'Key' } } }] } };
    const stack = fixture({
      ToSseS3: logsTo('SseS3'),
      ToKeyed: logsTo('Keyed'),
      ToServer: logsTo('LoggedServer'),
      Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { LoadBalancerAttributes: [albLogs('access', 'AwsKey'), albLogs('connection', 'Default')] } },
      SseS3: bucket({ BucketEncryption: AES256 }),
      Keyed: bucket({ BucketEncryption: SSE_KMS }),
      AwsKey: bucket({ BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/aws/s3' } }] } }),
      Default: bucket({}),
      LoggedServer: server,
      Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 365 } },
      Plain: bucket({ BucketEncryption: AES256, Tags: tagged('customer-data') }),
      Server: server,
    });

    // WHEN
    const facts = runVerifier(verifier, [stack], KMS);

    // THEN
    const [log, key, onSdf] = ['SSE-S3 (AES256) or a customer-managed KMS key', 'encrypted with a customer-managed KMS key', 'Ebs.Encrypted true on /dev/sdf, with customer-managed key Key'];
    expect(rows(facts, 'logicalId', 'expected', 'found', 'satisfied')).toEqual([
      ['ToSseS3', key, 'aws:kms with customer-managed key Key', true],
      ['ToKeyed', key, 'aws:kms with customer-managed key Key', true],
      ['ToServer', key, 'aws:kms with customer-managed key Key', true],
      ['SseS3', log, 'AES256 (SSE-S3)', true],
      ['Keyed', log, 'aws:kms with customer-managed key Key', true],
      ['AwsKey', log, 'aws:kms with AWS-managed key alias/aws/s3', false],
      ['Default', log, 'AES256 (S3 default encryption)', true],
      ['LoggedServer', log, onSdf, false],
      ['Logs', key, 'encrypted with CloudWatch Logs service-managed keys', false],
      ['Plain', key, 'AES256 (SSE-S3)', false],
      ['Server', key, onSdf, false],
    ]);
    expect(facts[0].note).toBeUndefined();
    expect(facts[3].note).toBe('S3 server access logging delivers only to buckets encrypted with SSE-S3 (AES-256), so this log bucket cannot use a customer-managed KMS key');
    expect(failing(facts).map((f) => f.note)).toEqual([
      expect.stringMatching(/^Application Load Balancer logging delivers only/),
      expect.stringMatching(/^S3 server access logging delivers only/),
      'CloudWatch Logs always encrypts log data at rest; KmsKeyId adds a customer-managed key',
      'the policy promises SSE-KMS with customer-managed keys for data stores and log groups',
      expect.stringMatching(/^no mapping names a root device/),
    ]);
  });
});

describe('data-classified', () => {
  const verifier = DATA_VERIFIERS['data-classified'];

  test('S1-01 proves every data store of the library carries a declared class and the encryption it demands', () => {
    // WHEN
    const facts = runVerifier(verifier, [service], CLASSES, { claimId: 'S1-01' });

    // THEN: buckets (2 and the access-log bucket), the database, its two log groups (tagged with its class) and the vault: two facts each
    expect(proves(facts)).toBe(true);
    // ... plus the log groups of the ended-data mover and of the deletion-protection function (internal)
    expect(facts).toHaveLength(18);
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

  test('S1-01 takes the classes from the policy record when the claim records none, and says why each store fails', () => {
    // GIVEN
    const stack = fixture({
      Content: bucket({ BucketEncryption: AES256, Tags: tagged('customer-data') }),
      Volume: { Type: 'AWS::EC2::Volume', Properties: { Tags: tagged('internal') } },
      Param: bucket({ BucketEncryption: SSE_KMS, Tags: [{ Key: 'data-class', Value: { Ref: 'DataClass' } }] }),
      Untagged: bucket({ BucketEncryption: SSE_KMS }),
    });

    // WHEN
    const facts = runVerifier(verifier, [stack], {}, { claimId: 'S1-01' });

    // THEN
    const wanted = 'one of customer-data, customer-user-data, internal';
    const s3Managed = (name: string) => `encrypted at rest (class ${name} requires S3_MANAGED or stronger)`;
    expect(rows(facts, 'logicalId', 'expected', 'found', 'satisfied', 'note')).toEqual([
      ['Content', wanted, 'customer-data', true, undefined],
      ['Content', s3Managed('customer-data'), 'AES256 (SSE-S3)', true, undefined],
      ['Volume', wanted, 'internal', true, undefined],
      ['Volume', s3Managed('internal'), 'none found', false, expect.stringMatching(/^Encrypted defaults to false/)],
      ['Param', wanted, '{"Ref":"DataClass"}', false, 'the tag value is an intrinsic the template cannot resolve'],
      ['Untagged', wanted, '(absent)', false, 'no data-class tag: the store holds data of no declared class'],
    ]);
  });

  test('S3-02 trims the recorded classes, and fails a class the policy record lacks, any class of a stack without one, an unknown minimumEncryption', () => {
    // GIVEN
    const secret = fixture({
      Secret: bucket({ BucketEncryption: SSE_KMS, Tags: tagged('secrets') }),
      Param: bucket({ BucketEncryption: SSE_KMS, Tags: [{ Key: 'data-class', Value: { Ref: 'DataClass' } }] }),
    });
    const bare = viewOfTemplate({ Resources: { Content: bucket({ Tags: tagged('customer-data') }) } }, { id: 'Bare' });
    const vault = { name: 'vault', label: 'Vault', protectionLevel: 'RESTRICTED', personalData: false, minimumEncryption: 'HSM' };
    const custom = fixture({ Locked: bucket({ BucketEncryption: SSE_KMS, Tags: tagged('vault') }) }, { id: 'Custom', policy: { dataClasses: [vault] } });

    // WHEN
    // the text of an intrinsic recorded as a class does not make the intrinsic a declared class
    const recorded = runVerifier(verifier, [secret], { dataClasses: ' internal, secrets ,{"Ref":"DataClass"},' }, { claimId: 'S3-02' });
    const declared = runVerifier(verifier, [bare, custom], {}, { claimId: 'S3-02' });

    // THEN
    const kms = 'aws:kms with customer-managed key Key';
    expect(rows(recorded, 'expected', 'found', 'satisfied', 'note')).toEqual([
      ['one of internal, secrets, {"Ref":"DataClass"}', 'secrets', true, undefined],
      ['the encryption class \'secrets\' demands', kms, false, 'class \'secrets\' is not in the policy record of Fixture, so its minimum encryption is unknown'],
      ['one of internal, secrets, {"Ref":"DataClass"}', '{"Ref":"DataClass"}', false, 'the tag value is an intrinsic the template cannot resolve'],
    ]);
    expect(rows(declared, 'logicalId', 'expected', 'found', 'satisfied', 'note')).toEqual([
      ['Content', 'one of ', 'customer-data', false, '\'customer-data\' is not a declared data class'],
      ['Locked', 'one of vault', 'vault', true, undefined],
      ['Locked', 'encrypted at rest (class vault requires HSM or stronger)', kms, false, 'unknown minimumEncryption \'HSM\''],
    ]);
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

    // THEN: 5 data stores, the database's 2 tagged log groups, the log group of the ended-data mover (S3-05), and the off-site vault
    expect(proves(facts)).toBe(true);
    // ... and the log group of the deletion-protection function
    expect(facts).toHaveLength(10);
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

  test('S3-01 lists the stores of the stacks recording the claim and of claimless stacks, not of stacks with claims of their own', () => {
    // GIVEN: the service records the claim; another service records claims; a stack has no policy record
    const claims = [{ id: 'S3-01', text: 'register', expected: [] }];
    const unreadable = { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { Ref: 'KeyParam' } } }] };
    const own = fixture({
      Content: bucket({ BucketEncryption: SSE_KMS, Tags: tagged('customer-data') }),
      Param: bucket({ BucketEncryption: unreadable, Tags: tagged('secrets') }),
    }, { id: 'Service', policy: { claims } });
    const other = fixture({ Other: bucket({ BucketEncryption: SSE_KMS, Tags: tagged('internal') }) }, { id: 'OtherService', policy: { claims } });
    const bare = viewOfTemplate({ Resources: { Loose: bucket({ Tags: tagged('internal') }) } }, { id: 'NoPolicy' });

    // WHEN
    const facts = runVerifier(verifier, [own], {}, { claimId: 'S3-01', others: [other, offsite, bare] });

    // THEN
    expect(facts[0]).toMatchObject({ propertyPath: 'register entry (data class; region; encryption)', expected: 'a declared data class, a region and an encryption at rest' });
    expect(rows(facts, 'stack', 'logicalId', 'found', 'satisfied', 'note')).toEqual([
      ['Service', 'Content', 'customer-data; us-east-1; aws:kms with customer-managed key Key', true, undefined],
      ['Service', 'Param', 'secrets; us-east-1; unreadable: aws:kms with {"Ref":"KeyParam"}', false, 'class \'secrets\' is not declared by the policy; no encryption at rest found'],
      ['Offsite', 'Vault', 'customer-user-data; us-west-2; encrypted with customer-managed key Key', true, undefined],
    ]);
  });
});

describe('when the stacks hold no data', () => {
  test.each([
    ['S2-03', 'encrypted-at-rest', { propertyPath: 'Resources[Type=data-holding resource]', expected: 'encrypted at rest' }],
    ['S1-01', 'data-classified', { expected: 'a data-class tag of the declared classes' }],
    ['S1-11', 'unused-data-deleted', { expected: 'lifecycle expiration or log retention' }],
    ['S3-06', 'erasure-possible', { expected: 'a declared data class' }],
    ['S3-05', 'ended-data-expiry', {
      propertyPath: 'Resources[Type=AWS::S3::Bucket].Properties.Tags[data-class]',
      note: 'no bucket is tagged with a class that holds personal data: nothing in the templates expires the data of ended relationships',
    }],
    ['S4-02', 'tenant-deletion-schedules', {
      propertyPath: 'Resources[Type=AWS::S3::Bucket].Properties.LifecycleConfiguration.Rules',
      note: 'no data bucket has per-tenant lifecycle rules: set tenantDeletionSchedules on a SecureBucket',
    }],
    ['S3-01', 'processing-register', { propertyPath: 'register', found: '(empty)', note: 'the stacks hold no data store' }],
  ])('%s %s fails with one fact that names every stack, or says no stack records the claim', (claimId, name, want) => {
    // GIVEN
    const stacks = [fixture({}, { id: 'A' }), fixture({}, { id: 'B' })];

    // WHEN
    const facts = runVerifier(VERIFIERS[name], stacks, {}, { claimId });
    const none = runVerifier(VERIFIERS[name], [], {}, { claimId });

    // THEN
    expect(facts).toEqual([expect.objectContaining({ stack: 'A, B', found: '(none)', satisfied: false, ...want })]);
    expect(none).toEqual([expect.objectContaining({ stack: '(no stack records the claim)', satisfied: false })]);
  });
});
