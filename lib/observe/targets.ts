import { catalogClaim } from '../evidence/catalog';
import { AssemblyView, ClaimResult, ResourceView, StackView } from '../evidence/model';

/**
 * What the observer reads for each promise, derived from the template report: the stacks that
 * record it, the areas of the account that show it operating (its "aspects"), and the resources
 * its template facts name. Internal to the observer.
 */

/** An area of operating facts. */
export type Aspect =
  | 'backup-jobs' | 'copy-jobs' | 'restore-jobs' | 'delivery' | 'guardduty' | 'security-hub' | 'config-recorder'
  | 'inspector' | 'trail' | 'log-retention' | 'encryption' | 'db-backup-retention' | 'multi-az';

/** The aspects of each verifier (the catalog's `checks`) and promise kind. */
const ASPECTS: Record<string, Aspect[]> = {
  // catalog checks
  'daily-backups': ['backup-jobs'],
  'backup-rules': ['backup-jobs'],
  'backup-retention': ['db-backup-retention'],
  'offsite-copies': ['copy-jobs'],
  'redundant-copies': ['copy-jobs'],
  'restore-testing': ['restore-jobs'],
  'incident-routing': ['delivery'],
  'backup-failure-alerts': ['delivery'],
  'anomaly-monitoring': ['guardduty'],
  'central-security-analysis': ['guardduty', 'security-hub', 'config-recorder'],
  'vulnerability-scanning': ['inspector'],
  'activity-logged': ['trail'],
  'data-access-logged': ['trail'],
  'logs-in-cloudwatch': ['log-retention', 'trail'],
  'audit-log-retention': ['log-retention'],
  'buckets-encrypted': ['encryption'],
  'encrypted-at-rest': ['encryption'],
  'keys-and-ciphers': ['encryption'],
  'multi-az-storage': ['multi-az'],
  'multi-az': ['multi-az'],
  // promise kinds (lib/evidence/promises)
  'kind:alert-delivery': ['delivery'],
  'kind:backup-retention': ['db-backup-retention'],
  'kind:log-retention': ['log-retention'],
  'kind:log-archive': ['log-retention'],
};

/** One promise to observe. */
export interface PromiseTarget {
  readonly id: string;
  /** The stacks that record the promise. */
  readonly stacks: StackView[];
  readonly aspects: ReadonlySet<Aspect>;
  /** The resources the template facts name, by stack id then logical id. */
  readonly named: ReadonlyArray<ResourceView>;
}

/**
 * The promises to observe: every claim the templates can speak of (`NOT_PROVABLE` claims are
 * organisational: no read of the account makes them true), with their aspects and resources.
 */
export function promiseTargets(assembly: AssemblyView, claims: ClaimResult[]): PromiseTarget[] {
  const byId = new Map(assembly.stacks.map((s) => [s.id, s]));
  return claims.filter((c) => c.verdict !== 'NOT_PROVABLE').map((claim) => {
    const stacks = claim.stacks.map((id) => byId.get(id)).filter((s): s is StackView => s !== undefined);
    const checks = claim.kind !== undefined && claim.kind !== 'catalog' ? [`kind:${claim.kind}`] : catalogClaim(claim.id)?.checks ?? [];
    const aspects = new Set(checks.flatMap((c) => ASPECTS[c] ?? []));
    const named = new Map<string, ResourceView>();
    for (const f of claim.facts) {
      const resource = f.logicalId ? byId.get(f.stack)?.resources.find((r) => r.logicalId === f.logicalId) : undefined;
      if (resource) {
        named.set(`${resource.stack}/${resource.logicalId}`, resource);
      }
    }
    return { id: claim.id, stacks, aspects, named: [...named.values()] };
  });
}

/**
 * The resources of some types an aspect reads for a promise: those the template facts name,
 * else every resource of the types in the promise's stacks.
 */
export function resourcesFor(target: PromiseTarget, ...types: string[]): ResourceView[] {
  const named = target.named.filter((r) => types.includes(r.type));
  return named.length > 0 ? named : target.stacks.flatMap((s) => s.resources.filter((r) => types.includes(r.type)));
}
