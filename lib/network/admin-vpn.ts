import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DataProtectionPolicy } from '../policy/data-protection-policy';
import { DataProtectionError } from '../private/errors';
import { encryptedLogGroup, stackLogKey } from '../private/logs-defaults';
import { PROPS } from '../private/props-specs';
import { validatePropsShape } from '../private/props-validation';
import { describeDuration } from '../private/validate';
import { literalVpcCidr, selectSomeSubnets } from '../private/vpc-defaults';

/** The session timeouts AWS Client VPN accepts, in hours. */
const SESSION_TIMEOUT_HOURS = [8, 10, 12, 24];

/** The banner shown when no `banner` is given. */
const DEFAULT_BANNER = 'Authorized administrators only. This VPN gives access to production systems; '
  + 'every connection is logged and monitored. Disconnect now if you are not authorized.';

/** AWS Client VPN accepts a client CIDR block from /12 to /22. */
const CLIENT_CIDR_PREFIX = { min: 12, max: 22 };

/** The Client VPN banner is 1 to 1,400 characters. */
const BANNER_LENGTH = { min: 1, max: 1400 };

/**
 * How administrators authenticate to an `AdminVpn`.
 *
 * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/client-authentication.html
 */
export class AdminVpnAuthentication {
  /**
   * Mutual TLS: each client presents a certificate signed by the CA whose certificate is in ACM.
   * Authorization rules then cover every client (certificates carry no groups).
   *
   * @param clientCertificateArn the ARN of the client root certificate chain in ACM
   */
  public static mutualTls(clientCertificateArn: string): AdminVpnAuthentication {
    return new AdminVpnAuthentication('mutual-tls', { clientCertificateArn });
  }

  /**
   * SAML 2.0 federation through an IAM SAML identity provider (the identity provider enforces MFA).
   * Authorization rules can then be limited to one group (`authorizedGroupId`).
   *
   * @param samlProviderArn the ARN of the IAM SAML identity provider for the VPN client
   * @param selfServiceSamlProviderArn the ARN of the IAM SAML identity provider for the self-service
   * portal, where users download the client configuration. The portal is on only when it is given.
   */
  public static saml(samlProviderArn: string, selfServiceSamlProviderArn?: string): AdminVpnAuthentication {
    return new AdminVpnAuthentication('saml', { samlProviderArn, selfServiceSamlProviderArn });
  }

  /** `mutual-tls` or `saml`. */
  public readonly kind: string;
  /** The client root certificate chain, for mutual TLS. */
  public readonly clientCertificateArn?: string;
  /** The IAM SAML identity provider, for SAML federation. */
  public readonly samlProviderArn?: string;
  /** The IAM SAML identity provider of the self-service portal, when the portal is on. */
  public readonly selfServiceSamlProviderArn?: string;

  private constructor(kind: string, arns: { clientCertificateArn?: string; samlProviderArn?: string; selfServiceSamlProviderArn?: string }) {
    this.kind = kind;
    this.clientCertificateArn = arns.clientCertificateArn;
    this.samlProviderArn = arns.samlProviderArn;
    this.selfServiceSamlProviderArn = arns.selfServiceSamlProviderArn;
  }

  /** Whether users authenticate through SAML (and so belong to groups). */
  public get isSaml(): boolean {
    return this.kind === 'saml';
  }
}

/**
 * Properties of an `AdminVpn`.
 */
export interface AdminVpnProps {
  /**
   * The VPC that administrators reach through the VPN.
   *
   * Must be in the region of the construct's stack, or it is refused at synthesis naming both regions; a region
   * that is a token (an environment-agnostic stack, an ARN from a parameter) cannot be compared and is not checked.
   */
  readonly vpc: ec2.IVpc;

  /**
   * The ARN of the server certificate in ACM, which clients verify.
   *
   * Must be in the region of the construct's stack, or it is refused at synthesis naming both regions; a region
   * that is a token (an environment-agnostic stack, an ARN from a parameter) cannot be compared and is not checked.
   */
  readonly serverCertificateArn: string;

  /** Mutual TLS or SAML federation. */
  readonly authentication: AdminVpnAuthentication;

  /**
   * The IPv4 block that client addresses are assigned from: /12 to /22, not overlapping the VPC.
   * Clients' addresses never appear inside the VPC (see `egressCidrs`).
   */
  readonly clientCidr: string;

  /**
   * The subnets that administrators may reach; the endpoint is associated with them (one per zone)
   * and authorization rules cover exactly their CIDR blocks.
   *
   * @default - the private subnets with egress, `{ subnetType: PRIVATE_WITH_EGRESS }`
   */
  readonly adminSubnets?: ec2.SubnetSelection;

  /**
   * How long a session lasts before the user must authenticate again: 8, 10, 12 or 24 hours.
   *
   * @default Duration.hours(8)
   */
  readonly sessionTimeout?: Duration;

  /**
   * The text the AWS-provided client shows when a session starts: 1 to 1,400 characters.
   *
   * @default - an authorized-use notice
   */
  readonly banner?: string;

  /**
   * With SAML federation: the only group (the value of the IdP's `memberOf` attribute) that the
   * authorization rules admit. Refused with mutual TLS, whose certificates carry no groups.
   *
   * @default - every user the identity provider authenticates
   */
  readonly authorizedGroupId?: string;

  /**
   * A description of the endpoint.
   *
   * @default - `Administrative access to <vpc path>`
   */
  readonly description?: string;

  /**
   * Send all of the administrators' traffic through the VPC (full tunnel): a route and an
   * authorization rule for `0.0.0.0/0` through each admin subnet, and HTTPS (TCP 443) egress from
   * the endpoint to anywhere. AWS API calls made over the VPN then leave through the VPC's NAT
   * gateways and carry their Elastic IPs as `aws:SourceIp` (`publicEgressCidrs`): the source
   * condition MfaGatedAccess's `requireSourceIps` writes is one that calls through the VPN
   * satisfy (claim S2-09). The VPC must be a `Vpc` of this app with NAT gateways.
   *
   * @default false - split tunnel: only traffic to the VPC enters the tunnel
   */
  readonly fullTunnel?: boolean;
}

/**
 * An AWS Client VPN endpoint for administrators (claim S2-09: production changes only by
 * authorised staff, only through a dedicated VPN):
 * - mutual TLS or SAML federation (`AdminVpnAuthentication`);
 * - OpenVPN over TLS on TCP 443, split tunnel (only traffic to the VPC enters the tunnel), or
 *   `fullTunnel`: everything goes through the VPC and leaves through its NAT gateways, whose
 *   addresses (`publicEgressCidrs`) an `aws:SourceIp` condition can then require;
 * - sessions of 8 hours by default (8, 10, 12 or 24), disconnected when they end;
 * - a login banner;
 * - connection logs to a KMS-encrypted log group kept for the policy's log retention;
 * - associated with the admin subnets (default: the private subnets with egress), with
 *   authorization rules for exactly their CIDR blocks, never `0.0.0.0/0` (but with `fullTunnel`), and no routes besides the
 *   VPC route that each association adds;
 * - its own security group, whose only egress is to the admin subnets.
 *
 * Where VPN traffic comes from, for IAM conditions: see `egressCidrs` and `vpcId`.
 *
 * Cost (us-east-1, 2026 prices): 0.10 USD per subnet association hour (about 73 USD a month per
 * zone, 146 USD for two zones) plus 0.05 USD per connection hour; connection logs at CloudWatch
 * Logs rates.
 *
 * The `ec2.ClientVpnEndpoint` is the child `Resource`; its `CfnClientVpnEndpoint` is its own `Resource`.
 */
export class AdminVpn extends Construct {
  /** The Client VPN endpoint. */
  public readonly endpoint: ec2.ClientVpnEndpoint;
  /** The security group of the endpoint's network interfaces: resources admit administrators from it. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The log group of the connection logs. */
  public readonly logGroup: logs.LogGroup;
  /** The subnets administrators may reach. */
  public readonly adminSubnets: ec2.ISubnet[];
  /** The maximum session length. */
  public readonly sessionTimeout: Duration;

  /**
   * The id of the VPC that VPN traffic enters.
   *
   * For IAM conditions: AWS API calls made over the VPN through a VPC endpoint of this VPC carry
   * `aws:SourceVpc` = this id (and `aws:SourceVpce` = the endpoint's id); `aws:SourceVpc` is set
   * only for such calls. Calls to AWS's public endpoints do not enter a split tunnel, so they carry
   * the administrator's own address: to require the VPN for API calls, use `fullTunnel` and
   * `publicEgressCidrs` (the NAT gateways' addresses) as MfaGatedAccess's `requireSourceIps`,
   * with this id as `requireSourceVpc` for calls through the VPC's gateway endpoints.
   *
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourcevpc
   */
  public readonly vpcId: string;

  /**
   * The source addresses of VPN traffic inside the VPC: the CIDR blocks of the admin subnets.
   *
   * Client VPN translates each client's address to the address of the endpoint's network interface
   * in the associated subnet, so security groups and network ACLs see an address in these blocks
   * (or, better, admit `securityGroup`), and AWS API calls through interface endpoints carry
   * `aws:VpcSourceIp` in these blocks.
   *
   * They are not the NAT gateways' addresses: with split tunnel, traffic to the internet and to
   * AWS's public endpoints leaves the administrator's device directly, not through the VPC.
   */
  public readonly egressCidrs: string[];
  /**
   * With `fullTunnel`: the public addresses AWS API calls made over the VPN come from, the Elastic
   * IPs of the VPC's NAT gateways as `/32` blocks, for `MfaGatedAccess`'s `requireSourceIps`
   * (`aws:SourceIp` is the public address a request reaches AWS from). Empty with split tunnel.
   *
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip
   */
  public readonly publicEgressCidrs: string[];
  /**
   * The DNS server VPN clients use: the VPC's resolver, when the VPC's CIDR block is literal
   * (a `SecureNetwork`'s is); otherwise clients keep their own DNS.
   */
  public readonly dnsServer?: string;

  constructor(scope: Construct, id: string, props: AdminVpnProps) {
    super(scope, id);
    validatePropsShape(this, 'AdminVpn', props, PROPS.AdminVpn);
    const policy = DataProtectionPolicy.of(this);
    const auth = props.authentication;
    const vpcCidr = literalVpcCidr(props.vpc);
    validateClientCidr(this, props.clientCidr, vpcCidr);
    this.sessionTimeout = props.sessionTimeout ?? Duration.hours(8);
    const timeoutHours = validateSessionTimeout(this, this.sessionTimeout);
    const banner = validateBanner(this, props.banner ?? DEFAULT_BANNER);
    if (props.authorizedGroupId !== undefined && !auth.isSaml) {
      throw new DataProtectionError(
        `authorizedGroupId '${props.authorizedGroupId}' needs SAML federation (AdminVpnAuthentication.saml): certificates of mutual TLS carry no groups`, this);
    }
    if (props.authorizedGroupId !== undefined && !Token.isUnresolved(props.authorizedGroupId) && props.authorizedGroupId.trim() === '') {
      throw new DataProtectionError('authorizedGroupId must be a non-empty group name, got \'\'', this);
    }
    validateArn(this, 'serverCertificateArn', props.serverCertificateArn, 'acm', 'certificate/');
    if (auth.clientCertificateArn !== undefined) {
      validateArn(this, 'clientCertificateArn', auth.clientCertificateArn, 'acm', 'certificate/');
    }
    if (auth.samlProviderArn !== undefined) {
      validateArn(this, 'samlProviderArn', auth.samlProviderArn, 'iam', 'saml-provider/');
    }
    if (auth.selfServiceSamlProviderArn !== undefined) {
      validateArn(this, 'selfServiceSamlProviderArn', auth.selfServiceSamlProviderArn, 'iam', 'saml-provider/');
    }

    this.adminSubnets = selectAdminSubnets(this, props.vpc, props.adminSubnets);
    this.egressCidrs = this.adminSubnets.map((s) => s.ipv4CidrBlock);
    this.vpcId = props.vpc.vpcId;
    const fullTunnel = props.fullTunnel ?? false;
    this.publicEgressCidrs = fullTunnel ? natAddresses(this, props.vpc) : [];

    this.logGroup = encryptedLogGroup(this, 'LogGroup', {
      logGroupName: `/cdk-data-protection/${this.node.path}/client-vpn`,
      retention: policy.logRetention,
      key: stackLogKey(Stack.of(this)),
    });

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Client VPN ${this.node.path}: administrators reach the admin subnets only`,
      allowAllOutbound: false,
    });
    this.adminSubnets.forEach((subnet, i) => {
      this.securityGroup.addEgressRule(ec2.Peer.ipv4(this.egressCidrs[i]), ec2.Port.allTraffic(),
        `Administrators to admin subnet ${subnet.availabilityZone}`);
    });

    // With split tunnel, clients keep their own DNS unless told otherwise, and would resolve the
    // VPC's interface endpoints and private zones to public addresses outside the tunnel: the VPC's
    // resolver (base address + 2) answers them instead, reached over port 53 only.
    this.dnsServer = vpcCidr === undefined ? undefined : vpcResolver(vpcCidr);
    if (this.dnsServer) {
      this.securityGroup.addEgressRule(ec2.Peer.ipv4(`${this.dnsServer}/32`), ec2.Port.udp(53), 'DNS queries to the VPC resolver');
      this.securityGroup.addEgressRule(ec2.Peer.ipv4(`${this.dnsServer}/32`), ec2.Port.tcp(53), 'DNS queries to the VPC resolver');
    }
    if (fullTunnel) {
      this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'AWS APIs over HTTPS, out through the NAT gateways (full tunnel)');
    }

    this.endpoint = new ec2.ClientVpnEndpoint(this, 'Resource', {
      dnsServers: this.dnsServer ? [this.dnsServer] : undefined,
      vpc: props.vpc,
      cidr: props.clientCidr,
      serverCertificateArn: props.serverCertificateArn,
      clientCertificateArn: auth.clientCertificateArn,
      userBasedAuthentication: auth.samlProviderArn ? ec2.ClientVpnUserBasedAuthentication.federated(
        iam.SamlProvider.fromSamlProviderArn(this, 'SamlProvider', auth.samlProviderArn),
        auth.selfServiceSamlProviderArn
          ? iam.SamlProvider.fromSamlProviderArn(this, 'SelfServiceSamlProvider', auth.selfServiceSamlProviderArn)
          : undefined,
      ) : undefined,
      selfServicePortal: auth.selfServiceSamlProviderArn !== undefined,
      logging: true,
      logGroup: this.logGroup,
      description: props.description ?? `Administrative access to ${props.vpc.node.path}`,
      securityGroups: [this.securityGroup],
      splitTunnel: !fullTunnel,
      transportProtocol: ec2.TransportProtocol.TCP,
      port: ec2.VpnPort.HTTPS,
      vpcSubnets: { subnets: this.adminSubnets },
      authorizeAllUsersToVpcCidr: false,
      sessionTimeout: timeoutHours as ec2.ClientVpnSessionTimeout,
      disconnectOnSessionTimeout: true,
      clientLoginBanner: banner,
    });
    this.adminSubnets.forEach((subnet, i) => {
      this.endpoint.addAuthorizationRule(`AuthorizeAdminSubnet${i}`, {
        cidr: this.egressCidrs[i],
        groupId: props.authorizedGroupId,
        description: `Administrators to admin subnet ${subnet.availabilityZone}`,
      });
    });
    if (fullTunnel) {
      this.endpoint.addAuthorizationRule('AuthorizeInternet', {
        cidr: '0.0.0.0/0',
        groupId: props.authorizedGroupId,
        description: 'Administrators to AWS APIs through the NAT gateways (full tunnel)',
      });
      this.adminSubnets.forEach((subnet, i) => {
        this.endpoint.addRoute(`InternetThroughAdminSubnet${i}`, {
          cidr: '0.0.0.0/0',
          target: ec2.ClientVpnRouteTarget.subnet(subnet),
          description: `All traffic through admin subnet ${subnet.availabilityZone} and its NAT gateway`,
        });
      });
    }
    if (this.dnsServer) {
      this.endpoint.addAuthorizationRule('AuthorizeVpcResolver', {
        cidr: `${this.dnsServer}/32`,
        groupId: props.authorizedGroupId,
        description: 'Administrators to the VPC resolver (DNS)',
      });
    }
  }

  /** The id of the Client VPN endpoint. */
  public get endpointId(): string {
    return this.endpoint.endpointId;
  }
}

/** The Elastic IPs of a VPC's NAT gateways as /32 blocks; refuses a VPC without any (or one the app does not define). */
function natAddresses(scope: Construct, vpc: ec2.IVpc): string[] {
  const eips = vpc.publicSubnets.flatMap((s) => s.node.children.filter((c): c is ec2.CfnEIP => c instanceof ec2.CfnEIP));
  if (eips.length === 0) {
    throw new DataProtectionError(
      `fullTunnel needs NAT gateways with Elastic IPs in the VPC ${vpc.node.path} (a Vpc of this app with natGateways >= 1), got none: `
      + 'API calls over the VPN would have no known source address', scope);
  }
  return eips.map((eip) => `${eip.attrPublicIp}/32`);
}

/** The Amazon-provided DNS resolver of a VPC: its base address plus two. */
function vpcResolver(vpcCidr: string): string | undefined {
  const block = parseIpv4Cidr(vpcCidr);
  if (!block) {
    return undefined;
  }
  const address = block.start + 2;
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}

/** The first and last address of an IPv4 CIDR block, or undefined when `cidr` is not one. */
function parseIpv4Cidr(cidr: string): { start: number; end: number; prefix: number; network: boolean } | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) {
    return undefined;
  }
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) {
    return undefined;
  }
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  const start = Math.floor(address / size) * size;
  return { start, end: start + size - 1, prefix, network: start === address };
}

function validateClientCidr(scope: Construct, clientCidr: string, vpcCidr: string | undefined): void {
  if (Token.isUnresolved(clientCidr)) {
    return;
  }
  const client = parseIpv4Cidr(clientCidr);
  if (!client) {
    throw new DataProtectionError(`clientCidr must be an IPv4 CIDR block such as 10.100.0.0/22, got '${clientCidr}'`, scope);
  }
  if (client.prefix < CLIENT_CIDR_PREFIX.min || client.prefix > CLIENT_CIDR_PREFIX.max) {
    throw new DataProtectionError(
      `clientCidr must be a /${CLIENT_CIDR_PREFIX.min} to /${CLIENT_CIDR_PREFIX.max} block (AWS Client VPN), got '${clientCidr}' (/${client.prefix})`, scope);
  }
  if (!client.network) {
    throw new DataProtectionError(`clientCidr must start at its network address (no host bits set), got '${clientCidr}'`, scope);
  }
  const vpc = vpcCidr === undefined ? undefined : parseIpv4Cidr(vpcCidr);
  if (vpc && client.start <= vpc.end && vpc.start <= client.end) {
    throw new DataProtectionError(
      `clientCidr '${clientCidr}' overlaps the VPC's CIDR block '${vpcCidr}'; allowed: a /${CLIENT_CIDR_PREFIX.min} to /${CLIENT_CIDR_PREFIX.max} block outside it`, scope);
  }
}

function validateSessionTimeout(scope: Construct, timeout: Duration): number {
  if (timeout.isUnresolved()) {
    throw new DataProtectionError(`sessionTimeout must be a literal duration of ${SESSION_TIMEOUT_HOURS.join(', ')} hours, got a token`, scope);
  }
  const hours = timeout.toHours({ integral: false });
  if (!SESSION_TIMEOUT_HOURS.includes(hours)) {
    throw new DataProtectionError(
      `sessionTimeout must be one of ${SESSION_TIMEOUT_HOURS.join(', ')} hours (AWS Client VPN), got ${describeDuration(timeout)}`, scope);
  }
  return hours;
}

function validateBanner(scope: Construct, banner: string): string {
  if (!Token.isUnresolved(banner) && (banner.trim().length < BANNER_LENGTH.min || banner.length > BANNER_LENGTH.max)) {
    throw new DataProtectionError(
      `banner must be ${BANNER_LENGTH.min}-${BANNER_LENGTH.max} characters (not blank), got ${banner.length} characters`, scope);
  }
  return banner;
}

function validateArn(scope: Construct, what: string, arn: string, service: string, resourcePrefix: string): void {
  if (Token.isUnresolved(arn)) {
    return;
  }
  const pattern = new RegExp(`^arn:aws[a-z-]*:${service}:[a-z0-9-]*:\\d{12}:${resourcePrefix}\\S+$`);
  if (!pattern.test(arn)) {
    throw new DataProtectionError(`${what} must be the ARN of ${service === 'acm' ? 'an ACM certificate' : 'an IAM SAML identity provider'} `
      + `(arn:aws:${service}:...:${resourcePrefix}...), got '${arn}'`, scope);
  }
}

function selectAdminSubnets(scope: Construct, vpc: ec2.IVpc, selection?: ec2.SubnetSelection): ec2.ISubnet[] {
  const subnets = selectSomeSubnets(scope, vpc, selection ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }, 'adminSubnets');
  const zones = subnets.map((s) => s.availabilityZone);
  if (new Set(zones).size !== zones.length) {
    throw new DataProtectionError(
      `adminSubnets must hold at most one subnet per availability zone (a Client VPN endpoint associates one per zone), got zones ${zones.join(', ')}`, scope);
  }
  for (const subnet of subnets) {
    let cidr: string | undefined;
    try {
      cidr = subnet.ipv4CidrBlock;
    } catch {
      cidr = undefined;
    }
    if (!cidr) {
      throw new DataProtectionError(`adminSubnets must have known CIDR blocks for the authorization rules; subnet ${subnet.node.path} has none`, scope);
    }
  }
  return subnets;
}
