import * as fs from 'fs';
import * as path from 'path';
import { synthExample } from '../helpers/compliance';

describe('examples/identity', () => {
  test('S0-09 S0-10 S4-01 S4-03 synthesizes with every compliance pack: MFA-gated roles, password policy, user pool, integration secret', () => {
    // GIVEN / WHEN the app runs in a fresh directory (it calls app.synth(), which throws on any finding)
    const outdir = synthExample('examples/identity/app');

    // THEN
    const template = JSON.parse(fs.readFileSync(path.join(outdir, 'Identity.template.json'), 'utf-8'));
    const ofType = (type: string) => Object.values(template.Resources).filter((r: any) => r.Type === type) as any[];
    const humanRoles = ofType('AWS::IAM::Role').filter((r) => r.Properties.Path === '/mfa-gated/');
    expect(humanRoles).toHaveLength(4);
    expect(ofType('AWS::Cognito::UserPool')[0].Properties.MfaConfiguration).toBe('ON');
    expect(ofType('AWS::SecretsManager::Secret')[0].Properties.Name).toBe('cdk-data-protection/integrations/zoom');
    expect(JSON.stringify(ofType('AWS::IAM::ManagedPolicy'))).toContain('"aws:RequestedRegion":["eu-west-1"]');
  });
});
