import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { Compliance } from '../compliance/acknowledgement';
import { DataProtectionPolicy } from '../policy/data-protection-policy';
import { DataProtectionError } from '../private/errors';
import { secureKey } from '../private/kms-defaults';
import { encryptedLogGroup } from '../private/logs-defaults';

/**
 * Properties of a `SecureNetwork`.
 */
export interface SecureNetworkProps {
  /**
   * The availability zones, at least two (claim S2-10). Naming them avoids an
   * availability-zone lookup, so synthesis needs no AWS credentials.
   *
   * @default - zones `a` and `b` of the policy's region; two zones of the stack's region when the policy names none
   */
  readonly availabilityZones?: string[];

  /**
   * The VPC's IPv4 range.
   *
   * @default 10.0.0.0/16
   */
  readonly cidr?: string;
}

/**
 * A VPC for data stores (claims S2-07, S2-10, S0-04):
 * - isolated subnets only: no internet gateway, no NAT, nothing reaches or leaves the internet;
 * - spread over at least two availability zones;
 * - flow logs of all traffic to a KMS-encrypted log group kept for the policy's log retention,
 *   written by a role whose only permissions are one customer-managed policy.
 *
 * The perimeter (public and private subnets, WAF, VPN, edge) is added in a later release.
 * The underlying `ec2.Vpc` is the child `Resource` (`node.defaultChild`).
 */
export class SecureNetwork extends Construct {
  /** The VPC. */
  public readonly vpc: ec2.Vpc;
  /** The log group of the flow logs. */
  public readonly flowLogGroup: logs.LogGroup;
  /** The key that encrypts the flow logs. */
  public readonly flowLogKey: kms.IKey;

  constructor(scope: Construct, id: string, props: SecureNetworkProps = {}) {
    super(scope, id);
    const policy = DataProtectionPolicy.of(this);
    const zones = props.availabilityZones ?? (policy.region ? [`${policy.region}a`, `${policy.region}b`] : undefined);
    if (zones && (zones.length < 2 || zones.some((z) => Token.isUnresolved(z)) || new Set(zones).size !== zones.length)) {
      throw new DataProtectionError(`availabilityZones must name at least 2 distinct literal zones (claim S2-10), got ${JSON.stringify(zones)}`, this);
    }

    this.vpc = new ec2.Vpc(this, 'Resource', {
      ipAddresses: props.cidr ? ec2.IpAddresses.cidr(props.cidr) : undefined,
      availabilityZones: zones,
      maxAzs: zones ? undefined : 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
    });

    this.flowLogKey = secureKey(this, 'FlowLogsKey', `Encrypts the flow logs of ${this.node.path}`);
    this.flowLogGroup = encryptedLogGroup(this, 'FlowLogsGroup', {
      logGroupName: `/cdk-data-protection/${this.node.path}/flow-logs`,
      retention: policy.logRetention,
      key: this.flowLogKey,
    });
    // The role's permissions are one customer-managed policy (IAMNoInlinePolicy): the grants
    // CDK would add inline are dropped by withoutPolicyUpdates.
    const role = new iam.Role(this, 'FlowLogsRole', {
      assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com'),
      description: `Writes the flow logs of ${this.node.path}`,
    });
    role.addManagedPolicy(new iam.ManagedPolicy(this, 'FlowLogsPolicy', {
      statements: [new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        resources: [this.flowLogGroup.logGroupArn],
      })],
    }));
    this.vpc.addFlowLog('FlowLogs', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup, role.withoutPolicyUpdates()),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
    Compliance.acknowledgeRules(this.vpc, [
      'HIPAA.Security-VPCDefaultSecurityGroupClosed',
      'NIST.800.53.R5-VPCDefaultSecurityGroupClosed',
      'PCI.DSS.321-VPCDefaultSecurityGroupClosed',
    ], 'Nothing in this VPC uses the default security group: every construct of the library creates its own group, with no ingress but from connected clients. Closing the default group needs a custom-resource Lambda.');
  }
}
