import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { IConstruct } from 'constructs';
import { MinimumTlsVersion } from '../policy/encryption';
import { DataProtectionError } from '../private/errors';
import * as names from '../private/tls-policy-names';

/**
 * The one place of the library that names TLS security policies (claim S2-04: cipher suites
 * upgraded as the landscape changes; S0-08: "A" grade TLS with forward secrecy; S1-02).
 *
 * Every edge of the library takes its policy from here, so a release that moves to newer
 * policies upgrades every listener and distribution at once. The names themselves are kept in
 * `lib/private/tls-policy-names.ts`, which the evidence report reads too. They are checked against
 * the AWS documentation of each release:
 * - Application Load Balancer: `ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09`, the policy AWS
 *   recommends (and the console's default): TLS 1.3 and 1.2, AEAD ciphers with forward secrecy only
 *   (no CBC, no RSA key exchange), hybrid post-quantum ML-KEM key exchange for clients that support it;
 * - CloudFront: `TLSv1.2_2021`: TLS 1.2 and 1.3, ECDHE with AES-GCM or ChaCha20-Poly1305 only.
 *
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html
 */
export class TlsPolicies {
  /** The listener policy of an Application Load Balancer when the policy's minimum is TLS 1.2. */
  public static readonly LOAD_BALANCER_TLS_1_2: elbv2.SslPolicy = sslPolicyNamed(names.LOAD_BALANCER_TLS_1_2_POLICY);

  /** The listener policy of an Application Load Balancer when the policy's minimum is TLS 1.3. */
  public static readonly LOAD_BALANCER_TLS_1_3: elbv2.SslPolicy = sslPolicyNamed(names.LOAD_BALANCER_TLS_1_3_POLICY);

  /** The viewer security policy of a CloudFront distribution when the policy's minimum is TLS 1.2. */
  public static readonly DISTRIBUTION_TLS_1_2: cloudfront.SecurityPolicyProtocol = protocolNamed(names.DISTRIBUTION_TLS_1_2_POLICY);

  /** The viewer security policy of a CloudFront distribution when the policy's minimum is TLS 1.3. */
  public static readonly DISTRIBUTION_TLS_1_3: cloudfront.SecurityPolicyProtocol = protocolNamed(names.DISTRIBUTION_TLS_1_3_POLICY);

  /**
   * The listener policy of an Application Load Balancer for `minimum`.
   *
   * @param minimum the lowest TLS version clients may use (the policy's `minimumTlsVersion`)
   */
  public static loadBalancerPolicy(minimum: MinimumTlsVersion): elbv2.SslPolicy {
    return minimum.version >= 1.3 ? TlsPolicies.LOAD_BALANCER_TLS_1_3 : TlsPolicies.LOAD_BALANCER_TLS_1_2;
  }

  /**
   * The viewer security policy of a CloudFront distribution for `minimum`.
   *
   * @param minimum the lowest TLS version clients may use (the policy's `minimumTlsVersion`)
   */
  public static distributionPolicy(minimum: MinimumTlsVersion): cloudfront.SecurityPolicyProtocol {
    return minimum.version >= 1.3 ? TlsPolicies.DISTRIBUTION_TLS_1_3 : TlsPolicies.DISTRIBUTION_TLS_1_2;
  }

  /**
   * The lowest TLS version a load balancer listener policy accepts (`1.0` for the legacy policies
   * that also accept SSL 3.0 or TLS 1.0).
   *
   * @param sslPolicy the listener policy
   */
  public static loadBalancerPolicyMinimumVersion(sslPolicy: elbv2.SslPolicy): number {
    return names.loadBalancerPolicyMinimumVersion(String(sslPolicy));
  }

  /**
   * Whether a load balancer listener policy offers only AEAD ciphers with forward secrecy:
   * the TLS 1.3-only policies and the restricted (`-Res-`) TLS 1.2 policies, in their FIPS and
   * post-quantum variants, and `ELBSecurityPolicy-FS-1-2-Res-2020-10`. The other TLS 1.2 policies
   * (`TLS13-1-2-2021-06`, `-Ext1-`, `-Ext2-`, `TLS-1-2-*`) also offer RSA key exchange or CBC ciphers.
   *
   * @param sslPolicy the listener policy
   */
  public static loadBalancerPolicyIsRestricted(sslPolicy: elbv2.SslPolicy): boolean {
    return names.loadBalancerPolicyIsRestricted(String(sslPolicy));
  }

  /**
   * The lowest TLS version a CloudFront viewer security policy accepts (`0` for SSLv3).
   *
   * @param protocol the viewer security policy
   */
  public static distributionPolicyMinimumVersion(protocol: cloudfront.SecurityPolicyProtocol): number {
    return names.distributionPolicyMinimumVersion(String(protocol));
  }

  /**
   * `sslPolicy` itself, or an error when it accepts TLS older than `minimum` or ciphers other than
   * AEAD ciphers with forward secrecy (claims S0-08, S2-02).
   *
   * @param sslPolicy the listener policy asked for
   * @param minimum the policy's minimum TLS version
   * @param scope the construct named in the error
   */
  public static checkLoadBalancerPolicy(sslPolicy: elbv2.SslPolicy, minimum: MinimumTlsVersion, scope: IConstruct): elbv2.SslPolicy {
    const version = TlsPolicies.loadBalancerPolicyMinimumVersion(sslPolicy);
    if (version < minimum.version || !TlsPolicies.loadBalancerPolicyIsRestricted(sslPolicy)) {
      throw new DataProtectionError(
        `sslPolicy ${sslPolicy} is weaker than the DataProtectionPolicy's minimum: allowed are policies with forward-secrecy AEAD ciphers only ` +
        `(ELBSecurityPolicy-TLS13-1-3-*, ELBSecurityPolicy-TLS13-1-2-Res-*, ELBSecurityPolicy-FS-1-2-Res-2020-10) accepting TLS ${minimum} or newer, ` +
        `such as ${TlsPolicies.loadBalancerPolicy(minimum)}; got a policy accepting TLS ${version.toFixed(1)}`, scope);
    }
    return sslPolicy;
  }

  /**
   * `protocol` itself, or an error when it accepts TLS older than `minimum` or older than the
   * `TLSv1.2_2021` cipher set (claims S0-08, S2-02).
   *
   * @param protocol the viewer security policy asked for
   * @param minimum the policy's minimum TLS version
   * @param scope the construct named in the error
   */
  public static checkDistributionPolicy(
    protocol: cloudfront.SecurityPolicyProtocol, minimum: MinimumTlsVersion, scope: IConstruct): cloudfront.SecurityPolicyProtocol {
    const version = TlsPolicies.distributionPolicyMinimumVersion(protocol);
    const allowed = names.DISTRIBUTION_APPROVED_POLICIES.map(protocolNamed)
      .filter((p) => TlsPolicies.distributionPolicyMinimumVersion(p) >= minimum.version);
    if (version < minimum.version || !allowed.includes(protocol)) {
      throw new DataProtectionError(
        `minimumProtocolVersion ${protocol} is weaker than the DataProtectionPolicy's minimum of TLS ${minimum}: allowed ${allowed.join(', ')}`, scope);
    }
    return protocol;
  }

  private constructor() {}
}

/** The member of aws-cdk-lib's `SslPolicy` enum with this name (an error when aws-cdk-lib does not know it). */
function sslPolicyNamed(name: string): elbv2.SslPolicy {
  const found = Object.values(elbv2.SslPolicy).find((p) => p === name);
  if (found === undefined) {
    throw new Error(`aws-cdk-lib has no elbv2.SslPolicy named ${name}`);
  }
  return found;
}

/** The member of aws-cdk-lib's `SecurityPolicyProtocol` enum with this name (an error when aws-cdk-lib does not know it). */
function protocolNamed(name: string): cloudfront.SecurityPolicyProtocol {
  const found = Object.values(cloudfront.SecurityPolicyProtocol).find((p) => p === name);
  if (found === undefined) {
    throw new Error(`aws-cdk-lib has no cloudfront.SecurityPolicyProtocol named ${name}`);
  }
  return found;
}
