import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, CfnResource, Duration, IAspect, Stack } from 'aws-cdk-lib';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import {
  AccountPasswordPolicy, AdminVpn, AdminVpnAuthentication, AlertReceiver, ApplicationLogGroup, AuditTrail, BackupSchedule, ComplianceChecks,
  ComplianceChecksProps,
  DataClass, DataProtectionPolicy, DataProtectionPolicyProps, DistributionEdge, IncidentResponse, IntegrationSecret, LoadBalancerEdge, MfaGatedAccess,
  OffsiteBackupStack, RestoreTestSchedule, SecureBackupPlan, SecureBucket, SecureDatabase, SecureNetwork, SecureSftpServer, SecureUserPool,
  TenantFleet, ThreatDetection, WebFirewall,
} from '../../lib';
import { readAssembly } from '../../lib/evidence/assembly';
import { ClaimResult, Fact } from '../../lib/evidence/model';
import { verifyAssembly } from '../../lib/evidence/verify';
import { DEFAULT_POLICY } from '../helpers/compliance';

/*
 * Small compliant services, one per area, each of which proves its claims; the weakening tests
 * (weakening-*.test.ts) break one claim of a baseline the way a user plausibly would and
 * assert that the synthesis or the evidence report catches it.
 */

/** The constructs of a baseline, for the weakenings to reach. */
export interface Parts {
  readonly app: App;
  readonly stack: Stack;
  readonly [name: string]: any;
}

/** A baseline: the claims it proves, and how to build it in a fresh app. */
export interface Baseline {
  readonly name: string;
  readonly claims: string[];
  readonly build: (app: App, policy?: Partial<DataProtectionPolicyProps>) => Parts;
}

/** One weakening of one claim, and what must catch it. */
export interface WeakeningRow {
  /** What the user does, in the test title: `a 7-day RDS backup retention set through an escape hatch`. */
  readonly what: string;
  readonly baseline: Baseline;
  /** Settings of the baseline's policy that the claim needs (a 30-day schedule for S1-09); the baseline proves the claim with them. */
  readonly policy?: Partial<DataProtectionPolicyProps>;
  /** A weakening made through the policy's own props (merged over `policy`). */
  readonly weakenPolicy?: Partial<DataProtectionPolicyProps>;
  /** The compliant baseline, when the weakening is the configuration of `baseline` itself (a compliance pack turned off). */
  readonly original?: Baseline;
  /** The weakening, on the built baseline. */
  readonly weaken: (parts: Parts) => void;
  /** The verdict of the claim (and the facts) after the weakening; not called when `throws` is set. */
  readonly then?: (claim: ClaimResult, failing: Fact[]) => void;
  /** When synthesis itself must refuse the weakening: the message it must match. */
  readonly throws?: RegExp;
}

/** Weakenings by claim id: one, or several when a claim has more than one way to break that is worth keeping caught. */
export type WeakeningTable = Record<string, WeakeningRow | WeakeningRow[]>;

/** The rows of a table with their claim ids. */
export function rowsOf(table: WeakeningTable): Array<[string, WeakeningRow]> {
  return Object.entries(table).flatMap(([id, rows]) => (Array.isArray(rows) ? rows : [rows]).map((row): [string, WeakeningRow] => [id, row]));
}

/** The result of one synthesis: every claim's result by id. */
export type Results = Record<string, ClaimResult>;

/** A data-class tag key, as the library writes it. */
export const TAG = DataClass.TAG_KEY;

/**
 * Builds a baseline (with the row's policy) in a fresh app, applies `weaken`, synthesizes it and
 * verifies the assembly as the evidence CLI does (breach notices and validation report included).
 * The app records construct paths, which the facts name.
 */
export function run(baseline: Baseline, weaken: (parts: Parts) => void = () => {}, policy?: Partial<DataProtectionPolicyProps>): Results {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-weak-'));
  try {
    const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
    weaken(baseline.build(app, policy));
    const assembly = app.synth({ force: true });
    return Object.fromEntries(verifyAssembly(readAssembly(assembly.directory)).claims.map((c) => [c.id, c]));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The unsatisfied facts of a claim. */
export function failingOf(claim: ClaimResult): Fact[] {
  return claim.facts.filter((f) => !f.satisfied);
}

/** The L1 resource of a construct (its `node.defaultChild`), the escape hatch users reach for. */
export function l1(construct: IConstruct): CfnResource {
  return construct.node.defaultChild as CfnResource;
}

/** Adds an aspect of the user's to a scope, visiting every L1 resource of `type`. */
export function userAspect(scope: IConstruct, type: string, visit: (resource: CfnResource) => void): void {
  const aspect: IAspect = {
    visit(node: IConstruct) {
      if (node instanceof CfnResource && node.cfnResourceType === type) {
        visit(node);
      }
    },
  };
  Aspects.of(scope).add(aspect);
}

/** The stack of a baseline, in us-east-1 with a policy making `claims`. */
function serviceStack(app: App, id: string, claims: string[], policy: Partial<DataProtectionPolicyProps> = {}): Stack {
  const stack = new Stack(app, id, { env: { region: 'us-east-1' } });
  new DataProtectionPolicy(stack, 'Policy', { ...DEFAULT_POLICY, ...policy, claims });
  return stack;
}

// ---------------------------------------------------------------------------------------------
// Storage, logs and the register

/** Buckets of two classes (one with tenant schedules, one expiring ended relationships), the trail and application logs. */
export const STORAGE: Baseline = {
  name: 'storage',
  claims: ['S0-03', 'S0-04', 'S0-06', 'S1-01', 'S1-04', 'S1-06', 'S1-11', 'S1-14', 'S2-01', 'S2-02', 'S2-03', 'S3-01', 'S3-02', 'S3-05', 'S3-06',
    'S4-02', 'S4-04', 'S4-07', 'S4-13'],
  build: (app, policy) => {
    const stack = serviceStack(app, 'Storage', STORAGE.claims, policy);
    const customerData = new SecureBucket(stack, 'CustomerData', {
      dataClass: DataClass.CUSTOMER_DATA,
      tenantDeletionSchedules: [{ tenantId: 'acme', expireAfter: Duration.days(90) }],
    });
    const userData = new SecureBucket(stack, 'UserData', { dataClass: DataClass.CUSTOMER_USER_DATA, expireEndedObjectsAfter: Duration.days(1095) });
    const trail = new AuditTrail(stack, 'Trail');
    const appLogs = new ApplicationLogGroup(stack, 'AppLogs', { logGroupName: '/service/app' });
    return { app, stack, customerData, userData, trail, appLogs };
  },
};

// ---------------------------------------------------------------------------------------------
// Backups and resilience

/** A database and a bucket in a two-zone network, backed up daily, copied to two off-site vaults, restores tested daily. */
export const BACKUP: Baseline = {
  name: 'backup',
  claims: ['S0-01', 'S0-02', 'S1-08', 'S1-10', 'S2-06', 'S2-10', 'S2-11', 'S2-12', 'S2-13'],
  build: (app, policy) => {
    const promises: DataProtectionPolicyProps = {
      ...DEFAULT_POLICY,
      backup: BackupSchedule.daily(Duration.days(14)),
      backupCopyRegions: ['us-east-2', 'us-west-2'],
      restoreTesting: RestoreTestSchedule.DAILY,
      ...policy,
    };
    const claims = policy?.claims ?? BACKUP.claims;
    const offsite = promises.backupCopyRegions!.map((region) => new OffsiteBackupStack(app, `Copies-${region}`, { policy: promises, region }));
    const stack = serviceStack(app, 'Backup', claims, { ...promises, claims: undefined });
    offsite.forEach((o) => stack.addStackDependency(o));
    const network = new SecureNetwork(stack, 'Network');
    const database = new SecureDatabase(stack, 'Database', { vpc: network.vpc, dataClass: DataClass.CUSTOMER_USER_DATA });
    const bucket = new SecureBucket(stack, 'Files', { dataClass: DataClass.CUSTOMER_DATA });
    const plan = new SecureBackupPlan(stack, 'Backups', {
      copyTargets: offsite.map((o) => o.vault.asCopyTarget()), alertReceivers: [AlertReceiver.email('oncall@example.com')],
    });
    return { app, stack, network, database, bucket, plan, offsite };
  },
};

/** BACKUP with a 30-day schedule (S1-09). */
export const BACKUP_30_DAYS: Partial<DataProtectionPolicyProps> = { backup: BackupSchedule.daily(Duration.days(30)), claims: ['S1-09'] };

/** BACKUP with the hourly-to-monthly tiers (S4-06). */
export const BACKUP_GFS: Partial<DataProtectionPolicyProps> = {
  backup: BackupSchedule.gfs({ hourly: Duration.days(2), daily: Duration.days(7), weekly: Duration.days(28), monthly: Duration.days(365) }),
  claims: ['S4-06'],
};

// ---------------------------------------------------------------------------------------------
// Identity

/** MFA-gated roles pinned to the region, the password policy, a user pool of company e-mails, an integration secret. */
export const IDENTITY: Baseline = {
  name: 'identity',
  claims: ['S0-05', 'S0-09', 'S0-10', 'S1-05', 'S2-16', 'S4-01', 'S4-03', 'S4-08'],
  build: (app, policy) => {
    const stack = serviceStack(app, 'Identity', IDENTITY.claims, policy);
    const access = new MfaGatedAccess(stack, 'Access');
    const passwords = new AccountPasswordPolicy(stack, 'Passwords');
    const users = new SecureUserPool(stack, 'Users', { allowedEmailDomains: ['example.com'] });
    const secret = new IntegrationSecret(stack, 'Zoom', { integrationName: 'zoom' });
    // S0-10 promises a reader: the role the Zoom import runs as.
    const reader = new iam.Role(stack, 'ZoomImport', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    secret.grantRead(reader);
    return { app, stack, access, passwords, users, secret, reader };
  },
};

/**
 * A PII-access role for named staff, MFA required, reading only stores tagged with a personal-data
 * class (S1-03). Built from IAM constructs as MfaGatedAccess's PII role is: MfaGatedAccess also
 * creates administrator, developer and read-only roles with AWS managed policies that reach every
 * data store, so S1-03 is VIOLATED by design under it (test/examples/employee-handbooks.test.ts).
 */
export const PII: Baseline = {
  name: 'pii',
  claims: ['S1-03'],
  build: (app, policy) => {
    const stack = serviceStack(app, 'Pii', PII.claims, policy);
    const userData = new SecureBucket(stack, 'UserData', { dataClass: DataClass.CUSTOMER_USER_DATA });
    const role = new iam.Role(stack, 'PiiAccess', {
      assumedBy: new iam.PrincipalWithConditions(new iam.ArnPrincipal('arn:aws:iam::111111111111:user/alice'), {
        Bool: { 'aws:MultiFactorAuthPresent': 'true' },
        NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
      }),
    });
    const read = new iam.ManagedPolicy(stack, 'PiiRead', {
      roles: [role],
      statements: [new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:ListBucket'],
        resources: ['*'],
        conditions: { StringEquals: { [`aws:ResourceTag/${TAG}`]: [DataClass.CUSTOMER_USER_DATA.name] } },
      })],
    });
    return { app, stack, userData, role, read };
  },
};

// ---------------------------------------------------------------------------------------------
// Perimeter

const VPN_SERVER = 'arn:aws:acm:us-east-1:111111111111:certificate/vpn-server';
const VPN_CLIENTS = 'arn:aws:acm:us-east-1:111111111111:certificate/vpn-clients';

/** An HTTPS load balancer behind a web ACL, a CDN, the admin VPN with source-restricted roles, an SFTP server. */
export const PERIMETER: Baseline = {
  name: 'perimeter',
  claims: ['S0-07', 'S0-08', 'S1-02', 'S2-04', 'S2-07', 'S2-08', 'S2-09', 'S4-05'],
  build: (app, policy) => {
    const stack = serviceStack(app, 'Perimeter', PERIMETER.claims, policy);
    const network = new SecureNetwork(stack, 'Network');
    const firewall = new WebFirewall(stack, 'Firewall');
    const edge = new LoadBalancerEdge(stack, 'Edge', { vpc: network.vpc, domainName: 'app.example.com', webFirewall: firewall });
    const cdn = new DistributionEdge(stack, 'Cdn', { domainName: 'cdn.example.com', origin: new HttpOrigin('origin.example.com') });
    const vpn = new AdminVpn(stack, 'AdminVpn', {
      vpc: network.vpc,
      serverCertificateArn: VPN_SERVER,
      authentication: AdminVpnAuthentication.mutualTls(VPN_CLIENTS),
      clientCidr: '10.100.0.0/22',
      fullTunnel: true,
    });
    const access = new MfaGatedAccess(stack, 'Access', { requireSourceIps: vpn.publicEgressCidrs, requireSourceVpc: vpn.vpcId });
    const sftp = new SecureSftpServer(stack, 'Sftp', { vpc: network.vpc });
    return { app, stack, network, firewall, edge, cdn, vpn, access, sftp };
  },
};

// ---------------------------------------------------------------------------------------------
// Detection and incidents

/** GuardDuty, Security Hub and Inspector, the incident topic and breach notice, the trail with the CIS alarms, a private network with an app-tier security group. */
export const DETECTION: Baseline = {
  name: 'detection',
  claims: ['S0-11', 'S1-07', 'S2-14', 'S4-09', 'S4-10', 'S4-11'],
  build: (app, policy) => {
    const stack = serviceStack(app, 'Detection', DETECTION.claims, policy);
    const incidents = new IncidentResponse(stack, 'Incidents', { receivers: [AlertReceiver.email('oncall@example.com')] });
    const trail = new AuditTrail(stack, 'Trail', { alarmTopic: incidents.topic });
    const detection = new ThreatDetection(stack, 'ThreatDetection');
    const network = new SecureNetwork(stack, 'Network');
    // S4-09 "firewalls restrict the network": the application tier's security group, admitting nothing from outside.
    const appTier = new ec2.SecurityGroup(stack, 'AppTier', { vpc: network.vpc, description: 'The application tier', allowAllOutbound: false });
    return { app, stack, incidents, trail, detection, network, appTier };
  },
};

// ---------------------------------------------------------------------------------------------
// Mappings: claims about the other claims

/**
 * One measure per CNIL sheet of S3-03 (2: S0-09, 3: S0-10, 4: S0-03, 10: S0-01, 11 and 12: S1-11,
 * 16: S4-10, 17: S0-06), and the SOC 2 mappings S1-13 and S4-12.
 */
export const MAPPING: Baseline = {
  name: 'mapping',
  claims: ['S0-01', 'S0-03', 'S0-06', 'S0-09', 'S0-10', 'S1-11', 'S4-10', 'S3-03', 'S1-13', 'S4-12'],
  build: (app, policy) => {
    const stack = serviceStack(app, 'Mapping', policy?.claims ?? MAPPING.claims, { ...policy, claims: undefined });
    const bucket = new SecureBucket(stack, 'Files', { dataClass: DataClass.CUSTOMER_DATA });
    const plan = new SecureBackupPlan(stack, 'Backups');
    const access = new MfaGatedAccess(stack, 'Access');
    const secret = new IntegrationSecret(stack, 'Zoom', { integrationName: 'zoom' });
    secret.grantRead(new iam.Role(stack, 'ZoomImport', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }));
    const trail = new AuditTrail(stack, 'Trail');
    const appLogs = new ApplicationLogGroup(stack, 'AppLogs', { logGroupName: '/service/app' });
    const detection = new ThreatDetection(stack, 'ThreatDetection');
    return { app, stack, bucket, plan, access, secret, trail, appLogs, detection };
  },
};

// ---------------------------------------------------------------------------------------------
// Tenants

/** A fleet of two tenants (globex with its own key) on one shard, under a policy on the App (S2-05, S4-02). */
export const TENANTS: Baseline = {
  name: 'tenants',
  claims: ['S2-05', 'S4-02'],
  build: (app, policy) => {
    new DataProtectionPolicy(app, 'Policy', { ...DEFAULT_POLICY, ...policy, claims: ['S2-05', 'S4-02'] });
    const fleet = new TenantFleet(app, 'Fleet', {
      tenants: [{ tenantId: 'acme', deleteAfter: Duration.days(30) }, { tenantId: 'globex', dedicatedKey: true, deleteAfter: Duration.days(90) }],
      env: { region: 'us-east-1' },
    });
    return { app, stack: fleet.shardStacks[0], fleet };
  },
};

// ---------------------------------------------------------------------------------------------
// Compliance packs

/** A bucket under every compliance pack (S2-15); `packs` turns packs off. */
export function packsBaseline(packs: ComplianceChecksProps = {}): Baseline {
  return {
    name: 'packs',
    claims: ['S2-15'],
    build: (app, policy) => {
      ComplianceChecks.apply(app, packs);
      const stack = serviceStack(app, 'Packs', ['S2-15'], policy);
      const bucket = new SecureBucket(stack, 'Files', { dataClass: DataClass.CUSTOMER_DATA });
      return { app, stack, bucket };
    },
  };
}

/**
 * The tests of a table of weakenings: each baseline (with the settings the rows give its policy)
 * proves every claim it records, once; then, for each claim, the weakening is caught: synthesis
 * refuses it, or the claim comes out VIOLATED with the facts `then` expects.
 */
export function weakeningTests(table: WeakeningTable): void {
  const baselines = new Map<string, { baseline: Baseline; policy?: Partial<DataProtectionPolicyProps>; ids: string[] }>();
  for (const [id, row] of rowsOf(table)) {
    const baseline = row.original ?? row.baseline;
    const key = `${baseline.name} ${JSON.stringify(row.policy ?? {})}`;
    const entry = baselines.get(key) ?? { baseline, policy: row.policy, ids: [] };
    entry.ids.push(id);
    baselines.set(key, entry);
  }
  for (const { baseline, policy, ids } of baselines.values()) {
    const settings = policy ? ` (${Object.keys(policy).join(', ')} set)` : '';
    test(`${ids.join(' ')} the ${baseline.name} baseline${settings} proves every claim it records before it is weakened`, () => {
      // WHEN
      const results = run(baseline, undefined, policy);

      // THEN
      expect(Object.values(results).filter((c) => c.verdict !== 'PROVEN').map((c) => ({ id: c.id, gaps: c.gaps }))).toEqual([]);
      expect(Object.keys(results)).toEqual(expect.arrayContaining(ids));
    });
  }
  for (const [id, row] of rowsOf(table)) {
    test(`${id} ${row.what}`, () => {
      const weakened = () => run(row.baseline, row.weaken, row.weakenPolicy ? { ...row.policy, ...row.weakenPolicy } : row.policy);
      if (row.throws) {
        // WHEN / THEN synthesis refuses the weakening
        expect(weakened).toThrow(row.throws);
        return;
      }
      // WHEN
      const claim = weakened()[id];

      // THEN
      if (process.env.WEAKENING_DEBUG) {
        // eslint-disable-next-line no-console
        console.log(id, claim?.verdict, JSON.stringify(failingOf(claim), undefined, 1));
      }
      expect(claim?.verdict).toBe('VIOLATED');
      row.then!(claim, failingOf(claim));
    });
  }
}

/** The part of a table whose rows `keep` selects (to split a table over test files that run in parallel). */
export function pick(table: WeakeningTable, keep: (row: WeakeningRow) => boolean): WeakeningTable {
  return Object.fromEntries(Object.entries(table)
    .map(([id, rows]) => [id, (Array.isArray(rows) ? rows : [rows]).filter(keep)] as [string, WeakeningRow[]])
    .filter(([, rows]) => rows.length > 0));
}
