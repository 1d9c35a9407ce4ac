import { Annotations, ArnFormat, CfnResource, Duration, RemovalPolicy, Stack, TagManager } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { DataProtectionError } from './errors';
import { secureKey } from './kms-defaults';
import { DataClass } from '../policy/data-class';
import type { PolicySettings } from '../policy/policy-settings';

/** The id, under each stack, of the key that encrypts log groups which bring no key of their own. */
export const STACK_LOG_KEY_ID = 'DataProtectionLogKey';

/**
 * Refuses to send `scope`'s access logs to the stack's access-log bucket when the policy does not
 * declare the class that bucket holds (`internal`): the error names the construct that wants the
 * logs and the ways out, instead of the shared bucket nobody created by hand.
 */
export function requireAccessLogClass(policy: PolicySettings, scope: IConstruct): void {
  if (policy.dataClasses.some((c) => c.name === DataClass.INTERNAL.name)) {
    return;
  }
  throw new DataProtectionError(
    `access logs go to the stack's access-log bucket, which holds data class '${DataClass.INTERNAL.name}', but the ` +
    `DataProtectionPolicy at ${policy.node.path} declares only ${policy.dataClasses.map((c) => `'${c.name}'`).join(', ')}; ` +
    'add DataClass.INTERNAL to its dataClasses, or pass accessLogsBucket', scope);
}

/**
 * The library's one way to make a CloudWatch Logs group (claims S0-04, S1-06):
 * - kept for the policy's log retention (Control Tower CT.CLOUDWATCH.PR.2);
 * - encrypted with `key` (CT.CLOUDWATCH.PR.3), whose policy lets CloudWatch Logs use it
 *   for the log groups under `namePrefix` only;
 * - kept when the stack is deleted.
 *
 * The name is literal so that the group can exist, encrypted and with its retention,
 * before the service that writes to it does (RDS, VPC flow logs).
 */
export function encryptedLogGroup(scope: Construct, id: string, props: {
  logGroupName: string; retention: logs.RetentionDays; key: kms.IKey;
}): logs.LogGroup {
  allowLogsToUseKey(props.key, props.logGroupName, scope);
  const group = new logs.LogGroup(scope, id, {
    logGroupName: props.logGroupName,
    retention: props.retention,
    encryptionKey: props.key,
    // Kept on deletion and replacement; deleted by the rollback of the create that made it, so a
    // retry can create the group of the same name again.
    removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
  });
  classifyLibraryStore(group.node.defaultChild as CfnResource, DataClass.INTERNAL.name);
  return group;
}

/** The same symbol `DataProtectionPolicy` keeps itself under (read here without importing it: no import cycle). */
const POLICY_OF_SCOPE = Symbol.for('cdk-data-protection.DataProtectionPolicy');

/** The data classes the nearest policy above `scope` declares, or none. */
function declaredClassNames(scope: IConstruct): { name: string; personalData: boolean }[] {
  const scopes = scope.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const policy = (scopes[i] as any)[POLICY_OF_SCOPE];
    if (policy) {
      return policy.dataClasses;
    }
  }
  return [];
}

/**
 * Tags a data store the library creates with its data class (claims S1-01, S3-02, S1-14): `preferred` when the
 * policy declares it, else (when `personalData`) the first declared class that holds personal data. The tag has a
 * low priority (50), so a `Tags.of(...)` of an enclosing construct (a SecureDatabase tags its log groups with its
 * own class) or of the user wins. A store left untagged (the policy declares no fitting class) fails the synth-time
 * check and the evidence, which say which class to declare.
 */
export function classifyLibraryStore(resource: CfnResource, preferred: string, personalData = false): void {
  const declared = declaredClassNames(resource);
  const name = declared.find((c) => c.name === preferred)?.name ?? (personalData ? declared.find((c) => c.personalData)?.name : undefined);
  if (name !== undefined) {
    TagManager.of(resource)?.setTag(DataClass.TAG_KEY, name, 50);
  }
}

const KEY_ALLOWS = Symbol.for('cdk-data-protection.logs-key-allows');

/**
 * Lets CloudWatch Logs use `key` for the group `logGroupName` (once per name; `*` for every
 * group of the account and region, when the name is generated).
 */
export function allowLogsToUseKey(key: kms.IKey, logGroupName: string, scope: Construct): void {
  const done: Set<string> = (key as any)[KEY_ALLOWS] ?? new Set<string>();
  Object.defineProperty(key, KEY_ALLOWS, { value: done, configurable: true });
  if (done.has(logGroupName)) {
    return;
  }
  done.add(logGroupName);
  const stack = Stack.of(scope);
  const { statementAdded } = key.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: {
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
          service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    },
  }));
  if (!statementAdded) {
    Annotations.of(scope).addWarningV2('cdk-data-protection:log-key-policy',
      `The key of log group ${logGroupName} is imported, so its policy cannot be changed here: it must let logs.${stack.region}.amazonaws.com ` +
      'use it (kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey*, kms:Describe*) or the log group cannot be created.');
  }
}

/**
 * The stack's key for log groups that bring none: created on first use, rotating, and usable by
 * CloudWatch Logs for the log groups of this account and region only.
 */
export function stackLogKey(stack: Stack): kms.IKey {
  const existing = stack.node.tryFindChild(STACK_LOG_KEY_ID) as kms.Key | undefined;
  if (existing) {
    return existing;
  }
  const key = secureKey(stack, STACK_LOG_KEY_ID, `Encrypts the CloudWatch Logs groups of ${stack.stackName} that bring no key of their own`);
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchLogsOfThisAccount',
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: {
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      },
    },
  }));
  return key;
}

/**
 * How long a bucket of audit evidence (CloudTrail files, AWS Config history) keeps its objects:
 * as long as the policy keeps logs (claim S1-06), never shorter than its data retention;
 * undefined (no expiry) when logs are kept forever.
 */
export function auditBucketRetention(policy: PolicySettings): Duration | undefined {
  const days = Math.max(policy.logRetentionDays, policy.dataRetention.toDays());
  return days === Infinity ? undefined : Duration.days(days);
}

/**
 * The lifecycle rule of a bucket that receives service logs (S3 server access logs, CloudFront
 * logs): logs expire on the policy's log retention (claims S1-06, S1-11), old versions after 30
 * days, unfinished uploads after 7.
 */
export function logBucketLifecycleRule(policy: PolicySettings): s3.LifecycleRule {
  const days = policy.logRetentionDays;
  return {
    id: 'expire-logs',
    expiration: days === Infinity ? undefined : Duration.days(days),
    noncurrentVersionExpiration: Duration.days(30),
    abortIncompleteMultipartUploadAfter: Duration.days(7),
  };
}

/**
 * The settings every log bucket of the library shares (the access-log bucket, the CloudFront log
 * bucket): SSE-S3, since AWS log delivery needs no key grant for it; no public access; TLS-only
 * at the policy's minimum; versioned; retained; expiring on the log retention.
 */
export function logBucketProps(policy: PolicySettings): s3.BucketProps {
  return {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    minimumTLSVersion: policy.minimumTlsVersion.version,
    versioned: true,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [logBucketLifecycleRule(policy)],
  };
}
