import { DataPromise } from './data-promise';
import { AtRestEncryption } from '../policy/encryption';

/** Properties of an `EncryptionAtRestPromise`. */
export interface EncryptionAtRestPromiseProps {
  /**
   * The encryption promised: `KMS` (customer-managed KMS keys) or `S3_MANAGED` (AES-256, any keys).
   * @default AtRestEncryption.KMS
   */
  readonly encryption?: AtRestEncryption;
  /**
   * The promise's id in reports.
   * @default 'encryption-at-rest'
   */
  readonly id?: string;
}

/**
 * "All persisted data is encrypted at rest with AWS KMS keys": the policy's `atRestEncryption`
 * must be at least as strong (the policy refuses the promise otherwise) and every store of the
 * library follows it; the report checks every data-holding resource of the templates.
 */
export class EncryptionAtRestPromise extends DataPromise {
  /** The encryption promised. */
  public readonly encryption: AtRestEncryption;

  constructor(props: EncryptionAtRestPromiseProps = {}) {
    const encryption = props.encryption ?? AtRestEncryption.KMS;
    super(props.id ?? 'encryption-at-rest', 'encryption-at-rest', { encryption: encryption.name });
    this.encryption = encryption;
  }
}
