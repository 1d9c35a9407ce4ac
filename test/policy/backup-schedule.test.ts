import { Duration } from 'aws-cdk-lib';
import { BackupSchedule, DataProtectionPolicy } from '../../lib';
import { DEFAULT_POLICY, errorOf, stackWithPolicy } from '../helpers/compliance';

/** The 004 page: hourly kept 2 days, daily 7 days, weekly 4 weeks, monthly 12 months. */
const JAM = { hourly: Duration.days(2), daily: Duration.days(7), weekly: Duration.days(28), monthly: Duration.days(365) };

describe('BackupSchedule.gfs', () => {
  test('S4-06 hourly 2 days, daily 7, weekly 4 weeks, monthly 12 months yields exactly four rules', () => {
    // GIVEN / WHEN
    const schedule = BackupSchedule.gfs(JAM);

    // THEN
    expect(schedule.rules.map((r) => [r.name, r.scheduleExpression, r.deleteAfter.toDays()])).toEqual([
      ['Hourly', 'cron(0 * * * ? *)', 2],
      ['Daily', 'cron(0 5 * * ? *)', 7],
      ['Weekly', 'cron(0 5 ? * SUN *)', 28],
      ['Monthly', 'cron(0 5 1 * ? *)', 365],
    ]);
    expect(schedule.frequency).toBe('hourly, daily, weekly, monthly');
    expect(schedule.summary).toBe('Backups: hourly kept 2 days, daily kept 7 days, weekly kept 28 days, monthly kept 365 days');
  });

  test('S4-06 the daily tier is the RDS automated backup retention; shortest and longest span the tiers', () => {
    // GIVEN / WHEN
    const schedule = BackupSchedule.gfs(JAM);

    // THEN
    expect(schedule.retention.toDays()).toBe(7);
    expect(schedule.shortestRetention.toDays()).toBe(2);
    expect(schedule.longestRetention.toDays()).toBe(365);
    expect(schedule.continuousBackup).toBe(false);
  });

  test('tiers are optional except daily: daily and monthly only yields two rules', () => {
    // GIVEN / WHEN
    const schedule = BackupSchedule.gfs({ daily: Duration.days(7), monthly: Duration.days(365) });

    // THEN
    expect(schedule.rules.map((r) => r.name)).toEqual(['Daily', 'Monthly']);
  });

  test.each([
    ['hourly kept as long as daily', { ...JAM, hourly: Duration.days(7) }, /BackupSchedule\.gfs daily retention must be longer than hourly retention \(7 days\), got 7 days/],
    ['weekly shorter than daily', { ...JAM, weekly: Duration.days(6) }, /BackupSchedule\.gfs weekly retention must be longer than daily retention \(7 days\), got 6 days/],
    ['monthly shorter than weekly', { ...JAM, monthly: Duration.days(27) }, /BackupSchedule\.gfs monthly retention must be longer than weekly retention \(28 days\), got 27 days/],
    ['a zero-day hourly tier', { ...JAM, hourly: Duration.days(0) }, /BackupSchedule\.gfs hourly must be a whole number of days, at least 1, got 0 days/],
    ['a fractional weekly tier', { ...JAM, weekly: Duration.hours(200) }, /BackupSchedule\.gfs weekly must be a whole number of days, at least 1, got 8 days 8 hours/],
  ])('refuses %s', (_name, props, message) => {
    // GIVEN / WHEN
    const error = errorOf(() => BackupSchedule.gfs(props));

    // THEN
    expect(error.name).toBe('DataProtectionError');
    expect(error.message).toMatch(message);
  });

  test('refuses a schedule without a daily tier', () => {
    // GIVEN / WHEN / THEN
    expect(() => BackupSchedule.gfs({ weekly: Duration.days(28) } as any))
      .toThrow('BackupSchedule.gfs needs a daily retention (what RDS automated backups keep), got none');
  });

  test('moves the longest tier to cold storage when asked, leaving the others warm', () => {
    // GIVEN / WHEN
    const schedule = BackupSchedule.gfs({ ...JAM, moveToColdStorageAfter: Duration.days(30) });

    // THEN
    expect(schedule.rules.map((r) => r.moveToColdStorageAfter?.toDays())).toEqual([undefined, undefined, undefined, 30]);
  });

  test('refuses cold storage that would last under 90 days before deletion', () => {
    // GIVEN / WHEN
    const error = errorOf(() => BackupSchedule.gfs({ ...JAM, moveToColdStorageAfter: Duration.days(300) }));

    // THEN
    expect(error.message).toBe('BackupSchedule.gfs: Monthly backups move to cold storage after 300 days and are deleted after 365 days; ' +
      'cold storage must last at least 90 days, so moveToColdStorageAfter must be at most 275 days (or the retention at least 390 days)');
  });

  test('keeps continuous backups with the daily tier', () => {
    // GIVEN / WHEN
    const schedule = BackupSchedule.gfs({ ...JAM, continuousBackup: true });

    // THEN
    expect(schedule.rules.map((r) => r.enableContinuousBackup)).toEqual([undefined, true, undefined, undefined]);
    expect(schedule.continuousBackup).toBe(true);
  });
});

describe('BackupSchedule.daily options', () => {
  test('continuous backup (point-in-time recovery) on the daily rule', () => {
    // GIVEN / WHEN
    const schedule = BackupSchedule.daily(Duration.days(14), { continuousBackup: true });

    // THEN
    expect(schedule.rules[0].enableContinuousBackup).toBe(true);
    expect(schedule.continuousBackup).toBe(true);
  });

  test('cold storage 90 days or more before deletion is accepted', () => {
    // GIVEN / WHEN
    const schedule = BackupSchedule.daily(Duration.days(120), { moveToColdStorageAfter: Duration.days(30) });

    // THEN
    expect(schedule.rules[0].moveToColdStorageAfter?.toDays()).toBe(30);
  });

  test('refuses cold storage under 90 days before deletion', () => {
    // GIVEN / WHEN / THEN
    expect(() => BackupSchedule.daily(Duration.days(30), { moveToColdStorageAfter: Duration.days(7) }))
      .toThrow(/^BackupSchedule.daily: Daily backups move to cold storage after 7 days and are deleted after 30 days; cold storage must last at least 90 days/);
  });

  test('refuses continuous backup kept longer than 35 days', () => {
    // GIVEN / WHEN / THEN
    expect(() => BackupSchedule.daily(Duration.days(60), { continuousBackup: true }))
      .toThrow('BackupSchedule.daily: continuous backups are kept 1-35 days, but the daily retention they follow is 60 days');
  });

  test('refuses continuous backup together with cold storage', () => {
    // GIVEN / WHEN / THEN
    expect(() => BackupSchedule.daily(Duration.days(200), { continuousBackup: true, moveToColdStorageAfter: Duration.days(30) }))
      .toThrow(/^BackupSchedule.\w+: continuous backups cannot move to cold storage/);
  });
});

describe('DataProtectionPolicy with a GFS schedule', () => {
  test('S4-06 records every tier as a claim value', () => {
    // GIVEN
    const stack = stackWithPolicy(undefined, { backup: BackupSchedule.gfs(JAM), claims: ['S4-06'] });

    // WHEN
    const claim = DataProtectionPolicy.of(stack).claims.find((c) => c.id === 'S4-06')!;

    // THEN
    expect(claim.expected).toEqual([
      { property: 'backupRule.Hourly', value: 'cron(0 * * * ? *) 2' },
      { property: 'backupRule.Daily', value: 'cron(0 5 * * ? *) 7' },
      { property: 'backupRule.Weekly', value: 'cron(0 5 ? * SUN *) 28' },
      { property: 'backupRule.Monthly', value: 'cron(0 5 1 * ? *) 365' },
    ]);
    expect(claim.text).toBe('Backups are taken hourly (kept 2 days), daily (kept 7 days), weekly (kept 4 weeks) and monthly (kept 12 months).');
  });

  test('S4-06 is refused when the tiers differ from 2, 7, 28 and 365 days', () => {
    // GIVEN / WHEN / THEN
    expect(() => stackWithPolicy(undefined, { backup: BackupSchedule.gfs({ ...JAM, monthly: Duration.days(400) }), claims: ['S4-06'] }))
      .toThrow(/claim S4-06 cannot be made by this policy: .*but the policy's schedule is: Backups: hourly kept 2 days, daily kept 7 days, weekly kept 28 days, monthly kept 400 days/);
    expect(() => stackWithPolicy(undefined, { claims: ['S4-06'] })).toThrow(/claim S4-06 cannot be made/);
  });

  test('a daily tier over 35 days is refused by the policy (RDS keeps 1-35 days)', () => {
    // GIVEN / WHEN / THEN
    expect(() => stackWithPolicy(undefined, { backup: BackupSchedule.gfs({ daily: Duration.days(60), monthly: Duration.days(365) }) }))
      .toThrow('TestStack/Policy: backup retention must be 1-35 days (the range RDS automated backups accept), got 60');
  });
});

describe('DataProtectionPolicy backup copies and restore testing', () => {
  test('S1-08 records the off-site regions as a claim', () => {
    // GIVEN
    const stack = stackWithPolicy(undefined, { backupCopyRegions: ['us-east-2', 'us-west-2'], claims: ['S1-08'] });

    // WHEN
    const claim = DataProtectionPolicy.of(stack).claims.find((c) => c.id === 'S1-08')!;

    // THEN
    expect(claim.text).toBe('Backups are taken daily and copied to 2 other regions: us-east-2, us-west-2.');
    expect(claim.expected).toEqual([{ property: 'copyRegions', value: 'us-east-2,us-west-2' }]);
  });

  test('S2-13 restore testing is daily by default and recorded', () => {
    // GIVEN / WHEN
    const policy = DataProtectionPolicy.of(stackWithPolicy(undefined, { claims: ['S2-13'] }));

    // THEN
    expect(policy.restoreTesting.frequency).toBe('daily');
    expect(policy.claims.find((c) => c.id === 'S2-13')!.expected)
      .toEqual([{ property: 'restoreTestingSchedule', value: 'cron(0 9 * * ? *)' }]);
  });

  test.each([
    ['the policy\'s own region', ['us-east-1'], /backupCopyRegions must name regions other than the policy's region \(us-east-1\), got 'us-east-1'/],
    ['a region twice', ['us-west-2', 'us-west-2'], /backupCopyRegions must not list 'us-west-2' twice/],
    ['a malformed region', ['west'], /each of backupCopyRegions must be a literal AWS region name such as 'us-east-1', got 'west'/],
  ])('refuses %s in backupCopyRegions', (_name, regions, message) => {
    // GIVEN / WHEN / THEN
    expect(() => stackWithPolicy(undefined, { ...DEFAULT_POLICY, backupCopyRegions: regions })).toThrow(message);
  });
});

describe('BackupSchedule boundaries and summaries', () => {
  test('S0-01 S0-02 a daily schedule states its retention in one sentence', () => {
    // GIVEN / WHEN
    const schedule = BackupSchedule.daily(Duration.days(14));

    // THEN
    expect(schedule.summary).toBe('Daily backups are kept 14 days');
    expect(schedule.frequency).toBe('daily');
  });

  test('continuous backup is accepted with a retention of exactly 35 days', () => {
    // GIVEN / WHEN
    const schedule = BackupSchedule.daily(Duration.days(35), { continuousBackup: true });

    // THEN
    expect(schedule.rules[0].enableContinuousBackup).toBe(true);
    expect(schedule.retention.toDays()).toBe(35);
  });
});
