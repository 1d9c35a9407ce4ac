import { createHash } from 'crypto';
import { App, Duration, Stack, Stage } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DataClass, DataProtectionPolicy, DataProtectionPolicyProps, Tenant, TenantFleet, TenantFleetProps } from '../../lib';
import { checkedApp, DEFAULT_POLICY, expectNoUnacknowledgedFindings } from '../helpers/compliance';

/** A fleet in a fresh App (or the given one) that holds a policy with the library defaults (14-day data retention). */
function fleetIn(props: TenantFleetProps, app: App = new App(), policy: Partial<DataProtectionPolicyProps> = {}): TenantFleet {
  new DataProtectionPolicy(app, 'Policy', { ...DEFAULT_POLICY, ...policy });
  return new TenantFleet(app, 'Fleet', { env: { region: 'us-east-1' }, ...props });
}

/** The CloudFormation resources of a type in a template, by logical id. */
/** The shard of each tenant, by tenant id. */
function placementOf(fleet: TenantFleet): Record<string, number> {
  return Object.fromEntries(fleet.tenants.map((t) => [t.tenantId, t.shard]));
}

function ofType(template: Template, type: string): Record<string, any> {
  return template.findResources(type);
}

/** The resolved text of a template value: `${Id.Arn}` for GetAtt, joins flattened. */
function flat(value: any): string {
  if (typeof value === 'string') {
    return value;
  }
  if (value?.['Fn::GetAtt']) {
    return `\${${value['Fn::GetAtt'].join('.')}}`;
  }
  if (value?.Ref) {
    return `\${${value.Ref}}`;
  }
  if (value?.['Fn::Join']) {
    return value['Fn::Join'][1].map(flat).join(value['Fn::Join'][0]);
  }
  return JSON.stringify(value);
}

/** Every resource an identity-policy document allows, flattened. */
function allowedResources(document: any): string[] {
  return document.Statement.filter((s: any) => s.Effect === 'Allow').flatMap((s: any) => [s.Resource].flat().map(flat));
}

/** The logical id and properties of the tenant's role. */
function roleOf(fleet: TenantFleet, tenantId: string): { id: string; properties: any } {
  const tenant = fleet.tenant(tenantId);
  const stack = Stack.of(tenant);
  const id = stack.getLogicalId(tenant.role.node.defaultChild as iam.CfnRole);
  return { id, properties: Template.fromStack(stack).toJSON().Resources[id].Properties };
}

describe('TenantFleet', () => {
  describe('a fleet of three tenants with the defaults', () => {
    let fleet: TenantFleet;
    let template: Template;
    let bucketId: string;
    let sharedKeyId: string;

    beforeAll(() => {
      // GIVEN / WHEN
      fleet = fleetIn({
        tenants: [{ tenantId: 'acme' }, { tenantId: 'globex', dedicatedKey: true }, { tenantId: 'initech', deleteAfter: Duration.days(30) }],
      });
      template = Template.fromStack(fleet.shardStacks[0]);
      [bucketId] = Object.keys(ofType(template, 'AWS::S3::Bucket')).filter((id) => id.startsWith('TenantData'));
      sharedKeyId = Stack.of(fleet.buckets[0]).getLogicalId(fleet.buckets[0].encryptionKey!.node.defaultChild as any);
    });

    test('S2-05 one shard stack Shard00 holds every tenant, and each tenant says so', () => {
      // THEN
      expect(fleet.shardStacks.map((s) => s.node.id)).toEqual(['Shard00']);
      expect(placementOf(fleet)).toEqual({ acme: 0, globex: 0, initech: 0 });
      expect(fleet.tenants.map((t) => [t.tenantId, t.prefix, t.shard])).toEqual([
        ['acme', 'tenants/acme/', 0], ['globex', 'tenants/globex/', 0], ['initech', 'tenants/initech/', 0],
      ]);
      expect(fleet.tenant('globex').bucket).toBe(fleet.buckets[0]);
      expect(() => fleet.tenant('hooli')).toThrow(/no tenant 'hooli' in this fleet/);
      expect(fleet.shardStacks[0].region).toBe('us-east-1');
    });

    test('S2-03 S2-02 S1-01 the shard bucket is a SecureBucket: KMS, versioned, no public access, access logs, data-class tag', () => {
      // THEN
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' }, BucketKeyEnabled: true }] },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
        Tags: Match.arrayWith([{ Key: 'data-class', Value: 'customer-data' }]),
      });
      expect(ofType(template, 'AWS::S3::Bucket')[bucketId].DeletionPolicy).toBe('Retain');
    });

    test('S4-02 a lifecycle rule per tenant that asked for one (deleteAfter); no default deletes a tenant\'s data', () => {
      // THEN acme and globex gave no deleteAfter: their data is kept until deleted (the old default expired it after the policy's 14 days)
      const rules = ofType(template, 'AWS::S3::Bucket')[bucketId].Properties.LifecycleConfiguration.Rules;
      expect(rules.filter((r: any) => r.Id.startsWith('tenant-'))).toEqual([
        { Id: 'tenant-initech', Prefix: 'tenants/initech/', ExpirationInDays: 30, NoncurrentVersionExpiration: { NoncurrentDays: 1 }, Status: 'Enabled' },
      ]);
      expect(rules.filter((r: any) => r.ExpirationInDays !== undefined).map((r: any) => r.Id)).toEqual(['tenant-initech']);
    });

    test('S2-05 each tenant role is tagged tenant-id=<id> and assumable by the account only with MFA', () => {
      // THEN
      for (const tenantId of ['acme', 'globex', 'initech']) {
        const { properties } = roleOf(fleet, tenantId);
        expect(properties.Tags).toEqual([{ Key: 'tenant-id', Value: tenantId }]);
        const [trust, ...others] = properties.AssumeRolePolicyDocument.Statement;
        expect(others).toEqual([]);
        expect(trust).toMatchObject({ Action: 'sts:AssumeRole', Effect: 'Allow', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } });
        expect(flat(trust.Principal.AWS)).toBe('arn:${AWS::Partition}:iam::${AWS::AccountId}:root');
      }
      template.resourceCountIs('AWS::IAM::Policy', 0);
      template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
    });

    test('S2-05 a tenant role\'s inline policy reaches exactly its prefix, its listing, and its key through S3', () => {
      // THEN
      const acme = roleOf(fleet, 'acme').properties.Policies[0].PolicyDocument;
      expect(allowedResources(acme)).toEqual([`\${${bucketId}.Arn}`, `\${${bucketId}.Arn}/tenants/acme/*`, `\${${sharedKeyId}.Arn}`]);
      expect(acme.Statement[0]).toMatchObject({ Action: 's3:ListBucket', Condition: { StringLike: { 's3:prefix': ['tenants/acme/', 'tenants/acme/*'] } } });
      expect(acme.Statement[2]).toMatchObject({ Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } });

      const globexKeyId = Stack.of(fleet.tenant('globex')).getLogicalId(fleet.tenant('globex').key!.node.defaultChild as any);
      const globex = roleOf(fleet, 'globex').properties.Policies[0].PolicyDocument;
      expect(allowedResources(globex)).toEqual([`\${${bucketId}.Arn}`, `\${${bucketId}.Arn}/tenants/globex/*`, `\${${globexKeyId}.Arn}`]);
    });

    test('S2-05 isolation: no tenant role allows anything under another tenant\'s prefix or another tenant\'s key', () => {
      // THEN
      const globexKeyId = Stack.of(fleet.tenant('globex')).getLogicalId(fleet.tenant('globex').key!.node.defaultChild as any);
      for (const tenantId of ['acme', 'initech']) {
        const resources = allowedResources(roleOf(fleet, tenantId).properties.Policies[0].PolicyDocument);
        expect(resources.filter((r) => r.includes('/tenants/') && !r.includes(`/tenants/${tenantId}/`))).toEqual([]);
        expect(resources.filter((r) => r.includes(globexKeyId))).toEqual([]);
      }
    });

    test('S2-05 the bucket denies tenant principals every object outside tenants/${aws:PrincipalTag/tenant-id}/ and every other listing', () => {
      // THEN
      const [policy] = Object.values(ofType(template, 'AWS::S3::BucketPolicy')).filter((p: any) => p.Properties.Bucket.Ref === bucketId) as any[];
      const statements = policy.Properties.PolicyDocument.Statement;
      const abac = statements.find((s: any) => s.Sid === 'DenyTenantsOutsideOwnPrefix');
      expect(abac).toMatchObject({
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:*',
        Condition: { Null: { 'aws:PrincipalTag/tenant-id': 'false' } },
      });
      expect(abac.NotResource.map(flat)).toEqual([`\${${bucketId}.Arn}`, `\${${bucketId}.Arn}/tenants/\${aws:PrincipalTag/tenant-id}/*`]);
      expect(statements.find((s: any) => s.Sid === 'DenyTenantsListingOtherPrefixes')).toMatchObject({
        Effect: 'Deny',
        Action: ['s3:ListBucket', 's3:ListBucketVersions'],
        Condition: {
          StringNotLike: { 's3:prefix': ['tenants/${aws:PrincipalTag/tenant-id}/', 'tenants/${aws:PrincipalTag/tenant-id}/*'] },
          Null: { 'aws:PrincipalTag/tenant-id': 'false' },
        },
      });
    });

    test('S2-05 a dedicated key: rotating, retained, tagged, denied to other tenants; writes under the prefix naming another key denied', () => {
      // THEN
      const globex = fleet.tenant('globex');
      const keyId = Stack.of(globex).getLogicalId(globex.key!.node.defaultChild as any);
      const key = ofType(template, 'AWS::KMS::Key')[keyId];
      expect(key.DeletionPolicy).toBe('RetainExceptOnCreate');
      expect(key.Properties.EnableKeyRotation).toBe(true);
      expect(key.Properties.Tags).toEqual([{ Key: 'tenant-id', Value: 'globex' }]);
      expect(key.Properties.KeyPolicy.Statement).toContainEqual({
        Sid: 'DenyUseToOtherTenants',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:PrincipalTag/tenant-id': 'globex' }, Null: { 'aws:PrincipalTag/tenant-id': 'false' } },
      });
      expect(ofType(template, 'AWS::KMS::Key')).not.toHaveProperty(['acme']);
      expect(fleet.tenant('acme').key).toBeUndefined();

      const statements = (Object.values(ofType(template, 'AWS::S3::BucketPolicy')) as any[])[0].Properties.PolicyDocument.Statement;
      const required = statements.find((s: any) => s.Action === 's3:PutObject' && s.Effect === 'Deny');
      expect(required).toMatchObject({
        Effect: 'Deny',
        Action: 's3:PutObject',
      });
      // S2-05 only StringNotEquals: it is true when the header is absent, so a write that names no key is refused too
      // (the old statement's Null false exempted such writes, which S3 encrypts with the bucket's key).
      expect(required.Condition).toEqual({
        StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': { 'Fn::GetAtt': [keyId, 'Arn'] } },
      });
      expect(flat(required.Resource)).toBe(`\${${bucketId}.Arn}/tenants/globex/*`);
      expect(statements.filter((s: any) => s.Action === 's3:PutObject')).toHaveLength(1);
    });

    test('S2-05 resources: 5 per shard, 1 per tenant, 2 with a dedicated key', () => {
      // THEN
      expect(Object.keys(template.toJSON().Resources)).toHaveLength(5 + 1 + 2 + 1);
      template.resourceCountIs('AWS::IAM::Role', 3);
      template.resourceCountIs('AWS::KMS::Key', 2);
    });
  });

  describe('grants', () => {
    test('S2-05 grantRead/grantWrite/grantReadWrite reach only the tenant\'s prefix and key', () => {
      // GIVEN
      const fleet = fleetIn({ tenants: [{ tenantId: 'acme' }, { tenantId: 'globex', dedicatedKey: true }] });
      const stack = fleet.shardStacks[0];
      const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      const writer = new iam.Role(stack, 'Writer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      const both = new iam.Role(stack, 'Both', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });

      // WHEN
      const grant = fleet.tenant('acme').grantRead(reader);
      fleet.tenant('acme').grantWrite(writer);
      fleet.tenant('globex').grantReadWrite(both);

      // THEN
      expect(grant.success).toBe(true);
      const policies = Template.fromStack(stack).toJSON().Resources;
      const documentOf = (role: iam.Role) => (Object.values(policies) as any[])
        .find((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles[0].Ref === stack.getLogicalId(role.node.defaultChild as iam.CfnRole)).Properties.PolicyDocument;
      const bucket = stack.getLogicalId(fleet.buckets[0].bucket.node.defaultChild as any);
      const sharedKey = stack.getLogicalId(fleet.buckets[0].encryptionKey!.node.defaultChild as any);
      const globexKey = stack.getLogicalId(fleet.tenant('globex').key!.node.defaultChild as any);
      expect(allowedResources(documentOf(reader))).toEqual([`\${${bucket}.Arn}`, `\${${bucket}.Arn}/tenants/acme/*`, `\${${sharedKey}.Arn}`]);
      expect(documentOf(reader).Statement[1].Action).toEqual(['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging']);
      expect(documentOf(reader).Statement[2].Action).toBe('kms:Decrypt');
      expect(documentOf(writer).Statement[1].Action).toEqual(['s3:PutObject', 's3:PutObjectTagging', 's3:DeleteObject', 's3:AbortMultipartUpload']);
      expect(allowedResources(documentOf(both))).toEqual([`\${${bucket}.Arn}`, `\${${bucket}.Arn}/tenants/globex/*`, `\${${globexKey}.Arn}`]);
      for (const role of [reader, writer]) {
        expect(allowedResources(documentOf(role)).filter((r) => r.includes('globex') || r.includes(globexKey))).toEqual([]);
      }
    });
  });

  describe('placement', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `tenant-${i}`);
    /** Tenant id -> [shard stack id, role logical id]. */
    function layout(tenantIds: string[]): Map<string, [string, string]> {
      const fleet = fleetIn({ shards: 4, tenants: tenantIds.map((tenantId) => ({ tenantId })) });
      const where = (t: Tenant): [string, string] => [Stack.of(t).artifactId, Stack.of(t).getLogicalId(t.role.node.defaultChild as iam.CfnRole)];
      return new Map(fleet.tenants.map((t) => [t.tenantId, where(t)]));
    }

    test('S2-05 stable sharding: adding tenant-100 and removing three tenants moves no other tenant, nor its logical ids', () => {
      // GIVEN
      const before = layout(ids(100));

      // WHEN
      const after = layout([...ids(100).filter((id) => !['tenant-3', 'tenant-50', 'tenant-77'].includes(id)), 'tenant-100']);

      // THEN
      expect(new Set([...before.values()].map(([stack]) => stack)).size).toBe(4);
      for (const [tenantId, where] of after) {
        if (tenantId !== 'tenant-100') {
          expect([tenantId, where]).toEqual([tenantId, before.get(tenantId)]);
        }
      }
      expect(after.size).toBe(98);
    });

    test('S2-05 the shard is the first 32 bits of SHA-256 of the tenant id modulo shards; a pin overrides it', () => {
      // GIVEN / WHEN
      const fleet = fleetIn({ shards: 3, tenants: [{ tenantId: 'a' }, { tenantId: 'acme' }, { tenantId: 'pinned', shard: 2 }] });

      // THEN (SHA-256('a') starts with ca978112)
      const hash = (s: string) => parseInt(createHash('sha256').update(s).digest('hex').slice(0, 8), 16);
      expect(hash('a')).toBe(0xca978112);
      expect(placementOf(fleet)).toEqual({ a: 0xca978112 % 3, acme: hash('acme') % 3, pinned: 2 });
      expect(fleet.shardStacks.map((s) => s.node.id)).toEqual(['Shard00', 'Shard01', 'Shard02']);
      expect(Stack.of(fleet.tenant('pinned')).node.id).toBe('Shard02');
    });

    test('S2-05 pins keep existing tenants in place when shards is raised', () => {
      // GIVEN
      const before = fleetIn({ shards: 2, tenants: ids(20).map((tenantId) => ({ tenantId })) });

      // WHEN the placement is recorded as pins, and shards raised to 5
      const after = fleetIn({ shards: 5, tenants: [...ids(20).map((tenantId) => ({ tenantId, shard: before.tenant(tenantId).shard })), { tenantId: 'new' }] });

      // THEN
      for (const tenantId of ids(20)) {
        expect(after.tenant(tenantId).shard).toBe(before.tenant(tenantId).shard);
        expect(Stack.of(after.tenant(tenantId)).node.id).toBe(Stack.of(before.tenant(tenantId)).node.id);
      }
      expect(after.shardStacks).toHaveLength(5);
    });

    test('S2-01 bucketNamePrefix names the shard buckets <prefix>-shardNN, so that other stacks can name them by a literal', () => {
      // GIVEN / WHEN
      const fleet = fleetIn({ shards: 2, bucketNamePrefix: 'acme-saas-tenants', tenants: [{ tenantId: 'acme' }] });

      // THEN
      expect(fleet.shardBucketNames).toEqual(['acme-saas-tenants-shard00', 'acme-saas-tenants-shard01']);
      Template.fromStack(fleet.shardStacks[1]).hasResourceProperties('AWS::S3::Bucket', { BucketName: 'acme-saas-tenants-shard01' });
      expect(fleetIn({ tenants: [] }).shardBucketNames).toEqual([]);
    });

    test('S2-05 a fleet in a Stage under a policy on the Stage records the claims in every shard stack', () => {
      // GIVEN
      const app = new App();
      const stage = new Stage(app, 'Prod');
      new DataProtectionPolicy(stage, 'Policy', { ...DEFAULT_POLICY, claims: ['S2-05', 'S4-02'] });

      // WHEN
      const fleet = new TenantFleet(stage, 'Fleet', { shards: 2, tenants: [{ tenantId: 'acme' }], env: { region: 'us-east-1' } });

      // THEN
      for (const stack of fleet.shardStacks) {
        const recorded = Template.fromStack(stack).toJSON().Metadata['cdk-data-protection'];
        expect(recorded.claims.map((c: any) => c.id)).toEqual(['S2-05', 'S4-02']);
      }
    });
  });

  describe('rejected input', () => {
    test.each<[string, Partial<TenantFleetProps>, RegExp]>([
      ['a bad id', { tenants: [{ tenantId: 'acme corp' }] }, /Fleet: tenantId must be 1-64 letters, digits, '-' or '_', got 'acme corp'/],
      ['an id of 65 characters', { tenants: [{ tenantId: 'a'.repeat(65) }] }, /tenantId must be 1-64 letters/],
      ['a duplicate id', { tenants: [{ tenantId: 'acme' }, { tenantId: 'acme' }] }, /tenants lists tenant 'acme' twice; tenant ids must be unique/],
      ['a deleteAfter shorter than the policy', { tenants: [{ tenantId: 'acme', deleteAfter: Duration.days(7) }] },
        /deleteAfter of tenant 'acme' must be at least the policy's dataRetention of 14 days \(DataProtectionPolicy at Policy\), got 7 days/],
      ['shards 0', { shards: 0, tenants: [] }, /shards must be a whole number from 1 to 1000, got 0/],
      ['shards 1.5', { shards: 1.5, tenants: [] }, /shards must be a whole number from 1 to 1000, got 1.5/],
      ['a pin out of range', { shards: 2, tenants: [{ tenantId: 'acme', shard: 2 }] }, /shard of tenant 'acme' must be a whole number from 0 to 1 \(shards is 2\), got 2/],
      ['a negative pin', { shards: 2, tenants: [{ tenantId: 'acme', shard: -1 }] }, /shard of tenant 'acme' must be a whole number from 0 to 1/],
      ['an upper-case bucketNamePrefix', { bucketNamePrefix: 'Acme', tenants: [] }, /bucketNamePrefix must be 3-54 lowercase letters, digits and single hyphens.*got 'Acme'/],
      ['a bucketNamePrefix of 55 characters', { bucketNamePrefix: 'a'.repeat(55), tenants: [] }, /bucketNamePrefix must be 3-54/],
    ])('refuses %s', (_what, props, message) => {
      // GIVEN / WHEN / THEN
      expect(() => fleetIn({ tenants: [], ...props })).toThrow(message);
    });

    test('refuses a fleet inside a Stack', () => {
      // GIVEN
      const app = new App();
      new DataProtectionPolicy(app, 'Policy', DEFAULT_POLICY);
      const stack = new Stack(app, 'Service');

      // WHEN / THEN
      expect(() => new TenantFleet(stack, 'Fleet', { tenants: [] }))
        .toThrow(/Service\/Fleet: a TenantFleet creates its own shard stacks and must be placed in an App or a Stage, got a scope inside the stack Service/);
    });

    test('refuses a fleet without a policy, and a data class the policy does not declare', () => {
      // GIVEN / WHEN / THEN
      expect(() => new TenantFleet(new App(), 'Fleet', { tenants: [] })).toThrow(/no DataProtectionPolicy applies here/);
      expect(() => fleetIn({ tenants: [] }, new App(), { dataClasses: [DataClass.INTERNAL] })).toThrow(/data class 'customer-data' is not declared/);
    });

    test('S2-05 refuses a shard over budget before creating anything, naming the shard, its load and the smallest shards that fits', () => {
      // GIVEN
      const app = new App();
      const tenants = Array.from({ length: 500 }, (_, i) => ({ tenantId: `tenant-${i}` }));

      // WHEN / THEN
      expect(() => fleetIn({ tenants }, app))
        .toThrow(/Fleet: shard Shard00 would hold 500 tenants: 505 resources \(budget 400, 80% of CloudFormation's 500\) and about \d+ KB of template \(budget 800 KB.*set shards to \d+ or more/);
      expect(app.node.findAll().filter((c) => Stack.isStack(c))).toEqual([]);
    });

    test('S2-05 refuses more than 32 dedicated keys in one shard (S3 bucket policies are limited to 20 KB)', () => {
      // GIVEN
      const tenants = Array.from({ length: 33 }, (_, i) => ({ tenantId: `t${i}`, dedicatedKey: true }));

      // WHEN / THEN
      expect(() => fleetIn({ tenants })).toThrow(/shard Shard00 would hold 33 tenants: 33 dedicated keys \(budget 32.*set shards to 2 or more/);
    });

    test('S2-05 says no number of shards fits when pins crowd one shard', () => {
      // GIVEN
      const tenants = Array.from({ length: 33 }, (_, i) => ({ tenantId: `t${i}`, dedicatedKey: true, shard: 0 }));

      // WHEN / THEN
      expect(() => fleetIn({ tenants, shards: 2 })).toThrow(/no number of shards fits: pinned tenants crowd one shard/);
    });
  });

  describe('compliance', () => {
    test('S2-15 S2-05 a fleet of three tenants (one with its own key) has no unacknowledged finding with every pack', () => {
      // GIVEN
      const app = checkedApp();

      // WHEN
      fleetIn({ tenants: [{ tenantId: 'acme' }, { tenantId: 'globex', dedicatedKey: true }, { tenantId: 'initech' }] }, app);

      // THEN
      expectNoUnacknowledgedFindings(app);
    });
  });
});
