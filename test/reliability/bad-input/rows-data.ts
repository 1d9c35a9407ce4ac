import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AtRestEncryption, DataClass, DataProtectionPolicy, SecureBackupPlan, SecureBackupVault, SecureBucket, SecureDatabase } from './api';
import { appOf, DEFAULT_POLICY, given, Row, stack, TOKEN_DAYS, vpcIn } from './kit';

/** The rows of the data stores: SecureBucket, SecureDatabase, SecureBackupVault, SecureBackupPlan. */
export const DATA_ROWS: Row[] = [
  // ---- SecureBucket ----
  {
    claim: 'S3-02',
    area: 'SecureBucket',
    name: 'data class the policy does not declare',
    build: () => new SecureBucket(stack({ dataClasses: [DataClass.INTERNAL] }), 'B', { dataClass: DataClass.CUSTOMER_DATA }),
    path: 'TestStack/B',
    error: /^TestStack\/B: data class 'customer-data' is not declared by the DataProtectionPolicy at TestStack\/Policy; declared: internal$/,
  },
  {
    claim: 'S2-01',
    area: 'SecureBucket',
    name: 'access logs to the stack\'s log bucket under a policy without the internal class',
    build: () => new SecureBucket(stack({ dataClasses: [DataClass.CUSTOMER_DATA] }), 'B', { dataClass: DataClass.CUSTOMER_DATA }),
    path: 'TestStack/B',
    error: /^TestStack\/B: access logs go to the stack's access-log bucket, which holds data class 'internal', but the DataProtectionPolicy at TestStack\/Policy declares only 'customer-data'; add DataClass.INTERNAL to its dataClasses, or pass accessLogsBucket$/,
  },
  {
    area: 'SecureBucket',
    name: 'retention shorter than the policy\'s data retention',
    build: () => new SecureBucket(stack(), 'B', { dataClass: DataClass.CUSTOMER_DATA, retention: Duration.days(7) }),
    path: 'TestStack/B',
    error: /^TestStack\/B: retention must be at least the policy's dataRetention of 14 days \(DataProtectionPolicy at TestStack\/Policy\), got 7 days/,
  },
  {
    area: 'SecureBucket',
    name: 'retention given as a token where a literal is needed',
    build: () => new SecureBucket(stack(), 'B', { dataClass: DataClass.CUSTOMER_DATA, retention: Duration.days(TOKEN_DAYS()) }),
    path: 'TestStack/B',
    error: /^TestStack\/B: retention must be a literal duration \(a number of days\), got a token$/,
  },
  {
    claim: 'S3-04',
    area: 'SecureBucket',
    name: 'ended relationships expired sooner than the policy\'s data retention',
    build: () => new SecureBucket(stack(), 'B', { dataClass: DataClass.CUSTOMER_DATA, expireEndedObjectsAfter: Duration.days(3) }),
    path: 'TestStack/B',
    error: /^TestStack\/B: expireEndedObjectsAfter must be at least the policy's dataRetention of 14 days .*got 3 days/,
  },
  {
    claim: 'S3-05',
    area: 'SecureBucket',
    name: 'duplicate tenant ids',
    build: () => new SecureBucket(stack(), 'B', {
      dataClass: DataClass.CUSTOMER_DATA,
      tenantDeletionSchedules: [{ tenantId: 'acme', expireAfter: Duration.days(30) }, { tenantId: 'acme', expireAfter: Duration.days(60) }],
    }),
    path: 'TestStack/B',
    error: /^TestStack\/B: tenantDeletionSchedules lists tenant 'acme' twice; tenant ids must be unique$/,
  },
  {
    claim: 'S3-05',
    area: 'SecureBucket',
    name: 'tenant id with a slash',
    build: () => new SecureBucket(stack(), 'B', {
      dataClass: DataClass.CUSTOMER_DATA, tenantDeletionSchedules: [{ tenantId: 'acme/eu', expireAfter: Duration.days(30) }],
    }),
    path: 'TestStack/B',
    error: /^TestStack\/B: tenantId must be 1-64 letters, digits, '-' or '_', got 'acme\/eu'$/,
  },
  {
    claim: 'S3-05',
    area: 'SecureBucket',
    name: 'tenant prefixes that overlap',
    build: () => new SecureBucket(stack(), 'B', {
      dataClass: DataClass.CUSTOMER_DATA,
      tenantDeletionSchedules: [
        { tenantId: 'acme', expireAfter: Duration.days(30), prefix: 'acme/' },
        { tenantId: 'acme-eu', expireAfter: Duration.days(30), prefix: 'acme/eu/' },
      ],
    }),
    path: 'TestStack/B',
    error: /^TestStack\/B: prefix 'acme\/eu\/' of tenant 'acme-eu' overlaps prefix 'acme\/' of another tenant$/,
  },
  {
    claim: 'S2-03',
    area: 'SecureBucket',
    name: 'encryption weaker than the data class requires',
    build: () => new SecureBucket(stack(), 'B', { dataClass: DataClass.CUSTOMER_USER_DATA, encryption: AtRestEncryption.S3_MANAGED }),
    path: 'TestStack/B',
    error: /^TestStack\/B: encryption S3_MANAGED is weaker than data class 'customer-user-data' requires; allowed: KMS or stronger$/,
  },
  {
    area: 'SecureBucket',
    name: 'shorter retention allowed with a reason too short to review',
    build: () => new SecureBucket(stack(), 'B', {
      dataClass: DataClass.INTERNAL, retention: Duration.days(3), allowShorterRetention: { reason: 'tmp' },
    }),
    path: 'TestStack/B',
    error: /^TestStack\/B: allowShorterRetention needs a reason of at least 10 characters that a reviewer can read, got 'tmp'$/,
  },
  {
    area: 'SecureBucket',
    name: 'bucket name S3 refuses',
    build: () => new SecureBucket(stack(), 'B', { dataClass: DataClass.INTERNAL, bucketName: 'My_Bucket' }),
    path: 'TestStack/B',
    error: /^TestStack\/B: bucketName must be 3-63 lower-case letters, digits, '.' or '-'.*got 'My_Bucket'$/,
  },
  {
    claim: 'S0-05',
    area: 'SecureBucket',
    name: 'data store in a stack in a region other than the policy\'s',
    build: () => {
      const app = new App();
      given(new DataProtectionPolicy(app, 'Policy', { ...DEFAULT_POLICY, region: 'us-east-1' }));
      const s = appOf(new Stack(app, 'TestStack', { env: { region: 'eu-west-1' } }));
      new SecureBucket(s, 'B', { dataClass: DataClass.INTERNAL });
    },
    path: 'TestStack/B',
    error: /^TestStack\/B: a data store must be in the region the DataProtectionPolicy at Policy pins data to \(us-east-1\), got a stack in eu-west-1$/,
  },

  {
    claim: 'S0-05',
    area: 'SecureBucket',
    name: 'data store in a region that is neither the policy\'s nor one of its backup copy regions',
    build: () => {
      const app = new App();
      given(new DataProtectionPolicy(app, 'Policy', { ...DEFAULT_POLICY, region: 'us-east-1', backupCopyRegions: ['us-west-2'] }));
      const s = appOf(new Stack(app, 'TestStack', { env: { region: 'eu-west-1' } }));
      new SecureBucket(s, 'B', { dataClass: DataClass.INTERNAL });
    },
    path: 'TestStack/B',
    error: /^TestStack\/B: a data store must be in the region the DataProtectionPolicy at Policy pins data to \(us-east-1\) or its backup copy regions \(us-west-2\), got a stack in eu-west-1$/,
  },

  // ---- SecureDatabase ----
  {
    claim: 'S0-02',
    area: 'SecureDatabase',
    name: 'backup retention outside 1-35 days for RDS',
    build: () => {
      const s = stack();
      new SecureDatabase(s, 'Db', { vpc: vpcIn(s), dataClass: DataClass.CUSTOMER_DATA, backupRetention: Duration.days(40) });
    },
    path: 'TestStack/Db',
    error: /^TestStack\/Db: backupRetention must be 1-35 days for RDS, got 40$/,
  },
  {
    area: 'SecureDatabase',
    name: 'the engine\'s default port',
    build: () => {
      const s = stack();
      new SecureDatabase(s, 'Db', { vpc: vpcIn(s), dataClass: DataClass.CUSTOMER_DATA, port: 5432 });
    },
    path: 'TestStack/Db',
    error: /^TestStack\/Db: port must not be PostgreSQL's default port 5432 \(AwsSolutions-RDS11\), got 5432$/,
  },
  {
    area: 'SecureDatabase',
    name: 'allocated storage under 20 GiB',
    build: () => {
      const s = stack();
      new SecureDatabase(s, 'Db', { vpc: vpcIn(s), dataClass: DataClass.CUSTOMER_DATA, allocatedStorage: 10 });
    },
    path: 'TestStack/Db',
    error: /^TestStack\/Db: allocatedStorage must be a whole number of GiB in 20-65536, got 10$/,
  },
  {
    claim: 'S2-07',
    area: 'SecureDatabase',
    name: 'public subnets',
    build: () => {
      const s = stack();
      new SecureDatabase(s, 'Db', { vpc: vpcIn(s), dataClass: DataClass.CUSTOMER_DATA, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } });
    },
    path: 'TestStack/Db',
    error: /^TestStack\/Db: vpcSubnets must select private or isolated subnets, got SubnetType.PUBLIC/,
  },

  {
    area: 'SecureDatabase',
    name: 'subnet group the VPC does not have',
    build: () => {
      const s = stack();
      new SecureDatabase(s, 'Db', { vpc: vpcIn(s), dataClass: DataClass.CUSTOMER_DATA, vpcSubnets: { subnetGroupName: 'Nope' } });
    },
    path: 'TestStack/Db',
    error: /^TestStack\/Db: vpcSubnets must select private or isolated subnets of the VPC, got \{"subnetGroupName":"Nope"\}: There are no subnet groups with name 'Nope'/,
  },
  {
    area: 'SecureDatabase',
    name: 'database name RDS refuses at deployment',
    build: () => {
      const s = stack();
      new SecureDatabase(s, 'Db', { vpc: vpcIn(s), dataClass: DataClass.CUSTOMER_DATA, databaseName: 'app-db' });
    },
    path: 'TestStack/Db',
    error: /^TestStack\/Db: databaseName must be 1-63 letters, digits or '_', starting with a letter, got 'app-db'$/,
  },
  {
    area: 'SecureDatabase',
    name: 'master user name RDS reserves',
    build: () => {
      const s = stack();
      new SecureDatabase(s, 'Db', { vpc: vpcIn(s), dataClass: DataClass.CUSTOMER_DATA, masterUsername: 'rdsadmin' });
    },
    path: 'TestStack/Db',
    error: /^TestStack\/Db: masterUsername must be 1-63 letters, digits or '_' for PostgreSQL, starting with a letter, and not 'rdsadmin', got 'rdsadmin'$/,
  },
  {
    claim: 'S0-05',
    area: 'SecureDatabase',
    name: 'database in a stack in a region other than the policy\'s',
    build: () => {
      const app = new App();
      given(new DataProtectionPolicy(app, 'Policy', { ...DEFAULT_POLICY, region: 'us-east-1' }));
      const s = appOf(new Stack(app, 'TestStack', { env: { region: 'eu-central-1' } }));
      new SecureDatabase(s, 'Db', { vpc: vpcIn(s), dataClass: DataClass.CUSTOMER_DATA });
    },
    path: 'TestStack/Db',
    error: /^TestStack\/Db: a data store must be in the region the DataProtectionPolicy at Policy pins data to \(us-east-1\), got a stack in eu-central-1$/,
  },

  // ---- SecureBackupVault, SecureBackupPlan ----
  {
    area: 'SecureBackupVault',
    name: 'vault name AWS Backup refuses',
    build: () => new SecureBackupVault(stack(), 'Vault', { backupVaultName: 'my vault' }),
    path: 'TestStack/Vault',
    error: /^TestStack\/Vault: backupVaultName must be 2-50 letters, digits, '-' or '_', got 'my vault'$/,
  },
  {
    claim: 'S2-12',
    area: 'SecureBackupVault',
    name: 'lock minimum retention above the policy\'s backup retention',
    build: () => new SecureBackupVault(stack(), 'Vault', { minRetention: Duration.days(20) }),
    path: 'TestStack/Vault',
    error: /^TestStack\/Vault: vault lock retention 20-21 days would fail the policy's backups, kept 14-14 days .*allowed: minRetention at most 14 days/,
  },
  {
    claim: 'S1-08',
    area: 'SecureBackupPlan',
    name: 'copy target in the data\'s own region',
    build: () => new SecureBackupPlan(stack({ backupCopyRegions: ['us-west-2'] }), 'Plan', {
      copyTargets: [{ region: 'us-east-1', backupVaultName: 'copies' }],
    }),
    path: 'TestStack/Plan',
    error: /^TestStack\/Plan: copyTargets must be in other regions than the data \(us-east-1\), got a vault in us-east-1$/,
  },
  {
    claim: 'S2-13',
    area: 'SecureBackupPlan',
    name: 'restore-test validation window over a week',
    build: () => new SecureBackupPlan(stack(), 'Plan', { restoreTestValidationWindow: Duration.hours(200) }),
    path: 'TestStack/Plan',
    error: /^TestStack\/Plan: restoreTestValidationWindow must be 1-168 whole hours, got 8 days 8 hours$/,
  },

];
