import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, CfnWaitConditionHandle, Duration, Lazy, Stack, Stage, Tags, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as awsbackup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import {
  AtRestEncryption, BackupSchedule, DataClass, DataProtectionPolicy, MinimumTlsVersion, ProtectionLevel, RestoreTestSchedule,
} from '../../lib';
import { DEFINED_CLAIM_IDS, policyClaims } from '../../lib/policy/policy-claims';
import { DataProtectionError } from '../../lib/private/errors';
import { DEFAULT_POLICY, errorOf, Finding, findings, stackWithPolicy } from '../helpers/compliance';

const SECRET = DataClass.custom({
  name: 'secret',
  label: 'Secret Data',
  protectionLevel: ProtectionLevel.RESTRICTED,
  personalData: false,
});

/** The policy of a fresh stack in a fresh app. */
function policyWith(props: Partial<typeof DEFAULT_POLICY> = {}): DataProtectionPolicy {
  return DataProtectionPolicy.of(stackWithPolicy(new App(), props));
}

/**
 * Gives every stack of the app without a resource a placeholder, so that the built-in
 * CloudFormation validation does not warn about empty templates. Idempotent.
 */
function fillEmptyStacks(scope: IConstruct): void {
  for (const stack of scope.node.root.node.findAll().filter(Stack.isStack)) {
    if (!stack.node.findAll().some(CfnResource.isCfnResource)) {
      new CfnWaitConditionHandle(stack, 'Placeholder');
    }
  }
}

/** The template of `stack`. */
function templateOf(stack: Stack): any {
  fillEmptyStacks(stack);
  return Template.fromStack(stack).toJSON();
}

/** The record the policy writes into the template Metadata of `stack`. */
function recorded(stack: Stack): any {
  return templateOf(stack).Metadata?.['cdk-data-protection'];
}

/** The expected value of `property` in the recorded claim `id` (undefined when the claim is absent). */
function claimValue(stack: Stack, id: string, property?: string): string | undefined {
  const claim = (recorded(stack)?.claims ?? []).find((c: any) => c.id === id);
  if (!claim) {
    return undefined;
  }
  const expectation = property ? claim.expected.find((e: any) => e.property === property) : claim.expected[0];
  return expectation?.value;
}

/** A plain App (no ComplianceChecks) synthesizing into a fresh temporary directory. */
function plainApp(): App {
  return new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-policy-test-')) });
}

/** The findings of the policy's own plugin only. */
function dataProtectionFindings(app: App): Finding[] {
  fillEmptyStacks(app);
  return findings(app).filter((f) => f.plugin === 'DataProtection');
}

describe('defaults', () => {
  test('S2-03 encrypts data at rest with KMS by default', () => {
    // GIVEN / WHEN
    const policy = policyWith();

    // THEN
    expect(policy.atRestEncryption).toBe(AtRestEncryption.KMS);
  });

  test('S2-02 requires TLS 1.2 by default', () => {
    // GIVEN / WHEN
    const policy = policyWith();

    // THEN
    expect(policy.minimumTlsVersion).toBe(MinimumTlsVersion.TLS_1_2);
  });

  test('S1-06 keeps logs one year by default', () => {
    // GIVEN / WHEN
    const policy = policyWith();

    // THEN
    expect(policy.logRetention).toBe(RetentionDays.ONE_YEAR);
    expect(policy.logRetentionDays).toBe(365);
  });

  test('S0-01 S0-02 takes daily backups kept 14 days by default', () => {
    // GIVEN / WHEN
    const policy = policyWith();

    // THEN
    expect(policy.backup.frequency).toBe('daily');
    expect(policy.backup.retention.toDays()).toBe(14);
    expect(policy.backup.rules).toHaveLength(1);
    expect(policy.backup.rules[0].deleteAfter.toDays()).toBe(14);
  });

  test('dataRetention defaults to the backup retention', () => {
    // GIVEN / WHEN
    const byDefault = policyWith();
    const thirtyDays = policyWith({ backup: BackupSchedule.daily(Duration.days(30)) });

    // THEN
    expect(byDefault.dataRetention.toDays()).toBe(14);
    expect(thirtyDays.dataRetention.toDays()).toBe(30);
  });

  test('an explicit dataRetention wins over the backup retention', () => {
    // GIVEN / WHEN
    const policy = policyWith({ dataRetention: Duration.days(1095) });

    // THEN
    expect(policy.dataRetention.toDays()).toBe(1095);
    expect(policy.backup.retention.toDays()).toBe(14);
  });

  test('S1-01 declares the three data classes by default', () => {
    // GIVEN / WHEN
    const policy = policyWith();

    // THEN
    expect(policy.dataClasses.map((c) => c.name)).toEqual(['customer-data', 'customer-user-data', 'internal']);
    expect(policy.dataClasses).toEqual([DataClass.CUSTOMER_DATA, DataClass.CUSTOMER_USER_DATA, DataClass.INTERNAL]);
  });

  test('is not pinned to a region unless told', () => {
    // GIVEN / WHEN
    const policy = policyWith({ region: undefined });

    // THEN
    expect(policy.region).toBeUndefined();
  });

  test('keeps the props it is given', () => {
    // GIVEN / WHEN
    const policy = policyWith({
      securityContact: 'https://example.com/security',
      region: 'eu-central-1',
      atRestEncryption: AtRestEncryption.S3_MANAGED,
      minimumTlsVersion: MinimumTlsVersion.TLS_1_3,
      logRetention: RetentionDays.TWO_YEARS,
      dataClasses: [DataClass.INTERNAL, SECRET],
    });

    // THEN
    expect(policy.securityContact).toBe('https://example.com/security');
    expect(policy.region).toBe('eu-central-1');
    expect(policy.atRestEncryption).toBe(AtRestEncryption.S3_MANAGED);
    expect(policy.minimumTlsVersion).toBe(MinimumTlsVersion.TLS_1_3);
    expect(policy.logRetentionDays).toBe(731);
    expect(policy.dataClasses.map((c) => c.name)).toEqual(['internal', 'secret']);
  });

  test('does not share its dataClasses array with the caller', () => {
    // GIVEN
    const classes = [DataClass.INTERNAL];

    // WHEN
    const policy = policyWith({ dataClasses: classes });
    classes.push(SECRET);

    // THEN
    expect(policy.dataClasses.map((c) => c.name)).toEqual(['internal']);
  });

  test('logRetentionDays is Infinity for RetentionDays.INFINITE', () => {
    // GIVEN / WHEN
    const policy = policyWith({ logRetention: RetentionDays.INFINITE });

    // THEN
    expect(policy.logRetentionDays).toBe(Infinity);
  });
});

describe('rejected input', () => {
  test('S1-06 log retention of 13 days is rejected, listing the values CloudWatch Logs accepts', () => {
    // GIVEN / WHEN (each call builds a fresh app)
    const create = () => policyWith({ logRetention: 13 as RetentionDays });

    // THEN
    expect(create).toThrow(DataProtectionError);
    expect(create).toThrow(/logRetention must be one of the values CloudWatch Logs accepts \(1, 3, 5, 7, 14, 30, .*, 365, .*, 3653 days, or RetentionDays\.INFINITE\), got 13$/);
  });

  test('the error is a DataProtectionError naming the policy path', () => {
    // GIVEN
    const stack = new Stack(new App(), 'TestStack');

    // WHEN
    const error = errorOf(() => new DataProtectionPolicy(stack, 'Policy', { ...DEFAULT_POLICY, logRetention: 13 as RetentionDays }));

    // THEN
    expect(error).toBeInstanceOf(DataProtectionError);
    expect(error.name).toBe('DataProtectionError');
    expect(DataProtectionError.isDataProtectionError(error)).toBe(true);
    expect((error as DataProtectionError).constructPath).toBe('TestStack/Policy');
    expect(error.message).toMatch(/^TestStack\/Policy: logRetention/);
  });

  test('S1-06 every RetentionDays value is accepted', () => {
    // GIVEN
    const values = Object.values(RetentionDays).filter((v): v is RetentionDays => typeof v === 'number');
    expect(values).toContain(RetentionDays.INFINITE);

    // WHEN / THEN
    for (const logRetention of values) {
      expect(policyWith({ logRetention }).logRetention).toBe(logRetention);
    }
  });

  test('S0-02 backup retention of 40 days is rejected with the RDS range 1-35 days', () => {
    // GIVEN
    const backup = BackupSchedule.daily(Duration.days(40));

    // WHEN
    const create = () => policyWith({ backup });

    // THEN
    expect(create).toThrow(DataProtectionError);
    expect(create).toThrow(/TestStack\/Policy: backup retention must be 1-35 days \(the range RDS automated backups accept\), got 40/);
  });

  test.each([1, 35])('backup retention of %d days is accepted (the bounds of the RDS range)', (days) => {
    // GIVEN / WHEN
    const policy = policyWith({ backup: BackupSchedule.daily(Duration.days(days)) });

    // THEN
    expect(policy.backup.retention.toDays()).toBe(days);
  });

  test('backup retention of 36 days is rejected', () => {
    // GIVEN / WHEN / THEN
    expect(() => policyWith({ backup: BackupSchedule.daily(Duration.days(36)) })).toThrow(/must be 1-35 days .*got 36/);
  });

  test('backup retention of 0 days never reaches the policy: BackupSchedule refuses it', () => {
    // GIVEN / WHEN / THEN
    expect(() => policyWith({ backup: BackupSchedule.daily(Duration.days(0)) }))
      .toThrow(/BackupSchedule\.daily retention must be a whole number of days, at least 1, got 0 days/);
  });

  test('a token dataRetention is rejected', () => {
    // GIVEN
    const dataRetention = Duration.days(Lazy.number({ produce: () => 30 }));

    // WHEN / THEN
    expect(() => policyWith({ dataRetention })).toThrow(DataProtectionError);
    expect(() => policyWith({ dataRetention })).toThrow(/DataProtectionPolicy dataRetention must be a literal duration \(a number of days\), got a token/);
  });

  test('a dataRetention of 0 days is rejected', () => {
    // GIVEN / WHEN / THEN
    expect(() => policyWith({ dataRetention: Duration.days(0) })).toThrow(DataProtectionError);
    expect(() => policyWith({ dataRetention: Duration.days(0) }))
      .toThrow(/TestStack\/Policy: DataProtectionPolicy dataRetention must be a whole number of days, at least 1, got 0 days/);
  });

  test('a dataRetention of part of a day is rejected', () => {
    // GIVEN / WHEN / THEN
    expect(() => policyWith({ dataRetention: Duration.hours(12) }))
      .toThrow(/dataRetention must be a whole number of days, at least 1, got 12 hours/);
  });

  test.each(['not-an-email', 'http://insecure.example.com', '', 'security@localhost', 'https://', 'mailto: security@example.com'])(
    'S4-13 security contact %p is rejected', (contact) => {
      // GIVEN / WHEN
      const create = () => policyWith({ securityContact: contact });

      // THEN
      expect(create).toThrow(DataProtectionError);
      expect(create).toThrow(`TestStack/Policy: securityContact must be an e-mail address or an https URL, got '${contact}'`);
    });

  test('S4-13 a token security contact is rejected', () => {
    // GIVEN
    const contact = Lazy.string({ produce: () => 'security@example.com' });

    // WHEN / THEN
    expect(() => policyWith({ securityContact: contact })).toThrow(/securityContact must be an e-mail address or an https URL/);
  });

  test.each(['security@example.com', 'https://example.com/security', 'https://example.com/.well-known/security.txt'])(
    'S4-13 security contact %p is accepted', (contact) => {
      // GIVEN / WHEN
      const policy = policyWith({ securityContact: contact });

      // THEN
      expect(policy.securityContact).toBe(contact);
    });

  test.each(['US-EAST-1', 'moon-1', 'us-east', 'useast1', ''])('S0-05 region %p is rejected', (region) => {
    // GIVEN / WHEN
    const create = () => policyWith({ region });

    // THEN
    expect(create).toThrow(DataProtectionError);
    expect(create).toThrow(`TestStack/Policy: region must be a literal AWS region name such as 'us-east-1', got '${region}'`);
  });

  test('S0-05 a token region is rejected', () => {
    // GIVEN / WHEN / THEN
    expect(() => policyWith({ region: Token.asString(Lazy.string({ produce: () => 'us-east-1' })) }))
      .toThrow(/region must be a literal AWS region name/);
  });

  test.each(['us-east-1', 'eu-west-1', 'ap-southeast-2', 'us-gov-west-1', 'cn-north-1'])('S0-05 region %p is accepted', (region) => {
    // GIVEN / WHEN
    const policy = policyWith({ region });

    // THEN
    expect(policy.region).toBe(region);
  });

  test('S1-01 an empty dataClasses is rejected', () => {
    // GIVEN / WHEN / THEN
    expect(() => policyWith({ dataClasses: [] })).toThrow(DataProtectionError);
    expect(() => policyWith({ dataClasses: [] })).toThrow(/TestStack\/Policy: dataClasses must declare at least one data class, got none/);
  });

  test('S1-01 a data class declared twice is rejected', () => {
    // GIVEN / WHEN / THEN
    expect(() => policyWith({ dataClasses: [DataClass.INTERNAL, DataClass.CUSTOMER_DATA, DataClass.INTERNAL] }))
      .toThrow(/dataClasses must not declare 'internal' twice/);
  });

  test('S1-01 a custom class with the name of a declared class is a duplicate', () => {
    // GIVEN
    const lookalike = DataClass.custom({ name: 'internal', label: 'Other', protectionLevel: ProtectionLevel.CONFIDENTIAL, personalData: false });

    // WHEN / THEN
    expect(() => policyWith({ dataClasses: [DataClass.INTERNAL, lookalike] })).toThrow(DataProtectionError);
    expect(() => policyWith({ dataClasses: [DataClass.INTERNAL, lookalike] })).toThrow(/must not declare 'internal' twice/);
  });

  test('two policies on the same scope are rejected, naming the first', () => {
    // GIVEN a stack with a policy (a fresh one per call) / WHEN a second policy is added to it
    const second = () => new DataProtectionPolicy(stackWithPolicy(), 'Second', DEFAULT_POLICY);

    // THEN
    expect(second).toThrow(DataProtectionError);
    expect(second).toThrow(/TestStack\/Second: a DataProtectionPolicy already applies to this scope \(TestStack\/Policy\); one policy per scope/);
  });

  test('a policy in a stack under an app policy is allowed (different scopes)', () => {
    // GIVEN
    const app = new App();
    new DataProtectionPolicy(app, 'Policy', DEFAULT_POLICY);

    // WHEN / THEN
    expect(() => stackWithPolicy(app)).not.toThrow();
  });
});

describe('of / tryOf', () => {
  test('finds the nearest policy: the stack policy inside it, the app policy elsewhere', () => {
    // GIVEN
    const app = new App();
    const appPolicy = new DataProtectionPolicy(app, 'Policy', { ...DEFAULT_POLICY, region: undefined });
    const withOwn = stackWithPolicy(app);
    const withoutOwn = new Stack(app, 'Other');

    // WHEN
    const inOwn = new Construct(new Construct(withOwn, 'Level1'), 'Level2');
    const inOther = new Construct(withoutOwn, 'Thing');

    // THEN
    const stackPolicy = DataProtectionPolicy.of(withOwn);
    expect(stackPolicy).not.toBe(appPolicy);
    expect(stackPolicy.node.path).toBe('TestStack/Policy');
    expect(DataProtectionPolicy.of(inOwn)).toBe(stackPolicy);
    expect(DataProtectionPolicy.of(inOther)).toBe(appPolicy);
    expect(DataProtectionPolicy.of(withoutOwn)).toBe(appPolicy);
    expect(DataProtectionPolicy.of(app)).toBe(appPolicy);
  });

  test('the policy applies to itself and its siblings', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const policy = DataProtectionPolicy.of(stack);

    // WHEN
    const sibling = new Construct(stack, 'Sibling');

    // THEN
    expect(DataProtectionPolicy.tryOf(policy)).toBe(policy);
    expect(DataProtectionPolicy.tryOf(sibling)).toBe(policy);
  });

  test('of() without a policy throws an error that names the path and how to add one', () => {
    // GIVEN
    const stack = new Stack(new App(), 'NoPolicy');
    const thing = new Construct(stack, 'Thing');

    // WHEN
    const error = errorOf(() => DataProtectionPolicy.of(thing));

    // THEN
    expect(error).toBeInstanceOf(DataProtectionError);
    expect(error.message).toMatch(/^NoPolicy\/Thing: no DataProtectionPolicy applies here: add `new DataProtectionPolicy\(stack, 'Policy'/);
    expect((error as DataProtectionError).constructPath).toBe('NoPolicy/Thing');
  });

  test('tryOf() without a policy returns undefined', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'NoPolicy');

    // WHEN / THEN
    expect(DataProtectionPolicy.tryOf(new Construct(stack, 'Thing'))).toBeUndefined();
    expect(DataProtectionPolicy.tryOf(stack)).toBeUndefined();
    expect(DataProtectionPolicy.tryOf(app)).toBeUndefined();
  });

  test('a policy in one stack does not apply to a sibling stack', () => {
    // GIVEN
    const app = new App();
    stackWithPolicy(app);

    // WHEN
    const sibling = new Stack(app, 'Sibling');

    // THEN
    expect(DataProtectionPolicy.tryOf(sibling)).toBeUndefined();
  });

  test('a policy that failed validation does not apply', () => {
    // GIVEN
    const stack = new Stack(new App(), 'TestStack');

    // WHEN
    expect(() => new DataProtectionPolicy(stack, 'Policy', { ...DEFAULT_POLICY, securityContact: 'nope' })).toThrow();

    // THEN
    expect(DataProtectionPolicy.tryOf(stack)).toBeUndefined();
  });
});

describe('assertDeclared', () => {
  test('S3-02 rejects an undeclared class, naming the declared ones and the data store', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const store = new Construct(stack, 'Store');

    // WHEN
    const assert = () => DataProtectionPolicy.of(store).assertDeclared(SECRET, store);

    // THEN
    expect(assert).toThrow(DataProtectionError);
    expect(assert).toThrow(
      "TestStack/Store: data class 'secret' is not declared by the DataProtectionPolicy at TestStack/Policy; " +
      'declared: customer-data, customer-user-data, internal');
  });

  test('S3-02 accepts a declared class, built-in or custom', () => {
    // GIVEN
    const stack = stackWithPolicy(new App(), { dataClasses: [DataClass.INTERNAL, SECRET] });
    const store = new Construct(stack, 'Store');
    const policy = DataProtectionPolicy.of(store);

    // WHEN / THEN
    expect(() => policy.assertDeclared(DataClass.INTERNAL, store)).not.toThrow();
    expect(() => policy.assertDeclared(SECRET, store)).not.toThrow();
    expect(() => policy.assertDeclared(DataClass.CUSTOMER_DATA, store)).toThrow(/'customer-data' is not declared .*declared: internal, secret/);
  });
});

describe('claims in the template Metadata', () => {
  test('records the policy under cdk-data-protection', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    const record = recorded(stack);

    // THEN
    expect(record).toMatchObject({
      version: 1,
      policy: 'TestStack/Policy',
      securityContact: 'security@example.com',
      region: 'us-east-1',
    });
    expect(record.dataClasses).toEqual([
      { name: 'customer-data', label: 'Customer Data', protectionLevel: 'CONFIDENTIAL', personalData: false, minimumEncryption: 'S3_MANAGED' },
      { name: 'customer-user-data', label: 'Customer User Data', protectionLevel: 'RESTRICTED', personalData: true, minimumEncryption: 'KMS' },
      { name: 'internal', label: 'Internal Data', protectionLevel: 'INTERNAL', personalData: false, minimumEncryption: 'S3_MANAGED' },
    ]);
  });

  test('records no claims unless the policy makes them', () => {
    // GIVEN / WHEN
    const stack = stackWithPolicy();

    // THEN
    expect(recorded(stack).claims).toEqual([]);
  });

  test('records the claims in catalog order, each with its text', () => {
    // GIVEN / WHEN
    const stack = stackWithPolicy(new App(), { claims: ['S4-13', 'S0-02', 'S2-03'] });

    // THEN
    expect(recorded(stack).claims.map((c: any) => c.id)).toEqual(['S0-02', 'S2-03', 'S4-13']);
    expect(recorded(stack).claims[0].text).toBe('Daily backups are kept 14 days.');
  });

  test('S0-02 records daily backups kept 14 days as the value the report compares', () => {
    // GIVEN / WHEN
    const stack = stackWithPolicy(new App(), { claims: ['S0-01', 'S0-02'] });

    // THEN
    expect(claimValue(stack, 'S0-02', 'backupRetentionDays')).toBe('14');
    expect(claimValue(stack, 'S0-01', 'dailyBackup')).toBe('cron(0 5 * * ? *)');
  });

  test('S0-02 is refused under a 30-day backup policy, naming both values', () => {
    // GIVEN
    const app = new App();

    // WHEN / THEN
    expect(() => stackWithPolicy(app, { backup: BackupSchedule.daily(Duration.days(30)), claims: ['S0-02'] }))
      .toThrow(/TestStack\/Policy: claim S0-02 cannot be made by this policy: it promises daily backups kept 14 days, but the policy's backup retention is 30 days/);
  });

  test('S1-09 records backups kept 30 days', () => {
    // GIVEN / WHEN
    const stack = stackWithPolicy(new App(), { backup: BackupSchedule.daily(Duration.days(30)), claims: ['S1-09'] });

    // THEN
    expect(claimValue(stack, 'S1-09', 'backupRetentionDays')).toBe('30');
  });

  test('S2-03 records the encryption of the policy', () => {
    // GIVEN / WHEN
    const kms = stackWithPolicy(new App(), { claims: ['S2-03'] });
    const s3Managed = stackWithPolicy(new App(), { atRestEncryption: AtRestEncryption.S3_MANAGED, claims: ['S2-03'] });

    // THEN
    expect(claimValue(kms, 'S2-03', 'atRestEncryption')).toBe('KMS');
    expect(claimValue(s3Managed, 'S2-03', 'atRestEncryption')).toBe('S3_MANAGED');
  });

  test('S2-02 records the TLS version', () => {
    // GIVEN / WHEN
    const tls12 = stackWithPolicy(new App(), { claims: ['S2-02'] });
    const tls13 = stackWithPolicy(new App(), { minimumTlsVersion: MinimumTlsVersion.TLS_1_3, claims: ['S2-02'] });

    // THEN
    expect(claimValue(tls12, 'S2-02', 'minimumTlsVersion')).toBe('1.2');
    expect(claimValue(tls13, 'S2-02', 'minimumTlsVersion')).toBe('1.3');
  });

  test('S0-04 records the log retention of the policy: 365 days by default, 731, or INFINITE', () => {
    // GIVEN / WHEN
    const byDefault = stackWithPolicy(new App(), { claims: ['S0-04'] });
    const twoYears = stackWithPolicy(new App(), { logRetention: RetentionDays.TWO_YEARS, claims: ['S0-04'] });
    const forever = stackWithPolicy(new App(), { logRetention: RetentionDays.INFINITE, claims: ['S0-04'] });

    // THEN
    expect(claimValue(byDefault, 'S0-04', 'logRetentionDays')).toBe('365');
    expect(claimValue(twoYears, 'S0-04', 'logRetentionDays')).toBe('731');
    expect(claimValue(forever, 'S0-04', 'logRetentionDays')).toBe('INFINITE');
  });

  test('S1-06 is refused when logs are kept less than a year', () => {
    // GIVEN / WHEN / THEN
    expect(() => stackWithPolicy(new App(), { logRetention: RetentionDays.THREE_MONTHS, claims: ['S1-06'] }))
      .toThrow(/claim S1-06 cannot be made by this policy: it promises a one-year history, but the policy's logRetention is 90 days/);
  });

  test('S0-05 records the region, and is refused without one', () => {
    // GIVEN / WHEN
    const pinned = stackWithPolicy(new App(), { region: 'eu-west-1', claims: ['S0-05', 'S4-01'] }, { env: { region: 'eu-west-1' } });

    // THEN
    expect(claimValue(pinned, 'S0-05', 'region')).toBe('eu-west-1');
    expect(claimValue(pinned, 'S4-01', 'region')).toBe('eu-west-1');
    expect(recorded(pinned).region).toBe('eu-west-1');
    expect(() => stackWithPolicy(new App(), { region: undefined, claims: ['S0-05'] }))
      .toThrow(/claim S0-05 cannot be made by this policy: it names the one region data is stored in, but the policy has no `region`/);
  });

  test('S1-08 needs two backup copy regions, S2-11 one', () => {
    // GIVEN / WHEN
    const two = stackWithPolicy(new App(), { backupCopyRegions: ['us-east-2', 'us-west-2'], claims: ['S1-08', 'S2-11'] });

    // THEN
    expect(claimValue(two, 'S1-08', 'copyRegions')).toBe('us-east-2,us-west-2');
    expect(() => stackWithPolicy(new App(), { backupCopyRegions: ['us-east-2'], claims: ['S1-08'] }))
      .toThrow(/claim S1-08 cannot be made by this policy: it needs backup copies in at least 2 other regions, but the policy's backupCopyRegions lists 1/);
    expect(() => stackWithPolicy(new App(), { claims: ['S2-11'] }))
      .toThrow(/claim S2-11 cannot be made .* at least 1 other region, but the policy's backupCopyRegions lists 0/);
  });

  test('S2-13 needs daily restore tests', () => {
    // GIVEN / WHEN
    const daily = stackWithPolicy(new App(), { claims: ['S2-13'] });

    // THEN
    expect(claimValue(daily, 'S2-13', 'restoreTestingSchedule')).toBe('cron(0 9 * * ? *)');
    expect(() => stackWithPolicy(new App(), { restoreTesting: RestoreTestSchedule.WEEKLY, claims: ['S2-13'] }))
      .toThrow(/claim S2-13 cannot be made by this policy: it promises daily restore tests, but the policy's restoreTesting is weekly/);
  });

  test('S1-01 and S3-02 record the declared classes', () => {
    // GIVEN / WHEN
    const byDefault = stackWithPolicy(new App(), { claims: ['S1-01'] });
    const custom = stackWithPolicy(new App(), { dataClasses: [DataClass.INTERNAL, SECRET], claims: ['S1-01', 'S3-02'] });

    // THEN
    expect(claimValue(byDefault, 'S1-01', 'dataClasses')).toBe('customer-data,customer-user-data,internal');
    expect(claimValue(custom, 'S1-01', 'dataClasses')).toBe('internal,secret');
    expect(claimValue(custom, 'S3-02', 'dataClasses')).toBe('internal,secret');
  });

  test('S4-13 records the security contact', () => {
    // GIVEN / WHEN
    const stack = stackWithPolicy(new App(), { securityContact: 'https://example.com/security', claims: ['S4-13'] });

    // THEN
    expect(claimValue(stack, 'S4-13', 'securityContact')).toBe('https://example.com/security');
    expect(recorded(stack).securityContact).toBe('https://example.com/security');
  });

  test('refuses an id that is not in the catalog and a duplicate', () => {
    // GIVEN / WHEN / THEN
    expect(() => stackWithPolicy(new App(), { claims: ['S9-01'] }))
      .toThrow(/claims must be ids of the claims catalog \(S0-01 ... S4-13\), got 'S9-01'/);
    expect(() => stackWithPolicy(new App(), { claims: ['S0-02', 'S0-02'] })).toThrow(/claims must not list 'S0-02' twice/);
  });

  test('S2-05 is a claim like the others: TenantFleet makes it true and the tenant-segregation verifier proves it', () => {
    // GIVEN / WHEN
    const stack = stackWithPolicy(new App(), { claims: ['S2-05'] });

    // THEN
    const [claim] = recorded(stack).claims;
    expect(claim.id).toBe('S2-05');
    expect(claim.text).toMatch(/segregated logically: its own prefix, an IAM role tagged with its tenant id/);
    expect(claim.expected).toEqual([]);
  });

  test('the claims in the template are the claims of the policy', () => {
    // GIVEN
    const stack = stackWithPolicy(new App(), { backup: BackupSchedule.daily(Duration.days(30)), claims: ['S1-09', 'S0-04'] });

    // WHEN
    const record = recorded(stack);

    // THEN
    expect(record.claims).toEqual(DataProtectionPolicy.of(stack).claims);
  });

  test('a policy at App scope records its claims in each stack under it', () => {
    // GIVEN
    const app = new App();
    new DataProtectionPolicy(app, 'Policy', { ...DEFAULT_POLICY, backup: BackupSchedule.daily(Duration.days(30)), claims: ['S1-09'] });

    // WHEN
    const first = new Stack(app, 'First', { env: { region: 'us-east-1' } });
    const second = new Stack(app, 'Second', { env: { region: 'us-east-1' } });

    // THEN
    for (const stack of [first, second]) {
      expect(recorded(stack).policy).toBe('Policy');
      expect(claimValue(stack, 'S1-09', 'backupRetentionDays')).toBe('30');
    }
  });

  test('a stack with its own policy under an App policy records its own claims', () => {
    // GIVEN
    const app = new App();
    new DataProtectionPolicy(app, 'Policy', { ...DEFAULT_POLICY, backup: BackupSchedule.daily(Duration.days(30)), claims: ['S1-09'] });
    // Keeping daily backups 14 days under an App policy of 30 is a weakening: named, with its reason.
    const own = stackWithPolicy(app, { claims: ['S0-02'], weakenings: [{ promise: 'backupRetention', reason: 'this stack holds a cache rebuilt from the main store' }] });
    const inherited = new Stack(app, 'Inherited', { env: { region: 'us-east-1' } });

    // WHEN
    const ownRecord = recorded(own);
    const inheritedRecord = recorded(inherited);

    // THEN
    expect(ownRecord.policy).toBe('TestStack/Policy');
    expect(claimValue(own, 'S0-02', 'backupRetentionDays')).toBe('14');
    expect(claimValue(own, 'S1-09')).toBeUndefined();
    expect(inheritedRecord.policy).toBe('Policy');
    expect(claimValue(inherited, 'S1-09', 'backupRetentionDays')).toBe('30');
  });

  test('a stack without any policy records nothing', () => {
    // GIVEN
    const app = new App();
    stackWithPolicy(app);
    const other = new Stack(app, 'Other');

    // WHEN / THEN
    expect(recorded(other)).toBeUndefined();
  });

  test('keeps the stack Metadata that is already there', () => {
    // GIVEN
    const stack = stackWithPolicy();
    stack.templateOptions.metadata = { Owner: 'platform-team' };

    // WHEN
    const metadata = templateOf(stack).Metadata;

    // THEN
    expect(metadata.Owner).toBe('platform-team');
    expect(metadata['cdk-data-protection'].policy).toBe('TestStack/Policy');
  });
});

describe('PolicyChecks plugin', () => {
  test('S3-02 untagged data store is a finding', () => {
    // GIVEN
    const app = plainApp();
    const stack = stackWithPolicy(app);

    // WHEN
    new s3.Bucket(stack, 'Plain');

    // THEN
    const found = dataProtectionFindings(app);
    expect(found).toHaveLength(1);
    expect(found[0].rule).toBe('DataProtection-DataClassTag');
    expect(found[0].description).toMatch(/AWS::S3::Bucket has no 'data-class' tag/);
    expect(found[0].paths).toHaveLength(1);
    expect(found[0].paths[0]).toContain('Plain');
  });

  test('S3-02 an untagged data store fails the synthesis', () => {
    // GIVEN
    const app = plainApp();
    const stack = stackWithPolicy(app);

    // WHEN
    new s3.Bucket(stack, 'Plain');

    // THEN
    expect(() => app.synth()).toThrow(/DataProtection-DataClassTag/);
  });

  test('S3-02 a data store tagged with an undeclared class is a finding', () => {
    // GIVEN
    const app = plainApp();
    const stack = stackWithPolicy(app);

    // WHEN
    const bucket = new s3.Bucket(stack, 'Secret');
    Tags.of(bucket).add('data-class', 'secret');

    // THEN
    const found = dataProtectionFindings(app);
    expect(found).toHaveLength(1);
    expect(found[0].rule).toBe('DataProtection-DataClassTag');
    expect(found[0].description).toMatch(/tagged 'data-class=secret', a class the DataProtectionPolicy at TestStack\/Policy does not declare \(customer-data, customer-user-data, internal\)/);
    expect(found[0].paths[0]).toContain('Secret');
  });

  test('S1-01 a data store tagged with a declared class is no finding', () => {
    // GIVEN
    const app = plainApp();
    const stack = stackWithPolicy(app);

    // WHEN
    const bucket = new s3.Bucket(stack, 'Internal');
    Tags.of(bucket).add('data-class', 'internal');

    // THEN
    expect(dataProtectionFindings(app)).toEqual([]);
  });

  test('S1-01 a custom class declared by the policy is no finding', () => {
    // GIVEN
    const app = plainApp();
    const stack = stackWithPolicy(app, { dataClasses: [DataClass.INTERNAL, SECRET] });

    // WHEN
    const bucket = new s3.Bucket(stack, 'Secret');
    Tags.of(bucket).add('data-class', 'secret');

    // THEN
    expect(dataProtectionFindings(app)).toEqual([]);
  });

  test('a data store outside every policy is no finding', () => {
    // GIVEN
    const app = plainApp();
    stackWithPolicy(app);

    // WHEN
    new s3.Bucket(new Stack(app, 'Unpoliced'), 'Plain');

    // THEN
    expect(dataProtectionFindings(app)).toEqual([]);
  });

  test('the checks run once per app however many policies it holds', () => {
    // GIVEN
    const app = plainApp();
    new DataProtectionPolicy(app, 'Policy', DEFAULT_POLICY);
    const first = stackWithPolicy(app);
    const second = new Stack(app, 'Second', { env: { region: 'us-east-1' } });
    new DataProtectionPolicy(second, 'Policy', DEFAULT_POLICY);

    // WHEN
    new s3.Bucket(first, 'PlainOne');
    new s3.Bucket(second, 'PlainTwo');

    // THEN
    const found = dataProtectionFindings(app);
    expect(found).toHaveLength(1);
    expect(found[0].paths).toHaveLength(2);
    expect(found[0].paths.some((p) => p.includes('PlainOne'))).toBe(true);
    expect(found[0].paths.some((p) => p.includes('PlainTwo'))).toBe(true);
  });

  // Regression: CfnBackupVault is ITaggableV2 (its tags live in `cdkTagManager`), not ITaggable.
  test('S3-02 a backup vault tagged with a declared class is no finding', () => {
    // GIVEN
    const app = plainApp();
    const stack = stackWithPolicy(app);

    // WHEN
    const vault = new awsbackup.BackupVault(stack, 'Vault');
    Tags.of(vault).add('data-class', 'internal');

    // THEN
    expect(dataProtectionFindings(app)).toEqual([]);
  });

  // Regression: AWS::DynamoDB::GlobalTable (TableV2) has no resource tags; its tags are per replica (Replicas[].Tags).
  test('S3-02 a TableV2 tagged with a declared class is no finding', () => {
    // GIVEN
    const app = plainApp();
    const stack = stackWithPolicy(app);

    // WHEN
    const table = new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    Tags.of(table).add('data-class', 'internal');

    // THEN
    expect(dataProtectionFindings(app)).toEqual([]);
  });

  test('S3-02 a tagged DynamoDB Table is no finding, an untagged one is', () => {
    // GIVEN
    const app = plainApp();
    const stack = stackWithPolicy(app);

    // WHEN
    const tagged = new dynamodb.Table(stack, 'Tagged', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    Tags.of(tagged).add('data-class', 'customer-data');
    new dynamodb.Table(stack, 'Untagged', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });

    // THEN
    const found = dataProtectionFindings(app);
    expect(found).toHaveLength(1);
    expect(found[0].description).toMatch(/^AWS::DynamoDB::Table has no 'data-class' tag/);
    expect(found[0].paths).toEqual(['TestStack/Untagged/Resource']);
  });

  // Regression: the checks scan the whole app, so they must be registered once (on the App), not once per Stage.
  test('S3-02 policies in an App stack and in a nested Stage report each finding once', () => {
    // GIVEN
    const app = plainApp();
    const top = stackWithPolicy(app);
    const nested = new Stack(new Stage(app, 'Prod'), 'TestStack', { env: { region: 'us-east-1' } });
    new DataProtectionPolicy(nested, 'Policy', DEFAULT_POLICY);

    // WHEN
    new s3.Bucket(top, 'PlainTop');
    new s3.Bucket(nested, 'PlainNested');

    // THEN
    const paths = dataProtectionFindings(app).flatMap((f) => f.paths);
    expect(paths.sort()).toEqual(['Prod/TestStack/PlainNested/Resource', 'TestStack/PlainTop/Resource']);
  });

  test('S3-02 a policy in a nested Stage checks the data stores of that stage', () => {
    // GIVEN
    const app = plainApp();
    const stack = new Stack(new Stage(app, 'Prod'), 'TestStack', { env: { region: 'us-east-1' } });
    new DataProtectionPolicy(stack, 'Policy', DEFAULT_POLICY);

    // WHEN
    new s3.Bucket(stack, 'Plain');

    // THEN
    const found = dataProtectionFindings(app);
    expect(found).toHaveLength(1);
    expect(found[0].paths).toEqual(['Prod/TestStack/Plain/Resource']);
  });

  test('S0-05 a stack in another region than the policy pins is a finding', () => {
    // GIVEN
    const app = plainApp();
    new DataProtectionPolicy(app, 'Policy', { ...DEFAULT_POLICY, region: 'us-east-1' });

    // WHEN
    new Stack(app, 'Europe', { env: { region: 'eu-west-1' } });

    // THEN
    const found = dataProtectionFindings(app);
    expect(found).toHaveLength(1);
    expect(found[0].rule).toBe('DataProtection-Region');
    expect(found[0].description).toBe('Stack is in region eu-west-1, but the DataProtectionPolicy at Policy pins data to us-east-1.');
    expect(found[0].paths).toEqual(['Europe']);
  });

  test('S0-05 stacks in the pinned region, or without a region, are no finding', () => {
    // GIVEN
    const app = plainApp();
    new DataProtectionPolicy(app, 'Policy', { ...DEFAULT_POLICY, region: 'us-east-1' });

    // WHEN
    new Stack(app, 'Pinned', { env: { region: 'us-east-1' } });
    new Stack(app, 'Agnostic');

    // THEN
    expect(dataProtectionFindings(app)).toEqual([]);
  });
});

describe('input boundaries and claim definitions', () => {
  test.each(['us-east-1a', ' us-east-1', 'us-east-1 ', 'region us-east-1'])('S0-05 region %p (an AZ, stray text) is rejected', (region) => {
    // GIVEN / WHEN / THEN
    expect(() => policyWith({ region })).toThrow(`TestStack/Policy: region must be a literal AWS region name such as 'us-east-1', got '${region}'`);
  });

  test.each(['us-iso-east-1', 'us-isob-east-1'])('S0-05 isolated region %p is accepted', (region) => {
    // GIVEN / WHEN
    const policy = policyWith({ region });

    // THEN
    expect(policy.region).toBe(region);
  });

  test.each(['see https://example.com/security', 'https://example.com/security now'])('S4-13 security contact %p (stray text) is rejected', (contact) => {
    // GIVEN / WHEN / THEN
    expect(() => policyWith({ securityContact: contact })).toThrow(`securityContact must be an e-mail address or an https URL, got '${contact}'`);
  });

  test('every claim a policy can make is a sentence, and records the values the report compares', () => {
    // GIVEN: a policy with two backup copy regions
    const policy = policyWith({ backupCopyRegions: ['us-west-2', 'eu-west-1'] });

    // WHEN: each claim on its own (those the settings contradict are refused)
    const made = DEFINED_CLAIM_IDS.flatMap((id) => {
      try {
        return policyClaims(policy, [id]);
      } catch {
        return [];
      }
    });

    // THEN
    expect(made.length).toBeGreaterThan(40);
    for (const claim of made) {
      expect(`${claim.id} ${claim.text}`).toMatch(/^S\d-\d\d [A-Z].*\S\.$/);
    }
    const expected = Object.fromEntries(made.filter((c) => c.expected.length > 0).map((c) => [c.id, c.expected.map((e) => `${e.property}=${e.value}`)]));
    expect(expected).toEqual({
      'S0-01': ['dailyBackup=cron(0 5 * * ? *)'],
      'S0-02': ['backupRetentionDays=14'],
      'S0-04': ['logRetentionDays=365'],
      'S0-05': ['region=us-east-1', 'allowedRegions=us-east-1,us-west-2,eu-west-1'],
      'S0-06': ['minimumEncryption=SSE-S3'],
      'S0-08': ['minimumTlsVersion=1.2'],
      'S1-01': ['dataClasses=customer-data,customer-user-data,internal'],
      'S1-06': ['minimumLogRetentionDays=365'],
      'S1-08': ['copyRegions=us-west-2,eu-west-1'],
      'S1-10': ['restoreTestingSchedule=cron(0 9 * * ? *)'],
      'S2-02': ['minimumTlsVersion=1.2'],
      'S2-03': ['atRestEncryption=KMS'],
      'S2-07': ['reachable=load balancer'],
      'S2-11': ['copyRegions=us-west-2,eu-west-1'],
      'S2-13': ['restoreTestingSchedule=cron(0 9 * * ? *)'],
      'S3-02': ['dataClasses=customer-data,customer-user-data,internal'],
      'S3-05': ['endedDataExpiryDays=1095'],
      'S4-01': ['region=us-east-1', 'allowedRegions=us-east-1,us-west-2,eu-west-1'],
      'S4-05': ['minimumTlsVersion=1.2'],
      'S4-07': ['minimumTlsVersion=1.2', 'atRestEncryption=KMS'],
      'S4-13': ['securityContact=security@example.com'],
    });
  });

  test('S0-05 S1-01 S3-02 claim texts name the regions, the copies and the data classes', () => {
    // GIVEN
    const copies = policyWith({ backupCopyRegions: ['us-west-2', 'eu-west-1'] });
    const home = policyWith();

    // WHEN
    const text = (policy: DataProtectionPolicy, id: string) => policyClaims(policy, [id])[0].text;

    // THEN
    expect(text(copies, 'S0-05')).toBe('Data is hosted in one AWS region: us-east-1; only backup copies are kept in us-west-2 and eu-west-1.');
    expect(text(home, 'S0-05')).toBe('Data is hosted in one AWS region: us-east-1.');
    expect(policyClaims(home, ['S0-05'])[0].expected).toContainEqual({ property: 'allowedRegions', value: 'us-east-1' });
    expect(text(home, 'S1-01')).toBe(
      'Data is classified as Customer Data (confidential), Customer User Data (restricted), Internal Data (internal); each class decides its protection.');
    expect(text(home, 'S3-02')).toMatch(/^Only declared data classes are stored \(Customer Data, Customer User Data, Internal Data\);/);
  });

  test('S0-04 S1-06 log retention reads in days, or "indefinitely" when logs never expire', () => {
    // GIVEN
    const year = policyWith();
    const forever = policyWith({ logRetention: RetentionDays.INFINITE });

    // WHEN
    const text = (policy: DataProtectionPolicy, id: string) => policyClaims(policy, [id])[0].text;

    // THEN
    expect(text(year, 'S0-04')).toBe('Logs are stored in Amazon CloudWatch Logs and kept at least 365 days.');
    expect(text(year, 'S1-06')).toBe('A history of system activity is kept for 365 days.');
    expect(text(forever, 'S0-04')).toBe('Logs are stored in Amazon CloudWatch Logs and kept indefinitely.');
    expect(text(forever, 'S1-06')).toBe('A history of system activity is kept indefinitely.');
  });

  test.each(['12345', '1234567890123', 'x23456789012', '111111111111 '])('S0-05 allowedAccounts entry %p is rejected', (account) => {
    // GIVEN / WHEN / THEN
    expect(() => policyWith({ allowedAccounts: ['222222222222', account] }))
      .toThrow(`TestStack/Policy: each of allowedAccounts must be a literal 12-digit AWS account id, got '${account}'`);
  });

  test('S0-05 allowedAccounts are kept in order, and an account listed twice is rejected', () => {
    // GIVEN / WHEN
    const policy = policyWith({ allowedAccounts: ['222222222222', '111111111111'] });

    // THEN
    expect(policy.allowedAccounts).toEqual(['222222222222', '111111111111']);
    expect(() => policyWith({ allowedAccounts: ['111111111111', '111111111111'] })).toThrow(/allowedAccounts must not list '111111111111' twice/);
  });

  test('S4-01 S1-10 texts: data stored in one region; restore tests say how often', () => {
    // GIVEN
    const policy = policyWith({ restoreTesting: RestoreTestSchedule.WEEKLY });

    // WHEN / THEN
    expect(policyClaims(policy, ['S4-01'])[0].text).toBe('Data is stored in one AWS region: us-east-1.');
    expect(policyClaims(policy, ['S1-10'])[0].text).toBe('Restores from backup are tested automatically (weekly).');
    expect(`${RestoreTestSchedule.MONTHLY}`).toBe('monthly');
  });

  test('S0-01 records the schedule of the daily tier, not of the first tier, under a GFS schedule', () => {
    // GIVEN
    const gfs = BackupSchedule.gfs({ hourly: Duration.days(2), daily: Duration.days(7), weekly: Duration.days(28), monthly: Duration.days(365) });

    // WHEN
    const [claim] = policyClaims(policyWith({ backup: gfs }), ['S0-01']);

    // THEN
    expect(claim.expected).toEqual([{ property: 'dailyBackup', value: 'cron(0 5 * * ? *)' }]);
  });
});
