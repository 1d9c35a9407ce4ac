/**
 * A TenantFleet of N tenants (BENCH_N, default 10) under an App-level DataProtectionPolicy,
 * sharded over the fewest stacks that fit CloudFormation's limits (or BENCH_SHARDS).
 */
import { App } from 'aws-cdk-lib';
import { DataProtectionPolicy, TenantFleet, TenantProps } from '../../lib';
import { smallestFittingShards } from '../../lib/tenancy/placement';

const count = Number(process.env.BENCH_N ?? '10');
if (!Number.isInteger(count) || count < 1) {
  throw new Error(`BENCH_N must be a positive integer, got '${process.env.BENCH_N}'`);
}
const tenants: TenantProps[] = Array.from({ length: count }, (_, i) => ({ tenantId: `t${String(i + 1).padStart(4, '0')}` }));
const shards = process.env.BENCH_SHARDS
  ? Number(process.env.BENCH_SHARDS)
  : smallestFittingShards(tenants.map((t) => ({ tenantId: t.tenantId, dedicatedKey: false })), 1, 1_000) ?? 1;

const app = new App();
new DataProtectionPolicy(app, 'Policy', {
  securityContact: 'security@example.com',
  region: 'us-east-1',
  // What the fleet alone proves, so that the evidence CLI has claims to verify.
  claims: ['S0-06', 'S1-01', 'S3-02', 'S4-02'],
});
new TenantFleet(app, 'Fleet', { tenants, shards });
app.synth();
