import { createHash } from 'crypto';

/**
 * Where a tenant lives (which shard stack) and how much of a shard's CloudFormation budget it uses.
 *
 * Placement depends only on the tenant's own id and the number of shards: adding or removing
 * other tenants never moves a tenant, so its resources are never replaced.
 */

/** CloudFormation allows 500 resources per stack; a shard uses at most 80% of it. */
export const MAX_SHARD_RESOURCES = 400;

/** CloudFormation allows 1 MB per template (uploaded through S3); a shard uses at most 80% of it. */
export const MAX_SHARD_TEMPLATE_BYTES = 800_000;

/** S3 allows 1,000 lifecycle rules per bucket; SecureBucket keeps a few for itself and allows 990 tenant schedules. */
export const MAX_SHARD_TENANTS = 990;

/**
 * S3 bucket policies are limited to 20 KB; each tenant with a dedicated key adds one Deny statement
 * (at most about 460 bytes once deployed, with a 64-character tenant id and bucket name) to its shard's
 * bucket policy, next to about 1.4 KB of the bucket's own. 32 keeps the policy under 80% of the limit.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/BucketRestrictions.html
 */
export const MAX_SHARD_DEDICATED_KEYS = 32;

/**
 * The resources of a shard without tenants: the data bucket, its policy and KMS key, and the
 * stack's access-log bucket with its policy.
 */
export const SHARD_BASE_RESOURCES = 5;

/** The resources of one tenant: its IAM role (its policy is inline), plus its KMS key when dedicated. */
export function tenantResources(dedicatedKey: boolean): number {
  return dedicatedKey ? 2 : 1;
}

/**
 * Upper bounds of the template bytes of a shard, as `cdk synth` writes it (indented, with `aws:cdk:path`
 * metadata and the compliance acknowledgements every pack adds to each tenant role), measured on
 * aws-cdk-lib 2.276 with every pack applied, plus a margin: the shard without tenants (about 11.5 KB), each
 * tenant (about 3.8 KB with ids of 10 characters, 4.5 KB with 64), each character of a tenant id (it
 * appears in paths, logical ids, tags, ARNs, reasons and the lifecycle rule), and a dedicated key with its
 * bucket-policy statement (about 3.3 KB). A shard holds about 200 tenants with short ids.
 */
export const SHARD_BASE_BYTES = 16_000;
export const TENANT_BYTES = 3_800;
export const TENANT_ID_CHAR_BYTES = 14;
export const DEDICATED_KEY_BYTES = 3_800;

/** The estimated template bytes of one tenant. */
export function tenantBytes(tenantId: string, dedicatedKey: boolean): number {
  return TENANT_BYTES + TENANT_ID_CHAR_BYTES * tenantId.length + (dedicatedKey ? DEDICATED_KEY_BYTES : 0);
}

/**
 * The first 32 bits of the SHA-256 digest of the UTF-8 bytes of `text`, as an unsigned integer:
 * stable across Node.js versions, platforms and library releases.
 */
export function hash32(text: string): number {
  return parseInt(createHash('sha256').update(text, 'utf-8').digest('hex').slice(0, 8), 16);
}

/** The shard of a tenant that is not pinned: the first 32 bits of SHA-256 of its id, modulo the number of shards. */
export function hashedShard(tenantId: string, shards: number): number {
  return hash32(tenantId) % shards;
}

/** A tenant as the placement sees it. */
export interface PlacedTenant {
  readonly tenantId: string;
  readonly dedicatedKey: boolean;
  readonly pin?: number;
}

/** What one shard would hold. */
export interface ShardLoad {
  readonly shard: number;
  readonly tenants: number;
  readonly dedicatedKeys: number;
  readonly resources: number;
  readonly bytes: number;
}

/** The shard of each tenant (pins first, else the hash). */
export function place(tenants: PlacedTenant[], shards: number): number[] {
  return tenants.map((t) => t.pin ?? hashedShard(t.tenantId, shards));
}

/** The load of every shard for a placement. */
export function loads(tenants: PlacedTenant[], shards: number): ShardLoad[] {
  const placement = place(tenants, shards);
  const result = Array.from({ length: shards },
    (_, shard) => ({ shard, tenants: 0, dedicatedKeys: 0, resources: SHARD_BASE_RESOURCES, bytes: SHARD_BASE_BYTES }));
  tenants.forEach((t, i) => {
    const load = result[placement[i]];
    load.tenants += 1;
    load.dedicatedKeys += t.dedicatedKey ? 1 : 0;
    load.resources += tenantResources(t.dedicatedKey);
    load.bytes += tenantBytes(t.tenantId, t.dedicatedKey);
  });
  return result;
}

/** What a shard passes, in words, or undefined when it fits. */
export function overBudget(load: ShardLoad): string | undefined {
  const over = [
    load.resources > MAX_SHARD_RESOURCES ? `${load.resources} resources (budget ${MAX_SHARD_RESOURCES}, 80% of CloudFormation's 500)` : undefined,
    load.bytes > MAX_SHARD_TEMPLATE_BYTES
      ? `about ${Math.round(load.bytes / 1000)} KB of template (budget ${MAX_SHARD_TEMPLATE_BYTES / 1000} KB, 80% of CloudFormation's 1 MB)` : undefined,
    load.tenants > MAX_SHARD_TENANTS ? `${load.tenants} lifecycle rules for tenants (S3 allows ${MAX_SHARD_TENANTS} next to the bucket's own)` : undefined,
    load.dedicatedKeys > MAX_SHARD_DEDICATED_KEYS
      ? `${load.dedicatedKeys} dedicated keys (budget ${MAX_SHARD_DEDICATED_KEYS}: one bucket-policy statement each, S3 bucket policies are limited to 20 KB)` : undefined,
  ].filter((x) => x !== undefined);
  return over.length > 0 ? over.join(' and ') : undefined;
}

/**
 * The smallest number of shards, from `from` on, for which no shard passes its budget (pinned tenants
 * stay where they are pinned), or undefined when none up to `limit` does (pins crowd one shard).
 */
export function smallestFittingShards(tenants: PlacedTenant[], from: number, limit: number): number | undefined {
  for (let shards = from; shards <= limit; shards++) {
    if (loads(tenants, shards).every((l) => overBudget(l) === undefined)) {
      return shards;
    }
  }
  return undefined;
}
