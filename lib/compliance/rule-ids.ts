/**
 * The rule ids of every pack the library runs, grouped by the fact they report.
 *
 * One fact is often reported by several packs under different ids; a construct that
 * accepts the fact on purpose acknowledges the whole group with one reason.
 */
export class ComplianceRules {
  /** The prefix under which the validation report names Control Tower (cfn-guard) rules. */
  public static readonly GUARD_PREFIX = 'cdk-validator-cfnguard::';

  /** The log group keeps its logs less than a year (Control Tower's floor). */
  public static readonly LOG_GROUP_UNDER_A_YEAR: string[] = [
    'cdk-validator-cfnguard::cloudwatch_log_group_retention_period_check',
  ];

  /** The bucket does not write server access logs. */
  public static readonly S3_ACCESS_LOGGING: string[] = [
    'AwsSolutions-S1',
    'HIPAA.Security-S3BucketLoggingEnabled',
    'NIST.800.53.R5-S3BucketLoggingEnabled',
    'PCI.DSS.321-S3BucketLoggingEnabled',
    'cdk-validator-cfnguard::s3_bucket_logging_enabled_check',
  ];

  /** The bucket is not encrypted with a KMS key. */
  public static readonly S3_KMS_ENCRYPTION: string[] = [
    'HIPAA.Security-S3DefaultEncryptionKMS',
    'NIST.800.53.R5-S3DefaultEncryptionKMS',
    'PCI.DSS.321-S3DefaultEncryptionKMS',
    'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check',
  ];

  /** The bucket does not replicate to another bucket. */
  public static readonly S3_REPLICATION: string[] = [
    'HIPAA.Security-S3BucketReplicationEnabled',
    'NIST.800.53.R5-S3BucketReplicationEnabled',
    'PCI.DSS.321-S3BucketReplicationEnabled',
  ];

  /** The bucket is not versioned (and so has no versioned lifecycle). */
  public static readonly S3_VERSIONING: string[] = [
    'HIPAA.Security-S3BucketVersioningEnabled',
    'NIST.800.53.R5-S3BucketVersioningEnabled',
    'PCI.DSS.321-S3BucketVersioningEnabled',
    'cdk-validator-cfnguard::s3_version_lifecycle_policy_check',
  ];

  /** The bucket has no S3 Object Lock. */
  public static readonly S3_OBJECT_LOCK: string[] = [
    'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check',
  ];

  /** The bucket sends no event notifications. */
  public static readonly S3_EVENT_NOTIFICATIONS: string[] = [
    'cdk-validator-cfnguard::s3_event_notifications_enabled_check',
  ];

  /** The database runs in a single availability zone. */
  public static readonly RDS_MULTI_AZ: string[] = [
    'AwsSolutions-RDS3',
    'HIPAA.Security-RDSMultiAZSupport',
    'NIST.800.53.R5-RDSMultiAZSupport',
    'cdk-validator-cfnguard::rds_instance_multi_az_support_check',
  ];

  /**
   * The id under which AwsSolutions-IAM4 reports one AWS-managed policy attached to a role.
   *
   * @param policyName the policy name with its path (`service-role/AmazonRDSEnhancedMonitoringRole`)
   */
  public static awsManagedPolicy(policyName: string): string {
    return `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${policyName}]`;
  }

  private constructor() {}
}
