import { Fact, ResourceView, StackView } from '../model';
import { fact, isTrue, resourcesOf, show } from '../query';

/**
 * TLS in transit for the managed services that hold or serve data besides buckets, databases and
 * the edge (claims S2-02, S4-07): API Gateway custom domains, OpenSearch and Elasticsearch
 * domains, and ElastiCache replication groups. Kept apart from `network.ts`, which reads the
 * edge and the databases.
 */

const API_DOMAIN = 'AWS::ApiGateway::DomainName';
const API_V2_DOMAIN = 'AWS::ApiGatewayV2::DomainName';
const SEARCH_DOMAINS = ['AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain'];
const CACHE_GROUP = 'AWS::ElastiCache::ReplicationGroup';

/** The minimum TLS version a named policy accepts, when the name says it. */
interface PolicyFloor {
  readonly version?: number;
  readonly note?: string;
}

/**
 * API Gateway's security policies: `TLS_1_0` and `TLS_1_2` (legacy), and the enhanced
 * `SecurityPolicy_TLS13_...` / `SecurityPolicy_TLS12_...`, whose names carry their floor.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-security-policies-list.html
 */
function apiPolicyFloor(name: string): PolicyFloor {
  if (name === 'TLS_1_0') {
    return { version: 1.0 };
  }
  if (name === 'TLS_1_2') {
    return { version: 1.2 };
  }
  const enhanced = /^SecurityPolicy_TLS1([23])_/.exec(name);
  return enhanced ? { version: Number(`1.${enhanced[1]}`) } : { note: `'${name}' is not a security policy whose floor the report knows` };
}

/**
 * OpenSearch Service's `TLSSecurityPolicy` values; CloudFormation's default is
 * `Policy-Min-TLS-1-0-2019-07`. None sets a TLS 1.3 floor.
 *
 * @see https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_DomainEndpointOptions.html
 */
const SEARCH_POLICIES: Record<string, number> = {
  'Policy-Min-TLS-1-0-2019-07': 1.0,
  'Policy-Min-TLS-1-2-2019-07': 1.2,
  'Policy-Min-TLS-1-2-PFS-2023-10': 1.2,
};

/** A policy fact: the named policy's floor must be at least `minimum`. */
function floorFact(r: ResourceView, path: string, name: unknown, floor: PolicyFloor, minimum: number, minimumText: string,
  absentNote?: string): Fact {
  const ok = floor.version !== undefined && floor.version >= minimum;
  return fact(r, path, `a security policy accepting TLS ${minimumText} or newer only`, name === undefined ? undefined : show(name), ok,
    name === undefined ? absentNote : floor.note ?? (ok ? undefined : `the policy accepts TLS ${floor.version?.toFixed(1)}`));
}

function apiDomainFacts(r: ResourceView, minimum: number, minimumText: string): Fact[] {
  if (r.type === API_DOMAIN) {
    const name = r.properties.SecurityPolicy;
    const floor = typeof name === 'string' ? apiPolicyFloor(name) : { note: 'the policy is not a literal the template shows' };
    return [floorFact(r, 'Properties.SecurityPolicy', name, floor, minimum, minimumText,
      'absent: the template does not show the policy, and the legacy TLS_1_0 accepts TLS 1.0; set SecurityPolicy')];
  }
  const configurations: any[] = Array.isArray(r.properties.DomainNameConfigurations) ? r.properties.DomainNameConfigurations : [];
  if (configurations.length === 0) {
    return [fact(r, 'Properties.DomainNameConfigurations', `a security policy accepting TLS ${minimumText} or newer only`, undefined, false,
      'no domain name configuration')];
  }
  return configurations.map((c, i) => {
    const name = c?.SecurityPolicy;
    const floor = typeof name === 'string' ? apiPolicyFloor(name) : { note: 'the policy is not a literal the template shows' };
    return floorFact(r, `Properties.DomainNameConfigurations.${i}.SecurityPolicy`, name, floor, minimum, minimumText,
      'absent: the template does not show the policy; set SecurityPolicy');
  });
}

function searchDomainFacts(r: ResourceView, minimum: number, minimumText: string): Fact[] {
  const options = r.properties.DomainEndpointOptions ?? {};
  const policy = options.TLSSecurityPolicy;
  const floor = policy === undefined
    ? { version: SEARCH_POLICIES['Policy-Min-TLS-1-0-2019-07'] }
    : typeof policy === 'string' && policy in SEARCH_POLICIES ? { version: SEARCH_POLICIES[policy] } : { note: `'${show(policy)}' is not a policy the report knows` };
  const policyFact = fact(r, 'Properties.DomainEndpointOptions.TLSSecurityPolicy', `a security policy accepting TLS ${minimumText} or newer only`,
    policy === undefined ? undefined : show(policy), floor.version !== undefined && floor.version >= minimum,
    policy === undefined ? 'absent: the default Policy-Min-TLS-1-0-2019-07 accepts TLS 1.0'
      : floor.note ?? (floor.version !== undefined && floor.version < minimum ? `the policy accepts TLS ${floor.version.toFixed(1)}` : undefined));
  return [
    fact(r, 'Properties.DomainEndpointOptions.EnforceHTTPS', 'true', options.EnforceHTTPS === undefined ? undefined : show(options.EnforceHTTPS),
      isTrue(options.EnforceHTTPS), isTrue(options.EnforceHTTPS) ? undefined : 'without EnforceHTTPS the domain also answers plain HTTP'),
    policyFact,
    fact(r, 'Properties.NodeToNodeEncryptionOptions.Enabled', 'true', r.properties.NodeToNodeEncryptionOptions?.Enabled === undefined
      ? undefined : show(r.properties.NodeToNodeEncryptionOptions.Enabled), isTrue(r.properties.NodeToNodeEncryptionOptions?.Enabled),
    isTrue(r.properties.NodeToNodeEncryptionOptions?.Enabled) ? undefined : 'traffic between the nodes of the domain is not encrypted'),
  ];
}

/**
 * An ElastiCache replication group must require TLS on every connection: `TransitEncryptionEnabled`
 * true, and `TransitEncryptionMode` not `preferred` (which also accepts plain connections).
 * ElastiCache sets the TLS versions itself; no template property names a floor, and the fact says so.
 *
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html
 */
function cacheFact(r: ResourceView): Fact {
  const enabled = isTrue(r.properties.TransitEncryptionEnabled);
  const mode = r.properties.TransitEncryptionMode;
  const found = enabled ? `TransitEncryptionEnabled true${mode === undefined ? '' : `, TransitEncryptionMode ${show(mode)}`}` : undefined;
  const ok = enabled && (mode === undefined || mode === 'required');
  return fact(r, 'Properties.TransitEncryptionEnabled', 'TLS required on every connection (TransitEncryptionEnabled true, mode required)', found, ok,
    !enabled ? 'TransitEncryptionEnabled defaults to false: clients connect in plain text'
      : !ok ? 'TransitEncryptionMode preferred also accepts plain-text connections'
        : 'ElastiCache chooses the TLS versions; no template property sets a floor');
}

/** The TLS facts of every API Gateway custom domain, search domain and ElastiCache replication group. */
export function serviceTlsFacts(stacks: StackView[], minimum: number, minimumText: string): Fact[] {
  return [
    ...resourcesOf(stacks, API_DOMAIN, API_V2_DOMAIN).flatMap((r) => apiDomainFacts(r, minimum, minimumText)),
    ...resourcesOf(stacks, ...SEARCH_DOMAINS).flatMap((r) => searchDomainFacts(r, minimum, minimumText)),
    ...resourcesOf(stacks, CACHE_GROUP).map(cacheFact),
  ];
}
