/**
 * The promise vocabulary, evidence side: every kind by its id (`grep -rn "kind: '<id>'"` finds
 * its module), the catalog presets, and the check that a recorded promise says what its
 * parameters say.
 */
import { ALERT_DELIVERY } from './alert-delivery';
import { AUDIT_LOG_LOCK } from './audit-log-lock';
import { BACKUP_COPY } from './backup-copy';
import { BACKUP_FREQUENCY } from './backup-frequency';
import { BACKUP_RETENTION } from './backup-retention';
import { renderPreset } from './catalog-presets';
import { CURRENT_OBJECTS_KEPT } from './current-objects-kept';
import { DATA_RESIDENCY } from './data-residency';
import { ENCRYPTION_AT_REST } from './encryption-at-rest';
import { FLOW_LOGS } from './flow-logs';
import { KEY_ROTATION } from './key-rotation';
import { PromiseKind, PromiseParameterError, RenderedPromise } from './kind';
import { LOG_ARCHIVE } from './log-archive';
import { LOG_RETENTION } from './log-retention';
import { MFA_ACCESS } from './mfa-access';
import { THREAT_DETECTION } from './threat-detection';
import { TLS_IN_TRANSIT } from './tls-in-transit';
import { VERSION_HISTORY } from './version-history';
import { WAF_LOGGING } from './waf-logging';
import type { Fact, RecordedClaim } from '../model';

/** The kind id of the catalog's presets (`S0-02`), whose sentence the id decides. */
export const CATALOG_KIND = 'catalog';
/** The kind id of a team's own promise. */
export const CUSTOM_KIND = 'custom';

/** Every parameterized kind of the vocabulary, by kind id. */
export const PROMISE_KINDS: Record<string, PromiseKind> = Object.fromEntries([
  LOG_RETENTION, LOG_ARCHIVE, FLOW_LOGS, WAF_LOGGING, VERSION_HISTORY, CURRENT_OBJECTS_KEPT, BACKUP_RETENTION, ALERT_DELIVERY,
  ENCRYPTION_AT_REST, TLS_IN_TRANSIT, MFA_ACCESS, BACKUP_COPY, DATA_RESIDENCY, KEY_ROTATION, BACKUP_FREQUENCY, AUDIT_LOG_LOCK,
  THREAT_DETECTION,
].map((k) => [k.kind, k]));

/** The sentence and expected values a recorded promise's parameters give, or why they give none. */
export function renderRecorded(claim: RecordedClaim): RenderedPromise {
  if (claim.kind === undefined || claim.params === undefined || claim.params === null || typeof claim.params !== 'object') {
    throw new PromiseParameterError('it is recorded without its kind and parameters (written by an older cdk-data-protection, or edited): '
      + 'its sentence and values cannot be derived, so the recorded ones are not trusted; synthesize again');
  }
  if (claim.kind === CATALOG_KIND) {
    return renderPreset(claim.id, claim.params);
  }
  const kind = PROMISE_KINDS[claim.kind];
  if (!kind) {
    throw new PromiseParameterError(`its kind '${claim.kind}' is not a kind of this version of cdk-data-protection`);
  }
  return kind.render(claim.params);
}

/**
 * The facts that compare what a promise records (sentence, expected values) with what its
 * parameters give: any difference is a violation, so editing a value in the Metadata never
 * yields PROVEN.
 */
export function recordFacts(stack: string, claim: RecordedClaim, rendered: RenderedPromise): Fact[] {
  const where = `Metadata.cdk-data-protection.claims[${claim.id}]`;
  const recorded = Object.fromEntries((claim.expected ?? []).map((e) => [e.property, e.value]));
  const facts: Fact[] = [];
  if (claim.text !== rendered.text) {
    facts.push({
      stack,
      propertyPath: `${where}.text`,
      expected: rendered.text,
      found: String(claim.text),
      satisfied: false,
      note: 'the recorded sentence is not the one the promise\'s parameters give',
    });
  }
  const keys = new Set([...Object.keys(recorded), ...Object.keys(rendered.expected)]);
  for (const key of keys) {
    if (recorded[key] !== rendered.expected[key]) {
      facts.push({
        stack,
        propertyPath: `${where}.expected.${key}`,
        expected: rendered.expected[key] ?? '(none)',
        found: recorded[key] ?? '(none)',
        satisfied: false,
        note: 'the recorded value is not the one the promise\'s parameters give',
      });
    }
  }
  return facts;
}
