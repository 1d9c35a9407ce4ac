/**
 * CloudFormation types that hold data and must carry a data-class tag (claims S1-01, S3-02).
 *
 * Dependency-free: the synth-time policy checks and the evidence report (which reads only
 * JSON and must not load aws-cdk-lib) share it.
 */
export const DATA_STORE_TYPES: ReadonlySet<string> = new Set([
  'AWS::S3::Bucket',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
  'AWS::EC2::Volume',
  'AWS::EFS::FileSystem',
  'AWS::Backup::BackupVault',
]);

/** The tag that names the data class of a data store (`DataClass.TAG_KEY`). */
export const DATA_CLASS_TAG = 'data-class';

/** The object tag that marks data of an ended customer relationship (SecureBucket `expireEndedObjectsAfter`, claim S3-05). */
export const ENDED_TAG = { key: 'data-lifecycle', value: 'ended' };

/**
 * The key prefix the data of ended relationships is moved under (claim S3-05): a lifecycle rule
 * expires it, counting from the move, since a copy is a new object for S3.
 */
export const ENDED_PREFIX = 'ended/';

/** The object actions of a move under `ended/` (SecureBucket's mover; the verifier of S3-05 checks them). */
export const MOVER_OBJECT_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging', 's3:GetObjectVersionTagging',
  's3:PutObject', 's3:PutObjectTagging', 's3:DeleteObject'];

/**
 * The tag that names the tenant of a tenant's IAM role and KMS key (TenantFleet, claim S2-05); the
 * bucket policy's ABAC deny reads it as `aws:PrincipalTag/tenant-id`.
 */
export const TENANT_TAG = 'tenant-id';

/** The key prefix under which a tenant's objects are stored (`tenants/<id>/`). */
export const TENANT_PREFIX_ROOT = 'tenants/';
