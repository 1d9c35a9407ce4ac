import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { Compliance } from '../compliance/acknowledgement';
import { DataProtectionPolicy } from '../policy/data-protection-policy';
import { acknowledgeProviderFunction } from '../private/custom-resource-findings';
import { DataProtectionError } from '../private/errors';
import { secureKey } from '../private/kms-defaults';
import { encryptedLogGroup } from '../private/logs-defaults';
import { requireZonesInRegion } from '../private/region-validation';
import { LogScope, markLogScope } from '../promises/log-retention';

/**
 * How a `SecureNetwork` reaches the internet.
 */
export enum InternetAccess {
  /**
   * Isolated subnets only: no internet gateway, no NAT gateway; nothing reaches or leaves the
   * internet (AWS services through the gateway and interface endpoints). No hourly cost.
   */
  NONE = 'NONE',
  /**
   * Public, private and isolated subnets, with one NAT gateway for the private subnets of all
   * zones: about 33 USD a month plus 0.045 USD per GB processed (us-east-1), but the private
   * subnets of every zone lose their egress when that gateway's zone fails.
   */
  SINGLE_NAT_GATEWAY = 'SINGLE_NAT_GATEWAY',
  /**
   * Public, private and isolated subnets, with one NAT gateway per zone, so a zone failure
   * takes down only its own egress: about 33 USD a month per zone plus 0.045 USD per GB
   * processed (us-east-1).
   */
  NAT_GATEWAY_PER_ZONE = 'NAT_GATEWAY_PER_ZONE',
}

/**
 * Properties of a `SecureNetwork`.
 */
export interface SecureNetworkProps {
  /**
   * The availability zones, at least two (claim S2-10). Naming them avoids an
   * availability-zone lookup, so synthesis needs no AWS credentials.
   *
   * Must be zones of the stack's region (or the policy's, for an environment-agnostic stack), or they are
   * refused at synthesis naming both regions.
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

  /**
   * Whether and how the network reaches the internet. With internet access, the network has
   * public subnets (`Public`, for load balancers and NAT gateways; instances get no public
   * address), private subnets with egress through NAT (`Private`) and isolated subnets (`Data`).
   *
   * @default InternetAccess.NAT_GATEWAY_PER_ZONE
   */
  readonly internetAccess?: InternetAccess;

  /**
   * AWS services reached through interface endpoints (PrivateLink) with private DNS, so their
   * traffic stays in the VPC. Each endpoint costs about 7.30 USD a month per zone plus
   * 0.01 USD per GB (us-east-1). S3 and DynamoDB are always reached through free gateway endpoints.
   *
   * @default - none
   */
  readonly interfaceEndpoints?: ec2.InterfaceVpcEndpointAwsService[];
}

/**
 * A VPC for a SaaS service and its data stores (claims S0-04, S2-07, S2-10, S4-09):
 * - spread over at least two availability zones, named for the policy's region (no lookup);
 * - isolated `Data` subnets for data stores and, unless `internetAccess` is NONE, `Public`
 *   subnets (no public addresses on launch) and `Private` subnets with NAT egress;
 * - the default security group stripped of all rules, so nothing can use it by accident;
 * - gateway endpoints for S3 and DynamoDB, optional interface endpoints;
 * - flow logs of all traffic to a KMS-encrypted log group kept for the policy's log retention,
 *   written by a role whose only permissions are one customer-managed policy.
 *
 * Security-group ingress from anywhere is refused by the policy's `DataProtection-OpenIngress`
 * check, except HTTPS on port 443. The underlying `ec2.Vpc` is the child `Resource` (`node.defaultChild`).
 */
export class SecureNetwork extends Construct {
  /** The VPC. */
  public readonly vpc: ec2.Vpc;
  /** The log group of the flow logs. */
  public readonly flowLogGroup: logs.LogGroup;
  /** The key that encrypts the flow logs. */
  public readonly flowLogKey: kms.IKey;
  /** Whether and how the network reaches the internet. */
  public readonly internetAccess: InternetAccess;

  constructor(scope: Construct, id: string, props: SecureNetworkProps = {}) {
    super(scope, id);
    const policy = DataProtectionPolicy.of(this);
    const zones = props.availabilityZones ?? (policy.region ? [`${policy.region}a`, `${policy.region}b`] : undefined);
    if (zones && (zones.length < 2 || zones.some((z) => Token.isUnresolved(z)) || new Set(zones).size !== zones.length)) {
      throw new DataProtectionError(`availabilityZones must name at least 2 distinct literal zones (claim S2-10), got ${JSON.stringify(zones)}`, this);
    }

    requireZonesInRegion(this, 'availabilityZones', zones ?? [], Token.isUnresolved(Stack.of(this).region) ? policy.region : Stack.of(this).region);
    this.internetAccess = props.internetAccess ?? InternetAccess.NAT_GATEWAY_PER_ZONE;
    const zoneCount = zones?.length ?? 2;
    const withInternet = this.internetAccess !== InternetAccess.NONE;
    if (props.cidr !== undefined) {
      validateCidr(props.cidr, withInternet ? [24, 22, 24] : [24], zoneCount, this);
    }
    validateInterfaceEndpoints(props.interfaceEndpoints ?? [], this);
    this.vpc = new ec2.Vpc(this, 'Resource', {
      ipAddresses: props.cidr ? ec2.IpAddresses.cidr(props.cidr) : undefined,
      availabilityZones: zones,
      maxAzs: zones ? undefined : 2,
      natGateways: { NONE: 0, SINGLE_NAT_GATEWAY: 1, NAT_GATEWAY_PER_ZONE: zoneCount }[this.internetAccess],
      subnetConfiguration: [
        ...(withInternet ? [
          { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
          { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        ] : []),
        { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      restrictDefaultSecurityGroup: true,
      gatewayEndpoints: {
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
        DynamoDB: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB },
      },
    });
    // The default security group is emptied by a custom resource of aws-cdk-lib (CloudFormation
    // cannot change it): its handler's findings are inherent to it.
    const restrictProvider = Stack.of(this).node.tryFindChild('Custom::VpcRestrictDefaultSGCustomResourceProvider');
    if (restrictProvider) {
      acknowledgeProviderFunction(restrictProvider, 'The handler of aws-cdk-lib that empties the default security group',
        'calls the EC2 API during deployments');
    }
    // A public subnet routes 0.0.0.0/0 to the internet gateway by definition.
    for (const subnet of this.vpc.publicSubnets) {
      Compliance._standingRules(subnet, [
        'HIPAA.Security-VPCNoUnrestrictedRouteToIGW',
        'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
        'PCI.DSS.321-VPCNoUnrestrictedRouteToIGW',
      ], 'Public subnets exist for the internet-facing load balancer and the NAT gateways only: instances get no public address on launch, ' +
        'data stores live in the isolated Data subnets, and the DataProtection-OpenIngress check refuses any security group open to the ' +
        'internet except HTTPS on 443.');
    }
    for (const service of props.interfaceEndpoints ?? []) {
      this.vpc.addInterfaceEndpoint(service.shortName, {
        service,
        privateDnsEnabled: true,
        subnets: { subnetType: withInternet ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PRIVATE_ISOLATED },
      });
    }

    this.flowLogKey = secureKey(this, 'FlowLogsKey', `Encrypts the flow logs of ${this.node.path}`);
    this.flowLogGroup = encryptedLogGroup(this, 'FlowLogsGroup', {
      logGroupName: `/cdk-data-protection/${this.node.path}/flow-logs`,
      retention: policy.logRetentionFor(LogScope.NETWORK_FLOW),
      key: this.flowLogKey,
    });
    markLogScope(this.flowLogGroup, LogScope.NETWORK_FLOW);
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
      // ALL unless the policy promises rejected traffic only (FlowLogsPromise).
      trafficType: policy.promiseOn('flow-logs')?.params.traffic === 'REJECT' ? ec2.FlowLogTrafficType.REJECT : ec2.FlowLogTrafficType.ALL,
    });
  }
}

/**
 * Refuses, before the VPC is created, an interface endpoint listed twice (aws-cdk-lib would fail
 * on the construct name after the VPC exists).
 */
function validateInterfaceEndpoints(services: ec2.InterfaceVpcEndpointAwsService[], scope: Construct): void {
  const seen = new Set<string>();
  for (const service of services) {
    if (!service || typeof service.shortName !== 'string') {
      throw new DataProtectionError(
        `interfaceEndpoints must hold ec2.InterfaceVpcEndpointAwsService values (such as InterfaceVpcEndpointAwsService.SECRETS_MANAGER), got ${JSON.stringify(service)}`, scope);
    }
    if (seen.has(service.shortName)) {
      throw new DataProtectionError(`interfaceEndpoints must not list a service twice, got '${service.shortName}' twice`, scope);
    }
    seen.add(service.shortName);
  }
}

/** The widest block a VPC may have (AWS allows /16 to /28). */
const VPC_MIN_PREFIX = 16;

/**
 * Refuses a VPC CIDR block that is not one, has host bits set, or leaves no room for the
 * subnets: `masks` (the subnet masks of one zone, in allocation order) in each of `zones` zones.
 * aws-cdk-lib would throw its own error type, or fail when it allocates the subnets.
 */
function validateCidr(cidr: string, masks: number[], zones: number, scope: Construct): void {
  if (Token.isUnresolved(cidr)) {
    throw new DataProtectionError('cidr must be a literal IPv4 CIDR block so that the subnets can be laid out, got a token', scope);
  }
  // aws-cdk-lib allocates each subnet group over the zones in turn, each subnet aligned to its size.
  let end = 0;
  for (const mask of masks) {
    const size = 2 ** (32 - mask);
    end = Math.ceil(end / size) * size + zones * size;
  }
  const maxPrefix = 32 - Math.ceil(Math.log2(end));
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  const octets = match ? match.slice(1, 5).map(Number) : [];
  const prefix = match ? Number(match[5]) : NaN;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const valid = match !== null && octets.every((o) => o <= 255) && prefix >= VPC_MIN_PREFIX && prefix <= maxPrefix
    && address % 2 ** (32 - prefix) === 0;
  if (!valid) {
    throw new DataProtectionError(
      `cidr must be an IPv4 CIDR block from /${VPC_MIN_PREFIX} to /${maxPrefix} (room for the subnets of ${zones} zones) starting at its network address, ` +
      `such as 10.0.0.0/16, got '${cidr}'`, scope);
  }
}
