import * as tls from '../../private/tls-policy-names';
import { Fact, ResourceView, Verifier } from '../model';
import { everyResource, fact, isTrue, listOf, noResource, numberOf, refTarget, resourceFact, resourcesOf, statementsOf } from '../query';
import { databaseTlsFacts } from './database-tls';
import {
  BUCKET, BUCKET_POLICY, CERTIFICATE, Context, contextOf, DB_CLUSTER, DB_INSTANCE, DEFAULT_LISTENER_POLICY, DEFAULT_TRANSFER_POLICY,
  DISTRIBUTION, flatten, HTTPS_VIEWER_POLICIES, isFact, LISTENER, LISTENER_CERTIFICATE, LISTENER_RULE, literal, Minimum, minimumOf, notes,
  resolveResource, siblings, STRONG_ASYMMETRIC_KEY_SPECS, STRONG_CERTIFICATE_KEYS, TRANSFER_SERVER,
} from './network-context';
import { serviceTlsFacts } from './service-tls';

/*
 * TLS at the front doors (S0-07, S0-08, S1-02, S2-02, S2-04, S4-07): listeners, distributions,
 * certificates, bucket policies and TLS policies, and the verifiers that read them.
 */
// ---------------------------------------------------------------------------------------------
// Front doors: listeners, distributions, certificates

export function protocolOf(listener: ResourceView): string | undefined {
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
export function httpRedirectOnly(ctx: Context, listener: ResourceView): { ok: boolean; found: string } {
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
export function distributionPolicyFact(distribution: ResourceView, minimum: Minimum, allowed: string[]): Fact {
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
    ...resourcesOf(ctx.stacks, DB_INSTANCE, DB_CLUSTER).flatMap((db) => databaseTlsFacts(ctx, db, minimum)),
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

/** The TLS verifiers, by the name the catalog's `checks` use (also in `NETWORK_VERIFIERS`). */
export const TLS_VERIFIERS: Record<string, Verifier> = {
  'https-only': httpsOnly,
  'tls-policy': tlsPolicy,
  'transit-tls': transitTls,
  'tls-policies-current': tlsPoliciesCurrent,
  'keys-and-ciphers': keysAndCiphers,
};
