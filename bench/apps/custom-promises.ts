/**
 * A page of the team's own: BENCH_N SecureBuckets (default 100) under a policy that makes
 * BENCH_PROMISES custom promises (default 100), each with its own verifier over the templates,
 * proven by the report written on synthesis. With BENCH_PROMISES=0 the same app makes none: the
 * difference is what 100 custom promises cost (recorded, verified, reported).
 */
import { App, Stack } from 'aws-cdk-lib';
import { bucketCount, BUCKETS_REGION, BUCKETS_STACK } from './bucket-settings';
import { CustomPromise, DataClass, DataProtectionPolicy, ICustomPromiseVerifier, PromiseFact, PromiseTemplate, SecureBucket } from '../../lib';

/** Promise i: every bucket whose index is i modulo the promise count is versioned. */
class VersionedBuckets implements ICustomPromiseVerifier {
  constructor(private readonly index: number, private readonly count: number) {}

  public verify(templates: PromiseTemplate[]): PromiseFact[] {
    return templates.flatMap((t) => Object.entries<any>(t.template.Resources ?? {})
      .filter(([, r]) => r.Type === 'AWS::S3::Bucket')
      .filter((_, i) => i % this.count === this.index % this.count)
      .map(([logicalId, r]) => ({
        stackId: t.stackId,
        logicalId,
        propertyPath: 'Properties.VersioningConfiguration.Status',
        expected: 'Enabled',
        found: String(r.Properties?.VersioningConfiguration?.Status),
        satisfied: r.Properties?.VersioningConfiguration?.Status === 'Enabled',
      })));
  }
}

const promiseCount = Number(process.env.BENCH_PROMISES ?? '100');
const app = new App();
const stack = new Stack(app, BUCKETS_STACK, { env: { region: BUCKETS_REGION } });
new DataProtectionPolicy(stack, 'Policy', {
  securityContact: 'security@example.com',
  region: BUCKETS_REGION,
  claims: ['S0-06', 'S1-01', 'S2-02', 'S2-03', 'S3-02'],
  promises: Array.from({ length: promiseCount }, (_, i) => new CustomPromise({
    id: `versioned-${i}`, sentence: `Stored files of group ${i} keep their earlier versions.`, verifier: new VersionedBuckets(i, promiseCount), soc2: ['A1.2'],
  })),
});
for (let i = 0; i < bucketCount(); i++) {
  new SecureBucket(stack, `Bucket${i}`, { dataClass: DataClass.CUSTOMER_DATA });
}
app.synth();
