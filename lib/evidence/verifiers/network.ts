import * as tls from '../../private/tls-policy-names';
import { Fact, ResourceView, Verifier } from '../model';
import { everyResource, fact, isTrue, listOf, noResource, numberOf, refTarget, resourceFact, resourcesOf, statementsOf } from '../query';
import { narrowedNote } from './conditions';
import { engineOf } from './database-tls';
import { distributionPolicyFact, httpRedirectOnly, protocolOf, TLS_VERIFIERS } from './front-door-tls';
import {
  CHANGE_POLICIES, CLIENT_VPN, Context, contextOf, DB_CLUSTER, DB_INSTANCE, DISTRIBUTION, flatten, isFact, LISTENER, literal, LOAD_BALANCER,
  mentions, minimumOf, notes, resolveResource, ROLE, same, SECURITY_GROUP, SECURITY_GROUP_EGRESS, SECURITY_GROUP_INGRESS, siblings,
  SOURCE_KEYS, stackResources, WEB_ACL, WEB_ACL_ASSOCIATION,
} from './network-context';

/*
 * The network and perimeter verifiers: what a browser, an SFTP client or an administrator
 * meets on the way in (subnets, ingress rules, firewalls, web ACLs, the admin VPN), read from
 * the templates. The TLS verifiers live in front-door-tls.ts and database-tls.ts.
 */
// ---------------------------------------------------------------------------------------------
// Network

/** The subnets' exposure: public when they map public IPs on launch or route to an internet gateway. */
function subnetExposure(ctx: Context, subnet: ResourceView): { public: boolean; why: string } {
  if (isTrue(subnet.properties.MapPublicIpOnLaunch)) {
    return { public: true, why: 'MapPublicIpOnLaunch true' };
  }
  const tables = siblings(ctx, subnet, 'AWS::EC2::SubnetRouteTableAssociation')
    .filter((a) => refTarget(a.properties.SubnetId) === subnet.logicalId)
    .map((a) => refTarget(a.properties.RouteTableId));
  const igwRoute = siblings(ctx, subnet, 'AWS::EC2::Route').find((route) => {
    if (!tables.includes(refTarget(route.properties.RouteTableId))) {
      return false;
    }
    const gateway = route.properties.GatewayId;
    return resolveResource(ctx, route, gateway)?.type === 'AWS::EC2::InternetGateway' || literal(gateway)?.startsWith('igw-') === true;
  });
  if (igwRoute) {
    return { public: true, why: `route ${igwRoute.logicalId} to an internet gateway` };
  }
  return { public: false, why: tables.length === 0 ? 'main route table (local route only)' : 'no route to an internet gateway' };
}

/** Facts that each VPC has private or isolated subnets. */
function vpcFacts(ctx: Context): Fact[] {
  return everyResource(ctx.stacks, 'AWS::EC2::VPC', '>= 1 private or isolated subnet', (vpc) => {
    const subnets = siblings(ctx, vpc, 'AWS::EC2::Subnet').filter((s) => refTarget(s.properties.VpcId) === vpc.logicalId);
    const privateOnes = subnets.filter((s) => !subnetExposure(ctx, s).public);
    return fact(vpc, 'Resources[Type=AWS::EC2::Subnet]', '>= 1 private or isolated subnet (no public IP on launch, no route to an internet gateway)',
      `${privateOnes.length} of ${subnets.length} subnets private or isolated`, privateOnes.length > 0);
  });
}

/** A fact that a database sits only in private or isolated subnets. */
function databaseSubnetFact(ctx: Context, db: ResourceView): Fact {
  const expected = 'a subnet group of private or isolated subnets only';
  const group = resolveResource(ctx, db, db.properties.DBSubnetGroupName);
  if (db.properties.DBSubnetGroupName === undefined) {
    return resourceFact(db, 'Properties.DBSubnetGroupName', expected, false, 'no subnet group: the database goes into the default VPC');
  }
  if (!group) {
    return resourceFact(db, 'Properties.DBSubnetGroupName', expected, false, 'the subnet group is not a resource of the template');
  }
  const ids = listOf(group.properties.SubnetIds as unknown[]);
  const described = ids.map((id) => {
    const subnet = resolveResource(ctx, group, id);
    if (!subnet) {
      return { text: `${flatten(id)}: not a subnet of the template`, ok: false };
    }
    const exposure = subnetExposure(ctx, subnet);
    return { text: `${subnet.logicalId}: ${exposure.public ? 'public' : 'private'} (${exposure.why})`, ok: !exposure.public };
  });
  return fact(db, 'Properties.DBSubnetGroupName', expected, described.map((d) => d.text).join('; ') || '(no subnets)',
    described.length > 0 && described.every((d) => d.ok), `subnet group ${group.logicalId}`);
}

/** One ingress rule as a template holds it, inline or as its own resource. */
interface IngressRule {
  readonly CidrIp?: unknown;
  readonly CidrIpv6?: unknown;
  readonly IpProtocol?: unknown;
  readonly FromPort?: unknown;
  readonly ToPort?: unknown;
}

/** Whether a rule admits the whole internet: `open`, `closed`, or `unknown` when a CIDR is not literal. */
function openness(rule: IngressRule): 'open' | 'closed' | 'unknown' {
  const cidrs = [rule.CidrIp, rule.CidrIpv6].filter((c) => c !== undefined);
  if (cidrs.some((c) => typeof c !== 'string')) {
    return 'unknown';
  }
  return cidrs.some((c) => /\/0$/.test(String(c).trim())) ? 'open' : 'closed';
}

function isTcpPort(rule: IngressRule, port: number): boolean {
  const protocol = String(rule.IpProtocol).toLowerCase();
  return (protocol === 'tcp' || protocol === '6') && numberOf(rule.FromPort) === port && numberOf(rule.ToPort) === port;
}

function describeRule(rule: IngressRule): string {
  const protocol = String(rule.IpProtocol);
  const source = [rule.CidrIp, rule.CidrIpv6].filter((c) => c !== undefined).map(flatten).join(', ');
  if (protocol === '-1') {
    return `all traffic from ${source}`;
  }
  const ports = numberOf(rule.FromPort) === numberOf(rule.ToPort) ? `${flatten(rule.FromPort)}` : `${flatten(rule.FromPort)}-${flatten(rule.ToPort)}`;
  return `${protocol} ${ports} from ${source}`;
}

/**
 * Whether port 80 of a security group serves only HTTP-to-HTTPS redirects: the group is used by
 * load balancers only, each with an HTTP listener on port 80 that only redirects to HTTPS.
 */
function port80OnlyRedirects(ctx: Context, group: ResourceView | undefined): { ok: boolean; why: string } {
  if (!group) {
    return { ok: false, why: 'the security group is not a resource of the template' };
  }
  const balancers = siblings(ctx, group, LOAD_BALANCER)
    .filter((lb) => listOf(lb.properties.SecurityGroups as unknown[]).some((g) => refTarget(g) === group.logicalId));
  const others = stackResources(ctx, group).filter((r) => r.logicalId !== group.logicalId
    && ![SECURITY_GROUP, SECURITY_GROUP_INGRESS, SECURITY_GROUP_EGRESS, LOAD_BALANCER].includes(r.type) && mentions(r.properties, group.logicalId));
  if (balancers.length === 0) {
    return { ok: false, why: 'the security group belongs to no load balancer' };
  }
  if (others.length > 0) {
    return { ok: false, why: `the security group is also used by ${others.map((o) => o.logicalId).join(', ')}` };
  }
  for (const lb of balancers) {
    const http = siblings(ctx, lb, LISTENER)
      .filter((l) => refTarget(l.properties.LoadBalancerArn) === lb.logicalId && numberOf(l.properties.Port) === 80);
    if (http.length === 0) {
      return { ok: false, why: `load balancer ${lb.logicalId} has no listener on port 80` };
    }
    const bad = http.find((l) => protocolOf(l) !== 'HTTP' || !httpRedirectOnly(ctx, l).ok);
    if (bad) {
      return { ok: false, why: `listener ${bad.logicalId} on port 80 does more than redirect to HTTPS` };
    }
  }
  return { ok: true, why: `port 80 of load balancer ${balancers.map((b) => b.logicalId).join(', ')} only redirects to HTTPS` };
}

/** A fact on one ingress rule: from anywhere only TCP 443, or TCP 80 of a redirect-only load balancer. */
function ingressFact(ctx: Context, where: ResourceView, path: string, rule: IngressRule, group: ResourceView | undefined): Fact {
  const expected = 'from 0.0.0.0/0 or ::/0 only TCP 443 (or TCP 80 that only redirects to HTTPS)';
  const open = openness(rule);
  if (open === 'unknown') {
    return fact(where, path, expected, describeRule(rule), false, 'the source CIDR is not literal: it may be the whole internet');
  }
  if (open === 'closed') {
    return fact(where, path, expected, describeRule(rule), true);
  }
  if (isTcpPort(rule, 443)) {
    return fact(where, path, expected, describeRule(rule), true);
  }
  if (isTcpPort(rule, 80)) {
    const redirect = port80OnlyRedirects(ctx, group);
    return fact(where, path, expected, describeRule(rule), redirect.ok, redirect.why);
  }
  return fact(where, path, expected, describeRule(rule), false, 'a port other than HTTPS is open to the internet');
}

/**
 * The fact that firewalls exist (S4-09 "firewalls restrict the network"): at least one security
 * group, network ACL, or WAF web ACL in front of a resource of the assembly, named in the found
 * value. Without one, the ingress facts are none and the claim would rest on subnets alone.
 */
function firewallFact(ctx: Context): Fact {
  const groups = resourcesOf(ctx.stacks, SECURITY_GROUP);
  const acls = resourcesOf(ctx.stacks, 'AWS::EC2::NetworkAcl');
  const webAcls = resourcesOf(ctx.stacks, WEB_ACL).filter((acl) => protectedBy(ctx, acl).length > 0);
  const found = [
    groups.length > 0 ? `${groups.length} security group(s)` : undefined,
    acls.length > 0 ? `${acls.length} network ACL(s)` : undefined,
    ...webAcls.map((acl) => `web ACL ${acl.logicalId} in front of ${protectedBy(ctx, acl).join(', ')}`),
  ].filter((x) => x !== undefined).join(', ');
  return fact({ stack: ctx.stacks.map((s) => s.id).join(', ') || '(no stack records the claim)' },
    `Resources[Type=${SECURITY_GROUP}, AWS::EC2::NetworkAcl or ${WEB_ACL}]`, 'at least one firewall: a security group, a network ACL or a web ACL in front of a resource',
    found || '(none)', found !== '', found ? undefined : 'no security group, network ACL or associated web ACL: nothing in the templates filters traffic');
}

/** Facts on every ingress rule of the stacks, inline and standalone. */
function ingressFacts(ctx: Context): Fact[] {
  const facts: Fact[] = [];
  for (const group of resourcesOf(ctx.stacks, SECURITY_GROUP)) {
    listOf(group.properties.SecurityGroupIngress as IngressRule[]).forEach((rule, i) => {
      facts.push(ingressFact(ctx, group, `Properties.SecurityGroupIngress.${i}`, rule, group));
    });
  }
  for (const ingress of resourcesOf(ctx.stacks, SECURITY_GROUP_INGRESS)) {
    const group = resolveResource(ctx, ingress, ingress.properties.GroupId ?? ingress.properties.GroupName);
    facts.push(ingressFact(ctx, ingress, 'Properties', ingress.properties as IngressRule, group));
  }
  return facts;
}

// ---------------------------------------------------------------------------------------------
// Firewall

function rateRuleOf(acl: ResourceView): any {
  return listOf(acl.properties.Rules as any[]).find((r) => r?.Statement?.RateBasedStatement !== undefined
    && ['Block', 'Captcha', 'Challenge'].some((a) => r?.Action?.[a] !== undefined));
}

function managedGroupsOf(acl: ResourceView): any[] {
  return listOf(acl.properties.Rules as any[]).filter((r) => literal(r?.Statement?.ManagedRuleGroupStatement?.VendorName) === 'AWS'
    && r?.OverrideAction?.None !== undefined);
}

/** What a web ACL is in front of: associations and distributions of the assembly that name it. */
function protectedBy(ctx: Context, acl: ResourceView): string[] {
  const found: string[] = [];
  for (const stack of ctx.all) {
    for (const r of stack.resources) {
      if (r.type === WEB_ACL_ASSOCIATION && same(resolveResource(ctx, r, r.properties.WebACLArn), acl)) {
        const targets = stack.resources.filter((t) => t.logicalId !== acl.logicalId && mentions(r.properties.ResourceArn, t.logicalId));
        found.push(...targets.map((t) => `${t.type} ${t.logicalId} (${r.logicalId})`));
      }
      if (r.type === DISTRIBUTION && same(resolveResource(ctx, r, r.properties.DistributionConfig?.WebACLId), acl)) {
        found.push(`${DISTRIBUTION} ${r.logicalId}`);
      }
    }
  }
  return found;
}

/** Shield Advanced protections of the stacks, as a note. */
function shieldNote(ctx: Context): string | undefined {
  const protections = resourcesOf(ctx.stacks, 'AWS::Shield::Protection');
  return protections.length > 0 ? `Shield Advanced protects ${protections.map((p) => flatten(p.properties.ResourceArn)).join(', ')}` : undefined;
}

// ---------------------------------------------------------------------------------------------
// Admin access

/** Whether a role can change the account: AdministratorAccess or PowerUserAccess, or an Allow of every action on every resource. */
function canChange(ctx: Context, role: ResourceView): boolean {
  const managed = listOf(role.properties.ManagedPolicyArns as unknown[]).some((arn) =>
    CHANGE_POLICIES.some((name) => new RegExp(`:iam::aws:policy/${name}$`).test(flatten(arn))));
  // An administrator made by hand: an Allow of every action on every resource, in any of its policies.
  return managed || documentsOf(ctx, role).some((doc) => statementsOf(doc.document).some((st) =>
    st.Effect === 'Allow' && st.NotAction === undefined && listOf(st.Action).some((a) => a === '*' || a === '*:*') && listOf(st.Resource).includes('*')));
}

/** Every policy document that applies to a role: inline, attached managed policies, policies naming it, its boundary. */
function documentsOf(ctx: Context, role: ResourceView): Array<{ where: ResourceView; path: string; document: unknown }> {
  const docs: Array<{ where: ResourceView; path: string; document: unknown }> = [];
  listOf(role.properties.Policies as any[]).forEach((p, i) => docs.push({ where: role, path: `Properties.Policies.${i}.PolicyDocument`, document: p?.PolicyDocument }));
  const attached = [...listOf(role.properties.ManagedPolicyArns as unknown[]), role.properties.PermissionsBoundary]
    .map((arn) => resolveResource(ctx, role, arn)).filter((p): p is ResourceView => p?.type === 'AWS::IAM::ManagedPolicy');
  const naming = stackResources(ctx, role).filter((p) => (p.type === 'AWS::IAM::ManagedPolicy' || p.type === 'AWS::IAM::Policy')
    && listOf(p.properties.Roles as unknown[]).some((r) => refTarget(r) === role.logicalId));
  for (const p of new Set([...attached, ...naming])) {
    docs.push({ where: p, path: 'Properties.PolicyDocument', document: p.properties.PolicyDocument });
  }
  return docs;
}

/**
 * The source conditions of a statement that denies requests from outside the admin network, and
 * its other conditions (`Operator key`) but `Bool aws:ViaAWSService false` (AWS services acting for
 * the role, as MfaGatedAccess exempts them): conditions are ANDed, so each one narrows the Deny.
 */
function sourceCondition(statement: Record<string, any>): { found: Record<string, unknown>; narrowing: string[] } | undefined {
  if (statement.Effect !== 'Deny' || !listOf(statement.Resource).includes('*')) {
    return undefined;
  }
  if (statement.Action !== undefined && !listOf(statement.Action).includes('*')) {
    return undefined;
  }
  const found: Record<string, unknown> = {};
  const narrowing: string[] = [];
  for (const [operator, keys] of Object.entries<any>(statement.Condition ?? {})) {
    const negative = /^(StringNotEquals|StringNotLike|NotIpAddress|ArnNotEquals|ArnNotLike)(IfExists)?$/.test(operator);
    for (const key of Object.keys(keys ?? {})) {
      if (negative && SOURCE_KEYS.includes(key)) {
        found[`${operator} ${key}`] = keys[key];
      } else if (!(operator === 'Bool' && key === 'aws:ViaAWSService' && String(keys[key]) === 'false')) {
        narrowing.push(`${operator} ${key}`);
      }
    }
  }
  return Object.keys(found).length > 0 ? { found, narrowing } : undefined;
}

/**
 * Whether a value of a negated source condition (`NotIpAddress aws:SourceIp`, `StringNotLike
 * aws:SourceVpc`) matches every source, which leaves its Deny nothing to deny: the CIDR /0, or a
 * `...Like` pattern of wildcards alone (`*`, `vpc-*`, `vpce-*`).
 */
function matchesEverySource(conditionKey: string, value: unknown): boolean {
  const text = flatten(value);
  if (/^(NotIpAddress)(IfExists)? /.test(conditionKey)) {
    return /\/0+$/.test(text.trim());
  }
  return /^(StringNotLike|ArnNotLike)(IfExists)? /.test(conditionKey) && text.includes('*') && /^(vpce?-)?$/.test(text.replace(/[*?]/g, ''));
}

/** A fact that a change role is denied everything but reads from outside the VPN/VPC. */
function roleSourceFact(ctx: Context, role: ResourceView, vpnVpcs: string[]): Fact {
  const expected = 'a Deny of changes unless aws:SourceVpc / aws:SourceVpce / aws:SourceIp is the admin network';
  let narrowed: Fact | undefined;
  for (const doc of documentsOf(ctx, role)) {
    const statements = statementsOf(doc.document);
    for (let i = 0; i < statements.length; i++) {
      const condition = sourceCondition(statements[i]);
      if (condition) {
        const { narrowing } = condition;
        const vpcs = Object.entries(condition.found).filter(([k]) => k.endsWith('aws:SourceVpc')).flatMap(([, v]) => listOf(v as unknown[]));
        const vpnSource = vpcs.some((v) => vpnVpcs.includes(refTarget(v) ?? flatten(v)));
        const everything = Object.entries(condition.found)
          .flatMap(([k, v]) => listOf(v as unknown[]).filter((value) => matchesEverySource(k, value)).map((value) => `${k} ${flatten(value)}`));
        const found = Object.entries(condition.found).map(([k, v]) => `${k} ${listOf(v as unknown[]).map(flatten).join(', ')}`).join('; ')
          + (narrowing.length > 0 ? `; only when ${narrowing.join(', ')}` : '');
        const ok = narrowing.length === 0 && everything.length === 0;
        const result = fact(role, `${doc.where === role ? '' : `${doc.where.logicalId}.`}${doc.path}.Statement.${i}.Condition`, expected, found,
          ok, notes(doc.where === role ? undefined : `in ${doc.where.type} ${doc.where.logicalId}`,
            vpnSource ? 'aws:SourceVpc names the Client VPN endpoint\'s VPC (set only for calls through its VPC endpoints: see the chain fact)' : undefined,
            narrowing.length > 0 ? narrowedNote(narrowing, 'other requests change the account from anywhere') : undefined,
            everything.length > 0 ? `${everything.join(', ')} matches every source, so the Deny denies no request that names one` : undefined));
        if (ok) {
          return result;
        }
        narrowed ??= result;
      }
    }
  }
  if (narrowed) {
    return narrowed;
  }
  return fact(role, 'Properties.ManagedPolicyArns', expected, '(no source restriction)', false,
    'the role can change the account from anywhere (MfaGatedAccess requireSourceVpc / requireSourceIps unset)');
}

/**
 * S2-07, S4-09: public network access restricted to a few servers and essential protocols.
 *
 * Checks that every security-group ingress rule (inline `SecurityGroupIngress` and
 * `AWS::EC2::SecurityGroupIngress`) open to 0.0.0.0/0 or ::/0 allows only TCP 443, or TCP 80 on a
 * group used only by load balancers whose port-80 listeners only redirect to HTTPS (the same
 * semantics as the `DataProtection-OpenIngress` check at synthesis, which the library acknowledges
 * for that port); that every RDS instance (and non-Aurora cluster) is `PubliclyAccessible` false
 * (the default depends on the VPC, so absent fails); that every VPC has private or isolated subnets
 * (no public IP on launch, no route to an internet gateway); and that every database's subnet
 * group holds only such subnets.
 */
const networkRestricted: Verifier = (input) => {
  const ctx = contextOf(input);
  const databases = resourcesOf(ctx.stacks, DB_INSTANCE, DB_CLUSTER);
  const publicAccess = databases
    .filter((db) => db.type === DB_INSTANCE || !(engineOf(db) ?? '').startsWith('aurora'))
    .map((db) => {
      const value = db.properties.PubliclyAccessible;
      return resourceFact(db, 'Properties.PubliclyAccessible', 'false', value === false || value === 'false',
        value === undefined ? 'absent: the default depends on the VPC and subnet group, so the template does not show it' : undefined);
    });
  const placement = databases
    .filter((db) => !(db.type === DB_INSTANCE && db.properties.DBClusterIdentifier !== undefined))
    .map((db) => databaseSubnetFact(ctx, db));
  return [firewallFact(ctx), ...ingressFacts(ctx), ...publicAccess, ...vpcFacts(ctx), ...placement];
};

/**
 * S2-08: DDoS mitigation at the perimeter.
 *
 * Checks that the stacks hold at least one WAFv2 web ACL, and that every web ACL has a rate-based
 * rule that blocks (or challenges) and at least one AWS managed rule group that is enforced
 * (override action None, not Count), and is in front of a resource of the assembly (a
 * `WebACLAssociation` or a distribution's `WebACLId`, across stacks through exports); and that
 * every internet-facing application load balancer and every distribution has a web ACL in front
 * of it. Shield Advanced protections, when present, are noted.
 *
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/ddos-responding.html
 */
const wafDdos: Verifier = (input) => {
  const ctx = contextOf(input);
  const shield = shieldNote(ctx);
  // Every front door reachable from the internet sits behind a web ACL: an ACL elsewhere protects nothing here.
  const doors = [
    ...resourcesOf(ctx.stacks, LOAD_BALANCER).filter((lb) => (flatten(lb.properties.Type ?? 'application') === 'application')
      && flatten(lb.properties.Scheme ?? 'internet-facing') === 'internet-facing'),
    ...resourcesOf(ctx.stacks, DISTRIBUTION),
  ].map((door) => {
    const acl = door.type === DISTRIBUTION
      ? door.properties.DistributionConfig?.WebACLId
      : resourcesOf(ctx.stacks, WEB_ACL_ASSOCIATION)
        .find((a) => a.stack === door.stack && mentions(a.properties.ResourceArn, door.logicalId))?.logicalId;
    return fact(door, door.type === DISTRIBUTION ? 'Properties.DistributionConfig.WebACLId' : `Resources[Type=${WEB_ACL_ASSOCIATION}].ResourceArn`,
      'an internet-facing front door behind a web ACL', acl, acl !== undefined, acl === undefined ? 'no web ACL in front of it' : undefined);
  });
  return [...doors, ...everyResource(ctx.stacks, WEB_ACL, 'a web ACL with a rate-based rule and AWS managed rule groups', (acl) => {
    const rate = rateRuleOf(acl);
    const limit = rate?.Statement.RateBasedStatement;
    const managed = managedGroupsOf(acl);
    const targets = protectedBy(ctx, acl);
    return [
      fact(acl, 'Properties.Rules[RateBasedStatement]', 'a rate-based rule that blocks',
        rate ? `${rate.Name}: ${flatten(limit.Limit)} requests per ${flatten(limit.EvaluationWindowSec ?? 300)} s` : '(none)',
        rate !== undefined),
      fact(acl, 'Properties.Rules[ManagedRuleGroupStatement]', '>= 1 AWS managed rule group, enforced',
        managed.length > 0 ? managed.map((r) => flatten(r.Statement.ManagedRuleGroupStatement.Name)).join(', ') : '(none)', managed.length > 0),
      fact(acl, `Resources[Type=${WEB_ACL_ASSOCIATION}]`, 'associated with a resource of the templates',
        targets.length > 0 ? targets.join(', ') : '(none)', targets.length > 0,
        notes(targets.length === 0 ? 'a web ACL protects nothing until it is associated' : undefined, shield)),
    ];
  })];
};

/**
 * S4-05: a CDN with a web application firewall and TLS 1.2+ in front of the service.
 *
 * Checks that the stacks hold at least one CloudFront distribution, and that every distribution
 * has a `WebACLId` naming a WAFv2 web ACL (a resource of the assembly, or a WAFv2 ARN) and a
 * `MinimumProtocolVersion` approved for the claim's `minimumTlsVersion` (as `tls-policy`).
 */
const cdnWaf: Verifier = (input) => {
  const ctx = contextOf(input);
  const minimum = minimumOf(input);
  if (isFact(minimum)) {
    return [minimum];
  }
  const allowed = tls.approvedDistributionPolicies(minimum.version);
  return everyResource(ctx.stacks, DISTRIBUTION, 'a CloudFront distribution with a web ACL', (d) => {
    const value = d.properties.DistributionConfig?.WebACLId;
    const acl = resolveResource(ctx, d, value);
    const ok = acl?.type === WEB_ACL || (acl === undefined && /^arn:[^:]+:wafv2:[^:]*:[^:]*:global\/webacl\//.test(flatten(value)));
    return [
      fact(d, 'Properties.DistributionConfig.WebACLId', 'a WAFv2 web ACL (scope CLOUDFRONT)', value, ok,
        value === undefined ? 'no web ACL in front of the distribution' : ok ? undefined : 'not a WAFv2 web ACL of the templates or a WAFv2 ARN'),
      distributionPolicyFact(d, minimum, allowed),
    ];
  });
};

/**
 * S2-09: production changes only by authorised staff, over a dedicated VPN (MFA is `mfa-required`'s).
 *
 * Checks that the stacks hold at least one Client VPN endpoint, each authenticating clients with
 * mutual TLS (`certificate-authentication`) or SAML federation (`federated-authentication`) and
 * logging connections (`ConnectionLogOptions.Enabled`); and that every role that can change the
 * account (AdministratorAccess or PowerUserAccess: MfaGatedAccess's administrator and developer;
 * or any role allowed every action on every resource) is denied changes unless the request comes
 * from the admin network: a Deny with a negative `aws:SourceVpc`, `aws:SourceVpce` or
 * `aws:SourceIp` condition, as MfaGatedAccess's `requireSourceVpc` / `requireSourceIps` write it,
 * narrowed by no other condition and naming no source that matches everything (`0.0.0.0/0`, `vpc-*`).
 *
 * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/client-authentication.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourcevpc
 */
const adminVpn: Verifier = (input) => {
  const ctx = contextOf(input);
  const endpoints = everyResource(ctx.stacks, CLIENT_VPN, 'a Client VPN endpoint for administrators', (vpn) => {
    const types = listOf(vpn.properties.AuthenticationOptions as any[]).map((o) => o?.Type);
    const strong = types.filter((t) => t === 'certificate-authentication' || t === 'federated-authentication');
    return [
      fact(vpn, 'Properties.AuthenticationOptions', 'certificate-authentication (mutual TLS) or federated-authentication (SAML)',
        types.join(', ') || '(none)', strong.length > 0),
      resourceFact(vpn, 'Properties.ConnectionLogOptions.Enabled', 'true', isTrue(vpn.properties.ConnectionLogOptions?.Enabled)),
    ];
  });
  const vpnVpcs = resourcesOf(ctx.stacks, CLIENT_VPN).map((v) => refTarget(v.properties.VpcId) ?? flatten(v.properties.VpcId));
  const roles = resourcesOf(ctx.stacks, ROLE).filter((r) => canChange(ctx, r));
  const roleFacts = roles.length === 0
    ? [noResource(ctx.stacks, `${ROLE} with AdministratorAccess, PowerUserAccess or an Allow of * on *`, 'admin and deploy roles (MfaGatedAccess) restricted to the VPN')]
    : roles.map((r) => roleSourceFact(ctx, r, vpnVpcs));
  return [...endpoints, ...roleFacts];
};

/** The verifiers of this area, by the name the catalog's `checks` use: the TLS ones of front-door-tls.ts, and the network's. */
export const NETWORK_VERIFIERS: Record<string, Verifier> = {
  ...TLS_VERIFIERS,
  'network-restricted': networkRestricted,
  'waf-ddos': wafDdos,
  'cdn-waf': cdnWaf,
  'admin-vpn': adminVpn,
};
