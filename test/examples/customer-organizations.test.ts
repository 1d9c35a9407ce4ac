import * as fs from 'fs';
import * as path from 'path';
import { readAssembly } from '../../lib/evidence/assembly';
import { EvidenceResult } from '../../lib/evidence/model';
import { verifyAssembly } from '../../lib/evidence/verify';
import { synthExample } from '../helpers/compliance';

describe('examples/customer-organizations', () => {
  let outdir: string;
  let result: EvidenceResult;

  beforeAll(() => {
    // GIVEN / WHEN the app runs in a fresh directory (it calls app.synth(), which throws on any unacknowledged finding)
    outdir = synthExample('examples/customer-organizations/app');
    result = verifyAssembly(readAssembly(outdir));
  });

  test('S2-01..S2-16 S4-02 every claim of page 002 is proven, and each Organization\'s deletion schedule', () => {
    // THEN no claim has a gap, and each has the verdict its scope allows
    expect(result.claims.filter((c) => c.gaps.length > 0).map((c) => ({ id: c.id, gaps: c.gaps }))).toEqual([]);
    expect(result.claims.map((c) => [c.id, c.verdict])).toEqual([
      ['S2-01', 'PROVEN'], ['S2-02', 'PROVEN'], ['S2-03', 'PROVEN'], ['S2-04', 'PROVEN'], ['S2-05', 'PROVEN'], ['S2-06', 'PROVEN'],
      ['S2-07', 'PROVEN'], ['S2-08', 'PROVEN'], ['S2-09', 'PROVEN'], ['S2-10', 'PROVEN'], ['S2-11', 'PROVEN'], ['S2-12', 'PROVEN'],
      ['S2-13', 'PROVEN'], ['S2-14', 'PROVEN'], ['S2-15', 'PROVEN'], ['S2-16', 'PROVEN'], ['S4-02', 'PROVEN'],
    ]);
  });

  test('S2-05 S4-02 each Organization has its role, its prefix and its deletion schedule in the tenant shard', () => {
    // THEN the proofs come from the shard stack of the TenantFleet
    const claim = (id: string) => result.claims.find((c) => c.id === id)!;
    expect(claim('S2-05').facts.filter((f) => f.note?.startsWith('role of tenant')).map((f) => [f.stack, f.note])).toEqual([
      ['Organizations/Shard00', 'role of tenant acme'], ['Organizations/Shard00', 'role of tenant globex'], ['Organizations/Shard00', 'role of tenant initech'],
    ]);
    expect(claim('S2-05').facts.some((f) => f.note === 'key of tenant globex')).toBe(true);
    // acme asked for no deletion schedule: its data is kept until deleted (no default deletes customer data)
    expect(claim('S4-02').facts.map((f) => [f.note, f.found])).toEqual([['rule tenant-globex', '90'], ['rule tenant-initech', '30']]);
  });

  test('S2-09 S2-13 changes only through the full-tunnel VPN (its NAT addresses, or its VPC), restores tested every day', () => {
    // THEN the values are the page's
    const template = JSON.parse(fs.readFileSync(path.join(outdir, 'CustomerOrganizations.template.json'), 'utf-8'));
    const ofType = (type: string) => Object.values(template.Resources).filter((r: any) => r.Type === type) as any[];
    const [vpn] = ofType('AWS::EC2::ClientVpnEndpoint');
    const [restriction] = ofType('AWS::IAM::ManagedPolicy').filter((p) => p.Properties.Description?.startsWith('Denies changes from outside'));
    expect(restriction.Properties.PolicyDocument.Statement[0].Condition.StringNotEqualsIfExists['aws:SourceVpc']).toEqual(vpn.Properties.VpcId);
    const eips = Object.entries(template.Resources).filter(([, r]: [string, any]) => r.Type === 'AWS::EC2::EIP').map(([id]) => id);
    expect(restriction.Properties.PolicyDocument.Statement[0].Condition.NotIpAddress['aws:SourceIp']).toEqual(
      eips.map((id) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [id, 'PublicIp'] }, '/32']] })));
    expect(vpn.Properties.SplitTunnel).toBe(false);
    expect(ofType('AWS::Backup::RestoreTestingPlan')[0].Properties.ScheduleExpression).toBe('cron(0 9 * * ? *)');
    expect(ofType('AWS::RDS::DBInstance')[0].Properties.MultiAZ).toBe(true);
  });
});
