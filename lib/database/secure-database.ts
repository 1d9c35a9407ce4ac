import { ArnFormat, CfnDeletionPolicy, Duration, Names, RemovalPolicy, Stack, Tags, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { Compliance } from '../compliance/acknowledgement';
import { ComplianceRules } from '../compliance/rule-ids';
import { DataClass } from '../policy/data-class';
import { DataProtectionPolicy } from '../policy/data-protection-policy';
import { MinimumTlsVersion } from '../policy/encryption';
import { Weakening } from '../policy/weakening';
import { DataProtectionError } from '../private/errors';
import { secureKey } from '../private/kms-defaults';
import { encryptedLogGroup } from '../private/logs-defaults';
import { PROPS } from '../private/props-specs';
import { validatePropsShape } from '../private/props-validation';
import { protectAfterCreate } from '../private/protect-after-create';
import { assertInPolicyRegion, RDS_BACKUP_RETENTION, weaken, wholeDays } from '../private/validate';
import { LogScope, markLogScope } from '../promises/log-retention';

/** RDS accepts ports 1150-65535. */
const RDS_PORTS = { min: 1150, max: 65535 };

/** The compliance rules that read deletion protection from the instance's template (turned on after creation here). */
const DB_DELETION_PROTECTION_RULES = [
  'AwsSolutions-RDS10', 'HIPAA.Security-RDSInstanceDeletionProtectionEnabled', 'NIST.800.53.R5-RDSInstanceDeletionProtectionEnabled',
  `${ComplianceRules.GUARD_PREFIX}rds_instance_deletion_protection_enabled_check`,
];

/** Instance sizes Performance Insights does not support. */
const NO_PERFORMANCE_INSIGHTS = ['micro', 'small'];

/**
 * What differs between the engines SecureDatabase supports: the secure port, the
 * parameters that force TLS and audit statements, and the logs to export.
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.PostgreSQL.CommonDBATasks.pgaudit.basic-setup.html
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.MySQL.Options.AuditPlugin.html
 */
interface EngineProfile {
  readonly name: string;
  readonly defaultPort: number;
  readonly securePort: number;
  readonly tlsParameters: (tls: MinimumTlsVersion) => Record<string, string>;
  readonly logExports: string[];
  /** MySQL writes its audit log through the MariaDB audit plugin, set in an option group. */
  readonly auditOption?: rds.OptionConfiguration;
}

const ENGINE_PROFILES: Record<string, EngineProfile> = {
  postgres: {
    name: 'PostgreSQL',
    defaultPort: 5432,
    securePort: 5433,
    tlsParameters: (tls) => ({
      'rds.force_ssl': '1',
      'ssl_min_protocol_version': `TLSv${tls.version}`,
      // Every connection and disconnection is in the exported log (S2-01).
      'log_connections': '1',
      'log_disconnections': '1',
      // pgAudit logs every statement that reads or writes data, and changes to roles and schemas
      // (S2-01: every access to customer data is logged), in the exported postgresql log. The
      // library logs reads and writes once loaded; its DDL event triggers need `CREATE EXTENSION
      // pgaudit` once per database. pg_stat_statements stays loaded for Performance Insights.
      'shared_preload_libraries': 'pg_stat_statements,pgaudit',
      'pgaudit.log': 'read,write,ddl,role',
    }),
    logExports: ['postgresql', 'upgrade'],
  },
  mysql: {
    name: 'MySQL',
    defaultPort: 3306,
    securePort: 3307,
    tlsParameters: (tls) => ({
      require_secure_transport: 'ON',
      tls_version: tls === MinimumTlsVersion.TLS_1_3 ? 'TLSv1.3' : 'TLSv1.2,TLSv1.3',
      // The general and slow-query logs are exported, so they are written (to files RDS exports).
      general_log: '1',
      slow_query_log: '1',
      log_output: 'FILE',
    }),
    logExports: ['audit', 'error', 'general', 'slowquery'],
    auditOption: {
      name: 'MARIADB_AUDIT_PLUGIN',
      // QUERY_DML: every statement that reads or writes data (S2-01), besides connections and changes to schemas and grants.
      settings: { SERVER_AUDIT_EVENTS: 'CONNECT,QUERY_DDL,QUERY_DML,QUERY_DCL' },
    },
  },
};

/**
 * Properties of a `SecureDatabase`. Only the VPC and the data class are required: every
 * other setting has a secure default taken from the `DataProtectionPolicy`.
 */
export interface SecureDatabaseProps {
  /**
   * The VPC; the database goes into its isolated subnets.
   *
   * Must be in the region of the construct's stack, or it is refused at synthesis naming both regions; a region
   * that is a token (an environment-agnostic stack, an ARN from a parameter) cannot be compared and is not checked.
   */
  readonly vpc: ec2.IVpc;

  /**
   * The class of the data the database holds, written into its `data-class` tag (and so
   * into its snapshots); it must be declared by the policy.
   */
  readonly dataClass: DataClass;

  /**
   * The engine: PostgreSQL or MySQL, with a major version so that a parameter group can
   * force TLS.
   *
   * @default - PostgreSQL 17
   */
  readonly engine?: rds.IInstanceEngine;

  /**
   * The instance class.
   *
   * @default - db.t4g.medium
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * Allocated storage, in GiB; storage grows automatically up to `maxAllocatedStorage`.
   *
   * @default 20
   */
  readonly allocatedStorage?: number;

  /**
   * The upper limit of storage autoscaling, in GiB; more than `allocatedStorage`.
   *
   * @default - 100, or twice `allocatedStorage` when that is more
   */
  readonly maxAllocatedStorage?: number;

  /**
   * The name of a database to create.
   *
   * @default - none
   */
  readonly databaseName?: string;

  /**
   * The master user name; its password is generated, kept in Secrets Manager encrypted
   * with the database key, and rotated by RDS.
   *
   * @default 'dbadmin'
   */
  readonly masterUsername?: string;

  /**
   * The port. The engine's default port (5432, 3306) is refused (AwsSolutions-RDS11).
   *
   * @default - 5433 for PostgreSQL, 3307 for MySQL
   */
  readonly port?: number;

  /**
   * How long automated backups are kept: 1-35 days, and not shorter than the policy's
   * backup retention (claims S0-02, S1-09).
   *
   * @default - the policy's backup retention
   */
  readonly backupRetention?: Duration;

  /**
   * The DB instance identifier: lower-case letters, digits and hyphens, starting with a
   * letter, at most 63 characters. It names the log groups, so it is always set.
   *
   * @default - derived from the construct path
   */
  readonly instanceIdentifier?: string;

  /**
   * The subnets of the database. Public subnets are refused.
   *
   * @default - the VPC's isolated subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The KMS key that encrypts storage, snapshots, the master secret, Performance Insights
   * and the exported logs.
   *
   * Must be in the region of the construct's stack, or it is refused at synthesis naming both regions; a region
   * that is a token (an environment-agnostic stack, an ARN from a parameter) cannot be compared and is not checked.
   *
   * @default - a new customer-managed key with yearly rotation, retained on delete
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Run in a single availability zone (claims S2-06 and S2-10 then no longer hold).
   *
   * @default - Multi-AZ
   */
  readonly allowSingleAz?: Weakening;
}

/**
 * An RDS database that is secure with no more than a VPC and a data class (claims S0-01,
 * S0-02, S1-09, S2-02, S2-03, S2-06, S2-10, S1-01):
 * - in isolated subnets, not publicly accessible, behind a security group that admits
 *   only the clients the caller connects (`connections.allowDefaultPortFrom`), on a
 *   non-default port;
 * - storage, snapshots, Performance Insights and logs encrypted with a rotating KMS key;
 * - TLS forced by the parameter group (`rds.force_ssl` / `require_secure_transport`), at
 *   the policy's minimum TLS version; the RSA-2048 CA;
 * - Multi-AZ, automated backups kept as long as the policy says, tags copied to snapshots,
 *   deletion protection, a final snapshot when removed;
 * - IAM authentication; the master password generated, kept in Secrets Manager and
 *   rotated by RDS;
 * - logs exported to CloudWatch Logs groups with the policy's retention; enhanced monitoring.
 *
 * The underlying `rds.DatabaseInstance` is the child `Resource` (`node.defaultChild`).
 */
export class SecureDatabase extends Construct implements ec2.IConnectable {
  /** The database instance. */
  public readonly instance: rds.DatabaseInstance;
  /** The key that encrypts the database, its secret, its insights and its logs. */
  public readonly encryptionKey: kms.IKey;
  /** The parameter group that forces TLS. */
  public readonly parameterGroup: rds.ParameterGroup;
  /** The security group of the database. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The log groups the database exports to, by log type. */
  public readonly logGroups: logs.LogGroup[];
  /** The data class of the database. */
  public readonly dataClass: DataClass;
  /** How long automated backups are kept. */
  public readonly backupRetention: Duration;
  /** The DB instance identifier. */
  public readonly instanceIdentifier: string;

  constructor(scope: Construct, id: string, props: SecureDatabaseProps) {
    super(scope, id);
    validatePropsShape(this, 'SecureDatabase', props, PROPS.SecureDatabase);
    const policy = DataProtectionPolicy.of(this);
    policy.assertDeclared(props.dataClass, this);
    assertInPolicyRegion(this, policy);
    this.dataClass = props.dataClass;

    const engine = props.engine ?? rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 });
    const profile = ENGINE_PROFILES[engine.engineType];
    if (!profile) {
      throw new DataProtectionError(`engine must be PostgreSQL or MySQL (engineType postgres or mysql), got '${engine.engineType}'`, this);
    }
    if (!engine.engineVersion) {
      throw new DataProtectionError(`engine must name a version (rds.DatabaseInstanceEngine.${engine.engineType}({ version })) so that a parameter group can force TLS, got none`, this);
    }
    this.backupRetention = chooseBackupRetention(this, policy, props.backupRetention);
    const port = choosePort(this, profile, props.port);
    this.instanceIdentifier = chooseIdentifier(this, props.instanceIdentifier);
    validateNames(this, profile, props.databaseName, props.masterUsername);
    const subnets = chooseSubnets(this, props.vpc, props.vpcSubnets);
    const storage = chooseStorage(this, props.allocatedStorage, props.maxAllocatedStorage);
    if (props.allowSingleAz) {
      const reason = weaken(this, 'database-multi-az', props.allowSingleAz, 'the database runs in a single availability zone', 'allowSingleAz');
      Compliance._weakened(this, ComplianceRules.RDS_MULTI_AZ, reason, 'allowSingleAz');
    }

    this.encryptionKey = props.encryptionKey ?? secureKey(this, 'Key', `Encrypts the database ${this.node.path}, its secret, insights and logs`);
    this.logGroups = this.createLogGroups(profile.logExports, policy);

    this.parameterGroup = new rds.ParameterGroup(this, 'Parameters', {
      engine,
      description: `Forces TLS ${policy.minimumTlsVersion}+ on ${this.node.path}`,
      parameters: profile.tlsParameters(policy.minimumTlsVersion),
    });
    const optionGroup = profile.auditOption
      ? new rds.OptionGroup(this, 'Options', { engine, description: `Audit log of ${this.node.path}`, configurations: [profile.auditOption] })
      : undefined;
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Database ${this.node.path}: admits only connected clients, on port ${port}`,
      allowAllOutbound: false,
    });

    const instanceType = props.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MEDIUM);
    const performanceInsights = !NO_PERFORMANCE_INSIGHTS.some((size) => instanceType.toString().endsWith(`.${size}`));

    this.instance = new rds.DatabaseInstance(this, 'Resource', {
      engine,
      instanceType,
      instanceIdentifier: this.instanceIdentifier,
      vpc: props.vpc,
      vpcSubnets: subnets,
      securityGroups: [this.securityGroup],
      publiclyAccessible: false,
      port,
      databaseName: props.databaseName,
      credentials: rds.Credentials.fromUsername(props.masterUsername ?? 'dbadmin', { encryptionKey: this.encryptionKey }),
      manageMasterUserPassword: true,
      iamAuthentication: true,
      storageEncrypted: true,
      storageEncryptionKey: this.encryptionKey,
      storageType: rds.StorageType.GP3,
      allocatedStorage: storage.allocated,
      maxAllocatedStorage: storage.max,
      multiAz: !props.allowSingleAz,
      backupRetention: this.backupRetention,
      preferredBackupWindow: '03:00-04:00',
      copyTagsToSnapshot: true,
      // Deletion protection is turned on once the stack is complete (below), not at creation: a
      // protected instance would fail the rollback of a failed first deploy (ROLLBACK_FAILED).
      deletionProtection: false,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      parameterGroup: this.parameterGroup,
      optionGroup,
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
      cloudwatchLogsExports: profile.logExports,
      enablePerformanceInsights: performanceInsights,
      performanceInsightEncryptionKey: performanceInsights ? this.encryptionKey : undefined,
      monitoringInterval: Duration.seconds(60),
      autoMinorVersionUpgrade: true,
    });
    for (const group of this.logGroups) {
      // The groups exist, with retention and encryption, before RDS starts writing to them.
      this.instance.node.addDependency(group);
    }
    this.protectInstance();
    Tags.of(this).add(DataClass.TAG_KEY, props.dataClass.name);
    if (this.instance.node.tryFindChild('MonitoringRole')) {
      Compliance._standing(this.instance.node.findChild('MonitoringRole'), {
        ruleId: ComplianceRules.awsManagedPolicy('service-role/AmazonRDSEnhancedMonitoringRole'),
        reason: 'Enhanced monitoring uses the AWS-managed AmazonRDSEnhancedMonitoringRole, which only lets RDS publish OS metrics to CloudWatch Logs.',
      });
    }
  }

  /** The network connections of the database: `db.connections.allowDefaultPortFrom(client)`. */
  public get connections(): ec2.Connections {
    return this.instance.connections;
  }

  /** The endpoint address. */
  public get endpointAddress(): string {
    return this.instance.dbInstanceEndpointAddress;
  }

  /** The endpoint port. */
  public get endpointPort(): string {
    return this.instance.dbInstanceEndpointPort;
  }

  /** The secret that holds the master credentials, generated and rotated by RDS. */
  public get secretArn(): string {
    return this.instance.secret!.secretArn;
  }

  /**
   * Grants `rds-db:connect` for IAM authentication as `dbUser`.
   *
   * @param grantee the principal
   * @param dbUser the database user to connect as
   */
  public grantConnect(grantee: iam.IGrantable, dbUser: string): iam.Grant {
    return this.instance.grantConnect(grantee, dbUser);
  }

  /**
   * Kept on deletion (Retain) and snapshotted on replacement, but deleted by the rollback of the
   * create that made it, when it holds no data yet: a retry can then create the same identifier.
   * Deletion protection is turned on by a call made after every other resource of the stack.
   */
  private protectInstance(): void {
    const cfn = this.instance.node.defaultChild as rds.CfnDBInstance;
    cfn.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN_EXCEPT_ON_CREATE;
    cfn.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.SNAPSHOT;
    cfn.addPropertyDeletionOverride('DeletionProtection');
    const stack = Stack.of(this);
    const protector = protectAfterCreate(cfn, 'DeletionProtection', {
      service: 'RDS',
      action: 'modifyDBInstance',
      parameters: { DBInstanceIdentifier: this.instanceIdentifier, DeletionProtection: true, ApplyImmediately: true },
      physicalResourceId: cr.PhysicalResourceId.of(`deletion-protection-${this.instanceIdentifier}`),
    }, [new iam.PolicyStatement({
      actions: ['rds:ModifyDBInstance'],
      resources: [stack.formatArn({ service: 'rds', resource: 'db', resourceName: this.instanceIdentifier, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
    })]);
    Compliance._standingRules(this.instance, DB_DELETION_PROTECTION_RULES,
      `Deletion protection is turned on by ${protector.node.path} once every other resource of the stack is created, so that the ` +
      'rollback of a failed first deploy can delete the new, empty instance; the instance is retained on stack deletion and snapshotted on replacement.');
  }

  /**
   * One log group per exported log, named as RDS names them, with the policy's retention
   * and encrypted with the database key (claims S0-04, S1-06).
   */
  private createLogGroups(logTypes: string[], policy: DataProtectionPolicy): logs.LogGroup[] {
    return logTypes.map((type) => {
      const group = encryptedLogGroup(this, `Log-${type}`, {
        logGroupName: `/aws/rds/instance/${this.instanceIdentifier}/${type}`,
        retention: policy.logRetentionFor(LogScope.DATABASE),
        key: this.encryptionKey,
      });
      markLogScope(group, LogScope.DATABASE);
      return group;
    });
  }
}

function chooseBackupRetention(scope: Construct, policy: DataProtectionPolicy, requested: Duration | undefined): Duration {
  const days = wholeDays('backupRetention', requested ?? policy.backup.retention, scope);
  if (days < RDS_BACKUP_RETENTION.min || days > RDS_BACKUP_RETENTION.max) {
    throw new DataProtectionError(`backupRetention must be ${RDS_BACKUP_RETENTION.min}-${RDS_BACKUP_RETENTION.max} days for RDS, got ${days}`, scope);
  }
  const floor = policy.backup.retention.toDays();
  if (days < floor) {
    throw new DataProtectionError(
      `backupRetention must be at least the policy's backup retention of ${floor} days (DataProtectionPolicy at ${policy.node.path}), got ${days}`, scope);
  }
  return Duration.days(days);
}

function choosePort(scope: Construct, profile: EngineProfile, requested: number | undefined): number {
  const port = requested ?? profile.securePort;
  if (Token.isUnresolved(port) || !Number.isInteger(port) || port < RDS_PORTS.min || port > RDS_PORTS.max) {
    throw new DataProtectionError(`port must be a literal whole number in ${RDS_PORTS.min}-${RDS_PORTS.max}, got ${port}`, scope);
  }
  if (port === profile.defaultPort) {
    throw new DataProtectionError(`port must not be ${profile.name}'s default port ${profile.defaultPort} (AwsSolutions-RDS11), got ${port}`, scope);
  }
  return port;
}

/** The longest master user name of each engine. */
const MAX_USERNAME = { postgres: 63, mysql: 16 };

/**
 * Refuses a database or master user name RDS would refuse at deployment: a letter, then letters,
 * digits or '_' (PostgreSQL and MySQL), 1-63 characters for the database and 1-63 (PostgreSQL) or
 * 1-16 (MySQL) for the user, which must not be RDS's own 'rdsadmin'.
 */
function validateNames(scope: Construct, profile: EngineProfile, databaseName?: string, masterUsername?: string): void {
  if (databaseName !== undefined && !Token.isUnresolved(databaseName) && !/^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(databaseName)) {
    throw new DataProtectionError(`databaseName must be 1-63 letters, digits or '_', starting with a letter, got '${databaseName}'`, scope);
  }
  const max = profile.name === 'MySQL' ? MAX_USERNAME.mysql : MAX_USERNAME.postgres;
  if (masterUsername !== undefined && !Token.isUnresolved(masterUsername)
    && (!new RegExp(`^[A-Za-z][A-Za-z0-9_]{0,${max - 1}}$`).test(masterUsername) || masterUsername.toLowerCase() === 'rdsadmin')) {
    throw new DataProtectionError(
      `masterUsername must be 1-${max} letters, digits or '_' for ${profile.name}, starting with a letter, and not 'rdsadmin', got '${masterUsername}'`, scope);
  }
}

function chooseIdentifier(scope: Construct, requested: string | undefined): string {
  const identifier = requested ?? Names.uniqueResourceName(scope, { maxLength: 63, separator: '-' }).toLowerCase();
  if (Token.isUnresolved(identifier) || !/^[a-z](?!.*--)[a-z0-9-]{0,62}$/.test(identifier) || identifier.endsWith('-')) {
    throw new DataProtectionError(
      `instanceIdentifier must be 1-63 lower-case letters, digits or hyphens, starting with a letter, with no '--' and no trailing '-', got '${identifier}'`, scope);
  }
  return identifier;
}

function chooseStorage(scope: Construct, allocated = 20, max?: number): { allocated: number; max: number } {
  if (Token.isUnresolved(allocated) || !Number.isInteger(allocated) || allocated < 20 || allocated > 65536) {
    throw new DataProtectionError(`allocatedStorage must be a whole number of GiB in 20-65536, got ${allocated}`, scope);
  }
  const limit = max ?? Math.max(100, allocated * 2);
  if (Token.isUnresolved(limit) || !Number.isInteger(limit) || limit <= allocated || limit > 65536) {
    throw new DataProtectionError(`maxAllocatedStorage must be a whole number of GiB above allocatedStorage (${allocated}) and at most 65536, got ${limit}`, scope);
  }
  return { allocated, max: limit };
}

function chooseSubnets(scope: Construct, vpc: ec2.IVpc, requested: ec2.SubnetSelection | undefined): ec2.SubnetSelection {
  const selection = requested ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
  if (selection.subnetType === ec2.SubnetType.PUBLIC) {
    throw new DataProtectionError('vpcSubnets must select private or isolated subnets, got SubnetType.PUBLIC: the database is never reachable from the internet', scope);
  }
  let selected: ec2.SelectedSubnets;
  try {
    selected = vpc.selectSubnets(selection);
  } catch (e) {
    // aws-cdk-lib refuses a selection that names no subnet group of the VPC, with its own error type.
    throw new DataProtectionError(
      `vpcSubnets must select private or isolated subnets of the VPC, got ${JSON.stringify(selection)}: ${(e as Error).message}`, scope);
  }
  if (selected.subnets.some((s) => vpc.publicSubnets.includes(s))) {
    throw new DataProtectionError('vpcSubnets must select private or isolated subnets, got public subnets of the VPC', scope);
  }
  // RDS subnet groups span two zones even for a single-AZ instance.
  if (selected.availabilityZones.length < 2 && !selected.availabilityZones.some(Token.isUnresolved)) {
    throw new DataProtectionError(
      `vpcSubnets must span at least 2 availability zones (RDS subnet groups need two; claim S2-10), got ${selected.availabilityZones.length}: ${selected.availabilityZones.join(', ')}`, scope);
  }
  return selection;
}
