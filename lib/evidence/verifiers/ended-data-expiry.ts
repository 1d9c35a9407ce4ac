import { templateText } from './audit';
import { ENDED_PREFIX, MOVER_OBJECT_ACTIONS } from '../../private/data-store-types';
import { Fact, ResourceView, StackView, Verifier } from '../model';
import { fact, listOf, numberOf, refTarget, resourcesOf, show, stackOf, statementsOf } from '../query';
import { DATA_CLASS_TAG, dataClassOf, declaredClass, ENDED_TAG, lifecycleRules, LifecycleRuleView, noncurrentDeleted, scopeOf } from '../register';

/**
 * S3-05: personal data is kept for the relationship plus N years (N days: the expectation
 * `endedDataExpiryDays`, 1095). A lifecycle expiry counts from object creation, so a rule on a
 * tag set when the relationship ends deletes data older than N days at once. What makes the
 * promise true is a deletion whose clock starts at the end of the relationship; for every
 * bucket holding personal data (its class has `personalData: true` in the policy record):
 * 1. the clock: an enabled lifecycle rule on the prefix the mover writes to (`ended/`), with no
 *    other filter, expiring after N days, and purging the expired versions of a versioned bucket;
 * 2. the mover: an `AWS::Lambda::Function` of the stack whose environment names the bucket
 *    (`BUCKET`) and the prefix (`ENDED_PREFIX`), whose role's policies allow the object actions of
 *    a move (read the object and its tags, write the copy and its tags, delete the original) on
 *    the bucket's objects, and, for an SSE-KMS bucket, `kms:Decrypt` and `kms:GenerateDataKey`;
 * 3. the trigger: the bucket sends its events to EventBridge, and an enabled rule on its
 *    `Object Tags Added` events (source `aws.s3`, `detail.bucket.name` the bucket) targets the mover;
 * 4. nothing earlier: no other enabled rule expires current objects the `ended/` data is among
 *    (a rule of the whole bucket, an overlapping prefix, or the ended tag) sooner than N days or on a date.
 *
 * Personal data in databases has no such mechanism in a template: deleting it when a
 * relationship ends is the application's work, and this verifier does not claim it.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventBridge.html
 */

const RULES_PATH = 'Properties.LifecycleConfiguration.Rules';

/** Whether an IAM action pattern (`s3:*`, `s3:GetObject*`, `*`) allows `action`. */
function allows(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(action);
}

/** The Allow statements of the identity policies attached to a role of the stack. */
function roleStatements(stack: StackView | undefined, roleId: string | undefined): Array<Record<string, any>> {
  if (!stack || !roleId) {
    return [];
  }
  const role = stack.resources.find((r) => r.logicalId === roleId);
  const inline = listOf<any>(role?.properties.Policies).flatMap((p) => statementsOf(p?.PolicyDocument));
  const attached = stack.resources.filter((r) => (r.type === 'AWS::IAM::Policy' || r.type === 'AWS::IAM::ManagedPolicy')
    && listOf(r.properties.Roles).some((v) => refTarget(v) === roleId))
    .flatMap((r) => statementsOf(r.properties.PolicyDocument));
  return [...inline, ...attached].filter((st) => st?.Effect === 'Allow' && st.NotAction === undefined && st.NotResource === undefined);
}

/** Whether an Allow statement names resources within the bucket's objects (`${Bucket.Arn}/*`, or `*`). */
function onObjects(statement: Record<string, any>, bucket: ResourceView): boolean {
  return listOf(statement.Resource).some((r) => {
    const text = templateText(r) ?? show(r);
    return text === '*' || text.startsWith(`\${${bucket.logicalId}.Arn}/`);
  });
}

/** The facts of one bucket. */
function bucketFacts(stacks: StackView[], bucket: ResourceView, days: number | undefined, text: string): Fact[] {
  const stack = stackOf(stacks, bucket);
  const resources = stack?.resources ?? [];
  const movers = resources.filter((r) => r.type === 'AWS::Lambda::Function'
    && refTarget(r.properties.Environment?.Variables?.BUCKET) === bucket.logicalId
    && typeof r.properties.Environment?.Variables?.ENDED_PREFIX === 'string');
  const mover = movers[0];
  const prefix: string = mover?.properties.Environment.Variables.ENDED_PREFIX ?? ENDED_PREFIX;
  const rules = lifecycleRules(bucket);
  const facts: Fact[] = [];

  // 1. The clock: the rule on the prefix.
  const onPrefix = rules.filter((r) => r.prefix === prefix && r.expirationDays !== undefined);
  const rule = onPrefix.find((r) => r.enabled && r.expirationDays === days) ?? onPrefix[0];
  if (!rule) {
    facts.push(fact(bucket, RULES_PATH, `a rule on the prefix ${prefix} expiring after ${text} days`, `(no rule on ${prefix})`, false,
      'set expireEndedObjectsAfter on the SecureBucket: ended data is moved under ended/ and expires from the move'));
  } else {
    const problems = [
      rule.enabled ? undefined : 'the rule is disabled',
      rule.tagFilters.length === 0 && rule.rule.ObjectSizeGreaterThan === undefined && rule.rule.ObjectSizeLessThan === undefined
        ? undefined : `the rule covers only ${scopeOf(rule)}`,
      days !== undefined && rule.expirationDays === days ? undefined : `data under ${prefix} expires after ${rule.expirationDays} days, not ${text}`,
      noncurrentDeleted(bucket, rule) ? undefined : 'the bucket is versioned and the expired versions are never purged',
    ].filter((p) => p !== undefined);
    facts.push(fact(bucket, `${rule.propertyPath}.ExpirationInDays`, `${text} days after the move under ${prefix}`, rule.expirationDays,
      problems.length === 0, problems.length > 0 ? problems.join('; ') : undefined));
  }

  // 2. The mover and what it may do.
  if (!mover) {
    facts.push(fact(bucket, 'Resources[Type=AWS::Lambda::Function].Properties.Environment.Variables.BUCKET',
      'a function that moves ended data under the expiring prefix', '(none)', false,
      'nothing moves the data when the relationship ends: an expiry counted from object creation would delete old data at once'));
  } else {
    const statements = roleStatements(stack, refTarget(mover.properties.Role));
    const missing = MOVER_OBJECT_ACTIONS.filter((a) => a !== 's3:GetObjectVersion' && a !== 's3:GetObjectVersionTagging')
      .filter((a) => !statements.some((st) => listOf(st.Action).some((p) => allows(String(p), a)) && onObjects(st, bucket)));
    const key = refTarget(bucket.properties.BucketEncryption?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault?.KMSMasterKeyID);
    const keyMissing = key === undefined ? [] : ['kms:Decrypt', 'kms:GenerateDataKey'].filter((a) => !statements.some((st) =>
      listOf(st.Action).some((p) => allows(String(p), a))
      && listOf(st.Resource).some((r) => refTarget(r) === key || (templateText(r) ?? show(r)) === '*')));
    const gaps = [...missing, ...keyMissing];
    facts.push(fact(mover, 'Properties.Role', `a mover allowed to ${MOVER_OBJECT_ACTIONS.filter((a) => !a.includes('Version')).join(', ')} on ${bucket.logicalId}'s objects${key ? ' and to use its key' : ''}`,
      gaps.length > 0 ? `missing ${gaps.join(', ')}` : `moves to ${prefix}`, gaps.length === 0));

    // 3. The trigger.
    const eventBridge = bucket.properties.NotificationConfiguration?.EventBridgeConfiguration?.EventBridgeEnabled;
    const triggers = resources.filter((r) => r.type === 'AWS::Events::Rule' && (r.properties.State ?? 'ENABLED') === 'ENABLED'
      && listOf(r.properties.EventPattern?.source).includes('aws.s3')
      && listOf(r.properties.EventPattern?.['detail-type']).includes('Object Tags Added')
      && listOf(r.properties.EventPattern?.detail?.bucket?.name).some((n) => refTarget(n) === bucket.logicalId)
      && listOf<any>(r.properties.Targets).some((t) => refTarget(t?.Arn) === mover.logicalId));
    const triggered = triggers.length > 0 && (eventBridge === true || eventBridge === 'true');
    facts.push(fact(bucket, 'Properties.NotificationConfiguration.EventBridgeConfiguration',
      `objects tagged ${ENDED_TAG.key}=${ENDED_TAG.value} trigger the mover`, triggered ? `rule ${triggers[0].logicalId} -> ${mover.logicalId}` : '(no trigger)', triggered,
      triggered ? 'the application may also invoke the mover with a customer\'s prefix' : eventBridge !== true && eventBridge !== 'true'
        ? 'the bucket does not send its events to EventBridge' : `no enabled rule on the bucket's Object Tags Added events targets ${mover.logicalId}`));
  }

  // 4. Nothing deletes ended data earlier.
  const earlier = rules.filter((r) => r.enabled && r !== rule && (r.expirationDays !== undefined || r.expirationDate !== undefined))
    .filter((r) => reachesEnded(r, prefix))
    .filter((r) => r.expirationDate !== undefined || days === undefined || r.expirationDays! < days || endedTagged(r));
  facts.push(fact(bucket, RULES_PATH, `no rule deletes ended data before ${text} days after the move`,
    earlier.length > 0 ? earlier.map((r) => `${r.id ?? r.index}: ${scopeOf(r)} ${r.expirationDate ? `on ${r.expirationDate}` : `after ${r.expirationDays} days`}`).join('; ') : '(none)',
    earlier.length === 0, earlier.some(endedTagged)
      ? 'a rule on the ended tag counts from object creation: data older than that is deleted the moment the relationship ends' : undefined));
  return facts;
}

/** Whether a lifecycle rule is filtered on the ended-relationship tag. */
function endedTagged(rule: LifecycleRuleView): boolean {
  return rule.tagFilters.some((t) => t?.Key === ENDED_TAG.key && t?.Value === ENDED_TAG.value);
}

/** Whether a rule can expire objects that are, or will be, under the ended prefix (or that carry the ended tag). */
function reachesEnded(rule: LifecycleRuleView, prefix: string): boolean {
  if (endedTagged(rule)) {
    return true;
  }
  return rule.prefix === undefined || rule.prefix.startsWith(prefix) || prefix.startsWith(rule.prefix);
}

const endedDataExpiry: Verifier = ({ stacks, expected }) => {
  const text = expected.get('endedDataExpiryDays') ?? '1095';
  const days = numberOf(text);
  const buckets = resourcesOf(stacks, 'AWS::S3::Bucket').filter((b) => declaredClass(stackOf(stacks, b), dataClassOf(b).value)?.personalData === true);
  if (buckets.length === 0) {
    return [fact({ stack: stacks.map((s) => s.id).join(', ') || '(no stack records the claim)' }, `Resources[Type=AWS::S3::Bucket].Properties.Tags[${DATA_CLASS_TAG}]`,
      'a bucket holding personal data', '(none)', false,
      'no bucket is tagged with a class that holds personal data: nothing in the templates expires the data of ended relationships')];
  }
  return buckets.flatMap((b) => bucketFacts(stacks, b, days, text));
};

/** The verifier of S3-05, by the name the catalog's `checks` use. */
export const ENDED_DATA_VERIFIERS: Record<string, Verifier> = {
  'ended-data-expiry': endedDataExpiry,
};
