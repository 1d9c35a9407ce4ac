import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DataProtectionPolicy, SecureNetwork } from '../../lib';
import { checkedApp, DEFAULT_POLICY, errorOf, findings, stackWithPolicy } from '../helpers/compliance';

describe('SecureNetwork', () => {
  test('S2-07 S2-10 isolated subnets only, in zones a and b of the policy\'s region', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new SecureNetwork(stack, 'Network');

    // THEN
    const template = Template.fromStack(stack);
    const subnets = Object.values(template.findResources('AWS::EC2::Subnet')).map((s: any) => [s.Properties.AvailabilityZone, s.Properties.MapPublicIpOnLaunch]);
    expect(subnets).toEqual([['us-east-1a', false], ['us-east-1b', false]]);
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
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
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
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
    const zones = (stack: Stack) => Object.values(Template.fromStack(stack).findResources('AWS::EC2::Subnet')).map((s: any) => s.Properties.AvailabilityZone);
    expect(zones(named)).toEqual(['us-east-1c', 'us-east-1d']);
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
