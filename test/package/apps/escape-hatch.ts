/**
 * Issue 20, class 7, from outside: an escape hatch that breaks a claimed promise. The bucket's
 * KMS encryption is overridden back to SSE-S3 while the policy claims S2-03 (everything encrypted
 * with KMS). The package test expects `npx cdk synth` to refuse it or to fail on the VIOLATED claim.
 */
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AtRestEncryption, ComplianceChecks, DataClass, DataProtectionPolicy, SecureBucket } from 'cdk-data-protection';

const app = new App();
ComplianceChecks.apply(app);
const stack = new Stack(app, 'EscapeHatch', { env: { region: 'us-east-1' } });
new DataProtectionPolicy(stack, 'Policy', {
  securityContact: 'security@example.com',
  region: 'us-east-1',
  atRestEncryption: AtRestEncryption.KMS,
  logRetention: RetentionDays.ONE_YEAR,
  claims: ['S2-03'],
});
const files = new SecureBucket(stack, 'Files', { dataClass: DataClass.CUSTOMER_DATA });
(files.bucket.node.defaultChild as CfnResource).addPropertyOverride(
  'BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault', { SSEAlgorithm: 'AES256' });
app.synth();
