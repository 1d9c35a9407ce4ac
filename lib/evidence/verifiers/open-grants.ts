import { Fact, ResourceView, StackView } from '../model';
import { fact, listOf, refTarget, statementsOf } from '../query';

/*
 * Resource policies that open a store or a key to every principal: a bucket policy or a key
 * policy with an `Allow` to `*` and no condition. Such a grant changes the verdicts of the claims
 * that rest on the store or the key (S1-03, S2-03, S4-07, S1-01, S3-02): whoever the identity
 * policies name, everyone may read.
 */

/** Whether a statement's principal is everyone: `*`, `{ AWS: '*' }` or a list holding `*`. */
function everyone(principal: unknown): boolean {
  if (principal === '*') {
    return true;
  }
  const aws = (principal as any)?.AWS;
  return listOf(aws).includes('*');
}

/** The unconditioned `Allow` statements to every principal in a policy document: each as `actions` text, with its index. */
export function openAllows(document: unknown): Array<{ index: number; actions: string }> {
  return statementsOf(document).flatMap((st, index) => (st.Effect === 'Allow' && everyone(st.Principal) && st.Condition === undefined
    ? [{ index, actions: listOf(st.Action ?? st.NotAction).map(String).join(', ') || '(no action)' }]
    : []));
}

/** The unconditioned grants to every principal of a key of the template (its `KeyPolicy`), in words; undefined when there is none. */
export function openKeyGrant(stacks: StackView[], stack: string, keyLogicalId: string | undefined): string | undefined {
  if (keyLogicalId === undefined) {
    return undefined;
  }
  const key = stacks.find((s) => s.id === stack)?.resources.find((r) => r.logicalId === keyLogicalId);
  const open = key ? openAllows(key.properties.KeyPolicy) : [];
  return open.length > 0
    ? `the key policy of ${keyLogicalId} allows ${open.map((o) => o.actions).join('; ')} to every principal with no condition (statement ${open[0].index}): the key protects nothing`
    : undefined;
}

/**
 * A fact that a bucket's policies grant nothing to every principal without a condition (S1-03:
 * "only named staff can reach personal data"). A public access block does not make such a
 * statement harmless: with RestrictPublicBuckets it still admits every principal of the account.
 */
export function bucketOpenGrantFact(stacks: StackView[], bucket: ResourceView): Fact {
  const policies = (stacks.find((s) => s.id === bucket.stack)?.resources ?? [])
    .filter((r) => r.type === 'AWS::S3::BucketPolicy' && refTarget(r.properties.Bucket) === bucket.logicalId);
  const open = policies.flatMap((p) => openAllows(p.properties.PolicyDocument).map((o) => ({ policy: p, ...o })));
  if (open.length === 0) {
    return fact(bucket, 'Resources[Type=AWS::S3::BucketPolicy].PolicyDocument', 'no Allow to every principal without a condition',
      policies.length > 0 ? policies.map((p) => p.logicalId).join(', ') : '(no bucket policy)', true);
  }
  const first = open[0];
  return fact(first.policy, `Properties.PolicyDocument.Statement.${first.index}`, 'no Allow to every principal without a condition',
    `Allow ${first.actions} to *`, false, `bucket ${bucket.logicalId} holds personal data, and this statement lets every principal reach it`);
}
