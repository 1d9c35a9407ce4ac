import { ResourceView } from './model';
import { isTrue, listOf, numberOf, show } from './query';

/*
 * The lifecycle of a bucket as its template shows it: rules, versioning, what each rule deletes
 * and when, and Object Lock (claims S1-11, S3-05, S3-06, S4-02 and the register's retention).
 */
// ---------------------------------------------------------------------------------------------
// Lifecycle rules
// ---------------------------------------------------------------------------------------------

/** One lifecycle rule of a bucket, as the verifiers read it. */
export interface LifecycleRuleView {
  readonly index: number;
  readonly id?: string;
  readonly enabled: boolean;
  readonly prefix?: string;
  readonly tagFilters: Array<{ Key: string; Value: string }>;
  /** Whether the rule covers part of the bucket only (a prefix, tags or an object size). */
  readonly filtered: boolean;
  readonly expirationDays?: number;
  readonly expirationDate?: string;
  readonly noncurrentDays?: number;
  /** Where the rule sits: `Properties.LifecycleConfiguration.Rules.2`. */
  readonly propertyPath: string;
  readonly rule: Record<string, any>;
}

/** The lifecycle rules of a bucket. */
export function lifecycleRules(bucket: ResourceView): LifecycleRuleView[] {
  return listOf<any>(bucket.properties.LifecycleConfiguration?.Rules).map((rule, index) => {
    const prefix = typeof rule?.Prefix === 'string' && rule.Prefix !== '' ? rule.Prefix : undefined;
    const tagFilters = listOf<any>(rule?.TagFilters);
    return {
      index,
      id: typeof rule?.Id === 'string' ? rule.Id : undefined,
      enabled: rule?.Status === 'Enabled',
      prefix,
      tagFilters,
      filtered: prefix !== undefined || tagFilters.length > 0 || rule?.ObjectSizeGreaterThan !== undefined || rule?.ObjectSizeLessThan !== undefined,
      expirationDays: numberOf(rule?.ExpirationInDays),
      expirationDate: typeof rule?.ExpirationDate === 'string' ? rule.ExpirationDate : undefined,
      noncurrentDays: numberOf(rule?.NoncurrentVersionExpiration?.NoncurrentDays) ?? numberOf(rule?.NoncurrentVersionExpirationInDays),
      propertyPath: `Properties.LifecycleConfiguration.Rules.${index}`,
      rule: rule ?? {},
    };
  });
}

/** Whether a bucket keeps old versions (versioning on, or suspended after it was on). */
export function isVersioned(bucket: ResourceView): boolean {
  return ['Enabled', 'Suspended'].includes(bucket.properties.VersioningConfiguration?.Status);
}

/**
 * Whether the versions a rule's expiry makes noncurrent are deleted too: always in an
 * unversioned bucket; in a versioned one, only when the rule itself or an enabled rule of
 * the whole bucket expires noncurrent versions (expiring a current version only adds a delete marker).
 */
export function noncurrentDeleted(bucket: ResourceView, rule: LifecycleRuleView): boolean {
  return !isVersioned(bucket) || rule.noncurrentDays !== undefined
    || lifecycleRules(bucket).some((r) => r.enabled && !r.filtered && r.noncurrentDays !== undefined);
}

/** Which objects a rule covers, in words. */
export function scopeOf(rule: LifecycleRuleView): string {
  const parts = [
    rule.prefix !== undefined ? `under ${rule.prefix}` : undefined,
    rule.tagFilters.length > 0 ? `tagged ${rule.tagFilters.map((t) => `${show(t.Key)}=${show(t.Value)}`).join(', ')}` : undefined,
    rule.rule.ObjectSizeGreaterThan !== undefined ? `larger than ${show(rule.rule.ObjectSizeGreaterThan)} bytes` : undefined,
    rule.rule.ObjectSizeLessThan !== undefined ? `smaller than ${show(rule.rule.ObjectSizeLessThan)} bytes` : undefined,
  ].filter((x) => x !== undefined);
  return parts.length > 0 ? `objects ${parts.join(' and ')}` : 'objects';
}

/** `1 day`, `14 days`. */
export function daysText(days: number | string): string {
  return `${days} ${String(days) === '1' ? 'day' : 'days'}`;
}

/** What an enabled rule deletes, in words (empty when it deletes no data). */
export function deletionsOf(rule: LifecycleRuleView): string[] {
  const scope = scopeOf(rule);
  const oldVersions = rule.noncurrentDays === undefined ? '' : ` (their old versions ${daysText(rule.noncurrentDays)} after that)`;
  const words: string[] = [];
  if (rule.expirationDays !== undefined) {
    words.push(`${scope} expire after ${daysText(rule.expirationDays)}${rule.filtered ? oldVersions : ''}`);
  }
  if (rule.expirationDate !== undefined) {
    words.push(`${scope} expire on ${rule.expirationDate}${rule.filtered ? oldVersions : ''}`);
  }
  const expires = rule.expirationDays !== undefined || rule.expirationDate !== undefined;
  if (rule.noncurrentDays !== undefined && (!rule.filtered || !expires)) {
    words.push(rule.filtered
      ? `deleted or overwritten versions of ${scope} are purged after ${daysText(rule.noncurrentDays)}`
      : `deleted or overwritten versions are purged after ${daysText(rule.noncurrentDays)}`);
  }
  return words;
}

/** How long a bucket keeps data, in words, from its enabled lifecycle rules. */
export function bucketRetention(bucket: ResourceView): string {
  const rules = lifecycleRules(bucket).filter((r) => r.enabled);
  // Object expiries first, then how long deleted data lingers.
  const words = [...rules.filter((r) => r.filtered), ...rules.filter((r) => !r.filtered)].flatMap(deletionsOf)
    .sort((a, b) => Number(a.startsWith('deleted')) - Number(b.startsWith('deleted')));
  if (!rules.some((r) => !r.filtered && (r.expirationDays !== undefined || r.expirationDate !== undefined))) {
    const kept = words.some((w) => !w.startsWith('deleted')) ? 'other objects are kept until deleted' : 'objects are kept until deleted';
    words.splice(words.filter((w) => !w.startsWith('deleted')).length, 0, kept);
  }
  return words.join('; ');
}

/** The Object Lock default retention of a bucket, in days, and how the template states it. */
export function objectLockOf(bucket: ResourceView): { days?: number; mode?: string; text: string; unresolved?: boolean } {
  const p = bucket.properties;
  const retention = p.ObjectLockConfiguration?.Rule?.DefaultRetention;
  if (!isTrue(p.ObjectLockEnabled) && p.ObjectLockConfiguration?.ObjectLockEnabled !== 'Enabled') {
    return { text: 'no Object Lock' };
  }
  if (retention === undefined) {
    return { text: 'Object Lock without a default retention' };
  }
  const days = numberOf(retention.Days);
  const years = numberOf(retention.Years);
  if (days === undefined && years === undefined) {
    return { text: show(retention), unresolved: true };
  }
  // S3 counts an Object Lock year as 365 days.
  const total = days ?? years! * 365;
  return { days: total, mode: show(retention.Mode), text: `${show(retention.Mode)} ${total} days` };
}
