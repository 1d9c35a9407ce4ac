import { templateText } from './audit';
import { NETWORK_VERIFIERS } from './network';
import { Fact, ResourceView, StackView, Verifier } from '../model';
import { fact, listOf, refTarget, show, statementsOf } from '../query';

/**
 * S2-09 "changes only via the VPN", as a chain: the source condition of the change roles must be
 * one that calls made through the VPN carry.
 * - `aws:SourceIp` is the public address a request reaches AWS from. A split-tunnel VPN sends API
 *   calls from the administrator's own network; a full-tunnel Client VPN (`SplitTunnel` false, a
 *   `0.0.0.0/0` route through its subnets) sends them through the subnets' NAT gateways, so the
 *   condition must name exactly those gateways' Elastic IPs (`${EIP.PublicIp}/32`, as AdminVpn's
 *   `publicEgressCidrs` gives them): one missing denies the VPN's own calls from that zone, one
 *   more admits another network.
 * - `aws:SourceVpc` is set only for calls made through a VPC endpoint: a condition on it alone,
 *   with no interface endpoint in the VPC, is satisfied by no call at all, and nobody can change
 *   anything (through the VPN either).
 * The area verifier (`network.ts`) checks the endpoint's authentication and logs, and the shape of
 * each change role's Deny; this one adds, for every such Deny, what its values are.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourcevpc
 * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/split-tunnel-vpn.html
 */

const CLIENT_VPN = 'AWS::EC2::ClientVpnEndpoint';

/** A value as text: intrinsics as `${Id.Attr}`. */
function text(value: unknown): string {
  return templateText(value) ?? show(value);
}

/** The resource of a stack with this logical id. */
function byId(stack: StackView, id: string | undefined): ResourceView | undefined {
  return id === undefined ? undefined : stack.resources.find((r) => r.logicalId === id);
}

/** The public addresses (`${EIP.PublicIp}/32`) a full-tunnel Client VPN's traffic leaves from, by endpoint; split tunnels give none. */
function vpnEgress(stack: StackView): { endpoints: ResourceView[]; addresses: Set<string>; notes: string[] } {
  const endpoints = stack.resources.filter((r) => r.type === CLIENT_VPN);
  const addresses = new Set<string>();
  const notes: string[] = [];
  for (const vpn of endpoints) {
    const split = vpn.properties.SplitTunnel;
    if (split !== false && split !== 'false') {
      notes.push(`${vpn.logicalId} is a split tunnel: API calls leave from the administrator's own network`);
      continue;
    }
    const subnets = stack.resources.filter((r) => r.type === 'AWS::EC2::ClientVpnRoute' && refTarget(r.properties.ClientVpnEndpointId) === vpn.logicalId
      && r.properties.DestinationCidrBlock === '0.0.0.0/0').map((r) => refTarget(r.properties.TargetVpcSubnetId));
    if (subnets.length === 0) {
      notes.push(`${vpn.logicalId} has no 0.0.0.0/0 route into the VPC`);
    }
    for (const subnet of subnets) {
      const tables = stack.resources.filter((r) => r.type === 'AWS::EC2::SubnetRouteTableAssociation' && refTarget(r.properties.SubnetId) === subnet)
        .map((r) => refTarget(r.properties.RouteTableId));
      const nats = stack.resources.filter((r) => r.type === 'AWS::EC2::Route' && tables.includes(refTarget(r.properties.RouteTableId))
        && r.properties.DestinationCidrBlock === '0.0.0.0/0').map((r) => byId(stack, refTarget(r.properties.NatGatewayId)))
        .filter((n): n is ResourceView => n?.type === 'AWS::EC2::NatGateway');
      if (nats.length === 0) {
        notes.push(`subnet ${subnet} of ${vpn.logicalId} has no default route to a NAT gateway`);
      }
      for (const nat of nats) {
        const eip = byId(stack, refTarget(nat.properties.AllocationId));
        if (eip?.type === 'AWS::EC2::EIP') {
          addresses.add(`\${${eip.logicalId}.PublicIp}/32`);
        } else {
          notes.push(`the Elastic IP of NAT gateway ${nat.logicalId} is not in the template`);
        }
      }
    }
  }
  return { endpoints, addresses, notes };
}

/** The values of a condition key under the negated operators a restricting Deny uses. */
function negated(statement: Record<string, any>, key: string): string[] {
  return Object.entries<any>(statement.Condition ?? {})
    .filter(([operator]) => /^(NotIpAddress|StringNotEquals|StringNotLike)(IfExists)?$/.test(operator))
    .flatMap(([, block]) => Object.entries<any>(block ?? {}).filter(([k]) => k.toLowerCase() === key.toLowerCase())
      .flatMap(([, v]) => listOf(v).map(text)));
}

/** The source-restricting Deny statements of the roles of a stack: inline, and in policies attached to them. */
function restrictions(stack: StackView): Array<{ role: ResourceView; where: ResourceView; statement: Record<string, any> }> {
  const roles = stack.resources.filter((r) => r.type === 'AWS::IAM::Role');
  return roles.flatMap((role) => {
    const inline = listOf<any>(role.properties.Policies).map((p) => ({ where: role, document: p?.PolicyDocument }));
    const attached = stack.resources.filter((p) => (p.type === 'AWS::IAM::ManagedPolicy' || p.type === 'AWS::IAM::Policy')
      && (listOf(p.properties.Roles).some((r) => refTarget(r) === role.logicalId)
        || listOf(role.properties.ManagedPolicyArns).some((a) => refTarget(a) === p.logicalId)))
      .map((p) => ({ where: p, document: p.properties.PolicyDocument }));
    return [...inline, ...attached].flatMap(({ where, document }) => statementsOf(document)
      .filter((st) => st?.Effect === 'Deny' && (negated(st, 'aws:SourceIp').length > 0 || negated(st, 'aws:SourceVpc').length > 0))
      .map((statement) => ({ role, where, statement })));
  });
}

/** The fact that a role's source condition is one the VPN's calls carry. */
function chainFact(stack: StackView, role: ResourceView, where: ResourceView, statement: Record<string, any>): Fact {
  const ips = negated(statement, 'aws:SourceIp');
  const vpcs = negated(statement, 'aws:SourceVpc');
  const egress = vpnEgress(stack);
  const expected = 'a source condition the VPN\'s calls carry: aws:SourceIp = the NAT addresses of a full-tunnel Client VPN';
  const path = where === role ? 'Properties.Policies' : `${where.logicalId}.Properties.PolicyDocument`;
  if (ips.length > 0) {
    const vpnAddresses = [...egress.addresses];
    const foreign = ips.filter((ip) => !egress.addresses.has(ip));
    const missing = vpnAddresses.filter((a) => !ips.includes(a));
    const ok = vpnAddresses.length > 0 && foreign.length === 0 && missing.length === 0;
    return fact(role, path, expected, `aws:SourceIp ${ips.join(', ')}`, ok, ok ? `the NAT gateways' addresses of ${egress.endpoints.map((e) => e.logicalId).join(', ')}` : [
      vpnAddresses.length === 0 ? `no full-tunnel Client VPN leaves through known NAT addresses${egress.notes.length > 0 ? ` (${egress.notes.join('; ')})` : ''}` : undefined,
      vpnAddresses.length > 0 && foreign.length > 0 ? `${foreign.join(', ')} ${foreign.length > 1 ? 'are' : 'is'} not an address the VPN's calls leave from` : undefined,
      missing.length > 0 ? `the VPN's calls through ${missing.join(', ')} are denied too` : undefined,
    ].filter((n) => n !== undefined).join('; '));
  }
  const endpoints = stack.resources.filter((r) => r.type === 'AWS::EC2::VPCEndpoint' && r.properties.VpcEndpointType === 'Interface'
    && vpcs.includes(text(r.properties.VpcId)));
  return fact(role, path, expected, `aws:SourceVpc ${vpcs.join(', ')} only`, endpoints.length > 0, endpoints.length > 0
    ? `only calls to the services of the VPC's interface endpoints (${endpoints.map((e) => text(e.properties.ServiceName)).join(', ')}) can change anything`
    : 'aws:SourceVpc is set only for calls through a VPC endpoint, and the VPC has no interface endpoint: no call carries it, through the VPN or not');
}

/** S2-09: the area verifier, and for every source-restricting Deny of a role, whether the VPN's calls satisfy it. */
const adminVpn: Verifier = (input) => [
  ...NETWORK_VERIFIERS['admin-vpn'](input),
  ...input.stacks.flatMap((stack) => restrictions(stack).map(({ role, where, statement }) => chainFact(stack, role, where, statement))),
];

/** The verifier of S2-09; it replaces the area verifier of the same name. */
export const ADMIN_VPN_VERIFIERS: Record<string, Verifier> = {
  'admin-vpn': adminVpn,
};
