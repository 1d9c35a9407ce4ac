import { App } from 'aws-cdk-lib';
import { AdminVpn, AdminVpnAuthentication, InternetAccess, MfaGatedAccess, SecureNetwork } from '../../../lib';
import { StackView } from '../../../lib/evidence/model';
import { VERIFIERS } from '../../../lib/evidence/verifiers';
import { errorOf, stackWithPolicy } from '../../helpers/compliance';
import { failing, proves, runVerifier, viewOfStack } from '../helpers';

const SERVER_CERT = 'arn:aws:acm:us-east-1:111111111111:certificate/server';
const CLIENT_CERT = 'arn:aws:acm:us-east-1:111111111111:certificate/clients';
const verifier = VERIFIERS['admin-vpn'];

/** A network with an admin VPN and MfaGatedAccess; `sources` picks the roles' source condition from the VPN. */
function view(fullTunnel: boolean, sources: (vpn: AdminVpn) => { requireSourceIps?: string[]; requireSourceVpc?: string }): StackView {
  const stack = stackWithPolicy(new App());
  const network = new SecureNetwork(stack, 'Network');
  const vpn = new AdminVpn(stack, 'Vpn', {
    vpc: network.vpc, serverCertificateArn: SERVER_CERT, authentication: AdminVpnAuthentication.mutualTls(CLIENT_CERT), clientCidr: '10.100.0.0/22', fullTunnel,
  });
  new MfaGatedAccess(stack, 'Access', sources(vpn));
  return viewOfStack(stack);
}

/** The chain facts (the ones about the roles' source values). */
function chain(facts: ReturnType<typeof runVerifier>) {
  return facts.filter((f) => f.expected.startsWith('a source condition the VPN\'s calls carry'));
}

describe('admin-vpn: the source condition is one the VPN\'s calls carry (S2-09)', () => {
  test('S2-09 a full-tunnel VPN and aws:SourceIp = its NAT gateways\' addresses: PROVEN', () => {
    // GIVEN / WHEN
    const facts = runVerifier(verifier, [view(true, (vpn) => ({ requireSourceIps: vpn.publicEgressCidrs, requireSourceVpc: vpn.vpcId }))], {}, { claimId: 'S2-09' });
    // THEN
    expect(proves(facts)).toBe(true);
    expect(chain(facts)).toEqual([
      expect.objectContaining({ logicalId: expect.stringMatching(/^AccessAdministrator/), found: expect.stringMatching(/^aws:SourceIp \$\{NetworkPublicSubnet1EIP\w+\.PublicIp\}\/32, \$\{NetworkPublicSubnet2EIP/) }),
      expect.objectContaining({ logicalId: expect.stringMatching(/^AccessDeveloper/), satisfied: true }),
    ]);
  });

  test('S2-09 the old defect: aws:SourceVpc alone, with no VPC endpoint, is satisfied by no call: VIOLATED', () => {
    // GIVEN a split-tunnel VPN and the roles restricted to its VPC / WHEN
    const facts = runVerifier(verifier, [view(false, (vpn) => ({ requireSourceVpc: vpn.vpcId }))], {}, { claimId: 'S2-09' });
    // THEN
    expect(failing(facts)).toHaveLength(2);
    expect(failing(facts)[0]).toMatchObject({ found: expect.stringMatching(/only$/), note: expect.stringContaining('aws:SourceVpc is set only for calls through a VPC endpoint') });
  });

  test('S2-09 aws:SourceIp with a split-tunnel VPN, or an address the VPN does not leave from, is VIOLATED', () => {
    // GIVEN an office range with a split tunnel; and the NAT addresses plus an office range with a full tunnel
    const split = runVerifier(verifier, [view(false, () => ({ requireSourceIps: ['203.0.113.0/24'] }))]);
    const extra = runVerifier(verifier, [view(true, (vpn) => ({ requireSourceIps: [...vpn.publicEgressCidrs, '203.0.113.0/24'] }))]);
    const partial = runVerifier(verifier, [view(true, (vpn) => ({ requireSourceIps: vpn.publicEgressCidrs.slice(0, 1) }))]);
    // THEN
    expect(chain(split)[0]).toMatchObject({ satisfied: false, note: expect.stringContaining('is a split tunnel') });
    expect(chain(extra)[0]).toMatchObject({ satisfied: false, note: '203.0.113.0/24 is not an address the VPN\'s calls leave from' });
    expect(chain(partial)[0]).toMatchObject({ satisfied: false, note: expect.stringMatching(/^the VPN's calls through \$\{NetworkPublicSubnet2EIP\w+\.PublicIp\}\/32 are denied too$/) });
  });

  test('S2-09 AdminVpn fullTunnel: routes and authorizes 0.0.0.0/0 through the admin subnets; refuses a VPC without NAT gateways', () => {
    // GIVEN / WHEN
    const facts = view(true, () => ({})).resources;
    // THEN
    expect(facts.filter((r) => r.type === 'AWS::EC2::ClientVpnRoute').map((r) => r.properties.DestinationCidrBlock)).toEqual(['0.0.0.0/0', '0.0.0.0/0']);
    expect(facts.find((r) => r.type === 'AWS::EC2::ClientVpnEndpoint')!.properties.SplitTunnel).toBe(false);
    const stack = stackWithPolicy(new App());
    const network = new SecureNetwork(stack, 'Network', { internetAccess: InternetAccess.NONE });
    expect(errorOf(() => new AdminVpn(stack, 'Vpn', {
      vpc: network.vpc,
      serverCertificateArn: SERVER_CERT,
      authentication: AdminVpnAuthentication.mutualTls(CLIENT_CERT),
      clientCidr: '10.100.0.0/22',
      fullTunnel: true,
      adminSubnets: { subnets: network.vpc.isolatedSubnets.slice(0, 2) },
    })).message).toMatch(/fullTunnel needs NAT gateways with Elastic IPs/);
  });
});
