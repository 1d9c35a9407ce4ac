import { DataPromise } from './data-promise';

/** Properties of a `ThreatDetectionPromise`. */
export interface ThreatDetectionPromiseProps {
  /**
   * Whether the promise also names alarms on the CIS AWS Foundations Benchmark events (root
   * use, unauthorised calls, policy changes, ...), delivered to a receiver.
   * @default false
   */
  readonly cisAlarms?: boolean;
  /**
   * The promise's id in reports.
   * @default 'threat-detection'
   */
  readonly id?: string;
}

/**
 * "We monitor for threats with Amazon GuardDuty": `ThreatDetection` enables a detector (and
 * `AuditTrail` adds the CIS alarms); the report checks every detector is enabled, and with
 * `cisAlarms` the 15 CIS metric filters and alarms and their delivery.
 */
export class ThreatDetectionPromise extends DataPromise {
  /** Whether the CIS alarms are promised too. */
  public readonly cisAlarms: boolean;

  constructor(props: ThreatDetectionPromiseProps = {}) {
    const cis = props.cisAlarms ?? false;
    super(props.id ?? 'threat-detection', 'threat-detection', { cisAlarms: cis });
    this.cisAlarms = cis;
  }
}
