// The data verifiers of deletion and retention (S1-11, S3-05, S3-06, S4-02).
import { StackView } from '../../../lib/evidence/model';
import { DATA_VERIFIERS } from '../../../lib/evidence/verifiers/data';
import { failing, proves, runVerifier } from '../helpers';
import { bucket, dataBucket, ENDED_RULE, fixture, idIn, PURGE_NONCURRENT, rows, serviceView, SSE_KMS, tagged } from './data-fixtures';

let service: StackView;
beforeAll(() => {
  service = serviceView();
});

/** The logical id of the `type` resource of the synthesized stack whose logical id starts with `prefix`. */
function idOf(prefix: string, type = 'AWS::S3::Bucket'): string {
  return idIn(service, prefix, type);
}

describe('unused-data-deleted', () => {
  const verifier = DATA_VERIFIERS['unused-data-deleted'];

  test('S1-11 proves every bucket deletes data and every log group has a retention', () => {
    // WHEN
    const facts = runVerifier(verifier, [service], {}, { claimId: 'S1-11' });

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts.find((f) => f.logicalId === idOf('Content'))).toMatchObject({
      propertyPath: 'Properties.LifecycleConfiguration.Rules',
      found: 'deleted or overwritten versions are purged after 14 days; objects expire after 365 days',
      note: undefined,
    });
    expect(facts.find((f) => f.logicalId === idOf('UserData'))?.note).toContain('current objects are kept until the service deletes them');
    // The database's two log groups, the ended-data mover's (S3-05) and the deletion-protection function's.
    expect(facts.filter((f) => f.propertyPath === 'Properties.RetentionInDays').map((f) => f.found)).toEqual(['365', '365', '365', '365']);
  });

  test('S1-11 fails a bucket without rules, a versioned bucket whose expired versions stay, and a log group kept forever', () => {
    // GIVEN
    const stack = fixture({
      Forever: bucket({ BucketEncryption: SSE_KMS, Tags: tagged('internal') }),
      Hidden: bucket({
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: { Rules: [{ Id: 'expire', Status: 'Enabled', ExpirationInDays: 30 }] },
      }),
      Logs: { Type: 'AWS::Logs::LogGroup', Properties: {} },
    });

    // WHEN
    const facts = runVerifier(verifier, [stack], {}, { claimId: 'S1-11' });

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({ logicalId: 'Forever', expected: 'an enabled rule that deletes data', found: '(absent)' }),
      expect.objectContaining({ logicalId: 'Hidden', found: 'objects expire after 30 days', note: expect.stringContaining('stay as old versions forever') }),
      expect.objectContaining({ logicalId: 'Logs', propertyPath: 'Properties.RetentionInDays', expected: 'a retention in days', found: '(absent)' }),
    ]);
  });

  test('S1-11 fails when the stacks hold no bucket and no log group', () => {
    // WHEN
    const facts = runVerifier(verifier, [fixture({})]);

    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({ propertyPath: 'Resources[Type=AWS::S3::Bucket or AWS::Logs::LogGroup]', found: '(none)' })]);
  });

  test('S1-11 reads buckets without log groups, and log groups without buckets, each with why', () => {
    // GIVEN: an expiration date, a disabled rule, a versioned bucket that purges deleted data; a literal retention, a parameter, none
    const group = (properties: Record<string, any>) => ({ Type: 'AWS::Logs::LogGroup', Properties: properties });
    const buckets = fixture({
      Dated: bucket({ LifecycleConfiguration: { Rules: [{ Status: 'Enabled', ExpirationDate: '2030-01-01T00:00:00.000Z' }] } }),
      Off: bucket({ LifecycleConfiguration: { Rules: [{ Id: 'off', Status: 'Disabled', ExpirationInDays: 30 }] } }),
      Versioned: dataBucket('internal'),
    });
    const groups = fixture({ Kept: group({ RetentionInDays: 30 }), Param: group({ RetentionInDays: { Ref: 'Days' } }), Forever: group({}) });

    // WHEN
    const bucketFacts = runVerifier(verifier, [buckets], {}, { claimId: 'S1-11' });
    const groupFacts = runVerifier(verifier, [groups], {}, { claimId: 'S1-11' });

    // THEN
    expect(rows(bucketFacts, 'expected', 'found', 'satisfied', 'note')).toEqual([
      ['an enabled rule that deletes data', 'objects expire on 2030-01-01T00:00:00.000Z', true, undefined],
      ['an enabled rule that deletes data', '(absent)', false, 'no enabled lifecycle rule expires objects or noncurrent versions: the bucket keeps everything forever'],
      [
        'an enabled rule that deletes data, with noncurrent versions purged bucket-wide (versioned)',
        'deleted or overwritten versions are purged after 14 days',
        true,
        'current objects are kept until the service deletes them (or a filtered rule expires them); deleted and overwritten data is purged',
      ],
    ]);
    expect(rows(groupFacts, 'expected', 'found', 'satisfied', 'note')).toEqual([
      ['a retention in days', '30', true, undefined],
      ['a retention in days', '{"Ref":"Days"}', false, 'RetentionInDays is not a literal number'],
      ['a retention in days', '(absent)', false, 'without RetentionInDays CloudWatch Logs keeps events forever'],
    ]);
  });
});

describe('erasure-possible', () => {
  const verifier = DATA_VERIFIERS['erasure-possible'];

  test('S3-06 proves every data store is classified and no personal-data bucket is locked', () => {
    // WHEN
    const facts = runVerifier(verifier, [service], {}, { claimId: 'S3-06' });

    // THEN: the tag of each of the seven stores (the database's two log groups among them), and the lock of the personal-data bucket
    expect(proves(facts)).toBe(true);
    // ... the ended-data mover's and the deletion-protection function's log groups
    expect(facts).toHaveLength(10);
    expect(facts.find((f) => f.propertyPath === 'Properties.ObjectLockConfiguration.Rule.DefaultRetention')).toMatchObject({
      logicalId: idOf('UserData'),
      found: 'no Object Lock',
      expected: 'at most 30 days (objects under tenants/acme/ expire after 30 days (rule tenant-acme))',
    });
  });

  test('S3-06 fails an Object Lock that outlasts the erasure deadline, and an untagged store', () => {
    // GIVEN
    const lock = (days: number) => ({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: days } } },
    });
    const stack = fixture({
      Locked: dataBucket('customer-user-data', [ENDED_RULE(1095)], lock(2000)),
      Short: dataBucket('customer-user-data', [ENDED_RULE(1095)], lock(30)),
      Db: { Type: 'AWS::RDS::DBInstance', Properties: { StorageEncrypted: true } },
    });

    // WHEN
    const facts = runVerifier(verifier, [stack], {}, { claimId: 'S3-06' });

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({
        logicalId: 'Locked',
        propertyPath: 'Properties.ObjectLockConfiguration.Rule.DefaultRetention',
        expected: 'at most 1095 days (objects tagged data-lifecycle=ended expire after 1095 days (rule expire-ended-relationships))',
        found: 'GOVERNANCE 2000 days',
      }),
      expect.objectContaining({ logicalId: 'Db', propertyPath: 'Properties.Tags[data-class]', found: '(absent)' }),
    ]);
  });

  test('S3-06 compares a lock with the purge of deleted data when nothing expires objects', () => {
    // GIVEN: deleted data is purged after 14 days; the lock keeps it 30
    const stack = fixture({
      Locked: dataBucket('customer-user-data', [], {
        ObjectLockEnabled: true,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Years: 1 } } },
      }),
    });

    // WHEN
    const facts = runVerifier(verifier, [stack]);

    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({
      expected: 'at most 14 days (deleted data is purged after 14 days (the policy\'s data retention))', found: 'COMPLIANCE 365 days',
    })]);
  });

  test('S3-06 fails when the stacks hold no data store', () => {
    // WHEN
    const facts = runVerifier(verifier, [fixture({})]);

    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({ found: '(none)' })]);
  });

  test('S3-06 states what each store\'s class says, and reads every kind of Object Lock retention against the deadline', () => {
    // GIVEN
    const lock = (retention?: Record<string, unknown>) => ({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', ...(retention && { Rule: { DefaultRetention: retention } }) },
    });
    const users = (extra: Record<string, any> = {}) => dataBucket('customer-user-data', [ENDED_RULE(1095)], extra);
    const stack = fixture({
      Untagged: bucket({}),
      Content: dataBucket('customer-data', [], lock({ Mode: 'GOVERNANCE', Years: 10 })),
      Unlocked: users(),
      Equal: users(lock({ Mode: 'GOVERNANCE', Days: 1095 })),
      Longer: users(lock({ Mode: 'GOVERNANCE', Days: 2000 })),
      Param: users(lock({ Mode: 'GOVERNANCE', Days: { Ref: 'LockDays' } })),
      PerObject: users(lock()),
      NoRules: bucket({ Tags: tagged('customer-user-data'), ...lock({ Mode: 'COMPLIANCE', Years: 2 }) }),
    });

    // WHEN
    const facts = runVerifier(verifier, [stack], {}, { claimId: 'S3-06' });

    // THEN: one class fact per store, one lock fact per personal-data bucket
    const classes = facts.filter((f) => f.propertyPath === 'Properties.Tags[data-class]');
    const locks = facts.filter((f) => f.propertyPath === 'Properties.ObjectLockConfiguration.Rule.DefaultRetention');
    const personal = 'holds personal data (Customer User Data)';
    expect(classes.map((f) => f.expected)).toEqual(Array(8).fill('a data class the policy declares (listed in the register)'));
    expect(rows(classes.slice(0, 3), 'found', 'satisfied', 'note')).toEqual([
      ['(absent)', false, 'without a declared class nobody can tell whether the store holds personal data, so a request could miss it'],
      ['customer-data', true, undefined],
      ['customer-user-data', true, personal],
    ]);
    const ended = 'at most 1095 days (objects tagged data-lifecycle=ended expire after 1095 days (rule expire-ended-relationships))';
    expect(locks.map((f) => f.expected)).toEqual([ended, ended, ended, ended, ended, 'no default retention beyond an erasure deadline']);
    expect(rows(locks, 'logicalId', 'found', 'satisfied', 'note')).toEqual([
      ['Unlocked', 'no Object Lock', true, undefined],
      ['Equal', 'GOVERNANCE 1095 days', true, undefined],
      ['Longer', 'GOVERNANCE 2000 days', false, 'locked objects cannot be erased for 2000 days, longer than the erasure deadline'],
      ['Param', '{"Mode":"GOVERNANCE","Days":{"Ref":"LockDays"}}', false, 'the retention is not a literal number of days or years'],
      ['PerObject', 'Object Lock without a default retention', true, 'objects are locked only when the application sets a retention per object, which no template shows'],
      ['NoRules', 'COMPLIANCE 730 days', false, 'no lifecycle rule sets an erasure deadline, so the lock may outlast any erasure request'],
    ]);
  });

  test('S3-06 takes the deadline from enabled rules only, and the purge of deleted data from a rule of the whole bucket', () => {
    // GIVEN: a 7-day lock; a disabled 1-day rule; a bucket-wide rule and a filtered rule that purge no versions, or too soon
    const lock = { ObjectLockEnabled: true, ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 7 } } } };
    const abort = { Id: 'abort', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } };
    const tmp = { Id: 'tmp', Status: 'Enabled', Prefix: 'tmp/', NoncurrentVersionExpiration: { NoncurrentDays: 1 } };
    const stack = fixture({
      Disabled: dataBucket('customer-user-data', [ENDED_RULE(1095), { Id: 'off', Status: 'Disabled', ExpirationInDays: 1 }], lock),
      Purged: bucket({
        ...lock, Tags: tagged('customer-user-data'), VersioningConfiguration: { Status: 'Enabled' }, LifecycleConfiguration: { Rules: [abort, tmp, PURGE_NONCURRENT] },
      }),
    });

    // WHEN
    const facts = runVerifier(verifier, [stack], {}, { claimId: 'S3-06' });

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts.filter((f) => f.propertyPath.startsWith('Properties.ObjectLock')).map((f) => f.expected)).toEqual([
      'at most 1095 days (objects tagged data-lifecycle=ended expire after 1095 days (rule expire-ended-relationships))',
      'at most 14 days (deleted data is purged after 14 days (the policy\'s data retention))',
    ]);
  });
});

describe('tenant-deletion-schedules', () => {
  const verifier = DATA_VERIFIERS['tenant-deletion-schedules'];

  test('S4-02 proves a data bucket deletes each tenant\'s objects on its own schedule, one fact per tenant', () => {
    // WHEN
    const facts = runVerifier(verifier, [service], {}, { claimId: 'S4-02' });

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts.map((f) => [f.expected, f.found])).toEqual([
      ['days after which objects under tenants/acme/ are deleted', '30'],
      ['days after which objects under workspaces/globex/ are deleted', '90'],
    ]);
  });

  test('S4-02 fails a disabled tenant rule and a tenant rule that covers the whole bucket', () => {
    // GIVEN
    const stack = fixture({
      Tenants: dataBucket('customer-data', [
        { Id: 'tenant-acme', Status: 'Disabled', Prefix: 'tenants/acme/', ExpirationInDays: 30 },
        { Id: 'tenant-globex', Status: 'Enabled', ExpirationInDays: 60 },
        { Id: 'tenant-initech', Status: 'Enabled', TagFilters: [{ Key: 'tenant', Value: 'initech' }], ExpirationInDays: 90 },
      ]),
    });

    // WHEN
    const facts = runVerifier(verifier, [stack], {}, { claimId: 'S4-02' });

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({ propertyPath: 'Properties.LifecycleConfiguration.Rules.1.ExpirationInDays', found: '30', note: 'the rule is disabled' }),
      expect.objectContaining({ found: '60', note: 'the rule covers the whole bucket, not one tenant' }),
    ]);
    expect(facts[2]).toMatchObject({ expected: 'days after which objects tagged tenant=initech are deleted', found: '90', satisfied: true });
  });

  test('S4-02 fails when no data bucket has tenant rules', () => {
    // WHEN
    const facts = runVerifier(verifier, [fixture({ Content: dataBucket('customer-data') })]);

    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({
      expected: 'per-tenant lifecycle rules on a data bucket (tenant prefix or tag)', found: '(none)',
    })]);
  });

  test('S4-02 knows a tenant rule by its id, tenants/ prefix or tenant tag, fails one that expires nothing or leaves old versions, and skips unclassed buckets', () => {
    // GIVEN: neither a tenant word inside an id, nor a null tag filter, makes a tenant rule
    const rule = (tenant: string, extra: Record<string, any>) => ({ Id: `tenant-${tenant}`, Prefix: `tenants/${tenant}/`, Status: 'Enabled', ...extra });
    const stack = fixture({
      Tenants: dataBucket('customer-data', [
        { ...rule('acme', { ExpirationInDays: 30 }), Id: 'acme-workspace' },
        { Status: 'Enabled', TagFilters: [{ Key: 'tenant', Value: 'initech' }], ExpirationInDays: 90 },
        { Id: 'expire-tenant-exports', Status: 'Enabled', Prefix: 'exports/', ExpirationInDays: 7 },
        { Id: 'malformed', Status: 'Enabled', TagFilters: [null], ExpirationInDays: 7 },
      ]),
      Untagged: bucket({ LifecycleConfiguration: { Rules: [rule('acme', { ExpirationInDays: 30 })] } }),
      Versions: bucket({
        Tags: tagged('customer-data'),
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: { Rules: [rule('acme', { ExpirationInDays: 30 }), rule('globex', { Status: 'Disabled', NoncurrentVersionExpiration: { NoncurrentDays: 1 } })] },
      }),
    });

    // WHEN
    const facts = runVerifier(verifier, [stack], {}, { claimId: 'S4-02' });

    // THEN: a proven rule's note names it, by its id or else its index
    expect(rows(facts, 'logicalId', 'propertyPath', 'found', 'satisfied', 'note')).toEqual([
      ['Tenants', 'Properties.LifecycleConfiguration.Rules.1.ExpirationInDays', '30', true, 'rule acme-workspace'],
      ['Tenants', 'Properties.LifecycleConfiguration.Rules.2.ExpirationInDays', '90', true, 'rule 2'],
      ['Versions', 'Properties.LifecycleConfiguration.Rules.0.ExpirationInDays', '30', false, 'the bucket is versioned and the expired versions are never purged'],
      ['Versions', 'Properties.LifecycleConfiguration.Rules.1.ExpirationInDays', '(absent)', false, 'the rule is disabled; the rule expires no objects'],
    ]);
    expect(facts[0].expected).toBe('days after which objects under tenants/acme/ are deleted');
  });
});
