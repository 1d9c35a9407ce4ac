import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Compliance } from '../compliance/acknowledgement';
import { ComplianceRules } from '../compliance/rule-ids';
import { ENDED_PREFIX, ENDED_TAG, MOVER_OBJECT_ACTIONS } from '../private/data-store-types';
import { acknowledgePreviewRuntimes, NODEJS_RUNTIME } from '../private/lambda-runtime';

/**
 * The function's code (Node.js, AWS SDK v3 of the Lambda runtime). Two ways in:
 * - an S3 "Object Tags Added" event from EventBridge: when the object now carries the tag
 *   `data-lifecycle=ended`, it is copied under `ended/` and the original deleted;
 * - a direct invocation `{"prefix": "tenants/acme/"}` when a customer's relationship ends:
 *   every object under the prefix is moved. It returns how many objects moved.
 * CopyObject writes a new object, so S3's lifecycle age of the copy starts at the move: the
 * expiry of `ended/` counts from the end of the relationship. Objects over 5 GB (CopyObject's
 * limit) fail the invocation, which then shows in the function's errors.
 */
const MOVER_CODE = `
const s3 = new (require('@aws-sdk/client-s3').S3Client)({});
const c = require('@aws-sdk/client-s3');
const { BUCKET, ENDED_PREFIX, TAG_KEY, TAG_VALUE } = process.env;
const source = (key, version) => encodeURIComponent(BUCKET) + '/' + key.split('/').map(encodeURIComponent).join('/') + (version ? '?versionId=' + encodeURIComponent(version) : '');
async function move(key, version) {
  if (key.startsWith(ENDED_PREFIX)) return 0;
  await s3.send(new c.CopyObjectCommand({ Bucket: BUCKET, Key: ENDED_PREFIX + key, CopySource: source(key, version), MetadataDirective: 'COPY', TaggingDirective: 'COPY' }));
  await s3.send(new c.DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
  return 1;
}
async function tagged(key) {
  try {
    const t = await s3.send(new c.GetObjectTaggingCommand({ Bucket: BUCKET, Key: key }));
    return t.TagSet.some((x) => x.Key === TAG_KEY && x.Value === TAG_VALUE) ? { key, version: t.VersionId } : undefined;
  } catch (e) {
    if (e.name === 'NoSuchKey') return undefined;
    throw e;
  }
}
exports.handler = async (event) => {
  if (event && event.detail && event.detail.object) {
    const raw = event.detail.object.key;
    const decoded = decodeURIComponent(raw.replace(/\\+/g, ' '));
    const found = (await tagged(raw)) || (decoded !== raw ? await tagged(decoded) : undefined);
    return { moved: found ? await move(found.key, found.version) : 0 };
  }
  const prefix = event && event.prefix;
  if (typeof prefix !== 'string' || prefix === '' || !prefix.endsWith('/') || prefix.startsWith(ENDED_PREFIX)) {
    throw new Error('invoke with {"prefix": "<key prefix ending in />"} outside ' + ENDED_PREFIX + ', got ' + JSON.stringify(prefix));
  }
  let moved = 0, token;
  do {
    const page = await s3.send(new c.ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents || []) moved += await move(o.Key);
    token = page.NextContinuationToken;
  } while (token);
  return { moved };
};
`;

/**
 * Moves the data of ended relationships under `ended/`, where a lifecycle rule of the bucket
 * deletes it (claim S3-05: kept for the relationship plus three years). The clock starts at
 * the move, the end of the relationship: a copy is a new object for S3's lifecycle age.
 *
 * Made by `SecureBucket` with `expireEndedObjectsAfter`: an EventBridge rule on the bucket's
 * "Object Tags Added" events invokes the function, which moves an object tagged
 * `data-lifecycle=ended`; the application may also invoke it with `{"prefix": "<prefix>/"}`
 * to move a whole customer's prefix at once.
 */
export class EndedDataMover extends Construct {
  /** The function that moves ended data; grant `lambda:InvokeFunction` to what ends relationships. */
  public readonly function: lambda.Function;
  /** The rule on the bucket's tagging events. */
  public readonly rule: events.Rule;

  constructor(scope: Construct, id: string, bucket: s3.Bucket) {
    super(scope, id);
    this.function = new lambda.Function(this, 'Function', {
      description: `Moves objects of ended relationships under ${ENDED_PREFIX} in ${bucket.node.path} (cdk-data-protection, claim S3-05)`,
      runtime: NODEJS_RUNTIME,
      handler: 'index.handler',
      code: lambda.Code.fromInline(MOVER_CODE),
      timeout: Duration.minutes(15),
      memorySize: 256,
      environment: { BUCKET: bucket.bucketName, ENDED_PREFIX, TAG_KEY: ENDED_TAG.key, TAG_VALUE: ENDED_TAG.value },
    });
    acknowledgePreviewRuntimes(this.function, 'The ended-data mover');
    // Exactly what a move needs: read the object and its tags, write the copy with its tags,
    // delete the original, list a prefix; and the bucket key for both objects, through S3 only.
    this.function.addToRolePolicy(new iam.PolicyStatement({
      sid: 'MoveObjectsOfTheBucket',
      actions: MOVER_OBJECT_ACTIONS,
      resources: [bucket.arnForObjects('*')],
    }));
    this.function.addToRolePolicy(new iam.PolicyStatement({ sid: 'ListThePrefix', actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
    if (bucket.encryptionKey) {
      this.function.addToRolePolicy(new iam.PolicyStatement({
        sid: 'UseTheBucketKeyThroughS3',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [bucket.encryptionKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` } },
      }));
    }
    // S3 sends the bucket's events to EventBridge (set on the bucket itself: aws-cdk-lib's
    // eventBridgeEnabled would add a notifications custom resource).
    (bucket.node.defaultChild as s3.CfnBucket).addPropertyOverride('NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled', true);
    this.rule = new events.Rule(this, 'TagsAdded', {
      description: `Objects of ${bucket.node.path} tagged ${ENDED_TAG.key}=${ENDED_TAG.value} are moved under ${ENDED_PREFIX}`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Tags Added'],
        detail: { bucket: { name: [bucket.bucketName] } },
      },
      targets: [new targets.LambdaFunction(this.function, { retryAttempts: 185, maxEventAge: Duration.hours(24) })],
    });
    acknowledge(this.function);
    Compliance._standing(this.function, {
      ruleId: `AwsSolutions-IAM5[Resource::${flatten(Stack.of(this).resolve(bucket.arnForObjects('*')))}]`,
      reason: 'The ended-data mover moves any object of its one bucket under ended/: object names are not known in advance.',
    });
  }
}

/** A resolved CloudFormation value as a flat string, the way the rule packs print it in finding ids. */
function flatten(value: unknown): string {
  if (typeof value === 'string') {
    return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  }
  if (Array.isArray(value)) {
    return value.map(flatten).join('');
  }
  if (value && typeof value === 'object') {
    const [key, inner] = Object.entries(value as Record<string, unknown>)[0] ?? [];
    if (key === 'Fn::Join' && Array.isArray(inner)) {
      return (inner[1] as unknown[]).map(flatten).join(inner[0] as string);
    }
    if (key === 'Ref') {
      return `<${inner}>`;
    }
    if (key === 'Fn::GetAtt' && Array.isArray(inner)) {
      return `<${inner.join('.')}>`;
    }
  }
  return JSON.stringify(value);
}

/** Findings inherent to a small function that moves objects within one bucket. */
function acknowledge(fn: lambda.Function): void {
  Compliance._standingRules(fn, [ComplianceRules.awsManagedPolicy('service-role/AWSLambdaBasicExecutionRole')],
    'The ended-data mover writes its own logs with the AWS-managed AWSLambdaBasicExecutionRole; its access to data is the bucket grant alone.');
  Compliance._standingRules(fn, ['HIPAA.Security-IAMNoInlinePolicy', 'NIST.800.53.R5-IAMNoInlinePolicy', 'PCI.DSS.321-IAMNoInlinePolicy'],
    'Inline on purpose: the ended-data mover\'s policy names its one bucket and can never be attached to another principal.');
  Compliance._standingRules(fn, ['HIPAA.Security-LambdaConcurrency', 'NIST.800.53.R5-LambdaConcurrency'],
    'The ended-data mover runs when an object is tagged as ended or a relationship ends: reserved concurrency would only hold account capacity.');
  Compliance._standingRules(fn, ['HIPAA.Security-LambdaDLQ', 'NIST.800.53.R5-LambdaDLQ'],
    'EventBridge retries the mover for 24 hours; an object it could not move keeps its ended tag, and invoking the mover with the prefix moves it again.');
  Compliance._standingRules(fn, [
    'HIPAA.Security-LambdaInsideVPC', 'NIST.800.53.R5-LambdaInsideVPC', 'PCI.DSS.321-LambdaInsideVPC',
    `${ComplianceRules.GUARD_PREFIX}lambda_inside_vpc_check`,
  ], 'The ended-data mover calls only the S3 API of its bucket, over TLS; a VPC would add NAT or endpoints without protecting anything.');
}
