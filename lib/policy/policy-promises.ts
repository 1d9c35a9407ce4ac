import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { PolicyClaim } from './policy-claims';
import type { PolicySettings } from './policy-settings';
import { contradiction } from './promise-consistency';
import { CATALOG } from '../evidence/catalog';
import { PROMISE_KINDS } from '../evidence/promises';
import { DataProtectionError } from '../private/errors';
import { BackupRetentionPromise } from '../promises/backup-retention';
import { DataPromise } from '../promises/data-promise';

/**
 * A named, reasoned decision to make a nested policy weaker than the policy that encloses it, on
 * one promise or setting. Without it the nested policy is refused.
 */
export interface PromiseWeakening {
  /**
   * What is weakened: a promise's subject (`log-retention.APPLICATION`, `waf-logging`), or
   * `logRetention` / `backupRetention` for the policy's own settings.
   */
  readonly promise: string;
  /** Why the nested scope keeps less; at least 10 characters. */
  readonly reason: string;
}

/**
 * The promises of a policy: its own, checked (unique ids and subjects, consistent with the
 * policy's settings), and the enclosing policy's that it does not restate (inherited).
 */
export function policyPromises(policy: PolicySettings, own: DataPromise[], outer: PolicySettings | undefined): DataPromise[] {
  const ids = new Set<string>(CATALOG.map((c) => c.id));
  const subjects = new Set<string>();
  for (const p of own) {
    if (ids.has(p.id)) {
      throw new DataProtectionError(`promises must have ids unique in the policy and distinct from the catalog's, got '${p.id}' twice`, policy);
    }
    ids.add(p.id);
    if (subjects.has(p.subject)) {
      throw new DataProtectionError(`promises must not promise '${p.subject}' twice with different values; keep one`, policy);
    }
    subjects.add(p.subject);
    if (p instanceof BackupRetentionPromise) {
      const rule = policy.backup.rules.find((r) => r.name === p.tier.ruleName);
      const days = rule?.deleteAfter.toDays();
      const ok = days !== undefined && (p.bound.name === 'AT_LEAST' ? days >= p.retentionDays : p.bound.name === 'AT_MOST' ? days <= p.retentionDays : days === p.retentionDays);
      if (!ok) {
        throw new DataProtectionError(`promise '${p.id}' (${p.sentence}) contradicts the policy's backup schedule (${policy.backup.summary}); `
          + 'make the schedule keep the tier that long, or change the promise', policy);
      }
    }
    const why = contradiction(policy, p);
    if (why !== undefined) {
      throw new DataProtectionError(`promise '${p.id}' (${p.sentence}) ${why}; change the policy or the promise`, policy);
    }
  }
  const inherited = (outer?.promises ?? []).filter((p) => !subjects.has(p.subject) && !ids.has(p.id));
  return [...own, ...inherited];
}

/** The record of a promise in the assembly: kind, parameters, and the sentence and values they give. */
export function promiseRecord(p: DataPromise): PolicyClaim {
  return {
    id: p.id,
    text: p.sentence,
    expected: Object.entries(p.expected).map(([property, value]) => ({ property, value })),
    kind: p.kind,
    params: p.params,
  };
}

/** A comparable strength of a promise's value (higher keeps more), or undefined when values do not compare. */
function strength(p: DataPromise): number | undefined {
  const kind = PROMISE_KINDS[p.kind];
  if (kind?.strength) {
    return kind.strength(p.params);
  }
  const v = p.params;
  if (v.days === 'INFINITE') return Infinity;
  if (typeof v.days === 'number') return v.days;
  const levels: Record<string, number> = { ALL: 2, REJECT: 1, BLOCKED: 1 };
  const named = v.traffic ?? v.requests;
  return typeof named === 'string' ? levels[named] : undefined;
}

/**
 * Refuses a nested policy weaker than the one enclosing it (shorter log or backup retention, or a
 * promise of the same subject with a weaker value) unless a weakening names it with a reason; a
 * named weakening is a namespaced warning on the nested policy.
 */
export function checkNotWeaker(policy: PolicySettings, own: DataPromise[], outer: PolicySettings | undefined,
  weakenings: PromiseWeakening[], scope: IConstruct): void {
  const named = new Map(weakenings.map((w) => [w.promise, w.reason]));
  for (const w of weakenings) {
    if (w.reason.trim().length < 10) {
      throw new DataProtectionError(`the weakening of '${w.promise}' needs a reason of at least 10 characters, got '${w.reason}'`, scope);
    }
  }
  if (!outer) {
    if (weakenings.length > 0) {
      throw new DataProtectionError(`weakenings name ${weakenings.map((w) => `'${w.promise}'`).join(', ')}, but no enclosing policy applies: there is nothing to weaken`, scope);
    }
    return;
  }
  const weaker: Array<[string, string]> = [];
  if (policy.logRetentionDays < outer.logRetentionDays) {
    weaker.push(['logRetention', `keeps logs ${policy.logRetentionDays} days, the enclosing policy at ${outer.node.path} ${outer.logRetentionDays === Infinity ? 'forever' : `${outer.logRetentionDays} days`}`]);
  }
  if (policy.backup.retention.toDays() < outer.backup.retention.toDays()) {
    weaker.push(['backupRetention', `keeps daily backups ${policy.backup.retention.toDays()} days, the enclosing policy at ${outer.node.path} ${outer.backup.retention.toDays()} days`]);
  }
  for (const p of own) {
    const theirs = outer.promises.find((o) => o.subject === p.subject);
    const [mine, their] = [strength(p), theirs && strength(theirs)];
    if (theirs && mine !== undefined && their !== undefined && mine < their) {
      weaker.push([p.subject, `promises '${p.sentence}', the enclosing policy at ${outer.node.path} '${theirs.sentence}'`]);
    }
  }
  for (const [what, why] of weaker) {
    const reason = named.get(what);
    if (reason === undefined) {
      throw new DataProtectionError(`this nested policy is weaker than the one enclosing it on '${what}': it ${why}; `
        + `pass weakenings: [{ promise: '${what}', reason: '...' }] to keep less here on purpose`, scope);
    }
    Annotations.of(scope).addWarningV2(`cdk-data-protection:weakened-${what}`, `weaker than the enclosing policy on '${what}' (it ${why}): ${reason}`);
  }
}
