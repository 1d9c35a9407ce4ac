// Issue 19 item 3: S2-07 enumerates every internet-facing endpoint type with its ports; an endpoint the promise does not name is VIOLATED.
import { PolicyRecord, StackView } from '../../../lib/evidence/model';
import { ENDPOINT_VERIFIERS, internetEndpoints } from '../../../lib/evidence/verifiers/endpoints';
import { NETWORK_VERIFIERS } from '../../../lib/evidence/verifiers/network';
import { failing, proves, runVerifier, viewOfTemplate } from '../helpers';

const verifier = ENDPOINT_VERIFIERS['internet-endpoints'];

const POLICY: PolicyRecord = {
  version: 1, policy: 'Fixture/Policy', securityContact: 'security@example.com', region: 'us-east-1', allowedAccounts: [], dataClasses: [], claims: [],
};

/** A template whose policy records the given claims. */
function fixture(resources: Record<string, any>, claims: string[] = ['S2-07']): StackView {
  return viewOfTemplate({
    Metadata: { 'cdk-data-protection': { ...POLICY, claims: claims.map((id) => ({ id, text: id, expected: [] })) } },
    Resources: resources,
  });
}

const LB = { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internet-facing', Type: 'application' } };
const HTTPS = { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: { Ref: 'Lb' }, Port: 443, Protocol: 'HTTPS' } };
const REDIRECT = {
  Type: 'AWS::ElasticLoadBalancingV2::Listener',
  Properties: { LoadBalancerArn: { Ref: 'Lb' }, Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443' } }] },
};
const VPN = { Type: 'AWS::EC2::ClientVpnEndpoint', Properties: { TransportProtocol: 'tcp', VpnPort: 443 } };

describe('internet-endpoints', () => {
  test('S2-07 proves a load balancer serving HTTPS on 443 and redirecting 80, and names its ports', () => {
    // GIVEN
    const stack = fixture({ Lb: LB, Https: HTTPS, Http: REDIRECT });

    // WHEN
    const facts = runVerifier(verifier, [stack], { reachable: 'load balancer' }, { claimId: 'S2-07' });

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts).toEqual([expect.objectContaining({ logicalId: 'Lb', found: 'load balancer on TCP 443 (HTTPS), TCP 80 (redirect to HTTPS only)' })]);
  });

  test('S2-07 fails the Client VPN endpoint the promise does not name, and proves it when the page promises changes through a VPN (S2-09)', () => {
    // GIVEN the reference app's admin VPN next to the load balancer (the defect of issue 19 item 3)
    const resources = { Lb: LB, Https: HTTPS, Vpn: VPN };

    // WHEN
    const alone = runVerifier(verifier, [fixture(resources)], {}, { claimId: 'S2-07' });
    const withVpnPromise = runVerifier(verifier, [fixture(resources, ['S2-07', 'S2-09'])], { reachable: 'load balancer,Client VPN endpoint' }, { claimId: 'S2-07' });

    // THEN
    expect(failing(alone)).toEqual([expect.objectContaining({ logicalId: 'Vpn', found: 'Client VPN endpoint on TCP 443 (VPN)', note: expect.stringContaining('names only load balancer') })]);
    expect(proves(withVpnPromise)).toBe(true);
  });

  test.each([
    ['a Transfer server with a public endpoint', { Type: 'AWS::Transfer::Server', Properties: { Protocols: ['SFTP'] } }, 'Transfer Family server on TCP 22 (SFTP)'],
    ['a VPC Transfer server with Elastic IPs', { Type: 'AWS::Transfer::Server', Properties: { EndpointType: 'VPC', EndpointDetails: { AddressAllocationIds: ['eipalloc-1'] } } }, 'Transfer Family server on TCP 22 (SFTP)'],
    ['a regional REST API', { Type: 'AWS::ApiGateway::RestApi', Properties: { EndpointConfiguration: { Types: ['REGIONAL'] } } }, 'API Gateway REST API on TCP 443 (HTTPS)'],
    ['an HTTP API', { Type: 'AWS::ApiGatewayV2::Api', Properties: { ProtocolType: 'HTTP' } }, 'API Gateway HTTP API on TCP 443 (HTTPS/WSS)'],
    ['a WebSocket API', { Type: 'AWS::ApiGatewayV2::Api', Properties: { ProtocolType: 'WEBSOCKET' } }, 'API Gateway WebSocket API on TCP 443 (HTTPS/WSS)'],
    ['a Lambda function URL', { Type: 'AWS::Lambda::Url', Properties: { AuthType: 'NONE' } }, 'Lambda function URL on TCP 443 (HTTPS)'],
    ['a website bucket', { Type: 'AWS::S3::Bucket', Properties: { WebsiteConfiguration: { IndexDocument: 'index.html' } } }, 'S3 website endpoint on TCP 80 (HTTP)'],
    ['a publicly accessible database', { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', PubliclyAccessible: true } }, 'publicly accessible database on TCP 5432'],
    ['a publicly accessible Redshift cluster', { Type: 'AWS::Redshift::Cluster', Properties: { PubliclyAccessible: true } }, 'publicly accessible database on TCP 5439'],
    ['a search domain outside a VPC', { Type: 'AWS::OpenSearchService::Domain', Properties: {} }, 'public search domain on TCP 443 (HTTPS)'],
    ['an instance with a public IP', { Type: 'AWS::EC2::Instance', Properties: { NetworkInterfaces: [{ AssociatePublicIpAddress: true, DeviceIndex: '0' }] } }, 'EC2 instance with a public IP address on the ports its security groups admit'],
    ['a CloudFront distribution', { Type: 'AWS::CloudFront::Distribution', Properties: { DistributionConfig: { DefaultCacheBehavior: { ViewerProtocolPolicy: 'allow-all' } } } }, 'CloudFront distribution on TCP 443 (HTTPS), TCP 80 (HTTP)'],
  ])('S2-07 fails %s next to the load balancer: the promise does not name it', (_name, resource, found) => {
    // GIVEN
    const stack = fixture({ Lb: LB, Https: HTTPS, Extra: resource });

    // WHEN
    const facts = runVerifier(verifier, [stack], {}, { claimId: 'S2-07' });

    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({ logicalId: 'Extra', found, satisfied: false })]);
  });

  test('S2-07 ignores what the internet cannot reach: an internal load balancer, a private REST API, a VPC Transfer server without IPs, a private database, a public bucket blocked by its access block', () => {
    // GIVEN
    const stack = fixture({
      Lb: LB,
      Https: HTTPS,
      Internal: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internal' } },
      Private: { Type: 'AWS::ApiGateway::RestApi', Properties: { EndpointConfiguration: { Types: ['PRIVATE'] } } },
      Sftp: { Type: 'AWS::Transfer::Server', Properties: { EndpointType: 'VPC', EndpointDetails: { VpcId: 'vpc-1' } } },
      Db: { Type: 'AWS::RDS::DBInstance', Properties: { PubliclyAccessible: false } },
      Blocked: { Type: 'AWS::S3::Bucket', Properties: { PublicAccessBlockConfiguration: { BlockPublicPolicy: true, RestrictPublicBuckets: true } } },
      BlockedPolicy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Blocked' }, PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }] } } },
    });

    // WHEN
    const endpoints = internetEndpoints([stack]);

    // THEN
    expect(endpoints.map((e) => e.resource.logicalId)).toEqual(['Lb']);
  });

  test('S2-07 fails a load balancer listening on another port, a public bucket policy, a promise naming a load balancer the templates lack, and a recorded list the promise does not make', () => {
    // GIVEN
    const plain = { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: { Ref: 'Lb' }, Port: 8080, Protocol: 'HTTP' } };
    const open = fixture({
      Lb: LB,
      Https: HTTPS,
      Plain: plain,
      Bucket: { Type: 'AWS::S3::Bucket', Properties: {} },
      Policy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Bucket' }, PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: '*' }] } } },
    });

    // WHEN
    const facts = runVerifier(verifier, [open], { reachable: 'load balancer,Client VPN endpoint' }, { claimId: 'S2-07' });
    const empty = runVerifier(verifier, [fixture({})], {}, { claimId: 'S2-07' });

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({ propertyPath: 'Metadata.cdk-data-protection.claims[S2-07].expected.reachable', found: 'load balancer,Client VPN endpoint' }),
      expect.objectContaining({ logicalId: 'Lb', found: 'load balancer on TCP 443 (HTTPS), HTTP 8080' }),
      expect.objectContaining({ logicalId: 'Bucket', found: 'public S3 bucket on TCP 443 (HTTPS) and TCP 80 (HTTP)', note: expect.stringContaining('to every principal') }),
    ]);
    expect(failing(empty)).toEqual([expect.objectContaining({ found: '(none)', note: 'the promise names a load balancer, and the templates hold none' })]);
  });
});

describe('network-restricted firewalls', () => {
  test('S4-09 fails "firewalls restrict the network" when the templates hold no security group, network ACL or associated web ACL, and names them when they do', () => {
    // GIVEN
    const bare = fixture({ Vpc: { Type: 'AWS::EC2::VPC', Properties: {} } }, ['S4-09']);
    const guarded = fixture({ Group: { Type: 'AWS::EC2::SecurityGroup', Properties: { SecurityGroupIngress: [] } }, Acl: { Type: 'AWS::EC2::NetworkAcl', Properties: {} } }, ['S4-09']);

    // WHEN
    const without = runVerifier(NETWORK_VERIFIERS['network-restricted'], [bare], {}, { claimId: 'S4-09' });
    const withFirewalls = runVerifier(NETWORK_VERIFIERS['network-restricted'], [guarded], {}, { claimId: 'S4-09' });

    // THEN
    expect(failing(without)).toContainEqual(expect.objectContaining({ expected: expect.stringContaining('at least one firewall'), found: '(none)' }));
    expect(withFirewalls).toContainEqual(expect.objectContaining({ found: '1 security group(s), 1 network ACL(s)', satisfied: true }));
  });
});
