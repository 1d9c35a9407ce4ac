import * as tls from '../../private/tls-policy-names';
import { Fact, ResourceView, StackView, Verifier, VerifierInput } from '../model';
import { everyResource, fact, isTrue, listOf, noResource, numberOf, refTarget, resourceFact, resourcesOf, statementsOf } from '../query';
import { narrowedNote } from './conditions';
import { serviceTlsFacts } from './service-tls';

/*
 * The network, TLS and perimeter verifiers: what a browser, an SFTP client or an administrator
 * meets on the way in, read from the templates.
 */

const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
const LISTENER_RULE = 'AWS::ElasticLoadBalancingV2::ListenerRule';
const LISTENER_CERTIFICATE = 'AWS::ElasticLoadBalancingV2::ListenerCertificate';
const LOAD_BALANCER = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const DISTRIBUTION = 'AWS::CloudFront::Distribution';
const CERTIFICATE = 'AWS::CertificateManager::Certificate';
const BUCKET = 'AWS::S3::Bucket';
const BUCKET_POLICY = 'AWS::S3::BucketPolicy';
const DB_INSTANCE = 'AWS::RDS::DBInstance';
const DB_CLUSTER = 'AWS::RDS::DBCluster';
const SECURITY_GROUP = 'AWS::EC2::SecurityGroup';
const SECURITY_GROUP_INGRESS = 'AWS::EC2::SecurityGroupIngress';
const SECURITY_GROUP_EGRESS = 'AWS::EC2::SecurityGroupEgress';
const WEB_ACL = 'AWS::WAFv2::WebACL';
const WEB_ACL_ASSOCIATION = 'AWS::WAFv2::WebACLAssociation';
const TRANSFER_SERVER = 'AWS::Transfer::Server';
const CLIENT_VPN = 'AWS::EC2::ClientVpnEndpoint';
const ROLE = 'AWS::IAM::Role';

/** CloudFormation's `SslPolicy` when a listener names none. */
const DEFAULT_LISTENER_POLICY = 'ELBSecurityPolicy-2016-08';
/** CloudFormation's `SecurityPolicyName` when a Transfer Family server names none. */
const DEFAULT_TRANSFER_POLICY = 'TransferSecurityPolicy-2018-11';
/** The viewer protocol policies that never serve a page over plain HTTP. */
const HTTPS_VIEWER_POLICIES = ['redirect-to-https', 'https-only'];
/** ACM certificate key algorithms of at least RSA-2048 strength. */
const STRONG_CERTIFICATE_KEYS = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1', 'EC_secp384r1', 'EC_secp521r1'];
/** Asymmetric and HMAC KMS key specs of at least RSA-2048 / 128-bit strength (they cannot rotate automatically). */
const STRONG_ASYMMETRIC_KEY_SPECS = [
  'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1',
  'HMAC_256', 'HMAC_384', 'HMAC_512', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87',
];
/** The AWS managed policies that let a human role change the account: the administrator and developer roles of MfaGatedAccess. */
const CHANGE_POLICIES = ['AdministratorAccess', 'PowerUserAccess'];
/** The condition keys that name where a request comes from. */
const SOURCE_KEYS = ['aws:SourceVpc', 'aws:SourceVpce', 'aws:SourceIp', 'aws:VpcSourceIp'];

// ---------------------------------------------------------------------------------------------
// Reading templates

/** The verifiers' view: the stacks that record the claim, and every stack (for cross-stack exports). */
interface Context {
  readonly stacks: StackView[];
  readonly all: StackView[];
}

function contextOf(input: VerifierInput): Context {
  const ids = new Set(input.stacks.map((s) => s.id));
  return { stacks: input.stacks, all: [...input.stacks, ...input.assembly.stacks.filter((s) => !ids.has(s.id))] };
}

/** The resources of the stack that holds `r`. */
function stackResources(ctx: Context, r: ResourceView): ResourceView[] {
  return ctx.all.find((s) => s.id === r.stack)?.resources ?? [];
}

/** The resources of `type` in the stack that holds `r`. */
function siblings(ctx: Context, r: ResourceView, type: string): ResourceView[] {
  return stackResources(ctx, r).filter((x) => x.type === type);
}

/**
 * The resource a value points to: a `Ref` or `Fn::GetAtt` in the same stack, or an
 * `Fn::ImportValue` of an output another stack of the assembly exports (CDK's cross-stack references).
 */
function resolveResource(ctx: Context, from: ResourceView, value: unknown): ResourceView | undefined {
  const id = refTarget(value);
  if (id !== undefined) {
    return stackResources(ctx, from).find((r) => r.logicalId === id);
  }
  const imported = (value as any)?.['Fn::ImportValue'];
  if (typeof imported === 'string') {
    for (const stack of ctx.all) {
      for (const output of Object.values<any>(stack.template.Outputs ?? {})) {
        if (output?.Export?.Name === imported) {
          const target = refTarget(output.Value);
          return target === undefined ? undefined : stack.resources.find((r) => r.logicalId === target);
        }
      }
    }
  }
  return undefined;
}

/**
 * A template value as text, with what cannot be read literally written `${...}`: `Ref X` is
 * `${X}`, `Fn::GetAtt [X, Arn]` is `${X.Arn}`, an `Fn::Join` of such parts is joined. Patterns
 * (`arn:[^:]+:acm:`) can then be matched whatever the partition or account.
 */
function flatten(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  const v = (value ?? {}) as Record<string, any>;
  if (typeof v.Ref === 'string') {
    return `\${${v.Ref}}`;
  }
  if (Array.isArray(v['Fn::GetAtt'])) {
    return `\${${v['Fn::GetAtt'].map(flatten).join('.')}}`;
  }
  if (Array.isArray(v['Fn::Join']) && Array.isArray(v['Fn::Join'][1])) {
    return v['Fn::Join'][1].map(flatten).join(String(v['Fn::Join'][0]));
  }
  if (v['Fn::Sub'] !== undefined) {
    return flatten(Array.isArray(v['Fn::Sub']) ? v['Fn::Sub'][0] : v['Fn::Sub']);
  }
  if (v['Fn::ImportValue'] !== undefined) {
    return `\${Import:${flatten(v['Fn::ImportValue'])}}`;
  }
  return `\${${JSON.stringify(value)}}`;
}

/** The value as a literal string, or undefined when it holds an intrinsic that cannot be read. */
function literal(value: unknown): string | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  const text = flatten(value);
  return text.includes('${') ? undefined : text;
}

/** Whether a value contains a reference to the resource `logicalId`. */
function mentions(value: unknown, logicalId: string): boolean {
  if (refTarget(value) === logicalId) {
    return true;
  }
  if (Array.isArray(value)) {
    return value.some((v) => mentions(v, logicalId));
  }
  if (value && typeof value === 'object') {
    return Object.values(value).some((v) => mentions(v, logicalId));
  }
  return false;
}

/** Where a fact about the claim's own expectation sits. */
function claimWhere(input: VerifierInput): { stack: string } {
  return { stack: input.stacks.map((s) => s.id).join(', ') || '(no stack records the claim)' };
}

/** The minimum TLS version the claim expects, read from `minimumTlsVersion`. */
interface Minimum {
  readonly version: number;
  readonly text: string;
  /** Set when the claim records no minimum and TLS 1.2 is assumed. */
  readonly note?: string;
}

/**
 * The claim's `minimumTlsVersion` (1.2 or 1.3); when the claim records none (S1-02, S2-04), TLS
 * 1.2, the floor of the claims catalog, with a note. A value that is neither is an unsatisfied fact.
 */
function minimumOf(input: VerifierInput): Minimum | Fact {
  const value = input.expected.get('minimumTlsVersion');
  if (value === undefined) {
    return { version: 1.2, text: '1.2', note: 'the claim records no minimumTlsVersion: TLS 1.2, the floor of the claims catalog, is expected' };
  }
  if (value === '1.2' || value === '1.3') {
    return { version: Number(value), text: value };
  }
  return fact(claimWhere(input), `Metadata.cdk-data-protection.claims[${input.claim.id}].expected.minimumTlsVersion`, '1.2 or 1.3', value, false,
    'the claim expects a TLS version the library does not know');
}

function isFact(x: Minimum | Fact): x is Fact {
  return (x as Fact).propertyPath !== undefined;
}

/** A note made of the parts that are set. */
function notes(...parts: Array<string | undefined>): string | undefined {
  const set = parts.filter((p) => p);
  return set.length > 0 ? set.join('; ') : undefined;
}

// ---------------------------------------------------------------------------------------------
// Front doors: listeners, distributions, certificates

function protocolOf(listener: ResourceView): string | undefined {
  return literal(listener.properties.Protocol)?.toUpperCase();
}

function isEncryptedListener(listener: ResourceView): boolean {
  return ['HTTPS', 'TLS'].includes(protocolOf(listener) ?? '');
}

/** Whether every action only redirects to HTTPS (an HTTP listener's or rule's actions). */
function onlyRedirectsToHttps(actions: unknown): boolean {
  const list = listOf(actions as any[]);
  return list.length > 0 && list.every((a: any) => a?.Type === 'redirect' && literal(a?.RedirectConfig?.Protocol)?.toUpperCase() === 'HTTPS');
}

/** The rules attached to a listener. */
function rulesOf(ctx: Context, listener: ResourceView): ResourceView[] {
  return siblings(ctx, listener, LISTENER_RULE).filter((r) => refTarget(r.properties.ListenerArn) === listener.logicalId);
}

/**
 * Whether an HTTP listener only redirects to HTTPS: its default actions and the actions of every
 * rule attached to it are redirects with protocol HTTPS. Returns what was found.
 */
function httpRedirectOnly(ctx: Context, listener: ResourceView): { ok: boolean; found: string } {
  const forwarding = rulesOf(ctx, listener).filter((r) => !onlyRedirectsToHttps(r.properties.Actions));
  if (!onlyRedirectsToHttps(listener.properties.DefaultActions)) {
    const types = listOf(listener.properties.DefaultActions as any[]).map((a: any) =>
      a?.Type === 'redirect' ? `redirect to ${flatten(a?.RedirectConfig?.Protocol ?? '(same protocol)')}` : String(a?.Type));
    return { ok: false, found: types.join(', ') || '(no action)' };
  }
  if (forwarding.length > 0) {
    return { ok: false, found: `redirect to HTTPS, but rule(s) ${forwarding.map((r) => r.logicalId).join(', ')} do something else` };
  }
  return { ok: true, found: 'redirect to HTTPS only' };
}

/** What a certificate reference is: an ACM certificate of the template, an ACM ARN, or something else. */
function certificateOf(ctx: Context, from: ResourceView, value: unknown): { acm: boolean; found: string; note?: string } {
  if (value === undefined) {
    return { acm: false, found: '(absent)', note: 'no certificate' };
  }
  const target = resolveResource(ctx, from, value);
  if (target?.type === CERTIFICATE) {
    return { acm: true, found: `${CERTIFICATE} ${target.logicalId}` };
  }
  if (target) {
    return { acm: false, found: `${target.type} ${target.logicalId}`, note: 'not an ACM certificate' };
  }
  const text = flatten(value);
  if (/^arn:[^:]+:acm:[^:]*:[^:]*:certificate\/.+/.test(text)) {
    return { acm: true, found: text };
  }
  if (/^arn:[^:]+:iam::[^:]*:server-certificate\//.test(text)) {
    return { acm: false, found: text, note: 'an IAM server certificate, not one issued and renewed by ACM' };
  }
  return { acm: false, found: text, note: 'not recognisable as an ACM certificate ARN (unresolvable intrinsic or other issuer)' };
}

/** Facts that an HTTPS/TLS listener's certificates (its own and `ListenerCertificate`s) are ACM's. */
function listenerCertificateFacts(ctx: Context, listener: ResourceView): Fact[] {
  const own = listOf(listener.properties.Certificates as any[]);
  const extra = siblings(ctx, listener, LISTENER_CERTIFICATE).filter((c) => refTarget(c.properties.ListenerArn) === listener.logicalId);
  if (own.length === 0) {
    return [resourceFact(listener, 'Properties.Certificates', 'an ACM certificate', false, `a ${protocolOf(listener)} listener needs a certificate`)];
  }
  const facts = own.map((c: any, i: number) => {
    const cert = certificateOf(ctx, listener, c?.CertificateArn);
    return fact(listener, `Properties.Certificates.${i}.CertificateArn`, 'an ACM certificate', cert.found, cert.acm, cert.note);
  });
  for (const lc of extra) {
    listOf(lc.properties.Certificates as any[]).forEach((c: any, i: number) => {
      const cert = certificateOf(ctx, lc, c?.CertificateArn);
      facts.push(fact(lc, `Properties.Certificates.${i}.CertificateArn`, 'an ACM certificate', cert.found, cert.acm, cert.note));
    });
  }
  return facts;
}

/** Facts that a listener serves only HTTPS/TLS with ACM certificates, or only redirects HTTP to HTTPS. */
function listenerHttpsFacts(ctx: Context, listener: ResourceView): Fact[] {
  const protocol = protocolOf(listener);
  if (isEncryptedListener(listener)) {
    return [
      resourceFact(listener, 'Properties.Protocol', 'HTTPS or TLS', true),
      ...listenerCertificateFacts(ctx, listener),
    ];
  }
  if (protocol === 'HTTP') {
    const redirect = httpRedirectOnly(ctx, listener);
    return [fact(listener, 'Properties.DefaultActions', 'an HTTP listener only redirects to HTTPS', redirect.found, redirect.ok,
      redirect.ok ? undefined : 'plain HTTP requests reach a target or get a response without TLS')];
  }
  return [resourceFact(listener, 'Properties.Protocol', 'HTTPS or TLS, or HTTP that only redirects to HTTPS', false,
    listener.properties.Protocol === undefined ? 'no protocol: the template does not show TLS' : 'a plain TCP/UDP listener: the template does not show TLS')];
}

/** The cache behaviours of a distribution with their property paths. */
function behavioursOf(distribution: ResourceView): Array<{ path: string; behaviour: any }> {
  const config = distribution.properties.DistributionConfig ?? {};
  return [
    { path: 'Properties.DistributionConfig.DefaultCacheBehavior', behaviour: config.DefaultCacheBehavior ?? {} },
    ...listOf(config.CacheBehaviors as any[]).map((behaviour, i) => ({ path: `Properties.DistributionConfig.CacheBehaviors.${i}`, behaviour })),
  ];
}

/** Facts that every cache behaviour of a distribution refuses plain HTTP and its viewer certificate is ACM's. */
function distributionHttpsFacts(ctx: Context, distribution: ResourceView): Fact[] {
  const facts = behavioursOf(distribution).map(({ path, behaviour }) => {
    const policy = behaviour.ViewerProtocolPolicy;
    return fact(distribution, `${path}.ViewerProtocolPolicy`, HTTPS_VIEWER_POLICIES.join(' or '), policy,
      HTTPS_VIEWER_POLICIES.includes(policy), policy === undefined ? 'absent: CloudFront\'s default allow-all serves plain HTTP' : undefined);
  });
  const viewer = distribution.properties.DistributionConfig?.ViewerCertificate ?? {};
  const path = 'Properties.DistributionConfig.ViewerCertificate';
  if (viewer.AcmCertificateArn !== undefined) {
    const cert = certificateOf(ctx, distribution, viewer.AcmCertificateArn);
    facts.push(fact(distribution, `${path}.AcmCertificateArn`, 'an ACM certificate', cert.found, cert.acm, cert.note));
  } else {
    facts.push(fact(distribution, `${path}.AcmCertificateArn`, 'an ACM certificate', undefined, false,
      viewer.IamCertificateId !== undefined ? 'an IAM server certificate (IamCertificateId), not ACM'
        : 'the default *.cloudfront.net certificate: no ACM certificate of the service\'s own domain'));
  }
  return facts;
}

/** A fact that an ACM certificate is renewed by ACM without anyone acting: DNS-validated, or issued by a private CA. */
function certificateRenewalFact(certificate: ResourceView): Fact {
  const method = literal(certificate.properties.ValidationMethod);
  const privateCa = certificate.properties.CertificateAuthorityArn !== undefined;
  return resourceFact(certificate, 'Properties.ValidationMethod', 'DNS (renewed by ACM without action)', method === 'DNS' || privateCa,
    privateCa ? 'issued by AWS Private CA and renewed by ACM'
      : method === undefined ? 'absent: ACM validates by e-mail, and renewal then waits for someone to approve an e-mail' : undefined);
}

// ---------------------------------------------------------------------------------------------
// Buckets

/** The bucket policy of a bucket of the template, if any. */
function bucketPolicyOf(ctx: Context, bucket: ResourceView): ResourceView | undefined {
  const name = literal(bucket.properties.BucketName);
  return siblings(ctx, bucket, BUCKET_POLICY).find((p) =>
    refTarget(p.properties.Bucket) === bucket.logicalId || (name !== undefined && literal(p.properties.Bucket) === name));
}

/** The texts a bucket's ARN may take in a policy, and those of all its objects. */
function bucketArns(bucket: ResourceView): { bucket: string[]; objects: string[] } {
  const id = bucket.logicalId;
  const name = literal(bucket.properties.BucketName);
  const arns = [`\${${id}.Arn}`, `arn:\${AWS::Partition}:s3:::\${${id}}`, `arn:aws:s3:::\${${id}}`];
  if (name) {
    arns.push(`arn:aws:s3:::${name}`, `arn:\${AWS::Partition}:s3:::${name}`);
  }
  const wildcard = ['*', 'arn:aws:s3:::*', 'arn:${AWS::Partition}:s3:::*'];
  return { bucket: [...arns, ...wildcard], objects: [...arns.map((a) => `${a}/*`), ...wildcard] };
}

/** Whether a statement denies every S3 action to everyone on the bucket and all its objects. */
function deniesEverything(statement: Record<string, any>, bucket: ResourceView): boolean {
  if (statement.Effect !== 'Deny' || statement.NotPrincipal !== undefined) {
    return false;
  }
  const principal = statement.Principal;
  const everyone = principal === '*' || listOf(principal?.AWS).includes('*');
  const actions = listOf(statement.Action).map(flatten);
  const allActions = actions.includes('s3:*') || actions.includes('*');
  const resources = listOf(statement.Resource).map(flatten);
  const arns = bucketArns(bucket);
  return everyone && allActions && resources.some((r) => arns.bucket.includes(r)) && resources.some((r) => arns.objects.includes(r));
}

/** The value of a condition key under `operator` or its `...IfExists` form. */
function conditionValue(statement: Record<string, any>, operator: string, key: string): unknown {
  return statement.Condition?.[operator]?.[key] ?? statement.Condition?.[`${operator}IfExists`]?.[key];
}

/**
 * Whether a statement's conditions are only the one TLS key (`aws:SecureTransport` or
 * `s3:TlsVersion`): any other condition narrows the deny to some requests only.
 */
function onlyTlsCondition(statement: Record<string, any>): boolean {
  const keys = Object.values<Record<string, unknown>>(statement.Condition ?? {}).flatMap((byKey) => Object.keys(byKey ?? {}));
  return keys.length === 1 && ['aws:SecureTransport', 's3:TlsVersion'].includes(keys[0]);
}

/** The deny statements of a bucket's policy that refuse plain HTTP and old TLS. */
function bucketTlsDenials(policy: ResourceView | undefined, bucket: ResourceView): { secureTransport?: number; tlsVersion?: number } {
  const statements = statementsOf(policy?.properties.PolicyDocument);
  let secureTransport: number | undefined;
  let tlsVersion: number | undefined;
  statements.forEach((s, i) => {
    if (!deniesEverything(s, bucket) || !onlyTlsCondition(s)) {
      return;
    }
    const transport = conditionValue(s, 'Bool', 'aws:SecureTransport');
    if (secureTransport === undefined && (transport === false || transport === 'false')) {
      secureTransport = i;
    }
    const version = numberOf(conditionValue(s, 'NumericLessThan', 's3:TlsVersion'));
    if (version !== undefined && (tlsVersion === undefined || version > tlsVersion)) {
      tlsVersion = version;
    }
  });
  return { secureTransport, tlsVersion };
}

/** A fact that a bucket's policy denies requests without TLS (`aws:SecureTransport` false). */
function bucketSecureTransportFact(ctx: Context, bucket: ResourceView): Fact {
  const expected = 'Deny s3:* to everyone on the bucket and its objects when aws:SecureTransport is false';
  const policy = bucketPolicyOf(ctx, bucket);
  if (!policy) {
    return fact(bucket, 'Resources[Type=AWS::S3::BucketPolicy]', expected, '(none)', false, 'no bucket policy names this bucket: plain HTTP is accepted');
  }
  const { secureTransport } = bucketTlsDenials(policy, bucket);
  return fact(policy, 'Properties.PolicyDocument.Statement', expected,
    secureTransport === undefined ? '(no such statement)' : `Statement ${secureTransport}: Deny when aws:SecureTransport false`,
    secureTransport !== undefined, `the policy of bucket ${bucket.logicalId}`);
}

/** A fact that a bucket's policy denies TLS older than `minimum` (`s3:TlsVersion` NumericLessThan). */
function bucketTlsVersionFact(ctx: Context, bucket: ResourceView, minimum: Minimum): Fact {
  const expected = `Deny s3:* when s3:TlsVersion NumericLessThan ${minimum.text} or higher`;
  const policy = bucketPolicyOf(ctx, bucket);
  if (!policy) {
    return fact(bucket, 'Resources[Type=AWS::S3::BucketPolicy]', expected, '(none)', false, 'no bucket policy names this bucket: any TLS version is accepted');
  }
  const { tlsVersion } = bucketTlsDenials(policy, bucket);
  return fact(policy, 'Properties.PolicyDocument.Statement', expected,
    tlsVersion === undefined ? '(no such statement)' : `Deny when s3:TlsVersion < ${tlsVersion}`,
    tlsVersion !== undefined && tlsVersion >= minimum.version - 1e-9, notes(`the policy of bucket ${bucket.logicalId}`, minimum.note));
}

// ---------------------------------------------------------------------------------------------
// TLS policies

function approvedListenerPoliciesText(minimum: Minimum): string {
  return minimum.version >= 1.3
    ? 'a TLS 1.3-only policy (ELBSecurityPolicy-TLS13-1-3-*)'
    : 'a forward-secret AEAD-only policy accepting TLS 1.2+ (ELBSecurityPolicy-TLS13-1-3-*, -TLS13-1-2-Res-*, -FS-1-2-Res-2020-10)';
}

/** A fact that an HTTPS/TLS listener's SslPolicy is one the library approves for `minimum`. */
function listenerPolicyFact(listener: ResourceView, minimum: Minimum): Fact {
  const value = listener.properties.SslPolicy;
  const name = value === undefined ? DEFAULT_LISTENER_POLICY : literal(value);
  const ok = name !== undefined && tls.isApprovedLoadBalancerPolicy(name, minimum.version);
  return resourceFact(listener, 'Properties.SslPolicy', approvedListenerPoliciesText(minimum), ok, notes(
    value === undefined ? `absent: CloudFormation's default ${DEFAULT_LISTENER_POLICY} accepts TLS 1.0 and CBC ciphers` : undefined,
    name === undefined ? 'not a literal policy name' : undefined,
    minimum.note));
}

/** A fact that a distribution's viewer MinimumProtocolVersion is one the library approves for `minimum`. */
function distributionPolicyFact(distribution: ResourceView, minimum: Minimum, allowed: string[]): Fact {
  const viewer = distribution.properties.DistributionConfig?.ViewerCertificate ?? {};
  const path = 'Properties.DistributionConfig.ViewerCertificate.MinimumProtocolVersion';
  if (viewer.AcmCertificateArn === undefined && viewer.IamCertificateId === undefined) {
    return fact(distribution, path, allowed.join(' or '), viewer.MinimumProtocolVersion ?? 'TLSv1', false,
      notes('the default *.cloudfront.net certificate: CloudFront then accepts TLS 1.0 whatever the template says', minimum.note));
  }
  const value = viewer.MinimumProtocolVersion;
  const name = literal(value);
  return fact(distribution, path, allowed.join(' or '), value, name !== undefined && allowed.includes(name),
    notes(value === undefined ? 'absent: CloudFormation\'s default TLSv1 accepts TLS 1.0' : undefined, minimum.note));
}

/**
 * The facts on every TLS policy of the edge: each HTTPS/TLS listener's `SslPolicy` and each
 * distribution's `MinimumProtocolVersion` is approved for `minimum` (the approved sets of
 * `tls-policy-names.ts`).
 */
function tlsPolicyFacts(ctx: Context, minimum: Minimum): Fact[] {
  const listeners = resourcesOf(ctx.stacks, LISTENER).filter(isEncryptedListener);
  const distributions = resourcesOf(ctx.stacks, DISTRIBUTION);
  const allowed = tls.approvedDistributionPolicies(minimum.version);
  return [
    ...listeners.map((l) => listenerPolicyFact(l, minimum)),
    ...distributions.map((d) => distributionPolicyFact(d, minimum, allowed)),
  ];
}

// ---------------------------------------------------------------------------------------------
// Databases

/** The engine of a database, lower case, or undefined when it is not literal. */
function engineOf(db: ResourceView): string | undefined {
  return literal(db.properties.Engine)?.toLowerCase();
}

/** The parameter that forces TLS on an engine, and whether a value of it does. */
function tlsParameterOf(engine: string): { name: string; forces: (v: unknown) => boolean; expected: string } | undefined {
  if (engine === 'postgres' || engine === 'aurora-postgresql' || engine.startsWith('sqlserver')) {
    return { name: 'rds.force_ssl', forces: (v) => String(v) === '1', expected: '1' };
  }
  if (engine === 'mysql' || engine === 'mariadb' || engine === 'aurora-mysql' || engine === 'aurora') {
    return { name: 'require_secure_transport', forces: (v) => ['ON', '1', 'TRUE'].includes(String(v).toUpperCase()), expected: 'ON or 1' };
  }
  return undefined;
}

/**
 * Whether RDS for PostgreSQL forces TLS by default for this major version: `rds.force_ssl`
 * defaults to 1 from PostgreSQL 15.
 */
function postgresForcesSslByDefault(engine: string, versionOrFamily: string | undefined): boolean {
  const major = /^(?:postgres)?(\d+)/.exec(versionOrFamily ?? '');
  return engine === 'postgres' && major !== null && Number(major[1]) >= 15;
}

/** Facts that a database's parameter group forces TLS (instances of a cluster are covered by the cluster). */
function databaseTlsFacts(ctx: Context, db: ResourceView): Fact[] {
  if (db.type === DB_INSTANCE && db.properties.DBClusterIdentifier !== undefined) {
    return [];
  }
  const engine = engineOf(db);
  const groupProperty = db.type === DB_CLUSTER ? 'DBClusterParameterGroupName' : 'DBParameterGroupName';
  const parameter = engine === undefined ? undefined : tlsParameterOf(engine);
  if (engine === undefined || parameter === undefined) {
    return [resourceFact(db, 'Properties.Engine', 'PostgreSQL, MySQL, MariaDB, Aurora or SQL Server with TLS forced by a parameter', false,
      engine === undefined ? 'the engine is not literal' : `engine ${engine}: TLS enforcement is not a parameter the report can read`)];
  }
  const expected = `${parameter.name} = ${parameter.expected}`;
  const groupValue = db.properties[groupProperty];
  const group = resolveResource(ctx, db, groupValue);
  const groupName = literal(groupValue);
  if (groupValue === undefined || groupName?.startsWith('default.')) {
    const byDefault = postgresForcesSslByDefault(engine, literal(db.properties.EngineVersion));
    return [resourceFact(db, `Properties.${groupProperty}`, expected, byDefault, byDefault
      ? 'the default parameter group of RDS for PostgreSQL 15 and later sets rds.force_ssl = 1'
      : 'the default parameter group does not force TLS')];
  }
  if (!group || !['AWS::RDS::DBParameterGroup', 'AWS::RDS::DBClusterParameterGroup'].includes(group.type)) {
    return [resourceFact(db, `Properties.${groupProperty}`, expected, false, 'the parameter group is not a resource of the template: its parameters cannot be read')];
  }
  const value = group.properties.Parameters?.[parameter.name];
  const path = `Properties.Parameters.${parameter.name}`;
  const note = `the parameter group of ${db.type} ${db.logicalId}`;
  if (value === undefined) {
    const byDefault = postgresForcesSslByDefault(engine, literal(group.properties.Family));
    return [fact(group, path, expected, undefined, byDefault,
      notes(note, byDefault ? 'absent: the default of the postgres15+ families is rds.force_ssl = 1' : 'absent: the engine\'s default does not force TLS'))];
  }
  return [fact(group, path, expected, value, parameter.forces(value), note)];
}

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

/** Whether two views are the same resource. */
function same(a: ResourceView | undefined, b: ResourceView): boolean {
  return a !== undefined && a.stack === b.stack && a.logicalId === b.logicalId;
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

// ---------------------------------------------------------------------------------------------
// The verifiers

/**
 * S0-07: TLS between browsers and the service, with certificates issued and managed by AWS.
 *
 * Checks that the stacks have at least one front door (an ELBv2 listener or a CloudFront
 * distribution); that every listener is HTTPS/TLS with ACM certificates (its own and its
 * `ListenerCertificate`s), or HTTP whose default actions and rules only redirect to HTTPS; that
 * every cache behaviour of every distribution is `redirect-to-https` or `https-only` with an ACM
 * viewer certificate; that every ACM certificate of the template is DNS-validated (ACM renews it
 * without anyone acting); and that every bucket's policy denies requests whose
 * `aws:SecureTransport` is false (S3 otherwise accepts plain HTTP).
 *
 * @see https://docs.aws.amazon.com/acm/latest/userguide/dns-renewal-validation.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html
 */
const httpsOnly: Verifier = (input) => {
  const ctx = contextOf(input);
  const listeners = resourcesOf(ctx.stacks, LISTENER);
  const distributions = resourcesOf(ctx.stacks, DISTRIBUTION);
  const facts: Fact[] = [];
  if (listeners.length === 0 && distributions.length === 0) {
    facts.push(noResource(ctx.stacks, `${LISTENER} or ${DISTRIBUTION}`, 'an HTTPS front door (load balancer listener or CloudFront distribution)'));
  }
  facts.push(...listeners.flatMap((l) => listenerHttpsFacts(ctx, l)));
  facts.push(...distributions.flatMap((d) => distributionHttpsFacts(ctx, d)));
  facts.push(...resourcesOf(ctx.stacks, CERTIFICATE).map(certificateRenewalFact));
  facts.push(...resourcesOf(ctx.stacks, BUCKET).map((b) => bucketSecureTransportFact(ctx, b)));
  return facts;
};

/**
 * S0-08: an "A" grade TLS configuration on the edge.
 *
 * Checks, for the claim's `minimumTlsVersion` (1.2 or 1.3), that every HTTPS/TLS listener's
 * `SslPolicy` accepts no older TLS and offers only forward-secret AEAD ciphers (the restricted
 * ELB policies), and that every CloudFront distribution's `MinimumProtocolVersion` is one of the
 * viewer policies the library approves for that minimum (TLSv1.2_2021, TLSv1.2_2025, TLSv1.3_2025);
 * the approved sets come from `tls-policy-names.ts`. An absent policy is CloudFormation's default
 * (ELBSecurityPolicy-2016-08, TLSv1), which accepts TLS 1.0. Needs at least one such edge.
 *
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
 */
const tlsPolicy: Verifier = (input) => {
  const ctx = contextOf(input);
  const minimum = minimumOf(input);
  if (isFact(minimum)) {
    return [minimum];
  }
  const facts = tlsPolicyFacts(ctx, minimum);
  if (facts.length === 0) {
    return [noResource(ctx.stacks, `${LISTENER} (HTTPS/TLS) or ${DISTRIBUTION}`, `an edge with a TLS ${minimum.text}+ policy`)];
  }
  return facts;
};

/**
 * S2-02, S4-07: TLS 1.2 (the claim's `minimumTlsVersion`) or newer in transit.
 *
 * Checks that every bucket's policy denies `aws:SecureTransport` false and `s3:TlsVersion`
 * NumericLessThan the minimum (or a higher version); that every RDS instance and cluster forces
 * TLS through its parameter group, resolved by `Ref` (`rds.force_ssl` = 1 for PostgreSQL and SQL
 * Server, `require_secure_transport` ON/1 for MySQL, MariaDB and Aurora MySQL; RDS for PostgreSQL
 * 15+ forces it by default); the TLS policies of the edge (as `tls-policy`); and those of API
 * Gateway custom domains, OpenSearch domains and ElastiCache replication groups (`service-tls.ts`).
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-ssl-connections.html
 */
const transitTls: Verifier = (input) => {
  const ctx = contextOf(input);
  const minimum = minimumOf(input);
  if (isFact(minimum)) {
    return [minimum];
  }
  const facts = [
    ...resourcesOf(ctx.stacks, BUCKET).flatMap((b) => [bucketSecureTransportFact(ctx, b), bucketTlsVersionFact(ctx, b, minimum)]),
    ...resourcesOf(ctx.stacks, DB_INSTANCE, DB_CLUSTER).flatMap((db) => databaseTlsFacts(ctx, db)),
    ...tlsPolicyFacts(ctx, minimum),
    ...serviceTlsFacts(ctx.stacks, minimum.version, minimum.text),
  ];
  if (facts.length === 0) {
    return [noResource(ctx.stacks, `${BUCKET}, ${DB_INSTANCE} or ${LISTENER}`, `data in transit over TLS ${minimum.text}+`)];
  }
  return facts;
};

/**
 * S2-04: cipher suites upgraded as the landscape changes.
 *
 * Checks that every HTTPS/TLS listener's `SslPolicy`, every distribution's
 * `MinimumProtocolVersion` and every Transfer Family server's `SecurityPolicyName` is exactly the
 * current name the library holds (`tls-policy-names.ts`, which `TlsPolicies` uses), not merely an
 * approved older one: the templates were synthesized by a release that names the current policies.
 * With a `minimumTlsVersion` expectation, the current name for that minimum; without one, the
 * current name for TLS 1.2 or for TLS 1.3.
 */
const tlsPoliciesCurrent: Verifier = (input) => {
  const ctx = contextOf(input);
  const recorded = input.expected.get('minimumTlsVersion');
  const minimum = recorded === undefined ? undefined : minimumOf(input);
  if (minimum && isFact(minimum)) {
    return [minimum];
  }
  const listenerNames = minimum
    ? [tls.currentLoadBalancerPolicy(minimum.version)]
    : [tls.LOAD_BALANCER_TLS_1_2_POLICY, tls.LOAD_BALANCER_TLS_1_3_POLICY];
  const distributionNames = minimum
    ? [tls.currentDistributionPolicy(minimum.version)]
    : [tls.DISTRIBUTION_TLS_1_2_POLICY, tls.DISTRIBUTION_TLS_1_3_POLICY];
  const facts: Fact[] = [
    ...resourcesOf(ctx.stacks, LISTENER).filter(isEncryptedListener).map((l) => {
      const value = l.properties.SslPolicy ?? DEFAULT_LISTENER_POLICY;
      return fact(l, 'Properties.SslPolicy', listenerNames.join(' or '), value, listenerNames.includes(flatten(value)),
        l.properties.SslPolicy === undefined ? 'absent: CloudFormation\'s default' : undefined);
    }),
    ...resourcesOf(ctx.stacks, DISTRIBUTION).map((d) => {
      const value = d.properties.DistributionConfig?.ViewerCertificate?.MinimumProtocolVersion;
      return fact(d, 'Properties.DistributionConfig.ViewerCertificate.MinimumProtocolVersion', distributionNames.join(' or '), value,
        value !== undefined && distributionNames.includes(flatten(value)), value === undefined ? 'absent: CloudFormation\'s default TLSv1' : undefined);
    }),
    ...resourcesOf(ctx.stacks, TRANSFER_SERVER).map(transferPolicyFact),
  ];
  if (facts.length === 0) {
    return [noResource(ctx.stacks, `${LISTENER} (HTTPS/TLS), ${DISTRIBUTION} or ${TRANSFER_SERVER}`, 'an endpoint with the library\'s current TLS policy')];
  }
  return facts;
};

/** A fact that a Transfer Family server uses the current security policy (or its FIPS variant). */
function transferPolicyFact(server: ResourceView): Fact {
  const names = [tls.SFTP_SECURITY_POLICY, tls.SFTP_FIPS_SECURITY_POLICY];
  const value = server.properties.SecurityPolicyName;
  return fact(server, 'Properties.SecurityPolicyName', names.join(' or '), value ?? DEFAULT_TRANSFER_POLICY,
    value !== undefined && names.includes(flatten(value)), value === undefined ? `absent: CloudFormation's default ${DEFAULT_TRANSFER_POLICY}` : undefined);
}

/**
 * S1-02: strong keys and ciphers at rest and in transit, API and SFTP endpoints included.
 *
 * Checks that every symmetric KMS key rotates its key material (`EnableKeyRotation` true;
 * CloudFormation's default is false) and every other key has an RSA-2048-or-stronger spec; that
 * every ACM certificate's `KeyAlgorithm` is RSA_2048 or stronger (absent is RSA_2048, CloudFormation's
 * default); that every Transfer Family server uses the current SFTP security policy; and the TLS
 * policies of the edge (as `tls-policy`, TLS 1.2 unless the claim says otherwise). Needs at least one KMS key.
 *
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-certificatemanager-certificate.html
 */
const keysAndCiphers: Verifier = (input) => {
  const ctx = contextOf(input);
  const minimum = minimumOf(input);
  if (isFact(minimum)) {
    return [minimum];
  }
  const keys = everyResource(ctx.stacks, 'AWS::KMS::Key', 'customer-managed keys that rotate', (key) => {
    const spec = literal(key.properties.KeySpec) ?? 'SYMMETRIC_DEFAULT';
    if (spec === 'SYMMETRIC_DEFAULT') {
      // S1-02 promises yearly rotation: a RotationPeriodInDays above 365 rotates less often.
      const period = numberOf(key.properties.RotationPeriodInDays);
      return [
        resourceFact(key, 'Properties.EnableKeyRotation', 'true', isTrue(key.properties.EnableKeyRotation),
          key.properties.EnableKeyRotation === undefined ? 'absent: CloudFormation\'s default is no rotation' : undefined),
        resourceFact(key, 'Properties.RotationPeriodInDays', '<= 365 (absent: 365)',
          key.properties.RotationPeriodInDays === undefined || (period !== undefined && period <= 365),
          key.properties.RotationPeriodInDays === undefined ? 'absent: KMS rotates every 365 days' : undefined),
      ];
    }
    return resourceFact(key, 'Properties.KeySpec', 'RSA_2048 or stronger (asymmetric and HMAC keys do not rotate automatically)',
      STRONG_ASYMMETRIC_KEY_SPECS.includes(spec));
  });
  const certificates = resourcesOf(ctx.stacks, CERTIFICATE).map((c) => {
    const value = c.properties.KeyAlgorithm;
    const algorithm = value === undefined ? 'RSA_2048' : literal(value);
    return fact(c, 'Properties.KeyAlgorithm', 'RSA_2048 or stronger', value ?? 'RSA_2048',
      algorithm !== undefined && STRONG_CERTIFICATE_KEYS.includes(algorithm),
      value === undefined ? 'absent: CloudFormation\'s default is RSA_2048' : undefined);
  });
  const servers = resourcesOf(ctx.stacks, TRANSFER_SERVER).map(transferPolicyFact);
  return [...keys, ...certificates, ...servers, ...tlsPolicyFacts(ctx, minimum)];
};

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
  return [...ingressFacts(ctx), ...publicAccess, ...vpcFacts(ctx), ...placement];
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

/** The verifiers of this area, by the name the catalog's `checks` use. */
export const NETWORK_VERIFIERS: Record<string, Verifier> = {
  'https-only': httpsOnly,
  'tls-policy': tlsPolicy,
  'transit-tls': transitTls,
  'tls-policies-current': tlsPoliciesCurrent,
  'keys-and-ciphers': keysAndCiphers,
  'network-restricted': networkRestricted,
  'waf-ddos': wafDdos,
  'cdn-waf': cdnWaf,
  'admin-vpn': adminVpn,
};
