import { appliesToEveryObject, bucketsOfClass, enabledRules } from './bucket-rules';
import { boundedDays, boundedExpected, boundOf, daysParam, DELETION_CONTROLS, noBucketOfClass, PromiseKind, PromiseParameterError, PromiseParams, withinBound } from './kind';
import type { Fact } from '../model';

export function dataClassParam(params: PromiseParams): string {
  if (typeof params.dataClass !== 'string' || !/^[a-z0-9-]+$/.test(params.dataClass)) {
    throw new PromiseParameterError(`dataClass must be the tag value of a data class (lower case, dashes), got ${JSON.stringify(params.dataClass)}`);
  }
  return params.dataClass;
}

/**
 * `version-history`: every bucket of a data class keeps the earlier versions of its objects
 * (overwritten or deleted) a number of days, exactly unless the promise says at least or at
 * most. Made true by `SecureBucket`, which reads the policy's version history for its class;
 * the verifier reads versioning and the `NoncurrentVersionExpiration` of the rule over every object.
 */
export const VERSION_HISTORY: PromiseKind = {
  kind: 'version-history',
  summary: 'earlier versions of stored files are kept a number of days',
  scope: 'infra',
  controls: DELETION_CONTROLS,
  render(params) {
    const dataClass = dataClassParam(params);
    const bound = boundOf(params);
    const days = daysParam(params, 'days');
    return {
      text: `Earlier versions of overwritten or deleted ${dataClass} files are kept ${boundedDays(bound, days)}, then deleted.`,
      expected: { [`noncurrentVersionDays.${dataClass}`]: boundedExpected(bound, days) },
    };
  },
  verify({ stacks }, params) {
    const dataClass = dataClassParam(params);
    const bound = boundOf(params);
    const days = daysParam(params, 'days');
    const buckets = bucketsOfClass(stacks, dataClass);
    const facts: Fact[] = [];
    for (const b of buckets) {
      const where = { stack: b.stack, logicalId: b.logicalId, constructPath: b.constructPath };
      const status = b.properties.VersioningConfiguration?.Status;
      facts.push({ ...where, propertyPath: 'Properties.VersioningConfiguration.Status', expected: 'Enabled', found: String(status ?? '(absent)'), satisfied: status === 'Enabled' });
      const found = enabledRules(b).filter(appliesToEveryObject)
        .map((r) => r.NoncurrentVersionExpiration?.NoncurrentDays ?? r.NoncurrentVersionExpirationInDays)
        .filter((d) => d !== undefined);
      facts.push({
        ...where,
        propertyPath: 'Properties.LifecycleConfiguration.Rules[].NoncurrentVersionExpiration.NoncurrentDays',
        expected: boundedExpected(bound, days),
        found: found.length === 0 ? '(absent: kept forever)' : found.join(', '),
        // With several rules, the shortest deletes first.
        satisfied: found.length > 0 && withinBound(bound, days, Math.min(...found.map(Number))),
      });
    }
    if (buckets.length === 0) {
      facts.push(noBucketOfClass(stacks, dataClass));
    }
    return facts;
  },
};
