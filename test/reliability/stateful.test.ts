import * as fs from 'fs';
import * as path from 'path';
import { appNamed, appSources, byCodePoint, SYNTHESIS_TIMEOUT_MS, SynthesizedApp, synthesizedApps } from '../helpers/assemblies';

/**
 * No data lost: every resource that holds data, in every template of the reference app and of
 * every example, survives a stack deletion and a replacement, and keeps its logical id.
 *
 * The resource types that hold data, and what they hold. A type missing here is not checked:
 * add every new data store (test/helpers/assemblies.ts lists the apps).
 */
const STATEFUL_TYPES: Record<string, string> = {
  'AWS::Backup::BackupVault': 'recovery points',
  'AWS::Backup::LogicallyAirGappedBackupVault': 'recovery points',
  'AWS::CloudTrail::EventDataStore': 'audit events',
  'AWS::Cognito::UserPool': 'user accounts and their attributes',
  'AWS::DocDB::DBCluster': 'documents',
  'AWS::DynamoDB::GlobalTable': 'items',
  'AWS::DynamoDB::Table': 'items',
  'AWS::EC2::Volume': 'block storage',
  'AWS::ECR::Repository': 'container images',
  'AWS::EFS::FileSystem': 'files',
  'AWS::ElastiCache::CacheCluster': 'cached data',
  'AWS::ElastiCache::ReplicationGroup': 'cached data',
  'AWS::Elasticsearch::Domain': 'indexed documents',
  'AWS::FSx::FileSystem': 'files',
  'AWS::KMS::Key': 'key material: deleting a key makes everything encrypted with it unreadable',
  'AWS::Kinesis::Stream': 'records, kept up to 365 days',
  'AWS::Logs::LogGroup': 'log events (audit trail, application logs)',
  'AWS::MemoryDB::Cluster': 'in-memory data',
  'AWS::Neptune::DBCluster': 'graph data',
  'AWS::OpenSearchService::Domain': 'indexed documents',
  'AWS::RDS::DBCluster': 'relational data',
  'AWS::RDS::DBInstance': 'relational data',
  'AWS::Redshift::Cluster': 'warehouse data',
  'AWS::S3::Bucket': 'objects',
  'AWS::S3Express::DirectoryBucket': 'objects',
  'AWS::SecretsManager::Secret': 'secret values (credentials, API keys)',
  'AWS::Timestream::Table': 'time series',
};

/**
 * The types for which CloudFormation accepts `Snapshot`.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html
 */
const SNAPSHOT_TYPES = new Set([
  'AWS::DocDB::DBCluster', 'AWS::EC2::Volume', 'AWS::ElastiCache::CacheCluster', 'AWS::ElastiCache::ReplicationGroup',
  'AWS::Neptune::DBCluster', 'AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::Redshift::Cluster',
]);

/**
 * The types that may be `RetainExceptOnCreate` instead of `Retain` (DeletionPolicy only: the
 * UpdateReplacePolicy stays Retain or Snapshot), with why that loses nothing. RetainExceptOnCreate
 * behaves like Retain for every stack operation but the one that created the resource: when that
 * operation rolls back, CloudFormation deletes the resource, so a retry does not fail on a kept
 * resource of the same name. Right only where the resource holds no data when its own create rolls
 * back, and where CloudFormation can delete it then:
 * - not S3 buckets: log delivery writes into a log bucket during the deploy (the load balancer's
 *   test object, CloudTrail, Config), and CloudFormation cannot delete a bucket that is not empty,
 *   which would turn the rollback into ROLLBACK_FAILED; buckets are unnamed, so a retry never collides;
 * - not a resource created from existing data (a snapshot, another instance): it holds data at once.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html
 */
const RETAIN_EXCEPT_ON_CREATE: Record<string, string> = {
  'AWS::Backup::BackupVault': 'empty until the first scheduled backup, after the deploy; a locked vault is still in its grace time',
  'AWS::KMS::Key': 'encrypts nothing yet: what it encrypts is created by the same deploy and rolled back with it (the deletion is scheduled, 7-30 days)',
  'AWS::Logs::LogGroup': 'holds only the logs of the failed deploy itself; its fixed name would make the retry fail if it were kept',
  'AWS::RDS::DBInstance': 'a new, empty instance (deletion protection is turned on after the create, so the rollback can delete it)',
};

/** The properties that create a resource from existing data: it holds data from the start. */
const FROM_EXISTING_DATA = ['DBSnapshotIdentifier', 'SourceDBInstanceIdentifier', 'SourceDBInstanceAutomatedBackupsArn', 'SnapshotIdentifier', 'SourceDBClusterIdentifier', 'SnapshotId'];

/**
 * Stateful resources allowed to be deleted with their stack, each with the reason. Empty today:
 * even the log groups of aws-cdk-lib's custom-resource providers are retained (the library's
 * log-group enforcement sets Retain on every log group, and a provider's log can hold request
 * data), so nothing needs an exemption.
 */
const EXEMPTIONS: { readonly type: string; readonly logicalId: RegExp; readonly reason: string }[] = [];

/**
 * The types of the templates that hold no data of their own, by reason. Every type of every
 * template must be in STATEFUL_TYPES or here: a new type fails the test until someone decides.
 */
const STATELESS_TYPES: Record<string, string[]> = {
  'configuration: recreated from the template with nothing lost': [
    'AWS::Backup::BackupPlan', 'AWS::Backup::BackupSelection', 'AWS::Backup::RestoreTestingPlan', 'AWS::Backup::RestoreTestingSelection',
    'AWS::CertificateManager::Certificate', 'AWS::CloudFront::Distribution', 'AWS::CloudFront::ResponseHeadersPolicy',
    'AWS::CloudWatch::Alarm', 'AWS::Cognito::UserPoolClient', 'AWS::Events::Rule', 'AWS::Logs::MetricFilter', 'AWS::Logs::ResourcePolicy',
    'AWS::RDS::DBParameterGroup', 'AWS::RDS::DBSubnetGroup', 'AWS::WAFv2::LoggingConfiguration', 'AWS::WAFv2::WebACL',
    'AWS::WAFv2::WebACLAssociation', 'AWS::SecretsManager::ResourcePolicy', 'AWS::S3::BucketPolicy', 'AWS::SNS::TopicPolicy',
  ],
  'network: recreated from the template (an EIP changes address, which the edge publishes through DNS)': [
    'AWS::EC2::ClientVpnAuthorizationRule', 'AWS::EC2::ClientVpnEndpoint', 'AWS::EC2::ClientVpnRoute', 'AWS::EC2::ClientVpnTargetNetworkAssociation', 'AWS::EC2::EIP',
    'AWS::EC2::FlowLog', 'AWS::EC2::InternetGateway', 'AWS::EC2::NatGateway', 'AWS::EC2::Route', 'AWS::EC2::RouteTable',
    'AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress', 'AWS::EC2::Subnet', 'AWS::EC2::SubnetRouteTableAssociation', 'AWS::EC2::VPC',
    'AWS::EC2::VPCEndpoint', 'AWS::EC2::VPCGatewayAttachment', 'AWS::ElasticLoadBalancingV2::Listener', 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  ],
  'identity and code: recreated from the template': [
    'AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy', 'AWS::IAM::Role', 'AWS::Lambda::Function', 'AWS::Lambda::Permission', 'AWS::Lambda::LayerVersion',
  ],
  // A StackSet holds no data: its stacks keep theirs (vaults, buckets, keys and log groups retained, also when an account leaves).
  'organization configuration: SCPs, backup policies and StackSets, recreated from the template': [
    'AWS::Organizations::Policy', 'AWS::CloudFormation::StackSet',
  ],
  'data in transit or written elsewhere (the trail and Config write to retained buckets and log groups; SFTP users land in a bucket)': [
    'AWS::CloudTrail::Trail', 'AWS::Config::ConfigurationRecorder', 'AWS::Config::DeliveryChannel', 'AWS::SNS::Subscription', 'AWS::SNS::Topic',
    'AWS::Transfer::Server', 'AWS::Transfer::User',
  ],
  'findings derived from retained records (trail, flow logs), forwarded to the incident topic as they arrive': [
    'AWS::GuardDuty::Detector', 'AWS::SecurityHub::Hub', 'AWS::SecurityHub::Standard',
  ],
  'custom resources: API calls made on deployment, holding nothing': ['Custom::AWS', 'Custom::VpcRestrictDefaultSG', 'Custom::CDKBucketDeployment'],
};

const MANIFEST_FILE = path.join(__dirname, 'stateful-manifest.json');
const UPDATE_HINT = 'If the change is intended (the data of a removed resource is lost): UPDATE_STATEFUL_MANIFEST=1 npx jest test/reliability/stateful.test.ts';

/** app name -> stack -> logical id -> type. */
type Manifest = Record<string, Record<string, Record<string, string>>>;

/** The stateful resources of one template whose DeletionPolicy or UpdateReplacePolicy can lose data. */
function unprotected(template: any): string[] {
  const problems: string[] = [];
  for (const [id, resource] of Object.entries<any>(template.Resources ?? {})) {
    if (!(resource.Type in STATEFUL_TYPES) || EXEMPTIONS.some((e) => e.type === resource.Type && e.logicalId.test(id))) {
      continue;
    }
    const allowed = SNAPSHOT_TYPES.has(resource.Type) ? ['Retain', 'Snapshot'] : ['Retain'];
    const newAndEmpty = resource.Type in RETAIN_EXCEPT_ON_CREATE && !FROM_EXISTING_DATA.some((p) => resource.Properties?.[p] !== undefined);
    for (const attribute of ['DeletionPolicy', 'UpdateReplacePolicy']) {
      const accepted = attribute === 'DeletionPolicy' && newAndEmpty ? [...allowed, 'RetainExceptOnCreate'] : allowed;
      if (!accepted.includes(resource[attribute])) {
        problems.push(`${id} (${resource.Type}, holds ${STATEFUL_TYPES[resource.Type]}): ${attribute} is ${resource[attribute] ?? 'absent (Delete)'}, ` +
          `want ${accepted.join(' or ')}`);
      }
    }
  }
  return problems;
}

/** The property that names each stateful type, when the template gives a physical name. */
const PHYSICAL_NAME: Record<string, string> = {
  'AWS::Backup::BackupVault': 'BackupVaultName',
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::RDS::DBInstance': 'DBInstanceIdentifier',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::SecretsManager::Secret': 'Name',
};

/**
 * Named resources that a create rollback keeps, by reason: the retry of a failed first deploy fails
 * on them until they are deleted by hand (the README's "Deploying" section says how).
 */
const RETRY_EXEMPTIONS: { readonly type: string; readonly name: RegExp; readonly reason: string }[] = [
  {
    type: 'AWS::S3::Bucket',
    name: /-shard\d+$/,
    reason: 'TenantFleet bucketNamePrefix: names the user gave. A bucket that received objects during the deploy cannot be deleted by a rollback, so it stays Retain',
  },
  {
    type: 'AWS::S3::Bucket',
    name: /-stackset-assets-[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/,
    reason: 'StackSetAssetBucketsStack (examples/organization): cdk-stacksets reads the assets from `${assetBucketPrefix}-${region}`, so the name is fixed; a bucket that holds objects stays Retain',
  },
  {
    type: 'AWS::SecretsManager::Secret',
    name: /^cdk-data-protection\/integrations\//,
    reason: 'IntegrationSecret (lib/identity, outside this change): a deleted secret keeps its name during its recovery window unless force-deleted, so RetainExceptOnCreate alone would not free the name',
  },
];

/** Whether a resource's template turns its deletion protection on. */
function deletionProtected(resource: any): boolean {
  const p = resource.Properties ?? {};
  return p.DeletionProtection === true || p.DeletionProtection === 'true' || p.DeletionProtectionEnabled === true
    || (p.LoadBalancerAttributes ?? []).some((a: any) => a.Key === 'deletion_protection.enabled' && String(a.Value) === 'true');
}

/**
 * What would stop a failed first deploy from being retried: a resource the rollback must delete
 * but cannot (created with deletion protection: ROLLBACK_FAILED), or a resource the rollback keeps
 * under a fixed name (the retry fails with "already exists").
 */
function retryBlockers(template: any): string[] {
  const problems: string[] = [];
  for (const [id, resource] of Object.entries<any>(template.Resources ?? {})) {
    const deletedOnRollback = resource.DeletionPolicy !== 'Retain';
    if (deletedOnRollback && deletionProtected(resource)) {
      problems.push(`${id} (${resource.Type}): created with deletion protection and DeletionPolicy ${resource.DeletionPolicy ?? 'Delete'}: ` +
        'the rollback of a failed create cannot delete it (ROLLBACK_FAILED)');
    }
    const name = resource.Properties?.[PHYSICAL_NAME[resource.Type]];
    const exempt = RETRY_EXEMPTIONS.some((e) => e.type === resource.Type && typeof name === 'string' && e.name.test(name));
    if (resource.DeletionPolicy === 'Retain' && name !== undefined && !exempt) {
      problems.push(`${id} (${resource.Type}): named ${JSON.stringify(name)} and kept by the rollback of a failed create: the retry fails with "already exists"`);
    }
  }
  return problems;
}

/**
 * The stateful resources of the apps, sorted by app, stack and logical id. An app that failed to
 * synthesize keeps its entry of `committed` (its own tests fail and say why).
 */
function manifestOf(apps: SynthesizedApp[], committed: Manifest = {}): Manifest {
  const manifest: Manifest = {};
  for (const app of [...apps].sort((a, b) => byCodePoint(a.name, b.name))) {
    if (app.error !== undefined) {
      if (committed[app.name]) manifest[app.name] = committed[app.name];
      continue;
    }
    manifest[app.name] = {};
    for (const stack of app.stacks) {
      const ids = Object.entries<any>(stack.template.Resources ?? {})
        .filter(([, r]) => r.Type in STATEFUL_TYPES)
        .sort(([a], [b]) => byCodePoint(a, b));
      manifest[app.name][stack.stack] = Object.fromEntries(ids.map(([id, r]) => [id, r.Type]));
    }
  }
  return manifest;
}

/** What changed from `committed` to `current`, one line per resource (empty when nothing did). */
function manifestChanges(committed: Manifest, current: Manifest): { added: string[]; removed: string[] } {
  const flatten = (m: Manifest) => new Map(Object.entries(m).flatMap(([app, stacks]) => Object.entries(stacks).flatMap(([stack, ids]) =>
    Object.entries(ids).map(([id, type]) => [`${app} ${stack} ${id}`, type] as const))));
  const before = flatten(committed);
  const after = flatten(current);
  const removed = [...before].filter(([key, type]) => after.get(key) !== type).map(([key, type]) => `${key} (${type})`);
  const added = [...after].filter(([key, type]) => before.get(key) !== type).map(([key, type]) => `${key} (${type})`);
  return { added, removed };
}

function stableJson(manifest: Manifest): string {
  return `${JSON.stringify(manifest, undefined, 2)}\n`;
}

describe('the checks themselves', () => {
  const template = (resources: Record<string, any>) => ({ Resources: resources });

  test('a bucket without DeletionPolicy, or with Delete, is reported; Retain passes', () => {
    // GIVEN
    const bucket = (extra: object) => ({ Type: 'AWS::S3::Bucket', ...extra });

    // WHEN
    const problems = unprotected(template({
      Kept: bucket({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' }),
      Bare: bucket({}),
      Deleted: bucket({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Retain' }),
    }));

    // THEN
    expect(problems).toEqual([
      'Bare (AWS::S3::Bucket, holds objects): DeletionPolicy is absent (Delete), want Retain',
      'Bare (AWS::S3::Bucket, holds objects): UpdateReplacePolicy is absent (Delete), want Retain',
      'Deleted (AWS::S3::Bucket, holds objects): DeletionPolicy is Delete, want Retain',
    ]);
  });

  test('Snapshot passes only where CloudFormation supports it; stateless types are not checked', () => {
    // GIVEN / WHEN
    const problems = unprotected(template({
      Database: { Type: 'AWS::RDS::DBInstance', DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' },
      Key: { Type: 'AWS::KMS::Key', DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Retain' },
      Topic: { Type: 'AWS::SNS::Topic' },
    }));

    // THEN
    expect(problems).toEqual([expect.stringMatching(/^Key \(AWS::KMS::Key, .*\): DeletionPolicy is Snapshot, want Retain or RetainExceptOnCreate$/)]);
  });

  test('RetainExceptOnCreate passes only for a new, empty resource of the listed types, and never as UpdateReplacePolicy', () => {
    // GIVEN / WHEN
    const problems = unprotected(template({
      Logs: { Type: 'AWS::Logs::LogGroup', DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' },
      Bucket: { Type: 'AWS::S3::Bucket', DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' },
      Restored: { Type: 'AWS::RDS::DBInstance', Properties: { DBSnapshotIdentifier: 'snap' }, DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Snapshot' },
      Key: { Type: 'AWS::KMS::Key', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'RetainExceptOnCreate' },
    }));

    // THEN
    expect(problems).toEqual([
      expect.stringMatching(/^Bucket \(AWS::S3::Bucket, .*\): DeletionPolicy is RetainExceptOnCreate, want Retain$/),
      expect.stringMatching(/^Restored \(AWS::RDS::DBInstance, .*\): DeletionPolicy is RetainExceptOnCreate, want Retain or Snapshot$/),
      expect.stringMatching(/^Key \(AWS::KMS::Key, .*\): UpdateReplacePolicy is RetainExceptOnCreate, want Retain$/),
    ]);
  });

  test('a deletion-protected resource the rollback would delete, and a named resource it would keep, block a retry', () => {
    // GIVEN / WHEN
    const problems = retryBlockers(template({
      Db: { Type: 'AWS::RDS::DBInstance', Properties: { DeletionProtection: true }, DeletionPolicy: 'Snapshot' },
      Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { LoadBalancerAttributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }] } },
      Pool: { Type: 'AWS::Cognito::UserPool', Properties: { DeletionProtection: 'ACTIVE' }, DeletionPolicy: 'Retain' },
      Kept: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/fixed' }, DeletionPolicy: 'Retain' },
      Fine: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/fixed' }, DeletionPolicy: 'RetainExceptOnCreate' },
    }));

    // THEN
    expect(problems).toEqual([
      expect.stringMatching(/^Db \(AWS::RDS::DBInstance\): created with deletion protection and DeletionPolicy Snapshot/),
      expect.stringMatching(/^Alb \(AWS::ElasticLoadBalancingV2::LoadBalancer\): created with deletion protection and DeletionPolicy Delete/),
      expect.stringMatching(/^Kept \(AWS::Logs::LogGroup\): named "\/fixed" and kept by the rollback/),
    ]);
  });

  test('a renamed logical id shows as removed and added; a new resource as added', () => {
    // GIVEN
    const committed: Manifest = { app: { Stack: { BucketA: 'AWS::S3::Bucket', KeyA: 'AWS::KMS::Key' } } };
    const current: Manifest = { app: { Stack: { BucketB: 'AWS::S3::Bucket', KeyA: 'AWS::KMS::Key', LogsA: 'AWS::Logs::LogGroup' } } };

    // WHEN
    const changes = manifestChanges(committed, current);

    // THEN
    expect(changes).toEqual({
      removed: ['app Stack BucketA (AWS::S3::Bucket)'],
      added: ['app Stack BucketB (AWS::S3::Bucket)', 'app Stack LogsA (AWS::Logs::LogGroup)'],
    });
  });
});

describe('every template of the reference app and the examples', () => {
  let apps: SynthesizedApp[];
  beforeAll(async () => {
    apps = await synthesizedApps();
  }, SYNTHESIS_TIMEOUT_MS);

  test.each(appSources().map((s) => s.name))('%s: every stateful resource is retained (or snapshotted) on deletion and on replacement', (name) => {
    // GIVEN
    const app = appNamed(apps, name);

    // WHEN
    const problems = app.stacks.flatMap((s) => unprotected(s.template).map((p) => `${s.stack} ${p}`));

    // THEN
    expect(app.stacks.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  test.each(appSources().map((s) => s.name))('%s: a failed first deploy rolls back cleanly and can be retried', (name) => {
    // GIVEN
    const app = appNamed(apps, name);

    // WHEN
    const problems = app.stacks.flatMap((s) => retryBlockers(s.template).map((p) => `${s.stack} ${p}`));

    // THEN
    expect(app.stacks.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  test('every resource type of every template is classified as stateful or stateless', () => {
    // GIVEN
    const stateless = new Set(Object.values(STATELESS_TYPES).flat());

    // WHEN
    const unclassified = new Set(apps.flatMap((a) => a.stacks.flatMap((s) => Object.values<any>(s.template.Resources ?? {})
      .map((r) => r.Type as string)
      .filter((type) => !(type in STATEFUL_TYPES) && !stateless.has(type)))));

    // THEN: add each to STATEFUL_TYPES (it holds data) or STATELESS_TYPES (with the reason)
    expect([...unclassified].sort()).toEqual([]);
  });

  test('no stateful resource changed its logical id: test/reliability/stateful-manifest.json lists them all', () => {
    // GIVEN
    let committed: Manifest = fs.existsSync(MANIFEST_FILE) ? JSON.parse(fs.readFileSync(MANIFEST_FILE, 'utf-8')) : {};
    const current = manifestOf(apps, committed);
    if (process.env.UPDATE_STATEFUL_MANIFEST === '1') {
      fs.writeFileSync(MANIFEST_FILE, stableJson(current));
      committed = current;
    }

    // WHEN
    const { added, removed } = manifestChanges(committed, current);

    // THEN
    if (added.length > 0 || removed.length > 0) {
      throw new Error([
        'The stateful resources differ from test/reliability/stateful-manifest.json.',
        ...(removed.length > 0 ? ['Removed or renamed (CloudFormation deletes or replaces them, and their data is gone):', ...removed.map((r) => `  - ${r}`)] : []),
        ...(added.length > 0 ? ['Added (fine, but the manifest must list them):', ...added.map((a) => `  + ${a}`)] : []),
        UPDATE_HINT,
      ].join('\n'));
    }
    // The committed file is exactly what the update writes (sorted, stable), so a diff shows only real changes.
    expect(fs.readFileSync(MANIFEST_FILE, 'utf-8')).toBe(stableJson(current));
  });
});
