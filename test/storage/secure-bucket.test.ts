import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AtRestEncryption, BackupSchedule, Compliance, DataClass, DataProtectionPolicy, MinimumTlsVersion, SecureBucket } from '../../lib';
import { DataProtectionError } from '../../lib/private/errors';
import { checkedApp, DEFAULT_POLICY, expectNoUnacknowledgedFindings, stackWithPolicy } from '../helpers/compliance';

function bucketResource(template: Template, pathPart: string): any {
  const buckets = template.findResources('AWS::S3::Bucket');
  const id = Object.keys(buckets).find((k) => k.startsWith(pathPart));
  if (!id) throw new Error(`no bucket ${pathPart} in ${Object.keys(buckets).join(', ')}`);
  return buckets[id];
}

describe('SecureBucket secure defaults (no props but the data class)', () => {
  // GIVEN a stack with the default policy (KMS, TLS 1.2, one-year logs, 14-day backups)
  const stack = stackWithPolicy();
  // WHEN
  new SecureBucket(stack, 'Data', { dataClass: DataClass.CUSTOMER_DATA });
  const template = Template.fromStack(stack);
  const bucket = bucketResource(template, 'Data');

  test('S2-03 encrypts with SSE-KMS under a rotating, retained customer-managed key', () => {
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([{
      BucketKeyEnabled: true,
      ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [expect.stringMatching(/^DataKey/), 'Arn'] } },
    }]);
    template.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true },
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('the key allows grants only for AWS services (Control Tower CT.KMS.PR.3)', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Deny',
          Action: 'kms:CreateGrant',
          Principal: { AWS: '*' },
          Resource: '*',
          Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
        })]),
      },
    });
  });

  test('blocks all public access and disables ACLs', () => {
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
  });

  test('S0-07 S2-02 denies plain HTTP and TLS below 1.2 in the bucket policy', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^Data') },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });

  test('is versioned and expires noncurrent versions after the policy\'s data retention', () => {
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual(expect.arrayContaining([
      expect.objectContaining({ Id: 'expire-noncurrent-versions', NoncurrentVersionExpiration: { NoncurrentDays: 14 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 }, Status: 'Enabled' }),
      expect.objectContaining({ Id: 'remove-expired-delete-markers', ExpiredObjectDeleteMarker: true }),
    ]));
  });

  test('S2-01 writes server access logs to the stack\'s access-log bucket', () => {
    expect(bucket.Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: expect.stringMatching(/^DataProtectionAccessLogs/) },
      LogFilePrefix: expect.stringMatching(/^TestStackData.*\/$/),
    });
  });

  test('S1-01 is tagged with its data class and retained on delete', () => {
    expect(bucket.Properties.Tags).toEqual(expect.arrayContaining([{ Key: 'data-class', Value: 'customer-data' }]));
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.UpdateReplacePolicy).toBe('Retain');
  });

  test('exposes the L2 bucket as node.defaultChild', () => {
    const b = new SecureBucket(stackWithPolicy(), 'Other', { dataClass: DataClass.INTERNAL });
    expect(b.node.defaultChild).toBe(b.bucket);
    expect(b.bucket.node.defaultChild).toBeInstanceOf(s3.CfnBucket);
  });
});

describe('SecureBucket encryption follows the policy and the data class', () => {
  test('S0-06 uses SSE-S3 (AES256) for customer data under an SSE-S3 policy', () => {
    const stack = stackWithPolicy(undefined, { atRestEncryption: AtRestEncryption.S3_MANAGED });
    const b = new SecureBucket(stack, 'Recordings', { dataClass: DataClass.CUSTOMER_DATA });
    expect(b.encryption).toBe(AtRestEncryption.S3_MANAGED);
    expect(b.encryptionKey).toBeUndefined();
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      Tags: Match.arrayWith([{ Key: 'data-class', Value: 'customer-data' }]),
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
  });

  test('personal data gets SSE-KMS even under an SSE-S3 policy', () => {
    const stack = stackWithPolicy(undefined, { atRestEncryption: AtRestEncryption.S3_MANAGED });
    const b = new SecureBucket(stack, 'Users', { dataClass: DataClass.CUSTOMER_USER_DATA });
    expect(b.encryption).toBe(AtRestEncryption.KMS);
    Template.fromStack(stack).resourceCountIs('AWS::KMS::Key', 1);
  });

  test('uses a key the caller brings', () => {
    const stack = stackWithPolicy();
    const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });
    const b = new SecureBucket(stack, 'Data', { dataClass: DataClass.CUSTOMER_DATA, encryptionKey: key });
    expect(b.encryptionKey).toBe(key);
    Template.fromStack(stack).resourceCountIs('AWS::KMS::Key', 1);
  });

  test('S2-02 uses the policy\'s minimum TLS version (1.3)', () => {
    const stack = stackWithPolicy(undefined, { minimumTlsVersion: MinimumTlsVersion.TLS_1_3 });
    new SecureBucket(stack, 'Data', { dataClass: DataClass.INTERNAL });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^Data') },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Condition: { NumericLessThan: { 's3:TlsVersion': 1.3 } } })]) },
    });
  });
});

describe('SecureBucket rejects input that contradicts the policy', () => {
  const cases: Array<[string, (stack: Stack) => void, RegExp]> = [
    ['SSE-S3 for a class that requires KMS',
      (s) => new SecureBucket(s, 'B', { dataClass: DataClass.CUSTOMER_USER_DATA, encryption: AtRestEncryption.S3_MANAGED }),
      /encryption S3_MANAGED is weaker than data class 'customer-user-data' requires; allowed: KMS or stronger/],
    ['SSE-S3 under a KMS policy',
      (s) => new SecureBucket(s, 'B', { dataClass: DataClass.CUSTOMER_DATA, encryption: AtRestEncryption.S3_MANAGED }),
      /encryption S3_MANAGED is weaker than the DataProtectionPolicy at TestStack\/Policy promises; allowed: KMS or stronger/],
    ['retention shorter than the policy\'s',
      (s) => new SecureBucket(s, 'B', { dataClass: DataClass.CUSTOMER_DATA, retention: Duration.days(7) }),
      /TestStack\/B: retention must be at least the policy's dataRetention of 14 days .*got 7 days/],
    ['retention that is not whole days',
      (s) => new SecureBucket(s, 'B', { dataClass: DataClass.CUSTOMER_DATA, retention: Duration.hours(400) }),
      /retention must be a whole number of days, at least 1, got 16 days 16 hours/],
    ['duplicate tenant ids',
      (s) => new SecureBucket(s, 'B', {
        dataClass: DataClass.CUSTOMER_DATA,
        tenantDeletionSchedules: [{ tenantId: 'acme', expireAfter: Duration.days(30) }, { tenantId: 'acme', expireAfter: Duration.days(60) }],
      }),
      /lists tenant 'acme' twice/],
    ['a malformed tenant id',
      (s) => new SecureBucket(s, 'B', { dataClass: DataClass.CUSTOMER_DATA, tenantDeletionSchedules: [{ tenantId: 'a/b', expireAfter: Duration.days(30) }] }),
      /tenantId must be 1-64 letters, digits, '-' or '_', got 'a\/b'/],
    ['overlapping tenant prefixes',
      (s) => new SecureBucket(s, 'B', {
        dataClass: DataClass.CUSTOMER_DATA,
        tenantDeletionSchedules: [
          { tenantId: 'a', prefix: 'tenants/a/', expireAfter: Duration.days(30) },
          { tenantId: 'b', prefix: 'tenants/a/b/', expireAfter: Duration.days(30) },
        ],
      }),
      /prefix 'tenants\/a\/b\/' of tenant 'b' overlaps prefix 'tenants\/a\/'/],
    ['a tenant prefix without a trailing slash',
      (s) => new SecureBucket(s, 'B', { dataClass: DataClass.CUSTOMER_DATA, tenantDeletionSchedules: [{ tenantId: 'a', prefix: 'tenants/a', expireAfter: Duration.days(30) }] }),
      /must be a literal key prefix ending in '\/', got 'tenants\/a'/],
    ['a tenant schedule shorter than the policy\'s',
      (s) => new SecureBucket(s, 'B', { dataClass: DataClass.CUSTOMER_DATA, tenantDeletionSchedules: [{ tenantId: 'a', expireAfter: Duration.days(3) }] }),
      /expireAfter of tenant 'a' must be at least the policy's dataRetention of 14 days.*got 3 days/],
    ['an undeclared data class',
      (s) => new SecureBucket(s, 'B', { dataClass: DataClass.custom({ name: 'secret', label: 'Secret', protectionLevel: 'RESTRICTED' as any, personalData: false }) }),
      /data class 'secret' is not declared by the DataProtectionPolicy at TestStack\/Policy; declared: customer-data, customer-user-data, internal/],
    ['an encryption key with SSE-S3',
      (s) => new SecureBucket(s, 'B', { dataClass: DataClass.INTERNAL, encryption: AtRestEncryption.S3_MANAGED, encryptionKey: new kms.Key(s, 'K') }),
      /weaker than the DataProtectionPolicy|encryptionKey is only used with AtRestEncryption.KMS/],
    ['a weakening without a real reason',
      (s) => new SecureBucket(s, 'B', { dataClass: DataClass.INTERNAL, disableAccessLogs: { reason: 'no' } }),
      /needs a reason of at least 10 characters.*got 'no'/],
    ['replication to the same region',
      (s) => new SecureBucket(s, 'B', {
        dataClass: DataClass.CUSTOMER_DATA,
        replication: { destination: s3.Bucket.fromBucketAttributes(s, 'Dst', { bucketName: 'dst', region: 'us-east-1' }), destinationKey: new kms.Key(s, 'DK') },
      }),
      /replication destination must be in another region than the bucket \(us-east-1\), got a bucket in us-east-1/],
    ['replication of an SSE-KMS bucket without a destination key',
      (s) => new SecureBucket(s, 'B', {
        dataClass: DataClass.CUSTOMER_DATA,
        replication: { destination: s3.Bucket.fromBucketAttributes(s, 'Dst', { bucketName: 'dst', region: 'eu-west-1' }) },
      }),
      /replication of an SSE-KMS bucket needs destinationKey/],
  ];

  test.each(cases)('refuses %s, with a message naming the value and what is allowed', (_name, build, message) => {
    const stack = stackWithPolicy();
    expect(() => build(stack)).toThrow(message);
    expect(() => build(stackWithPolicy())).toThrow(DataProtectionError);
  });

  test('S1-09 refuses a 7-day retention under a policy with 30-day backups', () => {
    const stack = stackWithPolicy(undefined, { backup: BackupSchedule.daily(Duration.days(30)) });
    expect(() => new SecureBucket(stack, 'B', { dataClass: DataClass.CUSTOMER_DATA, retention: Duration.days(7) }))
      .toThrow(/retention must be at least the policy's dataRetention of 30 days .*got 7 days/);
  });

  test('refuses to build without a policy, saying how to add one', () => {
    const stack = new Stack(new App(), 'NoPolicy');
    expect(() => new SecureBucket(stack, 'B', { dataClass: DataClass.INTERNAL }))
      .toThrow(/NoPolicy\/B: no DataProtectionPolicy applies here: add `new DataProtectionPolicy/);
  });

  test('creates nothing from rejected input', () => {
    const stack = stackWithPolicy();
    expect(() => new SecureBucket(stack, 'B', { dataClass: DataClass.CUSTOMER_DATA, retention: Duration.days(7) })).toThrow();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 0);
  });
});

describe('SecureBucket weakening needs a named prop, a reason, and leaves a warning', () => {
  test('allowTlsBelowPolicyMinimum drops only the s3:TlsVersion condition', () => {
    const stack = stackWithPolicy();
    new SecureBucket(stack, 'Legacy', { dataClass: DataClass.INTERNAL, allowTlsBelowPolicyMinimum: { reason: 'A partner appliance only speaks TLS 1.0 until Q3.' } });
    const template = Template.fromStack(stack);
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'))
      .filter((p: any) => p.Properties.Bucket.Ref.startsWith('Legacy'));
    const statements = (policies[0] as any).Properties.PolicyDocument.Statement;
    expect(statements).toEqual(expect.arrayContaining([expect.objectContaining({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]));
    expect(JSON.stringify(statements)).not.toContain('s3:TlsVersion');
    Annotations.fromStack(stack).hasWarning('/TestStack/Legacy', Match.stringLikeRegexp('Secure default weakened: requests over TLS older than 1.2 are accepted.*partner appliance.*cdk-data-protection:bucket-tls-version-weakened'));
  });

  test('disableAccessLogs removes logging, warns, and acknowledges the logging findings with the reason', () => {
    const app = checkedApp();
    const stack = stackWithPolicy(app);
    new SecureBucket(stack, 'Scratch', { dataClass: DataClass.INTERNAL, disableAccessLogs: { reason: 'Scratch space for build artifacts, no customer data.' } });
    const template = Template.fromStack(stack);
    expect(bucketResource(template, 'Scratch').Properties.LoggingConfiguration).toBeUndefined();
    template.resourceCountIs('AWS::S3::Bucket', 1);
    Annotations.fromStack(stack).hasWarning('/TestStack/Scratch', Match.stringLikeRegexp('server access logging is off.*Scratch space'));
    expectNoUnacknowledgedFindings(app);
    const metadata = bucketResource(template, 'Scratch').Metadata.cdk_nag.rules_to_suppress;
    expect(metadata).toEqual(expect.arrayContaining([{ id: 'AwsSolutions-S1', reason: 'Scratch space for build artifacts, no customer data.' }]));
  });

  test('allowShorterRetention permits a shorter expiry and warns', () => {
    const stack = stackWithPolicy();
    new SecureBucket(stack, 'Tmp', { dataClass: DataClass.INTERNAL, retention: Duration.days(7), allowShorterRetention: { reason: 'Upload staging area, copied elsewhere within a day.' } });
    expect(bucketResource(Template.fromStack(stack), 'Tmp').Properties.LifecycleConfiguration.Rules)
      .toEqual(expect.arrayContaining([expect.objectContaining({ Id: 'expire-objects', ExpirationInDays: 7 })]));
    Annotations.fromStack(stack).hasWarning('/TestStack/Tmp', Match.stringLikeRegexp('objects expire sooner than the policy\'s dataRetention of 14 days'));
  });

  test('no weakening, no warning', () => {
    const stack = stackWithPolicy();
    new SecureBucket(stack, 'Data', { dataClass: DataClass.CUSTOMER_DATA });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('weakened'));
  });
});

describe('SecureBucket options', () => {
  test('S1-11 expires current objects after the retention', () => {
    const stack = stackWithPolicy();
    new SecureBucket(stack, 'B', { dataClass: DataClass.INTERNAL, retention: Duration.days(365) });
    expect(bucketResource(Template.fromStack(stack), 'B').Properties.LifecycleConfiguration.Rules)
      .toEqual(expect.arrayContaining([{ Id: 'expire-objects', ExpirationInDays: 365, Status: 'Enabled' }]));
  });

  test('S4-02 applies a deletion schedule per tenant prefix', () => {
    const stack = stackWithPolicy();
    new SecureBucket(stack, 'B', {
      dataClass: DataClass.CUSTOMER_DATA,
      tenantDeletionSchedules: [
        { tenantId: 'acme', expireAfter: Duration.days(30) },
        { tenantId: 'globex', expireAfter: Duration.days(90), prefix: 'workspaces/globex/' },
      ],
    });
    expect(bucketResource(Template.fromStack(stack), 'B').Properties.LifecycleConfiguration.Rules).toEqual(expect.arrayContaining([
      { Id: 'tenant-acme', Prefix: 'tenants/acme/', ExpirationInDays: 30, NoncurrentVersionExpiration: { NoncurrentDays: 1 }, Status: 'Enabled' },
      { Id: 'tenant-globex', Prefix: 'workspaces/globex/', ExpirationInDays: 90, NoncurrentVersionExpiration: { NoncurrentDays: 1 }, Status: 'Enabled' },
    ]));
  });

  test('S3-05 deletes ended data 3 years (1095 days) after the relationship ends: moved under ended/, which expires', () => {
    // GIVEN / WHEN
    const stack = stackWithPolicy();
    const bucket = new SecureBucket(stack, 'B', { dataClass: DataClass.CUSTOMER_USER_DATA, expireEndedObjectsAfter: Duration.days(1095) });
    const template = Template.fromStack(stack);

    // THEN the expiry is on the prefix the mover writes to, never on the tag (which would count from object creation)
    const resource = bucketResource(template, 'B');
    const rules = resource.Properties.LifecycleConfiguration.Rules;
    expect(rules).toEqual(expect.arrayContaining([
      expect.objectContaining({ Id: 'expire-ended-relationships', Prefix: 'ended/', ExpirationInDays: 1095, NoncurrentVersionExpiration: { NoncurrentDays: 1 } }),
    ]));
    expect(rules.filter((r: any) => r.TagFilters !== undefined)).toEqual([]);
    // AND the bucket sends its events to EventBridge, whose rule on tagging events invokes the mover
    expect(resource.Properties.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'source': ['aws.s3'], 'detail-type': ['Object Tags Added'], 'detail': { bucket: { name: [{ Ref: Match.stringLikeRegexp('^B') }] } } },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BEndedDataMoverFunction'), 'Arn'] } })],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { BUCKET: { Ref: Match.stringLikeRegexp('^B') }, ENDED_PREFIX: 'ended/', TAG_KEY: 'data-lifecycle', TAG_VALUE: 'ended' } },
    });
    expect(bucket.endedDataMover?.function).toBeDefined();
    // AND the mover's function, role and rule carry no data-class tag (they hold no data)
    const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0] as any;
    expect((fn.Properties.Tags ?? []).map((t: any) => t.Key)).not.toContain('data-class');
  });

  test('S3-06 warns when Object Lock outlives an expiry (erasure could not be served)', () => {
    const stack = stackWithPolicy();
    new SecureBucket(stack, 'Locked', {
      dataClass: DataClass.CUSTOMER_USER_DATA,
      objectLock: s3.ObjectLockRetention.governance(Duration.days(2000)),
      expireEndedObjectsAfter: Duration.days(1095),
    });
    expect(bucketResource(Template.fromStack(stack), 'Locked').Properties).toEqual(expect.objectContaining({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 2000 } } },
    }));
    Annotations.fromStack(stack).hasWarning('/TestStack/Locked', Match.stringLikeRegexp('Object Lock keeps objects 2000 days but expireEndedObjectsAfter deletes them after 1095 days'));
  });

  test('S2-11 replicates to a bucket in another region with the replica key', () => {
    const stack = stackWithPolicy();
    const destination = s3.Bucket.fromBucketAttributes(stack, 'Replica', { bucketName: 'replica-eu', region: 'eu-west-1' });
    const destinationKey = kms.Key.fromKeyArn(stack, 'ReplicaKey', 'arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-0000-0000-000000000000');
    new SecureBucket(stack, 'B', { dataClass: DataClass.CUSTOMER_DATA, replication: { destination, destinationKey } });
    const props = bucketResource(Template.fromStack(stack), 'B').Properties;
    expect(props.ReplicationConfiguration.Rules).toEqual([expect.objectContaining({
      Status: 'Enabled',
      Destination: expect.objectContaining({ EncryptionConfiguration: { ReplicaKmsKeyID: destinationKey.keyArn } }),
      SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
      DeleteMarkerReplication: { Status: 'Enabled' },
    })]);
  });

  test('S0-05 S2-11 a replica SecureBucket may live in one of the policy\'s backup copy regions', () => {
    // GIVEN
    const app = new App();
    new DataProtectionPolicy(app, 'Policy', { ...DEFAULT_POLICY, region: 'us-east-1', backupCopyRegions: ['us-west-2'] });
    const replicaStack = new Stack(app, 'Replica', { env: { region: 'us-west-2' } });
    Compliance.acknowledge(replicaStack, { ruleId: 'DataProtection-Region', reason: 'Holds the replica of the customer files, in the policy\'s copy region.' });

    // WHEN
    const replica = new SecureBucket(replicaStack, 'B', { dataClass: DataClass.CUSTOMER_DATA });

    // THEN
    expect(replica.bucket.stack.region).toBe('us-west-2');
    Template.fromStack(replicaStack).resourceCountIs('AWS::S3::Bucket', 2);
  });

  test('grantRead covers the KMS key', () => {
    const stack = stackWithPolicy();
    const b = new SecureBucket(stack, 'B', { dataClass: DataClass.CUSTOMER_DATA });
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    b.grantRead(role, 'tenants/acme/*');
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['s3:GetObject*']), Resource: Match.arrayWith([{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^B'), 'Arn'] }, '/tenants/acme/*']] }]) }),
          Match.objectLike({ Action: Match.arrayWith(['kms:Decrypt']), Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BKey'), 'Arn'] } }),
        ]),
      },
    });
  });
});

describe('the access-log bucket', () => {
  test('is one per stack, SSE-S3, keeps logs for the policy\'s log retention, and receives logs by bucket policy', () => {
    // GIVEN an app without any feature flag set
    const stack = stackWithPolicy(new App());
    new SecureBucket(stack, 'A', { dataClass: DataClass.CUSTOMER_DATA });
    new SecureBucket(stack, 'B', { dataClass: DataClass.INTERNAL });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 3);
    const logs = bucketResource(template, 'DataProtectionAccessLogs');
    expect(logs.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'AES256' });
    expect(logs.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(logs.Properties.LifecycleConfiguration.Rules[0]).toEqual(expect.objectContaining({ ExpirationInDays: 365 }));
    expect(logs.Properties.Tags).toEqual([{ Key: 'data-class', Value: 'internal' }]);
    expect(logs.DeletionPolicy).toBe('Retain');
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^DataProtectionAccessLogs') },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject' })]) },
    });
  });
});

describe('SecureBucket passes every compliance pack', () => {
  test('with the default KMS policy: zero unacknowledged findings in AwsSolutions, HIPAA, NIST 800-53 r5, PCI DSS 3.2.1 and Control Tower', () => {
    const app = checkedApp();
    const stack = stackWithPolicy(app);
    new SecureBucket(stack, 'Data', { dataClass: DataClass.CUSTOMER_DATA });
    expectNoUnacknowledgedFindings(app);
  });

  test('with an SSE-S3 policy and every option on', () => {
    const app = checkedApp();
    const stack = stackWithPolicy(app, { atRestEncryption: AtRestEncryption.S3_MANAGED });
    new SecureBucket(stack, 'Data', {
      dataClass: DataClass.CUSTOMER_DATA,
      retention: Duration.days(400),
      expireEndedObjectsAfter: Duration.days(1095),
      tenantDeletionSchedules: [{ tenantId: 'acme', expireAfter: Duration.days(30) }],
      objectLock: s3.ObjectLockRetention.governance(Duration.days(14)),
    });
    expectNoUnacknowledgedFindings(app);
  });

  test('the checks catch a plain s3.Bucket next to it', () => {
    const app = checkedApp();
    const stack = stackWithPolicy(app);
    new SecureBucket(stack, 'Data', { dataClass: DataClass.CUSTOMER_DATA });
    new s3.Bucket(stack, 'Plain');
    expect(() => expectNoUnacknowledgedFindings(app)).toThrow(/AwsSolutions-S10: TestStack\/Plain\/Resource/);
  });
});
