import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DataProtectionPolicy, TenantFleet } from '../../../lib';
import { StackView } from '../../../lib/evidence/model';
import { DATA_VERIFIERS } from '../../../lib/evidence/verifiers/data';
import { VERIFIERS } from '../../../lib/evidence/verifiers/index';
import { TENANCY_VERIFIERS } from '../../../lib/evidence/verifiers/tenancy';
import { verifyClaim } from '../../../lib/evidence/verify';
import { DEFAULT_POLICY } from '../../helpers/compliance';
import { assemblyOf, failing, proves, runVerifier, viewOfStack, viewOfTemplate } from '../helpers';

const verifier = TENANCY_VERIFIERS['tenant-segregation'];

/** A fleet of acme, globex (own key) and initech in one shard; `change` may edit it before synthesis. */
function fleet(change: (f: TenantFleet) => void = () => {}): TenantFleet {
  const app = new App();
  new DataProtectionPolicy(app, 'Policy', { ...DEFAULT_POLICY, claims: ['S2-05', 'S4-02'] });
  const f = new TenantFleet(app, 'Fleet', {
    tenants: [{ tenantId: 'acme' }, { tenantId: 'globex', dedicatedKey: true }, { tenantId: 'initech' }],
    env: { region: 'us-east-1' },
  });
  change(f);
  return f;
}

/** The shard's template as JSON, edited by `edit`, as the verifiers see it. */
function edited(f: TenantFleet, edit: (template: any, ids: { bucket: string; acme: string; globex: string; globexKey: string }) => void): StackView {
  const stack = f.shardStacks[0];
  const template = JSON.parse(JSON.stringify(Template.fromStack(stack).toJSON()));
  const id = (c: any) => stack.getLogicalId(c.node.defaultChild);
  edit(template, { bucket: id(f.buckets[0].bucket), acme: id(f.tenant('acme').role), globex: id(f.tenant('globex').role), globexKey: id(f.tenant('globex').key!) });
  return viewOfTemplate(template, { id: stack.artifactId });
}

describe('tenant-segregation (S2-05)', () => {
  let base: TenantFleet;

  beforeAll(() => {
    base = fleet();
  });

  test('is registered under the name the catalog uses', () => {
    // THEN
    expect(VERIFIERS['tenant-segregation']).toBe(verifier);
  });

  test('S2-05 proves a TenantFleet: a fact per tenant role with the resources it reaches, the bucket\'s ABAC deny, the tenant\'s own key', () => {
    // WHEN
    const stack = base.shardStacks[0];
    const facts = runVerifier(verifier, [viewOfStack(stack)], {}, { claimId: 'S2-05' });

    // THEN
    expect(proves(facts)).toBe(true);
    const bucket = stack.getLogicalId(base.buckets[0].bucket.node.defaultChild as any);
    const acme = facts.find((f) => f.note === 'role of tenant acme')!;
    expect(acme).toMatchObject({
      propertyPath: 'Properties.Policies.0.PolicyDocument',
      expected: 'S3 only on tenants/acme/* (listing only with s3:prefix tenants/acme/)',
      found: `\${${bucket}.Arn}, \${${bucket}.Arn}/tenants/acme/*`,
    });
    expect(facts.filter((f) => f.note?.startsWith('role of tenant')).map((f) => f.note)).toEqual(['role of tenant acme', 'role of tenant globex', 'role of tenant initech']);
    expect(facts.find((f) => f.propertyPath.startsWith('Properties.PolicyDocument.Statement'))).toMatchObject({
      logicalId: expect.stringMatching(/^TenantDataPolicy/),
      found: `Deny s3:* NotResource \${${bucket}.Arn}, \${${bucket}.Arn}/tenants/\${aws:PrincipalTag/tenant-id}/*`,
    });
    expect(facts.find((f) => f.note === 'key of tenant globex')).toMatchObject({ found: 'tenant-id=globex', propertyPath: 'Properties.Tags' });
    expect(facts).toHaveLength(5);
  });

  test('S2-05 is VIOLATED by a tenant role widened to tenants/* through an escape hatch', () => {
    // GIVEN
    const f = fleet((x) => {
      const role = x.tenant('acme').role.node.defaultChild as iam.CfnRole;
      role.addPropertyOverride('Policies.0.PolicyDocument.Statement.1.Resource', { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Stack.of(role).getLogicalId(x.buckets[0].bucket.node.defaultChild as any), 'Arn'] }, '/tenants/*']] });
    });

    // WHEN
    const view = viewOfStack(f.shardStacks[0]);
    const facts = runVerifier(verifier, [view], {}, { claimId: 'S2-05' });

    // THEN
    expect(verifyClaim(assemblyOf([view]), { id: 'S2-05', text: 'segregated', expected: [] }, [view]).verdict).toBe('VIOLATED');
    expect(proves(facts)).toBe(false);
    expect(failing(facts)).toEqual([expect.objectContaining({
      expected: 'S3 only on tenants/acme/* (listing only with s3:prefix tenants/acme/)',
      found: expect.stringMatching(/\/tenants\/\*$/),
      note: expect.stringMatching(/\/tenants\/\* is outside the tenant's prefix tenants\/acme\//),
    })]);
  });

  test('S2-05 fails a role that reaches another tenant\'s prefix, every bucket, or lists without its prefix', () => {
    // GIVEN
    const view = edited(base, (t, ids) => {
      const statements = t.Resources[ids.acme].Properties.Policies[0].PolicyDocument.Statement;
      statements[1].Resource = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [ids.bucket, 'Arn'] }, '/tenants/globex/*']] };
      delete statements[0].Condition;
      t.Resources[ids.globex].Properties.Policies[0].PolicyDocument.Statement[1].Resource = '*';
    });

    // WHEN
    const facts = failing(runVerifier(verifier, [view], {}, { claimId: 'S2-05' }));

    // THEN
    expect(facts.map((f) => f.note)).toEqual([
      expect.stringMatching(/listing of .* is not limited to s3:prefix tenants\/acme\/ \(found no s3:prefix condition\); .*\/tenants\/globex\/\* is outside the tenant's prefix tenants\/acme\//),
      '* reaches objects of every bucket',
    ]);
  });

  test('S2-05 fails a grant added beside the inline policy (a default policy attached to the role)', () => {
    // GIVEN
    const f = fleet((x) => x.tenant('initech').role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [x.buckets[0].bucket.arnForObjects('*')] })));

    // WHEN
    const facts = failing(runVerifier(verifier, [viewOfStack(f.shardStacks[0])], {}, { claimId: 'S2-05' }));

    // THEN
    expect(facts).toEqual([expect.objectContaining({ note: expect.stringMatching(/\.Arn\}\/\* is outside the tenant's prefix tenants\/initech\//) })]);
  });

  test('S2-05 fails a bucket without the ABAC deny, with what was expected', () => {
    // GIVEN
    const view = edited(base, (t) => {
      const policy = Object.values<any>(t.Resources).find((r) => r.Type === 'AWS::S3::BucketPolicy' && r.Properties.PolicyDocument.Statement.some((s: any) => s.Sid === 'DenyTenantsOutsideOwnPrefix'));
      policy.Properties.PolicyDocument.Statement = policy.Properties.PolicyDocument.Statement.filter((s: any) => s.Sid !== 'DenyTenantsOutsideOwnPrefix');
    });

    // WHEN
    const facts = failing(runVerifier(verifier, [view], {}, { claimId: 'S2-05' }));

    // THEN
    expect(facts).toEqual([expect.objectContaining({
      propertyPath: 'Properties.PolicyDocument',
      expected: expect.stringMatching(/a bucket-policy Deny of s3:\* to principals tagged tenant-id on everything but NotResource <bucket>\/tenants\/\$\{aws:PrincipalTag\/tenant-id\}\/\*/),
      found: 'no such Deny statement',
    })]);
  });

  test('S2-05 fails a tenant key that is untagged, or whose key policy allows another tenant\'s role', () => {
    // GIVEN
    const view = edited(base, (t, ids) => {
      const key = t.Resources[ids.globexKey].Properties;
      delete key.Tags;
      key.KeyPolicy.Statement.push({ Effect: 'Allow', Principal: { AWS: { 'Fn::GetAtt': [ids.acme, 'Arn'] } }, Action: 'kms:Decrypt', Resource: '*' });
    });

    // WHEN
    const facts = failing(runVerifier(verifier, [view], {}, { claimId: 'S2-05' }));

    // THEN
    expect(facts).toEqual([expect.objectContaining({
      found: '(no tenant-id tag)',
      note: expect.stringMatching(/the key is not tagged tenant-id; the key policy allows the roles of other tenants: \w+ \(tenant acme\)/),
    })]);
  });

  test('S2-05 fails when the templates hold no tenant role', () => {
    // GIVEN
    const view = viewOfTemplate({ Resources: { Role: { Type: 'AWS::IAM::Role', Properties: {} } } });

    // WHEN
    const facts = runVerifier(verifier, [view], {}, { claimId: 'S2-05' });

    // THEN
    expect(facts).toEqual([expect.objectContaining({ satisfied: false, found: '(none)', note: expect.stringMatching(/no tenant role in the templates/) })]);
  });

  test('S4-02 the tenant-deletion-schedules verifier proves a fleet\'s shard: one fact per tenant', () => {
    // WHEN
    const facts = runVerifier(DATA_VERIFIERS['tenant-deletion-schedules'], [viewOfStack(base.shardStacks[0])], {}, { claimId: 'S4-02' });

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts.map((f) => f.found)).toEqual(['14', '14', '14']);
  });
});
