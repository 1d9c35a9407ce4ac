/**
 * How a promised value is compared with the templates. A page that says "kept 90 days" means
 * exactly 90 (`EXACTLY`, the default); "at least 90 days" is `AT_LEAST`. The promise's sentence
 * says which.
 */
export class ValueBound {
  /** The value, no more and no less ("kept 90 days"). */
  public static readonly EXACTLY = new ValueBound('EXACTLY');
  /** The value or more ("kept at least 90 days"). */
  public static readonly AT_LEAST = new ValueBound('AT_LEAST');
  /** The value or less ("kept at most 90 days"). */
  public static readonly AT_MOST = new ValueBound('AT_MOST');

  private constructor(
    /** The bound's name, as recorded in the assembly. */
    public readonly name: string,
  ) {}

  public toString(): string {
    return this.name;
  }
}
