import { App, Stack } from 'aws-cdk-lib';
import { DataProtectionPolicy, DataProtectionPolicyProps, DataProtectionPreset, PresetOptions } from '../../lib';
import { CATALOG } from '../../lib/evidence/catalog';

const SERVICE: PresetOptions = { securityContact: 'security@example.com', region: 'us-east-1', backupCopyRegions: ['us-east-2', 'us-west-2'] };

/** The policy a preset builds in a fresh stack. */
function policyOf(props: DataProtectionPolicyProps): DataProtectionPolicy {
  const stack = new Stack(new App(), 'Service', { env: { region: 'us-east-1' } });
  return new DataProtectionPolicy(stack, 'Policy', props);
}

/** The catalog ids of one page. */
function page(prefix: string): string[] {
  return CATALOG.filter((c) => c.id.startsWith(prefix)).map((c) => c.id);
}

describe('DataProtectionPreset', () => {
  test.each<[string, string, (o: PresetOptions) => DataProtectionPolicyProps, string[], string[]]>([
    ['000', 'S0', DataProtectionPreset.dailyBackupsKeptTwoWeeks, [], []],
    ['001', 'S1', DataProtectionPreset.classifiedDataKeptThirtyDays, [], []],
    ['002', 'S2', DataProtectionPreset.vpnOnlyChangesAndDailyRestoreTests, [], []],
    ['003', 'S3', DataProtectionPreset.gdprRelationshipPlusThreeYears, [], ['S0-01', 'S0-03', 'S0-09', 'S0-10', 'S0-11', 'S2-03', 'S2-15']],
    ['004', 'S4', DataProtectionPreset.hourlyToMonthlyBackupsInOneRegion, [], []],
  ])('page %s: the preset claims every claim of the page', (_seed, prefix, preset, left, more) => {
    // GIVEN / WHEN
    const policy = policyOf(preset(SERVICE));

    // THEN
    const expected = [...page(`${prefix}-`).filter((id) => !left.includes(id)), ...more];
    expect(policy.claims.map((c) => c.id)).toEqual(CATALOG.map((c) => c.id).filter((id) => expected.includes(id)));
    expect(policy.region).toBe('us-east-1');
    expect(policy.securityContact).toBe('security@example.com');
  });

  test('S0-02 dailyBackupsKeptTwoWeeks keeps daily backups 14 days', () => {
    // GIVEN / WHEN
    const policy = policyOf(DataProtectionPreset.dailyBackupsKeptTwoWeeks(SERVICE));

    // THEN
    expect(policy.backup.retention.toDays()).toBe(14);
    expect(policy.claims.find((c) => c.id === 'S0-02')!.expected).toEqual([{ property: 'backupRetentionDays', value: '14' }]);
  });

  test('S1-09 classifiedDataKeptThirtyDays keeps backups 30 days, copied to both regions', () => {
    // GIVEN / WHEN
    const policy = policyOf(DataProtectionPreset.classifiedDataKeptThirtyDays(SERVICE));

    // THEN
    expect(policy.backup.retention.toDays()).toBe(30);
    expect(policy.backupCopyRegions).toEqual(['us-east-2', 'us-west-2']);
  });

  test('S4-06 hourlyToMonthlyBackupsInOneRegion has the four tiers', () => {
    // GIVEN / WHEN
    const policy = policyOf(DataProtectionPreset.hourlyToMonthlyBackupsInOneRegion(SERVICE));

    // THEN
    expect(policy.backup.rules.map((r) => [r.name, r.deleteAfter.toDays()])).toEqual([['Hourly', 2], ['Daily', 7], ['Weekly', 28], ['Monthly', 365]]);
  });

  test('S1-08 classifiedDataKeptThirtyDays refuses fewer than two copy regions', () => {
    // GIVEN / WHEN / THEN
    expect(() => DataProtectionPreset.classifiedDataKeptThirtyDays({ ...SERVICE, backupCopyRegions: ['us-west-2'] }))
      .toThrow(/classifiedDataKeptThirtyDays \(001: backed up to multiple off-site locations\) needs backupCopyRegions with at least 2 regions other than us-east-1, got 1/);
  });

  test('S2-11 vpnOnlyChangesAndDailyRestoreTests refuses no copy region', () => {
    // GIVEN / WHEN / THEN
    expect(() => DataProtectionPreset.vpnOnlyChangesAndDailyRestoreTests({ ...SERVICE, backupCopyRegions: undefined }))
      .toThrow(/needs backupCopyRegions with at least 1 region other than us-east-1, got 0/);
  });

  test('additional claims are made besides the page\'s own', () => {
    // GIVEN / WHEN
    const policy = policyOf(DataProtectionPreset.gdprRelationshipPlusThreeYears({ ...SERVICE, additionalClaims: ['S2-02'] }));

    // THEN
    expect(policy.claims.map((c) => c.id)).toContain('S2-02');
  });

  test('a preset\'s additional claim the policy contradicts is refused at synthesis', () => {
    // GIVEN / WHEN / THEN
    expect(() => policyOf(DataProtectionPreset.dailyBackupsKeptTwoWeeks({ ...SERVICE, additionalClaims: ['S1-09'] })))
      .toThrow(/claim S1-09 cannot be made by this policy: it promises daily backups kept 30 days, but the policy's backup retention is 14 days/);
  });
});
