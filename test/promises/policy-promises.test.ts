import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ApplicationLogGroup } from '../../lib/audit/application-log-group';
import { AuditTrail } from '../../lib/audit/audit-trail';
import { SecureDatabase } from '../../lib/database/secure-database';
import { verifyAssembly } from '../../lib/evidence/verify';
import { SecureNetwork } from '../../lib/network/secure-network';
import { WebFirewall } from '../../lib/network/web-firewall';
import { BackupSchedule } from '../../lib/policy/backup-schedule';
import { DataClass } from '../../lib/policy/data-class';
import { DataProtectionPolicy } from '../../lib/policy/data-protection-policy';
import {
  ArchiveStorageClass, BackupRetentionPromise, BackupTier, CurrentObjectsKeptPromise, FlowLogsPromise, FlowLogTraffic, LogArchivePromise,
  LogRetentionPromise, LogScope, ValueBound, VersionHistoryPromise, WafLoggedRequests, WafLoggingPromise,
} from '../../lib/promises';
import { SecureBucket } from '../../lib/storage/secure-bucket';
import { assemblyOf, viewOfStack } from '../evidence/helpers';
import { DEFAULT_POLICY } from '../helpers/compliance';

describe('one policy, several scopes', () => {
  test('application logs kept 90 days and the audit trail 365, flow logs, WAF blocked requests, archive and version history: every promise PROVEN', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Service', { env: { region: 'us-east-1' } });
    new DataProtectionPolicy(stack, 'Policy', {
      ...DEFAULT_POLICY,
      logRetention: RetentionDays.ONE_YEAR,
      promises: [
        new LogRetentionPromise({ scope: LogScope.APPLICATION, retention: Duration.days(90) }),
        new LogRetentionPromise({ scope: LogScope.AUDIT_TRAIL, retention: Duration.days(365) }),
        new LogRetentionPromise({ scope: LogScope.NETWORK_FLOW, retention: Duration.days(30) }),
        new LogRetentionPromise({ scope: LogScope.WAF, retention: Duration.days(90) }),
        new LogArchivePromise({ storageClass: ArchiveStorageClass.DEEP_ARCHIVE, transitionAfter: Duration.days(90), retention: Duration.days(730) }),
        new FlowLogsPromise(),
        new WafLoggingPromise({ requests: WafLoggedRequests.BLOCKED }),
        new VersionHistoryPromise({ dataClass: DataClass.CUSTOMER_DATA, retention: Duration.days(90) }),
        new CurrentObjectsKeptPromise({ dataClass: DataClass.CUSTOMER_DATA }),
        new BackupRetentionPromise({ tier: BackupTier.DAILY, retention: Duration.days(14) }),
      ],
    });

    // WHEN
    new AuditTrail(stack, 'Trail');
    new ApplicationLogGroup(stack, 'AppLogs');
    new SecureNetwork(stack, 'Network');
    new WebFirewall(stack, 'Firewall');
    new SecureBucket(stack, 'Files', { dataClass: DataClass.CUSTOMER_DATA });
    const claims = verifyAssembly(assemblyOf([viewOfStack(stack)])).claims;

    // THEN every promise but the backup tier (no backup plan here) is PROVEN
    expect(claims.map((c) => [c.id, c.verdict])).toEqual([
      ['log-retention.application', 'PROVEN'],
      ['log-retention.audit-trail', 'PROVEN'],
      ['log-retention.network-flow', 'PROVEN'],
      ['log-retention.waf', 'PROVEN'],
      ['log-archive', 'PROVEN'],
      ['flow-logs', 'PROVEN'],
      ['waf-logging', 'PROVEN'],
      ['version-history.customer-data', 'PROVEN'],
      ['current-objects-kept.customer-data', 'PROVEN'],
      ['backup-retention.daily', 'VIOLATED'],
    ]);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90, Tags: Match.arrayWith([{ Key: 'log-scope', Value: 'application' }]) });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365, Tags: Match.arrayWith([{ Key: 'log-scope', Value: 'audit-trail' }]) });
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      LoggingFilter: { DefaultBehavior: 'DROP', Filters: [{ Behavior: 'KEEP', Requirement: 'MEETS_ANY', Conditions: [{ ActionCondition: { Action: 'BLOCK' } }] }] },
    });
  });

  test('database logs kept 30 days next to a one-year policy, and flow logs of rejected traffic only: PROVEN', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Service', { env: { region: 'us-east-1' } });
    new DataProtectionPolicy(stack, 'Policy', {
      ...DEFAULT_POLICY,
      promises: [
        new LogRetentionPromise({ scope: LogScope.DATABASE, retention: Duration.days(30) }),
        new FlowLogsPromise({ traffic: FlowLogTraffic.REJECT }),
      ],
    });

    // WHEN
    const { vpc } = new SecureNetwork(stack, 'Network');
    new SecureDatabase(stack, 'Db', { vpc, dataClass: DataClass.CUSTOMER_DATA });
    const claims = verifyAssembly(assemblyOf([viewOfStack(stack)])).claims;

    // THEN
    expect(claims.map((c) => [c.id, c.verdict])).toEqual([['log-retention.database', 'PROVEN'], ['flow-logs', 'PROVEN']]);
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'REJECT' });
  });

  test('a backup tier promise the policy\'s schedule contradicts is refused', () => {
    const stack = new Stack(new App(), 'Service');
    expect(() => new DataProtectionPolicy(stack, 'Policy', {
      ...DEFAULT_POLICY,
      backup: BackupSchedule.daily(Duration.days(14)),
      promises: [new BackupRetentionPromise({ tier: BackupTier.DAILY, retention: Duration.days(30) })],
    })).toThrow(/promise 'backup-retention.daily' \(Daily backups are kept 30 days.\) contradicts the policy's backup schedule/);
  });

  test('two promises on one subject, or a promise with a catalog id, are refused', () => {
    const app = new App();
    const a = new LogRetentionPromise({ scope: LogScope.APPLICATION, retention: Duration.days(90) });
    const b = new LogRetentionPromise({ scope: LogScope.APPLICATION, retention: Duration.days(30), id: 'other' });
    expect(() => new DataProtectionPolicy(new Stack(app, 'A'), 'Policy', { ...DEFAULT_POLICY, promises: [a, b] }))
      .toThrow(/must not promise 'log-retention.APPLICATION' twice/);
    const c = new LogRetentionPromise({ scope: LogScope.WAF, retention: Duration.days(90), id: 'S0-02' });
    expect(() => new DataProtectionPolicy(new Stack(app, 'B'), 'Policy', { ...DEFAULT_POLICY, promises: [c] })).toThrow(/distinct from the catalog's, got 'S0-02'/);
  });
});

describe('nested policies', () => {
  const appLogs = (days: number) => new LogRetentionPromise({ scope: LogScope.APPLICATION, retention: Duration.days(days) });

  test('a nested policy weaker than the enclosing one on the same promise is refused', () => {
    // GIVEN
    const app = new App();
    new DataProtectionPolicy(app, 'Policy', { ...DEFAULT_POLICY, promises: [appLogs(90)] });

    // WHEN / THEN
    expect(() => new DataProtectionPolicy(new Stack(app, 'Service'), 'Policy', { ...DEFAULT_POLICY, promises: [appLogs(30)] }))
      .toThrow(/weaker than the one enclosing it on 'log-retention.APPLICATION'/);
  });

  test('a nested policy with a shorter log retention is refused (it used to lower it silently)', () => {
    const app = new App();
    new DataProtectionPolicy(app, 'Policy', { ...DEFAULT_POLICY, logRetention: RetentionDays.ONE_YEAR });
    expect(() => new DataProtectionPolicy(new Stack(app, 'Service'), 'Policy', { ...DEFAULT_POLICY, logRetention: RetentionDays.THREE_MONTHS }))
      .toThrow(/weaker than the one enclosing it on 'logRetention': it keeps logs 90 days, the enclosing policy at Policy 365 days/);
  });

  test('a named weakening with a reason is accepted, with a namespaced warning', () => {
    // GIVEN
    const app = new App();
    new DataProtectionPolicy(app, 'Policy', { ...DEFAULT_POLICY, promises: [appLogs(90)] });
    const stack = new Stack(app, 'Sandbox');

    // WHEN
    const nested = new DataProtectionPolicy(stack, 'Policy', {
      ...DEFAULT_POLICY,
      promises: [appLogs(30)],
      weakenings: [{ promise: 'log-retention.APPLICATION', reason: 'the sandbox holds synthetic data only' }],
    });

    // THEN
    expect(nested.logRetentionFor(LogScope.APPLICATION)).toBe(30);
    Annotations.fromStack(stack).hasWarning('/Sandbox/Policy', Match.stringLikeRegexp(
      'weaker than the enclosing policy on .log-retention.APPLICATION. .*kept 30 days.*kept 90 days.*: the sandbox holds synthetic data only .ack: cdk-data-protection:weakened-log-retention.APPLICATION.'));
  });

  test('a nested policy inherits the promises it does not restate, and may make them stronger', () => {
    const app = new App();
    new DataProtectionPolicy(app, 'Policy', { ...DEFAULT_POLICY, promises: [appLogs(90), new FlowLogsPromise()] });
    const nested = new DataProtectionPolicy(new Stack(app, 'Service'), 'Policy', {
      ...DEFAULT_POLICY,
      promises: [new LogRetentionPromise({ scope: LogScope.APPLICATION, retention: Duration.days(180), bound: ValueBound.AT_LEAST })],
    });
    expect(nested.promises.map((p) => p.id)).toEqual(['log-retention.application', 'flow-logs']);
    expect(nested.logRetentionFor(LogScope.APPLICATION)).toBe(180);
  });

  test('a weakening with a short reason, or with no enclosing policy, is refused', () => {
    const app = new App();
    expect(() => new DataProtectionPolicy(new Stack(app, 'A'), 'Policy', { ...DEFAULT_POLICY, weakenings: [{ promise: 'logRetention', reason: 'because we need it' }] }))
      .toThrow(/no enclosing policy applies: there is nothing to weaken/);
    new DataProtectionPolicy(app, 'Policy', DEFAULT_POLICY);
    expect(() => new DataProtectionPolicy(new Stack(app, 'B'), 'Policy', { ...DEFAULT_POLICY, weakenings: [{ promise: 'logRetention', reason: 'short' }] }))
      .toThrow(/needs a reason of at least 10 characters/);
  });
});
