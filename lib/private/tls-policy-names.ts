/**
 * The names of the TLS security policies the library uses and approves, as plain strings
 * (claims S0-08, S1-02, S2-02, S2-04).
 *
 * They live here, with no dependency at all, so that the constructs (`TlsPolicies`, which maps them
 * to aws-cdk-lib's enums) and the evidence report (`lib/evidence`, which reads only JSON and must
 * not load aws-cdk-lib) share one source: a release that moves to newer policies changes them here,
 * and the report then expects the new names.
 *
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html
 * @see https://docs.aws.amazon.com/transfer/latest/userguide/security-policies.html
 */

/**
 * The load balancer listener policy for a TLS 1.2 minimum: TLS 1.3 and 1.2, AEAD ciphers with
 * forward secrecy only, hybrid post-quantum (ML-KEM) key exchange; AWS's recommended policy.
 */
export const LOAD_BALANCER_TLS_1_2_POLICY = 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09';

/** The load balancer listener policy for a TLS 1.3 minimum: TLS 1.3 only, post-quantum key exchange. */
export const LOAD_BALANCER_TLS_1_3_POLICY = 'ELBSecurityPolicy-TLS13-1-3-PQ-2025-09';

/** The CloudFront viewer policy for a TLS 1.2 minimum: TLS 1.2 and 1.3, ECDHE with AES-GCM or ChaCha20-Poly1305 only. */
export const DISTRIBUTION_TLS_1_2_POLICY = 'TLSv1.2_2021';

/** The newer CloudFront viewer policy for a TLS 1.2 minimum (same forward-secret AEAD cipher set, fewer TLS 1.2 suites). */
export const DISTRIBUTION_TLS_1_2_2025_POLICY = 'TLSv1.2_2025';

/** The CloudFront viewer policy for a TLS 1.3 minimum: TLS 1.3 only. */
export const DISTRIBUTION_TLS_1_3_POLICY = 'TLSv1.3_2025';

/** The CloudFront viewer policies the library accepts, whatever the minimum (each is filtered by its minimum version). */
export const DISTRIBUTION_APPROVED_POLICIES: readonly string[] = [
  DISTRIBUTION_TLS_1_2_POLICY, DISTRIBUTION_TLS_1_2_2025_POLICY, DISTRIBUTION_TLS_1_3_POLICY,
];

/** The newest Transfer Family security policy (March 2025), with hybrid post-quantum SSH key exchange. */
export const SFTP_SECURITY_POLICY = 'TransferSecurityPolicy-2025-03';

/** The FIPS 140-validated variant of `SFTP_SECURITY_POLICY`. */
export const SFTP_FIPS_SECURITY_POLICY = 'TransferSecurityPolicy-FIPS-2025-03';

/**
 * The lowest TLS version a load balancer listener policy accepts (`1.0` for the legacy policies,
 * which also accept SSL 3.0 or TLS 1.0, and for names it does not know).
 *
 * @param name the listener policy (`ELBSecurityPolicy-TLS13-1-2-Res-2021-06`)
 */
export function loadBalancerPolicyMinimumVersion(name: string): number {
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
 * @param name the listener policy
 */
export function loadBalancerPolicyIsRestricted(name: string): boolean {
  return /^ELBSecurityPolicy-(TLS13-1-3-|TLS13-1-2-Res-|FS-1-2-Res-2020-10$)/.test(name);
}

/**
 * Whether a load balancer listener policy is one the library approves for `minimum`: it accepts
 * no TLS older than `minimum` and offers only forward-secret AEAD ciphers.
 *
 * @param name the listener policy
 * @param minimum the lowest TLS version allowed (1.2, 1.3)
 */
export function isApprovedLoadBalancerPolicy(name: string, minimum: number): boolean {
  return loadBalancerPolicyMinimumVersion(name) >= minimum && loadBalancerPolicyIsRestricted(name);
}

/**
 * The lowest TLS version a CloudFront viewer security policy accepts (`0` for SSLv3).
 *
 * @param name the viewer security policy (`TLSv1.2_2021`)
 */
export function distributionPolicyMinimumVersion(name: string): number {
  const m = /^TLSv1\.(\d)_/.exec(name);
  if (m) {
    return 1 + Number(m[1]) / 10;
  }
  return name.startsWith('TLSv1') ? 1.0 : 0;
}

/**
 * The CloudFront viewer policies the library approves for `minimum`.
 *
 * @param minimum the lowest TLS version allowed (1.2, 1.3)
 */
export function approvedDistributionPolicies(minimum: number): string[] {
  return DISTRIBUTION_APPROVED_POLICIES.filter((p) => distributionPolicyMinimumVersion(p) >= minimum);
}

/**
 * The load balancer listener policy the library uses for `minimum`.
 *
 * @param minimum the lowest TLS version allowed (1.2, 1.3)
 */
export function currentLoadBalancerPolicy(minimum: number): string {
  return minimum >= 1.3 ? LOAD_BALANCER_TLS_1_3_POLICY : LOAD_BALANCER_TLS_1_2_POLICY;
}

/**
 * The CloudFront viewer policy the library uses for `minimum`.
 *
 * @param minimum the lowest TLS version allowed (1.2, 1.3)
 */
export function currentDistributionPolicy(minimum: number): string {
  return minimum >= 1.3 ? DISTRIBUTION_TLS_1_3_POLICY : DISTRIBUTION_TLS_1_2_POLICY;
}
