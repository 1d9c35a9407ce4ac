import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { CfnKey } from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { AtRestEncryption, DistributionEdge, LoadBalancerEdge, MinimumTlsVersion, SecureNetwork, TlsPolicies, WebFirewall, WebFirewallScope } from '../../lib';
import { DATA_VERIFIERS } from '../../lib/evidence/verifiers/data';
import { failing, runVerifier, viewOfTemplate } from '../evidence/helpers';
import { KMS } from '../evidence/verifiers/data-fixtures';
import { checkedApp, errorOf, expectNoUnacknowledgedFindings, findings, stackWithPolicy } from '../helpers/compliance';

const ORIGIN = () => new origins.HttpOrigin('origin.example.com');

function zoneIn(stack: Stack): route53.IHostedZone {
  return route53.PublicHostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
}

describe('TlsPolicies', () => {
  test('S2-04 names the newest restricted policies, and maps the policy\'s minimum TLS version to them', () => {
    expect(TlsPolicies.LOAD_BALANCER_TLS_1_2).toBe('ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09');
    expect(TlsPolicies.LOAD_BALANCER_TLS_1_3).toBe('ELBSecurityPolicy-TLS13-1-3-PQ-2025-09');
    expect(TlsPolicies.DISTRIBUTION_TLS_1_2).toBe('TLSv1.2_2021');
    expect(TlsPolicies.DISTRIBUTION_TLS_1_3).toBe('TLSv1.3_2025');
    expect(TlsPolicies.loadBalancerPolicy(MinimumTlsVersion.TLS_1_2)).toBe(TlsPolicies.LOAD_BALANCER_TLS_1_2);
    expect(TlsPolicies.loadBalancerPolicy(MinimumTlsVersion.TLS_1_3)).toBe(TlsPolicies.LOAD_BALANCER_TLS_1_3);
    expect(TlsPolicies.distributionPolicy(MinimumTlsVersion.TLS_1_2)).toBe(cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021);
    expect(TlsPolicies.distributionPolicy(MinimumTlsVersion.TLS_1_3)).toBe(cloudfront.SecurityPolicyProtocol.TLS_V1_3_2025);
  });

  test.each([
    [elbv2.SslPolicy.LEGACY, 1.0, false],
    [elbv2.SslPolicy.RECOMMENDED, 1.0, false],
    [elbv2.SslPolicy.TLS12, 1.2, false],
    [elbv2.SslPolicy.TLS13_10, 1.0, false],
    [elbv2.SslPolicy.RECOMMENDED_TLS, 1.2, false],
    [elbv2.SslPolicy.TLS13_EXT2, 1.2, false],
    [elbv2.SslPolicy.FORWARD_SECRECY_TLS12_RES_GCM, 1.2, true],
    [elbv2.SslPolicy.TLS13_RES, 1.2, true],
    [elbv2.SslPolicy.TLS13_12_RES_PQ, 1.2, true],
    [elbv2.SslPolicy.FIPS_TLS13_12_RES, 1.2, true],
    [elbv2.SslPolicy.TLS13_13, 1.3, true],
    [elbv2.SslPolicy.TLS13_13_PQ, 1.3, true],
  ])('S0-08 %s accepts TLS %d and up; restricted to forward-secrecy AEAD ciphers: %s', (policy, version, restricted) => {
    expect(TlsPolicies.loadBalancerPolicyMinimumVersion(policy)).toBe(version);
    expect(TlsPolicies.loadBalancerPolicyIsRestricted(policy)).toBe(restricted);
  });
});

describe('LoadBalancerEdge', () => {
  function edgeStack(policy = {}) {
    const app = new App();
    const stack = stackWithPolicy(app, policy);
    const network = new SecureNetwork(stack, 'Network');
    return { app, stack, vpc: network.vpc };
  }

  test('S0-07 S0-08 S2-04 an HTTPS listener on 443 with the library\'s TLS policy and an ACM certificate validated in the zone', () => {
    // GIVEN
    const { stack, vpc } = edgeStack();

    // WHEN
    const edge = new LoadBalancerEdge(stack, 'Edge', { domainName: 'app.example.com', hostedZone: zoneIn(stack), vpc });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Protocol: 'HTTPS',
      Port: 443,
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09',
      Certificates: [{ CertificateArn: { Ref: Match.stringLikeRegexp('^EdgeCertificate') } }],
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'Not Found' } }],
      ListenerAttributes: [{ Key: 'routing.http.response.strict_transport_security.header_value', Value: 'max-age=63072000; includeSubDomains' }],
    });
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'app.example.com',
      ValidationMethod: 'DNS',
      KeyAlgorithm: 'RSA_2048',
      CertificateTransparencyLoggingPreference: 'ENABLED',
      DomainValidationOptions: [{ DomainName: 'app.example.com', HostedZoneId: 'Z0123456789ABCDEFGHIJ' }],
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'app.example.com.',
      Type: 'A',
      AliasTarget: Match.objectLike({ DNSName: Match.anyValue() }),
    });
    expect(edge.sslPolicy).toBe(TlsPolicies.LOAD_BALANCER_TLS_1_2);
  });

  test('S0-07 the HTTP listener on 80 only redirects to HTTPS on 443', () => {
    // GIVEN
    const { stack, vpc } = edgeStack();

    // WHEN
    new LoadBalancerEdge(stack, 'Edge', { domainName: 'app.example.com', vpc });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
    });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 2);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 0);
  });

  test('S2-07 S4-09 internet-facing in the public subnets, with its own security group open on 443 and 80 only', () => {
    // GIVEN
    const { stack, vpc } = edgeStack();

    // WHEN
    const edge = new LoadBalancerEdge(stack, 'Edge', { domainName: 'app.example.com', vpc });

    // THEN
    const template = Template.fromStack(stack);
    const publicSubnets = vpc.publicSubnets.map((s) => ({ Ref: stack.getLogicalId(s.node.defaultChild as any) }));
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      Type: 'application',
      Subnets: publicSubnets,
      SecurityGroups: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^EdgeSecurityGroup'), 'GroupId'] }],
    });
    const sg = (Object.values(template.findResources('AWS::EC2::SecurityGroup', {
      Properties: { GroupDescription: Match.stringLikeRegexp('^Load balancer of app.example.com') },
    }))[0] as any).Properties;
    expect(sg.SecurityGroupIngress.map((r: any) => [r.CidrIp, r.IpProtocol, r.FromPort, r.ToPort])).toEqual([
      ['0.0.0.0/0', 'tcp', 443, 443],
    ]);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EdgeSecurityGroup'), 'GroupId'] },
      CidrIp: '0.0.0.0/0',
      IpProtocol: 'tcp',
      FromPort: 80,
      ToPort: 80,
    });
    // No egress until targets are added: CDK's placeholder rule that matches nothing.
    expect(sg.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32' })]);
    expect(edge.securityGroup).toBeDefined();
  });

  test('S2-07 the acknowledgement covers the redirect port only: SSH opened later on the edge\'s group is still reported', () => {
    // GIVEN
    const app = checkedApp();
    const stack = stackWithPolicy(app);
    const { vpc } = new SecureNetwork(stack, 'Network');
    const edge = new LoadBalancerEdge(stack, 'Edge', { domainName: 'app.example.com', vpc });

    // WHEN
    edge.securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));

    // THEN
    const open = findings(app).filter((f) => f.rule === 'DataProtection-OpenIngress');
    expect(open.map((f) => f.description)).toEqual([expect.stringContaining('on tcp port 22')]);
  });

  test('deletion protection is turned on after every other resource of the stack, never in the template: a failed first deploy rolls back cleanly', () => {
    // GIVEN
    const { stack, vpc } = edgeStack();

    // WHEN
    new LoadBalancerEdge(stack, 'Edge', { domainName: 'app.example.com', vpc });

    // THEN the attribute is left out (an update of the attributes never turns it off again)
    const template = Template.fromStack(stack).toJSON();
    const [albId, alb] = Object.entries<any>(template.Resources).find(([, r]) => r.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer')!;
    expect(alb.Properties.LoadBalancerAttributes.map((a: any) => a.Key)).not.toContain('deletion_protection.enabled');
    // and a custom resource that waits for every other resource turns it on, on create and update
    const [protectorId, protector] = Object.entries<any>(template.Resources)
      .find(([, r]) => r.Type === 'Custom::AWS' && JSON.stringify(r.Properties.Create).includes('modifyLoadBalancerAttributes'))!;
    for (const phase of ['Create', 'Update']) {
      const call = JSON.parse(protector.Properties[phase]['Fn::Join'][1].map((p: unknown) => (typeof p === 'string' ? p : 'arn:alb')).join(''));
      expect(call).toMatchObject({
        service: 'ElasticLoadBalancingV2',
        action: 'modifyLoadBalancerAttributes',
        parameters: { LoadBalancerArn: 'arn:alb', Attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }] },
      });
    }
    expect(protector.DependsOn).toContain(albId);
    const direct = Object.keys(template.Resources).filter((id) => id !== protectorId && !id.startsWith(protectorId) && id !== 'CDKMetadata');
    const waitsFor = new Set([...protector.DependsOn, ...[...JSON.stringify(protector).matchAll(/"(?:Ref|Fn::GetAtt)":\[?"(\w+)"/g)].map((m) => m[1])]);
    // what it does not name directly, it waits for through the provider function (its log group and key)
    expect(direct.filter((id) => !waitsFor.has(id)).every((id) => /DataProtectionLog/.test(id))).toBe(true);
  });

  test('access logs to the stack\'s access-log bucket, invalid header fields dropped, desync mitigation', () => {
    // GIVEN
    const { stack, vpc } = edgeStack();

    // WHEN
    new LoadBalancerEdge(stack, 'Edge', { domainName: 'app.example.com', vpc });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
        { Key: 'routing.http.desync_mitigation_mode', Value: 'defensive' },
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.bucket', Value: { Ref: Match.stringLikeRegexp('^DataProtectionAccessLogs') } },
        { Key: 'access_logs.s3.prefix', Value: Match.stringLikeRegexp('^alb/') },
      ]),
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      Tags: Match.arrayWith([{ Key: 'data-class', Value: 'internal' }]),
    });
  });

  test('S2-08 a new REGIONAL web ACL is associated with the load balancer', () => {
    // GIVEN
    const { stack, vpc } = edgeStack();

    // WHEN
    const edge = new LoadBalancerEdge(stack, 'Edge', { domainName: 'app.example.com', vpc });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'REGIONAL' });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: { Ref: Match.stringLikeRegexp('^Edge') },
      WebACLArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EdgeFirewall'), 'Arn'] },
    });
    expect(edge.webFirewall.firewallScope).toBe(WebFirewallScope.REGIONAL);
  });

  test('S2-08 a given web ACL with Shield Advanced protects the load balancer too', () => {
    // GIVEN
    const { stack, vpc } = edgeStack();
    const webFirewall = new WebFirewall(stack, 'Firewall', { shieldAdvanced: true, rateLimit: 300 });

    // WHEN
    new LoadBalancerEdge(stack, 'Edge', { domainName: 'app.example.com', vpc, webFirewall });

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::WAFv2::WebACL', 1);
    template.hasResourceProperties('AWS::Shield::Protection', { ResourceArn: { Ref: Match.stringLikeRegexp('^Edge') } });
  });

  test('without a hosted zone, the certificate is DNS-validated by hand and no record is made', () => {
    // GIVEN
    const { stack, vpc } = edgeStack();

    // WHEN
    new LoadBalancerEdge(stack, 'Edge', { domainName: 'app.example.com', vpc });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'app.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: Match.absent(),
    });
    template.resourceCountIs('AWS::Route53::RecordSet', 0);
  });

  test('uses a given certificate', () => {
    // GIVEN
    const { stack, vpc } = edgeStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:111122223333:certificate/abc');

    // WHEN
    new LoadBalancerEdge(stack, 'Edge', { domainName: 'app.example.com', vpc, certificate });

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/abc' }],
    });
  });

  test('S2-02 a policy minimum of TLS 1.3 gives the TLS 1.3-only listener policy', () => {
    // GIVEN
    const { stack, vpc } = edgeStack({ minimumTlsVersion: MinimumTlsVersion.TLS_1_3 });

    // WHEN
    new LoadBalancerEdge(stack, 'Edge', { domainName: 'app.example.com', vpc });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-3-PQ-2025-09',
    });
  });

  test.each([
    [elbv2.SslPolicy.RECOMMENDED, 'got a policy accepting TLS 1.0'],
    [elbv2.SslPolicy.TLS12, 'got a policy accepting TLS 1.2'],
    [elbv2.SslPolicy.TLS13_EXT2, 'got a policy accepting TLS 1.2'],
  ])('S0-08 refuses the listener policy %s, weaker than the policy\'s minimum', (sslPolicy, got) => {
    // GIVEN
    const { stack, vpc } = edgeStack();

    // WHEN
    const error = errorOf(() => new LoadBalancerEdge(stack, 'Edge', { domainName: 'app.example.com', vpc, sslPolicy }));

    // THEN
    expect(error.message).toContain(`sslPolicy ${sslPolicy} is weaker than the DataProtectionPolicy's minimum`);
    expect(error.message).toContain('ELBSecurityPolicy-TLS13-1-2-Res-*');
    expect(error.message).toContain(got);
  });

  test('S2-02 refuses a TLS 1.2 listener policy under a TLS 1.3 policy', () => {
    // GIVEN
    const { stack, vpc } = edgeStack({ minimumTlsVersion: MinimumTlsVersion.TLS_1_3 });

    // WHEN / THEN
    expect(() => new LoadBalancerEdge(stack, 'Edge', { domainName: 'app.example.com', vpc, sslPolicy: elbv2.SslPolicy.TLS13_RES }))
      .toThrow(/accepting TLS 1.3 or newer, such as ELBSecurityPolicy-TLS13-1-3-PQ-2025-09; got a policy accepting TLS 1.2/);
  });

  test('accepts a stronger listener policy', () => {
    // GIVEN
    const { stack, vpc } = edgeStack();

    // WHEN
    new LoadBalancerEdge(stack, 'Edge', { domainName: 'app.example.com', vpc, sslPolicy: elbv2.SslPolicy.TLS13_13 });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { SslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06' });
  });

  test('S2-08 allowLargeBodies reaches the default web ACL: uploads under the path pass the 8 KB body limit', () => {
    // GIVEN
    const { stack, vpc } = edgeStack();

    // WHEN
    new LoadBalancerEdge(stack, 'Edge', {
      domainName: 'app.example.com', vpc, allowLargeBodies: { pathPrefixes: ['/uploads/'], reason: 'Recordings are uploaded to /uploads/' },
    });

    // THEN
    const acl = Object.values(Template.fromStack(stack).findResources('AWS::WAFv2::WebACL'))[0] as any;
    expect(acl.Properties.Rules.map((r: any) => r.Name)).toContain(WebFirewall.LARGE_BODY_RULE_NAME);
  });

  test('refuses allowLargeBodies next to a given web ACL', () => {
    // GIVEN
    const { stack, vpc } = edgeStack();
    const webFirewall = new WebFirewall(stack, 'Firewall');

    // WHEN
    const error = errorOf(() => new LoadBalancerEdge(stack, 'Edge', {
      domainName: 'app.example.com', vpc, webFirewall, allowLargeBodies: { pathPrefixes: ['/uploads/'], reason: 'Recordings are uploaded' },
    }));

    // THEN
    expect(error.message).toMatch(/allowLargeBodies applies to the default web ACL only/);
  });

  test('refuses a CLOUDFRONT web ACL, naming its scope', () => {
    // GIVEN
    const { stack, vpc } = edgeStack();
    const webFirewall = new WebFirewall(stack, 'Firewall', { scope: WebFirewallScope.CLOUDFRONT });

    // WHEN / THEN
    expect(() => new LoadBalancerEdge(stack, 'Edge', { domainName: 'app.example.com', vpc, webFirewall }))
      .toThrow(/webFirewall of a load balancer must have scope REGIONAL, got a WebFirewall of scope CLOUDFRONT/);
  });

  test.each([
    ['localhost'],
    ['-app.example.com'],
    ['app-.example.com'],
    ['app..example.com'],
    ['app_1.example.com'],
    ['app.example.com.'],
    ['https://app.example.com'],
    ['*.example.com'],
    ['10.0.0.1'],
    [`${'a'.repeat(64)}.example.com`],
    [`${'abcdefghi.'.repeat(25)}example.com`],
    [''],
  ])('refuses the domain name %j, naming the rule and the value', (domainName) => {
    // GIVEN
    const { stack, vpc } = edgeStack();

    // WHEN
    const error = errorOf(() => new LoadBalancerEdge(stack, 'Edge', { domainName, vpc }));

    // THEN
    expect(error.message).toContain('domainName must be a host name: at least two dot-separated labels of 1-63 letters, digits or \'-\'');
    expect(error.message).toContain(`got '${domainName}'`);
  });

  test('refuses a domain name outside the hosted zone', () => {
    // GIVEN
    const { stack, vpc } = edgeStack();

    // WHEN / THEN
    expect(() => new LoadBalancerEdge(stack, 'Edge', { domainName: 'app.example.org', vpc, hostedZone: zoneIn(stack) }))
      .toThrow(/domainName 'app.example.org' is not in hostedZone 'example.com': allowed are example.com and its subdomains/);
  });

  test('compliance: the load balancer edge passes every pack; only the redirect port and the public ingress are acknowledged', () => {
    // GIVEN
    const app = checkedApp();
    const stack = stackWithPolicy(app);
    const network = new SecureNetwork(stack, 'Network');

    // WHEN
    new LoadBalancerEdge(stack, 'Edge', { domainName: 'app.example.com', hostedZone: zoneIn(stack), vpc: network.vpc });

    // THEN
    expectNoUnacknowledgedFindings(app);
  });
});

describe('DistributionEdge', () => {
  test('S0-08 S4-05 a distribution with TLSv1.2_2021, SNI, the certificate, and HTTPS-only viewers', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    const edge = new DistributionEdge(stack, 'Edge', { domainName: 'www.example.com', hostedZone: zoneIn(stack), origin: ORIGIN() });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['www.example.com'],
        ViewerCertificate: {
          AcmCertificateArn: { Ref: Match.stringLikeRegexp('^EdgeCertificate') },
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          ResponseHeadersPolicyId: { Ref: Match.stringLikeRegexp('^EdgeSecurityHeaders') },
        }),
        HttpVersion: 'http2and3',
      }),
    });
    template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'www.example.com', KeyAlgorithm: 'RSA_2048' });
    template.resourcePropertiesCountIs('AWS::Route53::RecordSet', { Name: 'www.example.com.' }, 2);
    expect(edge.minimumProtocolVersion).toBe(cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021);
  });

  test('S0-07 a response headers policy adds HSTS for two years with subdomains', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new DistributionEdge(stack, 'Edge', { domainName: 'www.example.com', origin: ORIGIN() });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          StrictTransportSecurity: { AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: true },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
        },
      }),
    });
  });

  test('S2-08 S4-05 a new CLOUDFRONT web ACL is attached to the distribution', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    const edge = new DistributionEdge(stack, 'Edge', { domainName: 'www.example.com', origin: ORIGIN() });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT' });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ WebACLId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EdgeFirewall'), 'Arn'] } }),
    });
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
    expect(edge.webFirewall?.firewallScope).toBe(WebFirewallScope.CLOUDFRONT);
  });

  test('S2-03 S4-07 standard logs go to a log bucket of their own, with ACLs for CloudFront, SSE-KMS with a rotating key of its own and '
    + 'bucket keys, no public access, expiring on the log retention', () => {
    // GIVEN a policy with the default at-rest encryption (KMS)
    const stack = stackWithPolicy();

    // WHEN
    const edge = new DistributionEdge(stack, 'Edge', { domainName: 'www.example.com', origin: ORIGIN() });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Logging: { Bucket: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EdgeLogBucket'), 'RegionalDomainName'] }, Prefix: Match.stringLikeRegexp('^cloudfront/') },
      }),
    });
    const keyId = stack.getLogicalId(edge.logKey!.node.defaultChild as CfnKey);
    template.hasResourceProperties('AWS::S3::Bucket', {
      OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] } },
          BucketKeyEnabled: true,
        }],
      },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 365, Status: 'Enabled' })]) },
      LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^DataProtectionAccessLogs') }, LogFilePrefix: Match.anyValue() },
      Tags: Match.arrayWith([{ Key: 'data-class', Value: 'internal' }]),
    });
    // the key rotates, and lets CloudFront's log delivery use it for this account's deliveries only
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Sid: 'AllowCloudFrontStandardLogDelivery',
          Effect: 'Allow',
          Principal: { Service: 'delivery.logs.amazonaws.com' },
          Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          Resource: '*',
          Condition: { StringEqualsIfExists: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        }]),
      },
    });
    expect(keyId).toMatch(/^EdgeLogKey/);
  });

  test('S2-03 under an SSE-S3 policy the log bucket is SSE-S3 and no key is made', () => {
    // GIVEN
    const stack = stackWithPolicy(undefined, { atRestEncryption: AtRestEncryption.S3_MANAGED });

    // WHEN
    const edge = new DistributionEdge(stack, 'Edge', { domainName: 'www.example.com', origin: ORIGIN() });

    // THEN
    const template = Template.fromStack(stack);
    expect(edge.logKey).toBeUndefined();
    expect(Object.keys(template.findResources('AWS::KMS::Key', {
      Properties: { Description: Match.stringLikeRegexp('CloudFront standard logs') },
    }))).toEqual([]);
    template.hasResourceProperties('AWS::S3::Bucket', {
      OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
  });

  test('S4-07 S2-03 the evidence proves the log bucket\'s key, and an escape hatch that sets the bucket back to AES256 violates the claim', () => {
    // GIVEN two distribution edges, one as the construct makes it, one weakened by an escape hatch to SSE-S3
    function logBucketFacts(weaken: boolean) {
      const stack = stackWithPolicy();
      const edge = new DistributionEdge(stack, 'Edge', { domainName: 'www.example.com', origin: ORIGIN() });
      const cfnBucket = edge.logBucket.node.defaultChild as CfnBucket;
      if (weaken) {
        cfnBucket.addPropertyOverride('BucketEncryption.ServerSideEncryptionConfiguration', [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }]);
      }
      // WHEN the verifier of S2-03 and S4-07 reads the template under a KMS policy
      const facts = runVerifier(DATA_VERIFIERS['encrypted-at-rest'], [viewOfTemplate(Template.fromStack(stack).toJSON())], KMS, { claimId: 'S4-07' });
      return { facts, bucketId: stack.getLogicalId(cfnBucket) };
    }
    const kept = logBucketFacts(false);
    const weakened = logBucketFacts(true);

    // THEN the log bucket is proven encrypted with its customer-managed key, and every fact holds
    expect(kept.facts.find((f) => f.logicalId === kept.bucketId)).toMatchObject({ satisfied: true, expected: 'encrypted with a customer-managed KMS key' });
    expect(failing(kept.facts)).toEqual([]);
    // and the weakened bucket alone violates the claim, showing what was found
    expect(failing(weakened.facts)).toEqual([expect.objectContaining({ logicalId: weakened.bucketId, found: expect.stringMatching(/^AES256/) })]);
  });

  test('a distribution outside us-east-1 takes the web ACL by ARN and a us-east-1 certificate', () => {
    // GIVEN
    const stack = stackWithPolicy(new App(), { region: 'eu-west-1' }, { env: { region: 'eu-west-1' } });
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:111122223333:certificate/abc');
    const webAclArn = 'arn:aws:wafv2:us-east-1:111122223333:global/webacl/edge/0123';

    // WHEN
    const edge = new DistributionEdge(stack, 'Edge', { domainName: 'www.example.com', origin: ORIGIN(), certificate, webAclArn });

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ WebACLId: webAclArn }),
    });
    expect(edge.webFirewall).toBeUndefined();
  });

  test('refuses a web ACL or certificate it would make outside us-east-1, naming the region', () => {
    // GIVEN
    const stack = stackWithPolicy(new App(), { region: 'eu-west-1' }, { env: { region: 'eu-west-1' } });
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:111122223333:certificate/abc');
    const euCertificate = acm.Certificate.fromCertificateArn(stack, 'EuCert', 'arn:aws:acm:eu-west-1:111122223333:certificate/abc');
    const webAclArn = 'arn:aws:wafv2:us-east-1:111122223333:global/webacl/edge/0123';

    // WHEN / THEN
    expect(() => new DistributionEdge(stack, 'A', { domainName: 'www.example.com', origin: ORIGIN(), certificate }))
      .toThrow(/scope CLOUDFRONT needs a stack in us-east-1 .*got eu-west-1/);
    expect(() => new DistributionEdge(stack, 'B', { domainName: 'www.example.com', origin: ORIGIN(), webAclArn }))
      .toThrow(/a certificate made for a distribution must be in us-east-1 .*got a stack in eu-west-1/);
    expect(() => new DistributionEdge(stack, 'C', { domainName: 'www.example.com', origin: ORIGIN(), webAclArn, certificate: euCertificate }))
      .toThrow(/certificate of a distribution must be in us-east-1 .*got one in eu-west-1/);
  });

  test('S4-05 allowLargeBodies reaches the default CloudFront web ACL', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new DistributionEdge(stack, 'Cdn', {
      domainName: 'bugs.example.com', origin: ORIGIN(), allowLargeBodies: { pathPrefixes: ['/api/reports/'], reason: 'Bug reports carry screenshots' },
    });

    // THEN
    const acl = Object.values(Template.fromStack(stack).findResources('AWS::WAFv2::WebACL'))[0] as any;
    expect(acl.Properties.Scope).toBe('CLOUDFRONT');
    expect(acl.Properties.Rules.map((r: any) => r.Name)).toContain(WebFirewall.LARGE_BODY_RULE_NAME);
    expect(errorOf(() => new DistributionEdge(stack, 'Other', {
      domainName: 'www.example.com', origin: ORIGIN(), webAclArn: 'arn:x', allowLargeBodies: { pathPrefixes: ['/u/'], reason: 'Bug reports carry screenshots' },
    })).message).toMatch(/allowLargeBodies applies to the default web ACL only/);
  });

  test('refuses a REGIONAL web ACL, and a web ACL given twice', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const webFirewall = new WebFirewall(stack, 'Firewall');

    // WHEN / THEN
    expect(() => new DistributionEdge(stack, 'A', { domainName: 'www.example.com', origin: ORIGIN(), webFirewall }))
      .toThrow(/webFirewall of a distribution must have scope CLOUDFRONT, got a WebFirewall of scope REGIONAL/);
    expect(() => new DistributionEdge(stack, 'B', { domainName: 'www.example.com', origin: ORIGIN(), webFirewall, webAclArn: 'arn:x' }))
      .toThrow(/either webFirewall or webAclArn, not both/);
  });

  test('S2-10 an origin group fails over to the fallback origin; a default root object when given', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new DistributionEdge(stack, 'Edge', {
      domainName: 'www.example.com',
      origin: ORIGIN(),
      fallbackOrigin: new origins.HttpOrigin('fallback.example.com'),
      defaultRootObject: 'index.html',
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        OriginGroups: { Quantity: 1, Items: [Match.objectLike({ Members: Match.objectLike({ Quantity: 2 }) })] },
      }),
    });
  });

  test('S2-02 a policy minimum of TLS 1.3 gives TLSv1.3_2025', () => {
    // GIVEN
    const stack = stackWithPolicy(undefined, { minimumTlsVersion: MinimumTlsVersion.TLS_1_3 });

    // WHEN
    new DistributionEdge(stack, 'Edge', { domainName: 'www.example.com', origin: ORIGIN() });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.3_2025' }) }),
    });
  });

  test.each([
    [cloudfront.SecurityPolicyProtocol.TLS_V1_2_2019],
    [cloudfront.SecurityPolicyProtocol.TLS_V1_1_2016],
    [cloudfront.SecurityPolicyProtocol.SSL_V3],
  ])('S0-08 refuses the viewer policy %s, naming the allowed ones', (minimumProtocolVersion) => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN / THEN
    expect(() => new DistributionEdge(stack, 'Edge', { domainName: 'www.example.com', origin: ORIGIN(), minimumProtocolVersion }))
      .toThrow(`minimumProtocolVersion ${minimumProtocolVersion} is weaker than the DataProtectionPolicy's minimum of TLS 1.2: ` +
        'allowed TLSv1.2_2021, TLSv1.2_2025, TLSv1.3_2025');
  });

  test('accepts a stronger viewer policy', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new DistributionEdge(stack, 'Edge', {
      domainName: 'www.example.com', origin: ORIGIN(), minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2025,
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2025' }) }),
    });
  });

  test.each([['nodots'], ['bad_label.example.com'], ['a.-b.com']])('refuses the domain name %j', (domainName) => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN / THEN
    expect(() => new DistributionEdge(stack, 'Edge', { domainName, origin: ORIGIN() })).toThrow(`got '${domainName}'`);
  });

  test('S2-08 Shield Advanced protects the distribution when the web ACL opts in', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const webFirewall = new WebFirewall(stack, 'Firewall', { scope: WebFirewallScope.CLOUDFRONT, shieldAdvanced: true });

    // WHEN
    new DistributionEdge(stack, 'Edge', { domainName: 'www.example.com', origin: ORIGIN(), webFirewall });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Shield::Protection', {
      ResourceArn: { 'Fn::Join': ['', Match.arrayWith([':cloudfront::', { Ref: Match.stringLikeRegexp('^Edge') }])] },
    });
  });

  test('compliance: the distribution edge passes every pack; geo restriction and the log bucket\'s inherent findings are acknowledged', () => {
    // GIVEN
    const app = checkedApp();
    const stack = stackWithPolicy(app);

    // WHEN
    new DistributionEdge(stack, 'Edge', { domainName: 'www.example.com', hostedZone: zoneIn(stack), origin: ORIGIN() });

    // THEN
    expectNoUnacknowledgedFindings(app);
  });
});
