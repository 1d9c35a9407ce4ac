import * as fs from 'fs';
import * as path from 'path';
import { synthExample } from '../helpers/compliance';

describe('examples/durability', () => {
  test('S4-06 S1-08 S2-13 synthesizes with every compliance pack, four backup rules, an off-site copy and daily restore tests', () => {
    // GIVEN / WHEN the app runs in a fresh directory (it calls app.synth(), which throws on any finding)
    const outdir = synthExample('examples/durability/app');

    // THEN the service template keeps the 004 promises value by value
    const template = JSON.parse(fs.readFileSync(path.join(outdir, 'Service.template.json'), 'utf-8'));
    const ofType = (type: string) => Object.values(template.Resources).filter((r: any) => r.Type === type) as any[];
    const rules = ofType('AWS::Backup::BackupPlan')[0].Properties.BackupPlan.BackupPlanRule;
    expect(rules.map((r: any) => r.Lifecycle.DeleteAfterDays)).toEqual([2, 7, 28, 365]);
    expect(rules.every((r: any) => r.CopyActions.length === 1 && JSON.stringify(r.CopyActions[0]).includes(':backup:us-west-2:'))).toBe(true);
    expect(ofType('AWS::RDS::DBInstance')[0].Properties).toMatchObject({ BackupRetentionPeriod: 7, MultiAZ: true });
    expect(ofType('AWS::Backup::RestoreTestingPlan')[0].Properties.ScheduleExpression).toBe('cron(0 9 * * ? *)');
    // and the off-site vault is in its own region's template
    const copies = JSON.parse(fs.readFileSync(path.join(outdir, 'Copies.template.json'), 'utf-8'));
    expect(Object.values(copies.Resources).some((r: any) => r.Type === 'AWS::Backup::BackupVault' && r.Properties.BackupVaultName === 'Copies-copies')).toBe(true);
  });
});
