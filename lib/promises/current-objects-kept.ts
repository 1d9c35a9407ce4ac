import { DataPromise } from './data-promise';
import { DataClass } from '../policy/data-class';

/** Properties of a `CurrentObjectsKeptPromise`. */
export interface CurrentObjectsKeptPromiseProps {
  /** The data class whose files are kept. */
  readonly dataClass: DataClass;
  /**
   * The promise's id in reports.
   * @default - `current-objects-kept.<data class>`
   */
  readonly id?: string;
}

/**
 * "Files are kept until you delete them": no lifecycle rule of a bucket of the data class
 * expires current objects (a `SecureBucket` without `retention`); the report reads every rule.
 */
export class CurrentObjectsKeptPromise extends DataPromise {
  /** The data class. */
  public readonly dataClass: DataClass;

  constructor(props: CurrentObjectsKeptPromiseProps) {
    super(props.id ?? `current-objects-kept.${props.dataClass.name}`, 'current-objects-kept', { dataClass: props.dataClass.name });
    this.dataClass = props.dataClass;
  }

  public get subject(): string {
    return `current-objects-kept.${this.dataClass.name}`;
  }
}
