/**
 * The one list of CloudFormation types that hold data and must carry a data-class tag (claims
 * S1-01, S3-02, S3-06; the Art. 30 register of S1-14, S3-01 lists every one). A resource of such a
 * type without a declared class fails the synth-time check and makes those claims VIOLATED, with
 * the resource named: a store the evidence does not recognise is never skipped.
 *
 * Besides buckets, databases, tables, volumes, file systems and vaults, it holds the stores
 * that keep personal data less visibly: Cognito user pools (the users' e-mail addresses), log
 * groups (application events), and the document, graph, warehouse, search and cache services.
 * The library's constructs tag what they create (SecureUserPool, ApplicationLogGroup, the log
 * groups of the audit trail, firewall, network, VPN, SFTP server and Lambda functions).
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
  'AWS::Cognito::UserPool',
  'AWS::Logs::LogGroup',
  'AWS::DocDB::DBCluster',
  'AWS::Neptune::DBCluster',
  'AWS::Redshift::Cluster',
  'AWS::RedshiftServerless::Namespace',
  'AWS::OpenSearchService::Domain',
  'AWS::Elasticsearch::Domain',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::MemoryDB::Cluster',
  'AWS::FSx::FileSystem',
  'AWS::Timestream::Database',
]);

/**
 * The data stores the synth-time check (`DataProtection-DataClassTag`) does not refuse untagged:
 * log groups, which aws-cdk-lib and other libraries create by the dozen (a trail's, a
 * function's). The evidence still names every untagged one VIOLATED (S1-01, S3-02, S3-06).
 */
export const EVIDENCE_ONLY_STORE_TYPES: ReadonlySet<string> = new Set(['AWS::Logs::LogGroup']);

/**
 * The data stores whose service cannot encrypt with a customer-managed key the library sets, so
 * a `KMS` policy does not demand one of them (S2-03, S4-07): the found value and note say which
 * key encrypts them. Cognito user pools encrypt with an AWS-owned KMS key unless KeyConfiguration
 * names one, which SecureUserPool does not set.
 */
export const AWS_KEYED_STORE_TYPES: ReadonlySet<string> = new Set(['AWS::Cognito::UserPool']);

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
