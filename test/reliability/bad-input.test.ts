import { App, Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';
import {
  AccountPasswordPolicy, AdminVpn, AdminVpnAuthentication, ApplicationLogGroup, AtRestEncryption, AuditTrail, BackupSchedule, CisAlarms,
  Compliance, DataClass, DataProtectionPolicy, DataProtectionPolicyProps, IncidentResponse, IntegrationSecret, LoadBalancerEdge,
  MfaGatedAccess, OffsiteBackupStack, ProtectionLevel, SecureBackupPlan, SecureBackupVault, SecureBucket, SecureDatabase, SecureNetwork,
  SecureSftpServer, SecureUserPool, SecureUserPoolMfa, SecurityHubStandard, VaultLock, WebFirewall, WebFirewallScope,
} from '../../lib';
import { DataProtectionError } from '../../lib/private/errors';
import { DEFAULT_POLICY } from '../helpers/compliance';

/**
 * The catalogue of rejected inputs (issue 8): every row builds something a user could write,
 * and must fail with the library's own `DataProtectionError` whose message names where
 * (the construct path, or the API for values that are not constructs), the value received
 * and what is allowed. A row whose check runs at synthesis calls `app.synth()` itself.
 */
interface Row {
  /** The claim the refused input would break, when there is one (in the test title). */
  readonly claim?: string;
  /** The construct or value refused. */
  readonly area: string;
  /** What is wrong with the input. */
  readonly name: string;
  /** Builds (and synthesizes, for validations) the refused input. */
  readonly build: () => void;
  /**
   * Where the error is: the construct path the message starts with (`TestStack/Db`), or the
   * API of a value that is not a construct (`BackupSchedule.daily`).
   */
  readonly path: string;
  /** Whether `path` is a construct path (recorded as `constructPath`), rather than an API name. */
  readonly construct?: boolean;
  /** The message: must require the path, the value received and what is allowed. */
  readonly error: RegExp;
}

/** The stacks the rows build, by row, to check that nothing was created from bad input. */
let lastStack: Stack | undefined;

/** A stack in us-east-1 holding the default policy (14-day backups, one-year logs), plus `policy`. */
function stack(policy: Partial<DataProtectionPolicyProps> = {}, region = 'us-east-1', app = new App()): Stack {
  lastStack = new Stack(app, 'TestStack', { env: { region } });
  new DataProtectionPolicy(lastStack, 'Policy', { ...DEFAULT_POLICY, ...policy });
  return lastStack;
}

/** A stack without a policy, for the policy's own rows. */
function bare(): Stack {
  lastStack = new Stack(new App(), 'TestStack', { env: { region: 'us-east-1' } });
  return lastStack;
}

/** A plain two-zone VPC with public, private and isolated subnets. */
function vpcIn(s: Stack): ec2.Vpc {
  return new ec2.Vpc(s, 'Vpc', {
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
}

/** A number only known at synthesis: a token. */
const TOKEN_DAYS = () => Lazy.number({ produce: () => 30 });

const SERVER_CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
const CLIENT_CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/66666666-7777-8888-9999-000000000000';
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGf0Q5zZ0mSk3hGUQxVqYkE0G3OyWQ1a8vN4VFUpT9pR partner';

const P = 'TestStack/Policy';

const ROWS: Row[] = [
  // ---- DataProtectionPolicy ----
  {
    claim: 'S0-04',
    area: 'DataProtectionPolicy',
    name: 'log retention not in CloudWatch\'s allowed list',
    build: () => stack({ logRetention: 13 as logs.RetentionDays }),
    path: P,
    error: /^TestStack\/Policy: logRetention must be one of the values CloudWatch Logs accepts \(1, 3, 5, .*3653 days, or RetentionDays.INFINITE\), got 13$/,
  },
  {
    claim: 'S0-02',
    area: 'DataProtectionPolicy',
    name: 'daily backups kept 40 days, outside 1-35 days for RDS',
    build: () => stack({ backup: BackupSchedule.daily(Duration.days(40)) }),
    path: P,
    error: /^TestStack\/Policy: backup retention must be 1-35 days \(the range RDS automated backups accept\), got 40/,
  },
  {
    claim: 'S4-13',
    area: 'DataProtectionPolicy',
    name: 'security contact neither an e-mail address nor an https URL',
    build: () => stack({ securityContact: 'http://example.com/security' }),
    path: P,
    error: /^TestStack\/Policy: securityContact must be an e-mail address or an https URL, got 'http:\/\/example.com\/security'$/,
  },
  {
    claim: 'S0-05',
    area: 'DataProtectionPolicy',
    name: 'region that is not an AWS region name',
    build: () => stack({ region: 'US East' }),
    path: P,
    error: /^TestStack\/Policy: region must be a literal AWS region name such as 'us-east-1', got 'US East'$/,
  },
  {
    claim: 'S0-05',
    area: 'DataProtectionPolicy',
    name: 'region given as a token',
    build: () => stack({ region: Lazy.string({ produce: () => 'us-east-1' }) }),
    path: P,
    error: /^TestStack\/Policy: region must be a literal AWS region name such as 'us-east-1', got '\$\{Token\[.*\]\}'$/,
  },
  {
    claim: 'S0-05',
    area: 'DataProtectionPolicy',
    name: 'allowed account that is not a 12-digit id',
    build: () => stack({ allowedAccounts: ['12345'] }),
    path: P,
    error: /^TestStack\/Policy: each of allowedAccounts must be a literal 12-digit AWS account id, got '12345'$/,
  },
  {
    claim: 'S1-08',
    area: 'DataProtectionPolicy',
    name: 'backup copy region equal to the data\'s region',
    build: () => stack({ backupCopyRegions: ['us-east-1'] }),
    path: P,
    error: /^TestStack\/Policy: backupCopyRegions must name regions other than the policy's region \(us-east-1\), got 'us-east-1'$/,
  },
  {
    claim: 'S1-08',
    area: 'DataProtectionPolicy',
    name: 'backup copy region listed twice',
    build: () => stack({ backupCopyRegions: ['us-west-2', 'us-west-2'] }),
    path: P,
    error: /^TestStack\/Policy: backupCopyRegions must not list 'us-west-2' twice$/,
  },
  {
    area: 'DataProtectionPolicy',
    name: 'data retention of a fraction of a day',
    build: () => stack({ dataRetention: Duration.hours(36) }),
    path: P,
    error: /^TestStack\/Policy: DataProtectionPolicy dataRetention must be a whole number of days, at least 1, got 1 day 12 hours$/,
  },
  {
    area: 'DataProtectionPolicy',
    name: 'data retention given as a token where a literal is needed',
    build: () => stack({ dataRetention: Duration.days(TOKEN_DAYS()) }),
    path: P,
    error: /^TestStack\/Policy: DataProtectionPolicy dataRetention must be a literal duration \(a number of days\), got a token$/,
  },
  {
    claim: 'S1-01',
    area: 'DataProtectionPolicy',
    name: 'no data class declared',
    build: () => stack({ dataClasses: [] }),
    path: P,
    error: /^TestStack\/Policy: dataClasses must declare at least one data class, got none$/,
  },
  {
    claim: 'S1-01',
    area: 'DataProtectionPolicy',
    name: 'data class declared twice',
    build: () => stack({ dataClasses: [DataClass.INTERNAL, DataClass.INTERNAL] }),
    path: P,
    error: /^TestStack\/Policy: dataClasses must not declare 'internal' twice$/,
  },
  {
    area: 'DataProtectionPolicy',
    name: 'claim id not in the catalog',
    build: () => stack({ claims: ['S9-99'] }),
    path: P,
    error: /^TestStack\/Policy: claims must be ids of the claims catalog \(S0-01 \.\.\. S\d-\d\d\), got 'S9-99'$/,
  },
  {
    claim: 'S0-02',
    area: 'DataProtectionPolicy',
    name: 'claim the policy\'s own settings contradict (14-day claim, 30-day backups)',
    build: () => stack({ backup: BackupSchedule.daily(Duration.days(30)), claims: ['S0-02'] }),
    path: P,
    error: /^TestStack\/Policy: claim S0-02 cannot be made by this policy: it promises daily backups kept 14 days, but the policy's backup retention is 30 days$/,
  },
  {
    area: 'DataProtectionPolicy',
    name: 'second policy on the same scope',
    build: () => {
      const s = stack();
      new DataProtectionPolicy(s, 'Other', DEFAULT_POLICY);
    },
    path: 'TestStack/Other',
    error: /^TestStack\/Other: a DataProtectionPolicy already applies to this scope \(TestStack\/Policy\); one policy per scope$/,
  },
  {
    claim: 'S0-04',
    area: 'DataProtectionPolicy',
    name: 'a log group in scope kept shorter than the policy\'s log retention (at synthesis)',
    build: () => {
      const s = stack();
      new logs.LogGroup(s, 'Logs', { retention: logs.RetentionDays.ONE_WEEK });
      (s.node.root as App).synth();
    },
    path: 'TestStack/Logs/Resource',
    error: /^TestStack\/Logs\/Resource: .*keeps logs for 7 days, but the DataProtectionPolicy at TestStack\/Policy keeps logs 365 days .*set retentionInDays to at least that/,
  },

  // ---- BackupSchedule, DataClass, VaultLock (values, not constructs: the API is the "where") ----
  {
    claim: 'S0-02',
    area: 'BackupSchedule',
    name: 'daily retention of zero days',
    build: () => BackupSchedule.daily(Duration.days(0)),
    path: 'BackupSchedule.daily',
    construct: false,
    error: /^BackupSchedule.daily retention must be a whole number of days, at least 1, got 0 days$/,
  },
  {
    claim: 'S0-02',
    area: 'BackupSchedule',
    name: 'daily retention of a fraction of a day',
    build: () => BackupSchedule.daily(Duration.hours(30)),
    path: 'BackupSchedule.daily',
    construct: false,
    error: /^BackupSchedule.daily retention must be a whole number of days, at least 1, got 1 day 6 hours$/,
  },
  {
    area: 'BackupSchedule',
    name: 'cold-storage transition less than 90 days before deletion',
    build: () => BackupSchedule.daily(Duration.days(100), { moveToColdStorageAfter: Duration.days(30) }),
    path: 'BackupSchedule.daily',
    construct: false,
    error: /^BackupSchedule.daily: Daily backups move to cold storage after 30 days and are deleted after 100 days; cold storage must last at least 90 days, so moveToColdStorageAfter must be at most 10 days/,
  },
  {
    claim: 'S4-06',
    area: 'BackupSchedule',
    name: 'GFS weekly tier kept no longer than the daily tier',
    build: () => BackupSchedule.gfs({ daily: Duration.days(7), weekly: Duration.days(7) }),
    path: 'BackupSchedule.gfs',
    construct: false,
    error: /^BackupSchedule.gfs weekly retention must be longer than daily retention \(7 days\), got 7 days$/,
  },
  {
    area: 'BackupSchedule',
    name: 'continuous backups kept longer than 35 days',
    build: () => BackupSchedule.daily(Duration.days(36), { continuousBackup: true }),
    path: 'BackupSchedule.daily',
    construct: false,
    error: /^BackupSchedule.daily: continuous backups are kept 1-35 days, but the daily retention they follow is 36 days$/,
  },
  {
    area: 'BackupSchedule',
    name: 'continuous backups moved to cold storage',
    build: () => BackupSchedule.daily(Duration.days(200), { continuousBackup: true, moveToColdStorageAfter: Duration.days(10) }),
    path: 'BackupSchedule.daily',
    construct: false,
    error: /^BackupSchedule.daily: continuous backups cannot move to cold storage: pass either continuousBackup or moveToColdStorageAfter for the daily backups, got both$/,
  },
  {
    claim: 'S1-01',
    area: 'DataClass',
    name: 'custom class name with spaces and capitals',
    build: () => DataClass.custom({ name: 'Billing Data', label: 'Billing', protectionLevel: ProtectionLevel.CONFIDENTIAL, personalData: false }),
    path: 'DataClass',
    construct: false,
    error: /^DataClass name must be 1-64 lower-case letters, digits or hyphens, starting with a letter or digit, got 'Billing Data'$/,
  },
  {
    claim: 'S2-12',
    area: 'VaultLock',
    name: 'compliance lock changeable for under 3 days',
    build: () => VaultLock.compliance(Duration.days(2)),
    path: 'VaultLock.compliance',
    construct: false,
    error: /^VaultLock.compliance changeableFor must be a whole number of days, at least 3, got 2 days$/,
  },

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
      new DataProtectionPolicy(app, 'Policy', { ...DEFAULT_POLICY, region: 'us-east-1' });
      lastStack = new Stack(app, 'TestStack', { env: { region: 'eu-west-1' } });
      new SecureBucket(lastStack, 'B', { dataClass: DataClass.INTERNAL });
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
      new DataProtectionPolicy(app, 'Policy', { ...DEFAULT_POLICY, region: 'us-east-1', backupCopyRegions: ['us-west-2'] });
      lastStack = new Stack(app, 'TestStack', { env: { region: 'eu-west-1' } });
      new SecureBucket(lastStack, 'B', { dataClass: DataClass.INTERNAL });
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
      new DataProtectionPolicy(app, 'Policy', { ...DEFAULT_POLICY, region: 'us-east-1' });
      lastStack = new Stack(app, 'TestStack', { env: { region: 'eu-central-1' } });
      new SecureDatabase(lastStack, 'Db', { vpc: vpcIn(lastStack), dataClass: DataClass.CUSTOMER_DATA });
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

  // ---- WebFirewall ----
  {
    claim: 'S2-06',
    area: 'WebFirewall',
    name: 'rate limit under 10 requests',
    build: () => new WebFirewall(stack(), 'Waf', { rateLimit: 9 }),
    path: 'TestStack/Waf',
    error: /^TestStack\/Waf: rateLimit must be at least 10 requests, got 9$/,
  },
  {
    claim: 'S2-06',
    area: 'WebFirewall',
    name: 'rate limit that is not a whole number',
    build: () => new WebFirewall(stack(), 'Waf', { rateLimit: 100.5 }),
    path: 'TestStack/Waf',
    error: /^TestStack\/Waf: rateLimit must be a whole number of requests, 10-2000000000, got 100.5$/,
  },
  {
    claim: 'S2-06',
    area: 'WebFirewall',
    name: 'rate limit given as a token',
    build: () => new WebFirewall(stack(), 'Waf', { rateLimit: Lazy.number({ produce: () => 100 }) }),
    path: 'TestStack/Waf',
    error: /^TestStack\/Waf: rateLimit must be a literal whole number of requests, 10-2000000000, so that it can be checked and proven, got a token$/,
  },
  {
    claim: 'S2-06',
    area: 'WebFirewall',
    name: 'evaluation window outside 60/120/300/600 s',
    build: () => new WebFirewall(stack(), 'Waf', { rateLimitWindow: Duration.seconds(90) }),
    path: 'TestStack/Waf',
    error: /^TestStack\/Waf: rateLimitWindow must be 60, 120, 300 or 600 seconds, got 90$/,
  },
  {
    area: 'WebFirewall',
    name: 'CloudFront scope in a stack outside us-east-1',
    build: () => new WebFirewall(stack({ region: 'eu-west-1' }, 'eu-west-1'), 'Waf', { scope: WebFirewallScope.CLOUDFRONT }),
    path: 'TestStack/Waf',
    error: /^TestStack\/Waf: scope CLOUDFRONT needs a stack in us-east-1 .*got eu-west-1/,
  },

  // ---- Audit ----
  {
    claim: 'S1-06',
    area: 'AuditTrail',
    name: 'trail name CloudTrail refuses',
    build: () => new AuditTrail(stack(), 'Trail', { trailName: 'a' }),
    path: 'TestStack/Trail',
    error: /^TestStack\/Trail: trailName must be 3-128 letters, digits, '.', '_' or '-'.*got 'a'$/,
  },
  {
    area: 'CisAlarms',
    name: 'metric namespace reserved for AWS',
    build: () => {
      const s = stack();
      new CisAlarms(s, 'Cis', { logGroup: new logs.LogGroup(s, 'Logs'), alarmTopic: new sns.Topic(s, 'Topic'), metricNamespace: 'AWS/CloudTrail' });
    },
    path: 'TestStack/Cis',
    error: /^TestStack\/Cis: metricNamespace must be 1-255 letters, digits or \. _ # : \/ -, and not start with 'AWS\/', got 'AWS\/CloudTrail'$/,
  },
  {
    claim: 'S1-04',
    area: 'ApplicationLogGroup',
    name: 'nothing to mask',
    build: () => new ApplicationLogGroup(stack(), 'AppLogs', { maskedData: [] }),
    path: 'TestStack/AppLogs',
    error: /^TestStack\/AppLogs: maskedData must name at least one kind of data to mask, got none$/,
  },
  {
    area: 'ApplicationLogGroup',
    name: 'log group name CloudWatch Logs refuses',
    build: () => new ApplicationLogGroup(stack(), 'AppLogs', { logGroupName: 'app logs!' }),
    path: 'TestStack/AppLogs',
    error: /^TestStack\/AppLogs: logGroupName must be 1-512 letters, digits or _ - \/ \. #, got 'app logs!'$/,
  },

  // ---- Detection ----
  {
    claim: 'S2-08',
    area: 'IncidentResponse',
    name: 'GuardDuty severity outside 1.0-10.0',
    build: () => new IncidentResponse(stack(), 'Incidents', { guardDutyMinimumSeverity: 0.5 }),
    path: 'TestStack/Incidents',
    error: /^TestStack\/Incidents: guardDutyMinimumSeverity must be a number from 1\.0 to 10\.0 \(GuardDuty's severity range\), got 0\.5$/,
  },
  {
    area: 'IncidentResponse',
    name: 'subscriber that is not an e-mail address',
    build: () => new IncidentResponse(stack(), 'Incidents', { emailSubscribers: ['oncall'] }),
    path: 'TestStack/Incidents',
    error: /^TestStack\/Incidents: emailSubscribers must hold e-mail addresses \(name@example.com\), got 'oncall'$/,
  },
  {
    area: 'IncidentResponse',
    name: 'blank service name for the breach notice',
    build: () => new IncidentResponse(stack(), 'Incidents', { serviceName: '  ' }),
    path: 'TestStack/Incidents',
    error: /^TestStack\/Incidents: serviceName must name the service in the breach notice \(at least one character besides spaces\), got ' {2}'$/,
  },
  {
    area: 'IncidentResponse',
    name: 'service name given as a token',
    build: () => new IncidentResponse(stack(), 'Incidents', { serviceName: Lazy.string({ produce: () => 'Acme' }) }),
    path: 'TestStack/Incidents',
    error: /^TestStack\/Incidents: serviceName must be a literal string so that it can be checked and proven, got a token$/,
  },
  {
    area: 'SecurityHubStandard',
    name: 'standard path without a version',
    build: () => SecurityHubStandard.of('cis-aws-foundations-benchmark'),
    path: 'SecurityHubStandard',
    construct: false,
    error: /^SecurityHubStandard path must look like '<name>\/v\/<x\.y\.z>', got 'cis-aws-foundations-benchmark'$/,
  },

  // ---- Identity ----
  {
    claim: 'S0-09',
    area: 'AccountPasswordPolicy',
    name: 'passwords shorter than 14 characters',
    build: () => new AccountPasswordPolicy(stack(), 'Passwords', { minimumLength: 8 }),
    path: 'TestStack/Passwords',
    error: /^TestStack\/Passwords: minimumLength must be a whole number from 14 to 128, got 8$/,
  },
  {
    claim: 'S0-10',
    area: 'MfaGatedAccess',
    name: 'MFA older than 12 hours accepted',
    build: () => new MfaGatedAccess(stack(), 'Access', { mfaMaxAge: Duration.hours(13) }),
    path: 'TestStack/Access',
    error: /^TestStack\/Access: mfaMaxAge must be 15 minutes-12 hours, got 13 hours$/,
  },
  {
    claim: 'S0-10',
    area: 'MfaGatedAccess',
    name: 'any principal trusted',
    build: () => new MfaGatedAccess(stack(), 'Access', { trustedPrincipals: [new iam.AnyPrincipal()] }),
    path: 'TestStack/Access',
    error: /^TestStack\/Access: trustedPrincipals must name accounts, users or roles, not '\*'.*got \{"AWS":\["\*"\]\}$/,
  },
  {
    claim: 'S2-09',
    area: 'MfaGatedAccess',
    name: 'source VPC that is not a VPC id',
    build: () => new MfaGatedAccess(stack(), 'Access', { requireSourceVpc: 'production' }),
    path: 'TestStack/Access',
    error: /^TestStack\/Access: requireSourceVpc must be a VPC id such as vpc-0123456789abcdef0 \(or a VPC's vpcId\), got 'production'$/,
  },
  {
    claim: 'S2-09',
    area: 'MfaGatedAccess',
    name: 'source IP that is not a CIDR block',
    build: () => new MfaGatedAccess(stack(), 'Access', { requireSourceIps: ['203.0.113.300/24'] }),
    path: 'TestStack/Access',
    error: /^TestStack\/Access: requireSourceIps must hold IPv4 or IPv6 CIDR blocks such as 203\.0\.113\.0\/24, got '203\.0\.113\.300\/24'$/,
  },
  {
    claim: 'S0-05',
    area: 'MfaGatedAccess',
    name: 'additional region that is not a region name',
    build: () => new MfaGatedAccess(stack(), 'Access', { additionalRegions: ['Frankfurt'] }),
    path: 'TestStack/Access',
    error: /^TestStack\/Access: additionalRegions must hold literal AWS region names such as 'eu-west-1', got 'Frankfurt'$/,
  },
  {
    area: 'SecureUserPool',
    name: 'user pool name longer than 128 characters',
    build: () => new SecureUserPool(stack(), 'Users', { userPoolName: 'u'.repeat(129) }),
    path: 'TestStack/Users',
    error: /^TestStack\/Users: userPoolName must be 1-128 letters, digits, spaces or _ \+ = , \. @ - \(Cognito\), got 'u{40}\.\.\.' \(129 characters\)$/,
  },
  {
    claim: 'S1-03',
    area: 'SecureUserPool',
    name: 'password minimum length under the allowed range',
    build: () => new SecureUserPool(stack(), 'Users', { passwordMinLength: 6 }),
    path: 'TestStack/Users',
    error: /^TestStack\/Users: passwordMinLength must be a whole number 8-99, got 6$/,
  },
  {
    claim: 'S0-10',
    area: 'SecureUserPool',
    name: 'optional MFA without a reason',
    build: () => new SecureUserPool(stack(), 'Users', { mfa: SecureUserPoolMfa.OPTIONAL_TOTP }),
    path: 'TestStack/Users',
    error: /^TestStack\/Users: mfa OPTIONAL_TOTP weakens the required MFA: pass allowOptionalMfa with a reason$/,
  },
  {
    area: 'IntegrationSecret',
    name: 'integration name with capitals and punctuation',
    build: () => new IntegrationSecret(stack(), 'Zoom', { integrationName: 'Zoom!' }),
    path: 'TestStack/Zoom',
    error: /^TestStack\/Zoom: integrationName must be 1-64 lower-case letters, digits and inner hyphens \(such as 'zoom'\), got 'Zoom!'$/,
  },

  // ---- Network ----
  {
    claim: 'S2-10',
    area: 'SecureNetwork',
    name: 'a single availability zone',
    build: () => new SecureNetwork(stack(), 'Network', { availabilityZones: ['us-east-1a'] }),
    path: 'TestStack/Network',
    error: /^TestStack\/Network: availabilityZones must name at least 2 distinct literal zones \(claim S2-10\), got \["us-east-1a"\]$/,
  },
  {
    area: 'SecureNetwork',
    name: 'CIDR block that is not one',
    build: () => new SecureNetwork(stack(), 'Network', { cidr: '10.0.0.0' }),
    path: 'TestStack/Network',
    error: /^TestStack\/Network: cidr must be an IPv4 CIDR block from \/16 to \/20 \(room for the subnets of 2 zones\).*got '10\.0\.0\.0'$/,
  },
  {
    area: 'SecureNetwork',
    name: 'CIDR block too small for the subnets of two zones',
    build: () => new SecureNetwork(stack(), 'Network', { cidr: '10.0.0.0/21' }),
    path: 'TestStack/Network',
    error: /^TestStack\/Network: cidr must be an IPv4 CIDR block from \/16 to \/20 \(room for the subnets of 2 zones\).*got '10\.0\.0\.0\/21'$/,
  },
  {
    area: 'SecureNetwork',
    name: 'CIDR block with host bits set',
    build: () => new SecureNetwork(stack(), 'Network', { cidr: '10.0.1.0/16' }),
    path: 'TestStack/Network',
    error: /^TestStack\/Network: cidr must be .* starting at its network address, such as 10\.0\.0\.0\/16, got '10\.0\.1\.0\/16'$/,
  },
  {
    claim: 'S2-09',
    area: 'AdminVpn',
    name: 'client CIDR block wider than /12',
    build: () => {
      const s = stack();
      new AdminVpn(s, 'Vpn', {
        vpc: vpcIn(s), serverCertificateArn: SERVER_CERT, authentication: AdminVpnAuthentication.mutualTls(CLIENT_CERT), clientCidr: '10.0.0.0/8',
      });
    },
    path: 'TestStack/Vpn',
    error: /^TestStack\/Vpn: clientCidr must be a \/12 to \/22 block \(AWS Client VPN\), got '10\.0\.0\.0\/8' \(\/8\)$/,
  },
  {
    claim: 'S2-09',
    area: 'AdminVpn',
    name: 'client certificate that is not an ACM certificate ARN',
    build: () => {
      const s = stack();
      new AdminVpn(s, 'Vpn', {
        vpc: vpcIn(s),
        serverCertificateArn: SERVER_CERT,
        authentication: AdminVpnAuthentication.mutualTls('client-ca'),
        clientCidr: '10.100.0.0/22',
      });
    },
    path: 'TestStack/Vpn',
    error: /^TestStack\/Vpn: clientCertificateArn must be the ARN of an ACM certificate \(arn:aws:acm:\.\.\.:certificate\/\.\.\.\), got 'client-ca'$/,
  },
  {
    claim: 'S2-02',
    area: 'LoadBalancerEdge',
    name: 'domain name that is not a host name',
    build: () => {
      const s = stack();
      new LoadBalancerEdge(s, 'Edge', { vpc: vpcIn(s), domainName: 'localhost' });
    },
    path: 'TestStack/Edge',
    error: /^TestStack\/Edge: domainName must be a host name: at least two dot-separated labels.*got 'localhost'$/,
  },
  {
    area: 'SecureSftpServer',
    name: 'user name shorter than 3 characters',
    build: () => {
      const s = stack();
      new SecureSftpServer(s, 'Sftp', { vpc: vpcIn(s) }).addUser('Partner', { userName: 'ab', sshPublicKeys: [KEY] });
    },
    path: 'TestStack/Sftp/Partner',
    error: /^TestStack\/Sftp\/Partner: userName must be 3-100 letters, digits.*got 'ab'$/,
  },

  // ---- Stacks ----
  {
    claim: 'S1-08',
    area: 'OffsiteBackupStack',
    name: 'off-site region the policy does not list as a copy region',
    build: () => new OffsiteBackupStack(new App(), 'Copies', {
      policy: { ...DEFAULT_POLICY, backupCopyRegions: ['us-west-2'] }, region: 'eu-west-1',
    }),
    path: 'Copies',
    error: /^Copies: region must be one of the policy's backupCopyRegions \(us-west-2\), got 'eu-west-1'$/,
  },

  // ---- Compliance acknowledgements ----
  {
    area: 'Compliance',
    name: 'acknowledgement without a readable reason',
    build: () => Compliance.acknowledge(stack(), { ruleId: 'AwsSolutions-S1', reason: ' ' }),
    path: 'TestStack',
    error: /^TestStack: acknowledgement of AwsSolutions-S1 needs a reason of at least 10 characters that a reviewer can read, got ' '$/,
  },
  {
    area: 'Compliance',
    name: 'acknowledgement whose reason is a token',
    build: () => Compliance.acknowledge(stack(), { ruleId: 'AwsSolutions-S1', reason: Lazy.string({ produce: () => 'Reviewed in SEC-12.' }) }),
    path: 'TestStack',
    error: /^TestStack: acknowledgement of AwsSolutions-S1 needs a literal reason that a reviewer can read, got a token$/,
  },
  {
    area: 'Compliance',
    name: 'acknowledgement without a rule id',
    build: () => Compliance.acknowledge(stack(), { ruleId: ' ', reason: 'Reviewed by the security team in ticket SEC-12.' }),
    path: 'TestStack',
    error: /^TestStack: acknowledgement needs the literal id of the rule it accepts, as the report prints it \(AwsSolutions-S1, DataProtection-OpenIngress\), got ' '$/,
  },
];

/** Runs `build` and returns what it threw; fails the test when nothing was thrown. */
function refusal(build: () => void): unknown {
  try {
    build();
  } catch (e) {
    return e;
  }
  throw new Error('expected the input to be refused, but it was accepted');
}

describe('bad-input catalogue: every refused input fails with DataProtectionError naming where, the value and what is allowed', () => {
  test('the catalogue holds at least 40 rows, each with a unique title', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(ROWS.map((r) => `${r.area} ${r.name}`)).size).toBe(ROWS.length);
  });

  test.each(ROWS.map((r) => [`${r.claim ? `${r.claim} ` : ''}${r.area}: ${r.name}`, r] as const))('%s', (_title, row) => {
    // GIVEN / WHEN the bad input is built (and synthesized, for validations)
    lastStack = undefined;
    const error = refusal(row.build);

    // THEN it is our error, not aws-cdk-lib's or a TypeError ...
    if (!DataProtectionError.isDataProtectionError(error)) {
      throw new Error(`expected a DataProtectionError, got ${(error as Error)?.constructor?.name}: ${(error as Error)?.message}`);
    }
    const e = error;
    expect(e.name).toBe('DataProtectionError');
    // ... naming where (the construct path, or the API of a value) ...
    expect(e.message.startsWith(row.path)).toBe(true);
    expect(e.constructPath).toBe(row.construct === false ? undefined : row.path);
    // ... the value received and what is allowed.
    expect(e.message).toMatch(row.error);
  });
});

describe('nothing is created from bad input', () => {
  /** The failed construct: it is in the tree (its constructor ran `super`), but holds nothing. */
  function childrenAfterFailure(build: () => void, path: string): IConstruct[] {
    lastStack = undefined;
    refusal(build);
    const found = lastStack!.node.findAll().find((c) => c.node.path === path);
    expect(found).toBeDefined();
    return found!.node.children;
  }

  test.each([
    ['retention shorter than the policy\'s', 'SecureBucket: retention shorter than the policy\'s data retention'],
    ['duplicate tenant ids', 'SecureBucket: duplicate tenant ids'],
    ['bucket name S3 refuses', 'SecureBucket: bucket name S3 refuses'],
    ['rate limit under 10', 'WebFirewall: rate limit under 10 requests'],
    ['policy without the internal class', 'SecureBucket: access logs to the stack\'s log bucket under a policy without the internal class'],
    ['blank service name', 'IncidentResponse: blank service name for the breach notice'],
    ['backup retention 40 days', 'SecureDatabase: backup retention outside 1-35 days for RDS'],
    ['subnet group the VPC does not have', 'SecureDatabase: subnet group the VPC does not have'],
    ['source IP that is not a CIDR block', 'MfaGatedAccess: source IP that is not a CIDR block'],
    ['log group name CloudWatch Logs refuses', 'ApplicationLogGroup: log group name CloudWatch Logs refuses'],
    ['CIDR block that is not one', 'SecureNetwork: CIDR block that is not one'],
    ['vault lock minimum', 'SecureBackupVault: lock minimum retention above the policy\'s backup retention'],
  ])('%s: the refused construct has no children', (_title, key) => {
    // GIVEN the row
    const row = ROWS.find((r) => `${r.area}: ${r.name}` === key)!;
    expect(row).toBeDefined();

    // WHEN it is refused
    const children = childrenAfterFailure(row.build, row.path);

    // THEN nothing was created under it
    expect(children.map((c) => c.node.id)).toEqual([]);
  });

  test('a refused policy records nothing: the stack holds no policy a construct could find', () => {
    // GIVEN / WHEN
    refusal(() => stack({ logRetention: 13 as logs.RetentionDays }));

    // THEN
    expect(DataProtectionPolicy.tryOf(lastStack!)).toBeUndefined();
  });
});

describe('bare stacks', () => {
  test('a construct that needs a policy, in a stack without one, says how to add it', () => {
    // GIVEN
    const s = bare();

    // WHEN
    const e = refusal(() => new SecureBucket(s, 'B', { dataClass: DataClass.INTERNAL })) as DataProtectionError;

    // THEN
    expect(DataProtectionError.isDataProtectionError(e)).toBe(true);
    expect(e.message).toMatch(/^TestStack\/B: no DataProtectionPolicy applies here: add `new DataProtectionPolicy\(stack, 'Policy'/);
  });
});
