import * as fs from 'fs';
import * as path from 'path';
import { synthExample } from '../helpers/compliance';

describe('examples/perimeter', () => {
  test('S0-07 S2-04 S2-08 S2-09 S1-02 synthesizes with every compliance pack: HTTPS edge behind WAF, admin VPN, SFTP', () => {
    // GIVEN / WHEN the app runs in a fresh directory (it calls app.synth(), which throws on any finding)
    const outdir = synthExample('examples/perimeter/app');

    // THEN the template keeps the promises value by value
    const template = JSON.parse(fs.readFileSync(path.join(outdir, 'Perimeter.template.json'), 'utf-8'));
    const ofType = (type: string) => Object.values(template.Resources).filter((r: any) => r.Type === type) as any[];
    expect(ofType('AWS::EC2::NatGateway')).toHaveLength(1);
    const https = ofType('AWS::ElasticLoadBalancingV2::Listener').find((l) => l.Properties.Port === 443);
    expect(https.Properties.SslPolicy).toMatch(/^ELBSecurityPolicy-TLS13-/);
    const rate = ofType('AWS::WAFv2::WebACL')[0].Properties.Rules.find((r: any) => r.Statement.RateBasedStatement);
    expect(rate.Statement.RateBasedStatement).toMatchObject({ Limit: 2000, EvaluationWindowSec: 300, AggregateKeyType: 'IP' });
    expect(ofType('AWS::EC2::ClientVpnEndpoint')[0].Properties).toMatchObject({ SplitTunnel: true, ConnectionLogOptions: { Enabled: true } });
    expect(ofType('AWS::Transfer::Server')[0].Properties).toMatchObject({ Protocols: ['SFTP'], EndpointType: 'VPC' });
    expect(ofType('AWS::Transfer::User')[0].Properties.UserName).toBe('acme');
    // nothing is open to the internet but HTTPS and its redirect
    const ingress = [
      ...ofType('AWS::EC2::SecurityGroup').flatMap((g) => g.Properties.SecurityGroupIngress ?? []),
      ...ofType('AWS::EC2::SecurityGroupIngress').map((r) => r.Properties),
    ];
    const openPorts = ingress.filter((r: any) => r.CidrIp === '0.0.0.0/0' || r.CidrIpv6 === '::/0').map((r: any) => r.FromPort);
    expect([...new Set(openPorts)].sort((a, b) => a - b)).toEqual([80, 443]);
  });
});
