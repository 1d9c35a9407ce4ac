import { App, Fn, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Compliance, DataProtectionPolicy, InternetAccess, SecureNetwork } from '../../lib';
import { checkedApp, DEFAULT_POLICY, errorOf, findings, stackWithPolicy, writtenTemplate } from '../helpers/compliance';

describe('SecureNetwork', () => {
  test('S2-07 S2-10 public, private and isolated subnets in zones a and b of the policy\'s region, one NAT gateway per zone', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new SecureNetwork(stack, 'Network');

    // THEN
    const template = Template.fromStack(stack);
    const subnets = Object.values(template.findResources('AWS::EC2::Subnet')).map((s: any) => [
      s.Properties.Tags.find((t: any) => t.Key === 'aws-cdk:subnet-name').Value, s.Properties.AvailabilityZone, s.Properties.MapPublicIpOnLaunch,
    ]);
    expect(subnets).toEqual([
      ['Public', 'us-east-1a', false], ['Public', 'us-east-1b', false],
      ['Private', 'us-east-1a', false], ['Private', 'us-east-1b', false],
      ['Data', 'us-east-1a', false], ['Data', 'us-east-1b', false],
    ]);
    template.resourceCountIs('AWS::EC2::InternetGateway', 1);
    template.resourceCountIs('AWS::EC2::NatGateway', 2);
  });

  test('S2-07 one NAT gateway for cost; no internet at all with InternetAccess.NONE', () => {
    // GIVEN
    const single = stackWithPolicy();
    const none = stackWithPolicy();

    // WHEN
    new SecureNetwork(single, 'Network', { internetAccess: InternetAccess.SINGLE_NAT_GATEWAY });
    new SecureNetwork(none, 'Network', { internetAccess: InternetAccess.NONE });

    // THEN
    Template.fromStack(single).resourceCountIs('AWS::EC2::NatGateway', 1);
    const isolated = Template.fromStack(none);
    isolated.resourceCountIs('AWS::EC2::InternetGateway', 0);
    isolated.resourceCountIs('AWS::EC2::NatGateway', 0);
    isolated.resourceCountIs('AWS::EC2::Subnet', 2);
  });

  test('S4-09 the default security group is stripped of all rules', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new SecureNetwork(stack, 'Network');

    // THEN
    Template.fromStack(stack).hasResourceProperties('Custom::VpcRestrictDefaultSG', {
      DefaultSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Network'), 'DefaultSecurityGroup'] },
    });
  });

  test('S2-07 gateway endpoints for S3 and DynamoDB; interface endpoints with private DNS when asked', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new SecureNetwork(stack, 'Network', { interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER] });

    // THEN
    const template = Template.fromStack(stack);
    const gateways = Object.values(template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Gateway' } }))
      .map((e: any) => JSON.stringify(e.Properties.ServiceName));
    expect(gateways).toEqual([expect.stringContaining('.s3'), expect.stringContaining('.dynamodb')]);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Interface',
      ServiceName: 'com.amazonaws.us-east-1.secretsmanager',
      PrivateDnsEnabled: true,
    });
  });

  test('S0-04 S1-06 flow logs of all traffic go to a KMS-encrypted log group kept for the policy\'s log retention', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new SecureNetwork(stack, 'Network');

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/cdk-data-protection/TestStack/Network/flow-logs',
      RetentionInDays: 365,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NetworkFlowLogsKey'), 'Arn'] },
    });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'RetainExceptOnCreate' });
  });

  test('the flow-log role has one customer-managed policy and no inline policy', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new SecureNetwork(stack, 'Network');

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'] })] },
    });
  });

  test('takes the zones it is given; two zones of the stack when the policy names no region', () => {
    // GIVEN
    const named = stackWithPolicy();
    const agnostic = new Stack(new App(), 'Agnostic');
    new DataProtectionPolicy(agnostic, 'Policy', { securityContact: DEFAULT_POLICY.securityContact });

    // WHEN
    new SecureNetwork(named, 'Network', { availabilityZones: ['us-east-1c', 'us-east-1d'] });
    new SecureNetwork(agnostic, 'Network');

    // THEN
    const zones = (stack: Stack) => [...new Set(Object.values(Template.fromStack(stack).findResources('AWS::EC2::Subnet'))
      .map((s: any) => JSON.stringify(s.Properties.AvailabilityZone)))];
    expect(zones(named)).toEqual(['"us-east-1c"', '"us-east-1d"']);
    expect(zones(agnostic)).toHaveLength(2);
  });

  test.each([
    ['one zone', ['us-east-1a']],
    ['the same zone twice', ['us-east-1a', 'us-east-1a']],
  ])('refuses %s', (_name, availabilityZones) => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    const error = errorOf(() => new SecureNetwork(stack, 'Network', { availabilityZones }));

    // THEN
    expect(error.name).toBe('DataProtectionError');
    expect(error.message).toBe(`TestStack/Network: availabilityZones must name at least 2 distinct literal zones (claim S2-10), got ${JSON.stringify(availabilityZones)}`);
  });

  test('passes every compliance pack and the Control Tower rules', () => {
    // GIVEN
    const app = checkedApp();

    // WHEN
    new SecureNetwork(stackWithPolicy(app), 'Network');

    // THEN
    expect(findings(app)).toEqual([]);
  });
});

describe('DataProtection-OpenIngress', () => {
  function networkWith(open: (sg: ec2.SecurityGroup) => void): { app: App; sg: ec2.SecurityGroup } {
    const app = checkedApp();
    const stack = stackWithPolicy(app);
    const { vpc } = new SecureNetwork(stack, 'Network', { internetAccess: InternetAccess.NONE });
    const sg = new ec2.SecurityGroup(stack, 'Web', { vpc, description: 'web tier' });
    open(sg);
    return { app, sg };
  }

  const openRules = (app: App) => findings(app).filter((f) => f.rule === 'DataProtection-OpenIngress');

  test('S2-07 S4-09 ingress from anywhere on SSH (IPv4) or on all ports (IPv6) fails synthesis, naming the port', () => {
    // GIVEN
    const { app } = networkWith((sg) => {
      sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
      sg.addIngressRule(ec2.Peer.anyIpv6(), ec2.Port.allTraffic());
    });

    // WHEN
    const found = openRules(app);

    // THEN
    expect(found.map((f) => f.description).sort()).toEqual([
      'Security group admits 0.0.0.0/0 on tcp port 22: only HTTPS (TCP 443) may be open to the internet (S2-07, S4-09).',
      'Security group admits ::/0 on all protocols and ports: only HTTPS (TCP 443) may be open to the internet (S2-07, S4-09).',
    ]);
    expect(found[0].paths).toEqual(['TestStack/Web/Resource']);
  });

  test('S2-07 a separate AWS::EC2::SecurityGroupIngress from anywhere is caught too', () => {
    // GIVEN
    const { app } = networkWith((sg) => {
      new ec2.CfnSecurityGroupIngress(sg, 'Rdp', { groupId: sg.securityGroupId, ipProtocol: 'tcp', fromPort: 3389, toPort: 3389, cidrIp: '0.0.0.0/0' });
    });

    // THEN
    expect(openRules(app).map((f) => f.paths)).toEqual([['TestStack/Web/Rdp']]);
  });

  test('S2-07 an override with 0::/0 is caught; one with ports as strings "443" passes; a list built by Fn::If does not crash the checks', () => {
    // GIVEN
    const { app } = networkWith((sg) => {
      const cfn = sg.node.defaultChild as ec2.CfnSecurityGroup;
      cfn.addPropertyOverride('SecurityGroupIngress', [
        { CidrIpv6: '0::/0', IpProtocol: 'tcp', FromPort: 22, ToPort: 22 },
        { CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: '443', ToPort: '443' },
      ]);
      const other = new ec2.CfnSecurityGroup(sg, 'Conditional', {
        groupDescription: 'conditional', vpcId: 'vpc-1', securityGroupIngress: Fn.conditionIf('Never', [], []) as any,
      });
      other.node.addDependency(sg);
    });

    // THEN
    expect(openRules(app).map((f) => f.description)).toEqual([expect.stringContaining('admits 0::/0 on tcp port 22')]);
  });

  test('S2-07 HTTPS on 443 from anywhere, and any port from inside the VPC, pass', () => {
    // GIVEN
    const { app } = networkWith((sg) => {
      sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443));
      sg.addIngressRule(ec2.Peer.anyIpv6(), ec2.Port.tcp(443));
      sg.addIngressRule(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(22));
    });

    // THEN
    expect(openRules(app)).toEqual([]);
  });

  test('S2-07 an acknowledged open port passes, with its reason in the template', () => {
    // GIVEN
    const { app, sg } = networkWith((group) => group.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80)));

    // WHEN
    Compliance.acknowledge(sg, { ruleId: 'DataProtection-OpenIngress', reason: 'Port 80 only redirects to HTTPS on 443.' });

    // THEN
    expect(openRules(app)).toEqual([]);
    const sgResource = Object.values(writtenTemplate(app, 'TestStack').Resources).find((r: any) => r.Properties?.GroupDescription === 'web tier') as any;
    expect(JSON.stringify(sgResource.Metadata)).toContain('Port 80 only redirects to HTTPS on 443.');
  });
});
