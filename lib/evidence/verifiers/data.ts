import { openKeyGrant } from './open-grants';
import { AWS_KEYED_STORE_TYPES, DATA_STORE_TYPES } from '../../private/data-store-types';
import { Fact, ResourceView, StackView, Verifier } from '../model';
import { everyResource, fact, noResource, numberOf, resourceFact, resourcesOf, stackOf, valueAt } from '../query';
import {
  AtRestView, atRestOf, BUCKET_ALGORITHM_PATH, buildRegister, DATA_CLASS_TAG, DATA_HOLDING_TYPES, dataClassOf, declaredClass, deletionsOf,
  isVersioned, lifecycleRules, LifecycleRuleView, logDeliveryTargets, NO_ENCRYPTION, NO_REGION, noncurrentDeleted, objectLockOf, S3_DEFAULT_NOTE,
  scopeOf, UNREADABLE_ENCRYPTION,
} from '../register';

/** The SSE algorithms each `minimumEncryption` of S0-06 accepts. */
const ACCEPTED_ALGORITHMS: Record<string, string[]> = {
  'SSE-S3': ['AES256', 'aws:kms', 'aws:kms:dsse'],
  'SSE-KMS': ['aws:kms', 'aws:kms:dsse'],
  'DSSE-KMS': ['aws:kms:dsse'],
};

/** Where the lifecycle rules of a bucket sit. */
const RULES_PATH = 'Properties.LifecycleConfiguration.Rules';

/**
 * The encryption of a store, unencrypted in effect when its customer-managed key's policy lets
 * every principal use it with no condition (S2-03, S4-07, S1-01, S3-02): the key then keeps
 * nobody out, so the encryption claims do not rest on it.
 */
function withOpenKey(stacks: StackView[], r: ResourceView, view: AtRestView): AtRestView {
  const open = openKeyGrant(stacks, r.stack, view.keyLogicalId);
  return open ? { ...view, encrypted: false, note: open } : view;
}

/** Where the stacks are, for a fact about all of them. */
function allOf(stacks: StackView[]): { stack: string } {
  return { stack: stacks.map((s) => s.id).join(', ') || '(no stack records the claim)' };
}

/**
 * S0-06: every `AWS::S3::Bucket` encrypts objects at rest with SSE-S3 or stronger: its default
 * encryption names `AES256` (SSE-S3), `aws:kms` (SSE-KMS) or `aws:kms:dsse` (DSSE-KMS), all
 * AES-256. The expectation `minimumEncryption` (`SSE-S3`) decides which algorithms count; the
 * fact's found value is the algorithm.
 *
 * A bucket without `BucketEncryption` is satisfied with a note: since 5 January 2023 S3 applies
 * SSE-S3 to every new object of every bucket, so no object is stored unencrypted.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html
 */
const bucketsEncrypted: Verifier = ({ stacks, expected }) => {
  const minimum = expected.get('minimumEncryption') ?? 'SSE-S3';
  const accepted = ACCEPTED_ALGORITHMS[minimum];
  const wanted = accepted ? `${minimum} or stronger: ${accepted.join(', ')}` : minimum;
  return everyResource(stacks, 'AWS::S3::Bucket', wanted, (bucket) => {
    if (!accepted) {
      return resourceFact(bucket, BUCKET_ALGORITHM_PATH, wanted, false,
        `the claim expects minimumEncryption '${minimum}', which is none of ${Object.keys(ACCEPTED_ALGORITHMS).join(', ')}`);
    }
    if (bucket.properties.BucketEncryption === undefined) {
      return resourceFact(bucket, BUCKET_ALGORITHM_PATH, wanted, accepted.includes('AES256'), S3_DEFAULT_NOTE);
    }
    const algorithm = valueAt(bucket, BUCKET_ALGORITHM_PATH);
    return resourceFact(bucket, BUCKET_ALGORITHM_PATH, wanted, typeof algorithm === 'string' && accepted.includes(algorithm),
      typeof algorithm === 'string' ? undefined : 'the algorithm is not a literal the template shows');
  });
};

/**
 * S2-03, S4-07: every data-holding resource is encrypted at rest (AES-256): S3 buckets (default
 * encryption), RDS instances and clusters (`StorageEncrypted`; an Aurora instance by its
 * cluster), EBS volumes and EFS file systems (`Encrypted`), log groups, SNS topics
 * (`KmsMasterKeyId`), SQS queues (`KmsMasterKeyId`, or SSE-SQS, on by default), secrets,
 * backup vaults, DynamoDB tables and Kinesis streams (`StreamEncryption`), and the other
 * types `atRestOf` reads. Services that always encrypt (CloudWatch Logs, Secrets Manager,
 * AWS Backup, DynamoDB, S3) are satisfied without a key, with a note saying so.
 *
 * With the expectation `atRestEncryption` = `KMS` (what SecureBucket, SecureDatabase and
 * SecureBackupVault choose under such a policy, and what the policy puts on every log group),
 * every data store (`DATA_STORE_TYPES`), every log group and every other resource tagged with a
 * data class must use a customer-managed KMS key. One exception, which SecureBucket's access-log
 * bucket is: a bucket that receives S3 server access logs or Application Load Balancer logs
 * (found by the `LoggingConfiguration` and load balancer attributes that name it) may be SSE-S3,
 * since AWS delivers those logs only to SSE-S3 (AES-256) buckets; its note says so.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
 */
const encryptedAtRest: Verifier = ({ stacks, expected }) => {
  const kms = expected.get('atRestEncryption') === 'KMS';
  const holding = stacks.flatMap((s) => {
    const targets = logDeliveryTargets(s);
    return s.resources.filter((r) => DATA_HOLDING_TYPES.has(r.type)).map((r) => ({ r, logTarget: targets.get(r.logicalId) }));
  });
  if (holding.length === 0) {
    return [noResource(stacks, 'data-holding resource', 'encrypted at rest')];
  }
  return holding.map(({ r, logTarget }) => {
    const view = withOpenKey(stacks, r, atRestOf(stacks, r)!);
    const needsKey = kms && !AWS_KEYED_STORE_TYPES.has(r.type) && (DATA_STORE_TYPES.has(r.type) || dataClassOf(r).value !== undefined);
    if (needsKey && logTarget !== undefined) {
      const ok = view.encrypted === true && (view.found.startsWith('AES256') || view.key === 'customer');
      return fact(r, view.propertyPath, 'SSE-S3 (AES256) or a customer-managed KMS key', view.found, ok,
        `${logTarget} delivers only to buckets encrypted with SSE-S3 (AES-256), so this log bucket cannot use a customer-managed KMS key`);
    }
    if (needsKey) {
      const ok = view.encrypted === true && view.key === 'customer';
      return fact(r, view.propertyPath, 'encrypted with a customer-managed KMS key', view.found, ok,
        view.note ?? (ok ? undefined : 'the policy promises SSE-KMS with customer-managed keys for data stores and log groups'));
    }
    return fact(r, view.propertyPath, 'encrypted at rest (AES-256)', view.found, view.encrypted === true, view.note);
  });
};

/**
 * S1-01, S3-02: every data store (`DATA_STORE_TYPES`: buckets, databases, tables, volumes, file
 * systems, backup vaults) carries the `data-class` tag with one of the expected `dataClasses`,
 * and is encrypted as the class demands (`minimumEncryption` of the class in the stack's policy
 * record): a `KMS` class needs a customer-managed KMS key, an `S3_MANAGED` class any encryption
 * at rest. Two facts per tagged store, one when the tag is missing or undeclared.
 */
const dataClassified: Verifier = ({ stacks, expected }) => {
  const recorded = expected.get('dataClasses');
  const allowedIn = (stack?: StackView) => (recorded ?? stack?.policy?.dataClasses.map((c) => c.name).join(',') ?? '')
    .split(',').map((c) => c.trim()).filter((c) => c !== '');
  return everyResource(stacks, [...DATA_STORE_TYPES], `a data-class tag of ${recorded ?? 'the declared classes'}`, (store) => {
    const stack = stackOf(stacks, store);
    const allowed = allowedIn(stack);
    const tag = dataClassOf(store);
    const tagPath = `${tag.propertyPath}[${DATA_CLASS_TAG}]`;
    const wanted = `one of ${allowed.join(', ')}`;
    if (tag.value === undefined || tag.unresolved || !allowed.includes(tag.value)) {
      const why = tag.value === undefined ? 'no data-class tag: the store holds data of no declared class'
        : tag.unresolved ? 'the tag value is an intrinsic the template cannot resolve' : `'${tag.value}' is not a declared data class`;
      return fact(store, tagPath, wanted, tag.value, false, why);
    }
    const facts: Fact[] = [fact(store, tagPath, wanted, tag.value, true)];
    const cls = declaredClass(stack, tag.value);
    const view = withOpenKey(stacks, store, atRestOf(stacks, store)!);
    if (!cls) {
      facts.push(fact(store, view.propertyPath, `the encryption class '${tag.value}' demands`, view.found, false,
        `class '${tag.value}' is not in the policy record of ${store.stack}, so its minimum encryption is unknown`));
    } else if (cls.minimumEncryption === 'KMS' && AWS_KEYED_STORE_TYPES.has(store.type) && view.key === 'aws') {
      facts.push(fact(store, view.propertyPath, `KMS encryption at rest (class ${cls.name} requires KMS)`, view.found, view.encrypted === true,
        `${store.type} encrypts with an AWS-owned KMS key (AES-256) unless a customer-managed key is configured; the library sets none, so no customer-managed key is claimed`));
    } else if (cls.minimumEncryption === 'KMS') {
      facts.push(fact(store, view.propertyPath, `a customer-managed KMS key (class ${cls.name} requires KMS)`, view.found,
        view.encrypted === true && view.key === 'customer', view.note));
    } else {
      const known = cls.minimumEncryption === 'S3_MANAGED';
      facts.push(fact(store, view.propertyPath, `encrypted at rest (class ${cls.name} requires ${cls.minimumEncryption} or stronger)`, view.found,
        known && view.encrypted === true, known ? view.note : `unknown minimumEncryption '${cls.minimumEncryption}'`));
    }
    return facts;
  });
};

/**
 * S1-11: unused data is deleted regularly. For every bucket: an enabled lifecycle rule deletes
 * data (object expiration, tag-filtered expiration or noncurrent-version expiration), and, in a
 * versioned bucket, a rule of the whole bucket purges noncurrent versions, since deleting or
 * expiring an object there only hides it behind a delete marker.
 *
 * What this honestly means for a SecureBucket with no `retention`: its default rule purges
 * deleted and overwritten versions after the policy's data retention, so data the service stops
 * using (deletes) is really gone within that time; current objects are kept until the service
 * deletes them, and the fact's note says so. A `retention`, tenant or ended-relationship rule
 * expires current objects too, and the found value lists every deletion.
 *
 * And every `AWS::Logs::LogGroup` has a `RetentionInDays`: without one CloudWatch Logs keeps
 * events forever.
 */
const unusedDataDeleted: Verifier = ({ stacks }) => {
  const buckets = resourcesOf(stacks, 'AWS::S3::Bucket');
  const groups = resourcesOf(stacks, 'AWS::Logs::LogGroup');
  if (buckets.length === 0 && groups.length === 0) {
    return [noResource(stacks, 'AWS::S3::Bucket or AWS::Logs::LogGroup', 'lifecycle expiration or log retention')];
  }
  const bucketFacts = buckets.map((bucket) => {
    const enabled = lifecycleRules(bucket).filter((r) => r.enabled);
    const deletions = enabled.flatMap(deletionsOf);
    const versioned = isVersioned(bucket);
    const purgesVersions = !versioned || enabled.some((r) => !r.filtered && r.noncurrentDays !== undefined);
    const expiresAll = enabled.some((r) => !r.filtered && (r.expirationDays !== undefined || r.expirationDate !== undefined));
    const wanted = versioned ? 'an enabled rule that deletes data, with noncurrent versions purged bucket-wide (versioned)' : 'an enabled rule that deletes data';
    const ok = deletions.length > 0 && purgesVersions;
    let note: string | undefined;
    if (deletions.length === 0) {
      note = 'no enabled lifecycle rule expires objects or noncurrent versions: the bucket keeps everything forever';
    } else if (!purgesVersions) {
      note = 'the bucket is versioned and no rule of the whole bucket expires noncurrent versions: deleted and expired objects stay as old versions forever';
    } else if (!expiresAll) {
      note = 'current objects are kept until the service deletes them (or a filtered rule expires them); deleted and overwritten data is purged';
    }
    return fact(bucket, RULES_PATH, wanted, deletions.length > 0 ? deletions.join('; ') : undefined, ok, note);
  });
  const groupFacts = groups.map((group) => {
    const days = group.properties.RetentionInDays;
    const note = days === undefined ? 'without RetentionInDays CloudWatch Logs keeps events forever'
      : numberOf(days) === undefined ? 'RetentionInDays is not a literal number' : undefined;
    return resourceFact(group, 'Properties.RetentionInDays', 'a retention in days', numberOf(days) !== undefined, note);
  });
  return [...bucketFacts, ...groupFacts];
};

/** The erasure deadline of a bucket: its shortest object expiry, else how long deleted data lingers. */
function erasureDeadline(bucket: ResourceView): { days: number; what: string } | undefined {
  const rules = lifecycleRules(bucket).filter((r) => r.enabled);
  const candidates = rules.filter((r) => r.expirationDays !== undefined)
    .map((r) => ({ days: r.expirationDays!, what: `${scopeOf(r)} expire after ${r.expirationDays} days (rule ${r.id ?? r.index})` }));
  if (candidates.length === 0) {
    candidates.push(...rules.filter((r) => !r.filtered && r.noncurrentDays !== undefined)
      .map((r) => ({ days: r.noncurrentDays!, what: `deleted data is purged after ${r.noncurrentDays} days (the policy's data retention)` })));
  }
  return candidates.sort((a, b) => a.days - b.days)[0];
}

/**
 * S3-06: data-subject requests can be served. Every data store carries a data class the policy
 * declares, so the register lists it and tells whether it holds personal data (an untagged
 * store could hold personal data nobody would look for); and no bucket holding personal data has
 * an Object Lock default retention longer than its erasure deadline: its shortest object expiry
 * (the ended-relationship, retention or tenant expiry, as SecureBucket warns), or, without one,
 * how long its deleted data lingers (the policy's data retention, in the bucket-wide
 * noncurrent-version rule). Locked objects cannot be erased before the lock ends (GDPR Art. 17).
 */
const erasurePossible: Verifier = ({ stacks }) => everyResource(stacks, [...DATA_STORE_TYPES], 'a declared data class', (store) => {
  const tag = dataClassOf(store);
  const cls = declaredClass(stackOf(stacks, store), tag.unresolved ? undefined : tag.value);
  const facts: Fact[] = [fact(store, `${tag.propertyPath}[${DATA_CLASS_TAG}]`, 'a data class the policy declares (listed in the register)', tag.value,
    cls !== undefined, cls ? (cls.personalData ? `holds personal data (${cls.label})` : undefined)
      : 'without a declared class nobody can tell whether the store holds personal data, so a request could miss it')];
  if (store.type === 'AWS::S3::Bucket' && cls?.personalData) {
    facts.push(objectLockFact(store));
  }
  return facts;
});

function objectLockFact(bucket: ResourceView): Fact {
  const path = 'Properties.ObjectLockConfiguration.Rule.DefaultRetention';
  const lock = objectLockOf(bucket);
  const deadline = erasureDeadline(bucket);
  const wanted = deadline ? `at most ${deadline.days} days (${deadline.what})` : 'no default retention beyond an erasure deadline';
  if (lock.unresolved) {
    return fact(bucket, path, wanted, lock.text, false, 'the retention is not a literal number of days or years');
  }
  if (lock.days === undefined) {
    return fact(bucket, path, wanted, lock.text, true,
      lock.text === 'no Object Lock' ? undefined : 'objects are locked only when the application sets a retention per object, which no template shows');
  }
  if (!deadline) {
    return fact(bucket, path, wanted, lock.text, false, 'no lifecycle rule sets an erasure deadline, so the lock may outlast any erasure request');
  }
  const ok = lock.days <= deadline.days;
  return fact(bucket, path, wanted, lock.text, ok, ok ? undefined : `locked objects cannot be erased for ${lock.days} days, longer than the erasure deadline`);
}

/** Whether a lifecycle rule is a tenant's: SecureBucket names it `tenant-<id>`; a `tenants/` prefix or a tenant tag filter also tell. */
function isTenantRule(rule: LifecycleRuleView): boolean {
  return /^tenant-/i.test(rule.id ?? '') || (rule.prefix?.startsWith('tenants/') ?? false) || rule.tagFilters.some((t) => /tenant/i.test(String(t?.Key)));
}

/**
 * S4-02: each customer workspace has its own deletion schedule. At least one data bucket (with
 * a data-class tag) has per-tenant lifecycle rules (SecureBucket's `tenantDeletionSchedules`:
 * rules `tenant-<id>` on the tenant's prefix, or rules filtered on a tenant tag); one fact per
 * tenant rule, whose found value is its `ExpirationInDays`. A tenant rule must be enabled,
 * filtered to the tenant, expire objects, and (versioned bucket) have its expired versions purged.
 */
const tenantDeletionSchedules: Verifier = ({ stacks }) => {
  const facts = resourcesOf(stacks, 'AWS::S3::Bucket').filter((b) => dataClassOf(b).value !== undefined)
    .flatMap((bucket) => lifecycleRules(bucket).filter(isTenantRule).map((rule) => {
      const problems = [
        rule.enabled ? undefined : 'the rule is disabled',
        rule.filtered ? undefined : 'the rule covers the whole bucket, not one tenant',
        rule.expirationDays !== undefined ? undefined : 'the rule expires no objects',
        noncurrentDeleted(bucket, rule) ? undefined : 'the bucket is versioned and the expired versions are never purged',
      ].filter((p) => p !== undefined);
      return resourceFact(bucket, `${rule.propertyPath}.ExpirationInDays`, `days after which ${scopeOf(rule)} are deleted`, problems.length === 0,
        problems.length > 0 ? problems.join('; ') : `rule ${rule.id ?? rule.index}`);
    }));
  if (facts.length === 0) {
    return [fact(allOf(stacks), `Resources[Type=AWS::S3::Bucket].${RULES_PATH}`, 'per-tenant lifecycle rules on a data bucket (tenant prefix or tag)', '(none)', false,
      'no data bucket has per-tenant lifecycle rules: set tenantDeletionSchedules on a SecureBucket')];
  }
  return facts;
};

/**
 * S3-01, S1-14: the register of processing activities (`buildRegister`) lists the data stores of
 * the stacks that record the claim, and of the stacks that record no claim of their own (the
 * off-site vault stacks, whose vaults hold the service's backup copies); it is not empty, and
 * every entry has a declared data class, a region and an encryption at rest. One fact per entry.
 */
const processingRegister: Verifier = ({ stacks, assembly }) => {
  const ids = new Set(stacks.map((s) => s.id));
  const claimless = new Set(assembly.stacks.filter((s) => s.policy && s.policy.claims.length === 0).map((s) => s.id));
  const entries = buildRegister(assembly).filter((e) => ids.has(e.stack) || claimless.has(e.stack));
  if (entries.length === 0) {
    return [fact(allOf(stacks), 'register', 'at least one data store in the register', '(empty)', false, 'the stacks hold no data store')];
  }
  return entries.map((e) => {
    const missing = [
      e.dataClass === undefined ? 'no data-class tag' : e.label === undefined ? `class '${e.dataClass}' is not declared by the policy` : undefined,
      e.region === NO_REGION ? 'the stack has no region' : undefined,
      e.encryption === NO_ENCRYPTION || e.encryption.startsWith(UNREADABLE_ENCRYPTION) ? 'no encryption at rest found' : undefined,
    ].filter((m) => m !== undefined);
    return fact(e, 'register entry (data class; region; encryption)', 'a declared data class, a region and an encryption at rest',
      `${e.dataClass ?? '(no data class)'}; ${e.region}; ${e.encryption}`, missing.length === 0, missing.length > 0 ? missing.join('; ') : undefined);
  });
};

/** The verifiers of this area, by the name the catalog's `checks` use. */
export const DATA_VERIFIERS: Record<string, Verifier> = {
  'buckets-encrypted': bucketsEncrypted,
  'encrypted-at-rest': encryptedAtRest,
  'data-classified': dataClassified,
  'unused-data-deleted': unusedDataDeleted,
  'erasure-possible': erasurePossible,
  'tenant-deletion-schedules': tenantDeletionSchedules,
  'processing-register': processingRegister,
};
