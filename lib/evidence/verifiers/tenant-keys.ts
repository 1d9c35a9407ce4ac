import { templateText } from './audit';
import { conditionValues, narrowedNote, otherConditions } from './conditions';
import { TENANCY_VERIFIERS } from './tenancy';
import { TENANT_PREFIX_ROOT, TENANT_TAG } from '../../private/data-store-types';
import { Fact, ResourceView, StackView, Verifier } from '../model';
import { fact, listOf, show, statementsOf, tagOf } from '../query';

/**
 * S2-05 with a tenant's own key: the key is enforced for every write under the tenant's prefix,
 * including a write that names no key (S3 would encrypt it with the bucket's default key). The
 * shard bucket's policy must deny `s3:PutObject` on `<bucket>/tenants/<id>/*` with
 * `StringNotEquals s3:x-amz-server-side-encryption-aws-kms-key-id <the tenant key's ARN>` and no
 * other condition: a negated operator is true when the header is absent, while a
 * `Null ... false` beside it (the library's old statement) exempts writes without the header.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/specifying-kms-encryption.html
 */

const KEY_HEADER = 's3:x-amz-server-side-encryption-aws-kms-key-id';

/** Whether a Deny statement applies to s3:PutObject for anyone. */
function deniesPutToAnyone(st: Record<string, any>): boolean {
  const anyone = st.Principal === '*' || listOf(st.Principal?.AWS).map((p) => templateText(p) ?? show(p)).includes('*');
  const actions = listOf(st.Action).map((a) => String(a).toLowerCase());
  return st.Effect === 'Deny' && anyone && ['s3:putobject', 's3:*', '*', 's3:put*'].some((a) => actions.includes(a));
}

/** The fact that the writes under a tenant's prefix must name its key. */
function keyEnforcedFact(stack: StackView, key: ResourceView, tenantId: string): Fact {
  const objects = `/${TENANT_PREFIX_ROOT}${tenantId}/*`;
  const expected = `a bucket-policy Deny of s3:PutObject on <bucket>${objects} unless ${KEY_HEADER} is ${key.logicalId}'s ARN (writes naming no key included)`;
  const candidates = stack.resources.filter((r) => r.type === 'AWS::S3::BucketPolicy').flatMap((policy) =>
    statementsOf(policy.properties.PolicyDocument).map((st, index) => ({ policy, st, index })))
    .filter(({ st }) => deniesPutToAnyone(st) && listOf(st.Resource).some((r) => (templateText(r) ?? show(r)).endsWith(objects))
      && (conditionValues(st, 'StringNotEquals', KEY_HEADER) ?? []).some((v) => v === `\${${key.logicalId}.Arn}`));
  const whole = candidates.find(({ st }) => otherConditions(st, [['StringNotEquals', KEY_HEADER]]).length === 0);
  if (whole) {
    return fact(whole.policy, `Properties.PolicyDocument.Statement.${whole.index}`, expected, `Deny s3:PutObject on ${objects.slice(1)} unless ${key.logicalId}`, true);
  }
  if (candidates.length > 0) {
    const { policy, st, index } = candidates[0];
    const narrowing = otherConditions(st, [['StringNotEquals', KEY_HEADER]]);
    const exempt = conditionValues(st, 'Null', KEY_HEADER)?.includes('false');
    return fact(policy, `Properties.PolicyDocument.Statement.${index}`, expected, `Deny narrowed by ${narrowing.join(', ')}`, false,
      exempt ? 'Null false on the key header exempts writes that name no key: S3 encrypts them with the bucket\'s default key, not the tenant\'s'
        : narrowedNote(narrowing, 'other writes keep any key'));
  }
  return fact(key, 'Resources[Type=AWS::S3::BucketPolicy]', expected, '(no such Deny)', false,
    `nothing makes the writes under ${TENANT_PREFIX_ROOT}${tenantId}/ use the tenant's key`);
}

/** S2-05: the area verifier (roles, bucket ABAC deny, key policies), and each tenant key enforced on writes. */
const tenantSegregation: Verifier = (input) => [
  ...TENANCY_VERIFIERS['tenant-segregation'](input),
  ...input.stacks.flatMap((stack) => stack.resources.filter((r) => r.type === 'AWS::KMS::Key' && tagOf(r, TENANT_TAG) !== undefined)
    .map((key) => keyEnforcedFact(stack, key, tagOf(key, TENANT_TAG)!))),
];

/** The verifier of S2-05 with tenant keys; it replaces the area verifier of the same name. */
export const TENANT_KEY_VERIFIERS: Record<string, Verifier> = {
  'tenant-segregation': tenantSegregation,
};
