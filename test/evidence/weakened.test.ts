import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { assemblyOf, viewOfStack } from './helpers';
import {
  AuditTrail, DataClass, DataProtectionPolicy, SecureBackupPlan, SecureBucket, SecureDatabase, SecureNetwork,
} from '../../lib';
import { ClaimResult } from '../../lib/evidence/model';
import { verifyAssembly } from '../../lib/evidence/verify';
import { DEFAULT_POLICY } from '../helpers/compliance';

/**
 * Deliberately broken variants: a compliant service weakened through an escape hatch, or a
 * template edited after synthesis, must come out VIOLATED with the values expected and found.
 */
type Parts = { stack: Stack; database: SecureDatabase; bucket: SecureBucket; plan: SecureBackupPlan };

function service(weaken: (parts: Parts) => void = () => {}): ClaimResult[] {
  const app = new App({ context: { 'aws:cdk:enable-path-metadata': true } });
  const stack = new Stack(app, 'Service', { env: { region: 'us-east-1' } });
  new DataProtectionPolicy(stack, 'Policy', { ...DEFAULT_POLICY, claims: ['S0-02', 'S0-04', 'S1-06', 'S2-02'] });
  const { vpc } = new SecureNetwork(stack, 'Network');
  const database = new SecureDatabase(stack, 'Database', { vpc, dataClass: DataClass.CUSTOMER_USER_DATA });
  const bucket = new SecureBucket(stack, 'Data', { dataClass: DataClass.CUSTOMER_DATA });
  const plan = new SecureBackupPlan(stack, 'Backup');
  new AuditTrail(stack, 'Trail');
  weaken({ stack, database, bucket, plan });
  return verifyAssembly(assemblyOf([viewOfStack(stack)])).claims;
}

function verdicts(claims: ClaimResult[]): Record<string, string> {
  return Object.fromEntries(claims.map((c) => [c.id, c.verdict]));
}

describe('weakened templates are reported VIOLATED', () => {
  test('S0-02 S0-04 S1-06 S2-02 the compliant service is PROVEN', () => {
    expect(verdicts(service())).toEqual({ 'S0-02': 'PROVEN', 'S0-04': 'PROVEN', 'S1-06': 'PROVEN', 'S2-02': 'PROVEN' });
  });

  test('S0-02 7-day database backups under the 14-day claim, through an escape hatch', () => {
    // WHEN
    const claims = service(({ database }) => (database.instance.node.defaultChild as CfnResource).addPropertyOverride('BackupRetentionPeriod', 7));

    // THEN
    const claim = claims.find((c) => c.id === 'S0-02')!;
    expect(claim.verdict).toBe('VIOLATED');
    expect(claim.facts.filter((f) => !f.satisfied)).toEqual([expect.objectContaining({
      propertyPath: 'Properties.BackupRetentionPeriod', expected: '14', found: '7', constructPath: 'Service/Database/Resource/Resource',
    })]);
  });

  test('S0-02 a backup rule deleting after 7 days under the 14-day claim', () => {
    // WHEN
    const claims = service(({ plan }) => (plan.plan.node.defaultChild as CfnResource)
      .addPropertyOverride('BackupPlan.BackupPlanRule.0.Lifecycle.DeleteAfterDays', 7));

    // THEN
    const claim = claims.find((c) => c.id === 'S0-02')!;
    expect(claim.verdict).toBe('VIOLATED');
    expect(claim.facts.filter((f) => !f.satisfied)).toEqual([expect.objectContaining({ expected: '14', found: '7' })]);
  });

  test('S2-02 a bucket whose TLS-only policy was removed through an escape hatch', () => {
    // WHEN
    const claims = service(({ bucket }) => (bucket.bucket.policy!.node.defaultChild as CfnResource)
      .addPropertyOverride('PolicyDocument.Statement', [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: '*' }]));

    // THEN
    const claim = claims.find((c) => c.id === 'S2-02')!;
    expect(claim.verdict).toBe('VIOLATED');
    expect(claim.gaps.join('\n')).toMatch(/Service\/Data/);
    expect(claim.gaps.join('\n')).toMatch(/aws:SecureTransport/);
  });

  test('S1-06 S0-04 a log group kept 30 days under the 365-day claims, edited after synthesis', () => {
    // GIVEN: the policy refuses a shorter retention at synthesis, so the template is edited afterwards
    const app = new App();
    const stack = new Stack(app, 'Service', { env: { region: 'us-east-1' } });
    new DataProtectionPolicy(stack, 'Policy', { ...DEFAULT_POLICY, claims: ['S0-04', 'S1-06'] });
    new AuditTrail(stack, 'Trail');
    new logs.LogGroup(stack, 'AppLogs');
    const view = viewOfStack(stack);
    for (const r of view.resources.filter((x) => x.type === 'AWS::Logs::LogGroup')) {
      r.properties.RetentionInDays = 30;
    }

    // WHEN
    const claims = verifyAssembly(assemblyOf([view])).claims;

    // THEN
    const s004 = claims.find((c) => c.id === 'S0-04')!;
    const s106 = claims.find((c) => c.id === 'S1-06')!;
    expect(s004.verdict).toBe('VIOLATED');
    expect(s004.facts.filter((f) => !f.satisfied)).toContainEqual(expect.objectContaining({ propertyPath: 'Properties.RetentionInDays', found: '30' }));
    expect(s106.verdict).toBe('VIOLATED');
    expect(s106.facts.filter((f) => !f.satisfied)).toContainEqual(expect.objectContaining({ found: '30' }));
  });
});
