import { Duration, Lazy, Names, Stack, Token } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { CisAlarms } from './cis-alarms';
import { DataClass } from '../policy/data-class';
import { DataProtectionPolicy } from '../policy/data-protection-policy';
import { DataProtectionError } from '../private/errors';
import { secureKey } from '../private/kms-defaults';
import { auditBucketRetention, encryptedLogGroup } from '../private/logs-defaults';
import { PROPS } from '../private/props-specs';
import { validatePropsShape } from '../private/props-validation';
import { secureTopic } from '../private/sns-defaults';
import { LogScope, markLogScope } from '../promises/log-retention';
import { SecureBucket } from '../storage/secure-bucket';

/** CloudTrail accepts at most 5 event selectors, each with at most 250 data resources. */
const MAX_SELECTORS = 5;
const MAX_DATA_RESOURCES = 250;

/**
 * Properties of an `AuditTrail`. Every property has a default taken from the `DataProtectionPolicy`.
 */
export interface AuditTrailProps {
  /**
   * The trail name: 3-128 letters, digits, `.`, `_` or `-`, starting and ending with a letter or digit.
   *
   * @default - derived from the construct path
   */
  readonly trailName?: string;

  /**
   * The key that encrypts the log files, the bucket and the log group. A key of this
   * construct lets CloudTrail and CloudWatch Logs use it; an imported key must already.
   *
   * @default - a new rotating KMS key
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The data class of the audit logs (they name users and their IP addresses).
   * The policy must declare it.
   *
   * @default DataClass.INTERNAL
   */
  readonly dataClass?: DataClass;

  /**
   * S3 Object Lock on the log files: nobody, the root user included, can delete or
   * overwrite them before the lock ends (COMPLIANCE mode) or without a special permission
   * (GOVERNANCE mode).
   *
   * @default - no Object Lock; versioning and log-file validation still reveal tampering
   */
  readonly objectLock?: s3.ObjectLockRetention;

  /**
   * The buckets whose object-level access (reads and writes) is logged as S3 data events
   * (claims S2-01: every access to customer data is logged).
   *
   * @default - every SecureBucket of the stack, except the trail's own
   */
  readonly dataEventBuckets?: s3.IBucket[];

  /**
   * CloudTrail Insights types that flag unusual API call or error rates. Insights events
   * are charged per event analysed.
   *
   * @default - no Insights
   */
  readonly insightTypes?: cloudtrail.InsightType[];

  /**
   * Where the CIS alarms on the trail's log group send their notifications (claim S1-07).
   * Pass the topic of an `IncidentResponse`.
   *
   * @default - a new KMS-encrypted, TLS-only topic
   */
  readonly alarmTopic?: sns.ITopic;
}

/**
 * A CloudTrail trail of all activity in the account (claims S0-03, S0-04, S1-06, S2-01):
 * - multi-region, with global service events (IAM, STS, CloudFront) and log-file validation;
 * - management events, read and write, and S3 data events of the stack's SecureBuckets;
 * - log files encrypted with a rotating KMS key and delivered to a SecureBucket that keeps
 *   them at least as long as the policy's log retention;
 * - also delivered to a KMS-encrypted CloudWatch Logs group kept for the policy's log
 *   retention, with the CIS AWS Foundations Benchmark metric filters and alarms on it.
 *
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html
 */
export class AuditTrail extends Construct {
  /** The trail. */
  public readonly trail: cloudtrail.Trail;
  /** The bucket that keeps the log files. */
  public readonly bucket: SecureBucket;
  /** The log group that receives every event, with the CIS metric filters. */
  public readonly logGroup: logs.LogGroup;
  /** The key of the log files, the bucket and the log group. */
  public readonly encryptionKey: kms.IKey;
  /** The CIS metric filters and alarms on the log group. */
  public readonly cisAlarms: CisAlarms;
  /** The trail name. */
  public readonly trailName: string;

  constructor(scope: Construct, id: string, props: AuditTrailProps = {}) {
    super(scope, id);
    validatePropsShape(this, 'AuditTrail', props, PROPS.AuditTrail);
    const policy = DataProtectionPolicy.of(this);
    const stack = Stack.of(this);
    this.trailName = props.trailName === undefined
      ? Names.uniqueResourceName(this, { maxLength: 128, separator: '-' })
      : validateTrailName(props.trailName, this);
    const trailArn = stack.formatArn({ service: 'cloudtrail', resource: 'trail', resourceName: this.trailName });

    this.encryptionKey = props.encryptionKey ?? secureKey(this, 'Key', `Encrypts the audit logs of ${this.node.path}`);
    allowCloudTrailToUseKey(this.encryptionKey, trailArn, this.trailName);

    const archive = policy.promiseOn('log-archive');
    this.bucket = new SecureBucket(this, 'Bucket', {
      dataClass: props.dataClass ?? DataClass.INTERNAL,
      encryptionKey: this.encryptionKey,
      retention: archive ? Duration.days(archive.params.days) : auditBucketRetention(policy),
      objectLock: props.objectLock,
    });
    if (archive) {
      // The policy's LogArchivePromise: the log files move to a colder class, kept the total retention.
      this.bucket.bucket.addLifecycleRule({
        id: 'archive-log-files',
        transitions: [{
          storageClass: new s3.StorageClass(archive.params.storageClass),
          transitionAfter: Duration.days(archive.params.transitionAfterDays),
        }],
      });
    }

    this.logGroup = encryptedLogGroup(this, 'LogGroup', {
      logGroupName: `/cdk-data-protection/${this.node.path}/cloudtrail`,
      retention: policy.logRetentionFor(LogScope.AUDIT_TRAIL),
      key: this.encryptionKey,
    });
    markLogScope(this.logGroup, LogScope.AUDIT_TRAIL);
    const deliveryRole = cloudWatchDeliveryRole(this, this.logGroup);

    this.trail = new cloudtrail.Trail(this, 'Trail', {
      trailName: this.trailName,
      bucket: this.bucket.bucket,
      encryptionKey: this.encryptionKey,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
      insightTypes: props.insightTypes,
    });
    const cfnTrail = this.trail.node.defaultChild as cloudtrail.CfnTrail;
    // The role's policy is a customer-managed policy (no inline policy), so the trail is
    // wired to the log group here rather than by the Trail's sendToCloudWatchLogs.
    cfnTrail.cloudWatchLogsLogGroupArn = this.logGroup.logGroupArn;
    cfnTrail.cloudWatchLogsRoleArn = deliveryRole.roleArn;
    cfnTrail.node.addDependency(deliveryRole);
    cfnTrail.eventSelectors = Lazy.any({ produce: () => this.eventSelectors(props.dataEventBuckets) });

    const alarmTopic = props.alarmTopic ?? secureTopic(this, 'AlarmTopic', 'Security alarms', ['cloudwatch.amazonaws.com']);
    this.cisAlarms = new CisAlarms(this, 'CisAlarms', { logGroup: this.logGroup, alarmTopic });
  }

  /** The trail's event selectors: all management events, and S3 data events of the logged buckets. */
  private eventSelectors(given: s3.IBucket[] | undefined): cloudtrail.CfnTrail.EventSelectorProperty[] {
    const buckets = given ?? Stack.of(this).node.findAll()
      .filter((c): c is SecureBucket => c instanceof SecureBucket && c !== this.bucket)
      .map((b) => b.bucket);
    const values = buckets.map((b) => `${b.bucketArn}/`);
    if (values.length > MAX_SELECTORS * MAX_DATA_RESOURCES) {
      throw new DataProtectionError(
        `AuditTrail can log S3 data events of at most ${MAX_SELECTORS * MAX_DATA_RESOURCES} buckets (${MAX_SELECTORS} event selectors of ` +
        `${MAX_DATA_RESOURCES}), got ${values.length}; pass dataEventBuckets, or split the stack`, this);
    }
    if (values.length === 0) {
      return [{ readWriteType: 'All', includeManagementEvents: true }];
    }
    const selectors: cloudtrail.CfnTrail.EventSelectorProperty[] = [];
    for (let i = 0; i < values.length; i += MAX_DATA_RESOURCES) {
      selectors.push({
        readWriteType: 'All',
        includeManagementEvents: true,
        dataResources: [{ type: 'AWS::S3::Object', values: values.slice(i, i + MAX_DATA_RESOURCES) }],
      });
    }
    return selectors;
  }
}

/**
 * Lets CloudTrail encrypt the log files of `trailArn` with `key` and describe it.
 *
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
 */
function allowCloudTrailToUseKey(key: kms.IKey, trailArn: string, trailName: string): void {
  const stack = Stack.of(key);
  const cloudTrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
  // Sids are unique per key policy: a key shared by several trails gets statements per trail.
  const trail = trailName.replace(/[^A-Za-z0-9]/g, '');
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: `AllowCloudTrailToEncryptLogsOf${trail}`,
    principals: [cloudTrail],
    actions: ['kms:GenerateDataKey*'],
    resources: ['*'],
    conditions: {
      StringEquals: { 'aws:SourceArn': trailArn },
      StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${stack.partition}:cloudtrail:*:${stack.account}:trail/*` },
    },
  }));
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: `AllowCloudTrailToDescribeKeyFor${trail}`,
    principals: [cloudTrail],
    actions: ['kms:DescribeKey'],
    resources: ['*'],
    conditions: { StringEquals: { 'aws:SourceArn': trailArn } },
  }));
}

/** The role CloudTrail assumes to write to `logGroup`, with a customer-managed policy. */
function cloudWatchDeliveryRole(scope: Construct, logGroup: logs.ILogGroup): iam.Role {
  const role = new iam.Role(scope, 'LogsRole', {
    assumedBy: new iam.ServicePrincipal('cloudtrail.amazonaws.com'),
    description: `Lets CloudTrail deliver the events of ${scope.node.path} to CloudWatch Logs`,
  });
  const managedPolicy = new iam.ManagedPolicy(scope, 'LogsPolicy', {
    description: `Lets CloudTrail write to the log group of ${scope.node.path}`,
    statements: [new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroup.logGroupArn],
    })],
  });
  role.addManagedPolicy(managedPolicy);
  return role;
}

function validateTrailName(name: string, scope: Construct): string {
  if (Token.isUnresolved(name) || !/^[A-Za-z0-9](?:[A-Za-z0-9._-]{1,126})[A-Za-z0-9]$/.test(name) || /[._-]{2}/.test(name)) {
    throw new DataProtectionError(
      `trailName must be 3-128 letters, digits, '.', '_' or '-', start and end with a letter or digit and have no two symbols in a row, got '${name}'`,
      scope);
  }
  return name;
}
