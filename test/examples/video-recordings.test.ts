import * as fs from 'fs';
import * as path from 'path';
import { readAssembly } from '../../lib/evidence/assembly';
import { EvidenceResult } from '../../lib/evidence/model';
import { verifyAssembly } from '../../lib/evidence/verify';
import { synthExample } from '../helpers/compliance';

describe('examples/video-recordings', () => {
  let outdir: string;
  let result: EvidenceResult;
  let template: any;

  beforeAll(() => {
    // GIVEN / WHEN the app runs in a fresh directory (it calls app.synth(), which throws on any unacknowledged finding)
    outdir = synthExample('examples/video-recordings/app');
    result = verifyAssembly(readAssembly(outdir));
    template = JSON.parse(fs.readFileSync(path.join(outdir, 'VideoRecordings.template.json'), 'utf-8'));
  });

  test('S0-01..S0-12 every claim of page 000 is proven, S0-12 (org) is not provable', () => {
    // THEN no claim has a gap, and each has the verdict its scope allows
    expect(result.claims.filter((c) => c.gaps.length > 0).map((c) => ({ id: c.id, gaps: c.gaps }))).toEqual([]);
    expect(result.claims.map((c) => [c.id, c.verdict])).toEqual([
      ['S0-01', 'PROVEN'], ['S0-02', 'PROVEN'], ['S0-03', 'PROVEN'], ['S0-04', 'PROVEN'], ['S0-05', 'PROVEN'], ['S0-06', 'PROVEN'],
      ['S0-07', 'PROVEN'], ['S0-08', 'PROVEN'], ['S0-09', 'PROVEN'], ['S0-10', 'PROVEN'], ['S0-11', 'PROVEN'], ['S0-12', 'NOT_PROVABLE'],
    ]);
  });

  test('S0-02 S0-05 the database and the daily backup rule keep 14 days, in us-east-1', () => {
    // THEN the values are the page's
    const ofType = (type: string) => Object.values(template.Resources).filter((r: any) => r.Type === type) as any[];
    expect(ofType('AWS::RDS::DBInstance').map((db) => db.Properties.BackupRetentionPeriod)).toEqual([14]);
    const rules = ofType('AWS::Backup::BackupPlan')[0].Properties.BackupPlan.BackupPlanRule;
    expect(rules.map((r: any) => [r.RuleName, r.Lifecycle.DeleteAfterDays])).toEqual([['Daily', 14]]);
    expect(result.stacks).toEqual([expect.objectContaining({ id: 'VideoRecordings', region: 'us-east-1' })]);
  });

  test('S0-07 recordings are uploaded through the edge: its web ACL blocks bodies over 8 KB except under /uploads/', () => {
    // THEN the core rule set's body-size rule counts, and the upload exception blocks its matches elsewhere
    const acl = (Object.values(template.Resources) as any[]).find((r) => r.Type === 'AWS::WAFv2::WebACL').Properties;
    const common = acl.Rules.find((r: any) => r.Name === 'AWSManagedRulesCommonRuleSet');
    expect(common.Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }]);
    const exception = acl.Rules.find((r: any) => r.Name === 'LargeBodyOutsideUploadPaths');
    expect(exception.Action).toEqual({ Block: {} });
    expect(JSON.stringify(exception.Statement)).toContain('"SearchString":"/uploads/"');
  });
});
