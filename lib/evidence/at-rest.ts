import { ResourceView, StackView } from './model';
import { dig, isTrue, listOf, referenced, refTarget, show } from './query';
import { literalText, NO_ENCRYPTION, UNREADABLE_ENCRYPTION } from './store-tags';
import { DATA_STORE_TYPES } from '../private/data-store-types';

/*
 * How a data store is encrypted at rest, as its template shows it: the switch or key property of
 * each type, the key and who manages it (claims S0-06, S2-03, S4-07, S1-01, S3-02 and the register).
 */
// ---------------------------------------------------------------------------------------------
// Encryption at rest
// ---------------------------------------------------------------------------------------------

/** Who manages the key that encrypts the data. */
export type KeyManager = 'customer' | 'aws' | 'unresolved';

/** A KMS key as the template names it. */
export interface KeyView {
  readonly manager: KeyManager;
  /** The key in words: `customer-managed key CustomerDataKey354A3F29`, `AWS-managed key alias/aws/s3`. */
  readonly text: string;
  readonly note?: string;
  /** The logical id of the `AWS::KMS::Key` of the template, when it is one (its key policy can be read). */
  readonly keyLogicalId?: string;
}

/**
 * The key a `KmsKeyId`-like value names:
 * - a `Ref`/`Fn::GetAtt` to an `AWS::KMS::Key` of the template (or an alias of one) is a
 *   customer-managed key;
 * - a literal `alias/aws/...` (or its ARN) is an AWS-managed key;
 * - any other literal key id, ARN or alias is a key of the customer's, named from outside the
 *   template (imported keys): AWS-managed keys are named by their `alias/aws/` alias;
 * - anything else (a parameter, a condition) cannot be read.
 */
export function keyOf(stacks: StackView[], from: ResourceView, value: unknown): KeyView {
  const target = referenced(stacks, from, value);
  if (target?.type === 'AWS::KMS::Key') {
    return { manager: 'customer', text: `customer-managed key ${target.logicalId}`, keyLogicalId: target.logicalId };
  }
  if (target?.type === 'AWS::KMS::Alias') {
    const key = keyOf(stacks, target, target.properties.TargetKeyId);
    return key.manager === 'customer' ? { ...key, text: `${key.text} (alias ${show(target.properties.AliasName)})` } : key;
  }
  if (target) {
    return { manager: 'unresolved', text: `${target.logicalId} (${target.type})`, note: `the key names ${target.logicalId}, a ${target.type}, not a KMS key` };
  }
  const id = refTarget(value);
  if (id !== undefined) {
    return { manager: 'unresolved', text: show(value), note: `the key refers to ${id}, which is not a resource of the template (a parameter?): its manager cannot be read` };
  }
  const literal = literalText(value);
  if (literal === undefined) {
    return { manager: 'unresolved', text: show(value), note: 'the key is an intrinsic the template cannot resolve' };
  }
  if (/(^|:)alias\/aws\//.test(literal)) {
    return { manager: 'aws', text: `AWS-managed key ${literal}` };
  }
  return {
    manager: 'customer',
    text: `key ${literal}`,
    note: 'the key is named by a literal id or ARN from outside the template; taken as customer-managed (AWS-managed keys are named by their alias/aws/ alias)',
  };
}

/** How a resource is encrypted at rest, as the template shows it. */
export interface AtRestView {
  /** Where the setting that decides it sits. */
  readonly propertyPath: string;
  /** Whether the data is encrypted at rest; undefined when the template cannot say. */
  readonly encrypted: boolean | undefined;
  /** Who manages the key (`aws` for service-managed, AWS-owned and AWS-managed keys). */
  readonly key: KeyManager;
  /** How it is encrypted, in words (`aws:kms with customer-managed key K`, `AES256`, `not encrypted`). */
  readonly found: string;
  /** How it was read: a service default, an unreadable value. */
  readonly note?: string;
  /** The logical id of the customer-managed key of the template that encrypts it, if any. */
  readonly keyLogicalId?: string;
}

/** A service that encrypts only when a switch is on, with an optional customer key. */
interface SwitchSpec {
  readonly switch: string;
  readonly key: string;
  /** The key the service uses when the switch is on and no key is named. */
  readonly defaultKey: string;
  /** Properties whose presence makes the encryption inherited (a snapshot, a source). */
  readonly inheritedFrom?: string[];
  /** Why data is unencrypted without the switch. */
  readonly offNote: string;
}

const SWITCHED: Record<string, SwitchSpec> = {
  'AWS::RDS::DBInstance': {
    switch: 'StorageEncrypted',
    key: 'KmsKeyId',
    defaultKey: 'aws/rds',
    inheritedFrom: ['DBSnapshotIdentifier', 'SourceDBInstanceIdentifier', 'DBClusterSnapshotIdentifier'],
    offNote: 'StorageEncrypted defaults to false: the instance storage, its snapshots and backups are not encrypted',
  },
  'AWS::RDS::DBCluster': {
    switch: 'StorageEncrypted',
    key: 'KmsKeyId',
    defaultKey: 'aws/rds',
    inheritedFrom: ['SnapshotIdentifier', 'SourceDBClusterIdentifier'],
    offNote: 'StorageEncrypted defaults to false: the cluster storage, its snapshots and backups are not encrypted',
  },
  'AWS::DocDB::DBCluster': {
    switch: 'StorageEncrypted',
    key: 'KmsKeyId',
    defaultKey: 'aws/rds',
    inheritedFrom: ['SnapshotIdentifier'],
    offNote: 'StorageEncrypted defaults to false',
  },
  'AWS::Neptune::DBCluster': {
    switch: 'StorageEncrypted',
    key: 'KmsKeyId',
    defaultKey: 'aws/rds',
    inheritedFrom: ['SnapshotIdentifier'],
    offNote: 'StorageEncrypted defaults to false',
  },
  'AWS::EC2::Volume': {
    switch: 'Encrypted',
    key: 'KmsKeyId',
    defaultKey: 'aws/ebs',
    inheritedFrom: ['SnapshotId'],
    offNote: 'Encrypted defaults to false (unless EBS encryption by default is on in the account, which no template shows)',
  },
  'AWS::EFS::FileSystem': {
    switch: 'Encrypted',
    key: 'KmsKeyId',
    defaultKey: 'aws/elasticfilesystem',
    offNote: 'Encrypted defaults to false for file systems created by CloudFormation',
  },
  'AWS::ElastiCache::ReplicationGroup': {
    switch: 'AtRestEncryptionEnabled',
    key: 'KmsKeyId',
    defaultKey: 'the ElastiCache service key',
    inheritedFrom: ['SnapshotArns', 'SnapshotName'],
    offNote: 'AtRestEncryptionEnabled defaults to false',
  },
  'AWS::OpenSearchService::Domain': {
    switch: 'EncryptionAtRestOptions.Enabled',
    key: 'EncryptionAtRestOptions.KmsKeyId',
    defaultKey: 'aws/es',
    offNote: 'EncryptionAtRestOptions.Enabled defaults to false',
  },
  'AWS::Elasticsearch::Domain': {
    switch: 'EncryptionAtRestOptions.Enabled',
    key: 'EncryptionAtRestOptions.KmsKeyId',
    defaultKey: 'aws/es',
    offNote: 'EncryptionAtRestOptions.Enabled defaults to false',
  },
  'AWS::Redshift::Cluster': {
    switch: 'Encrypted',
    key: 'KmsKeyId',
    defaultKey: 'aws/redshift',
    inheritedFrom: ['SnapshotIdentifier'],
    offNote: 'Encrypted defaults to false for clusters created by CloudFormation',
  },
};

/** Services that always encrypt at rest, with the note that says so. */
const ALWAYS_ENCRYPTED: Record<string, { key: string; defaultKey: string; note: string }> = {
  'AWS::Logs::LogGroup': {
    key: 'KmsKeyId',
    defaultKey: 'CloudWatch Logs service-managed keys',
    note: 'CloudWatch Logs always encrypts log data at rest; KmsKeyId adds a customer-managed key',
  },
  'AWS::Cognito::UserPool': {
    key: 'KeyConfiguration.KmsKeyArn',
    defaultKey: 'an AWS-owned KMS key',
    note: 'Amazon Cognito always encrypts user pool data at rest, with an AWS-owned KMS key when KeyConfiguration names none',
  },
  'AWS::SecretsManager::Secret': {
    key: 'KmsKeyId',
    defaultKey: 'AWS-managed key aws/secretsmanager',
    note: 'Secrets Manager always encrypts secrets, with aws/secretsmanager when no KmsKeyId is given',
  },
  'AWS::Backup::BackupVault': {
    key: 'EncryptionKeyArn',
    defaultKey: 'AWS-managed key aws/backup',
    note: 'AWS Backup always encrypts a vault, with aws/backup when no EncryptionKeyArn is given',
  },
  'AWS::FSx::FileSystem': {
    key: 'KmsKeyId',
    defaultKey: 'AWS-managed key aws/fsx',
    note: 'Amazon FSx always encrypts file systems at rest, with aws/fsx when no KmsKeyId is given',
  },
  'AWS::MSK::Cluster': {
    key: 'EncryptionInfo.EncryptionAtRest.DataVolumeKMSKeyId',
    defaultKey: 'AWS-managed key aws/kafka',
    note: 'Amazon MSK always encrypts data at rest, with aws/kafka when no DataVolumeKMSKeyId is given',
  },
  'AWS::ECR::Repository': {
    key: 'EncryptionConfiguration.KmsKey',
    defaultKey: 'SSE-S3 (AES-256), or aws/ecr when EncryptionType is KMS',
    note: 'Amazon ECR always encrypts images at rest: SSE-S3 (AES-256) unless EncryptionConfiguration names KMS',
  },
  'AWS::MemoryDB::Cluster': {
    key: 'KmsKeyId',
    defaultKey: 'a service-managed key',
    note: 'MemoryDB always encrypts data at rest, with a service-managed key when no KmsKeyId is given',
  },
  'AWS::ElastiCache::ServerlessCache': {
    key: 'KmsKeyId',
    defaultKey: 'a service-managed key',
    note: 'ElastiCache Serverless always encrypts data at rest, with a service-managed key when no KmsKeyId is given',
  },
  'AWS::Timestream::Database': {
    key: 'KmsKeyId',
    defaultKey: 'AWS-managed key aws/timestream',
    note: 'Timestream always encrypts data at rest, with aws/timestream when no KmsKeyId is given',
  },
  'AWS::RedshiftServerless::Namespace': {
    key: 'KmsKeyId',
    defaultKey: 'an AWS-owned key',
    note: 'Redshift Serverless always encrypts a namespace, with an AWS-owned key when no KmsKeyId is given',
  },
};

/** Types whose EBS volumes are declared in `BlockDeviceMappings` (under `LaunchTemplateData` for a launch template). */
const BLOCK_DEVICE_OWNERS: Record<string, string> = {
  'AWS::EC2::Instance': 'BlockDeviceMappings',
  'AWS::EC2::LaunchTemplate': 'LaunchTemplateData.BlockDeviceMappings',
};

/** Device names the root volume of an AMI has (Amazon Linux, Ubuntu, Windows and most others). */
const ROOT_DEVICES = ['/dev/xvda', '/dev/sda1', '/dev/sda'];

/** The resource types `atRestOf` can read: every data-holding type the library knows. */
export const DATA_HOLDING_TYPES: ReadonlySet<string> = new Set([
  ...DATA_STORE_TYPES,
  ...Object.keys(SWITCHED),
  ...Object.keys(ALWAYS_ENCRYPTED),
  ...Object.keys(BLOCK_DEVICE_OWNERS),
  'AWS::SNS::Topic',
  'AWS::SQS::Queue',
  'AWS::Kinesis::Stream',
]);

const S3_ALGORITHM = 'Properties.BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault.SSEAlgorithm';

/** The path of the SSE algorithm of a bucket's default encryption. */
export const BUCKET_ALGORITHM_PATH = S3_ALGORITHM;

/** What S3 does for a bucket without a default encryption configuration. */
export const S3_DEFAULT_NOTE = 'no BucketEncryption: since 5 January 2023 S3 encrypts every new object with SSE-S3 (AES-256) by default';

export function unreadable(propertyPath: string, value: unknown, why: string): AtRestView {
  return { propertyPath, encrypted: undefined, key: 'unresolved', found: `${UNREADABLE_ENCRYPTION}: ${show(value)}`, note: why };
}

/** The encryption a key property adds, when the service encrypts anyway. */
function withKey(stacks: StackView[], r: ResourceView, path: string, what: string, defaultKey: string, note?: string): AtRestView {
  const value = dig(r.properties, path.split('.'));
  if (value === undefined) {
    return { propertyPath: `Properties.${path}`, encrypted: true, key: 'aws', found: `${what} with ${defaultKey}`, note };
  }
  const key = keyOf(stacks, r, value);
  return {
    propertyPath: `Properties.${path}`,
    encrypted: key.manager === 'unresolved' ? undefined : true,
    key: key.manager,
    found: key.manager === 'unresolved' ? `${UNREADABLE_ENCRYPTION}: ${key.text}` : `${what} with ${key.text}`,
    note: key.note,
    keyLogicalId: key.keyLogicalId,
  };
}

function bucketAtRest(stacks: StackView[], r: ResourceView): AtRestView {
  if (r.properties.BucketEncryption === undefined) {
    return { propertyPath: S3_ALGORITHM, encrypted: true, key: 'aws', found: 'AES256 (S3 default encryption)', note: S3_DEFAULT_NOTE };
  }
  const rule = listOf<any>(r.properties.BucketEncryption?.ServerSideEncryptionConfiguration)[0]?.ServerSideEncryptionByDefault;
  const algorithm = rule?.SSEAlgorithm;
  if (algorithm === 'AES256') {
    return { propertyPath: S3_ALGORITHM, encrypted: true, key: 'aws', found: 'AES256 (SSE-S3)' };
  }
  if (algorithm === 'aws:kms' || algorithm === 'aws:kms:dsse') {
    if (rule.KMSMasterKeyID === undefined) {
      return { propertyPath: S3_ALGORITHM, encrypted: true, key: 'aws', found: `${algorithm} with AWS-managed key aws/s3` };
    }
    const key = keyOf(stacks, r, rule.KMSMasterKeyID);
    return {
      propertyPath: S3_ALGORITHM,
      encrypted: key.manager === 'unresolved' ? undefined : true,
      key: key.manager,
      found: key.manager === 'unresolved' ? `${UNREADABLE_ENCRYPTION}: ${algorithm} with ${key.text}` : `${algorithm} with ${key.text}`,
      note: key.note,
      keyLogicalId: key.keyLogicalId,
    };
  }
  return unreadable(S3_ALGORITHM, algorithm, 'SSEAlgorithm is not AES256, aws:kms or aws:kms:dsse');
}

function switchedAtRest(stacks: StackView[], r: ResourceView, spec: SwitchSpec): AtRestView {
  const path = `Properties.${spec.switch}`;
  const on = dig(r.properties, spec.switch.split('.'));
  if (isTrue(on)) {
    return withKey(stacks, r, spec.key, `${spec.switch} true`, `AWS-managed key ${spec.defaultKey}`);
  }
  if (on !== undefined && on !== false && on !== 'false') {
    return unreadable(path, on, `${spec.switch} is an intrinsic the template cannot resolve`);
  }
  const source = (spec.inheritedFrom ?? []).find((p) => r.properties[p] !== undefined);
  if (on === undefined && source) {
    return unreadable(path, on, `the encryption is inherited from ${source}, which the template does not show`);
  }
  if (r.type === 'AWS::RDS::DBCluster' && r.properties.EngineMode === 'serverless') {
    return withKey(stacks, r, spec.key, 'Aurora Serverless v1 (always encrypted)', `AWS-managed key ${spec.defaultKey}`);
  }
  return { propertyPath: path, encrypted: false, key: 'aws', found: NO_ENCRYPTION, note: spec.offNote };
}

/**
 * The EBS volumes of an instance or launch template: every `Ebs` mapping must be `Encrypted`, and
 * one must be the root device, since the root volume otherwise comes from the AMI as it is
 * (encrypted only if its snapshot is, or if EBS encryption by default is on in the account, which
 * no template shows). Mappings without `Ebs` (instance store, `NoDevice`) hold no EBS volume.
 */
function blockDevicesAtRest(stacks: StackView[], r: ResourceView, path: string): AtRestView {
  const propertyPath = `Properties.${path}`;
  const mappings = listOf<any>(dig(r.properties, path.split('.')));
  const volumes = mappings.filter((m) => m?.Ebs !== undefined);
  const rootNote = 'the root volume comes from the AMI as it is: encrypted only if its snapshot is, or if EBS encryption by default is on ' +
    `in the account, which no template shows; map the root device (${ROOT_DEVICES.join(', ')}) with Ebs.Encrypted true`;
  if (volumes.length === 0) {
    return { propertyPath, encrypted: false, key: 'aws', found: NO_ENCRYPTION, note: rootNote };
  }
  const plain = volumes.filter((m) => !isTrue(m.Ebs.Encrypted));
  if (plain.length > 0) {
    const inherited = plain.filter((m) => m.Ebs.Encrypted === undefined && m.Ebs.SnapshotId !== undefined);
    return inherited.length === plain.length
      ? unreadable(propertyPath, plain.map((m) => m.DeviceName), 'the encryption of these volumes is inherited from their SnapshotId, which the template does not show')
      : {
        propertyPath,
        encrypted: false,
        key: 'aws',
        found: `${NO_ENCRYPTION}: ${plain.map((m) => show(m.DeviceName)).join(', ')}`,
        note: 'Ebs.Encrypted defaults to false (unless EBS encryption by default is on in the account, which no template shows)',
      };
  }
  const keys = volumes.map((m) => (m.Ebs.KmsKeyId === undefined ? { manager: 'aws' as const, text: 'AWS-managed key aws/ebs' } : keyOf(stacks, r, m.Ebs.KmsKeyId)));
  const weakest = keys.find((k) => k.manager === 'unresolved') ?? keys.find((k) => k.manager === 'aws') ?? keys[0];
  const root = volumes.some((m) => ROOT_DEVICES.includes(m.DeviceName));
  return {
    propertyPath,
    encrypted: weakest.manager === 'unresolved' || !root ? undefined : true,
    key: weakest.manager,
    found: `Ebs.Encrypted true on ${volumes.map((m) => show(m.DeviceName)).join(', ')}, with ${[...new Set(keys.map((k) => k.text))].join(', ')}`,
    note: !root ? `no mapping names a root device: ${rootNote}` : undefined,
  };
}

/**
 * How a resource is encrypted at rest, read from its template properties. Service defaults
 * count only where AWS documents that the service encrypts without being asked (S3, CloudWatch
 * Logs, Secrets Manager, AWS Backup, DynamoDB, SQS), and the view says so in its note.
 *
 * @returns undefined for types it does not know (not data-holding)
 */
export function atRestOf(stacks: StackView[], r: ResourceView): AtRestView | undefined {
  const p = r.properties;
  if (r.type === 'AWS::S3::Bucket') {
    return bucketAtRest(stacks, r);
  }
  if (r.type === 'AWS::RDS::DBInstance' && p.DBClusterIdentifier !== undefined) {
    // An Aurora instance stores nothing of its own: the cluster's storage is encrypted or not.
    const cluster = referenced(stacks, r, p.DBClusterIdentifier);
    if (!cluster) {
      return unreadable('Properties.DBClusterIdentifier', p.DBClusterIdentifier, 'the instance belongs to a cluster outside the template');
    }
    const view = atRestOf(stacks, cluster);
    if (!view) {
      return unreadable('Properties.DBClusterIdentifier', p.DBClusterIdentifier, `the instance belongs to ${cluster.logicalId}, a ${cluster.type}`);
    }
    return { ...view, propertyPath: 'Properties.DBClusterIdentifier', found: `cluster ${cluster.logicalId}: ${view.found}` };
  }
  const switched = SWITCHED[r.type];
  if (switched) {
    return switchedAtRest(stacks, r, switched);
  }
  const devices = BLOCK_DEVICE_OWNERS[r.type];
  if (devices) {
    return blockDevicesAtRest(stacks, r, devices);
  }
  const always = ALWAYS_ENCRYPTED[r.type];
  if (always) {
    return withKey(stacks, r, always.key, 'encrypted', always.defaultKey, dig(p, always.key.split('.')) === undefined ? always.note : undefined);
  }
  switch (r.type) {
    case 'AWS::SNS::Topic':
      if (p.KmsMasterKeyId === undefined) {
        return { propertyPath: 'Properties.KmsMasterKeyId', encrypted: false, key: 'aws', found: NO_ENCRYPTION, note: 'SNS encrypts messages at rest only with KmsMasterKeyId' };
      }
      return withKey(stacks, r, 'KmsMasterKeyId', 'SSE', 'none');
    case 'AWS::SQS::Queue':
      if (p.KmsMasterKeyId !== undefined) {
        return withKey(stacks, r, 'KmsMasterKeyId', 'SSE-KMS', 'none');
      }
      if (p.SqsManagedSseEnabled === false || p.SqsManagedSseEnabled === 'false') {
        return { propertyPath: 'Properties.SqsManagedSseEnabled', encrypted: false, key: 'aws', found: NO_ENCRYPTION, note: 'SqsManagedSseEnabled false and no KmsMasterKeyId' };
      }
      return {
        propertyPath: 'Properties.SqsManagedSseEnabled',
        encrypted: true,
        key: 'aws',
        found: 'SSE-SQS (SQS-owned keys)',
        note: p.SqsManagedSseEnabled === undefined ? 'SQS encrypts new queues with SSE-SQS by default' : undefined,
      };
    case 'AWS::DynamoDB::Table':
    case 'AWS::DynamoDB::GlobalTable': {
      if (!isTrue(p.SSESpecification?.SSEEnabled)) {
        return {
          propertyPath: 'Properties.SSESpecification.SSEEnabled',
          encrypted: true,
          key: 'aws',
          found: 'AWS-owned key',
          note: 'DynamoDB always encrypts tables at rest, with an AWS-owned key unless SSEEnabled names KMS',
        };
      }
      const keyPath = r.type === 'AWS::DynamoDB::Table' ? 'SSESpecification.KMSMasterKeyId' : 'Replicas.0.SSESpecification.KMSMasterKeyId';
      return withKey(stacks, r, keyPath, 'SSE-KMS', 'AWS-managed key aws/dynamodb');
    }
    case 'AWS::Kinesis::Stream':
      if (p.StreamEncryption?.EncryptionType !== 'KMS') {
        return {
          propertyPath: 'Properties.StreamEncryption.EncryptionType',
          encrypted: false,
          key: 'aws',
          found: NO_ENCRYPTION,
          note: 'a stream is encrypted at rest only with StreamEncryption KMS',
        };
      }
      return withKey(stacks, r, 'StreamEncryption.KeyId', 'KMS', 'none');
    default:
      return undefined;
  }
}

/**
 * The buckets of a stack that receive logs AWS delivers only to SSE-S3 (AES256) buckets, with
 * what delivers them: S3 server access logs (`LoggingConfiguration.DestinationBucketName` of
 * another bucket) and Application Load Balancer access and connection logs.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
 */
export function logDeliveryTargets(stack: StackView): Map<string, string> {
  const targets = new Map<string, string>();
  for (const r of stack.resources) {
    if (r.type === 'AWS::S3::Bucket') {
      const id = refTarget(r.properties.LoggingConfiguration?.DestinationBucketName);
      if (id !== undefined) {
        targets.set(id, 'S3 server access logging');
      }
    }
    if (r.type === 'AWS::ElasticLoadBalancingV2::LoadBalancer' && (r.properties.Type ?? 'application') === 'application') {
      for (const attribute of listOf<any>(r.properties.LoadBalancerAttributes)) {
        const id = ['access_logs.s3.bucket', 'connection_logs.s3.bucket'].includes(attribute?.Key) ? refTarget(attribute.Value) : undefined;
        if (id !== undefined) {
          targets.set(id, 'Application Load Balancer logging');
        }
      }
    }
  }
  return targets;
}
