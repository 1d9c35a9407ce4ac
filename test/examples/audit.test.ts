import * as fs from 'fs';
import * as path from 'path';
import { synthExample } from '../helpers/compliance';

describe('examples/audit', () => {
  test('S0-03 S1-06 S1-07 S0-11 S1-04 synthesizes with every compliance pack: a trail kept a year, CIS alarms, detection, masked logs', () => {
    // GIVEN / WHEN the app runs in a fresh directory (it calls app.synth(), which throws on any finding)
    const outdir = synthExample('examples/audit/app');

    // THEN the template keeps the promises value by value
    const template = JSON.parse(fs.readFileSync(path.join(outdir, 'Audited.template.json'), 'utf-8'));
    const ofType = (type: string) => Object.values(template.Resources).filter((r: any) => r.Type === type) as any[];
    expect(ofType('AWS::CloudTrail::Trail')[0].Properties).toMatchObject({ IsMultiRegionTrail: true, EnableLogFileValidation: true });
    expect(ofType('AWS::Logs::LogGroup').every((g) => g.Properties.RetentionInDays === 365 && g.Properties.KmsKeyId)).toBe(true);
    expect(ofType('AWS::CloudWatch::Alarm')).toHaveLength(15);
    expect(ofType('AWS::GuardDuty::Detector')).toHaveLength(1);
    expect(ofType('AWS::Config::ConfigurationRecorder')).toHaveLength(0);
    expect(ofType('AWS::SNS::Subscription')[0].Properties).toMatchObject({ Protocol: 'email', Endpoint: 'oncall@example.com' });
    expect(ofType('AWS::Logs::LogGroup').filter((g) => g.Properties.DataProtectionPolicy)).toHaveLength(1);
    // and the breach notice is next to the template
    expect(fs.readFileSync(path.join(outdir, 'Audited.breach-notice.md'), 'utf-8')).toContain('## 4. Response and mitigation');
  });
});
