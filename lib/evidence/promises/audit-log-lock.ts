import { boundedDays, boundedExpected, boundOf, daysParam, oneOf, PromiseKind, withinBound } from './kind';
import { LOGGING } from '../catalog';
import type { Fact } from '../model';
import { namedResource } from '../verifiers/audit-templates';

/**
 * `audit-log-lock`: the audit trail's log files cannot be deleted or overwritten for N days: S3
 * Object Lock on the trail's bucket, in compliance mode (nobody, the root user included, can
 * shorten it) or governance mode (principals allowed to bypass it can). Made true by
 * `AuditTrail`'s `objectLock`; the verifier follows every `AWS::CloudTrail::Trail` to its bucket
 * and reads `ObjectLockEnabled` and the default retention's mode and days (or years x 365).
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
 */
export const AUDIT_LOG_LOCK: PromiseKind = {
  kind: 'audit-log-lock',
  summary: 'audit log files cannot be deleted or overwritten for N days',
  scope: 'infra',
  controls: LOGGING,
  render(params) {
    const mode = oneOf(params, 'mode', ['COMPLIANCE', 'GOVERNANCE']);
    const bound = boundOf(params);
    const days = daysParam(params, 'days');
    return {
      text: `Audit log files cannot be deleted or overwritten for ${boundedDays(bound, days)}, `
        + `${mode === 'COMPLIANCE' ? 'by anyone' : 'except by principals allowed to bypass governance mode'} (S3 Object Lock, ${mode.toLowerCase()} mode).`,
      expected: { objectLockMode: mode, objectLockDays: boundedExpected(bound, days) },
    };
  },
  verify({ stacks }, params) {
    const bound = boundOf(params);
    const days = daysParam(params, 'days');
    const facts: Fact[] = [];
    for (const stack of stacks) {
      for (const trail of stack.resources.filter((r) => r.type === 'AWS::CloudTrail::Trail')) {
        // The bucket the trail writes to, resolved as the catalog's trail verifiers resolve it.
        const bucket = namedResource(stacks, trail, trail.properties.S3BucketName, 'AWS::S3::Bucket', 'BucketName');
        const retention = bucket?.properties.ObjectLockConfiguration?.Rule?.DefaultRetention ?? {};
        const found = typeof retention.Days === 'number' ? retention.Days : typeof retention.Years === 'number' ? retention.Years * 365 : undefined;
        facts.push({
          stack: stack.id,
          logicalId: trail.logicalId,
          constructPath: trail.constructPath,
          propertyPath: 'S3BucketName -> ObjectLockEnabled, ObjectLockConfiguration.Rule.DefaultRetention',
          expected: `true, ${params.mode} ${boundedExpected(bound, days)} days`,
          found: bucket === undefined ? 'no bucket of the stack (an imported bucket is not read)'
            : `${bucket.properties.ObjectLockEnabled ?? '(absent)'}, ${retention.Mode ?? '-'} ${found ?? '-'} days`,
          satisfied: bucket?.properties.ObjectLockEnabled === true && retention.Mode === params.mode && withinBound(bound, days, found),
        });
      }
    }
    return facts;
  },
  // Compliance mode binds everyone; governance mode can be bypassed: a compliance lock of any length promises more.
  strength: (params) => Number(params.days) + (params.mode === 'COMPLIANCE' ? 100_000 : 0),
};
