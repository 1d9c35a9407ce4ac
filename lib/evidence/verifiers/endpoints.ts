import { Fact, ResourceView, StackView, Verifier } from '../model';
import { fact, isTrue, listOf, numberOf, refTarget, show, statementsOf } from '../query';

/*
 * S2-07: what is reachable from the internet. Every internet-facing endpoint of the templates,
 * by type and port, each one a fact; an endpoint the promise does not name is VIOLATED.
 */

/** One endpoint the internet can reach: what it is, on which ports, and where the template says so. */
export interface InternetEndpoint {
  readonly resource: ResourceView;
  /** What the endpoint is, as the promise names it: `load balancer`, `Client VPN endpoint`, ... */
  readonly kind: string;
  /** The ports, in words: `TCP 443 (HTTPS), TCP 80 (redirect to HTTPS only)`. */
  readonly ports: string;
  /** The property that makes it internet-facing. */
  readonly propertyPath: string;
  /** Whether every port is one the promise allows for this kind (HTTPS, or HTTP that only redirects). */
  readonly httpsOnly: boolean;
  readonly note?: string;
}

/** The kinds a promise may name, as the S2-07 claim records them in `reachable`. */
export const LOAD_BALANCER = 'load balancer';
export const CLIENT_VPN = 'Client VPN endpoint';
export const DISTRIBUTION = 'CloudFront distribution';

/** Default ports of engines whose instances may be publicly accessible. */
const ENGINE_PORTS: Array<[RegExp, number]> = [[/postgres/, 5432], [/mysql|mariadb|aurora$/, 3306], [/oracle/, 1521], [/sqlserver/, 1433]];

/** The ports of Transfer Family protocols. */
const TRANSFER_PORTS: Record<string, string> = { SFTP: 'TCP 22 (SFTP)', FTPS: 'TCP 21 and passive ports (FTPS)', FTP: 'TCP 21 and passive ports (FTP)', AS2: 'TCP 443 (AS2)' };

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Whether every action only redirects to HTTPS. */
function onlyRedirectsToHttps(actions: unknown): boolean {
  const list = listOf(actions as any[]);
  return list.length > 0 && list.every((a: any) => a?.Type === 'redirect' && text(a?.RedirectConfig?.Protocol)?.toUpperCase() === 'HTTPS');
}

/** The load balancer's listeners and what each port serves. */
function loadBalancerPorts(stack: StackView, lb: ResourceView): { ports: string; httpsOnly: boolean } {
  const listeners = stack.resources.filter((r) => r.type === 'AWS::ElasticLoadBalancingV2::Listener' && refTarget(r.properties.LoadBalancerArn) === lb.logicalId);
  if (listeners.length === 0) {
    return { ports: '(no listener)', httpsOnly: true };
  }
  let httpsOnly = true;
  const ports = listeners.map((l) => {
    const protocol = text(l.properties.Protocol)?.toUpperCase() ?? show(l.properties.Protocol);
    const port = show(l.properties.Port);
    const rules = stack.resources.filter((r) => r.type === 'AWS::ElasticLoadBalancingV2::ListenerRule' && refTarget(r.properties.ListenerArn) === l.logicalId);
    if ((protocol === 'HTTPS' || protocol === 'TLS') && numberOf(l.properties.Port) === 443) {
      return `TCP 443 (${protocol})`;
    }
    if (protocol === 'HTTP' && onlyRedirectsToHttps(l.properties.DefaultActions) && rules.every((r) => onlyRedirectsToHttps(r.properties.Actions))) {
      return `TCP ${port} (redirect to HTTPS only)`;
    }
    httpsOnly = false;
    return `${protocol} ${port}`;
  });
  return { ports: ports.join(', '), httpsOnly };
}

/** Whether a bucket policy lets everyone read or write without a condition (and no public access block stops it). */
function publicBucketGrant(stack: StackView, bucket: ResourceView): string | undefined {
  const block = bucket.properties.PublicAccessBlockConfiguration;
  if (isTrue(block?.RestrictPublicBuckets) || isTrue(block?.BlockPublicPolicy)) {
    return undefined;
  }
  for (const policy of stack.resources.filter((r) => r.type === 'AWS::S3::BucketPolicy' && refTarget(r.properties.Bucket) === bucket.logicalId)) {
    for (const st of statementsOf(policy.properties.PolicyDocument)) {
      const principal = st.Principal;
      const everyone = principal === '*' || listOf(principal?.AWS).includes('*');
      if (st.Effect === 'Allow' && everyone && st.Condition === undefined) {
        return `${policy.logicalId} allows ${listOf(st.Action).join(', ')} to every principal`;
      }
    }
  }
  return undefined;
}

/** The endpoints of one stack. */
function endpointsOf(stack: StackView): InternetEndpoint[] {
  const out: InternetEndpoint[] = [];
  const add = (resource: ResourceView, kind: string, ports: string, propertyPath: string, httpsOnly: boolean, note?: string) =>
    out.push({ resource, kind, ports, propertyPath, httpsOnly, note });
  for (const r of stack.resources) {
    const p = r.properties;
    switch (r.type) {
      case 'AWS::ElasticLoadBalancingV2::LoadBalancer':
        if ((text(p.Scheme) ?? 'internet-facing') === 'internet-facing') {
          const { ports, httpsOnly } = loadBalancerPorts(stack, r);
          add(r, LOAD_BALANCER, ports, 'Properties.Scheme', httpsOnly, p.Scheme === undefined ? 'absent: internet-facing is the default' : undefined);
        }
        break;
      case 'AWS::ElasticLoadBalancing::LoadBalancer':
        if ((text(p.Scheme) ?? 'internet-facing') === 'internet-facing') {
          add(r, 'Classic Load Balancer', listOf<any>(p.Listeners).map((l) => `${show(l?.Protocol)} ${show(l?.LoadBalancerPort)}`).join(', '), 'Properties.Scheme', false);
        }
        break;
      case 'AWS::CloudFront::Distribution': {
        const behaviours = [p.DistributionConfig?.DefaultCacheBehavior, ...listOf<any>(p.DistributionConfig?.CacheBehaviors)];
        const httpsOnly = behaviours.every((b) => ['https-only', 'redirect-to-https'].includes(text(b?.ViewerProtocolPolicy) ?? ''));
        add(r, DISTRIBUTION, httpsOnly ? 'TCP 443 (HTTPS), TCP 80 (redirect to HTTPS only)' : 'TCP 443 (HTTPS), TCP 80 (HTTP)',
          'Properties.DistributionConfig.Enabled', httpsOnly);
        break;
      }
      case 'AWS::EC2::ClientVpnEndpoint':
        add(r, CLIENT_VPN, `${(text(p.TransportProtocol) ?? 'udp').toUpperCase()} ${show(p.VpnPort ?? 443)} (VPN)`, 'Properties.VpnPort', false);
        break;
      case 'AWS::Transfer::Server': {
        const type = text(p.EndpointType) ?? 'PUBLIC';
        const elasticIps = listOf(p.EndpointDetails?.AddressAllocationIds);
        if (type === 'PUBLIC' || (type === 'VPC' && elasticIps.length > 0)) {
          const protocols = listOf<string>(p.Protocols).length > 0 ? listOf<string>(p.Protocols) : ['SFTP'];
          add(r, 'Transfer Family server', protocols.map((x) => TRANSFER_PORTS[x] ?? show(x)).join(', '),
            type === 'PUBLIC' ? 'Properties.EndpointType' : 'Properties.EndpointDetails.AddressAllocationIds', false);
        }
        break;
      }
      case 'AWS::ApiGateway::RestApi': {
        const types = listOf<string>(p.EndpointConfiguration?.Types);
        if (!(types.length === 1 && types[0] === 'PRIVATE')) {
          add(r, 'API Gateway REST API', 'TCP 443 (HTTPS)', 'Properties.EndpointConfiguration.Types', true,
            types.length === 0 ? 'absent: an edge-optimized (public) endpoint is the default' : undefined);
        }
        break;
      }
      case 'AWS::ApiGatewayV2::Api':
        add(r, `API Gateway ${text(p.ProtocolType) === 'WEBSOCKET' ? 'WebSocket' : 'HTTP'} API`, 'TCP 443 (HTTPS/WSS)', 'Properties.ProtocolType', true,
          'HTTP and WebSocket APIs have no private endpoint type: they are reachable from the internet');
        break;
      case 'AWS::Lambda::Url':
        add(r, 'Lambda function URL', 'TCP 443 (HTTPS)', 'Properties.AuthType', true, `AuthType ${show(p.AuthType)}`);
        break;
      case 'AWS::S3::Bucket': {
        const grant = publicBucketGrant(stack, r);
        if (p.WebsiteConfiguration !== undefined) {
          add(r, 'S3 website endpoint', 'TCP 80 (HTTP)', 'Properties.WebsiteConfiguration', false);
        } else if (grant) {
          add(r, 'public S3 bucket', 'TCP 443 (HTTPS) and TCP 80 (HTTP)', 'Properties.PublicAccessBlockConfiguration', false, grant);
        }
        break;
      }
      case 'AWS::RDS::DBInstance':
      case 'AWS::RDS::DBCluster':
      case 'AWS::Redshift::Cluster':
        if (isTrue(p.PubliclyAccessible)) {
          const engine = (text(p.Engine) ?? (r.type === 'AWS::Redshift::Cluster' ? 'redshift' : '')).toLowerCase();
          const port = p.Port ?? ENGINE_PORTS.find(([re]) => re.test(engine))?.[1] ?? (engine === 'redshift' ? 5439 : undefined);
          add(r, 'publicly accessible database', `TCP ${show(port)}`, 'Properties.PubliclyAccessible', false);
        }
        break;
      case 'AWS::OpenSearchService::Domain':
      case 'AWS::Elasticsearch::Domain':
        if (p.VPCOptions === undefined) {
          add(r, 'public search domain', 'TCP 443 (HTTPS)', 'Properties.VPCOptions', false, 'without VPCOptions the domain has a public endpoint');
        }
        break;
      case 'AWS::EC2::Instance': {
        const publicIp = listOf<any>(p.NetworkInterfaces).some((n) => isTrue(n?.AssociatePublicIpAddress));
        const eip = stack.resources.some((e) => (e.type === 'AWS::EC2::EIP' && refTarget(e.properties.InstanceId) === r.logicalId)
          || (e.type === 'AWS::EC2::EIPAssociation' && refTarget(e.properties.InstanceId) === r.logicalId));
        if (publicIp || eip) {
          add(r, 'EC2 instance with a public IP address', 'the ports its security groups admit', publicIp ? 'Properties.NetworkInterfaces' : 'Resources[Type=AWS::EC2::EIP]', false);
        }
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/** Every internet-facing endpoint of the stacks, in template order. */
export function internetEndpoints(stacks: StackView[]): InternetEndpoint[] {
  return stacks.flatMap(endpointsOf);
}

/**
 * The kinds an S2-07 promise names: the load balancer (HTTPS on TCP 443, port 80 only to
 * redirect), the CDN when the same page promises one (S4-05), and the administrators' Client
 * VPN endpoint when it promises changes only through a VPN (S2-09 among the stack's claims).
 * Derived from the promises, not from what the template holds.
 */
export function promisedKinds(stack: StackView | undefined): string[] {
  const claimed = (id: string) => stack?.policy?.claims.some((c) => c.id === id) === true;
  return [LOAD_BALANCER, ...(claimed('S4-05') ? [DISTRIBUTION] : []), ...(claimed('S2-09') ? [CLIENT_VPN] : [])];
}

/**
 * S2-07: only what the promise names is reachable from the internet. One fact per
 * internet-facing endpoint (`internetEndpoints`: load balancers, CloudFront distributions,
 * Client VPN endpoints, Transfer Family servers, API Gateway REST/HTTP/WebSocket APIs that are
 * not private, Lambda function URLs, public and website buckets, publicly accessible RDS and
 * Redshift, search domains outside a VPC, EC2 instances with public IPs): satisfied only when
 * its kind is one the promise names (`promisedKinds`) and, for a load balancer, it serves only
 * HTTPS on TCP 443 and HTTP redirects to it. The claim's recorded `reachable` must be the
 * promise's own list. Security groups open to the internet are facts of `network-restricted`.
 */
const internetEndpointsVerifier: Verifier = ({ stacks, expected, claim }) => {
  const facts: Fact[] = [];
  const seen = new Set<string>();
  const named = new Set<string>();
  for (const stack of stacks) {
    const kinds = promisedKinds(stack);
    const recorded = expected.get('reachable');
    if (recorded !== undefined && recorded !== kinds.join(',')) {
      facts.push(fact({ stack: stack.id }, `Metadata.cdk-data-protection.claims[${claim.id}].expected.reachable`, kinds.join(','), recorded, false,
        'the claim records other endpoints than the promise names'));
    }
    kinds.forEach((k) => named.add(k));
    const endpoints = endpointsOf(stack);
    const wanted = `reachable from the internet only if the promise names it (${kinds.join(', ')})`;
    for (const e of endpoints) {
      seen.add(e.kind);
      const isNamed = kinds.includes(e.kind);
      const ok = isNamed && (e.kind === CLIENT_VPN || e.httpsOnly);
      const why = !isNamed ? `a ${e.kind} is reachable from the internet, but the promise names only ${kinds.join(' and ')}`
        : !ok ? `the ${e.kind} serves more than HTTPS and HTTP that redirects to it` : undefined;
      facts.push(fact(e.resource, e.propertyPath, wanted, `${e.kind} on ${e.ports}`, ok, [why, e.note].filter((x) => x).join('; ') || undefined));
    }
  }
  // The sentence names what is reachable: a named kind the templates do not hold makes it say more than they show.
  for (const kind of named) {
    if (!seen.has(kind)) {
      facts.push(fact({ stack: stacks.map((s) => s.id).join(', ') || '(no stack records the claim)' }, 'Resources',
        `an internet-facing ${kind}, as the promise names`, '(none)', false, `the promise names a ${kind}, and the templates hold none`));
    }
  }
  if (stacks.length === 0) {
    facts.push(fact({ stack: '(no stack records the claim)' }, 'Resources', 'the stacks of the claim', '(none)', false));
  }
  return facts;
};

/** The verifiers of this module, by the name the catalog's `checks` use. */
export const ENDPOINT_VERIFIERS: Record<string, Verifier> = {
  'internet-endpoints': internetEndpointsVerifier,
};
