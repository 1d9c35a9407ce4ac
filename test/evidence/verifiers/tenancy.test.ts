import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DataProtectionPolicy, TenantFleet } from '../../../lib';
import { Fact, StackView } from '../../../lib/evidence/model';
import { DATA_VERIFIERS } from '../../../lib/evidence/verifiers/data';
import { VERIFIERS } from '../../../lib/evidence/verifiers/index';
import { TENANCY_VERIFIERS } from '../../../lib/evidence/verifiers/tenancy';
import { TENANT_KEY_VERIFIERS } from '../../../lib/evidence/verifiers/tenant-keys';
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

/** The logical ids of a fleet's first shard: the tenant bucket, its policy and default key, the access-log bucket, the roles, globex's key. */
interface Ids {
  readonly bucket: string;
  readonly policy: string;
  readonly key: string;
  readonly logs: string;
  readonly acme: string;
  readonly globex: string;
  readonly initech: string;
  readonly globexKey: string;
}

/** Read from the synthesized template of `f`'s first shard. */
function idsOf(f: TenantFleet): Ids {
  const stack = f.shardStacks[0];
  const resources: Record<string, any> = Template.fromStack(stack).toJSON().Resources;
  const id = (c: any) => stack.getLogicalId(c.node.defaultChild);
  const bucket = id(f.buckets[0].bucket);
  const ofType = (type: string) => Object.keys(resources).filter((k) => resources[k].Type === type);
  return {
    bucket,
    policy: ofType('AWS::S3::BucketPolicy').find((k) => resources[k].Properties.Bucket.Ref === bucket)!,
    key: resources[bucket].Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID['Fn::GetAtt'][0],
    logs: ofType('AWS::S3::Bucket').find((k) => k !== bucket)!,
    acme: id(f.tenant('acme').role),
    globex: id(f.tenant('globex').role),
    initech: id(f.tenant('initech').role),
    globexKey: id(f.tenant('globex').key!),
  };
}

/** The shard's template as JSON, edited by `edit`, as the verifiers see it. */
function edited(f: TenantFleet, edit: (template: any, ids: Ids) => void): StackView {
  const stack = f.shardStacks[0];
  const template = JSON.parse(JSON.stringify(Template.fromStack(stack).toJSON()));
  edit(template, idsOf(f));
  return viewOfTemplate(template, { id: stack.artifactId });
}

/** The facts of S2-05 over one view. */
function verify(view: StackView): Fact[] {
  return runVerifier(verifier, [view], {}, { claimId: 'S2-05' });
}

/** `Fn::GetAtt` of a resource's Arn, or the `Fn::Join` of it and a suffix. */
function arn(id: string, suffix?: string): unknown {
  const att = { 'Fn::GetAtt': [id, 'Arn'] };
  return suffix === undefined ? att : { 'Fn::Join': ['', [att, suffix]] };
}

/** An Allow statement of an identity policy. */
function allow(action: string | string[], resource: unknown, condition?: unknown): Record<string, unknown> {
  return { Effect: 'Allow', Action: action, Resource: resource, ...(condition ? { Condition: condition } : {}) };
}

/** The statements of a tenant role's inline policy (ListOwnPrefix, OwnObjects, OwnKeyThroughS3). */
function inline(template: any, role: string): any[] {
  return template.Resources[role].Properties.Policies[0].PolicyDocument.Statement;
}

/** The ABAC deny of the tenant bucket's policy. */
function abacOf(template: any, ids: Ids): any {
  return template.Resources[ids.policy].Properties.PolicyDocument.Statement.find((s: any) => s.Sid === 'DenyTenantsOutsideOwnPrefix');
}

/** The fact about a tenant's role, and about a key's tag and policy. */
const roleFact = (facts: Fact[], tenant: string) => facts.find((f) => f.expected === `S3 only on tenants/${tenant}/* (listing only with s3:prefix tenants/${tenant}/)`);
const keyFact = (facts: Fact[], key: string) => facts.find((f) => f.logicalId === key && f.propertyPath === 'Properties.Tags');

const ABAC_EXPECTED = 'a bucket-policy Deny of s3:* to principals tagged tenant-id on everything but NotResource <bucket>/tenants/${aws:PrincipalTag/tenant-id}/* (Null aws:PrincipalTag/tenant-id false)';
const NO_ABAC = 'without it, a widened grant to a tenant role would reach other tenants\' objects';

describe('tenant-segregation (S2-05)', () => {
  let base: TenantFleet;
  let shard: Ids;
  /** The tenant bucket's Arn as the verifier reads it: `${Bucket.Arn}`. */
  let bucketArn: string;

  beforeAll(() => {
    base = fleet();
    shard = idsOf(base);
    bucketArn = `\${${shard.bucket}.Arn}`;
  });

  test('is registered under the name the catalog uses', () => {
    // THEN
    // The registered verifier is the area verifier plus the tenant-key facts (tenant-keys.ts).
    expect(VERIFIERS['tenant-segregation']).toBe(TENANT_KEY_VERIFIERS['tenant-segregation']);
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

  test('S2-05 fails when the templates hold no tenant role, naming the stacks it read or that none records the claim', () => {
    // GIVEN
    const noTenant = { Resources: { Role: { Type: 'AWS::IAM::Role', Properties: {} } } };

    // WHEN
    const facts = runVerifier(verifier, [viewOfTemplate(noTenant, { id: 'A' }), viewOfTemplate(noTenant, { id: 'B' })], {}, { claimId: 'S2-05' });

    // THEN
    expect(facts).toEqual([{
      stack: 'A, B',
      propertyPath: 'Resources[Type=AWS::IAM::Role].Properties.Tags[tenant-id]',
      expected: 'an IAM role per tenant, tagged tenant-id, that reaches only its own prefix',
      found: '(none)',
      satisfied: false,
      note: 'no tenant role in the templates: a TenantFleet makes one per tenant',
    }]);
    expect(runVerifier(verifier, [], {}, { claimId: 'S2-05' }).map((f) => f.stack)).toEqual(['(no stack records the claim)']);
  });

  // Regression: the "no tenant role" fact used to be stated only when there was no fact at all, so a tagged
  // tenant key alone proved S2-05.
  test('S2-05 fails templates that hold a tenant\'s key but no tenant role', () => {
    // GIVEN
    const view = edited(base, (t) => Object.keys(t.Resources).filter((k) => t.Resources[k].Type === 'AWS::IAM::Role').forEach((k) => delete t.Resources[k]));

    // WHEN
    const facts = verify(view);

    // THEN
    expect(proves(facts)).toBe(false);
    expect(facts).toContainEqual(expect.objectContaining({ found: '(none)', note: 'no tenant role in the templates: a TenantFleet makes one per tenant' }));
  });

  test('S2-05 reads the managed policies attached to a tenant role, by their Roles or the role\'s ManagedPolicyArns, and no others', () => {
    // GIVEN acme's own managed policy reaches globex's prefix, one shared by globex and initech reaches initech's; initech has no inline policy
    const view = edited(base, (t, ids) => {
      t.Resources[ids.acme].Properties.ManagedPolicyArns = [{ Ref: 'AcmeExtra' }];
      delete t.Resources[ids.initech].Properties.Policies;
      t.Resources.AcmeExtra = {
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: { PolicyDocument: { Statement: [allow('s3:GetObject', arn(ids.bucket, '/tenants/globex/*'))] } },
      };
      t.Resources.InitechProfile = { Type: 'AWS::IAM::InstanceProfile', Properties: { Roles: [{ Ref: ids.initech }] } };
      t.Resources.SharedRead = {
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: { Roles: [{ Ref: ids.globex }, { Ref: ids.initech }], PolicyDocument: { Statement: [allow('s3:GetObject', arn(ids.bucket, '/tenants/initech/*'))] } },
      };
    });

    // WHEN
    const facts = verify(view);

    // THEN
    const b = bucketArn;
    expect(failing(facts)).toEqual([
      expect.objectContaining({ found: `${b}, ${b}/tenants/acme/*, ${b}/tenants/globex/*`, note: `${b}/tenants/globex/* is outside the tenant's prefix tenants/acme/` }),
      expect.objectContaining({ found: `${b}, ${b}/tenants/globex/*, ${b}/tenants/initech/*`, note: `${b}/tenants/initech/* is outside the tenant's prefix tenants/globex/` }),
    ]);
    expect(roleFact(facts, 'initech')).toMatchObject({
      logicalId: 'SharedRead',
      propertyPath: 'Properties.PolicyDocument',
      found: `${b}/tenants/initech/*`,
      satisfied: true,
      note: 'role of tenant initech',
    });
  });

  // Regression: a managed policy named only by its ARN (AWS managed, or another stack's) used to be skipped, so a
  // tenant role with AmazonS3FullAccess was stated as reaching only its own prefix.
  test('S2-05 fails a tenant role with a managed policy the template does not declare (AmazonS3FullAccess)', () => {
    // GIVEN
    const f = fleet((x) => x.tenant('acme').role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonS3FullAccess')));

    // WHEN
    const facts = runVerifier(verifier, [viewOfStack(f.shardStacks[0])], {}, { claimId: 'S2-05' });

    // THEN
    expect(roleFact(facts, 'acme')).toMatchObject({ satisfied: false, note: expect.stringContaining('AmazonS3FullAccess') });
  });

  test('S2-05 proves a tenant role without any policy (no S3 access, stated at its Policies) and a tagged key that no role uses', () => {
    // GIVEN
    const view = edited(base, (t, ids) => delete t.Resources[ids.globex].Properties.Policies);

    // WHEN
    const facts = verify(view);

    // THEN
    expect(proves(facts)).toBe(true);
    expect(roleFact(facts, 'globex')).toMatchObject({ logicalId: shard.globex, propertyPath: 'Properties.Policies', found: '(no S3 access)', note: 'role of tenant globex' });
    expect(keyFact(facts, shard.globexKey)).toMatchObject({
      expected: 'tagged tenant-id=globex; the key policy allows no other tenant\'s role',
      found: 'tenant-id=globex',
      note: 'key of tenant globex',
    });
  });

  test('S2-05 takes `*`, s3:* and s3* in any case as S3 actions, also in a statement with other services\' actions', () => {
    // GIVEN
    const view = edited(base, (t, ids) => {
      inline(t, ids.acme).push(allow('*', arn(ids.bucket, '/tenants/globex/*')));
      inline(t, ids.globex).push(allow(['sqs:SendMessage', 'S3:GetObject'], arn(ids.bucket, '/tenants/initech/*')));
      inline(t, ids.initech).push(allow('s3*', arn(ids.bucket, '/tenants/acme/*')), allow('sqs:SendMessage', 'arn:aws:sqs:us-east-1:123456789012:queue'));
    });

    // WHEN
    const facts = failing(verify(view));

    // THEN
    expect(facts.map((f) => f.note)).toEqual([
      `${bucketArn}/tenants/globex/* is outside the tenant's prefix tenants/acme/`,
      `${bucketArn}/tenants/initech/* is outside the tenant's prefix tenants/globex/`,
      `${bucketArn}/tenants/acme/* is outside the tenant's prefix tenants/initech/`,
    ]);
  });

  test('S2-05 never allows NotAction or NotResource in a tenant role\'s policy, and reads only its Allow statements', () => {
    // GIVEN
    const view = edited(base, (t, ids) => {
      inline(t, ids.acme).push({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' });
      inline(t, ids.globex).push({ Effect: 'Allow', Action: 's3:GetObject', NotResource: ['arn:aws:s3:::other/*'] });
      inline(t, ids.initech).push({ Effect: 'Deny', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', NotAction: 's3:GetObject', NotResource: '*' });
    });

    // WHEN
    const facts = verify(view);

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({ found: `${bucketArn}, ${bucketArn}/tenants/acme/*`, note: 'a statement allows NotAction/NotResource (iam:*), which reaches beyond the tenant\'s prefix' }),
      expect.objectContaining({ note: 'a statement allows NotAction/NotResource (["arn:aws:s3:::other/*"]), which reaches beyond the tenant\'s prefix' }),
    ]);
    expect(roleFact(facts, 'initech')).toMatchObject({ satisfied: true, found: `${bucketArn}, ${bucketArn}/tenants/initech/*` });
  });

  test('S2-05 fails actions on a bucket itself other than listing, and a resource with nothing before its slash', () => {
    // GIVEN
    const view = edited(base, (t, ids) => {
      inline(t, ids.acme).push(allow('s3:GetObject', '/tenants/globex/*'));
      inline(t, ids.globex).push(allow(['s3:ListBucket', 's3:PutBucketPolicy'], arn(ids.bucket), { StringLike: { 's3:prefix': 'tenants/globex/' } }));
    });

    // WHEN
    const facts = failing(verify(view));

    // THEN
    expect(facts.map((f) => f.note)).toEqual([
      '/tenants/globex/* is outside the tenant\'s prefix tenants/acme/',
      `s3:ListBucket, s3:PutBucketPolicy on the bucket ${bucketArn} itself (only listing its own prefix is a tenant's)`,
    ]);
  });

  test('S2-05 reads the s3:prefix of a listing under StringLike or StringEquals, in any case: every prefix must start with the tenant\'s own', () => {
    // GIVEN acme lists under StringEquals; globex also lists a prefix that only starts with its name, and acme's; initech has no prefix, or an empty list
    const view = edited(base, (t, ids) => {
      inline(t, ids.acme)[0].Condition = { StringEquals: { 'S3:Prefix': ['tenants/acme/', 'tenants/acme/reports/'] } };
      inline(t, ids.globex)[0].Condition.StringLike['s3:prefix'] = ['tenants/globex/', 'tenants/globex-corp/'];
      inline(t, ids.globex).push(allow('s3:ListBucketVersions', arn(ids.bucket), { StringLike: { 's3:prefix': 'tenants/acme/' } }));
      inline(t, ids.initech)[0].Condition = { StringLike: null, StringEquals: { 's3:delimiter': '/' } };
      inline(t, ids.initech).push(allow('s3:ListBucket', arn(ids.bucket), { StringLike: { 's3:prefix': [] } }));
    });

    // WHEN
    const facts = failing(verify(view));

    // THEN
    const listing = (tenant: string, found: string) => `listing of ${bucketArn} is not limited to s3:prefix tenants/${tenant}/ (found ${found})`;
    expect(facts.map((f) => f.note)).toEqual([
      `${listing('globex', 'tenants/globex/, tenants/globex-corp/')}; ${listing('globex', 'tenants/acme/')}`,
      `${listing('initech', 'no s3:prefix condition')}; ${listing('initech', '')}`,
    ]);
  });

  test('S2-05 takes a KMS action or `*` on a key as using it: another tenant\'s key fails, an untagged key a role uses is its tenant\'s', () => {
    // GIVEN acme reaches globex's key (by Ref) with `*` and tags a spare key; initech's two roles use an untagged key in statements with SQS actions
    const view = edited(base, (t, ids) => {
      t.Resources.InitechKey = { Type: 'AWS::KMS::Key', Properties: {} };
      t.Resources.SpareKey = { Type: 'AWS::KMS::Key', Properties: {} };
      t.Resources.InitechReader = {
        Type: 'AWS::IAM::Role',
        Properties: {
          Tags: [{ Key: 'tenant-id', Value: 'initech' }],
          Policies: [{ PolicyName: 'Keys', PolicyDocument: { Statement: [allow(['kms:Decrypt', 'sqs:ReceiveMessage'], arn('InitechKey'))] } }],
        },
      };
      inline(t, ids.acme).push(allow('*', { Ref: ids.globexKey }), allow('tag:TagResources', arn('SpareKey')));
      inline(t, ids.initech).push(allow(['kms:Encrypt', 'sqs:SendMessage'], arn('InitechKey')));
    });

    // WHEN
    const facts = verify(view);

    // THEN
    expect(keyFact(facts, shard.globexKey)).toMatchObject({ found: 'tenant-id=globex', satisfied: false, note: 'the key is tagged globex but used by the role of tenant (several tenants)' });
    expect(keyFact(facts, 'InitechKey')).toMatchObject({
      expected: 'tagged tenant-id=initech; the key policy allows no other tenant\'s role',
      found: '(no tenant-id tag)',
      satisfied: false,
      note: 'the key is not tagged tenant-id',
    });
    expect(facts.filter((f) => f.logicalId === 'SpareKey')).toEqual([]);
    expect(roleFact(facts, 'acme')?.note).toBe(`* on the bucket \${${shard.globexKey}} itself (only listing its own prefix is a tenant's)`);
  });

  test('S2-05 reads the Allow statements of a tenant key\'s policy: other tenants\' roles (one or a list) fail it; its own role, other roles, a Deny do not', () => {
    // GIVEN
    const view = edited(base, (t, ids) => {
      const statement = (effect: string, principal: unknown) => ({ Effect: effect, Principal: { AWS: principal }, Action: 'kms:Decrypt', Resource: '*' });
      t.Resources.AdminRole = { Type: 'AWS::IAM::Role', Properties: {} };
      t.Resources[ids.globexKey].Properties.KeyPolicy.Statement.push(
        statement('Allow', [arn(ids.acme), 'arn:aws:iam::123456789012:root', arn(ids.initech)]),
        statement('Allow', arn(ids.globex)),
        statement('Allow', { Ref: 'AdminRole' }),
        statement('Deny', arn(ids.acme)));
    });

    // WHEN
    const facts = failing(verify(view));

    // THEN
    expect(facts).toEqual([expect.objectContaining({
      logicalId: shard.globexKey,
      found: 'tenant-id=globex',
      note: `the key policy allows the roles of other tenants: ${shard.acme} (tenant acme), ${shard.initech} (tenant initech)`,
    })]);
  });

  test.each<[string, (template: any, ids: Ids) => void]>([
    ['no default encryption', (t, ids) => delete t.Resources[ids.bucket].Properties.BucketEncryption],
    ['a default encryption with an alias', (t, ids) => {
      t.Resources[ids.bucket].Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID = 'alias/aws/s3';
    }],
  ])('S2-05 takes the key the tenant roles share as a tenant key once their bucket has %s', (_, edit) => {
    // GIVEN
    const view = edited(base, edit);

    // WHEN
    const facts = failing(verify(view));

    // THEN
    expect(facts).toEqual([expect.objectContaining({
      logicalId: shard.key,
      expected: 'tagged tenant-id=(several tenants); the key policy allows no other tenant\'s role',
      found: '(no tenant-id tag)',
      note: 'the key is not tagged tenant-id',
    })]);
  });

  test('S2-05 finds the ABAC deny in a second policy of the bucket, with Principal `*` and `*` among its actions', () => {
    // GIVEN
    const view = edited(base, (t, ids) => {
      const abac = abacOf(t, ids);
      const document = t.Resources[ids.policy].Properties.PolicyDocument;
      document.Statement = document.Statement.filter((s: any) => s !== abac);
      t.Resources.SecondPolicy = {
        Type: 'AWS::S3::BucketPolicy',
        Properties: { Bucket: { Ref: ids.bucket }, PolicyDocument: { Statement: [{ ...abac, Principal: '*', Action: ['s3:GetObject', '*'] }] } },
      };
    });

    // WHEN
    const facts = verify(view);

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts.find((f) => f.logicalId === 'SecondPolicy')).toMatchObject({
      propertyPath: 'Properties.PolicyDocument.Statement.0',
      expected: ABAC_EXPECTED,
      found: `Deny s3:GetObject, * NotResource ${bucketArn}, ${bucketArn}/tenants/\${aws:PrincipalTag/tenant-id}/*`,
    });
  });

  test.each<[string, (abac: any, ids: Ids) => void]>([
    ['Effect Allow', (s) => s.Effect = 'Allow'],
    ['a named principal', (s, ids) => s.Principal = { AWS: arn(ids.acme) }],
    ['actions that are not s3:* or *', (s) => s.Action = ['s3:PutObject', 's3:DeleteObject']],
    ['a NotResource of every tenant\'s prefix', (s, ids) => s.NotResource = [arn(ids.bucket), arn(ids.bucket, '/tenants/*')]],
    ['Null true (it denies untagged principals only)', (s) => s.Condition.Null['aws:PrincipalTag/tenant-id'] = 'true'],
    ['Null false or true', (s) => s.Condition.Null['aws:PrincipalTag/tenant-id'] = ['false', 'true']],
    ['no Null condition', (s) => delete s.Condition],
  ])('S2-05 fails a bucket whose ABAC deny has %s', (_, change) => {
    // GIVEN
    const view = edited(base, (t, ids) => change(abacOf(t, ids), ids));

    // WHEN
    const facts = failing(verify(view));

    // THEN
    expect(facts).toEqual([expect.objectContaining({ logicalId: shard.policy, propertyPath: 'Properties.PolicyDocument', found: 'no such Deny statement', note: NO_ABAC })]);
  });

  // Regression: the ABAC deny used to need only one NotResource ending with the ABAC pattern; one that also lists
  // <bucket>/* exempts every object from the deny, which then keeps no tenant out of another's prefix.
  test('S2-05 fails an ABAC deny whose NotResource also exempts every object of the bucket', () => {
    // GIVEN
    const view = edited(base, (t, ids) => abacOf(t, ids).NotResource.push(arn(ids.bucket, '/*')));

    // WHEN
    const facts = failing(verify(view));

    // THEN
    expect(facts).toEqual([expect.objectContaining({ logicalId: shard.policy, found: 'no such Deny statement' })]);
  });

  test('S2-05 looks for the ABAC deny only in the bucket\'s own policies: not another bucket\'s, not an access point\'s', () => {
    // GIVEN the deny moved to the access-log bucket's policy; no bucket policy but an access point on the bucket
    const moved = edited(base, (t, ids) => {
      const abac = abacOf(t, ids);
      const document = t.Resources[ids.policy].Properties.PolicyDocument;
      document.Statement = document.Statement.filter((s: any) => s !== abac);
      Object.values<any>(t.Resources).find((r) => r.Type === 'AWS::S3::BucketPolicy' && r.Properties.Bucket.Ref === ids.logs).Properties.PolicyDocument.Statement.push(abac);
    });
    const none = edited(base, (t, ids) => {
      delete t.Resources[ids.policy];
      t.Resources.TenantAccessPoint = { Type: 'AWS::S3::AccessPoint', Properties: { Bucket: { Ref: ids.bucket }, Name: 'tenants' } };
    });

    // WHEN
    const facts = [failing(verify(moved)), failing(verify(none))];

    // THEN
    expect(facts).toEqual([
      [expect.objectContaining({ logicalId: shard.policy, propertyPath: 'Properties.PolicyDocument', found: 'no such Deny statement', note: NO_ABAC })],
      [expect.objectContaining({ logicalId: shard.bucket, propertyPath: 'Resources[Type=AWS::S3::BucketPolicy]', found: '(no bucket policy)', note: NO_ABAC })],
    ]);
  });

  test('S2-05 a * grant on another tenant\'s key fails the role and the key, and is not taken for a bucket without a policy', () => {
    // GIVEN acme allowed everything on globex's key
    const view = edited(base, (t, ids) => inline(t, ids.acme).push(allow('*', arn(ids.globexKey))));

    // WHEN
    const facts = verify(view);

    // THEN the role and the key fail; no bucket-policy fact names the key
    expect(roleFact(facts, 'acme')).toMatchObject({ satisfied: false });
    expect(keyFact(facts, shard.globexKey)).toMatchObject({ satisfied: false, note: 'the key is tagged globex but used by the role of tenant (several tenants)' });
    expect(facts.filter((f) => f.logicalId === shard.globexKey).map((f) => f.propertyPath)).toEqual(['Properties.Tags']);
  });

  test('S2-05 fails a bucket the roles reach that the template does not declare, read from the ${Id} at the start of an ARN only', () => {
    // GIVEN
    const view = edited(base, (t, ids) => inline(t, ids.acme).push(
      allow('s3:GetObject', { 'Fn::Sub': '${Elsewhere.Arn}/tenants/acme/*' }),
      allow('s3:GetObject', { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::shared-${Suffix}/tenants/acme/*' })));

    // WHEN
    const facts = failing(verify(view));

    // THEN
    expect(facts).toEqual([{
      stack: view.id,
      logicalId: 'Elsewhere',
      propertyPath: 'Resources',
      expected: ABAC_EXPECTED,
      found: '(the bucket is not in the template)',
      satisfied: false,
      note: 'the tenant roles reach a bucket this stack does not declare, whose policy the template cannot show',
    }]);
  });

  test('S2-05 reads past null entries and absent parts: policies, statements, principals, default encryption', () => {
    // GIVEN
    const view = edited(base, (t, ids) => {
      t.Resources[ids.acme].Properties.Policies.push(null);
      inline(t, ids.acme).push(null);
      t.Resources[ids.policy].Properties.PolicyDocument.Statement.unshift({ Effect: 'Deny', Action: 's3:*', Resource: '*' });
      t.Resources[ids.globexKey].Properties.KeyPolicy.Statement.push(null, { Effect: 'Allow', Action: 'kms:DescribeKey', Resource: '*' });
      t.Resources[ids.logs].Properties.BucketEncryption.ServerSideEncryptionConfiguration.unshift(null, { BucketKeyEnabled: true });
      t.Resources.PlainBucket = { Type: 'AWS::S3::Bucket', Properties: {} };
    });

    // WHEN
    const facts = verify(view);

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts.map((f) => f.propertyPath)).toEqual([
      'Properties.Policies.0.PolicyDocument',
      'Properties.Policies.0.PolicyDocument',
      'Properties.Policies.0.PolicyDocument',
      'Properties.PolicyDocument.Statement.3',
      'Properties.Tags',
    ]);
  });

  test('S4-02 the tenant-deletion-schedules verifier proves a fleet\'s shard: one fact per tenant', () => {
    // GIVEN tenants with their deletion schedules (a tenant without one keeps its data: no default deletes it)
    const app = new App();
    new DataProtectionPolicy(app, 'Policy', { ...DEFAULT_POLICY, claims: ['S2-05', 'S4-02'] });
    const scheduled = new TenantFleet(app, 'Fleet', {
      tenants: [{ tenantId: 'acme', deleteAfter: Duration.days(30) }, { tenantId: 'globex', deleteAfter: Duration.days(90) }, { tenantId: 'initech' }],
      env: { region: 'us-east-1' },
    });

    // WHEN
    const facts = runVerifier(DATA_VERIFIERS['tenant-deletion-schedules'], [viewOfStack(scheduled.shardStacks[0])], {}, { claimId: 'S4-02' });

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts.map((f) => f.found)).toEqual(['30', '90']);
  });
});
