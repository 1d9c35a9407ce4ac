/**
 * The read-only actions of the `EvidenceReaderRole`, one by one: what `cdk-data-protection observe`
 * may call to read the operating facts of each promise from the live account. The observer should
 * call nothing else (a test compares its calls with this list).
 *
 * Every action is metadata: a configuration, a status, a job list. None reads customer data (no
 * `s3:GetObject`, no DynamoDB item reads, no log events, no secret values, no `kms:Decrypt`), and
 * none is a wildcard. Each exists in the Service Authorization Reference.
 *
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
export const EVIDENCE_READER_ACTIONS: readonly string[] = Object.freeze([
  // The stacks: deployed, from the same template, not drifted (drift detection is started and read).
  'cloudformation:DescribeStacks',
  'cloudformation:GetTemplate',
  'cloudformation:DetectStackDrift',
  'cloudformation:DescribeStackDriftDetectionStatus',
  'cloudformation:DescribeStackResourceDrifts',
  'cloudformation:ListStackResources',
  // Backups, copies and restore tests.
  'backup:ListBackupJobs',
  'backup:ListCopyJobs',
  'backup:ListRestoreJobs',
  'backup:ListRestoreTestingPlans',
  'backup:ListProtectedResources',
  'backup:GetBackupPlan',
  'backup:ListBackupPlans',
  'backup:DescribeBackupVault',
  // Delivery of alerts.
  'sns:ListSubscriptionsByTopic',
  'sns:GetTopicAttributes',
  'events:DescribeRule',
  // Detection.
  'guardduty:ListDetectors',
  'guardduty:GetDetector',
  'securityhub:GetEnabledStandards',
  'securityhub:DescribeHub',
  'config:DescribeConfigurationRecorderStatus',
  'config:DescribeConfigurationRecorders',
  'inspector2:BatchGetAccountStatus',
  'cloudtrail:GetTrailStatus',
  'cloudtrail:DescribeTrails',
  'cloudtrail:GetTrail',
  'cloudtrail:GetEventSelectors',
  // Retention and encryption of the data stores (their settings, never their content).
  'logs:DescribeLogGroups',
  's3:GetEncryptionConfiguration',
  's3:GetBucketVersioning',
  's3:GetLifecycleConfiguration',
  's3:GetBucketPolicy',
  's3:GetBucketPublicAccessBlock',
  'rds:DescribeDBInstances',
  'rds:DescribeDBClusters',
  'kms:DescribeKey',
  'kms:GetKeyRotationStatus',
  // Who is observing.
  'sts:GetCallerIdentity',
]);

/**
 * Actions that read customer data or secrets, which the reader must never hold (checked at synthesis
 * against every action the role is given, and by the tests against the template).
 */
export const DATA_PLANE_READ_ACTIONS: readonly string[] = Object.freeze([
  's3:GetObject',
  's3:GetObjectVersion',
  's3:GetObjectAttributes',
  's3:GetObjectTorrent',
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Scan',
  'dynamodb:Query',
  'dynamodb:GetRecords',
  'logs:GetLogEvents',
  'logs:FilterLogEvents',
  'logs:StartQuery',
  'logs:GetQueryResults',
  'logs:StartLiveTail',
  'secretsmanager:GetSecretValue',
  'secretsmanager:BatchGetSecretValue',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'kms:Decrypt',
  'kms:GenerateDataKey',
  'rds-data:ExecuteStatement',
  'rds-db:connect',
  'sqs:ReceiveMessage',
  'kinesis:GetRecords',
]);
