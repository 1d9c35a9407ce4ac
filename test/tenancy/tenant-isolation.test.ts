import { runSimulation } from '@cloud-copilot/iam-simulate';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DataProtectionPolicy, TenantFleet } from '../../lib';
import { DEFAULT_POLICY } from '../helpers/compliance';
import { literalPolicy, roleArn, SIMULATED_ACCOUNT } from '../helpers/literal-policy';

const ACCOUNT = SIMULATED_ACCOUNT;
const BUCKET = 'arn:aws:s3:::tenant-data';

/** The policies of a fleet's shard, with every intrinsic replaced by a literal ARN. */
interface Shard {
  readonly bucketPolicy: any;
  readonly roles: Map<string, { arn: string; policy: any }>;
  readonly keyArn: (tenantId: string) => string;
}

function shardOf(fleet: TenantFleet): Shard {
  const stack = fleet.shardStacks[0];
  const resources = Template.fromStack(stack).toJSON().Resources;
  const bucketId = stack.getLogicalId(fleet.buckets[0].bucket.node.defaultChild as any);
  const resolve = (value: any): any => literalPolicy(value, (id) => (id === bucketId ? BUCKET
    : resources[id].Type === 'AWS::KMS::Key' ? `arn:aws:kms:us-east-1:${ACCOUNT}:key/${id}` : roleArn(id)));
  const [bucketPolicy] = Object.values<any>(resources).filter((r) => r.Type === 'AWS::S3::BucketPolicy' && r.Properties.Bucket.Ref === bucketId);
  const roles = new Map(fleet.tenants.map((t) => {
    const id = Stack.of(t).getLogicalId(t.role.node.defaultChild as any);
    return [t.tenantId, { arn: roleArn(id), policy: resolve(resources[id].Properties.Policies[0].PolicyDocument) }];
  }));
  return {
    bucketPolicy: resolve(bucketPolicy.Properties.PolicyDocument),
    roles,
    keyArn: (tenantId) => `arn:aws:kms:us-east-1:${ACCOUNT}:key/${stack.getLogicalId(fleet.tenant(tenantId).key!.node.defaultChild as any)}`,
  };
}

interface Request {
  readonly tenant: string;
  readonly action: string;
  readonly resource: string;
  readonly context?: Record<string, string>;
  /** Replaces the tenant role's own policy (a widened grant). */
  readonly identityPolicy?: any;
}

async function decide(shard: Shard, req: Request): Promise<string> {
  const role = shard.roles.get(req.tenant)!;
  const result: any = await runSimulation({
    request: {
      principal: role.arn,
      action: req.action,
      resource: { resource: req.resource, accountId: ACCOUNT },
      contextVariables: {
        'aws:SecureTransport': 'true',
        's3:TlsVersion': '1.3',
        'aws:PrincipalTag/tenant-id': req.tenant,
        ...req.context,
      },
    },
    identityPolicies: [{ name: 'TenantData', policy: req.identityPolicy ?? role.policy }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: shard.bucketPolicy,
  }, {});
  if (result.resultType === 'error') {
    throw new Error(`simulation failed: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult;
}

describe('TenantFleet isolation (evaluated with iam-simulate)', () => {
  let shard: Shard;

  beforeAll(() => {
    // GIVEN a fleet of two tenants, globex with its own key
    const app = new App();
    new DataProtectionPolicy(app, 'Policy', DEFAULT_POLICY);
    shard = shardOf(new TenantFleet(app, 'Fleet', { tenants: [{ tenantId: 'acme' }, { tenantId: 'globex', dedicatedKey: true }], env: { region: 'us-east-1' } }));
  });

  test('S2-05 a tenant\'s role reads and writes its own objects and lists its own prefix', async () => {
    // WHEN / THEN
    expect(await decide(shard, { tenant: 'acme', action: 's3:GetObject', resource: `${BUCKET}/tenants/acme/report.csv` })).toBe('Allowed');
    expect(await decide(shard, { tenant: 'acme', action: 's3:PutObject', resource: `${BUCKET}/tenants/acme/report.csv` })).toBe('Allowed');
    expect(await decide(shard, { tenant: 'acme', action: 's3:ListBucket', resource: BUCKET, context: { 's3:prefix': 'tenants/acme/' } })).toBe('Allowed');
  });

  test('S2-05 a tenant\'s role cannot read, write or list another tenant\'s objects', async () => {
    // WHEN / THEN
    expect(await decide(shard, { tenant: 'acme', action: 's3:GetObject', resource: `${BUCKET}/tenants/globex/report.csv` })).not.toBe('Allowed');
    expect(await decide(shard, { tenant: 'acme', action: 's3:PutObject', resource: `${BUCKET}/tenants/globex/report.csv` })).not.toBe('Allowed');
    expect(await decide(shard, { tenant: 'acme', action: 's3:ListBucket', resource: BUCKET, context: { 's3:prefix': 'tenants/globex/' } })).not.toBe('Allowed');
    expect(await decide(shard, { tenant: 'acme', action: 's3:ListBucket', resource: BUCKET })).not.toBe('Allowed');
  });

  test('S2-05 the bucket policy denies a tenant\'s role another tenant\'s objects even when its grant is widened to the whole bucket', async () => {
    // GIVEN a role policy widened through an escape hatch
    const widened = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: [BUCKET, `${BUCKET}/*`] }] };

    // WHEN / THEN
    expect(await decide(shard, { tenant: 'acme', action: 's3:GetObject', resource: `${BUCKET}/tenants/globex/report.csv`, identityPolicy: widened }))
      .toBe('ExplicitlyDenied');
    expect(await decide(shard, { tenant: 'acme', action: 's3:DeleteObject', resource: `${BUCKET}/shared/config.json`, identityPolicy: widened }))
      .toBe('ExplicitlyDenied');
    expect(await decide(shard, { tenant: 'acme', action: 's3:ListBucket', resource: BUCKET, context: { 's3:prefix': 'tenants/' }, identityPolicy: widened }))
      .toBe('ExplicitlyDenied');
    expect(await decide(shard, { tenant: 'acme', action: 's3:GetObject', resource: `${BUCKET}/tenants/acme/report.csv`, identityPolicy: widened }))
      .toBe('Allowed');
  });

  test('S2-05 writes under a tenant with its own key must name that key: another key, or no key header at all, is denied', async () => {
    // WHEN / THEN
    const own = shard.keyArn('globex');
    const put = (key?: string) => decide(shard, {
      tenant: 'globex',
      action: 's3:PutObject',
      resource: `${BUCKET}/tenants/globex/report.csv`,
      context: key ? { 's3:x-amz-server-side-encryption-aws-kms-key-id': key } : {},
    });
    expect(await put(own)).toBe('Allowed');
    expect(await put(`arn:aws:kms:us-east-1:${ACCOUNT}:key/other`)).toBe('ExplicitlyDenied');
    // Without the header S3 would encrypt with the bucket's default key: the bucket policy denies it for every principal
    // (the old statement's Null false let it through). UploadPart sends no header either: no multipart uploads here.
    expect(await put()).toBe('ExplicitlyDenied');
    expect(JSON.stringify(shard.roles.get('globex')!.policy)).not.toContain('TenantDataKey');
  });
});
