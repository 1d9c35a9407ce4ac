import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { IConstruct } from 'constructs';
import { MinimumTlsVersion } from '../policy/encryption';
import { DataProtectionError } from '../private/errors';

/**
 * The one place of the library that names TLS security policies (claim S2-04: cipher suites
 * upgraded as the landscape changes; S0-08: "A" grade TLS with forward secrecy; S1-02).
 *
 * Every edge of the library takes its policy from here, so a release that moves to newer
 * policies upgrades every listener and distribution at once. The names are checked against
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
  public static readonly LOAD_BALANCER_TLS_1_2 = elbv2.SslPolicy.TLS13_12_RES_PQ;

  /** The listener policy of an Application Load Balancer when the policy's minimum is TLS 1.3. */
  public static readonly LOAD_BALANCER_TLS_1_3 = elbv2.SslPolicy.TLS13_13_PQ;

  /** The viewer security policy of a CloudFront distribution when the policy's minimum is TLS 1.2. */
  public static readonly DISTRIBUTION_TLS_1_2 = cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021;

  /** The viewer security policy of a CloudFront distribution when the policy's minimum is TLS 1.3. */
  public static readonly DISTRIBUTION_TLS_1_3 = cloudfront.SecurityPolicyProtocol.TLS_V1_3_2025;

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
    const name = String(sslPolicy);
    const tls13 = /^ELBSecurityPolicy-TLS13-1-(\d)-/.exec(name);
    if (tls13) {
      return 1 + Number(tls13[1]) / 10;
    }
    const versioned = /^ELBSecurityPolicy-(?:TLS|FS)-1-(\d)-/.exec(name);
    return versioned ? 1 + Number(versioned[1]) / 10 : 1.0;
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
    return /^ELBSecurityPolicy-(TLS13-1-3-|TLS13-1-2-Res-|FS-1-2-Res-2020-10$)/.test(String(sslPolicy));
  }

  /**
   * The lowest TLS version a CloudFront viewer security policy accepts (`0` for SSLv3).
   *
   * @param protocol the viewer security policy
   */
  public static distributionPolicyMinimumVersion(protocol: cloudfront.SecurityPolicyProtocol): number {
    const name = String(protocol);
    const m = /^TLSv1\.(\d)_/.exec(name);
    if (m) {
      return 1 + Number(m[1]) / 10;
    }
    return name.startsWith('TLSv1') ? 1.0 : 0;
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
    const allowed = [TlsPolicies.DISTRIBUTION_TLS_1_2, cloudfront.SecurityPolicyProtocol.TLS_V1_2_2025, TlsPolicies.DISTRIBUTION_TLS_1_3]
      .filter((p) => TlsPolicies.distributionPolicyMinimumVersion(p) >= minimum.version);
    if (version < minimum.version || !allowed.includes(protocol)) {
      throw new DataProtectionError(
        `minimumProtocolVersion ${protocol} is weaker than the DataProtectionPolicy's minimum of TLS ${minimum}: allowed ${allowed.join(', ')}`, scope);
    }
    return protocol;
  }

  private constructor() {}
}
