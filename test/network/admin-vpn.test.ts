import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AdminVpn, AdminVpnAuthentication, AdminVpnProps, InternetAccess, SecureNetwork } from '../../lib';
import { checkedApp, errorOf, expectNoUnacknowledgedFindings, stackWithPolicy } from '../helpers/compliance';

const SERVER_CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
const CLIENT_CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/66666666-7777-8888-9999-000000000000';
const SAML = 'arn:aws:iam::123456789012:saml-provider/AdminIdP';
const SAML_PORTAL = 'arn:aws:iam::123456789012:saml-provider/AdminIdPPortal';

/** A stack with a policy and a SecureNetwork (10.0.0.0/16: Public, Private and Data subnets in two zones). */
function networkStack(): { stack: Stack; vpc: ec2.Vpc } {
  const stack = stackWithPolicy();
  const network = new SecureNetwork(stack, 'Network');
  return { stack, vpc: network.vpc };
}

function vpnProps(vpc: ec2.IVpc, overrides: Partial<AdminVpnProps> = {}): AdminVpnProps {
  return {
    vpc,
    serverCertificateArn: SERVER_CERT,
    authentication: AdminVpnAuthentication.mutualTls(CLIENT_CERT),
    clientCidr: '10.100.0.0/22',
    ...overrides,
  };
}

describe('AdminVpn', () => {
  test('S2-09 mutual TLS with the client CA, TCP 443, split tunnel, 8-hour sessions ended at timeout, a login banner', () => {
    // GIVEN
    const { stack, vpc } = networkStack();

    // WHEN
    new AdminVpn(stack, 'Vpn', vpnProps(vpc));

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::ClientVpnEndpoint', {
      AuthenticationOptions: [{ Type: 'certificate-authentication', MutualAuthentication: { ClientRootCertificateChainArn: CLIENT_CERT } }],
      ServerCertificateArn: SERVER_CERT,
      ClientCidrBlock: '10.100.0.0/22',
      TransportProtocol: 'tcp',
      VpnPort: 443,
      SplitTunnel: true,
      SessionTimeoutHours: 8,
      DisconnectOnSessionTimeout: true,
      ClientLoginBannerOptions: { Enabled: true, BannerText: Match.stringLikeRegexp('^Authorized administrators only') },
      SelfServicePortal: 'disabled',
      VpcId: { Ref: Match.stringLikeRegexp('^Network') },
    });
  });

  test('S0-04 S1-06 connection logs to a KMS-encrypted log group kept for the policy\'s log retention', () => {
    // GIVEN
    const { stack, vpc } = networkStack();

    // WHEN
    new AdminVpn(stack, 'Vpn', vpnProps(vpc));

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/cdk-data-protection/TestStack/Vpn/client-vpn',
      RetentionInDays: 365,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataProtectionLogKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', {
      ConnectionLogOptions: { Enabled: true, CloudwatchLogGroup: { Ref: Match.stringLikeRegexp('^VpnLogGroup') } },
    });
  });

  test('S2-09 associated with the private subnets, authorized to exactly their CIDR blocks, never 0.0.0.0/0, no extra routes', () => {
    // GIVEN
    const { stack, vpc } = networkStack();

    // WHEN
    const vpn = new AdminVpn(stack, 'Vpn', vpnProps(vpc));

    // THEN
    const template = Template.fromStack(stack);
    const privateCidrs = vpc.privateSubnets.map((s) => s.ipv4CidrBlock);
    expect(privateCidrs).toEqual(['10.0.4.0/22', '10.0.8.0/22']);
    const rules = Object.values(template.findResources('AWS::EC2::ClientVpnAuthorizationRule')).map((r: any) => r.Properties);
    expect(rules.map((r) => r.TargetNetworkCidr)).toEqual([...privateCidrs, '10.0.0.2/32']);
    expect(rules.every((r) => r.AuthorizeAllGroups === true)).toBe(true);
    const associations = Object.values(template.findResources('AWS::EC2::ClientVpnTargetNetworkAssociation'))
      .map((a: any) => a.Properties.SubnetId.Ref);
    expect(associations).toEqual([expect.stringMatching(/^NetworkPrivateSubnet1/), expect.stringMatching(/^NetworkPrivateSubnet2/)]);
    template.resourceCountIs('AWS::EC2::ClientVpnRoute', 0);
    expect(vpn.egressCidrs).toEqual(privateCidrs);
    expect(vpn.adminSubnets).toEqual(vpc.privateSubnets);
  });

  test('S2-09 clients resolve names through the VPC resolver, so interface endpoints and private zones answer inside the tunnel', () => {
    // GIVEN
    const { stack, vpc } = networkStack();

    // WHEN
    const vpn = new AdminVpn(stack, 'Vpn', vpnProps(vpc));

    // THEN
    expect(vpn.dnsServer).toBe('10.0.0.2');
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::ClientVpnEndpoint', { DnsServers: ['10.0.0.2'] });
  });

  test('S2-09 its own security group: no ingress, egress to the admin subnets and the resolver\'s port 53 only', () => {
    // GIVEN
    const { stack, vpc } = networkStack();

    // WHEN
    const vpn = new AdminVpn(stack, 'Vpn', vpnProps(vpc));

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Client VPN TestStack/Vpn: administrators reach the admin subnets only',
      SecurityGroupEgress: [
        { CidrIp: '10.0.4.0/22', IpProtocol: '-1', Description: 'Administrators to admin subnet us-east-1a' },
        { CidrIp: '10.0.8.0/22', IpProtocol: '-1', Description: 'Administrators to admin subnet us-east-1b' },
        Match.objectLike({ CidrIp: '10.0.0.2/32', IpProtocol: 'udp', FromPort: 53, ToPort: 53 }),
        Match.objectLike({ CidrIp: '10.0.0.2/32', IpProtocol: 'tcp', FromPort: 53, ToPort: 53 }),
      ],
      SecurityGroupIngress: Match.absent(),
    });
    template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', {
      SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^VpnSecurityGroup'), 'GroupId'] }],
    });
    expect(vpn.securityGroup.node.path).toBe('TestStack/Vpn/SecurityGroup');
  });

  test('S2-09 SAML federation, with the self-service portal when its provider is given, authorized to one group', () => {
    // GIVEN
    const { stack, vpc } = networkStack();

    // WHEN
    new AdminVpn(stack, 'Vpn', vpnProps(vpc, {
      authentication: AdminVpnAuthentication.saml(SAML, SAML_PORTAL),
      authorizedGroupId: 'production-admins',
      sessionTimeout: Duration.hours(12),
      banner: 'Production access is recorded.',
    }));

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', {
      AuthenticationOptions: [{
        Type: 'federated-authentication',
        FederatedAuthentication: { SAMLProviderArn: SAML, SelfServiceSAMLProviderArn: SAML_PORTAL },
      }],
      SelfServicePortal: 'enabled',
      SessionTimeoutHours: 12,
      ClientLoginBannerOptions: { Enabled: true, BannerText: 'Production access is recorded.' },
    });
    const rules = Object.values(template.findResources('AWS::EC2::ClientVpnAuthorizationRule')).map((r: any) => r.Properties);
    expect(rules).toHaveLength(3);
    expect(rules.every((r) => r.AccessGroupId === 'production-admins' && r.AuthorizeAllGroups === false)).toBe(true);
  });

  test('S2-09 SAML without a portal provider leaves the self-service portal off', () => {
    // GIVEN
    const { stack, vpc } = networkStack();

    // WHEN
    new AdminVpn(stack, 'Vpn', vpnProps(vpc, { authentication: AdminVpnAuthentication.saml(SAML) }));

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', {
      AuthenticationOptions: [{ Type: 'federated-authentication', FederatedAuthentication: { SAMLProviderArn: SAML } }],
      SelfServicePortal: 'disabled',
    });
    expect(Object.keys(template.findOutputs('*'))).toEqual([]);
  });

  test('S2-09 other admin subnets: the isolated Data subnets', () => {
    // GIVEN
    const { stack, vpc } = networkStack();

    // WHEN
    const vpn = new AdminVpn(stack, 'Vpn', vpnProps(vpc, { adminSubnets: { subnetGroupName: 'Data' } }));

    // THEN
    expect(vpn.egressCidrs).toEqual(vpc.isolatedSubnets.map((s) => s.ipv4CidrBlock));
    const rules = Object.values(Template.fromStack(stack).findResources('AWS::EC2::ClientVpnAuthorizationRule'))
      .map((r: any) => r.Properties.TargetNetworkCidr);
    expect(rules).toEqual([...vpn.egressCidrs, '10.0.0.2/32']);
  });

  test('S2-09 exposes the VPC id and the egress CIDR blocks for the IAM conditions of MFA-gated roles', () => {
    // GIVEN
    const { stack, vpc } = networkStack();

    // WHEN
    const vpn = new AdminVpn(stack, 'Vpn', vpnProps(vpc));

    // THEN
    expect(stack.resolve(vpn.vpcId)).toEqual(stack.resolve(vpc.vpcId));
    expect(stack.resolve(vpn.endpointId)).toEqual({ Ref: expect.stringMatching(/^Vpn/) });
    expect(vpn.sessionTimeout.toHours()).toBe(8);
  });

  test.each([
    ['a block wider than /12', '10.96.0.0/11', /clientCidr must be a \/12 to \/22 block \(AWS Client VPN\), got '10\.96\.0\.0\/11' \(\/11\)/],
    ['a block narrower than /22', '10.100.0.0/23', /clientCidr must be a \/12 to \/22 block \(AWS Client VPN\), got '10\.100\.0\.0\/23' \(\/23\)/],
    ['a block overlapping the VPC', '10.0.0.0/20', /clientCidr '10\.0\.0\.0\/20' overlaps the VPC's CIDR block '10\.0\.0\.0\/16'; allowed: a \/12 to \/22 block outside it/],
    ['a block containing the VPC', '10.0.0.0/12', /clientCidr '10\.0\.0\.0\/12' overlaps the VPC's CIDR block '10\.0\.0\.0\/16'/],
    ['host bits set', '10.100.1.0/22', /clientCidr must start at its network address \(no host bits set\), got '10\.100\.1\.0\/22'/],
    ['not a CIDR block', '10.100.0.0', /clientCidr must be an IPv4 CIDR block such as 10\.100\.0\.0\/22, got '10\.100\.0\.0'/],
  ])('S2-09 refuses a client CIDR that is %s', (_what, clientCidr, message) => {
    // GIVEN
    const { stack, vpc } = networkStack();

    // WHEN / THEN
    expect(() => new AdminVpn(stack, 'Vpn', vpnProps(vpc, { clientCidr }))).toThrow(message);
  });

  test.each([
    [Duration.hours(9), /sessionTimeout must be one of 8, 10, 12, 24 hours \(AWS Client VPN\), got 9 hours/],
    [Duration.hours(48), /sessionTimeout must be one of 8, 10, 12, 24 hours \(AWS Client VPN\), got 2 days/],
    [Duration.minutes(30), /sessionTimeout must be one of 8, 10, 12, 24 hours \(AWS Client VPN\), got 30 minutes/],
  ])('S2-09 refuses a session timeout of %s', (sessionTimeout, message) => {
    // GIVEN
    const { stack, vpc } = networkStack();

    // WHEN / THEN
    expect(() => new AdminVpn(stack, 'Vpn', vpnProps(vpc, { sessionTimeout }))).toThrow(message);
  });

  test('S2-09 accepts every session timeout Client VPN allows', () => {
    for (const hours of [8, 10, 12, 24]) {
      // GIVEN
      const { stack, vpc } = networkStack();

      // WHEN
      new AdminVpn(stack, 'Vpn', vpnProps(vpc, { sessionTimeout: Duration.hours(hours) }));

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::ClientVpnEndpoint', { SessionTimeoutHours: hours });
    }
  });

  test.each([
    ['empty', '', /banner must be 1-1400 characters \(not blank\), got 0 characters/],
    ['blank', '   ', /banner must be 1-1400 characters \(not blank\), got 3 characters/],
    ['too long', 'x'.repeat(1401), /banner must be 1-1400 characters \(not blank\), got 1401 characters/],
  ])('S2-09 refuses a banner that is %s', (_what, banner, message) => {
    // GIVEN
    const { stack, vpc } = networkStack();

    // WHEN / THEN
    expect(() => new AdminVpn(stack, 'Vpn', vpnProps(vpc, { banner }))).toThrow(message);
  });

  test('S2-09 refuses a group with mutual TLS, whose certificates carry no groups', () => {
    // GIVEN
    const { stack, vpc } = networkStack();

    // WHEN
    const error = errorOf(() => new AdminVpn(stack, 'Vpn', vpnProps(vpc, { authorizedGroupId: 'admins' })));

    // THEN
    expect(error.name).toBe('DataProtectionError');
    expect(error.message).toMatch(/TestStack\/Vpn: authorizedGroupId 'admins' needs SAML federation \(AdminVpnAuthentication\.saml\)/);
  });

  test.each([
    ['serverCertificateArn', { serverCertificateArn: 'not-an-arn' }, /serverCertificateArn must be the ARN of an ACM certificate .*got 'not-an-arn'/],
    ['clientCertificateArn', { authentication: AdminVpnAuthentication.mutualTls(SAML) },
      /clientCertificateArn must be the ARN of an ACM certificate .*got 'arn:aws:iam::123456789012:saml-provider\/AdminIdP'/],
    ['samlProviderArn', { authentication: AdminVpnAuthentication.saml(CLIENT_CERT) },
      /samlProviderArn must be the ARN of an IAM SAML identity provider .*got 'arn:aws:acm:/],
  ])('S2-09 refuses a malformed %s', (_what, overrides, message) => {
    // GIVEN
    const { stack, vpc } = networkStack();

    // WHEN / THEN
    expect(() => new AdminVpn(stack, 'Vpn', vpnProps(vpc, overrides as Partial<AdminVpnProps>))).toThrow(message);
  });

  test('S2-09 refuses admin subnets that select nothing, or two subnets in one zone', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const isolatedOnly = new SecureNetwork(stack, 'Isolated', { internetAccess: InternetAccess.NONE }).vpc;
    const other = stackWithPolicy();
    const twoPerZone = new ec2.Vpc(other, 'Vpc', {
      availabilityZones: ['us-east-1a'],
      natGateways: 0,
      subnetConfiguration: [
        { name: 'A', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
        { name: 'B', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });

    // WHEN / THEN
    expect(() => new AdminVpn(stack, 'Vpn', vpnProps(isolatedOnly))).toThrow(/adminSubnets selects no subnets of the VPC/);
    expect(() => new AdminVpn(other, 'Vpn', vpnProps(twoPerZone, { adminSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } })))
      .toThrow(/adminSubnets must hold at most one subnet per availability zone .*got zones us-east-1a, us-east-1a/);
  });

  test('S2-09 S2-15 passes every compliance pack with mutual TLS', () => {
    // GIVEN
    const app = checkedApp();
    const stack = stackWithPolicy(app);
    const network = new SecureNetwork(stack, 'Network');

    // WHEN
    new AdminVpn(stack, 'Vpn', vpnProps(network.vpc));

    // THEN
    expectNoUnacknowledgedFindings(app);
  });

  test('S2-09 S2-15 passes every compliance pack with SAML federation', () => {
    // GIVEN
    const app = checkedApp();
    const stack = stackWithPolicy(app);
    const network = new SecureNetwork(stack, 'Network');

    // WHEN
    new AdminVpn(stack, 'Vpn', vpnProps(network.vpc, { authentication: AdminVpnAuthentication.saml(SAML, SAML_PORTAL), authorizedGroupId: 'admins' }));

    // THEN
    expectNoUnacknowledgedFindings(app);
  });
});
