import { PromiseKind, PromiseParameterError } from './kind';
import { MONITORING } from '../catalog';
import { ALERT_DELIVERY_VERIFIERS } from '../verifiers/alert-delivery';
import { detectorFacts } from '../verifiers/audit';

/**
 * `threat-detection`: activity is monitored for threats by Amazon GuardDuty, and, when the promise
 * says so, by alarms on the CIS benchmark events delivered to a receiver. Made true by
 * `ThreatDetection` (and `AuditTrail`'s `CisAlarms`); the verifier checks every GuardDuty detector
 * is enabled, and with `cisAlarms` runs the catalog's `anomaly-monitoring` (S1-07) instead.
 */
export const THREAT_DETECTION: PromiseKind = {
  kind: 'threat-detection',
  summary: 'activity is monitored for threats (GuardDuty, optionally CIS alarms)',
  scope: 'infra',
  controls: MONITORING,
  render(params) {
    if (typeof params.cisAlarms !== 'boolean') {
      throw new PromiseParameterError(`cisAlarms must be true or false, got ${JSON.stringify(params.cisAlarms)}`);
    }
    return {
      text: `Activity is monitored for threats by Amazon GuardDuty${params.cisAlarms ? ' and by alarms on the CIS benchmark events' : ''}.`,
      expected: { threatDetection: params.cisAlarms ? 'GuardDuty, CIS alarms' : 'GuardDuty' },
    };
  },
  verify(input, params) {
    return params.cisAlarms ? ALERT_DELIVERY_VERIFIERS['anomaly-monitoring'](input) : detectorFacts(input.stacks);
  },
  strength: (params) => (params.cisAlarms ? 2 : 1),
};
