import { AssemblyView, RegisterEntry, ResourceView, StackView } from './model';
import { dig, isTrue, listOf, numberOf, referenced, refTarget, show } from './query';
import { DATA_CLASS_TAG, DATA_STORE_TYPES, ENDED_TAG } from '../private/data-store-types';

/**
 * The register of processing activities (GDPR Art. 30, claims S3-01, S1-14) and what it and the
 * data verifiers read about each data store: its data class, how it is encrypted at rest, how
 * long it keeps data and whether a backup selection covers it. Everything is read from the
 * synthesized templates; nothing here loads aws-cdk-lib.
 */


/** The tag that states why a data store exists, when its owner sets one. */
export const PURPOSE_TAG = 'purpose';

export { DATA_CLASS_TAG, ENDED_TAG };

/** What `RegisterEntry.encryption` says of a store the templates show no encryption for. */
export const NO_ENCRYPTION = 'none found';

/** What `RegisterEntry.encryption` starts with when the templates cannot say. */
export const UNREADABLE_ENCRYPTION = 'unreadable';

/** The region of a stack without one (`RegisterEntry.region`). */
export const NO_REGION = '(environment-agnostic)';

/** The pseudo parameters an ARN built with `Fn::Join` may hold; they do not change what the ARN names. */
const PSEUDO_PARAMETERS = new Set(['AWS::AccountId', 'AWS::Partition', 'AWS::Region', 'AWS::URLSuffix', 'AWS::StackName', 'AWS::StackId']);

/**
 * A template value as literal text: a string, or an `Fn::Join` of strings and pseudo parameters
 * (rendered `${AWS::AccountId}`). Undefined for anything else (`Ref` to a parameter, `Fn::If`, ...).
 */
export function literalText(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  const join = (value as any)?.['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const parts = join[1].map((p: any) => (typeof p === 'string' ? p : PSEUDO_PARAMETERS.has(p?.Ref) ? `\${${p.Ref}}` : undefined));
    return parts.every((p: string | undefined) => p !== undefined) ? parts.join(join[0]) : undefined;
  }
  return undefined;
}

/** A tag of a resource: its value (a literal, or the intrinsic as compact JSON) and where tags sit. */
export interface TagView {
  readonly value?: string;
  /** Where the resource keeps its tags: `Properties.Tags`, `Properties.BackupVaultTags`, ... */
  readonly propertyPath: string;
  /** Whether the value is an intrinsic the template cannot resolve. */
  readonly unresolved?: boolean;
}

/** The tag `key` from a list of `{ Key, Value }` or a map. */
function tagIn(tags: unknown, key: string): { value?: string; unresolved?: boolean } {
  let value: unknown;
  if (Array.isArray(tags)) {
    value = tags.find((t: any) => t?.Key === key)?.Value;
  } else if (tags && typeof tags === 'object') {
    value = (tags as Record<string, unknown>)[key];
  }
  if (value === undefined) {
    return {};
  }
  return typeof value === 'string' ? { value } : { value: show(value), unresolved: true };
}

/**
 * A tag of a resource, wherever its type keeps tags: `Tags` (a list or a map),
 * `BackupVaultTags` (Backup vaults), `FileSystemTags` (EFS) or the tags of every replica
 * (DynamoDB global tables, which have no resource tags; replicas that disagree give `a|b`).
 */
export function tagOfResource(resource: ResourceView, key: string): TagView {
  switch (resource.type) {
    case 'AWS::Backup::BackupVault':
      return { ...tagIn(resource.properties.BackupVaultTags, key), propertyPath: 'Properties.BackupVaultTags' };
    case 'AWS::EFS::FileSystem':
      return { ...tagIn(resource.properties.FileSystemTags, key), propertyPath: 'Properties.FileSystemTags' };
    case 'AWS::Cognito::UserPool':
      return { ...tagIn(resource.properties.UserPoolTags, key), propertyPath: 'Properties.UserPoolTags' };
    case 'AWS::DynamoDB::GlobalTable': {
      const values = listOf<any>(resource.properties.Replicas).map((r) => tagIn(r?.Tags, key));
      const propertyPath = 'Properties.Replicas.*.Tags';
      if (values.length === 0 || values.some((v) => v.value === undefined)) {
        return { propertyPath };
      }
      const distinct = [...new Set(values.map((v) => v.value!))];
      return { value: distinct.join('|'), propertyPath, unresolved: values.some((v) => v.unresolved) || undefined };
    }
    default:
      return { ...tagIn(resource.properties.Tags, key), propertyPath: 'Properties.Tags' };
  }
}

/** The data-class tag of a resource. */
export function dataClassOf(resource: ResourceView): TagView {
  return tagOfResource(resource, DATA_CLASS_TAG);
}

/** The class of `name` in the policy record of the resource's stack, if declared. */
export function declaredClass(stack: StackView | undefined, name: string | undefined) {
  return name === undefined ? undefined : stack?.policy?.dataClasses.find((c) => c.name === name);
}

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

function unreadable(propertyPath: string, value: unknown, why: string): AtRestView {
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

// ---------------------------------------------------------------------------------------------
// Lifecycle rules
// ---------------------------------------------------------------------------------------------

/** One lifecycle rule of a bucket, as the verifiers read it. */
export interface LifecycleRuleView {
  readonly index: number;
  readonly id?: string;
  readonly enabled: boolean;
  readonly prefix?: string;
  readonly tagFilters: Array<{ Key: string; Value: string }>;
  /** Whether the rule covers part of the bucket only (a prefix, tags or an object size). */
  readonly filtered: boolean;
  readonly expirationDays?: number;
  readonly expirationDate?: string;
  readonly noncurrentDays?: number;
  /** Where the rule sits: `Properties.LifecycleConfiguration.Rules.2`. */
  readonly propertyPath: string;
  readonly rule: Record<string, any>;
}

/** The lifecycle rules of a bucket. */
export function lifecycleRules(bucket: ResourceView): LifecycleRuleView[] {
  return listOf<any>(bucket.properties.LifecycleConfiguration?.Rules).map((rule, index) => {
    const prefix = typeof rule?.Prefix === 'string' && rule.Prefix !== '' ? rule.Prefix : undefined;
    const tagFilters = listOf<any>(rule?.TagFilters);
    return {
      index,
      id: typeof rule?.Id === 'string' ? rule.Id : undefined,
      enabled: rule?.Status === 'Enabled',
      prefix,
      tagFilters,
      filtered: prefix !== undefined || tagFilters.length > 0 || rule?.ObjectSizeGreaterThan !== undefined || rule?.ObjectSizeLessThan !== undefined,
      expirationDays: numberOf(rule?.ExpirationInDays),
      expirationDate: typeof rule?.ExpirationDate === 'string' ? rule.ExpirationDate : undefined,
      noncurrentDays: numberOf(rule?.NoncurrentVersionExpiration?.NoncurrentDays) ?? numberOf(rule?.NoncurrentVersionExpirationInDays),
      propertyPath: `Properties.LifecycleConfiguration.Rules.${index}`,
      rule: rule ?? {},
    };
  });
}

/** Whether a bucket keeps old versions (versioning on, or suspended after it was on). */
export function isVersioned(bucket: ResourceView): boolean {
  return ['Enabled', 'Suspended'].includes(bucket.properties.VersioningConfiguration?.Status);
}

/**
 * Whether the versions a rule's expiry makes noncurrent are deleted too: always in an
 * unversioned bucket; in a versioned one, only when the rule itself or an enabled rule of
 * the whole bucket expires noncurrent versions (expiring a current version only adds a delete marker).
 */
export function noncurrentDeleted(bucket: ResourceView, rule: LifecycleRuleView): boolean {
  return !isVersioned(bucket) || rule.noncurrentDays !== undefined
    || lifecycleRules(bucket).some((r) => r.enabled && !r.filtered && r.noncurrentDays !== undefined);
}

/** Which objects a rule covers, in words. */
export function scopeOf(rule: LifecycleRuleView): string {
  const parts = [
    rule.prefix !== undefined ? `under ${rule.prefix}` : undefined,
    rule.tagFilters.length > 0 ? `tagged ${rule.tagFilters.map((t) => `${show(t.Key)}=${show(t.Value)}`).join(', ')}` : undefined,
    rule.rule.ObjectSizeGreaterThan !== undefined ? `larger than ${show(rule.rule.ObjectSizeGreaterThan)} bytes` : undefined,
    rule.rule.ObjectSizeLessThan !== undefined ? `smaller than ${show(rule.rule.ObjectSizeLessThan)} bytes` : undefined,
  ].filter((x) => x !== undefined);
  return parts.length > 0 ? `objects ${parts.join(' and ')}` : 'objects';
}

/** `1 day`, `14 days`. */
export function daysText(days: number | string): string {
  return `${days} ${String(days) === '1' ? 'day' : 'days'}`;
}

/** What an enabled rule deletes, in words (empty when it deletes no data). */
export function deletionsOf(rule: LifecycleRuleView): string[] {
  const scope = scopeOf(rule);
  const oldVersions = rule.noncurrentDays === undefined ? '' : ` (their old versions ${daysText(rule.noncurrentDays)} after that)`;
  const words: string[] = [];
  if (rule.expirationDays !== undefined) {
    words.push(`${scope} expire after ${daysText(rule.expirationDays)}${rule.filtered ? oldVersions : ''}`);
  }
  if (rule.expirationDate !== undefined) {
    words.push(`${scope} expire on ${rule.expirationDate}${rule.filtered ? oldVersions : ''}`);
  }
  const expires = rule.expirationDays !== undefined || rule.expirationDate !== undefined;
  if (rule.noncurrentDays !== undefined && (!rule.filtered || !expires)) {
    words.push(rule.filtered
      ? `deleted or overwritten versions of ${scope} are purged after ${daysText(rule.noncurrentDays)}`
      : `deleted or overwritten versions are purged after ${daysText(rule.noncurrentDays)}`);
  }
  return words;
}

/** How long a bucket keeps data, in words, from its enabled lifecycle rules. */
export function bucketRetention(bucket: ResourceView): string {
  const rules = lifecycleRules(bucket).filter((r) => r.enabled);
  // Object expiries first, then how long deleted data lingers.
  const words = [...rules.filter((r) => r.filtered), ...rules.filter((r) => !r.filtered)].flatMap(deletionsOf)
    .sort((a, b) => Number(a.startsWith('deleted')) - Number(b.startsWith('deleted')));
  if (!rules.some((r) => !r.filtered && (r.expirationDays !== undefined || r.expirationDate !== undefined))) {
    const kept = words.some((w) => !w.startsWith('deleted')) ? 'other objects are kept until deleted' : 'objects are kept until deleted';
    words.splice(words.filter((w) => !w.startsWith('deleted')).length, 0, kept);
  }
  return words.join('; ');
}

/** The Object Lock default retention of a bucket, in days, and how the template states it. */
export function objectLockOf(bucket: ResourceView): { days?: number; mode?: string; text: string; unresolved?: boolean } {
  const p = bucket.properties;
  const retention = p.ObjectLockConfiguration?.Rule?.DefaultRetention;
  if (!isTrue(p.ObjectLockEnabled) && p.ObjectLockConfiguration?.ObjectLockEnabled !== 'Enabled') {
    return { text: 'no Object Lock' };
  }
  if (retention === undefined) {
    return { text: 'Object Lock without a default retention' };
  }
  const days = numberOf(retention.Days);
  const years = numberOf(retention.Years);
  if (days === undefined && years === undefined) {
    return { text: show(retention), unresolved: true };
  }
  // S3 counts an Object Lock year as 365 days.
  const total = days ?? years! * 365;
  return { days: total, mode: show(retention.Mode), text: `${show(retention.Mode)} ${total} days` };
}

// ---------------------------------------------------------------------------------------------
// Backups
// ---------------------------------------------------------------------------------------------

/** The resource types AWS Backup protects, so a tag selection can cover them. */
const BACKUP_SUPPORTED = new Set([
  'AWS::S3::Bucket', 'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable',
  'AWS::EFS::FileSystem', 'AWS::EC2::Volume', 'AWS::DocDB::DBCluster', 'AWS::Neptune::DBCluster',
]);

/** Whether the resource's tags meet a selection's `Conditions` (all of them). */
function conditionsMet(resource: ResourceView, conditions: Record<string, any> | undefined): boolean {
  const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return Object.entries(conditions ?? {}).every(([operator, list]) => listOf<any>(list).every((c) => {
    const key = String(c?.ConditionKey ?? '').replace(/^aws:ResourceTag\//, '');
    const value = tagOfResource(resource, key).value;
    const wanted = String(c?.ConditionValue ?? '');
    switch (operator) {
      case 'StringEquals': return value === wanted;
      case 'StringNotEquals': return value !== wanted;
      case 'StringLike': return value !== undefined && glob(wanted).test(value);
      case 'StringNotLike': return value === undefined || !glob(wanted).test(value);
      default: return false;
    }
  }));
}

/** A backup plan rule, in words: `Daily (cron(0 5 * * ? *)) kept 14 days, copied to us-east-2, us-west-2`. */
function planRuleWords(rule: any): string {
  const days = rule?.Lifecycle?.DeleteAfterDays;
  const copies = listOf<any>(rule?.CopyActions).map((c) => vaultArnParts(c?.DestinationBackupVaultArn)?.region ?? 'another vault');
  return `${show(rule?.RuleName)} (${show(rule?.ScheduleExpression)}) kept ${days === undefined ? 'until deleted' : daysText(show(days))}` +
    (copies.length > 0 ? `, copied to ${copies.join(', ')}` : '');
}

/** The region and name of a backup vault ARN (`arn:aws:backup:us-east-2:${AWS::AccountId}:backup-vault:name`). */
function vaultArnParts(value: unknown): { region: string; name: string } | undefined {
  const arn = literalText(value);
  // The partition and account may be pseudo parameters (`${AWS::AccountId}`), whose names hold colons.
  const part = '(?:\\$\\{[^}]*\\}|[^:]*)';
  const match = arn === undefined ? null : new RegExp(`^arn:${part}:backup:([^:]+):${part}:backup-vault:(.+)$`).exec(arn);
  return match ? { region: match[1], name: match[2] } : undefined;
}

/** Whether two stacks share a region (tag selections cover the stores of the account and region). */
function sameRegion(a: StackView, b: StackView): boolean {
  return a.region === b.region && (a.account === undefined || b.account === undefined || a.account === b.account);
}

/** Whether a vault holds off-site copies: its stack is an off-site backup stack, or plans of other stacks copy into it. */
function isOffsiteVault(assembly: AssemblyView, stack: StackView, vault: ResourceView): boolean {
  return stack.policy?.role === 'offsite-backup' || copiesInto(assembly, stack, vault).some((c) => c.stack !== stack.id);
}

/**
 * The backup selections that cover a data store, in words: selections of its own stack that
 * list it by ARN, and tag selections of any stack in its region whose tags it meets.
 */
export function backupsOf(assembly: AssemblyView, stack: StackView, resource: ResourceView): string {
  if (resource.type === 'AWS::Backup::BackupVault') {
    return isOffsiteVault(assembly, stack, resource) ? 'holds off-site copies of recovery points' : 'holds recovery points: it is the backup store';
  }
  // Selections by plan (keyed by stack and plan), so that each plan's rules are stated once.
  const plans = new Map<string, { name: string; rules: string; selections: string[] }>();
  if (BACKUP_SUPPORTED.has(resource.type)) {
    for (const s of assembly.stacks.filter((x) => x.id === stack.id || sameRegion(x, stack))) {
      for (const selection of s.resources.filter((r) => r.type === 'AWS::Backup::BackupSelection')) {
        const sel = selection.properties.BackupSelection ?? {};
        const resources = listOf<any>(sel.Resources);
        const listed = s.id === stack.id && resources.some((v) => refTarget(v) === resource.logicalId);
        const excluded = s.id === stack.id && listOf<any>(sel.NotResources).some((v) => refTarget(v) === resource.logicalId);
        const byTag = listOf<any>(sel.ListOfTags).some((t) => t?.ConditionType === 'STRINGEQUALS'
          && tagOfResource(resource, String(t.ConditionKey)).value === t.ConditionValue);
        const how = listed ? 'by ARN' : resources.includes('*') ? 'as one of all resources' : byTag ? 'by its tags' : undefined;
        if (how === undefined || excluded || !conditionsMet(resource, sel.Conditions)) {
          continue;
        }
        const plan = referenced(assembly.stacks, selection, selection.properties.BackupPlanId);
        const key = `${s.id}\u0000${plan?.logicalId ?? show(selection.properties.BackupPlanId)}`;
        const entry = plans.get(key) ?? {
          name: plan ? show(plan.properties.BackupPlan?.BackupPlanName ?? plan.logicalId) : show(selection.properties.BackupPlanId),
          rules: plan ? listOf<any>(plan.properties.BackupPlan?.BackupPlanRule).map(planRuleWords).join('; ') : 'rules unknown',
          selections: [],
        };
        entry.selections.push(`${show(sel.SelectionName)} ${how}`);
        plans.set(key, entry);
      }
    }
  }
  const words = [...plans.values()].map((p) => `backed up by plan ${p.name} (selected ${p.selections.join(', ')}): ${p.rules}`);
  const rdsDays = ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'].includes(resource.type) && resource.properties.DBClusterIdentifier === undefined
    ? resource.properties.BackupRetentionPeriod ?? 1 : undefined;
  if (rdsDays !== undefined) {
    words.push(numberOf(rdsDays) === 0 ? 'RDS automated backups off' : `RDS automated backups kept ${show(rdsDays)} days`);
  }
  if (words.length > 0) {
    return words.join('; ');
  }
  return BACKUP_SUPPORTED.has(resource.type) ? 'no backup selection covers it' : `not backed up (${resource.type} is not an AWS Backup resource type)`;
}

/** The copy actions of backup plans, in any stack, whose destination is `vault`. */
function copiesInto(assembly: AssemblyView, stack: StackView, vault: ResourceView): Array<{ stack: string; rule: any; copy: any }> {
  const name = literalText(vault.properties.BackupVaultName);
  return assembly.stacks.flatMap((s) => s.resources.filter((r) => r.type === 'AWS::Backup::BackupPlan')
    .flatMap((plan) => listOf<any>(plan.properties.BackupPlan?.BackupPlanRule).flatMap((rule) => listOf<any>(rule?.CopyActions)
      .filter((copy) => {
        const target = vaultArnParts(copy?.DestinationBackupVaultArn);
        return (target !== undefined && name !== undefined && target.name === name && target.region === stack.region)
          || (s.id === stack.id && refTarget(copy?.DestinationBackupVaultArn) === vault.logicalId);
      })
      .map((copy) => ({ stack: s.id, rule, copy })))));
}

/** How long a backup vault keeps recovery points: the rules that write to it or copy into it, and its lock. */
function vaultRetention(assembly: AssemblyView, stack: StackView, vault: ResourceView): string {
  const words: string[] = stack.resources.filter((r) => r.type === 'AWS::Backup::BackupPlan')
    .flatMap((plan) => listOf<any>(plan.properties.BackupPlan?.BackupPlanRule))
    .filter((rule) => refTarget(rule?.TargetBackupVault) === vault.logicalId)
    .map((rule) => `recovery points of rule ${planRuleWords(rule)}`);
  for (const { stack: from, rule, copy } of copiesInto(assembly, stack, vault)) {
    const days = copy?.Lifecycle?.DeleteAfterDays;
    words.push(`copies made by rule ${show(rule?.RuleName)} of ${from}, kept ${days === undefined ? 'until deleted' : daysText(show(days))}`);
  }
  const lock = vault.properties.LockConfiguration;
  if (lock) {
    words.push(`vault lock allows ${show(lock.MinRetentionDays ?? 0)}-${show(lock.MaxRetentionDays ?? 'unlimited')} days`);
  }
  return words.length > 0 ? words.join('; ') : 'recovery points kept as the plans that write to it say (none in the templates)';
}

/** How long a data store keeps data, in words. */
function retentionOf(assembly: AssemblyView, stack: StackView, r: ResourceView): string {
  switch (r.type) {
    case 'AWS::S3::Bucket':
      return bucketRetention(r);
    case 'AWS::Backup::BackupVault':
      return vaultRetention(assembly, stack, r);
    case 'AWS::Logs::LogGroup':
      return r.properties.RetentionInDays === undefined ? 'kept forever (no RetentionInDays)' : `kept ${show(r.properties.RetentionInDays)} days`;
    case 'AWS::DynamoDB::Table':
    case 'AWS::DynamoDB::GlobalTable': {
      const ttl = r.properties.TimeToLiveSpecification;
      return isTrue(ttl?.Enabled) ? `items expire by their ${show(ttl.AttributeName)} attribute (TTL); others are kept until deleted` : 'kept until deleted';
    }
    case 'AWS::RDS::DBInstance':
    case 'AWS::RDS::DBCluster':
      return r.properties.DBClusterIdentifier === undefined
        ? `kept until deleted; automated backups kept ${show(r.properties.BackupRetentionPeriod ?? 1)} days`
        : 'kept by its cluster';
    default:
      return 'kept until deleted';
  }
}

// ---------------------------------------------------------------------------------------------
// The register
// ---------------------------------------------------------------------------------------------

/** The AWS service that stores data of each type, as a processor names it. */
const SERVICES: Record<string, string> = {
  'AWS::S3::Bucket': 'Amazon S3',
  'AWS::RDS::DBInstance': 'Amazon RDS',
  'AWS::RDS::DBCluster': 'Amazon RDS',
  'AWS::DynamoDB::Table': 'Amazon DynamoDB',
  'AWS::DynamoDB::GlobalTable': 'Amazon DynamoDB',
  'AWS::EC2::Volume': 'Amazon EBS',
  'AWS::EFS::FileSystem': 'Amazon EFS',
  'AWS::Backup::BackupVault': 'AWS Backup',
  'AWS::Logs::LogGroup': 'Amazon CloudWatch Logs',
  'AWS::SNS::Topic': 'Amazon SNS',
  'AWS::SQS::Queue': 'Amazon SQS',
  'AWS::SecretsManager::Secret': 'AWS Secrets Manager',
  'AWS::Kinesis::Stream': 'Amazon Kinesis Data Streams',
  'AWS::DocDB::DBCluster': 'Amazon DocumentDB',
  'AWS::Neptune::DBCluster': 'Amazon Neptune',
  'AWS::ElastiCache::ReplicationGroup': 'Amazon ElastiCache',
  'AWS::OpenSearchService::Domain': 'Amazon OpenSearch Service',
  'AWS::Elasticsearch::Domain': 'Amazon OpenSearch Service',
  'AWS::Redshift::Cluster': 'Amazon Redshift',
  'AWS::RedshiftServerless::Namespace': 'Amazon Redshift Serverless',
  'AWS::Cognito::UserPool': 'Amazon Cognito',
};

/** What a store of each type is, for a purpose derived from the class label. */
const KINDS: Record<string, string> = {
  'AWS::S3::Bucket': 'object storage',
  'AWS::RDS::DBInstance': 'a relational database',
  'AWS::RDS::DBCluster': 'a relational database',
  'AWS::DynamoDB::Table': 'a key-value table',
  'AWS::DynamoDB::GlobalTable': 'a key-value table',
  'AWS::EC2::Volume': 'a block volume',
  'AWS::EFS::FileSystem': 'a file system',
  'AWS::Logs::LogGroup': 'logs',
  'AWS::Cognito::UserPool': 'a user directory',
};

/** Whether a resource belongs in the register: every data store, and any data-holding resource tagged with a data class. */
export function inRegister(r: ResourceView): boolean {
  return DATA_STORE_TYPES.has(r.type) || (DATA_HOLDING_TYPES.has(r.type) && dataClassOf(r).value !== undefined);
}

function purposeOf(assembly: AssemblyView, stack: StackView, r: ResourceView, label: string | undefined): string | undefined {
  const tagged = tagOfResource(r, PURPOSE_TAG).value;
  if (tagged !== undefined) {
    return tagged;
  }
  if (r.type === 'AWS::Backup::BackupVault') {
    return isOffsiteVault(assembly, stack, r)
      ? `Off-site copies of the service's backups, in ${stack.region ?? 'another region'}: the vault holds backup copies of every data store the plans protect`
      : 'Backup recovery points of the service\'s data stores';
  }
  return label === undefined ? undefined : `${label} in ${KINDS[r.type] ?? SERVICES[r.type] ?? r.type}`;
}

/** The register entry of one data store. */
export function registerEntry(assembly: AssemblyView, stack: StackView, r: ResourceView): RegisterEntry {
  const dataClass = dataClassOf(r).value;
  const declared = declaredClass(stack, dataClass);
  const atRest = atRestOf(assembly.stacks, r);
  const backups = backupsOf(assembly, stack, r);
  const service = SERVICES[r.type] ?? r.type.split('::')[1];
  const processors = [`Amazon Web Services (${service})`];
  if (backups.startsWith('backed up') && service !== 'AWS Backup') {
    processors.push('Amazon Web Services (AWS Backup)');
  }
  if (atRest?.encrypted && (atRest.key === 'customer' || atRest.found.includes('AWS-managed key'))) {
    processors.push('Amazon Web Services (AWS Key Management Service)');
  }
  return {
    stack: stack.id,
    logicalId: r.logicalId,
    constructPath: r.constructPath,
    type: r.type,
    dataClass,
    label: declared?.label,
    protectionLevel: declared?.protectionLevel,
    personalData: declared?.personalData,
    purpose: purposeOf(assembly, stack, r, declared?.label),
    retention: retentionOf(assembly, stack, r),
    region: stack.region ?? NO_REGION,
    encryption: atRest === undefined || atRest.encrypted === false ? NO_ENCRYPTION : atRest.found,
    backups,
    processors,
  };
}

/**
 * The register of processing activities (GDPR Art. 30), from the data-class tags: one entry per
 * data store (`DATA_STORE_TYPES`, and every other data-holding resource tagged with a data
 * class, such as a database's log groups) of every stack with a policy record, the off-site
 * vault stacks included (their vaults hold backup copies). Each entry names the class and its
 * protection from the stack's policy record, the purpose (the `purpose` tag, or derived from
 * the class), the retention, the region, the encryption at rest, the backups and the AWS
 * services that process the data.
 */
export function buildRegister(assembly: AssemblyView): RegisterEntry[] {
  return assembly.stacks
    .filter((s) => s.policy !== undefined)
    .flatMap((s) => s.resources.filter(inRegister).map((r) => registerEntry(assembly, s, r)));
}
