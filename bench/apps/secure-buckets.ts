/**
 * N SecureBuckets under a DataProtectionPolicy, as a user writes them (N from BENCH_N,
 * default 10). Compared with plain-buckets.ts, which builds the same resources by hand.
 */
import { App, Stack } from 'aws-cdk-lib';
import { bucketCount, BUCKETS_REGION, BUCKETS_STACK } from './bucket-settings';
import { DataClass, DataProtectionPolicy, SecureBucket } from '../../lib';

// The report written on synthesis is measured by evidence-* and custom-page-*: this comparison with
// plain-buckets is about the constructs, so it is turned off here.
const app = new App({ context: { 'cdk-data-protection:evidence-report': 'false' } });
const stack = new Stack(app, BUCKETS_STACK, { env: { region: BUCKETS_REGION } });
new DataProtectionPolicy(stack, 'Policy', {
  securityContact: 'security@example.com',
  region: BUCKETS_REGION,
  // What the buckets alone prove, so that the evidence CLI has claims to verify.
  claims: ['S0-06', 'S1-01', 'S2-02', 'S2-03', 'S3-02'],
});
for (let i = 0; i < bucketCount(); i++) {
  new SecureBucket(stack, `Bucket${i}`, { dataClass: DataClass.CUSTOMER_DATA });
}
app.synth();
