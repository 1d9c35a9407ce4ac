import { Arn, ArnFormat, Duration, Names, Stack, Tags, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { cloudFrontLogKey } from './cloudfront-log-key';
import { TlsPolicies } from './tls-policies';
import { WebFirewall, WebFirewallLargeBodies, WebFirewallScope } from './web-firewall';
import { Compliance } from '../compliance/acknowledgement';
import { ComplianceRules } from '../compliance/rule-ids';
import { DataClass } from '../policy/data-class';
import { DataProtectionPolicy } from '../policy/data-protection-policy';
import { AtRestEncryption } from '../policy/encryption';
import { DataProtectionError } from '../private/errors';
import { logBucketProps } from '../private/logs-defaults';
import { PROPS } from '../private/props-specs';
import { validatePropsShape } from '../private/props-validation';
import { protectAfterCreate } from '../private/protect-after-create';
import { literalString } from '../private/validate';
import { AccessLogBucket } from '../storage/access-log-bucket';

/** HSTS: browsers use HTTPS only, for two years, on the domain and its subdomains. */
const HSTS_MAX_AGE = Duration.days(730);

/**
 * What every HTTPS entry point takes: its host name and how its certificate is issued.
 */
export interface EdgeProps {
  /**
   * The host name clients use (`app.example.com`): letters, digits and `-` in dot-separated
   * labels of at most 63 characters, at most 253 characters in all.
   */
  readonly domainName: string;

  /**
   * The public hosted zone of `domainName`. With it, the certificate is validated through DNS
   * records in the zone, and an alias record points `domainName` at the entry point.
   *
   * Without it, the certificate is still validated through DNS, but the validation CNAME must be
   * added by hand where the domain's DNS is hosted (the deployment waits until it is), and so must
   * the record that points `domainName` at the entry point.
   *
   * @default - no hosted zone: DNS records are added by hand
   */
  readonly hostedZone?: route53.IHostedZone;

  /**
   * An existing ACM certificate for `domainName`, instead of a new one. A certificate for a
   * CloudFront distribution must be in us-east-1.
   *
   * Must be in the region of the construct's stack (us-east-1 for a DistributionEdge), or it is refused at synthesis naming both regions; a region
   * that is a token (an environment-agnostic stack, an ARN from a parameter) cannot be compared and is not checked.
   *
   * @default - a new ACM certificate (RSA 2048, SHA-256), DNS-validated and renewed by AWS
   */
  readonly certificate?: acm.ICertificate;
}

/** The compliance rules that read deletion protection from the load balancer's template (turned on after creation here). */
const ALB_DELETION_PROTECTION_RULES = [
  'HIPAA.Security-ELBDeletionProtectionEnabled', 'NIST.800.53.R5-ELBDeletionProtectionEnabled', 'PCI.DSS.321-ELBDeletionProtectionEnabled',
  `${ComplianceRules.GUARD_PREFIX}elbv2_deletion_protection_enabled_check`,
];

/**
 * Properties of a `LoadBalancerEdge`.
 */
export interface LoadBalancerEdgeProps extends EdgeProps {
  /**
   * The VPC of the load balancer.
   *
   * Must be in the region of the construct's stack, or it is refused at synthesis naming both regions; a region
   * that is a token (an environment-agnostic stack, an ARN from a parameter) cannot be compared and is not checked.
   */
  readonly vpc: ec2.IVpc;

  /**
   * The subnets of the load balancer: public subnets in at least two availability zones.
   *
   * @default { subnetType: ec2.SubnetType.PUBLIC }
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The web ACL in front of the load balancer; it must have scope REGIONAL.
   *
   * @default - a new `WebFirewall` of scope REGIONAL with its defaults
   */
  readonly webFirewall?: WebFirewall;

  /**
   * The upload paths where request bodies may be larger than 8 KB, for the default web ACL
   * (`WebFirewallProps.allowLargeBodies`). Without it, any request body over 8 KB gets 403.
   * Only without `webFirewall` (set it on that firewall instead).
   *
   * @default - no exception: every request body over 8 KB is blocked
   */
  readonly allowLargeBodies?: WebFirewallLargeBodies;

  /**
   * The TLS security policy of the HTTPS listener. A policy that accepts TLS older than the
   * DataProtectionPolicy's `minimumTlsVersion`, or ciphers without forward secrecy, is refused.
   *
   * @default - `TlsPolicies.loadBalancerPolicy(policy.minimumTlsVersion)`: ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09 for TLS 1.2
   */
  readonly sslPolicy?: elbv2.SslPolicy;

  /**
   * Where the load balancer writes its access logs. Application Load Balancers deliver only to
   * buckets encrypted with SSE-S3.
   *
   * @default - the stack's access-log bucket (`AccessLogBucket`), under the prefix `alb/<unique id>`
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
   */
  readonly accessLogsBucket?: s3.IBucket;

  /**
   * What the HTTPS listener does with requests that no rule matches. Add targets with
   * `httpsListener.addTargets(...)` or rules with `httpsListener.addAction(...)`.
   *
   * @default - a fixed 404 response
   */
  readonly defaultAction?: elbv2.ListenerAction;
}

/**
 * The HTTPS entry point of a service on an internet-facing Application Load Balancer
 * (claims S0-07, S0-08, S2-04, S2-07, S2-08, S4-09):
 * - an HTTPS listener on 443 with an ACM certificate and the library's TLS policy
 *   (`TlsPolicies`), sending `Strict-Transport-Security`;
 * - an HTTP listener on 80 that only redirects to HTTPS (301);
 * - in public subnets, with a security group of its own that admits 443, and 80 for the redirect,
 *   from anywhere, and sends nothing but to the targets added to it;
 * - access logs, invalid header fields dropped, HTTP desync mitigation, deletion protection;
 * - a WAF web ACL (`WebFirewall`) associated, with Shield Advanced when the firewall opts in.
 *
 * Cost (us-east-1): about 16.40 USD a month for the load balancer (0.0225 USD an hour) plus
 * 0.008 USD per load-balancer capacity unit-hour, and 0.005 USD an hour per public IPv4 address
 * (one per zone: about 7.30 USD a month for two zones); the web ACL's cost is in `WebFirewall`.
 * The ACM certificate is free.
 */
export class LoadBalancerEdge extends Construct {
  /** The load balancer. */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The HTTPS listener on 443: add targets and rules here. */
  public readonly httpsListener: elbv2.ApplicationListener;
  /** The HTTP listener on 80, which only redirects to HTTPS. */
  public readonly httpListener: elbv2.ApplicationListener;
  /** The load balancer's security group. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The certificate of the HTTPS listener. */
  public readonly certificate: acm.ICertificate;
  /** The web ACL in front of the load balancer. */
  public readonly webFirewall: WebFirewall;
  /** The TLS security policy of the HTTPS listener. */
  public readonly sslPolicy: elbv2.SslPolicy;
  /** The host name clients use. */
  public readonly domainName: string;

  constructor(scope: Construct, id: string, props: LoadBalancerEdgeProps) {
    super(scope, id);
    validatePropsShape(this, 'LoadBalancerEdge', props, PROPS.LoadBalancerEdge);
    const policy = DataProtectionPolicy.of(this);
    this.domainName = validateDomainName(props.domainName, props.hostedZone, this);
    this.sslPolicy = TlsPolicies.checkLoadBalancerPolicy(
      props.sslPolicy ?? TlsPolicies.loadBalancerPolicy(policy.minimumTlsVersion), policy.minimumTlsVersion, this);
    if (props.webFirewall && props.webFirewall.firewallScope !== WebFirewallScope.REGIONAL) {
      throw new DataProtectionError(
        `webFirewall of a load balancer must have scope REGIONAL, got a WebFirewall of scope ${props.webFirewall.firewallScope}`, this);
    }
    this.certificate = props.certificate ?? newCertificate(this, this.domainName, props.hostedZone);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Load balancer of ${this.domainName}: HTTPS from anywhere, HTTP only to redirect to HTTPS`,
      allowAllOutbound: false,
    });
    this.securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS from anywhere');
    // Port 80 is its own ingress resource, so that the acknowledgement below covers it alone: any
    // other port later opened to the internet on this group is still reported.
    const httpRedirect = new ec2.CfnSecurityGroupIngress(this.securityGroup, 'HttpRedirectIngress', {
      groupId: this.securityGroup.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: 80,
      toPort: 80,
      cidrIp: '0.0.0.0/0',
      description: 'HTTP from anywhere, redirected to HTTPS only',
    });
    Compliance._standing(httpRedirect, {
      ruleId: 'DataProtection-OpenIngress',
      reason: 'Port 80 is open only for the HTTP listener, whose one action is a 301 redirect to HTTPS on 443: ' +
        'no request is forwarded to a target over plain HTTP, and browsers that follow the redirect get HSTS.',
    });
    Compliance._standing(this.securityGroup, {
      ruleId: 'AwsSolutions-EC23',
      reason: 'This is the internet-facing load balancer of a public service: it admits HTTPS (443) from anywhere, and HTTP (80) ' +
        'only to redirect to HTTPS. Requests pass the WAF web ACL before they reach any target.',
    });

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'Resource', {
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets ?? { subnetType: ec2.SubnetType.PUBLIC },
      internetFacing: true,
      securityGroup: this.securityGroup,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: elbv2.DesyncMitigationMode.DEFENSIVE,
      // Deletion protection is turned on once the stack is complete (below): a load balancer created
      // protected would fail the rollback of a failed first deploy (ROLLBACK_FAILED).
      http2Enabled: true,
    });
    this.protectLoadBalancer();
    this.loadBalancer.logAccessLogs(props.accessLogsBucket ?? AccessLogBucket.of(this).bucket, `alb/${Names.uniqueId(this)}`);

    this.httpsListener = this.loadBalancer.addListener('Https', {
      protocol: elbv2.ApplicationProtocol.HTTPS,
      port: 443,
      certificates: [this.certificate],
      sslPolicy: this.sslPolicy,
      open: false,
      defaultAction: props.defaultAction ?? elbv2.ListenerAction.fixedResponse(404, { contentType: 'text/plain', messageBody: 'Not Found' }),
    });
    this.httpsListener.setAttribute('routing.http.response.strict_transport_security.header_value',
      `max-age=${HSTS_MAX_AGE.toSeconds()}; includeSubDomains`);
    this.httpListener = this.loadBalancer.addListener('Http', {
      protocol: elbv2.ApplicationProtocol.HTTP,
      port: 80,
      open: false,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
    });
    Compliance._standingRules(this.httpListener, [
      'HIPAA.Security-ELBv2ACMCertificateRequired',
      'NIST.800.53.R5-ELBv2ACMCertificateRequired',
      'PCI.DSS.321-ELBv2ACMCertificateRequired',
    ], 'This HTTP listener carries no data: its one action is a 301 redirect to the HTTPS listener on 443, which uses the ACM certificate.');

    if (props.allowLargeBodies && props.webFirewall) {
      throw new DataProtectionError('allowLargeBodies applies to the default web ACL only; set it on the WebFirewall passed as webFirewall', this);
    }
    this.webFirewall = props.webFirewall ?? new WebFirewall(this, 'Firewall', { scope: WebFirewallScope.REGIONAL, allowLargeBodies: props.allowLargeBodies });
    this.webFirewall.associateWithLoadBalancer(this.loadBalancer);

    if (props.hostedZone) {
      new route53.ARecord(this, 'AliasRecord', {
        zone: props.hostedZone,
        recordName: this.domainName,
        target: route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(this.loadBalancer)),
      });
    }
  }

  /** Turns the load balancer's deletion protection on by a call made after every other resource of the stack. */
  private protectLoadBalancer(): void {
    // Left out of the template (not 'false'): an update of the attributes then never turns it off again.
    this.loadBalancer.removeAttribute('deletion_protection.enabled');
    const cfn = this.loadBalancer.node.defaultChild as elbv2.CfnLoadBalancer;
    const protector = protectAfterCreate(cfn, 'DeletionProtection', {
      service: 'ElasticLoadBalancingV2',
      action: 'modifyLoadBalancerAttributes',
      parameters: { LoadBalancerArn: this.loadBalancer.loadBalancerArn, Attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }] },
      physicalResourceId: cr.PhysicalResourceId.of('deletion-protection'),
    }, [new iam.PolicyStatement({ actions: ['elasticloadbalancing:ModifyLoadBalancerAttributes'], resources: [this.loadBalancer.loadBalancerArn] })]);
    Compliance._standingRules(this.loadBalancer, ALB_DELETION_PROTECTION_RULES,
      `Deletion protection is turned on by ${protector.node.path} once every other resource of the stack is created, so that the ` +
      'rollback of a failed first deploy can delete the new load balancer; it holds no data.');
  }
}

/**
 * Properties of a `DistributionEdge`.
 */
export interface DistributionEdgeProps extends EdgeProps {
  /** Where CloudFront fetches content (`origins.HttpOrigin`, `origins.S3BucketOrigin`, ...). */
  readonly origin: cloudfront.IOrigin;

  /**
   * The web ACL in front of the distribution; it must have scope CLOUDFRONT, so it lives in
   * us-east-1. For a distribution in another region's stack, pass `webAclArn` instead.
   *
   * @default - a new `WebFirewall` of scope CLOUDFRONT (the stack must be in us-east-1), unless `webAclArn` is given
   */
  readonly webFirewall?: WebFirewall;

  /**
   * The upload paths where request bodies may be larger than 8 KB, for the default web ACL
   * (`WebFirewallProps.allowLargeBodies`). Without it, any request body over 8 KB gets 403.
   * Only without `webFirewall` and `webAclArn` (set it on that firewall instead).
   *
   * @default - no exception: every request body over 8 KB is blocked
   */
  readonly allowLargeBodies?: WebFirewallLargeBodies;

  /**
   * The ARN of a web ACL of scope CLOUDFRONT made elsewhere (in a us-east-1 stack), for a
   * distribution whose stack is in another region. Only one of `webFirewall` and `webAclArn`.
   *
   * @default - the web ACL of `webFirewall`
   */
  readonly webAclArn?: string;

  /**
   * The viewer TLS security policy. A policy that accepts TLS older than the DataProtectionPolicy's
   * `minimumTlsVersion`, or older than the TLSv1.2_2021 cipher set, is refused.
   *
   * @default - `TlsPolicies.distributionPolicy(policy.minimumTlsVersion)`: TLSv1.2_2021 for TLS 1.2
   */
  readonly minimumProtocolVersion?: cloudfront.SecurityPolicyProtocol;

  /**
   * The HTTP methods CloudFront forwards to the origin.
   *
   * @default cloudfront.AllowedMethods.ALLOW_GET_HEAD
   */
  readonly allowedMethods?: cloudfront.AllowedMethods;

  /**
   * How CloudFront caches responses.
   *
   * @default cloudfront.CachePolicy.CACHING_OPTIMIZED
   */
  readonly cachePolicy?: cloudfront.ICachePolicy;

  /**
   * Which headers, cookies and query strings CloudFront forwards to the origin.
   *
   * @default - none beyond what the cache policy includes
   */
  readonly originRequestPolicy?: cloudfront.IOriginRequestPolicy;

  /**
   * A second origin that CloudFront falls back to when `origin` answers 500, 502, 503 or 504 or
   * cannot be reached (an origin group). CloudFront fails over only GET, HEAD and OPTIONS
   * requests; other methods get the primary origin's error.
   *
   * @default - no failover
   * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html
   */
  readonly fallbackOrigin?: cloudfront.IOrigin;

  /**
   * The object CloudFront returns for a request to the root URL (`index.html` for a static site).
   *
   * @default - none: the origin answers requests to `/` itself
   */
  readonly defaultRootObject?: string;

  /**
   * Countries from which CloudFront serves or refuses requests.
   *
   * @default - served worldwide
   */
  readonly geoRestriction?: cloudfront.GeoRestriction;
}

/**
 * The HTTPS entry point of a service on a CloudFront distribution (claims S0-07, S0-08, S2-04,
 * S2-08, S4-05):
 * - viewers are redirected from HTTP to HTTPS, with an ACM certificate and the library's viewer
 *   TLS policy (`TlsPolicies`, TLSv1.2_2021), SNI, HTTP/2 and HTTP/3;
 * - a response headers policy that adds HSTS (two years, subdomains), `X-Content-Type-Options`,
 *   `X-Frame-Options: DENY` and a strict referrer policy;
 * - a WAF web ACL of scope CLOUDFRONT (created here when the stack is in us-east-1, or given by ARN);
 * - standard logs to a bucket of their own, kept for the policy's log retention.
 *
 * CloudFront delivers standard logs (legacy) only to buckets with ACLs enabled: the log bucket is
 * the one bucket of the library with ACLs on (object writer). All public access is still blocked,
 * the bucket policy denies requests without TLS. Under a policy whose at-rest encryption is KMS
 * it is SSE-KMS with a customer-managed rotating key of its own and S3 Bucket Keys; the key policy
 * lets CloudFront's log delivery (`delivery.logs.amazonaws.com`) use it (`kms:GenerateDataKey*`,
 * and `kms:Decrypt`, which S3 Bucket Keys need) for this account's deliveries only
 * (`aws:SourceAccount`). Under an SSE-S3 policy it is SSE-S3.
 *
 * Cost: no fixed monthly charge; data transfer out from 0.085 USD per GB and 0.01 USD per 10,000
 * HTTPS requests (North America and Europe), after the always-free 1 TB and 10 million requests
 * a month; the web ACL's cost is in `WebFirewall`; S3 storage of the logs. The ACM certificate is free.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html
 */
export class DistributionEdge extends Construct {
  /** The distribution. */
  public readonly distribution: cloudfront.Distribution;
  /** The certificate of the distribution. */
  public readonly certificate: acm.ICertificate;
  /** The web ACL in front of the distribution, when it is made or given as a construct. */
  public readonly webFirewall?: WebFirewall;
  /** The ARN of the web ACL in front of the distribution. */
  public readonly webAclArn: string;
  /** The response headers policy with HSTS. */
  public readonly responseHeadersPolicy: cloudfront.ResponseHeadersPolicy;
  /** The bucket of the standard logs. */
  public readonly logBucket: s3.Bucket;
  /**
   * The customer-managed key of the standard-log bucket, when the policy asks for KMS.
   * @default - none: the policy asks for SSE-S3
   */
  public readonly logKey?: kms.Key;
  /** The viewer TLS security policy. */
  public readonly minimumProtocolVersion: cloudfront.SecurityPolicyProtocol;
  /** The host name clients use. */
  public readonly domainName: string;

  constructor(scope: Construct, id: string, props: DistributionEdgeProps) {
    super(scope, id);
    validatePropsShape(this, 'DistributionEdge', props, PROPS.DistributionEdge);
    const policy = DataProtectionPolicy.of(this);
    this.domainName = validateDomainName(props.domainName, props.hostedZone, this);
    this.minimumProtocolVersion = TlsPolicies.checkDistributionPolicy(
      props.minimumProtocolVersion ?? TlsPolicies.distributionPolicy(policy.minimumTlsVersion), policy.minimumTlsVersion, this);
    const region = Stack.of(this).region;

    if (props.webFirewall && props.webAclArn) {
      throw new DataProtectionError('give either webFirewall or webAclArn, not both', this);
    }
    if (props.webFirewall && props.webFirewall.firewallScope !== WebFirewallScope.CLOUDFRONT) {
      throw new DataProtectionError(
        `webFirewall of a distribution must have scope CLOUDFRONT, got a WebFirewall of scope ${props.webFirewall.firewallScope}`, this);
    }
    if (props.allowLargeBodies && (props.webFirewall || props.webAclArn)) {
      throw new DataProtectionError('allowLargeBodies applies to the default web ACL only; set it on the WebFirewall of webFirewall or webAclArn', this);
    }
    if (props.certificate) {
      const certRegion = regionOfCertificate(props.certificate);
      if (!Token.isUnresolved(certRegion) && certRegion !== 'us-east-1') {
        throw new DataProtectionError(`certificate of a distribution must be in us-east-1 (CloudFront's rule), got one in ${certRegion}`, this);
      }
      this.certificate = props.certificate;
    } else {
      if (!Token.isUnresolved(region) && region !== 'us-east-1') {
        throw new DataProtectionError(
          `a certificate made for a distribution must be in us-east-1 (CloudFront's rule), got a stack in ${region}: ` +
          'pass certificate, made in a us-east-1 stack', this);
      }
      this.certificate = newCertificate(this, this.domainName, props.hostedZone);
    }

    // After the certificate checks: a refused certificate leaves no firewall behind.
    this.webFirewall = props.webAclArn ? undefined : props.webFirewall ?? new WebFirewall(this, 'Firewall', {
      scope: WebFirewallScope.CLOUDFRONT, allowLargeBodies: props.allowLargeBodies,
    });
    this.webAclArn = props.webAclArn ?? this.webFirewall!.webAclArn;

    this.responseHeadersPolicy = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `HSTS, nosniff, frame DENY, strict referrer for ${this.domainName}`.slice(0, 128),
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: HSTS_MAX_AGE, includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
    });

    policy.assertDeclared(DataClass.INTERNAL, this);
    this.logKey = logEncryptionOf(policy).isAtLeast(AtRestEncryption.KMS) ? cloudFrontLogKey(this) : undefined;
    this.logBucket = this.newLogBucket(policy);
    const origin = props.fallbackOrigin
      ? new origins.OriginGroup({ primaryOrigin: props.origin, fallbackOrigin: props.fallbackOrigin })
      : props.origin;

    this.distribution = new cloudfront.Distribution(this, 'Resource', {
      comment: `HTTPS entry point of ${this.domainName}`.slice(0, 128),
      domainNames: [this.domainName],
      certificate: this.certificate,
      minimumProtocolVersion: this.minimumProtocolVersion,
      sslSupportMethod: cloudfront.SSLMethod.SNI,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableIpv6: true,
      webAclId: this.webAclArn,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: `cloudfront/${Names.uniqueId(this)}/`,
      geoRestriction: props.geoRestriction,
      defaultRootObject: props.defaultRootObject,
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: this.responseHeadersPolicy,
        allowedMethods: props.allowedMethods,
        cachePolicy: props.cachePolicy,
        originRequestPolicy: props.originRequestPolicy,
      },
    });
    if (this.webFirewall?.shieldAdvanced) {
      this.webFirewall.protectDistribution(this.distribution);
    }
    this.acknowledgeOptionalControls(props);

    if (props.hostedZone) {
      const target = route53.RecordTarget.fromAlias(new targets.CloudFrontTarget(this.distribution));
      new route53.ARecord(this, 'AliasRecord', { zone: props.hostedZone, recordName: this.domainName, target });
      new route53.AaaaRecord(this, 'AliasRecordIpv6', { zone: props.hostedZone, recordName: this.domainName, target });
    }
  }

  /**
   * Acknowledges the findings for the options of this construct that were not chosen, each
   * with the reason it is optional.
   */
  private acknowledgeOptionalControls(props: DistributionEdgeProps): void {
    if (!props.geoRestriction) {
      Compliance._standing(this.distribution, {
        ruleId: 'AwsSolutions-CFR1',
        reason: 'The service is offered worldwide, so the distribution serves every country; pass geoRestriction to limit it.',
      });
    }
    if (!props.fallbackOrigin) {
      Compliance._standing(this.distribution, {
        ruleId: `${ComplianceRules.GUARD_PREFIX}cloudfront_origin_failover_enabled_check`,
        reason: 'Origin failover needs a second copy of the origin, which only the service can provide (fallbackOrigin); ' +
          'the origin itself is spread over availability zones (claim S2-10).',
      });
    }
    if (!props.defaultRootObject) {
      Compliance._standing(this.distribution, {
        ruleId: `${ComplianceRules.GUARD_PREFIX}cloudfront_default_root_object_configured_check`,
        reason: 'The origin is an application that answers requests to / itself, so no origin listing can be exposed; ' +
          'pass defaultRootObject for a static-site origin.',
      });
    }
  }

  /**
   * The bucket of the standard logs: everything a log bucket can have with the ACLs that
   * CloudFront's standard logging (legacy) needs. Encrypted as the policy's `atRestEncryption`
   * (or the declared `internal` class, if stronger) demands: with KMS, SSE-KMS under a
   * customer-managed rotating key of its own (`logKey`), with S3 Bucket Keys (claims S2-03, S4-07).
   */
  private newLogBucket(policy: DataProtectionPolicy): s3.Bucket {
    const accessLogs = AccessLogBucket.of(this).bucket;
    const bucket = new s3.Bucket(this, 'LogBucket', {
      ...logBucketProps(policy),
      ...(this.logKey ? { encryption: s3.BucketEncryption.KMS, encryptionKey: this.logKey, bucketKeyEnabled: true } : {}),
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: `${Names.uniqueId(this)}-logs/`,
    });
    Tags.of(bucket).add(DataClass.TAG_KEY, DataClass.INTERNAL.name);
    if (!this.logKey) {
      Compliance._standingRules(bucket, ComplianceRules.S3_KMS_ENCRYPTION,
        'CloudFront standard logs are written to this bucket; the policy asks for SSE-S3 (AES-256), which needs no key grant for log delivery.');
    }
    Compliance._standingRules(bucket, ComplianceRules.S3_REPLICATION,
      'CloudFront access logs stay in one region; S3 stores them across three availability zones, and they expire on the policy\'s log retention.');
    Compliance._standingRules(bucket, ComplianceRules.S3_OBJECT_LOCK,
      'CloudFront access logs expire on the policy\'s log retention; Object Lock would keep personal data (viewer IPs) beyond it.');
    Compliance._standingRules(bucket, ComplianceRules.S3_EVENT_NOTIFICATIONS,
      'Nothing consumes CloudFront log deliveries as events; they are read in bulk by log analysis.');
    return bucket;
  }
}

/** The encryption of the standard-log bucket: the policy's, or its `internal` class's when that is stronger. */
function logEncryptionOf(policy: DataProtectionPolicy): AtRestEncryption {
  const declared = policy.dataClasses.find((c) => c.name === DataClass.INTERNAL.name);
  return declared ? policy.atRestEncryption.strongest(declared.minimumEncryption) : policy.atRestEncryption;
}

/** One DNS label: letters, digits and '-', not at either end, 1-63 characters. */
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

function validateDomainName(domainName: string, zone: route53.IHostedZone | undefined, scope: Construct): string {
  literalString('domainName', domainName, scope);
  const labels = domainName.split('.');
  if (domainName.length > 253 || labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^\d+$/.test(labels[labels.length - 1])) {
    throw new DataProtectionError(
      'domainName must be a host name: at least two dot-separated labels of 1-63 letters, digits or \'-\' (not at either end of a label), ' +
      `at most 253 characters, not an IP address; got '${domainName}'`, scope);
  }
  const zoneName = zone?.zoneName.replace(/\.$/, '');
  if (zoneName && !Token.isUnresolved(zoneName) && domainName !== zoneName && !domainName.toLowerCase().endsWith(`.${zoneName.toLowerCase()}`)) {
    throw new DataProtectionError(`domainName '${domainName}' is not in hostedZone '${zoneName}': allowed are ${zoneName} and its subdomains`, scope);
  }
  return domainName;
}

/** The region of `certificate`: from its ARN when the ARN is literal (imported), else its stack's. */
function regionOfCertificate(certificate: acm.ICertificate): string {
  const arn = certificate.certificateArn;
  return Token.isUnresolved(arn) ? certificate.env.region : Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME).region ?? certificate.env.region;
}

function newCertificate(scope: Construct, domainName: string, zone: route53.IHostedZone | undefined): acm.Certificate {
  return new acm.Certificate(scope, 'Certificate', {
    domainName,
    validation: zone ? acm.CertificateValidation.fromDns(zone) : acm.CertificateValidation.fromDns(),
    keyAlgorithm: acm.KeyAlgorithm.RSA_2048,
    transparencyLoggingEnabled: true,
  });
}
