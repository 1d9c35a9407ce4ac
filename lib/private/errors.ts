import { IConstruct } from 'constructs';

/**
 * The error every construct of this library throws for input it refuses.
 *
 * The message names the construct path, the value received and what is allowed,
 * so that the fix is obvious from the synth output alone. aws-cdk-lib's own
 * `ValidationError` is internal to aws-cdk-lib, hence a class of our own.
 *
 * jsii cannot export a subclass of `Error`, so the class is not part of the
 * public API; callers recognise it by `error.name === 'DataProtectionError'`.
 */
export class DataProtectionError extends Error {
  /**
   * Whether `x` is a `DataProtectionError` (works across copies of the library).
   */
  public static isDataProtectionError(x: unknown): x is DataProtectionError {
    return x !== null && typeof x === 'object' && (x as any)[ERROR_SYMBOL] === true;
  }

  /** The construct path the error is about, when there is one. */
  public readonly constructPath?: string;

  /**
   * @param message what was wrong: the value received and what is allowed
   * @param scope the construct the error is about (its path is prefixed to the message)
   */
  constructor(message: string, scope?: IConstruct) {
    const path = scope?.node.path;
    super(path ? `${path}: ${message}` : message);
    this.name = 'DataProtectionError';
    this.constructPath = path || undefined;
    Object.defineProperty(this, ERROR_SYMBOL, { value: true });
    Object.setPrototypeOf(this, DataProtectionError.prototype);
  }
}

const ERROR_SYMBOL = Symbol.for('cdk-data-protection.DataProtectionError');
