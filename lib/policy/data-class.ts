import { AtRestEncryption } from './encryption';
import { DATA_CLASS_TAG } from '../private/data-store-types';
import { DataProtectionError } from '../private/errors';

/**
 * How much harm a disclosure of the data would do, which decides how it is protected.
 */
export enum ProtectionLevel {
  /** Internal operational data; a disclosure is an embarrassment, not a breach. */
  INTERNAL = 'INTERNAL',
  /** Customer content; a disclosure is a breach of contract. */
  CONFIDENTIAL = 'CONFIDENTIAL',
  /** Personal data of customers' users; a disclosure is a notifiable breach (GDPR Art. 33/34). */
  RESTRICTED = 'RESTRICTED',
}

/**
 * Properties of a custom data class.
 */
export interface DataClassProps {
  /**
   * The value of the data-class tag on every data store of this class.
   * Lower-case letters, digits and hyphens, 1-64 characters.
   */
  readonly name: string;

  /** A human-readable label for reports and the register of processing activities. */
  readonly label: string;

  /** How the data of this class is protected. */
  readonly protectionLevel: ProtectionLevel;

  /**
   * Whether the class holds personal data (GDPR): such stores are listed in the
   * register of processing activities and their retention must not exceed erasure deadlines.
   */
  readonly personalData: boolean;

  /**
   * The weakest encryption at rest a data store of this class may use. Personal data is always
   * encrypted with KMS: a class with `personalData` and a weaker minimum is refused.
   *
   * @default - `AtRestEncryption.KMS` for RESTRICTED data and personal data, `AtRestEncryption.S3_MANAGED` otherwise
   */
  readonly minimumEncryption?: AtRestEncryption;
}

/**
 * A category of data with the protection it requires (claims S1-01, S3-01, S3-02).
 *
 * Every data store carries the class in its `data-class` tag; the class decides its
 * minimum encryption and whether it holds personal data.
 */
export class DataClass {
  /** The tag key that names the data class of every data store. */
  public static readonly TAG_KEY = DATA_CLASS_TAG;

  /** Content customers put into the service (recordings, documents, messages). */
  public static readonly CUSTOMER_DATA = new DataClass({
    name: 'customer-data',
    label: 'Customer Data',
    protectionLevel: ProtectionLevel.CONFIDENTIAL,
    personalData: false,
  });

  /** Personal data about the users of customers (names, e-mail addresses, identifiers). */
  public static readonly CUSTOMER_USER_DATA = new DataClass({
    name: 'customer-user-data',
    label: 'Customer User Data',
    protectionLevel: ProtectionLevel.RESTRICTED,
    personalData: true,
  });

  /** Data the company produces to run the service (logs, metrics, internal documents). */
  public static readonly INTERNAL = new DataClass({
    name: 'internal',
    label: 'Internal Data',
    protectionLevel: ProtectionLevel.INTERNAL,
    personalData: false,
  });

  /** A data class of your own. */
  public static custom(props: DataClassProps): DataClass {
    return new DataClass(props);
  }

  /** The value of the data-class tag. */
  public readonly name: string;
  /** A human-readable label. */
  public readonly label: string;
  /** How the data is protected. */
  public readonly protectionLevel: ProtectionLevel;
  /** Whether the class holds personal data. */
  public readonly personalData: boolean;
  /** The weakest encryption at rest allowed for this class. */
  public readonly minimumEncryption: AtRestEncryption;

  private constructor(props: DataClassProps) {
    if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(props.name)) {
      throw new DataProtectionError(`DataClass name must be 1-64 lower-case letters, digits or hyphens, starting with a letter or digit, got '${props.name}'`);
    }
    if (props.label.trim() === '') {
      throw new DataProtectionError(`DataClass '${props.name}' needs a non-empty label`);
    }
    this.name = props.name;
    this.label = props.label;
    this.protectionLevel = props.protectionLevel;
    this.personalData = props.personalData;
    this.minimumEncryption = props.minimumEncryption
      ?? (props.protectionLevel === ProtectionLevel.RESTRICTED || props.personalData ? AtRestEncryption.KMS : AtRestEncryption.S3_MANAGED);
    if (props.personalData && !this.minimumEncryption.isAtLeast(AtRestEncryption.KMS)) {
      // The README's promise: personal data is always SSE-KMS (claim S0-06).
      throw new DataProtectionError(
        `DataClass '${props.name}' holds personal data, which is always encrypted with KMS: minimumEncryption must be KMS or stronger, got ${this.minimumEncryption.name}`);
    }
  }

  public toString(): string {
    return this.name;
  }
}
