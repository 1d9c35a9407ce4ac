import * as fs from 'fs';
import * as path from 'path';
import { readAssembly } from '../../lib/evidence/assembly';
import { EvidenceResult } from '../../lib/evidence/model';
import { verifyAssembly } from '../../lib/evidence/verify';
import { synthExample } from '../helpers/compliance';

describe('examples/api-analytics', () => {
  let outdir: string;
  let result: EvidenceResult;

  beforeAll(() => {
    // GIVEN / WHEN the app runs in a fresh directory (it calls app.synth(), which throws on any unacknowledged finding)
    outdir = synthExample('examples/api-analytics/app');
    result = verifyAssembly(readAssembly(outdir));
  });

  test('S3-01..S3-06 every claim of page 003 is proven, with the claims of the CNIL sheets; S3-04 (org) is not provable', () => {
    // THEN no claim has a gap, and each has the verdict its scope allows
    expect(result.claims.filter((c) => c.gaps.length > 0).map((c) => ({ id: c.id, gaps: c.gaps }))).toEqual([]);
    expect(result.claims.map((c) => [c.id, c.verdict])).toEqual([
      ['S0-01', 'PROVEN'], ['S0-03', 'PROVEN'], ['S0-09', 'PROVEN'], ['S0-10', 'PROVEN'], ['S0-11', 'PROVEN'], ['S2-03', 'PROVEN'],
      ['S2-15', 'PROVEN'], ['S3-01', 'PROVEN'], ['S3-02', 'PROVEN'], ['S3-03', 'PROVEN'], ['S3-04', 'NOT_PROVABLE'], ['S3-05', 'PROVEN'],
      ['S3-06', 'PROVEN'],
    ]);
  });

  test('S3-05 S3-01 personal data expires 1095 days after the relationship ends, and the register lists it in eu-west-3', () => {
    // THEN the values are the page's
    const template = JSON.parse(fs.readFileSync(path.join(outdir, 'ApiAnalytics.template.json'), 'utf-8'));
    const [usage] = Object.values(template.Resources).filter((r: any) => r.Type === 'AWS::S3::Bucket'
      && r.Properties.Tags?.some((t: any) => t.Key === 'data-class' && t.Value === 'customer-user-data')) as any[];
    // The clock starts at the end: ended data is moved under ended/, which expires 1095 days after the move.
    const ended = usage.Properties.LifecycleConfiguration.Rules.find((r: any) => r.Prefix === 'ended/');
    expect(ended).toMatchObject({ Status: 'Enabled', ExpirationInDays: 1095 });
    expect(usage.Properties.LifecycleConfiguration.Rules.filter((r: any) => r.TagFilters !== undefined)).toEqual([]);
    expect(result.register.filter((e) => e.type === 'AWS::S3::Bucket' && e.personalData)).toEqual([
      expect.objectContaining({ stack: 'ApiAnalytics', region: 'eu-west-3', dataClass: 'customer-user-data', label: 'Customer User Data' }),
    ]);
  });
});
