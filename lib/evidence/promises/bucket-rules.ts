import type { ResourceView, StackView } from '../model';
import { tagValue } from './kind';

/** The data-class tag of data stores. */
export const DATA_CLASS_TAG = 'data-class';

/** The buckets of the stacks tagged with the data class (any data class when `dataClass` is undefined). */
export function bucketsOfClass(stacks: StackView[], dataClass: string | undefined): ResourceView[] {
  return stacks.flatMap((s) => s.resources.filter((r) => r.type === 'AWS::S3::Bucket'
    && (dataClass === undefined ? tagValue(r.properties, DATA_CLASS_TAG) !== undefined : tagValue(r.properties, DATA_CLASS_TAG) === dataClass)));
}

/** The enabled lifecycle rules of a bucket. */
export function enabledRules(bucket: ResourceView): Array<Record<string, any>> {
  const rules = bucket.properties.LifecycleConfiguration?.Rules;
  return Array.isArray(rules) ? rules.filter((r) => r && r.Status === 'Enabled') : [];
}

/** Whether a lifecycle rule applies to every object (no prefix, tag or size filter). */
export function appliesToEveryObject(rule: Record<string, any>): boolean {
  return rule.Prefix === undefined && rule.TagFilters === undefined && rule.ObjectSizeGreaterThan === undefined
    && rule.ObjectSizeLessThan === undefined;
}
