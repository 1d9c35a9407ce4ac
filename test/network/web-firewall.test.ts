import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { DataProtectionPolicy, WebFirewall, WebFirewallScope } from '../../lib';
import { checkedApp, errorOf, expectNoUnacknowledgedFindings, stackWithPolicy } from '../helpers/compliance';

const MANAGED_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesAnonymousIpList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesSQLiRuleSet',
];

function webAclOf(stack: Stack): any {
  const acls = Object.values(Template.fromStack(stack).findResources('AWS::WAFv2::WebACL')) as any[];
  expect(acls).toHaveLength(1);
  return acls[0].Properties;
}

describe('WebFirewall', () => {
  test('S2-08 S4-09 a regional web ACL that allows by default, with the five AWS managed rule groups, each with metrics and sampled requests', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new WebFirewall(stack, 'Firewall');

    // THEN
    const acl = webAclOf(stack);
    expect(acl.Scope).toBe('REGIONAL');
    expect(acl.DefaultAction).toEqual({ Allow: {} });
    expect(acl.VisibilityConfig).toMatchObject({ CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true });
    const managed = acl.Rules.filter((r: any) => r.Statement.ManagedRuleGroupStatement);
    expect(managed.map((r: any) => r.Statement.ManagedRuleGroupStatement)).toEqual(MANAGED_GROUPS.map((Name) => ({ VendorName: 'AWS', Name })));
    for (const rule of managed) {
      expect(rule.OverrideAction).toEqual({ None: {} });
      expect(rule.VisibilityConfig).toEqual({ CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: rule.Name });
    }
    const priorities = acl.Rules.map((r: any) => r.Priority);
    expect(new Set(priorities).size).toBe(acl.Rules.length);
    expect(WebFirewall.MANAGED_RULE_GROUPS).toEqual(MANAGED_GROUPS);
  });

  test('S2-08 by default the core rule set blocks every request body over 8 KB: no rule counted, no exception', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new WebFirewall(stack, 'Firewall');

    // THEN
    const acl = webAclOf(stack);
    expect(acl.Rules.map((r: any) => r.Name)).not.toContain(WebFirewall.LARGE_BODY_RULE_NAME);
    expect(JSON.stringify(acl.Rules)).not.toContain('RuleActionOverrides');
  });

  test('S2-08 allowLargeBodies: SizeRestrictions_BODY only counts, and a later rule blocks its matches outside the upload paths', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new WebFirewall(stack, 'Firewall', { allowLargeBodies: { pathPrefixes: ['/uploads/', '/api/reports/'], reason: 'Recordings are uploaded to /uploads/' } });

    // THEN
    const acl = webAclOf(stack);
    const common = acl.Rules.find((r: any) => r.Name === 'AWSManagedRulesCommonRuleSet');
    expect(common.Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }]);
    expect(common.OverrideAction).toEqual({ None: {} });
    const large = acl.Rules.find((r: any) => r.Name === WebFirewall.LARGE_BODY_RULE_NAME);
    // evaluated after every managed group, so the core rule set's label is there
    expect(large.Priority).toBeGreaterThan(Math.max(...acl.Rules.filter((r: any) => r !== large).map((r: any) => r.Priority)));
    expect(large.Action).toEqual({ Block: {} });
    const [label, not] = large.Statement.AndStatement.Statements;
    expect(label).toEqual({ LabelMatchStatement: { Scope: 'LABEL', Key: 'awswaf:managed:aws:core-rule-set:SizeRestrictions_Body' } });
    const paths = not.NotStatement.Statement.OrStatement.Statements.map((st: any) => st.ByteMatchStatement);
    expect(paths.map((b: any) => [b.SearchString, b.PositionalConstraint, b.FieldToMatch])).toEqual([
      ['/uploads/', 'STARTS_WITH', { UriPath: {} }],
      ['/api/reports/', 'STARTS_WITH', { UriPath: {} }],
    ]);
    expect(paths[0].TextTransformations.map((t: any) => t.Type)).toEqual(['URL_DECODE', 'NORMALIZE_PATH']);
    Annotations.fromStack(stack).hasWarning('/TestStack/Firewall', Match.stringLikeRegexp('request bodies over 8 KB are allowed under /uploads/, /api/reports/.*Reason: Recordings are uploaded'));
  });

  test('S2-08 allowLargeBodies with one path needs no OR statement', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new WebFirewall(stack, 'Firewall', { allowLargeBodies: { pathPrefixes: ['/uploads/'], reason: 'Recordings are uploaded to /uploads/' } });

    // THEN
    const large = webAclOf(stack).Rules.find((r: any) => r.Name === WebFirewall.LARGE_BODY_RULE_NAME);
    expect(large.Statement.AndStatement.Statements[1].NotStatement.Statement.ByteMatchStatement.SearchString).toBe('/uploads/');
  });

  test.each([
    ['no path', [], /allowLargeBodies.pathPrefixes must list 1-5 paths, got 0/],
    ['the root', ['/'], /must be literal URI paths starting with '\/'.*got '\/'/],
    ['a path without a leading slash', ['uploads/'], /got 'uploads\/'/],
    ['six paths', ['/a', '/b', '/c', '/d', '/e', '/f'], /must list 1-5 paths, got 6/],
  ])('allowLargeBodies refuses %s', (_name, pathPrefixes, message) => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    const error = errorOf(() => new WebFirewall(stack, 'Firewall', { allowLargeBodies: { pathPrefixes, reason: 'Recordings are uploaded' } }));

    // THEN
    expect(error.name).toBe('DataProtectionError');
    expect(error.message).toMatch(message);
  });

  test('S2-08 a rate-based rule blocks a client IP above 1000 requests in 5 minutes by default', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new WebFirewall(stack, 'Firewall');

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([{
        Name: 'RateLimitPerClientIp',
        Priority: 0,
        Action: { Block: {} },
        Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: 1000, EvaluationWindowSec: 300 } },
        VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: 'RateLimitPerClientIp' },
      }]),
    });
  });

  test('S2-08 the rate limit and window are configurable', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    const firewall = new WebFirewall(stack, 'Firewall', { rateLimit: 200, rateLimitWindow: Duration.minutes(1) });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([Match.objectLike({ Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: 200, EvaluationWindowSec: 60 } } })]),
    });
    expect(firewall.rateLimit).toBe(200);
  });

  test.each([
    [5, /rateLimit must be at least 10 requests, got 5/],
    [9, /rateLimit must be at least 10 requests, got 9/],
    [2_000_000_001, /rateLimit must be at most 2,000,000,000 requests, got 2000000001/],
    [10.5, /rateLimit must be a whole number of requests, 10-2000000000, got 10.5/],
  ])('refuses rateLimit %p naming the value and the range', (rateLimit, message) => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN / THEN
    expect(() => new WebFirewall(stack, 'Firewall', { rateLimit })).toThrow(message);
  });

  test('accepts the extremes of the rate limit', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new WebFirewall(stack, 'Low', { rateLimit: 10 });
    new WebFirewall(stack, 'High', { rateLimit: 2_000_000_000 });

    // THEN
    Template.fromStack(stack).resourceCountIs('AWS::WAFv2::WebACL', 2);
  });

  test.each([
    [Duration.seconds(30), 'got 30'],
    [Duration.minutes(3), 'got 180'],
    [Duration.hours(1), 'got 3600'],
    [Duration.millis(60500), 'got 60.5'],
  ])('refuses rateLimitWindow %s naming the value and the allowed windows', (rateLimitWindow, got) => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    const error = errorOf(() => new WebFirewall(stack, 'Firewall', { rateLimitWindow }));

    // THEN
    expect(error.message).toContain(`rateLimitWindow must be 60, 120, 300 or 600 seconds, ${got}`);
  });

  test.each([60, 120, 300, 600])('accepts a rate window of %d seconds', (seconds) => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new WebFirewall(stack, 'Firewall', { rateLimitWindow: Duration.seconds(seconds) });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([Match.objectLike({ Statement: { RateBasedStatement: Match.objectLike({ EvaluationWindowSec: seconds }) } })]),
    });
  });

  test('S0-04 S1-06 logs to a KMS-encrypted aws-waf-logs- group kept for the policy\'s log retention, with authorization and cookie redacted', () => {
    // GIVEN
    const stack = stackWithPolicy(undefined, { logRetention: logs.RetentionDays.TWO_YEARS });

    // WHEN
    const firewall = new WebFirewall(stack, 'Firewall');

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: Match.stringLikeRegexp('^aws-waf-logs-'),
      RetentionInDays: 731,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataProtectionLogKey'), 'Arn'] },
    });
    const logGroupName = (Object.values(template.findResources('AWS::Logs::LogGroup'))[0] as any).Properties.LogGroupName;
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      ResourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Firewall'), 'Arn'] },
      LogDestinationConfigs: [{ 'Fn::Join': ['', Match.arrayWith([`:log-group:${logGroupName}`])] }],
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }],
    });
    expect(firewall.logGroup).toBeDefined();
    expect(logGroupName.length).toBeLessThanOrEqual(512);
    expect(logGroupName).toMatch(/^[.\-_/#A-Za-z0-9]+$/);
  });

  test('WAF\'s log delivery may write to this log group only, from this account', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new WebFirewall(stack, 'Firewall');

    // THEN
    const template = Template.fromStack(stack);
    const policy = (Object.values(template.findResources('AWS::Logs::ResourcePolicy'))[0] as any).Properties;
    const document = JSON.parse(JSON.stringify(stack.resolve(policy.PolicyDocument)));
    expect(JSON.stringify(document)).toContain('delivery.logs.amazonaws.com');
    expect(JSON.stringify(document)).toContain('aws-waf-logs-');
    expect(JSON.stringify(document)).toContain('aws:SourceAccount');
    const logging = Object.values(template.findResources('AWS::WAFv2::LoggingConfiguration'))[0] as any;
    expect(logging.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/LogGroupPolicy/)]));
  });

  test('encrypts the logs with the key it is given', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });

    // WHEN
    new WebFirewall(stack, 'Firewall', { logKey: key });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: Match.stringLikeRegexp('^aws-waf-logs-'),
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
    });
  });

  test('S2-08 associates with an Application Load Balancer and an API Gateway stage', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const firewall = new WebFirewall(stack, 'Firewall');
    const alb = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, 'Alb', {
      loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/0123456789abcdef',
      securityGroupId: 'sg-12345678',
    });
    const api = apigateway.RestApi.fromRestApiAttributes(stack, 'Api', { restApiId: 'abc123', rootResourceId: 'root' });
    const stage = apigateway.Stage.fromStageAttributes(stack, 'Stage', { restApi: api, stageName: 'prod' });

    // WHEN
    firewall.associateWithLoadBalancer(alb);
    firewall.associateWithApiStage(stage);

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 2);
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/0123456789abcdef',
      WebACLArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Firewall'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:us-east-1::/restapis/abc123/stages/prod']] },
    });
    template.resourceCountIs('AWS::Shield::Protection', 0);
  });

  test('S4-05 a CLOUDFRONT web ACL in us-east-1 exposes the ARN a distribution takes as webAclId', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const firewall = new WebFirewall(stack, 'Firewall', { scope: WebFirewallScope.CLOUDFRONT });

    // WHEN
    new cloudfront.Distribution(stack, 'Distribution', {
      defaultBehavior: { origin: new origins.HttpOrigin('origin.example.com') },
      webAclId: firewall.webAclArn,
    });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT' });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ WebACLId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Firewall'), 'Arn'] } }),
    });
  });

  test('refuses scope CLOUDFRONT outside us-east-1, naming the region', () => {
    // GIVEN
    const stack = stackWithPolicy(new App(), { region: 'eu-west-1' }, { env: { region: 'eu-west-1' } });

    // WHEN
    const error = errorOf(() => new WebFirewall(stack, 'Firewall', { scope: WebFirewallScope.CLOUDFRONT }));

    // THEN
    expect(error.message).toContain('scope CLOUDFRONT needs a stack in us-east-1');
    expect(error.message).toContain('got eu-west-1');
  });

  test('an environment-agnostic stack gets scope CLOUDFRONT with a warning, unless the policy pins another region', () => {
    // GIVEN
    const agnostic = new Stack(new App(), 'Agnostic');
    new DataProtectionPolicy(agnostic, 'Policy', { securityContact: 'security@example.com' });
    const pinned = new Stack(new App(), 'Pinned');
    new DataProtectionPolicy(pinned, 'Policy', { securityContact: 'security@example.com', region: 'eu-central-1' });

    // WHEN
    new WebFirewall(agnostic, 'Firewall', { scope: WebFirewallScope.CLOUDFRONT });

    // THEN
    Annotations.fromStack(agnostic).hasWarning('/Agnostic/Firewall', Match.stringLikeRegexp('deploys only in us-east-1'));
    expect(() => new WebFirewall(pinned, 'Firewall', { scope: WebFirewallScope.CLOUDFRONT })).toThrow(/got eu-central-1/);
  });

  test('refuses to associate a CLOUDFRONT web ACL with a load balancer, naming the scope', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const firewall = new WebFirewall(stack, 'Firewall', { scope: WebFirewallScope.CLOUDFRONT });
    const alb = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, 'Alb', {
      loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/0123', securityGroupId: 'sg-1',
    });

    // WHEN / THEN
    expect(() => firewall.associateWithLoadBalancer(alb)).toThrow(/a web ACL of scope CLOUDFRONT cannot be associated with a load balancer: only scope REGIONAL can/);
  });

  test('S2-08 Shield Advanced is opt-in: associations then protect the load balancer', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const alb = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, 'Alb', {
      loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/0123456789abcdef',
      securityGroupId: 'sg-12345678',
    });
    const firewall = new WebFirewall(stack, 'Firewall', { shieldAdvanced: true });

    // WHEN
    firewall.associateWithLoadBalancer(alb);
    firewall.protectLoadBalancer(alb);

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Shield::Protection', 1);
    template.hasResourceProperties('AWS::Shield::Protection', {
      ResourceArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/0123456789abcdef',
      Name: Match.stringLikeRegexp('Alb'),
    });
  });

  test('refuses Shield Advanced protections when shieldAdvanced is off', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const firewall = new WebFirewall(stack, 'Firewall');
    const alb = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, 'Alb', {
      loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/0123', securityGroupId: 'sg-1',
    });

    // WHEN / THEN
    expect(() => firewall.protectLoadBalancer(alb)).toThrow(/Shield Advanced protections need shieldAdvanced: true .*got shieldAdvanced: false/);
  });

  test('needs a DataProtectionPolicy', () => {
    // GIVEN
    const stack = new Stack(new App(), 'NoPolicy');

    // WHEN / THEN
    expect(() => new WebFirewall(stack, 'Firewall')).toThrow(/no DataProtectionPolicy applies here/);
  });

  test('compliance: a regional and a CloudFront web ACL pass every pack with no acknowledgement', () => {
    // GIVEN
    const app = checkedApp();
    const stack = stackWithPolicy(app);

    // WHEN
    new WebFirewall(stack, 'Regional');
    new WebFirewall(stack, 'Global', { scope: WebFirewallScope.CLOUDFRONT });

    // THEN
    expectNoUnacknowledgedFindings(app);
  });
});
