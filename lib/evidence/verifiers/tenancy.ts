import { templateText } from './audit';
import { conditionValues } from './conditions';
import { TENANT_PREFIX_ROOT, TENANT_TAG } from '../../private/data-store-types';
import { Fact, ResourceView, StackView, Verifier } from '../model';
import { fact, listOf, refTarget, show, statementsOf, tagOf } from '../query';

/**
 * The verifier of per-tenant segregation (claim S2-05), over the templates TenantFleet writes:
 * tenant roles tagged `tenant-id`, the bucket that holds the tenant prefixes `tenants/<id>/`,
 * its policy and the tenants' own KMS keys.
 */

const ROLE = 'AWS::IAM::Role';
const KEY = 'AWS::KMS::Key';
const BUCKET_POLICY = 'AWS::S3::BucketPolicy';

/** The bucket-level actions a tenant may be allowed on its bucket, with an `s3:prefix` condition. */
const LIST_ACTIONS = ['s3:listbucket', 's3:listbucketversions', 's3:listbucketmultipartuploads'];

/** The ABAC object pattern of the bucket policy's deny: `tenants/${aws:PrincipalTag/tenant-id}/*`. */
const ABAC_OBJECTS = `/${TENANT_PREFIX_ROOT}\${aws:PrincipalTag/${TENANT_TAG}}/*`;

/** A value of a template as text: intrinsics as `${Id.Attr}`, anything else as JSON. */
function text(value: unknown): string {
  return templateText(value) ?? show(value);
}

/** The logical id a `${Id}` or `${Id.Arn}` at the start of a text names, if any. */
function leadingRef(value: string): string | undefined {
  return /^\$\{([A-Za-z0-9]+)(\.[A-Za-z]+)?\}/.exec(value)?.[1];
}

/** A policy document that applies to a role, and where it is. */
interface RoleDocument {
  readonly resource: ResourceView;
  readonly path: string;
  readonly document: unknown;
}

/** The identity policies of a role: inline, and the policies and managed policies of its stack attached to it. */
function documentsOf(stack: StackView, role: ResourceView): RoleDocument[] {
  const inline = listOf<any>(role.properties.Policies).map((p, i) => ({ resource: role, path: `Properties.Policies.${i}.PolicyDocument`, document: p?.PolicyDocument }));
  const attached = stack.resources.filter((r) => (r.type === 'AWS::IAM::Policy' || r.type === 'AWS::IAM::ManagedPolicy')
    && (listOf(r.properties.Roles).some((v) => refTarget(v) === role.logicalId)
      || listOf(role.properties.ManagedPolicyArns).some((v) => refTarget(v) === r.logicalId)))
    .map((r) => ({ resource: r, path: 'Properties.PolicyDocument', document: r.properties.PolicyDocument }));
  return [...inline, ...attached];
}

/** Whether an action pattern is an S3 (or every) action. */
function isS3(action: string): boolean {
  return action === '*' || /^s3:/i.test(action) || /^s3\*/i.test(action);
}

/** The condition values of a key under the first of the operators that has it, as text. */
function firstConditionValues(statement: Record<string, any>, operators: string[], key: string): string[] | undefined {
  return operators.map((operator) => conditionValues(statement, operator, key)).find((v) => v !== undefined);
}

/** What a tenant's S3 statements reach, and what is wrong with it. */
interface Reach {
  readonly found: string[];
  readonly problems: string[];
  /** The logical ids of the buckets (in the role's stack) the statements name. */
  readonly buckets: Set<string>;
  /** The logical ids of the KMS keys the statements name. */
  readonly keys: Set<string>;
}

/** Reads the Allow statements of a tenant's role: S3 only on its own prefix, listing only with its prefix. */
function reachOf(documents: RoleDocument[], tenantId: string): Reach {
  const own = `${TENANT_PREFIX_ROOT}${tenantId}/`;
  const reach: Reach = { found: [], problems: [], buckets: new Set(), keys: new Set() };
  for (const d of documents) {
    for (const st of statementsOf(d.document).filter((s) => s?.Effect === 'Allow')) {
      if (st.NotAction !== undefined || st.NotResource !== undefined) {
        reach.problems.push(`a statement allows NotAction/NotResource (${show(st.NotAction ?? st.NotResource)}), which reaches beyond the tenant's prefix`);
        continue;
      }
      const actions = listOf(st.Action).map((a) => String(a));
      for (const resource of listOf(st.Resource).map(text)) {
        if (actions.some((a) => /^kms:/i.test(a) || a === '*')) {
          const key = leadingRef(resource);
          if (key) {
            reach.keys.add(key);
          }
        }
        if (!actions.some(isS3)) {
          continue;
        }
        reach.found.push(resource);
        const slash = resource.indexOf('/');
        const bucketPart = slash < 0 ? resource : resource.slice(0, slash);
        const bucket = leadingRef(bucketPart);
        if (bucket) {
          reach.buckets.add(bucket);
        }
        if (bucketPart.includes('*')) {
          reach.problems.push(`${resource} reaches objects of every bucket`);
        } else if (slash < 0) {
          const listing = actions.every((a) => LIST_ACTIONS.includes(a.toLowerCase()));
          const prefixes = firstConditionValues(st, ['StringLike', 'StringEquals'], 's3:prefix');
          if (!listing) {
            reach.problems.push(`${actions.join(', ')} on the bucket ${resource} itself (only listing its own prefix is a tenant's)`);
          } else if (!prefixes || prefixes.length === 0 || !prefixes.every((p) => p.startsWith(own))) {
            reach.problems.push(`listing of ${resource} is not limited to s3:prefix ${own} (found ${prefixes ? prefixes.join(', ') : 'no s3:prefix condition'})`);
          }
        } else if (!resource.slice(slash + 1).startsWith(own)) {
          reach.problems.push(`${resource} is outside the tenant's prefix ${own}`);
        }
      }
    }
  }
  return reach;
}

/**
 * Whether the `NotResource` of a deny exempts the tenant's own prefix and nothing else of the
 * bucket's objects: the ABAC pattern, plus at most bucket-level ARNs (no `/`, for listing). Any other
 * object ARN (`<bucket>/*`, `<bucket>/tenants/*`) would exempt other tenants' objects from the deny.
 */
function notResourcesExemptOnlyOwnPrefix(notResources: string[]): boolean {
  return notResources.some((r) => r.endsWith(ABAC_OBJECTS)) && notResources.every((r) => r.endsWith(ABAC_OBJECTS) || !r.includes('/'));
}

/** Whether a bucket policy statement is the ABAC deny: tenant principals denied every object outside their own prefix. */
function isAbacDeny(statement: Record<string, any>): boolean {
  const principal = statement.Principal;
  const anyone = principal === '*' || listOf(principal?.AWS).map(text).includes('*');
  const actions = listOf(statement.Action).map((a) => String(a).toLowerCase());
  const tagged = conditionValues(statement, 'Null', `aws:PrincipalTag/${TENANT_TAG}`);
  return statement.Effect === 'Deny' && anyone
    && (actions.includes('*') || actions.includes('s3:*'))
    && notResourcesExemptOnlyOwnPrefix(listOf(statement.NotResource).map(text))
    && tagged !== undefined && tagged.length === 1 && tagged[0] === 'false';
}

/** The fact that a bucket holding tenant prefixes denies tenant principals everything outside their own prefix. */
function bucketFact(stack: StackView, bucketId: string): Fact {
  const expected = `a bucket-policy Deny of s3:* to principals tagged ${TENANT_TAG} on everything but NotResource <bucket>${ABAC_OBJECTS} (Null aws:PrincipalTag/${TENANT_TAG} false)`;
  const bucket = stack.resources.find((r) => r.logicalId === bucketId);
  if (!bucket) {
    return fact({ stack: stack.id, logicalId: bucketId }, 'Resources', expected, '(the bucket is not in the template)', false,
      'the tenant roles reach a bucket this stack does not declare, whose policy the template cannot show');
  }
  const policies = stack.resources.filter((r) => r.type === BUCKET_POLICY && refTarget(r.properties.Bucket) === bucketId);
  for (const policy of policies) {
    const index = statementsOf(policy.properties.PolicyDocument).findIndex(isAbacDeny);
    if (index >= 0) {
      const st = statementsOf(policy.properties.PolicyDocument)[index];
      return fact(policy, `Properties.PolicyDocument.Statement.${index}`, expected,
        `Deny ${listOf(st.Action).join(', ')} NotResource ${listOf(st.NotResource).map(text).join(', ')}`, true);
    }
  }
  return fact(policies[0] ?? bucket, policies[0] ? 'Properties.PolicyDocument' : `Resources[Type=${BUCKET_POLICY}]`, expected,
    policies[0] ? 'no such Deny statement' : '(no bucket policy)', false,
    'without it, a widened grant to a tenant role would reach other tenants\' objects');
}

/** The facts about a tenant's own key: tagged with its tenant, and no other tenant's role allowed in its key policy. */
function keyFact(key: ResourceView, tenantOf: Map<string, string>, usedBy: string | undefined): Fact {
  const tag = tagOf(key, TENANT_TAG);
  const owner = tag ?? usedBy;
  const others = statementsOf(key.properties.KeyPolicy).filter((st) => st?.Effect === 'Allow')
    .flatMap((st) => listOf(st.Principal?.AWS).map((p) => refTarget(p)))
    .filter((id): id is string => id !== undefined && tenantOf.has(id) && tenantOf.get(id) !== owner)
    .map((id) => `${id} (tenant ${tenantOf.get(id)})`);
  const problems = [
    tag === undefined ? `the key is not tagged ${TENANT_TAG}` : undefined,
    usedBy !== undefined && tag !== undefined && tag !== usedBy ? `the key is tagged ${tag} but used by the role of tenant ${usedBy}` : undefined,
    others.length > 0 ? `the key policy allows the roles of other tenants: ${others.join(', ')}` : undefined,
  ].filter((p) => p !== undefined);
  return fact(key, 'Properties.Tags', `tagged ${TENANT_TAG}=${owner ?? '<tenant>'}; the key policy allows no other tenant's role`,
    tag === undefined ? `(no ${TENANT_TAG} tag)` : `${TENANT_TAG}=${tag}`, problems.length === 0, problems.length > 0 ? problems.join('; ') : `key of tenant ${owner}`);
}

/**
 * S2-05: each customer's data is segregated logically. For every tenant role (an IAM role tagged
 * `tenant-id`), one fact: its identity policies allow S3 only on the objects of its own prefix
 * `tenants/<id>/*` and listing only with an `s3:prefix` of that prefix; the found value lists the
 * resources allowed. A role that reaches `*`, `tenants/*`, another tenant's prefix or the bucket
 * itself fails. For every bucket the tenant roles reach, one fact: its policy denies principals
 * that carry a `tenant-id` tag everything outside `tenants/${aws:PrincipalTag/tenant-id}/*`, so
 * that the bucket, not only the grants, keeps tenants apart (its NotResource exempts nothing else
 * of the bucket's objects). A tenant role with a managed policy the template does not declare
 * (an AWS managed policy) fails: its grants cannot be shown. For every tenant's own KMS key
 * (tagged `tenant-id`, or a key a tenant role uses that encrypts no bucket by default), one fact:
 * tagged with its tenant, and its key policy allows no other tenant's role. Without any tenant
 * role the claim fails, whatever else the templates hold.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-tags
 */
const tenantSegregation: Verifier = ({ stacks }) => {
  const facts: Fact[] = [];
  let tenantRoles = 0;
  for (const stack of stacks) {
    const roles = stack.resources.filter((r) => r.type === ROLE && tagOf(r, TENANT_TAG) !== undefined);
    tenantRoles += roles.length;
    const tenantOf = new Map(roles.map((r) => [r.logicalId, tagOf(r, TENANT_TAG)!]));
    const buckets = new Set<string>();
    const keyUsers = new Map<string, string>();
    for (const role of roles) {
      const tenantId = tenantOf.get(role.logicalId)!;
      const documents = documentsOf(stack, role);
      const reach = reachOf(documents, tenantId);
      // An AWS managed policy (or any policy named by ARN only) holds grants no template shows.
      const undeclared = listOf(role.properties.ManagedPolicyArns)
        .filter((v) => !stack.resources.some((r) => r.type === 'AWS::IAM::ManagedPolicy' && r.logicalId === refTarget(v)));
      if (undeclared.length > 0) {
        reach.problems.push(`attaches ${undeclared.map(text).join(', ')}, a managed policy the template does not declare, whose grants it cannot show`);
      }
      reach.buckets.forEach((b) => buckets.add(b));
      reach.keys.forEach((k) => keyUsers.set(k, keyUsers.has(k) && keyUsers.get(k) !== tenantId ? '(several tenants)' : tenantId));
      const where = documents[0] ?? { resource: role, path: 'Properties.Policies' };
      facts.push(fact(where.resource, where.path, `S3 only on ${TENANT_PREFIX_ROOT}${tenantId}/* (listing only with s3:prefix ${TENANT_PREFIX_ROOT}${tenantId}/)`,
        reach.found.length > 0 ? reach.found.join(', ') : '(no S3 access)', reach.problems.length === 0,
        reach.problems.length > 0 ? reach.problems.join('; ') : `role of tenant ${tenantId}`));
    }
    // A `*` grant on a key's ARN names the key the way a bucket ARN names its bucket: only buckets (or ids
    // the template does not declare) are buckets.
    const declared = (id: string) => stack.resources.find((r) => r.logicalId === id);
    [...buckets].filter((b) => declared(b) === undefined || declared(b)!.type === 'AWS::S3::Bucket')
      .forEach((b) => facts.push(bucketFact(stack, b)));
    const bucketKeys = new Set(stack.resources.filter((r) => r.type === 'AWS::S3::Bucket')
      .flatMap((b) => listOf<any>(b.properties.BucketEncryption?.ServerSideEncryptionConfiguration))
      .map((c) => refTarget(c?.ServerSideEncryptionByDefault?.KMSMasterKeyID))
      .filter((id): id is string => id !== undefined));
    const tenantKeys = stack.resources.filter((r) => r.type === KEY
      && (tagOf(r, TENANT_TAG) !== undefined || (keyUsers.has(r.logicalId) && !bucketKeys.has(r.logicalId))));
    tenantKeys.forEach((k) => facts.push(keyFact(k, tenantOf, bucketKeys.has(k.logicalId) ? undefined : keyUsers.get(k.logicalId))));
  }
  if (tenantRoles === 0) {
    // Keys or buckets alone prove no segregation: the claim is about what each tenant can reach.
    facts.unshift(fact({ stack: stacks.map((s) => s.id).join(', ') || '(no stack records the claim)' }, `Resources[Type=${ROLE}].Properties.Tags[${TENANT_TAG}]`,
      `an IAM role per tenant, tagged ${TENANT_TAG}, that reaches only its own prefix`, '(none)', false,
      'no tenant role in the templates: a TenantFleet makes one per tenant'));
  }
  return facts;
};

/** The verifiers of this area, by the name the catalog's `checks` use. */
export const TENANCY_VERIFIERS: Record<string, Verifier> = {
  'tenant-segregation': tenantSegregation,
};
