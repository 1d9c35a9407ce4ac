import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as fc from 'fast-check';
import {
  AlertReceiver, ApplicationLogGroup, AuditTrail, BackupSchedule, DataClass, DataProtectionPolicy, DataProtectionPolicyProps, MfaGatedAccess,
  ProtectionLevel,
  RestoreTestSchedule, SecureBackupPlan, SecureBackupVault, SecureBucket, SecureBucketProps, SecureDatabase, SecureNetwork, VaultLock, WebFirewall,
} from '../../lib';
import { verifyAssembly } from '../../lib/evidence/verify';
import { DataProtectionError } from '../../lib/private/errors';
import { assemblyOf, viewOfStack } from '../evidence/helpers';
import { checkedApp, findings } from '../helpers/compliance';

// ---------------------------------------------------------------------------------------------
// Arbitraries of valid props
// ---------------------------------------------------------------------------------------------

/** The retention values CloudWatch Logs accepts (RetentionDays), in days. */
const CLOUDWATCH_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
const REGIONS = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];

/** A log retention CloudWatch accepts, at least `min` days (what the claims need). */
const logRetention = (min = 1): fc.Arbitrary<logs.RetentionDays> =>
  fc.constantFrom(...CLOUDWATCH_DAYS.filter((d) => d >= min), logs.RetentionDays.INFINITE) as fc.Arbitrary<logs.RetentionDays>;

/** A daily schedule kept 1-35 days (RDS's range), sometimes with continuous backups. */
const dailySchedule: fc.Arbitrary<BackupSchedule> = fc.record({ days: fc.integer({ min: 1, max: 35 }), continuous: fc.boolean() })
  .map(({ days, continuous }) => BackupSchedule.daily(Duration.days(days), { continuousBackup: continuous }));

/** A grandfather-father-son schedule: strictly longer tiers, cold storage at least 90 days before deletion. */
const gfsSchedule: fc.Arbitrary<BackupSchedule> = fc.record({
  hourly: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  daily: fc.integer({ min: 4, max: 35 }),
  weekly: fc.option(fc.integer({ min: 36, max: 90 }), { nil: undefined }),
  monthly: fc.option(fc.integer({ min: 200, max: 400 }), { nil: undefined }),
  cold: fc.boolean(),
}).map((t) => {
  const longest = t.monthly ?? t.weekly ?? t.daily;
  const cold = t.cold && longest >= 91 ? Duration.days(longest - 90) : undefined;
  return BackupSchedule.gfs({
    hourly: t.hourly === undefined ? undefined : Duration.days(t.hourly),
    daily: Duration.days(t.daily),
    weekly: t.weekly === undefined ? undefined : Duration.days(t.weekly),
    monthly: t.monthly === undefined ? undefined : Duration.days(t.monthly),
    moveToColdStorageAfter: cold,
  });
});

const backupSchedule = fc.oneof(dailySchedule, gfsSchedule);

/** A custom data class with a valid name. */
const customClass: fc.Arbitrary<DataClass> = fc.record({
  name: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
  level: fc.constantFrom(ProtectionLevel.INTERNAL, ProtectionLevel.CONFIDENTIAL, ProtectionLevel.RESTRICTED),
  personal: fc.boolean(),
}).map((c) => DataClass.custom({ name: `x-${c.name}`, label: `Class ${c.name}`, protectionLevel: c.level, personalData: c.personal }));

/**
 * The declared classes: INTERNAL (the class of the stack's access-log bucket, which every SecureBucket
 * logs to), a subset of the other built-in ones, plus some custom ones, no name twice.
 */
const dataClasses: fc.Arbitrary<DataClass[]> = fc.tuple(
  fc.subarray([DataClass.CUSTOMER_DATA, DataClass.CUSTOMER_USER_DATA]),
  fc.uniqueArray(customClass, { maxLength: 2, selector: (c) => c.name }),
).map(([builtIn, custom]) => [DataClass.INTERNAL, ...builtIn, ...custom]);

/** Valid policy props, and the claims they can make (only those the props do not contradict). */
interface PolicyCase {
  readonly props: DataProtectionPolicyProps;
  readonly region: string;
}

/**
 * Valid policy props. `minLogDays` 365 gives the props that pass every pack: Control Tower's
 * CT.CLOUDWATCH.PR.2 wants log groups kept at least a year (a shorter policy is valid, and its
 * findings are for the user to acknowledge).
 */
const policyCaseWith = (minLogDays: number): fc.Arbitrary<PolicyCase> => fc.record({
  region: fc.constantFrom(...REGIONS),
  copies: fc.integer({ min: 0, max: 2 }),
  logRetention: logRetention(minLogDays),
  backup: backupSchedule,
  restoreTesting: fc.constantFrom(RestoreTestSchedule.DAILY, RestoreTestSchedule.WEEKLY, RestoreTestSchedule.MONTHLY),
  extraRetention: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
  dataClasses,
}).map((c) => {
  const copyRegions = REGIONS.filter((r) => r !== c.region).slice(0, c.copies);
  const backupDays = c.backup.retention.toDays();
  const props: DataProtectionPolicyProps = {
    securityContact: 'security@example.com',
    region: c.region,
    backupCopyRegions: copyRegions,
    logRetention: c.logRetention,
    backup: c.backup,
    restoreTesting: c.restoreTesting,
    dataRetention: c.extraRetention === undefined ? undefined : Duration.days(backupDays + c.extraRetention),
    dataClasses: c.dataClasses,
  };
  return { props, region: c.region };
});

const policyCase = policyCaseWith(1);

/** The claims `policy` can make: each one whose values the policy's settings satisfy. */
function compatibleClaims(p: DataProtectionPolicyProps): string[] {
  const backupDays = p.backup!.retention.toDays();
  const logDays = p.logRetention === logs.RetentionDays.INFINITE ? Infinity : p.logRetention!;
  return [
    'S0-03', 'S0-04', 'S0-05', 'S1-01', 'S1-10', 'S2-02', 'S2-03', 'S2-12', 'S3-02', 'S4-01', 'S4-07', 'S4-13',
    ...(backupDays === 14 ? ['S0-02'] : []),
    ...(backupDays === 30 ? ['S1-09'] : []),
    ...(logDays >= 365 ? ['S1-06'] : []),
    ...(p.restoreTesting === RestoreTestSchedule.DAILY ? ['S2-13'] : []),
  ];
}

/** Valid SecureBucket props under `policy`: retention at least the policy's, a declared class. */
function bucketProps(policy: DataProtectionPolicyProps): fc.Arbitrary<SecureBucketProps> {
  const floor = (policy.dataRetention ?? policy.backup!.retention).toDays();
  const longer = fc.option(fc.integer({ min: floor, max: floor + 2000 }).map((d) => Duration.days(d)), { nil: undefined });
  return fc.record({
    dataClass: fc.constantFrom(...policy.dataClasses!),
    retention: longer,
    noncurrentVersionRetention: fc.option(fc.integer({ min: floor, max: floor + 400 }).map((d) => Duration.days(d)), { nil: undefined }),
    expireEndedObjectsAfter: longer,
    tenantDeletionSchedules: fc.uniqueArray(fc.record({
      tenantId: fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/),
      expireAfter: fc.integer({ min: floor, max: floor + 400 }).map((d) => Duration.days(d)),
    }), { maxLength: 3, selector: (t) => t.tenantId.toLowerCase() }),
  }).map((b) => ({
    ...b,
    // Distinct prefixes that never nest: `tenants/<id>/`, with ids unique case-insensitively.
    tenantDeletionSchedules: b.tenantDeletionSchedules.map((t) => ({ ...t, prefix: `tenants/${t.tenantId.toLowerCase()}/` })),
  }));
}

/** Valid SecureDatabase choices: engine, backup retention (policy's to 35 days), instance type, storage. */
function databaseProps(policy: DataProtectionPolicyProps) {
  const floor = policy.backup!.retention.toDays();
  return fc.record({
    engine: fc.constantFrom(
      rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 }),
      rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_0 }),
    ),
    backupRetention: fc.option(fc.integer({ min: floor, max: 35 }).map((d) => Duration.days(d)), { nil: undefined }),
    instanceType: fc.constantFrom('t4g.micro', 't4g.medium', 'm7g.large', 'r7g.xlarge').map((t) => new ec2.InstanceType(t)),
    allocatedStorage: fc.integer({ min: 20, max: 1000 }),
    databaseName: fc.option(fc.stringMatching(/^[a-z][a-z0-9_]{0,20}$/), { nil: undefined }),
    masterUsername: fc.option(fc.stringMatching(/^[a-z][a-z0-9_]{0,14}$/).filter((u) => u !== 'rdsadmin'), { nil: undefined }),
  });
}

/** A stack in `region` with the policy and the constructs that make the compatible claims true. */
function serviceStack(app: App, c: PolicyCase, bucket: SecureBucketProps, claims: string[]): Stack {
  const stack = new Stack(app, 'Service', { env: { region: c.region } });
  new DataProtectionPolicy(stack, 'Policy', { ...c.props, claims });
  new SecureBucket(stack, 'Data', bucket);
  // The off-site vaults live in stacks of their own (OffsiteBackupStack); the plan names them.
  new SecureBackupPlan(stack, 'Backup', {
    copyTargets: (c.props.backupCopyRegions ?? []).map((region) => ({ region, backupVaultName: 'cdk-data-protection-copies' })),
    // S2-12: an alert needs a receiver.
    alertReceivers: [AlertReceiver.email('oncall@example.com')],
  });
  new AuditTrail(stack, 'Trail');
  new ApplicationLogGroup(stack, 'AppLogs');
  // Pins people's requests to the policy's regions (S0-05, S4-01).
  new MfaGatedAccess(stack, 'Access');
  return stack;
}

/** The verdict of each claim the stacks record; unproven ones with their gaps and unsatisfied facts, for the failure message. */
function verdicts(stacks: Stack[]): Record<string, string | object> {
  return Object.fromEntries(verifyAssembly(assemblyOf(stacks.map(viewOfStack))).claims.map((c) => [c.id, c.verdict === 'PROVEN' ? c.verdict : {
    verdict: c.verdict, gaps: c.gaps, unsatisfied: c.facts.filter((f) => !f.satisfied),
  }]));
}

/** The error `fn` throws, or undefined. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e;
  }
}

// ---------------------------------------------------------------------------------------------
// Property A: valid props synthesize, and every recorded claim is PROVEN
// ---------------------------------------------------------------------------------------------

describe('Property A: valid props', () => {
  test('any valid policy props construct a policy whose recorded claims are the compatible ones', () => {
    fc.assert(fc.property(policyCase, (c) => {
      // GIVEN / WHEN
      const stack = new Stack(new App(), 'S', { env: { region: c.region } });
      const claims = compatibleClaims(c.props);
      const policy = new DataProtectionPolicy(stack, 'Policy', { ...c.props, claims });

      // THEN
      expect(policy.claims.map((x) => x.id).sort()).toEqual([...claims].sort());
      expect(policy.backup.retention.toDays()).toBeGreaterThanOrEqual(1);
      expect(policy.backup.retention.toDays()).toBeLessThanOrEqual(35);
      expect(policy.dataRetention.toDays()).toBeGreaterThanOrEqual(policy.backup.retention.toDays());
      // The claim text and expected values carry the policy's own values.
      const logClaim = policy.claims.find((x) => x.id === 'S0-04')!;
      const days = c.props.logRetention === logs.RetentionDays.INFINITE ? 'INFINITE' : String(c.props.logRetention);
      expect(logClaim.expected).toEqual([{ property: 'logRetentionDays', value: days }]);
      expect(logClaim.text).toContain(days === 'INFINITE' ? 'indefinitely' : `${days} days`);
      expect(policy.claims.find((x) => x.id === 'S0-05')!.text).toContain(c.region);
    }), { numRuns: 200 });
  });

  test('any valid schedule keeps its tiers ordered and cold storage at least 90 days', () => {
    fc.assert(fc.property(backupSchedule, (schedule) => {
      const days = schedule.rules.map((r) => r.deleteAfter.toDays());
      expect([...days].sort((a, b) => a - b)).toEqual(days);
      for (const rule of schedule.rules) {
        if (rule.moveToColdStorageAfter) {
          expect(rule.deleteAfter.toDays() - rule.moveToColdStorageAfter.toDays()).toBeGreaterThanOrEqual(90);
        }
      }
      expect(schedule.shortestRetention.toDays()).toBeLessThanOrEqual(schedule.retention.toDays());
    }), { numRuns: 200 });
  });

  test('any valid bucket, vault and firewall props construct (no packs)', () => {
    const vaultLock = fc.option(fc.integer({ min: 3, max: 60 }).map((d) => VaultLock.compliance(Duration.days(d))), { nil: undefined });
    const firewall = fc.record({
      rateLimit: fc.integer({ min: 10, max: 2_000_000_000 }),
      window: fc.constantFrom(60, 120, 300, 600),
    });
    fc.assert(fc.property(policyCase.chain((c) => fc.tuple(fc.constant(c), bucketProps(c.props), vaultLock, firewall)),
      ([c, bucket, lock, waf]) => {
        // GIVEN
        const stack = new Stack(new App(), 'S', { env: { region: c.region } });
        new DataProtectionPolicy(stack, 'Policy', c.props);

        // WHEN
        new SecureBucket(stack, 'Data', bucket);
        const vault = new SecureBackupVault(stack, 'Vault', { lock });
        const fw = new WebFirewall(stack, 'Waf', { rateLimit: waf.rateLimit, rateLimitWindow: Duration.seconds(waf.window) });

        // THEN
        expect(vault.minRetention.toDays()).toBeLessThan(vault.maxRetention.toDays());
        expect(fw.rateLimit).toBe(waf.rateLimit);
      }), { numRuns: 50 });
  });

  test('any valid database, trail and application log props construct, keeping the chosen values (no packs)', () => {
    const trailName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{1,30}[A-Za-z0-9]$/).filter((n) => !/[._-]{2}/.test(n));
    const logGroupName = fc.stringMatching(/^\/[a-z0-9_-]{1,20}(\/[a-z0-9_.#-]{1,20})?$/);
    const masked = fc.subarray(ApplicationLogGroup.defaultMaskedData, { minLength: 1 });
    const input = policyCase.chain((c) => fc.tuple(fc.constant(c), databaseProps(c.props), trailName, logGroupName, masked));
    fc.assert(fc.property(input, ([c, db, trail, logName, maskedData]) => {
      // GIVEN
      const stack = new Stack(new App(), 'S', { env: { region: c.region } });
      new DataProtectionPolicy(stack, 'Policy', c.props);
      const { vpc } = new SecureNetwork(stack, 'Network');

      // WHEN
      const database = new SecureDatabase(stack, 'Db', { vpc, dataClass: c.props.dataClasses![0], ...db });
      new AuditTrail(stack, 'Trail', { trailName: trail });
      const appLogs = new ApplicationLogGroup(stack, 'AppLogs', { logGroupName: logName, maskedData });

      // THEN
      const template = Template.fromStack(stack);
      const expectedDays = (db.backupRetention ?? c.props.backup!.retention).toDays();
      expect(database.backupRetention.toDays()).toBe(expectedDays);
      template.hasResourceProperties('AWS::RDS::DBInstance', {
        BackupRetentionPeriod: expectedDays, DBInstanceClass: `db.${db.instanceType}`, AllocatedStorage: String(db.allocatedStorage),
      });
      template.hasResourceProperties('AWS::CloudTrail::Trail', { TrailName: trail });
      template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: logName });
      expect(appLogs.maskedData).toEqual(maskedData);
    }), { numRuns: 8 });
  });

  test('random valid services synthesize with no unacknowledged finding in any pack, and every recorded claim is PROVEN', () => {
    fc.assert(fc.property(policyCaseWith(365).chain((c) => fc.tuple(fc.constant(c), bucketProps(c.props))), ([c, bucket]) => {
      // GIVEN
      const app = checkedApp();
      const claims = compatibleClaims(c.props);

      // WHEN
      const stack = serviceStack(app, c, bucket, claims);

      // THEN
      expect(findings(app)).toEqual([]);
      const result = verdicts([stack]);
      expect(Object.keys(result).sort()).toEqual([...claims].sort());
      expect(Object.entries(result).filter(([, v]) => v !== 'PROVEN')).toEqual([]);
    }), { numRuns: 3, seed: 42, endOnFailure: true });
  });
});

// ---------------------------------------------------------------------------------------------
// Property B: invalid props just outside each range fail with DataProtectionError naming the value
// ---------------------------------------------------------------------------------------------

/** Asserts that `fn` fails with our error, whose message names `value`. */
function expectRefused(fn: () => unknown, value: string): void {
  const e = thrown(fn);
  expect(e).toBeDefined();
  expect(DataProtectionError.isDataProtectionError(e)).toBe(true);
  expect((e as Error).message).toContain(value);
}

function policyStack(props: Partial<DataProtectionPolicyProps> = {}): Stack {
  const stack = new Stack(new App(), 'S', { env: { region: 'us-east-1' } });
  new DataProtectionPolicy(stack, 'Policy', { securityContact: 'security@example.com', region: 'us-east-1', ...props });
  return stack;
}

describe('Property B: invalid props fail with DataProtectionError naming the value', () => {
  test('log retention outside CloudWatch\'s list', () => {
    const invalid = fc.integer({ min: -5, max: 4000 }).filter((d) => !CLOUDWATCH_DAYS.includes(d) && d !== logs.RetentionDays.INFINITE);
    fc.assert(fc.property(invalid, (d) => {
      expectRefused(() => policyStack({ logRetention: d as logs.RetentionDays }), `got ${d}`);
    }), { numRuns: 100 });
  });

  test('daily backups kept 36-400 days (outside RDS\'s 1-35)', () => {
    fc.assert(fc.property(fc.integer({ min: 36, max: 400 }), (d) => {
      expectRefused(() => policyStack({ backup: BackupSchedule.daily(Duration.days(d)) }), `got ${d}`);
    }), { numRuns: 100 });
  });

  test('backup retention of zero or fractional days', () => {
    // (a negative Duration is refused by aws-cdk-lib's Duration itself, before any construct sees it)
    const hours = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2000 }).filter((h) => h % 24 !== 0));
    fc.assert(fc.property(hours, (h) => {
      expectRefused(() => BackupSchedule.daily(Duration.hours(h)), 'got ');
    }), { numRuns: 100 });
  });

  test('cold storage that lasts under 90 days before deletion', () => {
    const input = fc.integer({ min: 2, max: 500 })
      .chain((days) => fc.tuple(fc.constant(days), fc.integer({ min: Math.max(1, days - 89), max: days + 10 })));
    fc.assert(fc.property(input, ([days, cold]) => {
      expectRefused(() => BackupSchedule.daily(Duration.days(days), { moveToColdStorageAfter: Duration.days(cold) }), `after ${cold} days`);
    }), { numRuns: 100 });
  });

  test('vault lock changeable for under 3 days', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 }), (d) => {
      expectRefused(() => VaultLock.compliance(Duration.days(d)), `got ${d} day`);
    }), { numRuns: 20 });
  });

  test('WAF rate limit under 10 or above 2,000,000,000, and windows outside 60/120/300/600 s', () => {
    const limit = fc.oneof(fc.integer({ min: -100, max: 9 }), fc.integer({ min: 2_000_000_001, max: 2_100_000_000 }));
    const window = fc.integer({ min: 1, max: 1200 }).filter((s) => ![60, 120, 300, 600].includes(s));
    fc.assert(fc.property(limit, window, (l, w) => {
      expectRefused(() => new WebFirewall(policyStack(), 'Waf', { rateLimit: l }), `got ${l}`);
      expectRefused(() => new WebFirewall(policyStack(), 'Waf', { rateLimitWindow: Duration.seconds(w) }), `got ${w}`);
    }), { numRuns: 100 });
  });

  test('bucket retention, ended-object expiry and tenant expiry shorter than the policy\'s data retention', () => {
    const input = fc.record({ policyDays: fc.integer({ min: 2, max: 35 }), short: fc.integer({ min: 1, max: 34 }), which: fc.constantFrom(0, 1, 2) })
      .filter((x) => x.short < x.policyDays);
    fc.assert(fc.property(input, ({ policyDays, short, which }) => {
      const stack = policyStack({ backup: BackupSchedule.daily(Duration.days(policyDays)) });
      const d = Duration.days(short);
      const props: SecureBucketProps = [
        { dataClass: DataClass.INTERNAL, retention: d },
        { dataClass: DataClass.INTERNAL, expireEndedObjectsAfter: d },
        { dataClass: DataClass.INTERNAL, tenantDeletionSchedules: [{ tenantId: 'acme', expireAfter: d }] },
      ][which];
      expectRefused(() => new SecureBucket(stack, 'B', props), `got ${short} days`);
    }), { numRuns: 60 });
  });

  test('duplicate tenant ids', () => {
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/), (id) => {
      expectRefused(() => new SecureBucket(policyStack(), 'B', {
        dataClass: DataClass.INTERNAL,
        tenantDeletionSchedules: [{ tenantId: id, expireAfter: Duration.days(30), prefix: 'a/' }, { tenantId: id, expireAfter: Duration.days(30), prefix: 'b/' }],
      }), `'${id}' twice`);
    }), { numRuns: 50 });
  });

  test('data classes the policy does not declare', () => {
    fc.assert(fc.property(customClass, (c) => {
      expectRefused(() => new SecureBucket(policyStack(), 'B', { dataClass: c }), `'${c.name}'`);
    }), { numRuns: 50 });
  });

  test('DataClass names outside lower-case letters, digits and hyphens', () => {
    const bad = fc.string({ minLength: 0, maxLength: 70 }).filter((s) => !/^[a-z0-9][a-z0-9-]{0,63}$/.test(s));
    fc.assert(fc.property(bad, (name) => {
      expectRefused(() => DataClass.custom({ name, label: 'L', protectionLevel: ProtectionLevel.INTERNAL, personalData: false }), `got '${name}'`);
    }), { numRuns: 100 });
  });

  test('database backup retention outside 1-35 days or below the policy\'s, and names RDS refuses', () => {
    const stack = policyStack();
    const { vpc } = new SecureNetwork(stack, 'Network');
    const retention = fc.oneof(fc.integer({ min: 36, max: 400 }), fc.integer({ min: 1, max: 13 }));
    let n = 0;
    fc.assert(fc.property(retention, (days) => {
      expectRefused(() => new SecureDatabase(stack, `Db${n++}`, { vpc, dataClass: DataClass.INTERNAL, backupRetention: Duration.days(days) }), `got ${days}`);
    }), { numRuns: 50 });
    const badName = fc.string({ minLength: 1, maxLength: 70 }).filter((x) => !/^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(x));
    fc.assert(fc.property(badName, (name) => {
      expectRefused(() => new SecureDatabase(stack, `Name${n++}`, { vpc, dataClass: DataClass.INTERNAL, databaseName: name }), `got '${name}'`);
    }), { numRuns: 50 });
  });

  test('VPC CIDR blocks outside /16 to /20, or with host bits set', () => {
    const prefix = fc.oneof(fc.integer({ min: 8, max: 15 }), fc.integer({ min: 21, max: 28 }));
    fc.assert(fc.property(prefix, (p) => {
      expectRefused(() => new SecureNetwork(policyStack(), 'Network', { cidr: `10.0.0.0/${p}` }), `got '10.0.0.0/${p}'`);
    }), { numRuns: 30 });
    fc.assert(fc.property(fc.integer({ min: 16, max: 20 }), fc.integer({ min: 1, max: 255 }), (p, octet) => {
      expectRefused(() => new SecureNetwork(policyStack(), 'Network', { cidr: `10.0.${octet}.1/${p}` }), `got '10.0.${octet}.1/${p}'`);
    }), { numRuns: 30 });
  });

  test('MFA source IPs that are not CIDR blocks, source VPCs that are not VPC ids', () => {
    const notCidr = fc.oneof(
      fc.tuple(fc.integer({ min: 256, max: 999 }), fc.integer({ min: 0, max: 32 })).map(([o, p]) => `10.${o}.0.0/${p}`),
      fc.tuple(fc.ipV4(), fc.integer({ min: 33, max: 99 })).map(([ip, p]) => `${ip}/${p}`),
      fc.ipV4(),
    );
    fc.assert(fc.property(notCidr, (ip) => {
      expectRefused(() => new MfaGatedAccess(policyStack(), 'Access', { requireSourceIps: [ip] }), `got '${ip}'`);
    }), { numRuns: 50 });
    fc.assert(fc.property(fc.string({ maxLength: 30 }).filter((v) => !/^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/.test(v)), (vpcId) => {
      expectRefused(() => new MfaGatedAccess(policyStack(), 'Access', { requireSourceVpc: vpcId }), `got '${vpcId}'`);
    }), { numRuns: 50 });
  });

  test('bucket names S3 refuses', () => {
    const bad = fc.oneof(
      fc.string({ minLength: 0, maxLength: 70 }),
      fc.stringMatching(/^[a-z0-9][a-z0-9.-]{1,20}[a-z0-9]$/).map((n) => `${n}..x`),
      fc.ipV4(),
    ).filter((n) => !(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(n) && !n.includes('..') && !/^\d+\.\d+\.\d+\.\d+$/.test(n)
      && !/^(xn--|sthree-|amzn-s3-demo-)/.test(n) && !/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(n)));
    fc.assert(fc.property(bad, (name) => {
      expectRefused(() => new SecureBucket(policyStack(), 'B', { dataClass: DataClass.INTERNAL, bucketName: name }), `got '${name}'`);
    }), { numRuns: 100 });
  });

  test('unknown claim ids', () => {
    const unknown = fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !/^S[0-4]-\d\d$/.test(s));
    fc.assert(fc.property(unknown, (id) => {
      expectRefused(() => policyStack({ claims: [id] }), `got '${id}'`);
    }), { numRuns: 100 });
  });
});
