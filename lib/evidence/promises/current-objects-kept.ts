import { bucketsOfClass, enabledRules } from './bucket-rules';
import { DELETION_CONTROLS, noBucketOfClass, PromiseKind } from './kind';
import { dataClassParam } from './version-history';
import type { Fact } from '../model';

/**
 * `current-objects-kept`: the files of a data class are kept until someone deletes them: no
 * lifecycle rule of its buckets expires current objects. Made true by `SecureBucket` without a
 * `retention`; the verifier reads every enabled rule of the class's buckets.
 */
export const CURRENT_OBJECTS_KEPT: PromiseKind = {
  kind: 'current-objects-kept',
  summary: 'stored files are kept until they are deleted (no expiry)',
  scope: 'infra',
  controls: DELETION_CONTROLS,
  render(params) {
    const dataClass = dataClassParam(params);
    return {
      text: `Stored ${dataClass} files are kept until they are deleted: no rule expires them.`,
      expected: { [`currentObjectExpiry.${dataClass}`]: 'none' },
    };
  },
  verify({ stacks }, params) {
    const dataClass = dataClassParam(params);
    const buckets = bucketsOfClass(stacks, dataClass);
    const facts: Fact[] = buckets.map((b) => {
      const expiring = enabledRules(b).filter((r) => r.ExpirationInDays !== undefined || r.ExpirationDate !== undefined);
      return {
        stack: b.stack,
        logicalId: b.logicalId,
        constructPath: b.constructPath,
        propertyPath: 'Properties.LifecycleConfiguration.Rules[].ExpirationInDays',
        expected: 'no rule expiring current objects',
        found: expiring.length === 0 ? 'none' : expiring.map((r) => `${r.Id ?? '(rule)'}: ${r.ExpirationInDays ?? r.ExpirationDate}`).join(', '),
        satisfied: expiring.length === 0,
      };
    });
    if (buckets.length === 0) {
      facts.push(noBucketOfClass(stacks, dataClass));
    }
    return facts;
  },
};
