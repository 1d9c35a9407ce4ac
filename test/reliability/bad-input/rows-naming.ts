import { App, Duration } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  AdminVpn, ApplicationLogGroup, AtRestEncryption, BackupSchedule, CisAlarms, DataClass, DataProtectionPolicy, DistributionEdge, IncidentResponse,
  IntegrationSecret,
  LoadBalancerEdge, MfaGatedAccess, OffsiteBackupStack, SecureBackupPlan, SecureBackupVault, SecureBucket, SecureDatabase, SecureNetwork,
  SecureSftpServer, SecureUserPool, Tenant, VaultLock, WebFirewall,
} from './api';
import { appOf, bare, DEFAULT_POLICY, given, Row, stack, vpcIn } from './kit';

/** A constructor called as plain JavaScript would: no type checks on the props. */
const untyped = (c: unknown): any => c;

/**
 * Class "errors that name the mistake" (issue 20 item 5): what a JavaScript caller, or a
 * TypeScript caller with `as any`, can pass: no props, a string where an enum-like class is
 * expected, a construct of this library where a plain aws-cdk-lib resource is expected, numbers
 * that are not numbers. Each is refused by name, not by a TypeError or an error of aws-cdk-lib.
 */
export const NAMING_ROWS: Row[] = [
  // ---- every required prop missing: no props at all ----
  ...([
    ['SecureBucket', SecureBucket, 'dataClass'],
    ['SecureDatabase', SecureDatabase, 'vpc: .*; dataClass'],
    ['AdminVpn', AdminVpn, 'vpc: .*; serverCertificateArn: .*; authentication: .*; clientCidr'],
    ['LoadBalancerEdge', LoadBalancerEdge, 'domainName: .*; vpc'],
    ['SecureSftpServer', SecureSftpServer, 'vpc'],
    ['CisAlarms', CisAlarms, 'logGroup: .*; alarmTopic'],
    ['DistributionEdge', DistributionEdge, 'domainName: .*; origin'],
    ['IntegrationSecret', IntegrationSecret, 'integrationName'],
    ['Tenant', Tenant, 'tenantId: .*; shard: .*; bucket: .*; assumedBy'],
  ] as const).map(([area, ctor, needed]): Row => ({
    area,
    name: 'no props at all',
    build: () => new (untyped(ctor))(stack(), 'X'),
    path: 'TestStack/X',
    error: new RegExp(`^TestStack/X: ${area} needs props giving ${needed}: .*; got no props$`),
  })),
  {
    area: 'DataProtectionPolicy',
    name: 'no props at all',
    build: () => new (untyped(DataProtectionPolicy))(bare(), 'Policy'),
    path: 'TestStack/Policy',
    error: /^TestStack\/Policy: DataProtectionPolicy needs props giving securityContact: a string; got no props$/,
  },
  {
    area: 'OffsiteBackupStack',
    name: 'no props at all',
    build: () => new (untyped(OffsiteBackupStack))(appOf(new App()), 'Copies'),
    path: 'Copies',
    error: /^Copies: OffsiteBackupStack needs props giving policy: an object; region: a string; got no props$/,
  },
  {
    area: 'SecureBucket',
    name: 'props without the required data class',
    build: () => new SecureBucket(stack(), 'B', untyped({ retention: Duration.days(30) })),
    path: 'TestStack/B',
    error: /^TestStack\/B: dataClass is required \(a DataClass such as DataClass.CUSTOMER_DATA, or one made by DataClass.custom\(\)\), got undefined$/,
  },

  // ---- a string where an enum-like class is expected ----
  {
    claim: 'S1-01',
    area: 'SecureBucket',
    name: 'data class given as its name (a string)',
    build: () => new SecureBucket(stack(), 'B', { dataClass: untyped('customer-data') }),
    path: 'TestStack/B',
    error: /^TestStack\/B: dataClass must be a DataClass such as DataClass.CUSTOMER_DATA, or one made by DataClass.custom\(\), got 'customer-data' \(a string\)$/,
  },
  {
    claim: 'S1-01',
    area: 'SecureDatabase',
    name: 'data class given as its name (a string)',
    build: () => {
      const s = stack();
      new SecureDatabase(s, 'Db', { vpc: vpcIn(s), dataClass: untyped('customer-data') });
    },
    path: 'TestStack/Db',
    error: /^TestStack\/Db: dataClass must be a DataClass .*got 'customer-data' \(a string\)$/,
  },
  {
    area: 'SecureBackupVault',
    name: 'data class given as its name (a string)',
    build: () => new SecureBackupVault(stack(), 'Vault', { dataClass: untyped('internal') }),
    path: 'TestStack/Vault',
    error: /^TestStack\/Vault: dataClass must be a DataClass .*got 'internal' \(a string\)$/,
  },
  {
    claim: 'S1-01',
    area: 'DataProtectionPolicy',
    name: 'data classes given as names (strings)',
    build: () => new DataProtectionPolicy(bare(), 'Policy', { ...DEFAULT_POLICY, dataClasses: untyped(['internal']) }),
    path: 'TestStack/Policy',
    error: /^TestStack\/Policy: dataClasses\[0\] must be a DataClass .*got 'internal' \(a string\)$/,
  },
  {
    claim: 'S0-06',
    area: 'DataProtectionPolicy',
    name: 'encryption given as a string',
    build: () => new DataProtectionPolicy(bare(), 'Policy', { ...DEFAULT_POLICY, atRestEncryption: untyped('KMS') }),
    path: 'TestStack/Policy',
    error: /^TestStack\/Policy: atRestEncryption must be an AtRestEncryption such as AtRestEncryption.KMS, got 'KMS' \(a string\)$/,
  },
  {
    claim: 'S0-02',
    area: 'DataProtectionPolicy',
    name: 'backup schedule given as a string',
    build: () => new DataProtectionPolicy(bare(), 'Policy', { ...DEFAULT_POLICY, backup: untyped('daily') }),
    path: 'TestStack/Policy',
    error: /^TestStack\/Policy: backup must be a BackupSchedule such as BackupSchedule.daily\(Duration.days\(14\)\), got 'daily' \(a string\)$/,
  },
  {
    area: 'SecureBucket',
    name: 'encryption given as a string',
    build: () => new SecureBucket(stack(), 'B', { dataClass: DataClass.INTERNAL, encryption: untyped(AtRestEncryption.KMS.name) }),
    path: 'TestStack/B',
    error: /^TestStack\/B: encryption must be an AtRestEncryption such as AtRestEncryption.KMS, got 'KMS' \(a string\)$/,
  },

  // ---- a construct of this library where a plain one is expected ----
  {
    claim: 'S2-01',
    area: 'SecureBucket',
    name: 'a SecureBucket as accessLogsBucket (not its .bucket)',
    build: () => {
      const s = stack();
      const logs = given(new SecureBucket(s, 'Logs', { dataClass: DataClass.INTERNAL }));
      new SecureBucket(s, 'B', { dataClass: DataClass.INTERNAL, accessLogsBucket: untyped(logs) });
    },
    path: 'TestStack/B',
    error: /^TestStack\/B: accessLogsBucket must be an s3.IBucket \(for a SecureBucket, pass its .bucket\), got the SecureBucket at TestStack\/Logs$/,
  },
  {
    area: 'SecureDatabase',
    name: 'a SecureNetwork as vpc (not its .vpc)',
    build: () => {
      const s = stack();
      const network = given(new SecureNetwork(s, 'Network'));
      new SecureDatabase(s, 'Db', { vpc: untyped(network), dataClass: DataClass.CUSTOMER_DATA });
    },
    path: 'TestStack/Db',
    error: /^TestStack\/Db: vpc must be an ec2.IVpc \(for a SecureNetwork, pass its .vpc\), got the SecureNetwork at TestStack\/Network$/,
  },
  {
    area: 'LoadBalancerEdge',
    name: 'a SecureNetwork as vpc (not its .vpc)',
    build: () => {
      const s = stack();
      const network = given(new SecureNetwork(s, 'Network'));
      new LoadBalancerEdge(s, 'Edge', { vpc: untyped(network), domainName: 'app.example.com' });
    },
    path: 'TestStack/Edge',
    error: /^TestStack\/Edge: vpc must be an ec2.IVpc \(for a SecureNetwork, pass its .vpc\), got the SecureNetwork at TestStack\/Network$/,
  },
  {
    area: 'CisAlarms',
    name: 'an ApplicationLogGroup as logGroup (not its .logGroup)',
    build: () => {
      const s = stack();
      const logGroup = given(new ApplicationLogGroup(s, 'AppLogs'));
      const incidents = given(new IncidentResponse(s, 'Incidents'));
      new CisAlarms(s, 'Cis', { logGroup: untyped(logGroup), alarmTopic: incidents.topic });
    },
    path: 'TestStack/Cis',
    error: /^TestStack\/Cis: logGroup must be a logs.ILogGroup \(for an ApplicationLogGroup, pass its .logGroup\), got the ApplicationLogGroup at TestStack\/AppLogs$/,
  },
  {
    area: 'SecureBackupVault',
    name: 'a SecureBucket as encryptionKey',
    build: () => {
      const s = stack();
      const bucket = given(new SecureBucket(s, 'B', { dataClass: DataClass.CUSTOMER_USER_DATA }));
      new SecureBackupVault(s, 'Vault', { encryptionKey: untyped(bucket) });
    },
    path: 'TestStack/Vault',
    error: /^TestStack\/Vault: encryptionKey must be a kms.IKey \(for a construct of this library, pass its encryptionKey\), got the SecureBucket at TestStack\/B$/,
  },
  {
    area: 'SecureBackupPlan',
    name: 'a plain AWS Backup vault where a SecureBackupVault is expected',
    build: () => {
      const s = stack();
      const vault = given(new backup.BackupVault(s, 'Plain'));
      new SecureBackupPlan(s, 'Plan', { vault: untyped(vault) });
    },
    path: 'TestStack/Plan',
    error: /^TestStack\/Plan: vault must be a SecureBackupVault of this library, got the BackupVault\d* at TestStack\/Plain$/,
  },

  // ---- numbers that are not numbers ----
  {
    claim: 'S0-02',
    area: 'BackupSchedule',
    name: 'daily retention of NaN days',
    build: () => BackupSchedule.daily(Duration.days(NaN)),
    path: 'BackupSchedule.daily',
    construct: false,
    error: /^BackupSchedule.daily retention must be a whole number of days, at least 1, got Duration.days\(NaN\)$/,
  },
  {
    claim: 'S0-02',
    area: 'BackupSchedule',
    name: 'daily retention of Infinity days',
    build: () => BackupSchedule.daily(Duration.days(Infinity)),
    path: 'BackupSchedule.daily',
    construct: false,
    error: /^BackupSchedule.daily retention must be a whole number of days, at least 1, got Infinity days$/,
  },
  {
    claim: 'S2-12',
    area: 'VaultLock',
    name: 'compliance lock changeable for NaN days',
    build: () => VaultLock.compliance(Duration.days(NaN)),
    path: 'VaultLock.compliance',
    construct: false,
    error: /^VaultLock.compliance changeableFor must be a whole number of days, at least 3, got Duration.days\(NaN\)$/,
  },
  {
    claim: 'S0-10',
    area: 'MfaGatedAccess',
    name: 'MFA age of NaN hours',
    build: () => new MfaGatedAccess(stack(), 'Access', { mfaMaxAge: Duration.hours(NaN) }),
    path: 'TestStack/Access',
    error: /^TestStack\/Access: mfaMaxAge must be 15 minutes-12 hours, got Duration.hours\(NaN\)$/,
  },
  {
    claim: 'S2-06',
    area: 'WebFirewall',
    name: 'rate limit of NaN',
    build: () => new WebFirewall(stack(), 'Waf', { rateLimit: NaN }),
    path: 'TestStack/Waf',
    error: /^TestStack\/Waf: rateLimit must be a whole number of requests, 10-2000000000, got NaN$/,
  },
  {
    area: 'SecureDatabase',
    name: 'allocated storage of Infinity GiB',
    build: () => {
      const s = stack();
      new SecureDatabase(s, 'Db', { vpc: vpcIn(s), dataClass: DataClass.CUSTOMER_DATA, allocatedStorage: Infinity });
    },
    path: 'TestStack/Db',
    error: /^TestStack\/Db: allocatedStorage must be a whole number of GiB in 20-65536, got Infinity$/,
  },
  {
    claim: 'S1-03',
    area: 'SecureUserPool',
    name: 'password length of 12.5 characters',
    build: () => new SecureUserPool(stack(), 'Users', { passwordMinLength: 12.5 }),
    path: 'TestStack/Users',
    error: /^TestStack\/Users: passwordMinLength must be a whole number 8-99, got 12.5$/,
  },
  {
    area: 'SecureNetwork',
    name: 'an interface endpoint given as a service name (a string)',
    build: () => new SecureNetwork(stack(), 'Network', { interfaceEndpoints: untyped(['secretsmanager']) }),
    path: 'TestStack/Network',
    error: /^TestStack\/Network: interfaceEndpoints must hold ec2.InterfaceVpcEndpointAwsService values .*got "secretsmanager"$/,
  },
];

/** The endpoint type, for readers of the row above. */
export type EndpointService = ec2.InterfaceVpcEndpointAwsService;
