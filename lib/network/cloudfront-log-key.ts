import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { secureKey } from '../private/kms-defaults';

/** The service principal that delivers CloudFront standard logs (legacy) to S3. */
export const LOG_DELIVERY_PRINCIPAL = 'delivery.logs.amazonaws.com';

/**
 * The customer-managed key of a distribution's standard-log bucket (claims S2-03, S4-07): the
 * library's rotating key (`secureKey`), whose policy lets CloudFront's log delivery use it.
 *
 * - `kms:GenerateDataKey*` is what the CloudFront developer guide requires for an SSE-KMS log
 *   bucket with a customer-managed key; `kms:Decrypt` is added because the bucket uses S3 Bucket
 *   Keys, for which the guide requires it too.
 * - `aws:SourceAccount`, when the delivery carries it, = the stack's account (confused-deputy
 *   protection, as the CloudWatch Logs guide sets for `delivery.logs.amazonaws.com` on SSE-KMS
 *   buckets). `IfExists`: the CloudFront guide's key policy for standard logging (legacy) has no
 *   condition, and no AWS doc says that this delivery sets the key; a plain `StringEquals` would
 *   then stop every log delivery without an error. No `aws:SourceArn`: the
 *   CloudFront guide shows none for standard logging (legacy), whose deliveries are not CloudWatch
 *   Logs delivery sources.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-S3.html
 */
export function cloudFrontLogKey(scope: Construct): kms.Key {
  const key = secureKey(scope, 'LogKey', `Encrypts the CloudFront standard logs of ${scope.node.path}`);
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudFrontStandardLogDelivery',
    principals: [new iam.ServicePrincipal(LOG_DELIVERY_PRINCIPAL)],
    actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
    resources: ['*'],
    conditions: { StringEqualsIfExists: { 'aws:SourceAccount': Stack.of(scope).account } },
  }));
  return key;
}
