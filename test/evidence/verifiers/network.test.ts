import { App } from 'aws-cdk-lib';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  AdminVpn, AdminVpnAuthentication, DataClass, DistributionEdge, LoadBalancerEdge, MfaGatedAccess, SecureDatabase, SecureNetwork,
  SecureSftpServer, TlsPolicies,
} from '../../../lib';
import { StackView } from '../../../lib/evidence/model';
import { NETWORK_VERIFIERS } from '../../../lib/evidence/verifiers/network';
import * as names from '../../../lib/private/tls-policy-names';
import { stackWithPolicy } from '../../helpers/compliance';
import { failing, proves, runVerifier, viewOfStack, viewOfTemplate } from '../helpers';

const SERVER_CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
const CLIENT_CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/66666666-7777-8888-9999-000000000000';
const TLS_1_2 = { minimumTlsVersion: '1.2' };
const TLS_1_3 = { minimumTlsVersion: '1.3' };

const {
  'https-only': httpsOnly, 'tls-policy': tlsPolicy, 'transit-tls': transitTls, 'tls-policies-current': tlsPoliciesCurrent,
  'keys-and-ciphers': keysAndCiphers, 'network-restricted': networkRestricted, 'waf-ddos': wafDdos, 'cdn-waf': cdnWaf, 'admin-vpn': adminVpn,
} = NETWORK_VERIFIERS;

/** A stack built with the library's constructs: every network verifier must prove its claim on it. */
let service: StackView;

beforeAll(() => {
  const stack = stackWithPolicy(new App());
  const network = new SecureNetwork(stack, 'Network');
  new LoadBalancerEdge(stack, 'Edge', { domainName: 'app.example.com', vpc: network.vpc });
  new DistributionEdge(stack, 'Cdn', { domainName: 'www.example.com', origin: new origins.HttpOrigin('origin.example.com') });
  new SecureDatabase(stack, 'Database', { vpc: network.vpc, dataClass: DataClass.CUSTOMER_USER_DATA });
  new SecureSftpServer(stack, 'Sftp', { vpc: network.vpc });
  new AdminVpn(stack, 'Vpn', {
    vpc: network.vpc, serverCertificateArn: SERVER_CERT, authentication: AdminVpnAuthentication.mutualTls(CLIENT_CERT), clientCidr: '10.100.0.0/22',
  });
  new MfaGatedAccess(stack, 'Access', { requireSourceVpc: network.vpc.vpcId });
  service = viewOfStack(stack);
});

// ---------------------------------------------------------------------------------------------
// Hand-written fixtures

const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const objects = (id: string) => ({ 'Fn::Join': ['', [arn(id), '/*']] });

function bucketPolicy(bucket: string, conditions: Array<Record<string, any>>): Record<string, any> {
  return {
    Type: 'AWS::S3::BucketPolicy',
    Properties: {
      Bucket: { Ref: bucket },
      PolicyDocument: {
        Statement: conditions.map((Condition) => ({
          Action: 's3:*', Effect: 'Deny', Principal: { AWS: '*' }, Resource: [arn(bucket), objects(bucket)], Condition,
        })),
      },
    },
  };
}

const SECURE_TRANSPORT = { Bool: { 'aws:SecureTransport': 'false' } };
const TLS_VERSION = { NumericLessThan: { 's3:TlsVersion': 1.2 } };

function httpsListener(props: Record<string, any> = {}): Record<string, any> {
  return {
    Type: 'AWS::ElasticLoadBalancingV2::Listener',
    Properties: {
      LoadBalancerArn: { Ref: 'Lb' },
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: names.LOAD_BALANCER_TLS_1_2_POLICY,
      Certificates: [{ CertificateArn: { Ref: 'Cert' } }],
      DefaultActions: [{ Type: 'fixed-response' }],
      ...props,
    },
  };
}

function httpListener(actions: unknown[]): Record<string, any> {
  return { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: { Ref: 'Lb' }, Port: 80, Protocol: 'HTTP', DefaultActions: actions } };
}

const REDIRECT = { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } };
const FORWARD = { Type: 'forward', TargetGroupArn: { Ref: 'Targets' } };
const CERTIFICATE = { Type: 'AWS::CertificateManager::Certificate', Properties: { DomainName: 'app.example.com', ValidationMethod: 'DNS' } };

function distribution(config: Record<string, any> = {}): Record<string, any> {
  return {
    Type: 'AWS::CloudFront::Distribution',
    Properties: {
      DistributionConfig: {
        DefaultCacheBehavior: { ViewerProtocolPolicy: 'redirect-to-https' },
        ViewerCertificate: { AcmCertificateArn: SERVER_CERT, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
        WebACLId: arn('Acl'),
        ...config,
      },
    },
  };
}

function webAcl(rules: unknown[]): Record<string, any> {
  return { Type: 'AWS::WAFv2::WebACL', Properties: { Scope: 'REGIONAL', DefaultAction: { Allow: {} }, Rules: rules } };
}

const RATE_RULE = { Name: 'Rate', Priority: 0, Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: 1000, AggregateKeyType: 'IP' } } };
const MANAGED_RULE = {
  Name: 'Common',
  Priority: 1,
  OverrideAction: { None: {} },
  Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } },
};

/** A VPC with one public subnet (route to the internet gateway) and one isolated subnet. */
const VPC_RESOURCES: Record<string, any> = {
  Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
  Igw: { Type: 'AWS::EC2::InternetGateway', Properties: {} },
  PublicSubnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.0.0/24', MapPublicIpOnLaunch: true } },
  PublicTable: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
  PublicAssociation: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'PublicSubnet' }, RouteTableId: { Ref: 'PublicTable' } } },
  PublicRoute: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'PublicTable' }, DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'Igw' } } },
  DataSubnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.1.0/24', MapPublicIpOnLaunch: false } },
};

function database(props: Record<string, any> = {}): Record<string, any> {
  return {
    Type: 'AWS::RDS::DBInstance',
    Properties: { Engine: 'postgres', EngineVersion: '17', PubliclyAccessible: false, DBSubnetGroupName: { Ref: 'Subnets' }, ...props },
  };
}

function subnetGroup(...subnets: string[]): Record<string, any> {
  return { Type: 'AWS::RDS::DBSubnetGroup', Properties: { DBSubnetGroupDescription: 'db', SubnetIds: subnets.map((s) => ({ Ref: s })) } };
}

const fixture = (resources: Record<string, any>) => viewOfTemplate({ Resources: resources });

// ---------------------------------------------------------------------------------------------

describe('tls-policy-names', () => {
  test('S2-04 TlsPolicies and SecureSftpServer name the policies of tls-policy-names.ts, the one source the evidence report reads', () => {
    // THEN
    expect(TlsPolicies.LOAD_BALANCER_TLS_1_2).toBe(names.LOAD_BALANCER_TLS_1_2_POLICY);
    expect(TlsPolicies.LOAD_BALANCER_TLS_1_3).toBe(names.LOAD_BALANCER_TLS_1_3_POLICY);
    expect(TlsPolicies.DISTRIBUTION_TLS_1_2).toBe(names.DISTRIBUTION_TLS_1_2_POLICY);
    expect(TlsPolicies.DISTRIBUTION_TLS_1_3).toBe(names.DISTRIBUTION_TLS_1_3_POLICY);
    expect(SecureSftpServer.SECURITY_POLICY).toBe(names.SFTP_SECURITY_POLICY);
    expect(SecureSftpServer.FIPS_SECURITY_POLICY).toBe(names.SFTP_FIPS_SECURITY_POLICY);
  });

  test('S0-08 the approved sets: forward-secret AEAD-only listener policies, and the CloudFront policies of each minimum', () => {
    // THEN
    expect(names.isApprovedLoadBalancerPolicy('ELBSecurityPolicy-TLS13-1-2-Res-2021-06', 1.2)).toBe(true);
    expect(names.isApprovedLoadBalancerPolicy('ELBSecurityPolicy-FS-1-2-Res-2020-10', 1.2)).toBe(true);
    expect(names.isApprovedLoadBalancerPolicy('ELBSecurityPolicy-TLS13-1-2-2021-06', 1.2)).toBe(false);
    expect(names.isApprovedLoadBalancerPolicy('ELBSecurityPolicy-2016-08', 1.2)).toBe(false);
    expect(names.isApprovedLoadBalancerPolicy(names.LOAD_BALANCER_TLS_1_2_POLICY, 1.3)).toBe(false);
    expect(names.isApprovedLoadBalancerPolicy(names.LOAD_BALANCER_TLS_1_3_POLICY, 1.3)).toBe(true);
    expect(names.approvedDistributionPolicies(1.2)).toEqual(['TLSv1.2_2021', 'TLSv1.2_2025', 'TLSv1.3_2025']);
    expect(names.approvedDistributionPolicies(1.3)).toEqual(['TLSv1.3_2025']);
  });
});

describe('https-only', () => {
  test('S0-07 https-only proves the HTTPS listener, the redirect-only HTTP listener, the distribution, the ACM certificates and TLS-only buckets', () => {
    // WHEN
    const facts = runVerifier(httpsOnly, [service]);

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts).toEqual(expect.arrayContaining([
      expect.objectContaining({ propertyPath: 'Properties.DefaultActions', found: 'redirect to HTTPS only' }),
      expect.objectContaining({ propertyPath: 'Properties.DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy', found: 'redirect-to-https' }),
      expect.objectContaining({ propertyPath: 'Properties.ValidationMethod', found: 'DNS' }),
    ]));
    expect(facts.filter((f) => f.found.startsWith('Statement') && f.found.includes('aws:SecureTransport false')).length).toBeGreaterThanOrEqual(3);
  });

  test('S0-07 https-only fails an HTTP listener that forwards, and one whose rule forwards despite a redirecting default', () => {
    // GIVEN
    const view = fixture({
      Plain: httpListener([FORWARD]),
      Redirecting: httpListener([REDIRECT]),
      Rule: { Type: 'AWS::ElasticLoadBalancingV2::ListenerRule', Properties: { ListenerArn: { Ref: 'Redirecting' }, Priority: 1, Actions: [FORWARD] } },
    });

    // WHEN
    const facts = runVerifier(httpsOnly, [view]);

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({ logicalId: 'Plain', propertyPath: 'Properties.DefaultActions', expected: 'an HTTP listener only redirects to HTTPS', found: 'forward' }),
      expect.objectContaining({ logicalId: 'Redirecting', found: 'redirect to HTTPS, but rule(s) Rule do something else' }),
    ]);
  });

  test('S0-07 https-only fails an IAM server certificate, a distribution that allows HTTP on the default certificate, e-mail validation and a bucket without policy', () => {
    // GIVEN
    const view = fixture({
      Https: httpsListener({ Certificates: [{ CertificateArn: 'arn:aws:iam::123456789012:server-certificate/old' }] }),
      Cdn: distribution({ DefaultCacheBehavior: {}, ViewerCertificate: { CloudFrontDefaultCertificate: true } }),
      Cert: { Type: 'AWS::CertificateManager::Certificate', Properties: { DomainName: 'app.example.com' } },
      Bucket: { Type: 'AWS::S3::Bucket', Properties: {} },
    });

    // WHEN
    const facts = runVerifier(httpsOnly, [view]);

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({ logicalId: 'Https', expected: 'an ACM certificate', found: 'arn:aws:iam::123456789012:server-certificate/old' }),
      expect.objectContaining({ logicalId: 'Cdn', expected: 'redirect-to-https or https-only', found: '(absent)' }),
      expect.objectContaining({ logicalId: 'Cdn', propertyPath: 'Properties.DistributionConfig.ViewerCertificate.AcmCertificateArn', found: '(absent)' }),
      expect.objectContaining({ logicalId: 'Cert', propertyPath: 'Properties.ValidationMethod', expected: 'DNS (renewed by ACM without action)', found: '(absent)' }),
      expect.objectContaining({ logicalId: 'Bucket', propertyPath: 'Resources[Type=AWS::S3::BucketPolicy]', found: '(none)' }),
    ]);
  });

  test('S0-07 https-only fails a bucket policy whose TLS denial covers the bucket but not its objects', () => {
    // GIVEN
    const policy = bucketPolicy('Bucket', [SECURE_TRANSPORT]);
    policy.Properties.PolicyDocument.Statement[0].Resource = [arn('Bucket')];
    const view = fixture({ Https: httpsListener(), Cert: CERTIFICATE, Bucket: { Type: 'AWS::S3::Bucket', Properties: {} }, Policy: policy });

    // WHEN
    const facts = runVerifier(httpsOnly, [view]);

    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({ logicalId: 'Policy', found: '(no such statement)' })]);
  });

  test('S0-07 https-only fails with no front door at all', () => {
    // WHEN
    const facts = runVerifier(httpsOnly, [fixture({})]);

    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({
      propertyPath: 'Resources[Type=AWS::ElasticLoadBalancingV2::Listener or AWS::CloudFront::Distribution]', found: '(none)',
    })]);
  });
});

describe('tls-policy', () => {
  test('S0-08 tls-policy proves the listener and distribution policies of the library\'s edges for TLS 1.2', () => {
    // WHEN
    const facts = runVerifier(tlsPolicy, [service], TLS_1_2);

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts.map((f) => f.found).sort()).toEqual([names.LOAD_BALANCER_TLS_1_2_POLICY, names.DISTRIBUTION_TLS_1_2_POLICY].sort());
  });

  test('S0-08 tls-policy fails the TLS 1.2 policies when the claim expects TLS 1.3', () => {
    // WHEN
    const facts = runVerifier(tlsPolicy, [service], TLS_1_3);

    // THEN
    expect(failing(facts)).toEqual(expect.arrayContaining([
      expect.objectContaining({
        propertyPath: 'Properties.SslPolicy',
        expected: 'a TLS 1.3-only policy (ELBSecurityPolicy-TLS13-1-3-*)',
        found: names.LOAD_BALANCER_TLS_1_2_POLICY,
      }),
      expect.objectContaining({
        propertyPath: 'Properties.DistributionConfig.ViewerCertificate.MinimumProtocolVersion',
        expected: 'TLSv1.3_2025',
        found: 'TLSv1.2_2021',
      }),
    ]));
    expect(failing(facts)).toHaveLength(2);
  });

  test('S0-08 tls-policy fails an absent SslPolicy, a CBC-offering policy and an old CloudFront policy', () => {
    // GIVEN
    const view = fixture({
      Default: httpsListener({ SslPolicy: undefined }),
      Cbc: httpsListener({ SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06' }),
      Cdn: distribution({ ViewerCertificate: { AcmCertificateArn: SERVER_CERT, MinimumProtocolVersion: 'TLSv1.2_2019' } }),
      Tls13: httpsListener({ SslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06' }),
    });

    // WHEN
    const facts = runVerifier(tlsPolicy, [view], TLS_1_2);

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({ logicalId: 'Default', found: '(absent)', note: expect.stringContaining('ELBSecurityPolicy-2016-08') }),
      expect.objectContaining({ logicalId: 'Cbc', found: 'ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06' }),
      expect.objectContaining({ logicalId: 'Cdn', expected: 'TLSv1.2_2021 or TLSv1.2_2025 or TLSv1.3_2025', found: 'TLSv1.2_2019' }),
    ]);
  });

  test('S0-08 tls-policy fails a distribution on the default *.cloudfront.net certificate, which accepts TLS 1.0', () => {
    // GIVEN
    const view = fixture({ Cdn: distribution({ ViewerCertificate: { CloudFrontDefaultCertificate: true } }) });

    // WHEN
    const facts = runVerifier(tlsPolicy, [view], TLS_1_2);

    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({ logicalId: 'Cdn', found: 'TLSv1', note: expect.stringContaining('default *.cloudfront.net') })]);
  });

  test('S0-08 tls-policy fails with no HTTPS edge, and on an expectation that is not a TLS version', () => {
    // WHEN
    const none = runVerifier(tlsPolicy, [fixture({ Http: httpListener([REDIRECT]) })], TLS_1_2);
    const wrong = runVerifier(tlsPolicy, [service], { minimumTlsVersion: '1.1' }, { claimId: 'S0-08' });

    // THEN
    expect(failing(none)).toEqual([expect.objectContaining({ found: '(none)', expected: 'an edge with a TLS 1.2+ policy' })]);
    expect(failing(wrong)).toEqual([expect.objectContaining({
      propertyPath: 'Metadata.cdk-data-protection.claims[S0-08].expected.minimumTlsVersion', expected: '1.2 or 1.3', found: '1.1',
    })]);
  });
});

describe('transit-tls', () => {
  test('S2-02 S4-07 transit-tls proves TLS-only buckets with s3:TlsVersion, the database forcing TLS and the edge policies', () => {
    // WHEN
    const facts = runVerifier(transitTls, [service], TLS_1_2);

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts).toEqual(expect.arrayContaining([
      expect.objectContaining({ propertyPath: 'Properties.Parameters.rds.force_ssl', expected: 'rds.force_ssl = 1', found: '1' }),
      expect.objectContaining({ found: 'Deny when s3:TlsVersion < 1.2' }),
    ]));
  });

  test('S2-02 transit-tls fails a bucket without the s3:TlsVersion denial, and one denying only below 1.2 when 1.3 is expected', () => {
    // GIVEN
    const view = fixture({
      Bucket: { Type: 'AWS::S3::Bucket', Properties: {} },
      Policy: bucketPolicy('Bucket', [SECURE_TRANSPORT]),
      Other: { Type: 'AWS::S3::Bucket', Properties: {} },
      OtherPolicy: bucketPolicy('Other', [SECURE_TRANSPORT, TLS_VERSION]),
    });

    // WHEN
    const facts = runVerifier(transitTls, [view], TLS_1_3);

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({ logicalId: 'Policy', expected: 'Deny s3:* when s3:TlsVersion NumericLessThan 1.3 or higher', found: '(no such statement)' }),
      expect.objectContaining({ logicalId: 'OtherPolicy', expected: 'Deny s3:* when s3:TlsVersion NumericLessThan 1.3 or higher', found: 'Deny when s3:TlsVersion < 1.2' }),
    ]);
  });

  test('S2-02 transit-tls fails TLS denials narrowed by another condition (they refuse plain HTTP to some principals only)', () => {
    // GIVEN
    const narrowed = (statement: any) => ({
      ...statement,
      Condition: { ...statement.Condition, StringEquals: { 'aws:PrincipalAccount': '999999999999' } },
    });
    const view = fixture({
      Bucket: { Type: 'AWS::S3::Bucket', Properties: {} },
      Policy: bucketPolicy('Bucket', [narrowed(SECURE_TRANSPORT), narrowed(TLS_VERSION)]),
    });

    // WHEN
    const facts = runVerifier(transitTls, [view], { minimumTlsVersion: '1.2' });

    // THEN
    expect(failing(facts).map((f) => f.found)).toEqual(['(no such statement)', '(no such statement)']);
  });

  test('S2-02 transit-tls fails rds.force_ssl 0, MySQL without require_secure_transport and a parameter group it cannot read', () => {
    // GIVEN
    const view = fixture({
      Pg: database({ DBParameterGroupName: { Ref: 'PgParams' } }),
      PgParams: { Type: 'AWS::RDS::DBParameterGroup', Properties: { Family: 'postgres13', Parameters: { 'rds.force_ssl': '0', 'ssl_min_protocol_version': 'TLSv1.2' } } },
      My: database({ Engine: 'mysql', EngineVersion: '8.0', DBParameterGroupName: { Ref: 'MyParams' } }),
      MyParams: { Type: 'AWS::RDS::DBParameterGroup', Properties: { Family: 'mysql8.0', Parameters: { require_secure_transport: 'OFF' } } },
      External: database({ DBParameterGroupName: 'my-existing-group' }),
    });

    // WHEN
    const facts = runVerifier(transitTls, [view], TLS_1_2);

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({ logicalId: 'PgParams', propertyPath: 'Properties.Parameters.rds.force_ssl', expected: 'rds.force_ssl = 1', found: '0' }),
      expect.objectContaining({
        logicalId: 'MyParams',
        propertyPath: 'Properties.Parameters.require_secure_transport',
        expected: 'require_secure_transport = ON or 1',
        found: 'OFF',
      }),
      expect.objectContaining({
        logicalId: 'External',
        propertyPath: 'Properties.DBParameterGroupName',
        found: 'my-existing-group',
        note: expect.stringContaining('cannot be read'),
      }),
    ]);
  });

  test('S2-02 transit-tls accepts the default parameter group of PostgreSQL 15+ (rds.force_ssl defaults to 1), not of PostgreSQL 14; the lowest TLS version of a default group is not shown', () => {
    // GIVEN
    const view = fixture({ Pg17: database(), Pg14: database({ EngineVersion: '14.12' }), MariaDb: database({ Engine: 'mariadb', EngineVersion: '10.11' }) });

    // WHEN
    const facts = runVerifier(transitTls, [view], TLS_1_2);

    // THEN
    expect(facts).toContainEqual(expect.objectContaining({ logicalId: 'Pg17', satisfied: true, note: expect.stringContaining('PostgreSQL 15 and later') }));
    expect(failing(facts)).toEqual([
      expect.objectContaining({ logicalId: 'Pg17', expected: 'ssl_min_protocol_version admitting TLS 1.2 or newer only', note: expect.stringContaining('does not show') }),
      expect.objectContaining({ logicalId: 'Pg14', propertyPath: 'Properties.DBParameterGroupName', expected: 'rds.force_ssl = 1', found: '(absent)' }),
      expect.objectContaining({ logicalId: 'Pg14', expected: 'ssl_min_protocol_version admitting TLS 1.2 or newer only' }),
      expect.objectContaining({ logicalId: 'MariaDb', expected: 'require_secure_transport = ON or 1', found: '(absent)' }),
      expect.objectContaining({ logicalId: 'MariaDb', expected: 'tls_version admitting TLS 1.2 or newer only' }),
    ]);
  });

  test('S2-02 transit-tls reads ssl_min_protocol_version and tls_version: TLSv1 and a list admitting TLSv1.1 fail, TLS 1.2 fails a 1.3 claim; MySQL 8 needs no tls_version for 1.2', () => {
    // GIVEN databases that force TLS but admit old versions (issue 19 item 7)
    const view = fixture({
      Old: database({ DBParameterGroupName: { Ref: 'OldParams' } }),
      OldParams: { Type: 'AWS::RDS::DBParameterGroup', Properties: { Family: 'postgres16', Parameters: { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1' } } },
      Good: database({ DBParameterGroupName: { Ref: 'GoodParams' } }),
      GoodParams: { Type: 'AWS::RDS::DBParameterGroup', Properties: { Family: 'postgres16', Parameters: { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2' } } },
      My: database({ Engine: 'mysql', EngineVersion: '8.0.39', DBParameterGroupName: { Ref: 'MyParams' } }),
      MyParams: { Type: 'AWS::RDS::DBParameterGroup', Properties: { Family: 'mysql8.0', Parameters: { require_secure_transport: 'ON' } } },
      Maria: database({ Engine: 'mariadb', EngineVersion: '10.11', DBParameterGroupName: { Ref: 'MariaParams' } }),
      MariaParams: { Type: 'AWS::RDS::DBParameterGroup', Properties: { Family: 'mariadb10.11', Parameters: { require_secure_transport: 'ON', tls_version: 'TLSv1.1,TLSv1.2' } } },
    });

    // WHEN
    const at12 = runVerifier(transitTls, [view], TLS_1_2);
    const at13 = runVerifier(transitTls, [view], { minimumTlsVersion: '1.3' });

    // THEN
    expect(failing(at12)).toEqual([
      expect.objectContaining({ logicalId: 'OldParams', propertyPath: 'Properties.Parameters.ssl_min_protocol_version', found: 'TLSv1', note: 'admits TLS 1.0' }),
      expect.objectContaining({ logicalId: 'MariaParams', propertyPath: 'Properties.Parameters.tls_version', note: 'admits TLS 1.1' }),
    ]);
    expect(failing(at13).map((f) => f.logicalId)).toEqual(expect.arrayContaining(['OldParams', 'GoodParams', 'MyParams', 'MariaParams']));
  });

  test('S2-02 transit-tls fails when nothing carries data in transit', () => {
    // WHEN
    const facts = runVerifier(transitTls, [fixture({})], TLS_1_2);

    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({ found: '(none)', expected: 'data in transit over TLS 1.2+' })]);
  });

  test('S2-02 transit-tls proves API Gateway domains, search domains and caches that require TLS 1.2+, and fails the ones that do not', () => {
    // GIVEN one compliant and one weak resource of each service
    const view = fixture({
      Api: { Type: 'AWS::ApiGateway::DomainName', Properties: { DomainName: 'api.example.com', SecurityPolicy: 'TLS_1_2' } },
      Strict: { Type: 'AWS::ApiGateway::DomainName', Properties: { DomainName: 'b.example.com', SecurityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09' } },
      LegacyApi: { Type: 'AWS::ApiGateway::DomainName', Properties: { DomainName: 'old.example.com', SecurityPolicy: 'TLS_1_0' } },
      Unset: { Type: 'AWS::ApiGateway::DomainName', Properties: { DomainName: 'c.example.com' } },
      Http: { Type: 'AWS::ApiGatewayV2::DomainName', Properties: { DomainName: 'h.example.com', DomainNameConfigurations: [{ SecurityPolicy: 'TLS_1_2' }] } },
      Search: {
        Type: 'AWS::OpenSearchService::Domain',
        Properties: {
          DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10' },
          NodeToNodeEncryptionOptions: { Enabled: true },
        },
      },
      OpenSearch: { Type: 'AWS::OpenSearchService::Domain', Properties: {} },
      Cache: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { TransitEncryptionEnabled: true, TransitEncryptionMode: 'required' } },
      Preferred: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { TransitEncryptionEnabled: true, TransitEncryptionMode: 'preferred' } },
      PlainCache: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: {} },
    });

    // WHEN
    const facts = runVerifier(transitTls, [view], TLS_1_2);

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({ logicalId: 'LegacyApi', found: 'TLS_1_0', note: 'the policy accepts TLS 1.0' }),
      expect.objectContaining({ logicalId: 'Unset', found: '(absent)', note: expect.stringContaining('set SecurityPolicy') }),
      expect.objectContaining({ logicalId: 'OpenSearch', propertyPath: 'Properties.DomainEndpointOptions.EnforceHTTPS', found: '(absent)' }),
      expect.objectContaining({ logicalId: 'OpenSearch', propertyPath: 'Properties.DomainEndpointOptions.TLSSecurityPolicy', note: expect.stringContaining('Policy-Min-TLS-1-0-2019-07') }),
      expect.objectContaining({ logicalId: 'OpenSearch', propertyPath: 'Properties.NodeToNodeEncryptionOptions.Enabled', found: '(absent)' }),
      expect.objectContaining({ logicalId: 'Preferred', note: 'TransitEncryptionMode preferred also accepts plain-text connections' }),
      expect.objectContaining({ logicalId: 'PlainCache', found: '(absent)', note: expect.stringContaining('clients connect in plain text') }),
    ]);
    expect(facts.filter((f) => ['Api', 'Strict', 'Http', 'Search', 'Cache'].includes(f.logicalId!)).every((f) => f.satisfied)).toBe(true);
    expect(facts.find((f) => f.logicalId === 'Cache')?.note).toBe('ElastiCache chooses the TLS versions; no template property sets a floor');
  });

  test('S2-02 transit-tls under a TLS 1.3 minimum fails TLS 1.2 API and search policies, and an unknown enhanced policy', () => {
    // GIVEN
    const view = fixture({
      Api: { Type: 'AWS::ApiGateway::DomainName', Properties: { SecurityPolicy: 'TLS_1_2' } },
      Strict: { Type: 'AWS::ApiGateway::DomainName', Properties: { SecurityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09' } },
      Unknown: { Type: 'AWS::ApiGateway::DomainName', Properties: { SecurityPolicy: 'SecurityPolicy_Custom_2030' } },
      Search: {
        Type: 'AWS::Elasticsearch::Domain',
        Properties: { DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07' }, NodeToNodeEncryptionOptions: { Enabled: true } },
      },
    });

    // WHEN
    const facts = runVerifier(transitTls, [view], TLS_1_3);

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({ logicalId: 'Api', expected: 'a security policy accepting TLS 1.3 or newer only', note: 'the policy accepts TLS 1.2' }),
      expect.objectContaining({ logicalId: 'Unknown', note: '\'SecurityPolicy_Custom_2030\' is not a security policy whose floor the report knows' }),
      expect.objectContaining({ logicalId: 'Search', propertyPath: 'Properties.DomainEndpointOptions.TLSSecurityPolicy', note: 'the policy accepts TLS 1.2' }),
    ]);
  });
});

describe('tls-policies-current', () => {
  test('S2-04 tls-policies-current proves the listener, distribution and SFTP server use the library\'s current policy names', () => {
    // WHEN
    const facts = runVerifier(tlsPoliciesCurrent, [service]);

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts.map((f) => f.found).sort()).toEqual(
      [names.LOAD_BALANCER_TLS_1_2_POLICY, names.DISTRIBUTION_TLS_1_2_POLICY, names.SFTP_SECURITY_POLICY].sort());
  });

  test('S2-04 tls-policies-current fails an approved but older policy, an older CloudFront policy and a Transfer server on the default policy', () => {
    // GIVEN
    const view = fixture({
      Https: httpsListener({ SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06' }),
      Cdn: distribution({ ViewerCertificate: { AcmCertificateArn: SERVER_CERT, MinimumProtocolVersion: 'TLSv1.2_2025' } }),
      Sftp: { Type: 'AWS::Transfer::Server', Properties: { Protocols: ['SFTP'] } },
    });

    // WHEN
    const facts = runVerifier(tlsPoliciesCurrent, [view]);

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({
        logicalId: 'Https',
        expected: `${names.LOAD_BALANCER_TLS_1_2_POLICY} or ${names.LOAD_BALANCER_TLS_1_3_POLICY}`,
        found: 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
      }),
      expect.objectContaining({ logicalId: 'Cdn', expected: 'TLSv1.2_2021 or TLSv1.3_2025', found: 'TLSv1.2_2025' }),
      expect.objectContaining({
        logicalId: 'Sftp',
        expected: `${names.SFTP_SECURITY_POLICY} or ${names.SFTP_FIPS_SECURITY_POLICY}`,
        found: 'TransferSecurityPolicy-2018-11',
      }),
    ]);
  });

  test('S2-04 tls-policies-current with a TLS 1.3 expectation wants the TLS 1.3 names; with no endpoint it fails', () => {
    // WHEN
    const tls13 = runVerifier(tlsPoliciesCurrent, [service], TLS_1_3);
    const none = runVerifier(tlsPoliciesCurrent, [fixture({})]);

    // THEN
    expect(failing(tls13)).toEqual([
      expect.objectContaining({ expected: names.LOAD_BALANCER_TLS_1_3_POLICY, found: names.LOAD_BALANCER_TLS_1_2_POLICY }),
      expect.objectContaining({ expected: names.DISTRIBUTION_TLS_1_3_POLICY, found: names.DISTRIBUTION_TLS_1_2_POLICY }),
    ]);
    expect(failing(none)).toEqual([expect.objectContaining({ found: '(none)' })]);
  });
});

describe('keys-and-ciphers', () => {
  test('S1-02 keys-and-ciphers proves rotating keys, RSA-2048 certificates, the current SFTP policy and the edge policies', () => {
    // WHEN
    const facts = runVerifier(keysAndCiphers, [service]);

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts).toEqual(expect.arrayContaining([
      expect.objectContaining({ propertyPath: 'Properties.EnableKeyRotation', found: 'true' }),
      expect.objectContaining({ propertyPath: 'Properties.KeyAlgorithm', found: 'RSA_2048' }),
      expect.objectContaining({ propertyPath: 'Properties.SecurityPolicyName', found: names.SFTP_SECURITY_POLICY }),
    ]));
  });

  test('S1-02 keys-and-ciphers fails a key without rotation, a weak asymmetric key, a weak certificate and an old SFTP policy; an absent KeyAlgorithm is RSA_2048', () => {
    // GIVEN
    const view = fixture({
      Key: { Type: 'AWS::KMS::Key', Properties: {} },
      Hmac: { Type: 'AWS::KMS::Key', Properties: { KeySpec: 'HMAC_224' } },
      Rsa: { Type: 'AWS::KMS::Key', Properties: { KeySpec: 'RSA_4096' } },
      Weak: { Type: 'AWS::CertificateManager::Certificate', Properties: { DomainName: 'a.example.com', KeyAlgorithm: 'RSA_1024' } },
      Default: { Type: 'AWS::CertificateManager::Certificate', Properties: { DomainName: 'b.example.com' } },
      Sftp: { Type: 'AWS::Transfer::Server', Properties: { SecurityPolicyName: 'TransferSecurityPolicy-2020-06' } },
    });

    // WHEN
    const facts = runVerifier(keysAndCiphers, [view]);

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({ logicalId: 'Key', propertyPath: 'Properties.EnableKeyRotation', expected: 'true', found: '(absent)' }),
      expect.objectContaining({ logicalId: 'Hmac', propertyPath: 'Properties.KeySpec', found: 'HMAC_224' }),
      expect.objectContaining({ logicalId: 'Weak', expected: 'RSA_2048 or stronger', found: 'RSA_1024' }),
      expect.objectContaining({ logicalId: 'Sftp', found: 'TransferSecurityPolicy-2020-06' }),
    ]);
    expect(facts).toContainEqual(expect.objectContaining({ logicalId: 'Default', found: 'RSA_2048', satisfied: true, note: 'absent: CloudFormation\'s default is RSA_2048' }));
  });

  test('S1-02 keys-and-ciphers fails with no KMS key at all', () => {
    // WHEN
    const facts = runVerifier(keysAndCiphers, [fixture({})]);

    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({ propertyPath: 'Resources[Type=AWS::KMS::Key]', found: '(none)' })]);
  });
});

describe('network-restricted', () => {
  test('S2-07 S4-09 network-restricted proves 443 and a redirect-only 80 at the edge, a private database and isolated subnets', () => {
    // WHEN
    const facts = runVerifier(networkRestricted, [service]);

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts).toEqual(expect.arrayContaining([
      expect.objectContaining({ found: 'tcp 443 from 0.0.0.0/0' }),
      expect.objectContaining({ found: 'tcp 80 from 0.0.0.0/0', note: expect.stringMatching(/only redirects to HTTPS/) }),
      expect.objectContaining({ propertyPath: 'Properties.PubliclyAccessible', found: 'false' }),
      expect.objectContaining({ propertyPath: 'Properties.DBSubnetGroupName', found: expect.stringMatching(/^NetworkDataSubnet1\w+: private/) }),
    ]));
  });

  test('S2-07 network-restricted fails SSH open to the internet, and port 80 of a load balancer that forwards plain HTTP', () => {
    // GIVEN
    const view = fixture({
      ...VPC_RESOURCES,
      Ssh: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: { GroupDescription: 'ssh', VpcId: { Ref: 'Vpc' }, SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv6: '::/0' }] },
      },
      LbGroup: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'lb', VpcId: { Ref: 'Vpc' } } },
      Http: {
        Type: 'AWS::EC2::SecurityGroupIngress',
        Properties: {
          GroupId: { 'Fn::GetAtt': ['LbGroup', 'GroupId'] },
          IpProtocol: 'tcp',
          FromPort: 80,
          ToPort: 80,
          CidrIp: '0.0.0.0/0',
        },
      },
      Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { SecurityGroups: [{ 'Fn::GetAtt': ['LbGroup', 'GroupId'] }] } },
      Plain: httpListener([FORWARD]),
    });

    // WHEN
    const facts = runVerifier(networkRestricted, [view]);

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({
        logicalId: 'Ssh',
        propertyPath: 'Properties.SecurityGroupIngress.0',
        expected: 'from 0.0.0.0/0 or ::/0 only TCP 443 (or TCP 80 that only redirects to HTTPS)',
        found: 'tcp 22 from ::/0',
      }),
      expect.objectContaining({ logicalId: 'Http', found: 'tcp 80 from 0.0.0.0/0', note: 'listener Plain on port 80 does more than redirect to HTTPS' }),
    ]);
  });

  test('S2-07 network-restricted fails a database of unknown public access in a public subnet, and a VPC without private subnets', () => {
    // GIVEN
    const publicOnly = Object.fromEntries(Object.entries(VPC_RESOURCES).filter(([id]) => id !== 'DataSubnet'));
    const view = fixture({ ...publicOnly, DbGroup: { Type: 'AWS::EC2::SecurityGroup', Properties: {} }, Db: database({ PubliclyAccessible: undefined }), Subnets: subnetGroup('PublicSubnet') });

    // WHEN
    const facts = runVerifier(networkRestricted, [view]);

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({ logicalId: 'Db', propertyPath: 'Properties.PubliclyAccessible', expected: 'false', found: '(absent)' }),
      expect.objectContaining({ logicalId: 'Vpc', found: '0 of 1 subnets private or isolated' }),
      expect.objectContaining({ logicalId: 'Db', propertyPath: 'Properties.DBSubnetGroupName', found: 'PublicSubnet: public (MapPublicIpOnLaunch true)' }),
    ]);
  });

  test('S2-07 network-restricted passes a database in the isolated subnet and fails when there is no VPC at all', () => {
    // WHEN
    const isolated = runVerifier(networkRestricted, [fixture({ ...VPC_RESOURCES, DbGroup: { Type: 'AWS::EC2::SecurityGroup', Properties: {} }, Db: database(), Subnets: subnetGroup('DataSubnet') })]);
    const none = runVerifier(networkRestricted, [fixture({})]);

    // THEN
    expect(proves(isolated)).toBe(true);
    expect(failing(none)).toEqual([
      expect.objectContaining({ expected: expect.stringContaining('at least one firewall'), found: '(none)' }),
      expect.objectContaining({ propertyPath: 'Resources[Type=AWS::EC2::VPC]', found: '(none)' }),
    ]);
  });
});

describe('waf-ddos', () => {
  test('S2-08 waf-ddos proves the web ACLs of both edges: rate limit, AWS managed rules, associated', () => {
    // WHEN
    const facts = runVerifier(wafDdos, [service]);

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts.filter((f) => f.propertyPath === 'Resources[Type=AWS::WAFv2::WebACLAssociation]').map((f) => f.found)).toEqual([
      expect.stringMatching(/^AWS::ElasticLoadBalancingV2::LoadBalancer Edge/),
      expect.stringMatching(/^AWS::CloudFront::Distribution Cdn/),
    ]);
  });

  test('S2-08 waf-ddos fails a web ACL whose rate rule only counts, whose managed rules are overridden to count, and that protects nothing', () => {
    // GIVEN
    const view = fixture({ Acl: webAcl([{ ...RATE_RULE, Action: { Count: {} } }, { ...MANAGED_RULE, OverrideAction: { Count: {} } }]) });

    // WHEN
    const facts = runVerifier(wafDdos, [view]);

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({ propertyPath: 'Properties.Rules[RateBasedStatement]', expected: 'a rate-based rule that blocks', found: '(none)' }),
      expect.objectContaining({ propertyPath: 'Properties.Rules[ManagedRuleGroupStatement]', expected: '>= 1 AWS managed rule group, enforced', found: '(none)' }),
      expect.objectContaining({ propertyPath: 'Resources[Type=AWS::WAFv2::WebACLAssociation]', found: '(none)' }),
    ]);
  });

  test('S2-08 waf-ddos fails an internet-facing load balancer with no web ACL in front of it, next to one that has', () => {
    // GIVEN: the service's edges, plus a second public load balancer without association
    const view = viewOfTemplate({
      ...service.template,
      Resources: {
        ...service.template.Resources,
        Naked: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internet-facing', Type: 'application' } },
        Internal: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internal' } },
      },
    }, { id: service.id });

    // WHEN
    const facts = runVerifier(wafDdos, [view]);

    // THEN: the internal one is not a front door
    expect(failing(facts)).toEqual([expect.objectContaining({
      logicalId: 'Naked', expected: 'an internet-facing front door behind a web ACL', found: '(absent)', note: 'no web ACL in front of it',
    })]);
  });

  test('S2-08 waf-ddos follows a distribution in another stack through an export, and notes Shield Advanced', () => {
    // GIVEN
    const firewall = viewOfTemplate({
      Resources: {
        Acl: webAcl([RATE_RULE, MANAGED_RULE]),
        Shield: { Type: 'AWS::Shield::Protection', Properties: { Name: 'cdn', ResourceArn: 'arn:aws:cloudfront::123456789012:distribution/E1' } },
      },
      Outputs: { AclArn: { Value: arn('Acl'), Export: { Name: 'Firewall:AclArn' } } },
    }, { id: 'Firewall' });
    const cdn = viewOfTemplate({ Resources: { Cdn: distribution({ WebACLId: { 'Fn::ImportValue': 'Firewall:AclArn' } }) } }, { id: 'Cdn' });

    // WHEN
    const facts = runVerifier(wafDdos, [firewall], {}, { others: [cdn] });

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts).toContainEqual(expect.objectContaining({
      found: 'AWS::CloudFront::Distribution Cdn',
      note: 'Shield Advanced protects arn:aws:cloudfront::123456789012:distribution/E1',
    }));
  });

  test('S2-08 waf-ddos fails with no web ACL', () => {
    // WHEN
    const facts = runVerifier(wafDdos, [fixture({})]);

    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({ propertyPath: 'Resources[Type=AWS::WAFv2::WebACL]', found: '(none)' })]);
  });
});

describe('cdn-waf', () => {
  test('S4-05 cdn-waf proves the distribution has its web ACL and TLSv1.2_2021', () => {
    // WHEN
    const facts = runVerifier(cdnWaf, [service], TLS_1_2);

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts).toEqual([
      expect.objectContaining({ propertyPath: 'Properties.DistributionConfig.WebACLId', found: expect.stringMatching(/CdnFirewall\w+/) }),
      expect.objectContaining({ propertyPath: 'Properties.DistributionConfig.ViewerCertificate.MinimumProtocolVersion', found: 'TLSv1.2_2021' }),
    ]);
  });

  test('S4-05 cdn-waf fails a distribution without web ACL and with an old TLS policy; a literal WAFv2 ARN is accepted', () => {
    // GIVEN
    const view = fixture({
      Bare: distribution({ WebACLId: undefined, ViewerCertificate: { AcmCertificateArn: SERVER_CERT, MinimumProtocolVersion: 'TLSv1.1_2016' } }),
      Shared: distribution({ WebACLId: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/shared/abc' }),
    });

    // WHEN
    const facts = runVerifier(cdnWaf, [view], TLS_1_2);

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({ logicalId: 'Bare', propertyPath: 'Properties.DistributionConfig.WebACLId', expected: 'a WAFv2 web ACL (scope CLOUDFRONT)', found: '(absent)' }),
      expect.objectContaining({ logicalId: 'Bare', expected: 'TLSv1.2_2021 or TLSv1.2_2025 or TLSv1.3_2025', found: 'TLSv1.1_2016' }),
    ]);
  });

  test('S4-05 cdn-waf fails with no distribution', () => {
    // WHEN
    const facts = runVerifier(cdnWaf, [fixture({})], TLS_1_2);

    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({ propertyPath: 'Resources[Type=AWS::CloudFront::Distribution]', found: '(none)' })]);
  });
});

describe('admin-vpn', () => {
  test('S2-09 admin-vpn proves the mutual-TLS Client VPN with connection logs, and the change roles restricted to the VPN\'s VPC', () => {
    // WHEN
    const facts = runVerifier(adminVpn, [service]);

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts).toEqual(expect.arrayContaining([
      expect.objectContaining({ propertyPath: 'Properties.AuthenticationOptions', found: 'certificate-authentication' }),
      expect.objectContaining({ propertyPath: 'Properties.ConnectionLogOptions.Enabled', found: 'true' }),
      expect.objectContaining({
        logicalId: expect.stringMatching(/^AccessAdministrator/),
        found: expect.stringMatching(/^StringNotEqualsIfExists aws:SourceVpc \$\{Network/),
        note: expect.stringContaining('aws:SourceVpc names the Client VPN endpoint\'s VPC'),
      }),
      expect.objectContaining({ logicalId: expect.stringMatching(/^AccessDeveloper/), satisfied: true }),
    ]));
  });

  test('S2-09 admin-vpn fails a VPN with directory authentication and no logs, and an administrator role without source restriction', () => {
    // GIVEN
    const view = fixture({
      Vpn: {
        Type: 'AWS::EC2::ClientVpnEndpoint',
        Properties: {
          AuthenticationOptions: [{ Type: 'directory-service-authentication', ActiveDirectory: { DirectoryId: 'd-123' } }],
          ConnectionLogOptions: { Enabled: false },
        },
      },
      Admin: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {},
          ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AdministratorAccess']] }],
        },
      },
    });

    // WHEN
    const facts = runVerifier(adminVpn, [view]);

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({ logicalId: 'Vpn', propertyPath: 'Properties.AuthenticationOptions', found: 'directory-service-authentication' }),
      expect.objectContaining({ logicalId: 'Vpn', propertyPath: 'Properties.ConnectionLogOptions.Enabled', expected: 'true', found: 'false' }),
      expect.objectContaining({ logicalId: 'Admin', found: '(no source restriction)' }),
    ]);
  });

  test('S2-09 admin-vpn accepts an inline aws:SourceIp restriction, and fails with no VPN and no change role at all', () => {
    // GIVEN
    const restricted = fixture({
      Vpn: {
        Type: 'AWS::EC2::ClientVpnEndpoint',
        Properties: {
          AuthenticationOptions: [{ Type: 'federated-authentication', FederatedAuthentication: { SAMLProviderArn: 'arn:aws:iam::123456789012:saml-provider/x' } }],
          ConnectionLogOptions: { Enabled: true, CloudwatchLogGroup: 'vpn' },
        },
      },
      Deployer: {
        Type: 'AWS::IAM::Role',
        Properties: {
          ManagedPolicyArns: ['arn:aws:iam::aws:policy/PowerUserAccess'],
          Policies: [{
            PolicyName: 'source',
            PolicyDocument: {
              Statement: [{
                Effect: 'Deny', NotAction: ['sts:GetCallerIdentity'], Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } },
              }],
            },
          }],
        },
      },
    });

    // WHEN
    const facts = runVerifier(adminVpn, [restricted]);
    const none = runVerifier(adminVpn, [fixture({})]);

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts).toContainEqual(expect.objectContaining({
      logicalId: 'Deployer',
      propertyPath: 'Properties.Policies.0.PolicyDocument.Statement.0.Condition',
      found: 'NotIpAddress aws:SourceIp 203.0.113.0/24',
    }));
    expect(failing(none)).toEqual([
      expect.objectContaining({ propertyPath: 'Resources[Type=AWS::EC2::ClientVpnEndpoint]', found: '(none)' }),
      expect.objectContaining({ propertyPath: 'Resources[Type=AWS::IAM::Role with AdministratorAccess, PowerUserAccess or an Allow of * on *]', found: '(none)' }),
    ]);
  });

  test('S2-09 admin-vpn fails a source restriction narrowed by another condition (conditions are ANDed), and keeps the aws:ViaAWSService exemption', () => {
    // GIVEN a deployer role denied changes from outside the admin IPs, unless AWS services act for it, with and without an exemption of its own
    const deployer = (condition: Record<string, any>) => fixture({
      Deployer: {
        Type: 'AWS::IAM::Role',
        Properties: {
          ManagedPolicyArns: ['arn:aws:iam::aws:policy/PowerUserAccess'],
          Policies: [{ PolicyName: 'source', PolicyDocument: { Statement: [{ Effect: 'Deny', NotAction: ['sts:GetCallerIdentity'], Resource: '*', Condition: condition }] } }],
        },
      },
    });
    const source = { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] }, Bool: { 'aws:ViaAWSService': 'false' } };

    // WHEN
    const compliant = runVerifier(adminVpn, [deployer(source)]);
    const exempted = runVerifier(adminVpn, [deployer({ ...source, ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' } })]);

    // THEN
    expect(compliant).toContainEqual(expect.objectContaining({ logicalId: 'Deployer', found: 'NotIpAddress aws:SourceIp 203.0.113.0/24', satisfied: true }));
    expect(failing(exempted)).toContainEqual(expect.objectContaining({
      logicalId: 'Deployer',
      found: 'NotIpAddress aws:SourceIp 203.0.113.0/24; only when ArnNotLike aws:PrincipalArn',
      note: 'the Deny applies only when ArnNotLike aws:PrincipalArn also holds: other requests change the account from anywhere',
    }));
  });

  test.each([
    ['the CIDR 0.0.0.0/0', { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '0.0.0.0/0'] } }, 'NotIpAddress aws:SourceIp 0.0.0.0/0'],
    ['the CIDR ::/0', { NotIpAddressIfExists: { 'aws:SourceIp': '::/0' } }, 'NotIpAddressIfExists aws:SourceIp ::/0'],
    ['the pattern vpc-*', { StringNotLike: { 'aws:SourceVpc': 'vpc-*' } }, 'StringNotLike aws:SourceVpc vpc-*'],
    ['the pattern *', { StringNotLikeIfExists: { 'aws:SourceVpce': '*' } }, 'StringNotLikeIfExists aws:SourceVpce *'],
  ])('S2-09 admin-vpn fails a source restriction naming %s, which matches every source', (_title, condition, wide) => {
    // GIVEN
    const view = fixture({
      Deployer: {
        Type: 'AWS::IAM::Role',
        Properties: {
          ManagedPolicyArns: ['arn:aws:iam::aws:policy/PowerUserAccess'],
          Policies: [{ PolicyName: 'source', PolicyDocument: { Statement: [{ Effect: 'Deny', NotAction: ['sts:GetCallerIdentity'], Resource: '*', Condition: condition }] } }],
        },
      },
    });

    // WHEN
    const facts = runVerifier(adminVpn, [view]);

    // THEN
    expect(failing(facts)).toContainEqual(expect.objectContaining({
      logicalId: 'Deployer', note: `${wide} matches every source, so the Deny denies no request that names one`,
    }));
  });

  test('S2-09 admin-vpn accepts a pattern naming one VPC and checks an administrator made by hand (Allow * on *)', () => {
    // GIVEN a hand-made administrator without source restriction, and one restricted by a specific VPC pattern
    const role = (statements: any[]) => ({
      Type: 'AWS::IAM::Role',
      Properties: { AssumeRolePolicyDocument: {}, Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: statements } }] },
    });
    const everything = { Effect: 'Allow', Action: '*', Resource: '*' };
    const view = fixture({
      HandMade: role([everything]),
      Restricted: role([everything, { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotLike: { 'aws:SourceVpc': 'vpc-0abc*' } } }]),
      Reader: role([{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }]),
    });

    // WHEN
    const facts = runVerifier(adminVpn, [view]);

    // THEN
    expect(failing(facts)).toContainEqual(expect.objectContaining({ logicalId: 'HandMade', found: '(no source restriction)' }));
    expect(facts).toContainEqual(expect.objectContaining({ logicalId: 'Restricted', found: 'StringNotLike aws:SourceVpc vpc-0abc*', satisfied: true }));
    expect(facts.some((f) => f.logicalId === 'Reader')).toBe(false);
  });
});
