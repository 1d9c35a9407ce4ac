import { Duration, Lazy } from 'aws-cdk-lib';
import { AtRestEncryption, BackupSchedule, DataClass, MinimumTlsVersion, ProtectionLevel } from '../../lib';
import { DataProtectionError } from '../../lib/private/errors';
import { errorOf } from '../helpers/compliance';

describe('BackupSchedule', () => {
  test('S0-01 S0-02 daily(14 days) takes one backup a day at 05:00 UTC, kept 14 days', () => {
    // GIVEN / WHEN
    const schedule = BackupSchedule.daily(Duration.days(14));

    // THEN
    expect(schedule.frequency).toBe('daily');
    expect(schedule.retention.toDays()).toBe(14);
    expect(schedule.rules).toHaveLength(1);
    expect(schedule.rules[0].name).toBe('Daily');
    expect(schedule.rules[0].scheduleExpression).toBe('cron(0 5 * * ? *)');
    expect(schedule.rules[0].deleteAfter.toDays()).toBe(14);
  });

  test('S1-09 daily(30 days) keeps backups 30 days', () => {
    // GIVEN / WHEN
    const schedule = BackupSchedule.daily(Duration.days(30));

    // THEN
    expect(schedule.retention.toDays()).toBe(30);
    expect(schedule.rules[0].deleteAfter.toDays()).toBe(30);
  });

  test('a retention given in hours that makes whole days is accepted as days', () => {
    // GIVEN / WHEN
    const schedule = BackupSchedule.daily(Duration.hours(48));

    // THEN
    expect(schedule.retention.toDays()).toBe(2);
    expect(schedule.rules[0].deleteAfter.toDays()).toBe(2);
  });

  test('more than 35 days is the policy\'s business, not the schedule\'s', () => {
    // GIVEN / WHEN
    const schedule = BackupSchedule.daily(Duration.days(40));

    // THEN
    expect(schedule.retention.toDays()).toBe(40);
  });

  test('0 days is rejected', () => {
    // GIVEN / WHEN
    const create = () => BackupSchedule.daily(Duration.days(0));

    // THEN
    expect(create).toThrow(DataProtectionError);
    expect(create).toThrow(/^BackupSchedule\.daily retention must be a whole number of days, at least 1, got 0 days$/);
  });

  test('36 hours (a day and a half) is rejected', () => {
    // GIVEN / WHEN
    const create = () => BackupSchedule.daily(Duration.hours(36));

    // THEN
    expect(create).toThrow(DataProtectionError);
    expect(create).toThrow(/BackupSchedule\.daily retention must be a whole number of days, at least 1, got 1 day 12 hours/);
  });

  test('12 hours (less than a day) is rejected', () => {
    // GIVEN / WHEN / THEN
    expect(() => BackupSchedule.daily(Duration.hours(12))).toThrow(/must be a whole number of days, at least 1, got 12 hours/);
  });

  test('a token duration is rejected', () => {
    // GIVEN
    const retention = Duration.days(Lazy.number({ produce: () => 14 }));

    // WHEN
    const error = errorOf(() => BackupSchedule.daily(retention));

    // THEN
    expect(error).toBeInstanceOf(DataProtectionError);
    expect(error.name).toBe('DataProtectionError');
    expect(error.message).toBe('BackupSchedule.daily retention must be a literal duration (a number of days), got a token');
    expect((error as DataProtectionError).constructPath).toBeUndefined();
  });
});

describe('DataClass', () => {
  test('S1-01 the three built-in classes carry the names, labels and protection levels of the trust page', () => {
    // GIVEN / WHEN
    const classes = [DataClass.CUSTOMER_DATA, DataClass.CUSTOMER_USER_DATA, DataClass.INTERNAL];

    // THEN
    expect(classes.map((c) => [c.name, c.label, c.protectionLevel, c.personalData])).toEqual([
      ['customer-data', 'Customer Data', ProtectionLevel.CONFIDENTIAL, false],
      ['customer-user-data', 'Customer User Data', ProtectionLevel.RESTRICTED, true],
      ['internal', 'Internal Data', ProtectionLevel.INTERNAL, false],
    ]);
  });

  test('S1-01 restricted data needs KMS; confidential and internal data at least SSE-S3', () => {
    // GIVEN / WHEN / THEN
    expect(DataClass.CUSTOMER_USER_DATA.minimumEncryption).toBe(AtRestEncryption.KMS);
    expect(DataClass.CUSTOMER_DATA.minimumEncryption).toBe(AtRestEncryption.S3_MANAGED);
    expect(DataClass.INTERNAL.minimumEncryption).toBe(AtRestEncryption.S3_MANAGED);
  });

  test('the tag key is data-class and a class prints as its name', () => {
    // GIVEN / WHEN / THEN
    expect(DataClass.TAG_KEY).toBe('data-class');
    expect(`${DataClass.CUSTOMER_DATA}`).toBe('customer-data');
  });

  test('a custom class takes its minimum encryption from its protection level', () => {
    // GIVEN / WHEN
    const restricted = DataClass.custom({ name: 'health', label: 'Health Data', protectionLevel: ProtectionLevel.RESTRICTED, personalData: true });
    const confidential = DataClass.custom({ name: 'contracts', label: 'Contracts', protectionLevel: ProtectionLevel.CONFIDENTIAL, personalData: false });

    // THEN
    expect(restricted.minimumEncryption).toBe(AtRestEncryption.KMS);
    expect(confidential.minimumEncryption).toBe(AtRestEncryption.S3_MANAGED);
    expect(restricted.personalData).toBe(true);
  });

  test('a custom class may ask for more encryption than its level', () => {
    // GIVEN / WHEN
    const c = DataClass.custom({
      name: 'keys',
      label: 'Key Material',
      protectionLevel: ProtectionLevel.INTERNAL,
      personalData: false,
      minimumEncryption: AtRestEncryption.KMS,
    });

    // THEN
    expect(c.minimumEncryption).toBe(AtRestEncryption.KMS);
  });

  test.each(['a', '0', 'x-1', 'a'.repeat(64)])('name %p is accepted', (name) => {
    // GIVEN / WHEN
    const c = DataClass.custom({ name, label: 'Label', protectionLevel: ProtectionLevel.INTERNAL, personalData: false });

    // THEN
    expect(c.name).toBe(name);
  });

  test.each(['Bad Name', 'UPPER', '', '-leading-hyphen', 'under_score', 'a'.repeat(65)])('name %p is rejected', (name) => {
    // GIVEN / WHEN
    const create = () => DataClass.custom({ name, label: 'Label', protectionLevel: ProtectionLevel.INTERNAL, personalData: false });

    // THEN
    expect(create).toThrow(DataProtectionError);
    expect(create).toThrow(
      `DataClass name must be 1-64 lower-case letters, digits or hyphens, starting with a letter or digit, got '${name}'`);
  });

  test('an empty label is rejected', () => {
    // GIVEN / WHEN
    const create = () => DataClass.custom({ name: 'secret', label: '   ', protectionLevel: ProtectionLevel.INTERNAL, personalData: false });

    // THEN
    expect(create).toThrow(DataProtectionError);
    expect(create).toThrow("DataClass 'secret' needs a non-empty label");
  });
});

describe('AtRestEncryption', () => {
  test('KMS is stronger than SSE-S3', () => {
    // GIVEN / WHEN / THEN
    expect(AtRestEncryption.KMS.isAtLeast(AtRestEncryption.S3_MANAGED)).toBe(true);
    expect(AtRestEncryption.S3_MANAGED.isAtLeast(AtRestEncryption.KMS)).toBe(false);
    expect(AtRestEncryption.KMS.isAtLeast(AtRestEncryption.KMS)).toBe(true);
    expect(AtRestEncryption.S3_MANAGED.isAtLeast(AtRestEncryption.S3_MANAGED)).toBe(true);
  });

  test('strongest() picks KMS whichever side it is on', () => {
    // GIVEN / WHEN / THEN
    expect(AtRestEncryption.S3_MANAGED.strongest(AtRestEncryption.KMS)).toBe(AtRestEncryption.KMS);
    expect(AtRestEncryption.KMS.strongest(AtRestEncryption.S3_MANAGED)).toBe(AtRestEncryption.KMS);
    expect(AtRestEncryption.S3_MANAGED.strongest(AtRestEncryption.S3_MANAGED)).toBe(AtRestEncryption.S3_MANAGED);
  });

  test('only KMS requires a customer-managed key', () => {
    // GIVEN / WHEN / THEN
    expect(AtRestEncryption.KMS.requiresKmsKey).toBe(true);
    expect(AtRestEncryption.S3_MANAGED.requiresKmsKey).toBe(false);
  });

  test('S0-06 S2-03 names and descriptions are the ones reports show', () => {
    // GIVEN / WHEN / THEN
    expect(AtRestEncryption.KMS.name).toBe('KMS');
    expect(AtRestEncryption.S3_MANAGED.name).toBe('S3_MANAGED');
    expect(`${AtRestEncryption.KMS}`).toBe('KMS');
    expect(AtRestEncryption.KMS.description).toMatch(/SSE-KMS.*AES-256.*rotation/);
    expect(AtRestEncryption.S3_MANAGED.description).toMatch(/SSE-S3.*AES-256/);
  });
});

describe('MinimumTlsVersion', () => {
  test('S2-02 TLS 1.2 prints as 1.2 and compares as 1.2', () => {
    // GIVEN / WHEN / THEN
    expect(MinimumTlsVersion.TLS_1_2.name).toBe('TLS_1_2');
    expect(MinimumTlsVersion.TLS_1_2.version).toBe(1.2);
    expect(`${MinimumTlsVersion.TLS_1_2}`).toBe('1.2');
  });

  test('TLS 1.3 prints as 1.3 and is newer than 1.2', () => {
    // GIVEN / WHEN / THEN
    expect(MinimumTlsVersion.TLS_1_3.name).toBe('TLS_1_3');
    expect(`${MinimumTlsVersion.TLS_1_3}`).toBe('1.3');
    expect(MinimumTlsVersion.TLS_1_3.version).toBeGreaterThan(MinimumTlsVersion.TLS_1_2.version);
  });
});

describe('DataProtectionError', () => {
  test('is recognised by name and by isDataProtectionError, and keeps the construct path out when there is none', () => {
    // GIVEN / WHEN
    const error = new DataProtectionError('something is wrong');

    // THEN
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(DataProtectionError);
    expect(error.name).toBe('DataProtectionError');
    expect(error.message).toBe('something is wrong');
    expect(error.constructPath).toBeUndefined();
    expect(DataProtectionError.isDataProtectionError(error)).toBe(true);
    expect(DataProtectionError.isDataProtectionError(new Error('other'))).toBe(false);
    expect(DataProtectionError.isDataProtectionError(undefined)).toBe(false);
  });
});
