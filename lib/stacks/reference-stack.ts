import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { SecureBackupPlan } from '../backup/secure-backup-plan';
import { BackupCopyTarget } from '../backup/secure-backup-vault';
import { Compliance } from '../compliance/acknowledgement';
import { SecureDatabase } from '../database/secure-database';
import { DataClass } from '../policy/data-class';
import { DataProtectionPolicy, DataProtectionPolicyProps } from '../policy/data-protection-policy';
import { encryptedLogGroup } from '../private/logs-defaults';
import { secureKey } from '../private/kms-defaults';
import { SecureBucket } from '../storage/secure-bucket';

/**
 * Properties of the `ReferenceStack`.
 */
export interface ReferenceStackProps extends StackProps {
  /** What the service promises. The stack is pinned to the policy's region when it names one. */
  readonly policy: DataProtectionPolicyProps;

  /**
   * The vaults in other regions that receive a copy of every backup: one per region of the
   * policy's `backupCopyRegions` (see `OffsiteBackupStack`).
   *
   * @default - none
   */
  readonly backupCopyTargets?: BackupCopyTarget[];
}

/**
 * The reference deployment: a `DataProtectionPolicy` and the data stores of a SaaS
 * service built from the library, checked on every synthesis.
 *
 * It holds one SecureBucket per data class, a SecureDatabase in an isolated VPC and a
 * SecureBackupPlan that backs up every data store, copies the backups off-site and tests
 * restores; later constructs (audit trail, identity, network perimeter) join it.
 *
 * It stays environment-agnostic in its account, so `cdk synth` needs no AWS credentials;
 * when the policy names a region, the stack is deployed there.
 */
export class ReferenceStack extends Stack {
  /** The policy every construct of the stack reads. */
  public readonly policy: DataProtectionPolicy;
  /** Customer content (claims S0-06, S1-01, S3-05). */
  public readonly customerData: SecureBucket;
  /** Personal data of customers' users, always SSE-KMS (claims S1-01, S1-04). */
  public readonly customerUserData: SecureBucket;
  /** Internal data (claims S1-01, S1-11). */
  public readonly internalData: SecureBucket;
  /** The network of the database: isolated subnets in two availability zones, flow logs. */
  public readonly vpc: ec2.Vpc;
  /** The service database, holding personal data of customers' users (claims S0-02, S2-06). */
  public readonly database: SecureDatabase;
  /** Backups of every data store (claims S0-01, S1-08, S1-10, S2-12, S2-13). */
  public readonly backupPlan: SecureBackupPlan;

  constructor(scope: Construct, id: string, props: ReferenceStackProps) {
    super(scope, id, {
      ...props,
      env: props.env ?? (props.policy.region ? { region: props.policy.region } : undefined),
      description: props.description ?? 'cdk-data-protection reference stack: data stores that make a security & privacy page true',
    });
    this.policy = new DataProtectionPolicy(this, 'Policy', props.policy);

    this.customerData = new SecureBucket(this, 'CustomerData', {
      dataClass: DataClass.CUSTOMER_DATA,
      // Data of ended relationships is kept three more years, then deleted (S3-05).
      expireEndedObjectsAfter: Duration.days(1095),
    });
    this.customerUserData = new SecureBucket(this, 'CustomerUserData', {
      dataClass: DataClass.CUSTOMER_USER_DATA,
      expireEndedObjectsAfter: Duration.days(1095),
    });
    this.internalData = new SecureBucket(this, 'InternalData', {
      dataClass: DataClass.INTERNAL,
      // Unused internal data is deleted after a year (S1-11).
      retention: Duration.days(365),
    });

    this.vpc = this.isolatedNetwork();
    this.database = new SecureDatabase(this, 'Database', {
      vpc: this.vpc,
      dataClass: DataClass.CUSTOMER_USER_DATA,
    });
    // Created last, so that it lists every data store of the stack by ARN.
    this.backupPlan = new SecureBackupPlan(this, 'Backup', {
      copyTargets: props.backupCopyTargets,
    });
  }

  /**
   * A VPC with isolated subnets only (nothing reaches or leaves the internet) in two
   * availability zones (claim S2-10), and flow logs to an encrypted log group. The zones are
   * named when the region is known, so synthesis needs no lookup and no credentials.
   * The network perimeter (WAF, VPN, edge) belongs to SecureNetwork, later.
   */
  private isolatedNetwork(): ec2.Vpc {
    const vpc = new ec2.Vpc(this, 'Network', {
      availabilityZones: this.policy.region ? [`${this.policy.region}a`, `${this.policy.region}b`] : undefined,
      maxAzs: this.policy.region ? undefined : 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
    });
    const key = secureKey(this, 'NetworkLogsKey', `Encrypts the flow logs of ${vpc.node.path}`);
    const logGroup = encryptedLogGroup(this, 'FlowLogsGroup', {
      logGroupName: `/cdk-data-protection/${this.stackName}/flow-logs`,
      retention: this.policy.logRetention,
      key,
    });
    // The role's permissions are one customer-managed policy (no inline policy, IAMNoInlinePolicy);
    // the grants CDK would add inline are dropped by withoutPolicyUpdates.
    const role = new iam.Role(this, 'FlowLogsRole', {
      assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com'),
      description: `Writes the flow logs of ${vpc.node.path} to ${logGroup.node.path}`,
    });
    role.addManagedPolicy(new iam.ManagedPolicy(this, 'FlowLogsPolicy', {
      statements: [new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        resources: [logGroup.logGroupArn],
      })],
    }));
    vpc.addFlowLog('FlowLogs', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(logGroup, role.withoutPolicyUpdates()),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
    Compliance.acknowledgeRules(vpc, [
      'HIPAA.Security-VPCDefaultSecurityGroupClosed',
      'NIST.800.53.R5-VPCDefaultSecurityGroupClosed',
      'PCI.DSS.321-VPCDefaultSecurityGroupClosed',
    ], 'Nothing in this VPC uses the default security group: every resource has its own group with no ingress but from connected clients. Closing it needs a custom-resource Lambda, left to SecureNetwork.');
    return vpc;
  }
}
