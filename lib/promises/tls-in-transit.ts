import { DataPromise } from './data-promise';
import { MinimumTlsVersion } from '../policy/encryption';

/** Properties of a `TlsInTransitPromise`. */
export interface TlsInTransitPromiseProps {
  /**
   * The lowest TLS version a client may use.
   * @default MinimumTlsVersion.TLS_1_2
   */
  readonly minimumVersion?: MinimumTlsVersion;
  /**
   * The promise's id in reports.
   * @default 'tls-in-transit'
   */
  readonly id?: string;
}

/**
 * "We reject anything below TLS 1.2": the policy's `minimumTlsVersion` must be at least this
 * version (the policy refuses the promise otherwise); buckets, databases, load balancers and the
 * CDN take it from the policy, and the report checks each of them.
 */
export class TlsInTransitPromise extends DataPromise {
  /** The lowest TLS version. */
  public readonly minimumVersion: MinimumTlsVersion;

  constructor(props: TlsInTransitPromiseProps = {}) {
    const version = props.minimumVersion ?? MinimumTlsVersion.TLS_1_2;
    super(props.id ?? 'tls-in-transit', 'tls-in-transit', { minimumVersion: version.toString() });
    this.minimumVersion = version;
  }
}
