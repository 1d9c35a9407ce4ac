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
    'AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy', 'AWS::IAM::Role', 'AWS::Lambda::Function', 'AWS::Lambda::Permission',
  ],
  'data in transit or written elsewhere (the trail and Config write to retained buckets and log groups; SFTP users land in a bucket)': [
    'AWS::CloudTrail::Trail', 'AWS::Config::ConfigurationRecorder', 'AWS::Config::DeliveryChannel', 'AWS::SNS::Subscription', 'AWS::SNS::Topic',
    'AWS::Transfer::Server', 'AWS::Transfer::User',
  ],
  'findings derived from retained records (trail, flow logs), forwarded to the incident topic as they arrive': [
    'AWS::GuardDuty::Detector', 'AWS::SecurityHub::Hub', 'AWS::SecurityHub::Standard',
  ],
  'custom resources: API calls made on deployment, holding nothing': ['Custom::AWS', 'Custom::VpcRestrictDefaultSG'],
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
    for (const attribute of ['DeletionPolicy', 'UpdateReplacePolicy']) {
      if (!allowed.includes(resource[attribute])) {
        problems.push(`${id} (${resource.Type}, holds ${STATEFUL_TYPES[resource.Type]}): ${attribute} is ${resource[attribute] ?? 'absent (Delete)'}, ` +
          `want ${allowed.join(' or ')}`);
      }
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
    expect(problems).toEqual([expect.stringMatching(/^Key \(AWS::KMS::Key, .*\): DeletionPolicy is Snapshot, want Retain$/)]);
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
