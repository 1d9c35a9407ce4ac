import { App, Duration, PropertyInjectors, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import {
  AtRestEncryption, BackupSchedule, DataProtectionInjectors, DataProtectionPolicy, DataProtectionPolicyProps, KeyDefaults, MinimumTlsVersion,
  ReferenceStack,
} from '../../lib';
import { verifyAssembly } from '../../lib/evidence/verify';
import { assemblyOf, viewOfStack } from '../evidence/helpers';
import { DEFAULT_POLICY } from '../helpers/compliance';

const WEAKENED = 'cdk-data-protection:injected-default-weakened';

/** The promises a plain app's templates can prove with the injectors: encryption at rest and in transit, classification. */
const CLAIMS = ['S0-06', 'S1-02', 'S2-02', 'S2-03', 'S4-07', 'S1-01', 'S3-02'];

/** A stack under a policy, with the injectors registered on the app unless told otherwise. */
function stackUnder(policy: Partial<DataProtectionPolicyProps> = {}, inject = true): Stack {
  const app = new App();
  if (inject) {
    DataProtectionInjectors.applyTo(app);
  }
  const stack = new Stack(app, 'S', { env: { region: 'us-east-1' } });
  new DataProtectionPolicy(stack, 'Policy', { ...DEFAULT_POLICY, ...policy });
  Tags.of(stack).add('data-class', 'customer-data');
  return stack;
}

/** The six constructs, with no props beyond what they need. */
function plainApp(stack: Stack): void {
  new s3.Bucket(stack, 'Uploads');
  new sqs.Queue(stack, 'Jobs');
  new sns.Topic(stack, 'Events');
  new logs.LogGroup(stack, 'AppLogs');
  new kms.Key(stack, 'Key');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'db', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  new rds.DatabaseInstance(stack, 'Db', {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  });
}

function verdicts(stack: Stack): Record<string, string> {
  const result = verifyAssembly(assemblyOf([viewOfStack(stack)], { validationReport: false }));
  return Object.fromEntries(result.claims.map((c) => [c.id, c.verdict]));
}

describe('DataProtectionInjectors', () => {
  test('S0-06 S1-02 S2-02 S2-03 S4-07 a plain aws-cdk-lib app under the injectors gets the defaults, and its report proves them', () => {
    // GIVEN
    const stack = stackUnder({ claims: CLAIMS });

    // WHEN
    plainApp(stack);

    // THEN the report, read from the template, proves every promise
    expect(verdicts(stack)).toEqual(Object.fromEntries(CLAIMS.map((id) => [id, 'PROVEN'])));
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('weaker than'));
  });

  test('S1-02 S2-02 S2-03 S4-07 without the injectors, the same app\'s report is VIOLATED for them', () => {
    // GIVEN
    const stack = stackUnder({ claims: CLAIMS }, false);

    // WHEN
    plainApp(stack);

    // THEN
    const found = verdicts(stack);
    for (const id of ['S1-02', 'S2-02', 'S2-03', 'S4-07']) {
      expect([id, found[id]]).toEqual([id, 'VIOLATED']);
    }
  });

  test('the library\'s own constructs set these props themselves: the reference stack is the same with or without the injectors', () => {
    // GIVEN
    const plain = Template.fromStack(new ReferenceStack(new App(), 'Reference', { policy: DEFAULT_POLICY })).toJSON();
    const app = new App();
    DataProtectionInjectors.applyTo(app);

    // WHEN
    const injected = Template.fromStack(new ReferenceStack(app, 'Reference', { policy: DEFAULT_POLICY })).toJSON();

    // THEN
    expect(injected).toEqual(plain);
  });

  test('applyTo registers the six injectors on the scope; of() returns them to register by hand', () => {
    // GIVEN
    const app = new App();

    // WHEN
    const injectors = DataProtectionInjectors.applyTo(app);

    // THEN
    expect(injectors.map((i) => i.constructUniqueId).sort()).toEqual([
      kms.Key.PROPERTY_INJECTION_ID, logs.LogGroup.PROPERTY_INJECTION_ID, rds.DatabaseInstance.PROPERTY_INJECTION_ID,
      s3.Bucket.PROPERTY_INJECTION_ID, sns.Topic.PROPERTY_INJECTION_ID, sqs.Queue.PROPERTY_INJECTION_ID,
    ].sort());
    expect(DataProtectionInjectors.of().map((i) => i.constructUniqueId).sort()).toEqual(injectors.map((i) => i.constructUniqueId).sort());
  });

  test('without a policy that applies to the construct, the injector says how to add one', () => {
    // GIVEN
    const app = new App();
    DataProtectionInjectors.applyTo(app);
    const stack = new Stack(app, 'S');

    // WHEN / THEN
    expect(() => new s3.Bucket(stack, 'B')).toThrow(/no DataProtectionPolicy applies here/);
  });

  test('a policy given to applyTo is used for constructs outside its scope', () => {
    // GIVEN
    const app = new App();
    const policyStack = new Stack(app, 'P');
    const policy = new DataProtectionPolicy(policyStack, 'Policy', { ...DEFAULT_POLICY, atRestEncryption: AtRestEncryption.S3_MANAGED });
    const stack = new Stack(app, 'S');
    DataProtectionInjectors.applyTo(stack, policy);

    // WHEN
    new s3.Bucket(stack, 'B');

    // THEN SSE-S3, the policy's level
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
  });
});

describe('BucketDefaults', () => {
  test('S0-06 S2-02 S2-07 fills KMS encryption, TLS only at the policy minimum, blocked public access, versioning, retain', () => {
    // GIVEN
    const stack = stackUnder();

    // WHEN
    new s3.Bucket(stack, 'B');

    // THEN
    const template = Template.fromStack(stack);
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
    // The bucket's own key rotates (KeyDefaults).
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('keeps what the user set, and warns for each prop set weaker than the policy, naming it', () => {
    // GIVEN
    const stack = stackUnder();

    // WHEN
    new s3.Bucket(stack, 'B', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: false,
      versioned: false,
      removalPolicy: RemovalPolicy.DESTROY,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS_ONLY,
    });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Delete',
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        VersioningConfiguration: Match.absent(),
      },
    });
    template.resourceCountIs('AWS::S3::BucketPolicy', 0);
    const warnings = Annotations.fromStack(stack).findWarning('/S', Match.stringLikeRegexp('weaker than'));
    const props = warnings.map((w) => /: (\w+) is /.exec(String(w.entry.data))![1]).sort();
    expect(props).toEqual(['blockPublicAccess', 'encryption', 'enforceSSL', 'removalPolicy', 'versioned']);
    Annotations.fromStack(stack).hasWarning('/S', Match.stringLikeRegexp(
      `s3.Bucket S/B: enforceSSL is false, weaker than the DataProtectionPolicy's default \\(true\\).*\\[ack: ${WEAKENED}\\]`));
  });

  test('S2-02 a TLS 1.3 policy asks TLS 1.3 of the bucket', () => {
    // GIVEN
    const stack = stackUnder({ minimumTlsVersion: MinimumTlsVersion.TLS_1_3 });

    // WHEN
    new s3.Bucket(stack, 'B');

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Condition: { NumericLessThan: { 's3:TlsVersion': 1.3 } } })]) },
    });
  });

  test('a key given by the user is kept, without a warning', () => {
    // GIVEN
    const stack = stackUnder();
    const key = new kms.Key(stack, 'Mine');

    // WHEN
    new s3.Bucket(stack, 'B', { encryptionKey: key });

    // THEN
    Template.fromStack(stack).resourceCountIs('AWS::KMS::Key', 1);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('weaker than'));
  });
});

describe('LogGroupDefaults', () => {
  test('S1-06 fills the policy\'s log retention and retain; the policy\'s enforcement gives the key', () => {
    // GIVEN
    const stack = stackUnder({ logRetention: logs.RetentionDays.TWO_YEARS });

    // WHEN
    new logs.LogGroup(stack, 'L');

    // THEN
    Template.fromStack(stack).hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Retain',
      Properties: { RetentionInDays: 731, KmsKeyId: Match.anyValue() },
    });
  });

  test('a retention longer than the policy\'s is kept without a warning', () => {
    // GIVEN
    const stack = stackUnder();

    // WHEN
    new logs.LogGroup(stack, 'L', { retention: logs.RetentionDays.TEN_YEARS });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 3653 });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('weaker than'));
  });

  test('a shorter retention is not raised: it is warned of, and the policy\'s enforcement refuses it', () => {
    // GIVEN
    const stack = stackUnder();

    // WHEN
    new logs.LogGroup(stack, 'L', { retention: logs.RetentionDays.ONE_WEEK });

    // THEN
    expect(() => Template.fromStack(stack)).toThrow(/retention/i);
  });
});

describe('DatabaseInstanceDefaults', () => {
  const POSTGRES = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 });
  function database(stack: Stack, props: Partial<rds.DatabaseInstanceProps> = {}, engine: rds.IInstanceEngine = POSTGRES) {
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'db', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    return new rds.DatabaseInstance(stack, 'Db', { engine, vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, ...props });
  }

  test('S0-01 S2-02 S2-03 fills a customer-managed key, TLS parameters, backup retention, deletion protection, private, retain', () => {
    // GIVEN
    const stack = stackUnder({ backup: BackupSchedule.daily(Duration.days(14)) });

    // WHEN
    database(stack);

    // THEN
    const template = Template.fromStack(stack);
    template.hasResource('AWS::RDS::DBInstance', {
      DeletionPolicy: 'Retain',
      Properties: {
        StorageEncrypted: true,
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DbKey'), 'Arn'] },
        BackupRetentionPeriod: 14,
        DeletionProtection: true,
        PubliclyAccessible: false,
      },
    });
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2' } });
    template.hasResourceProperties('AWS::SecretsManager::Secret', { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DbKey'), 'Arn'] } });
  });

  test('S2-02 MySQL gets require_secure_transport and tls_version; parameters given are kept', () => {
    // GIVEN
    const stack = stackUnder();

    // WHEN
    database(stack, { parameters: { max_connections: '100' } }, rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_0 }));

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Parameters: { require_secure_transport: 'ON', tls_version: 'TLSv1.2,TLSv1.3', max_connections: '100' },
    });
  });

  test('keeps weaker props as given, warning for each', () => {
    // GIVEN
    const stack = stackUnder();

    // WHEN
    database(stack, { deletionProtection: false, publiclyAccessible: true, backupRetention: Duration.days(1), parameters: { 'rds.force_ssl': '0' } });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', { DeletionProtection: false, BackupRetentionPeriod: 1 });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: { 'rds.force_ssl': '0' } });
    const props = Annotations.fromStack(stack).findWarning('/S', Match.stringLikeRegexp('rds.DatabaseInstance S/Db: .* weaker than'))
      .map((w) => /S\/Db: (.+?) is /.exec(String(w.entry.data))![1]).sort();
    expect(props).toEqual(['backupRetention', 'deletionProtection', 'parameters[\'rds.force_ssl\']', 'publiclyAccessible']);
  });
});

describe('TopicDefaults and QueueDefaults', () => {
  test('S2-03 a topic gets TLS-only publishing and a rotating key of its own', () => {
    // GIVEN
    const stack = stackUnder();

    // WHEN
    new sns.Topic(stack, 'T');

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('S2-03 a queue gets KMS encryption and TLS only; under an SSE-S3 policy, SQS-managed encryption', () => {
    // GIVEN
    const kmsStack = stackUnder();
    const managedStack = stackUnder({ atRestEncryption: AtRestEncryption.S3_MANAGED });

    // WHEN
    new sqs.Queue(kmsStack, 'Q');
    new sqs.Queue(managedStack, 'Q');

    // THEN
    Template.fromStack(kmsStack).hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: Match.anyValue() });
    Template.fromStack(kmsStack).resourceCountIs('AWS::SQS::QueuePolicy', 1);
    Template.fromStack(managedStack).hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
  });

  test('weaker topic and queue props are kept, with a warning', () => {
    // GIVEN
    const stack = stackUnder();

    // WHEN
    new sns.Topic(stack, 'T', { enforceSSL: false });
    new sqs.Queue(stack, 'Q', { encryption: sqs.QueueEncryption.SQS_MANAGED });

    // THEN
    Annotations.fromStack(stack).hasWarning('/S', Match.stringLikeRegexp('sns.Topic S/T: enforceSSL is false'));
    Annotations.fromStack(stack).hasWarning('/S', Match.stringLikeRegexp('sqs.Queue S/Q: encryption is SQS_MANAGED'));
  });
});

describe('KeyDefaults', () => {
  test('S1-02 fills rotation and retain; an asymmetric key is left without rotation, and a key set not to rotate is warned of', () => {
    // GIVEN
    const stack = new Stack(new App(), 'S');
    PropertyInjectors.of(stack).add(new KeyDefaults());

    // WHEN
    new kms.Key(stack, 'Rotating');
    new kms.Key(stack, 'Signing', { keySpec: kms.KeySpec.ECC_NIST_P256, keyUsage: kms.KeyUsage.SIGN_VERIFY });
    new kms.Key(stack, 'Still', { enableKeyRotation: false });

    // THEN
    const keys = Template.fromStack(stack).findResources('AWS::KMS::Key');
    const byId = (prefix: string) => Object.entries(keys).find(([id]) => id.startsWith(prefix))![1] as any;
    expect(byId('Rotating').Properties.EnableKeyRotation).toBe(true);
    expect(byId('Rotating').DeletionPolicy).toBe('Retain');
    expect(byId('Signing').Properties.EnableKeyRotation).toBeUndefined();
    expect(byId('Still').Properties.EnableKeyRotation).toBe(false);
    Annotations.fromStack(stack).hasWarning('/S', Match.stringLikeRegexp('kms.Key S/Still: enableKeyRotation is false'));
  });
});
