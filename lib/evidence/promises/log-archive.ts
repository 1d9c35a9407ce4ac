import { appliesToEveryObject, enabledRules } from './bucket-rules';
import { boundedDays, boundedExpected, boundOf, daysParam, LOG_RETENTION_CONTROLS, oneOf, PromiseKind, PromiseParameterError, withinBound } from './kind';
import type { Fact } from '../model';
import { namedResource } from '../verifiers/audit-templates';

/** The S3 storage classes an archive may move to, as lifecycle transitions name them, and their words. */
export const ARCHIVE_STORAGE_CLASSES: Record<string, string> = {
  STANDARD_IA: 'S3 Standard-IA',
  ONEZONE_IA: 'S3 One Zone-IA',
  INTELLIGENT_TIERING: 'S3 Intelligent-Tiering',
  GLACIER_IR: 'S3 Glacier Instant Retrieval',
  GLACIER: 'S3 Glacier Flexible Retrieval',
  DEEP_ARCHIVE: 'S3 Glacier Deep Archive',
};

/**
 * `log-archive`: the audit trail's log files are moved to a colder storage class after a number
 * of days and kept a total number of days. Made true by `AuditTrail`, which reads the policy's
 * archive for its bucket; the verifier follows every trail to its bucket and reads the
 * transition and expiration of its lifecycle rules over every object.
 */
export const LOG_ARCHIVE: PromiseKind = {
  kind: 'log-archive',
  summary: 'the audit trail\'s files are archived in a cold storage class and kept a total number of days',
  scope: 'infra',
  controls: LOG_RETENTION_CONTROLS,
  render(params) {
    const storageClass = oneOf(params, 'storageClass', Object.keys(ARCHIVE_STORAGE_CLASSES));
    const after = daysParam(params, 'transitionAfterDays');
    const bound = boundOf(params);
    const days = daysParam(params, 'days');
    if (after >= days) {
      throw new PromiseParameterError(`transitionAfterDays (${after}) must be less than the total retention (${days} days)`);
    }
    return {
      text: `Audit trail log files move to ${ARCHIVE_STORAGE_CLASSES[storageClass]} after ${after} days and are kept ${boundedDays(bound, days)} in all.`,
      expected: { archiveStorageClass: storageClass, archiveTransitionDays: String(after), archiveRetentionDays: boundedExpected(bound, days) },
    };
  },
  verify({ stacks }, params) {
    const storageClass = params.storageClass as string;
    const after = daysParam(params, 'transitionAfterDays');
    const bound = boundOf(params);
    const days = daysParam(params, 'days');
    const facts: Fact[] = [];
    for (const stack of stacks) {
      for (const trail of stack.resources.filter((r) => r.type === 'AWS::CloudTrail::Trail')) {
        // The bucket the trail writes to, resolved as the catalog's trail verifiers resolve it.
        const bucket = namedResource(stacks, trail, trail.properties.S3BucketName, 'AWS::S3::Bucket', 'BucketName');
        if (bucket === undefined) {
          facts.push({
            stack: stack.id,
            logicalId: trail.logicalId,
            constructPath: trail.constructPath,
            propertyPath: 'Properties.S3BucketName',
            expected: 'a bucket of this template',
            found: JSON.stringify(trail.properties.S3BucketName ?? '(absent)'),
            satisfied: false,
            note: 'the lifecycle of a bucket outside the template cannot be read',
          });
          continue;
        }
        const where = { stack: stack.id, logicalId: bucket.logicalId, constructPath: bucket.constructPath };
        const rules = enabledRules(bucket).filter(appliesToEveryObject);
        const transitions = rules.flatMap((r) => r.Transitions ?? (r.Transition ? [r.Transition] : []));
        const first = transitions.find((t: any) => t?.StorageClass === storageClass);
        facts.push({
          ...where,
          propertyPath: 'Properties.LifecycleConfiguration.Rules[].Transitions',
          expected: `${storageClass} after ${after} days`,
          found: transitions.length === 0 ? 'no transition' : transitions.map((t: any) => `${t.StorageClass} after ${t.TransitionInDays}`).join(', '),
          satisfied: first !== undefined && Number(first.TransitionInDays) === after,
        });
        const expirations = rules.map((r) => r.ExpirationInDays).filter((d) => d !== undefined).map(Number);
        facts.push({
          ...where,
          propertyPath: 'Properties.LifecycleConfiguration.Rules[].ExpirationInDays',
          expected: boundedExpected(bound, days),
          found: expirations.length === 0 ? '(absent: kept forever)' : expirations.join(', '),
          satisfied: expirations.length === 0 ? bound === 'AT_LEAST' : withinBound(bound, days, Math.min(...expirations)),
        });
      }
    }
    return facts;
  },
};
