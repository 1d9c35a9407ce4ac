import { Stack, Tags } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { Compliance } from '../compliance/acknowledgement';
import { ComplianceRules } from '../compliance/rule-ids';
import { DataClass } from '../policy/data-class';
import { DataProtectionPolicy } from '../policy/data-protection-policy';
import { DataProtectionError } from '../private/errors';
import { logBucketProps, requireAccessLogClass } from '../private/logs-defaults';

/** aws-cdk-lib feature flag: grant log delivery through the bucket policy instead of the legacy ACL. */
const LOG_DELIVERY_BY_BUCKET_POLICY = '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy';

const ACCESS_LOGS_ID = 'DataProtectionAccessLogs';

/**
 * The one bucket per stack that receives the S3 server access logs of every SecureBucket
 * in the stack (claim S2-01: every access to customer data is logged).
 *
 * It is as secure as S3 allows for a log target: SSE-S3 (server access logging cannot
 * deliver to SSE-KMS buckets), TLS-only, no public access, no ACLs, versioned, kept as long
 * as the policy keeps logs, and retained when the stack is deleted. The findings a log
 * target cannot avoid are acknowledged here, each with its reason.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
 */
export class AccessLogBucket extends Construct {
  /**
   * The access-log bucket of `scope`'s stack, created on first use.
   */
  public static of(scope: IConstruct): AccessLogBucket {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(ACCESS_LOGS_ID);
    if (existing) {
      if (!(existing instanceof AccessLogBucket)) {
        throw new DataProtectionError(`the construct id '${ACCESS_LOGS_ID}' is reserved for the stack's access-log bucket`, existing);
      }
      return existing;
    }
    requireAccessLogClass(DataProtectionPolicy.of(scope), scope);
    return new AccessLogBucket(stack, ACCESS_LOGS_ID);
  }

  /** The log bucket. */
  public readonly bucket: s3.Bucket;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    // `of`, the only caller, has checked that the policy declares the class this bucket holds.
    const policy = DataProtectionPolicy.of(this);
    // Scoped to this construct: the log bucket grants delivery in its bucket policy
    // whatever the app's feature flags say, so it can keep ACLs disabled.
    this.node.setContext(LOG_DELIVERY_BY_BUCKET_POLICY, true);

    this.bucket = new s3.Bucket(this, 'Resource', {
      ...logBucketProps(policy),
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    });
    Tags.of(this).add(DataClass.TAG_KEY, DataClass.INTERNAL.name);

    Compliance._standingRules(this, ComplianceRules.S3_KMS_ENCRYPTION,
      'S3 server access logging delivers only to buckets encrypted with SSE-S3 (AES-256); SSE-KMS targets are not supported.');
    Compliance._standingRules(this, ComplianceRules.S3_ACCESS_LOGGING,
      'This is the access-log bucket itself: logging it into itself would loop. Reads of logs are recorded by CloudTrail data events.');
    Compliance._standingRules(this, ComplianceRules.S3_REPLICATION,
      'Access logs stay in the stack\'s region with the data they describe; S3 stores them across three availability zones.');
    Compliance._standingRules(this, ComplianceRules.S3_OBJECT_LOCK,
      'Access logs expire on the policy\'s log retention; Object Lock would keep personal data (requester IPs) beyond it.');
    Compliance._standingRules(this, ComplianceRules.S3_EVENT_NOTIFICATIONS,
      'Nothing consumes access-log deliveries as events; they are read in bulk by log analysis.');
  }
}
