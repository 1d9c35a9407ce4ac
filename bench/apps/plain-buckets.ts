/**
 * N plain `s3.Bucket`s with the security settings of a SecureBucket written out by hand, with
 * aws-cdk-lib only: no policy, no aspects, no library loaded (N from BENCH_N, default 10).
 *
 * It must synthesize the same resources as secure-buckets.ts; the benchmark compares the
 * resource counts per type and fails if they differ. What a SecureBucket with no props makes,
 * under a policy with the defaults (SSE-KMS, TLS 1.2, 14-day data retention, one-year logs):
 * - a KMS key per bucket, rotating, retained, whose policy denies grants except for AWS services;
 * - SSE-KMS with that key and an S3 Bucket Key; all public access blocked; ACLs disabled;
 * - a bucket policy denying plain HTTP and TLS below 1.2; versioned; retained;
 * - lifecycle: noncurrent versions expire after 14 days, incomplete uploads after 7, expired
 *   delete markers removed;
 * - server access logs to one shared log bucket (SSE-S3, TLS-only, versioned, retained, logs
 *   expiring after 365 days, noncurrent versions after 30);
 * - the data-class tag on the keys and buckets.
 */
import { App, Duration, Names, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { bucketCount, BUCKETS_REGION, BUCKETS_STACK } from './bucket-settings';

const TLS_VERSION = 1.2;

const app = new App();
const stack = new Stack(app, BUCKETS_STACK, { env: { region: BUCKETS_REGION } });

const logs = new Construct(stack, 'DataProtectionAccessLogs');
logs.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
const logBucket = new s3.Bucket(logs, 'Resource', {
  encryption: s3.BucketEncryption.S3_MANAGED,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  minimumTLSVersion: TLS_VERSION,
  versioned: true,
  removalPolicy: RemovalPolicy.RETAIN,
  lifecycleRules: [{
    id: 'expire-logs',
    expiration: Duration.days(365),
    noncurrentVersionExpiration: Duration.days(30),
    abortIncompleteMultipartUploadAfter: Duration.days(7),
  }],
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
});
Tags.of(logs).add('data-class', 'internal');

for (let i = 0; i < bucketCount(); i++) {
  const scope = new Construct(stack, `Bucket${i}`);
  const key = new kms.Key(scope, 'Key', {
    description: `Encrypts the objects of ${scope.node.path} (Customer Data)`,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'DenyGrantsExceptForAwsServices',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  }));
  new s3.Bucket(scope, 'Resource', {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
    bucketKeyEnabled: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    minimumTLSVersion: TLS_VERSION,
    versioned: true,
    serverAccessLogsBucket: logBucket,
    serverAccessLogsPrefix: `${Names.uniqueId(scope)}/`,
    lifecycleRules: [
      { id: 'expire-noncurrent-versions', noncurrentVersionExpiration: Duration.days(14), abortIncompleteMultipartUploadAfter: Duration.days(7) },
      { id: 'remove-expired-delete-markers', expiredObjectDeleteMarker: true },
    ],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  Tags.of(scope).add('data-class', 'customer-data');
}
app.synth();
