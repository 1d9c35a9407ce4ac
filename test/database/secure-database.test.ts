import { App, CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { IConstruct } from 'constructs';
import { BackupSchedule, DataClass, MinimumTlsVersion, SecureBackupPlan, SecureDatabase } from '../../lib';
import { DataProtectionError } from '../../lib/private/errors';
import { checkedApp, errorOf, Finding, findings, stackWithPolicy, writtenTemplate } from '../helpers/compliance';

/** A VPC with isolated subnets only, in the given zones (named: no lookups). */
function isolatedVpc(stack: Stack, availabilityZones: string[] = ['us-east-1a', 'us-east-1b']): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', {
    availabilityZones,
    natGateways: 0,
    subnetConfiguration: [{ name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
}

/** A VPC with a public subnet group (`Web`) next to the isolated one (`Data`). */
function vpcWithPublicSubnets(stack: Stack): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', {
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    natGateways: 0,
    subnetConfiguration: [
      { name: 'Web', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
}

function mysql80(): rds.IInstanceEngine {
  return rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_0 });
}

/** The logical id of `construct`'s CloudFormation resource. */
function logicalId(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}

/** `{ 'Fn::GetAtt': [<key>, 'Arn'] }` for the key of `db`. */
function keyArnOf(db: SecureDatabase): any {
  return { 'Fn::GetAtt': [logicalId(db.encryptionKey), 'Arn'] };
}

/** The single DBInstance of `template`, with its resource attributes. */
function dbInstance(template: Template): any {
  const instances = Object.values(template.findResources('AWS::RDS::DBInstance'));
  expect(instances).toHaveLength(1);
  return instances[0];
}

/** Every resource that `id` waits for, directly or through others (DependsOn, Ref, Fn::GetAtt). */
function dependenciesOf(id: string, resources: Record<string, any>): Set<string> {
  const found = new Set<string>();
  const direct = (r: any): string[] => {
    const refs = [...JSON.stringify(r).matchAll(/\{"(?:Ref|Fn::GetAtt)":\[?"([A-Za-z0-9]+)"/g)].map((m) => m[1]);
    return [...(r.DependsOn ?? []), ...refs].filter((d) => d in resources);
  };
  const queue = [id];
  while (queue.length > 0) {
    for (const d of direct(resources[queue.pop()!])) {
      if (!found.has(d)) {
        found.add(d);
        queue.push(d);
      }
    }
  }
  return found;
}

/** Findings on the database construct or anything below it. */
function databaseFindings(app: App): Finding[] {
  const all = findings(app);
  // The packs did run: the bare test VPC (no flow logs) has findings of its own.
  expect(all.some((f) => f.paths.some((p) => p.startsWith('TestStack/Vpc/')))).toBe(true);
  return all.filter((f) => f.paths.some((p) => /^TestStack\/Db(\/|$)/.test(p)));
}

describe('SecureDatabase secure defaults (no props but the VPC and the data class)', () => {
  // GIVEN a stack with the default policy (KMS, TLS 1.2, one-year logs, 14-day backups) and an isolated VPC
  const stack = stackWithPolicy();
  const vpc = isolatedVpc(stack);
  // WHEN
  const db = new SecureDatabase(stack, 'Db', { vpc, dataClass: DataClass.CUSTOMER_DATA });
  // THEN
  const template = Template.fromStack(stack);
  const instance = dbInstance(template);

  test('S0-01 puts the database in the isolated subnets, not publicly accessible', () => {
    template.hasResourceProperties('AWS::RDS::DBSubnetGroup', {
      SubnetIds: vpc.isolatedSubnets.map((s) => stack.resolve(s.subnetId)),
    });
    template.resourceCountIs('AWS::RDS::DBSubnetGroup', 1);
    expect(vpc.isolatedSubnets).toHaveLength(2);
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      PubliclyAccessible: false,
      DBSubnetGroupName: { Ref: Match.stringLikeRegexp('^DbSubnetGroup') },
    });
  });

  test('S2-03 encrypts storage with a rotating, retained customer-managed key', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', { StorageEncrypted: true, KmsKeyId: keyArnOf(db) });
    template.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true },
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
    expect(Object.keys(template.findResources('AWS::KMS::Key')).filter((id) => id.startsWith('Db'))).toHaveLength(1);
  });

  test('the key allows grants only for AWS services (Control Tower CT.KMS.PR.3)', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Deny',
          Action: 'kms:CreateGrant',
          Principal: { AWS: '*' },
          Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
        })]),
      },
    });
  });

  test('S2-06 S2-10 is Multi-AZ by default', () => {
    expect(instance.Properties.MultiAZ).toBe(true);
  });

  test('S0-02 keeps automated backups 14 days under a 14-day policy', () => {
    expect(instance.Properties.BackupRetentionPeriod).toBe(14);
    expect(db.backupRetention.toDays()).toBe(14);
  });

  test('copies tags to snapshots, is kept when removed and snapshotted when replaced, but deleted by the rollback of its own create', () => {
    expect(instance.Properties.CopyTagsToSnapshot).toBe(true);
    expect(instance.DeletionPolicy).toBe('RetainExceptOnCreate');
    expect(instance.UpdateReplacePolicy).toBe('Snapshot');
  });

  test('deletion protection is turned on after every other resource of the stack, never in the template: a failed first deploy rolls back cleanly', () => {
    // THEN the instance's template leaves it out (an update never turns it off again)
    expect(instance.Properties.DeletionProtection).toBeUndefined();
    // and a custom resource turns it on, on create and update, after everything else
    const protector = Object.entries(template.findResources('Custom::AWS')).find(([, r]: [string, any]) => JSON.stringify(r.Properties.Create).includes('modifyDBInstance'));
    expect(protector).toBeDefined();
    const [protectorId, resource] = protector as [string, any];
    for (const phase of ['Create', 'Update']) {
      const call = JSON.parse(resource.Properties[phase]);
      expect(call).toMatchObject({
        service: 'RDS',
        action: 'modifyDBInstance',
        parameters: { DBInstanceIdentifier: db.instanceIdentifier, DeletionProtection: true, ApplyImmediately: true },
      });
    }
    const resources = template.toJSON().Resources;
    const before = dependenciesOf(protectorId, resources);
    const others = Object.keys(resources).filter((id) => id !== protectorId && !id.startsWith(protectorId) && id !== 'CDKMetadata');
    expect(others.filter((id) => !before.has(id))).toEqual([]);
  });

  test('S2-02 forces TLS 1.2+ in the parameter group and uses the RSA-2048 CA', () => {
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Family: 'postgres17',
      Parameters: Match.objectLike({ 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2' }),
    });
    expect(instance.Properties.DBParameterGroupName).toEqual({ Ref: logicalId(db.parameterGroup) });
    expect(instance.Properties.CACertificateIdentifier).toBe('rds-ca-rsa2048-g1');
    expect(instance.Properties.Engine).toBe('postgres');
    expect(instance.Properties.EngineVersion).toBe('17');
  });

  test('S2-01 logs every connection and disconnection', () => {
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Parameters: Match.objectLike({ log_connections: '1', log_disconnections: '1' }),
    });
  });

  test('S2-01 logs every statement that reads or writes data with pgAudit, in the exported postgresql log', () => {
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Parameters: Match.objectLike({ 'shared_preload_libraries': 'pg_stat_statements,pgaudit', 'pgaudit.log': 'read,write,ddl,role' }),
    });
    expect(instance.Properties.EnableCloudwatchLogsExports).toContain('postgresql');
  });

  test('authenticates with IAM and lets RDS generate and keep the master password, encrypted with the key', () => {
    expect(instance.Properties).toEqual(expect.objectContaining({
      EnableIAMDatabaseAuthentication: true,
      ManageMasterUserPassword: true,
      MasterUsername: 'dbadmin',
      MasterUserSecret: { KmsKeyId: keyArnOf(db) },
    }));
    expect(instance.Properties.MasterUserPassword).toBeUndefined();
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    expect(stack.resolve(db.secretArn)).toEqual({ 'Fn::GetAtt': [logicalId(db.instance), 'MasterUserSecret.SecretArn'] });
  });

  test('S0-04 S1-06 exports the postgresql and upgrade logs to log groups that keep the policy\'s retention, encrypted', () => {
    expect(instance.Properties.EnableCloudwatchLogsExports).toEqual(['postgresql', 'upgrade']);
    expect(db.logGroups).toHaveLength(2);
    for (const type of ['postgresql', 'upgrade']) {
      template.hasResource('AWS::Logs::LogGroup', {
        Properties: {
          LogGroupName: `/aws/rds/instance/${db.instanceIdentifier}/${type}`,
          RetentionInDays: 365,
          KmsKeyId: keyArnOf(db),
        },
        DeletionPolicy: 'RetainExceptOnCreate',
      });
    }
    expect(Object.keys(template.findResources('AWS::Logs::LogGroup')).filter((id) => id.startsWith('Db'))).toHaveLength(2);
  });

  test('the key lets CloudWatch Logs use it for the database\'s log groups only', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Allow',
          Principal: { Service: 'logs.us-east-1.amazonaws.com' },
          Condition: {
            ArnLike: {
              'kms:EncryptionContext:aws:logs:arn': {
                'Fn::Join': ['', Match.arrayWith([`:log-group:/aws/rds/instance/${db.instanceIdentifier}/postgresql`])],
              },
            },
          },
        })]),
      },
    });
  });

  test('the database depends on its log groups, so they exist with retention and encryption before RDS writes', () => {
    expect(instance.DependsOn).toEqual(expect.arrayContaining(db.logGroups.map(logicalId)));
  });

  test('enables Performance Insights encrypted with the key, and enhanced monitoring every 60 seconds', () => {
    expect(instance.Properties).toEqual(expect.objectContaining({
      EnablePerformanceInsights: true,
      PerformanceInsightsKMSKeyId: keyArnOf(db),
      MonitoringInterval: 60,
      MonitoringRoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^DbMonitoringRole/), 'Arn'] },
    }));
  });

  test('listens on port 5433, not PostgreSQL\'s default 5432 (AwsSolutions-RDS11)', () => {
    expect(instance.Properties.Port).toBe('5433');
  });

  test('S1-01 tags the database with its data class', () => {
    expect(db.dataClass).toBe(DataClass.CUSTOMER_DATA);
    expect(instance.Properties.Tags).toEqual(expect.arrayContaining([{ Key: 'data-class', Value: 'customer-data' }]));
    template.hasResourceProperties('AWS::KMS::Key', { Tags: Match.arrayWith([{ Key: 'data-class', Value: 'customer-data' }]) });
    for (const group of db.logGroups) {
      expect(template.toJSON().Resources[logicalId(group)].Properties.Tags).toEqual(expect.arrayContaining([{ Key: 'data-class', Value: 'customer-data' }]));
    }
  });

  test('the security group admits nothing and sends nothing until a client is connected', () => {
    const group = template.findResources('AWS::EC2::SecurityGroup')[logicalId(db.securityGroup)];
    expect(group.Properties.SecurityGroupIngress).toBeUndefined();
    expect(group.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' })]);
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    expect(instance.Properties.VPCSecurityGroups).toEqual([{ 'Fn::GetAtt': [logicalId(db.securityGroup), 'GroupId'] }]);
  });

  test('derives a valid lower-case instance identifier from the construct path', () => {
    expect(db.instanceIdentifier).toMatch(/^teststack-db-[0-9a-f]{8}$/);
    expect(instance.Properties.DBInstanceIdentifier).toBe(db.instanceIdentifier);
  });

  test('PostgreSQL needs no option group', () => {
    template.resourceCountIs('AWS::RDS::OptionGroup', 0);
    expect(instance.Properties.OptionGroupName).toBeUndefined();
  });

  test('exposes the rds.DatabaseInstance as node.defaultChild', () => {
    expect(db.node.defaultChild).toBe(db.instance);
    expect(db.instance).toBeInstanceOf(rds.DatabaseInstance);
  });
});

describe('SecureDatabase connections', () => {
  test('allowDefaultPortFrom adds exactly one ingress rule, on the database port 5433, from the connected group', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const vpc = isolatedVpc(stack);
    const db = new SecureDatabase(stack, 'Db', { vpc, dataClass: DataClass.CUSTOMER_DATA });
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc });
    // WHEN
    db.connections.allowDefaultPortFrom(client);
    // THEN
    const template = Template.fromStack(stack);
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'));
    expect(ingress).toHaveLength(1);
    // The rule's port is the instance's endpoint port, which the instance sets to 5433.
    const port = { 'Fn::GetAtt': [logicalId(db.instance), 'Endpoint.Port'] };
    expect(ingress[0].Properties).toEqual(expect.objectContaining({
      IpProtocol: 'tcp',
      FromPort: port,
      ToPort: port,
      GroupId: { 'Fn::GetAtt': [logicalId(db.securityGroup), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [logicalId(client), 'GroupId'] },
    }));
    expect(stack.resolve(db.endpointPort)).toEqual(port);
    template.hasResourceProperties('AWS::RDS::DBInstance', { Port: '5433' });
    for (const group of Object.values<any>(template.findResources('AWS::EC2::SecurityGroup'))) {
      expect(group.Properties.SecurityGroupIngress).toBeUndefined();
    }
  });
});

describe('SecureDatabase follows the policy', () => {
  test('S1-09 keeps automated backups 30 days under a 30-day policy', () => {
    // GIVEN
    const stack = stackWithPolicy(undefined, { backup: BackupSchedule.daily(Duration.days(30)) });
    // WHEN
    const db = new SecureDatabase(stack, 'Db', { vpc: isolatedVpc(stack), dataClass: DataClass.CUSTOMER_DATA });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', { BackupRetentionPeriod: 30 });
    expect(db.backupRetention.toDays()).toBe(30);
  });

  test('keeps automated backups longer than the policy asks when told to', () => {
    const stack = stackWithPolicy();
    new SecureDatabase(stack, 'Db', { vpc: isolatedVpc(stack), dataClass: DataClass.CUSTOMER_DATA, backupRetention: Duration.days(35) });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', { BackupRetentionPeriod: 35 });
  });

  test('S2-02 requires TLS 1.3 under a TLS 1.3 policy', () => {
    const stack = stackWithPolicy(undefined, { minimumTlsVersion: MinimumTlsVersion.TLS_1_3 });
    new SecureDatabase(stack, 'Db', { vpc: isolatedVpc(stack), dataClass: DataClass.CUSTOMER_DATA });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Description: 'Forces TLS 1.3+ on TestStack/Db',
      Parameters: Match.objectLike({ 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.3' }),
    });
  });

  test('S0-04 S1-06 log groups keep the policy\'s retention', () => {
    const stack = stackWithPolicy(undefined, { logRetention: RetentionDays.THIRTEEN_MONTHS });
    new SecureDatabase(stack, 'Db', { vpc: isolatedVpc(stack), dataClass: DataClass.INTERNAL });
    const template = Template.fromStack(stack);
    expect(Object.keys(template.findResources('AWS::Logs::LogGroup')).filter((id) => id.startsWith('Db'))).toHaveLength(2);
    for (const [id, group] of Object.entries<any>(template.findResources('AWS::Logs::LogGroup'))) {
      expect([id, group.Properties.RetentionInDays]).toEqual([id, 400]);
    }
  });
});

describe('SecureDatabase options', () => {
  test('names the instance and its log groups after an explicit identifier', () => {
    const stack = stackWithPolicy();
    const db = new SecureDatabase(stack, 'Db', { vpc: isolatedVpc(stack), dataClass: DataClass.CUSTOMER_DATA, instanceIdentifier: 'orders-db' });
    expect(db.instanceIdentifier).toBe('orders-db');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::RDS::DBInstance', { DBInstanceIdentifier: 'orders-db' });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/rds/instance/orders-db/postgresql' });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/rds/instance/orders-db/upgrade' });
  });

  test('uses a key the caller brings for storage, secret, insights and logs', () => {
    const stack = stackWithPolicy();
    const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });
    const db = new SecureDatabase(stack, 'Db', { vpc: isolatedVpc(stack), dataClass: DataClass.CUSTOMER_DATA, encryptionKey: key });
    expect(db.encryptionKey).toBe(key);
    const template = Template.fromStack(stack);
    expect(Object.keys(template.findResources('AWS::KMS::Key')).filter((id) => id.startsWith('Db'))).toEqual([]);
    const keyArn = { 'Fn::GetAtt': [logicalId(key), 'Arn'] };
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      KmsKeyId: keyArn,
      PerformanceInsightsKMSKeyId: keyArn,
      MasterUserSecret: { KmsKeyId: keyArn },
    });
    for (const group of db.logGroups) {
      expect(template.toJSON().Resources[logicalId(group)].Properties.KmsKeyId).toEqual(keyArn);
    }
  });

  test('Performance Insights is off for a db.t4g.micro instance, which does not support it', () => {
    // GIVEN
    const stack = stackWithPolicy();
    // WHEN
    new SecureDatabase(stack, 'Db', {
      vpc: isolatedVpc(stack),
      dataClass: DataClass.INTERNAL,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
    });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceClass: 'db.t4g.micro',
      EnablePerformanceInsights: false,
      PerformanceInsightsKMSKeyId: Match.absent(),
      StorageEncrypted: true,
    });
  });

  test('storage autoscaling reaches twice the allocated storage when that is above 100 GiB', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new SecureDatabase(stack, 'Db', { vpc: isolatedVpc(stack), dataClass: DataClass.CUSTOMER_DATA, allocatedStorage: 200 });

    // THEN
    const props = dbInstance(Template.fromStack(stack)).Properties;
    expect([props.AllocatedStorage, props.MaxAllocatedStorage]).toEqual(['200', 400]);
  });

  test('an imported key whose policy cannot be changed leaves a warning naming what CloudWatch Logs needs', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const key = kms.Key.fromKeyArn(stack, 'Imported', 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab');

    // WHEN
    new SecureDatabase(stack, 'Db', { vpc: isolatedVpc(stack), dataClass: DataClass.CUSTOMER_DATA, encryptionKey: key });

    // THEN
    Annotations.fromStack(stack).hasWarning('/TestStack/Db', Match.stringLikeRegexp(
      'The key of log group /aws/rds/instance/.*/postgresql is imported.*logs.us-east-1.amazonaws.com.*cdk-data-protection:log-key-policy'));
  });

  test('grantConnect gives the role rds-db:connect as the named database user', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const db = new SecureDatabase(stack, 'Db', { vpc: isolatedVpc(stack), dataClass: DataClass.CUSTOMER_DATA });
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    // WHEN
    const grant = db.grantConnect(role, 'app_user');
    // THEN
    expect(grant.success).toBe(true);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalId(role) }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Allow',
          Action: 'rds-db:connect',
          Resource: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':dbuser:'), '/app_user'])] },
        })]),
      },
    });
  });
});

describe('SecureDatabase on MySQL', () => {
  // GIVEN
  const stack = stackWithPolicy();
  // WHEN
  const db = new SecureDatabase(stack, 'Db', { vpc: isolatedVpc(stack), dataClass: DataClass.CUSTOMER_DATA, engine: mysql80() });
  // THEN
  const template = Template.fromStack(stack);
  const instance = dbInstance(template);

  test('S2-02 requires secure transport over TLS 1.2 or 1.3', () => {
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Family: 'mysql8.0',
      Parameters: { require_secure_transport: 'ON', tls_version: 'TLSv1.2,TLSv1.3' },
    });
    expect(instance.Properties.Engine).toBe('mysql');
    expect(instance.Properties.DBParameterGroupName).toEqual({ Ref: logicalId(db.parameterGroup) });
  });

  test('S2-01 writes the general and slow-query logs it exports', () => {
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Parameters: Match.objectLike({ general_log: '1', slow_query_log: '1', log_output: 'FILE' }),
    });
  });

  test('listens on port 3307, not MySQL\'s default 3306 (AwsSolutions-RDS11)', () => {
    expect(instance.Properties.Port).toBe('3307');
  });

  test('S0-04 S1-06 exports the audit, error, general and slow-query logs to log groups that keep the policy\'s retention', () => {
    const types = ['audit', 'error', 'general', 'slowquery'];
    expect(instance.Properties.EnableCloudwatchLogsExports).toEqual(types);
    for (const type of types) {
      template.hasResourceProperties('AWS::Logs::LogGroup', {
        LogGroupName: `/aws/rds/instance/${db.instanceIdentifier}/${type}`,
        RetentionInDays: 365,
        KmsKeyId: keyArnOf(db),
      });
    }
    expect(Object.keys(template.findResources('AWS::Logs::LogGroup')).filter((id) => id.startsWith('Db'))).toHaveLength(4);
    expect(instance.DependsOn).toEqual(expect.arrayContaining(db.logGroups.map(logicalId)));
  });

  test('S2-01 writes the audit log through the MariaDB audit plugin in an option group', () => {
    template.hasResourceProperties('AWS::RDS::OptionGroup', {
      EngineName: 'mysql',
      MajorEngineVersion: '8.0',
      OptionConfigurations: [Match.objectLike({
        OptionName: 'MARIADB_AUDIT_PLUGIN',
        OptionSettings: [{ Name: 'SERVER_AUDIT_EVENTS', Value: 'CONNECT,QUERY_DDL,QUERY_DML,QUERY_DCL' }],
      })],
    });
    expect(instance.Properties.OptionGroupName).toEqual({ Ref: expect.stringMatching(/^DbOptions/) });
  });

  test('keeps every other secure default', () => {
    expect(instance.Properties).toEqual(expect.objectContaining({
      PubliclyAccessible: false,
      StorageEncrypted: true,
      KmsKeyId: keyArnOf(db),
      MultiAZ: true,
      BackupRetentionPeriod: 14,
      CopyTagsToSnapshot: true,
      EnableIAMDatabaseAuthentication: true,
      ManageMasterUserPassword: true,
      CACertificateIdentifier: 'rds-ca-rsa2048-g1',
    }));
    expect(instance.DeletionPolicy).toBe('RetainExceptOnCreate');
  });

  test('S2-02 requires TLS 1.3 only under a TLS 1.3 policy', () => {
    const tls13 = stackWithPolicy(undefined, { minimumTlsVersion: MinimumTlsVersion.TLS_1_3 });
    new SecureDatabase(tls13, 'Db', { vpc: isolatedVpc(tls13), dataClass: DataClass.CUSTOMER_DATA, engine: mysql80() });
    Template.fromStack(tls13).hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Parameters: { require_secure_transport: 'ON', tls_version: 'TLSv1.3' },
    });
  });
});

describe('SecureDatabase rejects input that is insecure or contradicts the policy', () => {
  const cases: Array<[string, (stack: Stack) => void, RegExp]> = [
    ['a backup retention RDS does not accept (40 days)',
      (s) => new SecureDatabase(s, 'Db', { vpc: isolatedVpc(s), dataClass: DataClass.CUSTOMER_DATA, backupRetention: Duration.days(40) }),
      /^TestStack\/Db: backupRetention must be 1-35 days for RDS, got 40$/],
    ['a backup retention shorter than the policy\'s (7 days under 14)',
      (s) => new SecureDatabase(s, 'Db', { vpc: isolatedVpc(s), dataClass: DataClass.CUSTOMER_DATA, backupRetention: Duration.days(7) }),
      /^TestStack\/Db: backupRetention must be at least the policy's backup retention of 14 days \(DataProtectionPolicy at TestStack\/Policy\), got 7$/],
    ['a backup retention that is not whole days',
      (s) => new SecureDatabase(s, 'Db', { vpc: isolatedVpc(s), dataClass: DataClass.CUSTOMER_DATA, backupRetention: Duration.hours(36) }),
      /^TestStack\/Db: backupRetention must be a whole number of days, at least 1, got 1 day 12 hours$/],
    ['PostgreSQL\'s default port 5432',
      (s) => new SecureDatabase(s, 'Db', { vpc: isolatedVpc(s), dataClass: DataClass.CUSTOMER_DATA, port: 5432 }),
      /^TestStack\/Db: port must not be PostgreSQL's default port 5432 \(AwsSolutions-RDS11\), got 5432$/],
    ['MySQL\'s default port 3306',
      (s) => new SecureDatabase(s, 'Db', { vpc: isolatedVpc(s), dataClass: DataClass.CUSTOMER_DATA, engine: mysql80(), port: 3306 }),
      /^TestStack\/Db: port must not be MySQL's default port 3306 \(AwsSolutions-RDS11\), got 3306$/],
    ['a port outside 1150-65535 (80)',
      (s) => new SecureDatabase(s, 'Db', { vpc: isolatedVpc(s), dataClass: DataClass.CUSTOMER_DATA, port: 80 }),
      /^TestStack\/Db: port must be a literal whole number in 1150-65535, got 80$/],
    ['an engine other than PostgreSQL or MySQL (MariaDB)',
      (s) => new SecureDatabase(s, 'Db', {
        vpc: isolatedVpc(s),
        dataClass: DataClass.CUSTOMER_DATA,
        engine: rds.DatabaseInstanceEngine.mariaDb({ version: rds.MariaDbEngineVersion.VER_10_11 }),
      }),
      /^TestStack\/Db: engine must be PostgreSQL or MySQL \(engineType postgres or mysql\), got 'mariadb'$/],
    ['an engine without a version',
      (s) => new SecureDatabase(s, 'Db', { vpc: isolatedVpc(s), dataClass: DataClass.CUSTOMER_DATA, engine: rds.DatabaseInstanceEngine.POSTGRES }),
      /^TestStack\/Db: engine must name a version \(rds\.DatabaseInstanceEngine\.postgres\(\{ version \}\)\) so that a parameter group can force TLS, got none$/],
    ['public subnets by type',
      (s) => new SecureDatabase(s, 'Db', { vpc: vpcWithPublicSubnets(s), dataClass: DataClass.CUSTOMER_DATA, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }),
      /^TestStack\/Db: vpcSubnets must select private or isolated subnets, got SubnetType\.PUBLIC: the database is never reachable from the internet$/],
    ['public subnets by group name',
      (s) => new SecureDatabase(s, 'Db', { vpc: vpcWithPublicSubnets(s), dataClass: DataClass.CUSTOMER_DATA, vpcSubnets: { subnetGroupName: 'Web' } }),
      /^TestStack\/Db: vpcSubnets must select private or isolated subnets, got public subnets of the VPC$/],
    ['an invalid instance identifier',
      (s) => new SecureDatabase(s, 'Db', { vpc: isolatedVpc(s), dataClass: DataClass.CUSTOMER_DATA, instanceIdentifier: 'Bad--Name' }),
      /^TestStack\/Db: instanceIdentifier must be 1-63 lower-case letters, digits or hyphens, starting with a letter, with no '--' and no trailing '-', got 'Bad--Name'$/],
    ['an instance identifier with a trailing hyphen',
      (s) => new SecureDatabase(s, 'Db', { vpc: isolatedVpc(s), dataClass: DataClass.CUSTOMER_DATA, instanceIdentifier: 'orders-' }),
      /^TestStack\/Db: instanceIdentifier must be .* got 'orders-'$/],
    ['S2-10 subnets in a single availability zone',
      (s) => new SecureDatabase(s, 'Db', { vpc: isolatedVpc(s, ['us-east-1a']), dataClass: DataClass.CUSTOMER_DATA }),
      /^TestStack\/Db: vpcSubnets must span at least 2 availability zones \(RDS subnet groups need two; claim S2-10\), got 1: us-east-1a$/],
    ['subnets in a single availability zone, even with allowSingleAz',
      (s) => new SecureDatabase(s, 'Db', { vpc: isolatedVpc(s, ['us-east-1a']), dataClass: DataClass.CUSTOMER_DATA, allowSingleAz: { reason: 'Staging database, rebuilt nightly.' } }),
      /^TestStack\/Db: vpcSubnets must span at least 2 availability zones/],
    ['allocated storage under 20 GiB',
      (s) => new SecureDatabase(s, 'Db', { vpc: isolatedVpc(s), dataClass: DataClass.CUSTOMER_DATA, allocatedStorage: 10 }),
      /^TestStack\/Db: allocatedStorage must be a whole number of GiB in 20-65536, got 10$/],
    ['a storage limit not above the allocated storage',
      (s) => new SecureDatabase(s, 'Db', { vpc: isolatedVpc(s), dataClass: DataClass.CUSTOMER_DATA, allocatedStorage: 200, maxAllocatedStorage: 150 }),
      /^TestStack\/Db: maxAllocatedStorage must be a whole number of GiB above allocatedStorage \(200\) and at most 65536, got 150$/],
    ['allowSingleAz without a real reason',
      (s) => new SecureDatabase(s, 'Db', { vpc: isolatedVpc(s), dataClass: DataClass.CUSTOMER_DATA, allowSingleAz: { reason: 'no' } }),
      /^TestStack\/Db: allowSingleAz needs a reason of at least 10 characters that a reviewer can read, got 'no'$/],
  ];

  test.each(cases)('refuses %s, with a message naming the path, the value and what is allowed', (_name, build, message) => {
    // GIVEN
    const stack = stackWithPolicy();
    // WHEN
    const error = errorOf(() => build(stack));
    // THEN
    expect(error).toBeInstanceOf(DataProtectionError);
    expect(error.message).toMatch(message);
  });

  test('S3-02 refuses a data class the policy does not declare', () => {
    // GIVEN a policy that declares internal data only
    const stack = stackWithPolicy(undefined, { dataClasses: [DataClass.INTERNAL] });
    const vpc = isolatedVpc(stack);
    // WHEN / THEN
    expect(() => new SecureDatabase(stack, 'Db', { vpc, dataClass: DataClass.CUSTOMER_DATA }))
      .toThrow(/^TestStack\/Db: data class 'customer-data' is not declared by the DataProtectionPolicy at TestStack\/Policy; declared: internal$/);
  });

  test('refuses to build without a policy, saying how to add one', () => {
    const stack = new Stack(new App(), 'NoPolicy', { env: { region: 'us-east-1' } });
    const vpc = isolatedVpc(stack);
    expect(() => new SecureDatabase(stack, 'Db', { vpc, dataClass: DataClass.CUSTOMER_DATA }))
      .toThrow(/^NoPolicy\/Db: no DataProtectionPolicy applies here: add `new DataProtectionPolicy\(stack, 'Policy'/);
  });

  test('creates nothing from rejected input', () => {
    const stack = stackWithPolicy();
    const vpc = isolatedVpc(stack);
    expect(() => new SecureDatabase(stack, 'Db', { vpc, dataClass: DataClass.CUSTOMER_DATA, port: 5432 })).toThrow(DataProtectionError);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::RDS::DBInstance', 0);
    template.resourceCountIs('AWS::KMS::Key', 0);
    template.resourceCountIs('AWS::Logs::LogGroup', 0);
  });
});

describe('SecureDatabase weakening needs a named prop, a reason, and leaves a warning', () => {
  test('allowSingleAz gives a single-AZ database and warns with the reason', () => {
    // GIVEN
    const stack = stackWithPolicy();
    // WHEN
    new SecureDatabase(stack, 'Db', {
      vpc: isolatedVpc(stack),
      dataClass: DataClass.INTERNAL,
      allowSingleAz: { reason: 'Staging database, rebuilt from the nightly snapshot.' },
    });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', { MultiAZ: false });
    Annotations.fromStack(stack).hasWarning('/TestStack/Db', Match.stringLikeRegexp(
      'Secure default weakened: the database runs in a single availability zone\\. Reason: Staging database, rebuilt from the nightly snapshot\\..*cdk-data-protection:database-multi-az-weakened'));
  });

  test('no weakening, no warning', () => {
    const stack = stackWithPolicy();
    new SecureDatabase(stack, 'Db', { vpc: isolatedVpc(stack), dataClass: DataClass.CUSTOMER_DATA });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('weakened'));
  });
});

describe('SecureDatabase passes every compliance pack', () => {
  // The VPC itself has findings (no flow logs, default security group): they are not the
  // database's and are ignored. HIPAA/NIST RDSInBackupPlan asks for an AWS Backup plan that
  // covers the instance: a SecureBackupPlan in the stack, as in the reference stack.

  test('PostgreSQL with the defaults: no finding on the database\'s own constructs', () => {
    // GIVEN
    const app = checkedApp();
    const stack = stackWithPolicy(app);
    // WHEN
    new SecureDatabase(stack, 'Db', { vpc: isolatedVpc(stack), dataClass: DataClass.CUSTOMER_DATA });
    new SecureBackupPlan(stack, 'Backup');
    // THEN
    expect(databaseFindings(app)).toEqual([]);
  });

  test('MySQL 8.0.40: no finding on the database\'s own constructs', () => {
    const app = checkedApp();
    const stack = stackWithPolicy(app);
    new SecureDatabase(stack, 'Db', {
      vpc: isolatedVpc(stack),
      dataClass: DataClass.CUSTOMER_DATA,
      engine: rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_0_40 }),
    });
    new SecureBackupPlan(stack, 'Backup');
    expect(databaseFindings(app)).toEqual([]);
  });

  test('allowSingleAz: the Multi-AZ findings are acknowledged with the reason', () => {
    // GIVEN
    const app = checkedApp();
    const stack = stackWithPolicy(app);
    const reason = 'Staging database, rebuilt from the nightly snapshot.';
    // WHEN
    const db = new SecureDatabase(stack, 'Db', { vpc: isolatedVpc(stack), dataClass: DataClass.INTERNAL, allowSingleAz: { reason } });
    new SecureBackupPlan(stack, 'Backup');
    // THEN
    expect(databaseFindings(app)).toEqual([]);
    const written = writtenTemplate(app, 'TestStack').Resources[logicalId(db.instance)];
    expect(written.Properties.MultiAZ).toBe(false);
    expect(written.Metadata.cdk_nag.rules_to_suppress).toEqual(expect.arrayContaining([
      { id: 'AwsSolutions-RDS3', reason },
      { id: 'HIPAA.Security-RDSMultiAZSupport', reason },
      { id: 'NIST.800.53.R5-RDSMultiAZSupport', reason },
    ]));
  });
});
