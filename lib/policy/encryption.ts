/**
 * How data at rest is encrypted.
 *
 * Ordered by strength: a data store may always use a stronger encryption than the
 * policy or its data class asks for, never a weaker one.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/serv-side-encryption.html
 */
export class AtRestEncryption {
  /**
   * Server-side encryption with keys that the service manages (SSE-S3, AES-256).
   */
  public static readonly S3_MANAGED = new AtRestEncryption('S3_MANAGED', 'SSE-S3 (AES-256, service-managed keys)', 1);

  /**
   * Server-side encryption with a customer-managed AWS KMS key with automatic
   * yearly rotation (SSE-KMS, AES-256). The key policy is yours, so access to the
   * data can be audited and revoked.
   */
  public static readonly KMS = new AtRestEncryption('KMS', 'SSE-KMS (AES-256, customer-managed KMS key with rotation)', 2);

  private constructor(
    /** The name, as written in reports and claims (`KMS`, `S3_MANAGED`). */
    public readonly name: string,
    /** A plain-language description for reports. */
    public readonly description: string,
    /** Relative strength; higher is stronger. */
    public readonly strength: number,
  ) {}

  /** Whether this encryption is at least as strong as `other`. */
  public isAtLeast(other: AtRestEncryption): boolean {
    return this.strength >= other.strength;
  }

  /** The stronger of this encryption and `other`. */
  public strongest(other: AtRestEncryption): AtRestEncryption {
    return this.isAtLeast(other) ? this : other;
  }

  /** Whether a customer-managed KMS key is needed. */
  public get requiresKmsKey(): boolean {
    return this === AtRestEncryption.KMS;
  }

  public toString(): string {
    return this.name;
  }
}

/**
 * The lowest TLS version a client may use to reach data.
 *
 * The TLS security-policy names per service live in one place, here and in the
 * network constructs that read it, so that cipher suites are upgraded together (S2-04).
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit
 */
export class MinimumTlsVersion {
  /** TLS 1.2 and newer. */
  public static readonly TLS_1_2 = new MinimumTlsVersion('TLS_1_2', 1.2);
  /** TLS 1.3 only. */
  public static readonly TLS_1_3 = new MinimumTlsVersion('TLS_1_3', 1.3);

  private constructor(
    /** The name, as written in reports and claims. */
    public readonly name: string,
    /** The version number compared against `s3:TlsVersion` (1.2, 1.3). */
    public readonly version: number,
  ) {}

  public toString(): string {
    return this.version.toFixed(1);
  }
}
