import { App, Duration } from 'aws-cdk-lib';
import { CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { DataProtectionPolicy, TenantFleet, TenantProps } from '../../lib';
import { DEFAULT_POLICY } from '../helpers/compliance';

/** 1,000 tenants with ids `tenant-0` ... `tenant-999`, each with a deletion schedule (a lifecycle rule: the largest template). */
const TENANTS: TenantProps[] = Array.from({ length: 1000 }, (_, i) => ({ tenantId: `tenant-${i}`, deleteAfter: Duration.days(30) }));

function fleetOf(shards: number): { app: App; fleet: TenantFleet } {
  const app = new App();
  new DataProtectionPolicy(app, 'Policy', { ...DEFAULT_POLICY, claims: ['S2-05', 'S4-02'] });
  const fleet = new TenantFleet(app, 'Fleet', { tenants: TENANTS, shards, env: { region: 'us-east-1' } });
  return { app, fleet };
}

describe('TenantFleet at 1,000 tenants', () => {
  let fleet: TenantFleet;
  let stacks: CloudFormationStackArtifact[];

  beforeAll(() => {
    // GIVEN / WHEN 1,000 tenants over the smallest number of shards the fleet accepts (6)
    const built = fleetOf(6);
    fleet = built.fleet;
    stacks = built.app.synth().stacks;
  });

  test('S2-05 S4-02 every tenant has its role and its lifecycle rule, spread over 6 shard stacks', () => {
    // THEN
    expect(stacks).toHaveLength(6);
    expect(new Set(fleet.tenants.map((t) => t.tenantId)).size).toBe(1000);
    const roles = stacks.flatMap((s) => Object.values<any>(s.template.Resources).filter((r) => r.Type === 'AWS::IAM::Role'));
    expect(roles).toHaveLength(1000);
    const rules = stacks.flatMap((s) => Object.values<any>(s.template.Resources).filter((r) => r.Type === 'AWS::S3::Bucket')
      .flatMap((b) => b.Properties.LifecycleConfiguration?.Rules ?? []).filter((r: any) => r.Id.startsWith('tenant-')));
    expect(new Set(rules.map((r: any) => r.Prefix)).size).toBe(1000);
  });

  test('S2-05 every shard stays under 80% of CloudFormation\'s limits: fewer than 400 resources and 800 KB of template', () => {
    // THEN
    for (const stack of stacks) {
      expect([stack.stackName, Object.keys(stack.template.Resources).length < 400]).toEqual([stack.stackName, true]);
      expect([stack.stackName, JSON.stringify(stack.template, undefined, 1).length < 800_000]).toEqual([stack.stackName, true]);
    }
  });

  test('S2-05 one shard fewer is refused, naming the shard over budget and the number of shards that fits', () => {
    // GIVEN / WHEN / THEN
    expect(() => fleetOf(5)).toThrow(/Fleet: shard Shard\d\d would hold \d+ tenants: about \d+ KB of template \(budget 800 KB, 80% of CloudFormation's 1 MB\).*set shards to 6 or more/);
  });
});
