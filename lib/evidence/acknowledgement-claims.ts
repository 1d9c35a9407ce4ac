/**
 * Which promises an acknowledged compliance rule concerns: the report lists, for every
 * acknowledgement, the claims it weakens, and the trust page marks a promise that rests on one.
 *
 * The packs name one fact in many ways (`AwsSolutions-S10`, `HIPAA.Security-S3BucketSSLRequestsOnly`,
 * `cdk-validator-cfnguard::s3_bucket_ssl_requests_only_check`), so the rules are matched by the fact
 * their name states, first match wins. A rule that matches none concerns no promise of the catalog
 * (Lambda concurrency, dead-letter queues, inline policies): the report says "no promise".
 */
/** The template Metadata key of a stack's acknowledgement ledger (written by `Compliance.acknowledge`, lib/compliance/ledger.ts). */
export const LEDGER_METADATA_KEY = 'cdk-data-protection-acknowledgements';

const RULE_CLAIMS: Array<{ pattern: RegExp; claims: string[] }> = [
  // In transit first: `S3BucketSSLRequestsOnly` is about TLS, not about encryption at rest.
  { pattern: /ssl|tls|https|AwsSolutions-(S10|SNS3|SQS4|ELB2)$/i, claims: ['S0-07', 'S1-02', 'S2-02', 'S4-07'] },
  { pattern: /encrypt|kms|sse|AwsSolutions-(SNS2|SQS2|RDS2|S2)$/i, claims: ['S0-06', 'S1-02', 'S2-03', 'S4-07'] },
  { pattern: /mfa|AwsSolutions-COG2$/i, claims: ['S0-09', 'S1-05', 'S4-08'] },
  { pattern: /logging|log_?group|retention|flow_?logs|cloudtrail|AwsSolutions-(S1|VPC7|RDS11)$/i, claims: ['S0-03', 'S1-06', 'S2-01'] },
  { pattern: /replication|multi_?az|AwsSolutions-RDS3$/i, claims: ['S2-06', 'S2-10', 'S2-11'] },
  { pattern: /versioning|version_lifecycle|backup|object_?lock|DeletionProtection/i, claims: ['S0-01', 'S1-08'] },
  { pattern: /open_?ingress|public|restricted|AwsSolutions-EC23$/i, claims: ['S2-07'] },
  { pattern: /DataProtection-Region$/, claims: ['S0-05', 'S4-01'] },
  { pattern: /DataClassTag/, claims: ['S1-01'] },
  { pattern: /IAM5|wildcard/i, claims: ['S1-03'] },
];

/**
 * The claim ids whose promise an acknowledged rule concerns, or `[]` for "no promise".
 *
 * @param rule the rule id as recorded (`AwsSolutions-S1`, `DataProtection::DataProtection-Region`, `AwsSolutions-IAM5[Resource::*]`)
 */
export function claimsOfRule(rule: string): string[] {
  const name = rule.split('[')[0];
  return RULE_CLAIMS.find((r) => r.pattern.test(name))?.claims ?? [];
}
