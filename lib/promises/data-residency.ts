import { DataPromise } from './data-promise';

/** Properties of a `DataResidencyPromise`. */
export interface DataResidencyPromiseProps {
  /** The one region data is hosted in; the policy's `region` must be the same. */
  readonly region: string;
  /**
   * The regions backup copies are kept in; the policy's `backupCopyRegions` must be the same.
   * @default - no copies outside the region
   */
  readonly copyRegions?: string[];
  /**
   * The promise's id in reports.
   * @default 'data-residency'
   */
  readonly id?: string;
}

/**
 * "Data is hosted in ca-central-1; only backup copies are kept in us-east-1": the policy's
 * `region` and `backupCopyRegions` must say the same (the policy refuses the promise otherwise);
 * every stack under it is in the region and `MfaGatedAccess` denies requests outside those
 * regions. The report checks both.
 */
export class DataResidencyPromise extends DataPromise {
  /** The region. */
  public readonly region: string;
  /** The regions of backup copies. */
  public readonly copyRegions: string[];

  constructor(props: DataResidencyPromiseProps) {
    const copies = [...(props.copyRegions ?? [])];
    super(props.id ?? 'data-residency', 'data-residency', { region: props.region, copyRegions: copies });
    this.region = props.region;
    this.copyRegions = copies;
  }
}
