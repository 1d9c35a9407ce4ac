import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  AdminVpnAuthentication, BackupSchedule, DetectionSetup, OffsiteBackupStack, ReferenceStack, SecureSftpServer, TlsPolicies,
} from '../../lib';
import { checkedApp, DEFAULT_POLICY, expectNoUnacknowledgedFindings, writtenTemplate } from '../helpers/compliance';

/** The template with asset hashes and the CDK version metadata normalised, so snapshots change only with the design. */
function normalised(template: Template): unknown {
  const json = JSON.stringify(template.toJSON(), undefined, 1)
    .replace(/[0-9a-f]{64}(\.zip|\.json)?/g, '<asset-hash>$1');
  const parsed = JSON.parse(json);
  delete parsed.Resources?.CDKMetadata;
  delete parsed.Conditions?.CDKMetadataAvailable;
  return parsed;
}

/** The default reference stack, synthesized once and shared by the tests that only read its template. */
let shared: Template | undefined;
function defaultTemplate(): Template {
  shared ??= Template.fromStack(new ReferenceStack(new App(), 'Reference', { policy: DEFAULT_POLICY }));
  return shared;
}

describe('ReferenceStack', () => {
  test('S0-05 is pinned to the policy\'s region and names no account (synth needs no credentials)', () => {
    const stack = new ReferenceStack(new App(), 'Reference', { policy: DEFAULT_POLICY });
    expect(stack.region).toBe('us-east-1');
    expect(stack.resolve(stack.account)).toEqual({ Ref: 'AWS::AccountId' });
  });

  // The reference app as deployed (bin/reference-app.ts): the stack with its two off-site stacks. Its options
  // (VPN, SFTP, hosted zone) pass every pack too: test/stacks/reference-stack-options.test.ts.
  test('S1-08 S2-15 with off-site stacks: the reference app\'s three stacks pass every pack and the Control Tower rules with zero unacknowledged findings', () => {
    // GIVEN
    const app = checkedApp();
    const policy = { ...DEFAULT_POLICY, backupCopyRegions: ['us-east-2', 'us-west-2'] };
    const offsite = policy.backupCopyRegions.map((region) => new OffsiteBackupStack(app, `Offsite-${region}`, { policy, region }));

    // WHEN
    const reference = new ReferenceStack(app, 'Reference', { policy, backupCopyTargets: offsite.map((s) => s.vault.asCopyTarget()) });
    offsite.forEach((s) => reference.addStackDependency(s));

    // THEN
    expectNoUnacknowledgedFindings(app);
    const plan = Object.values(writtenTemplate(app, 'Reference').Resources).find((r: any) => r.Type === 'AWS::Backup::BackupPlan') as any;
    expect(plan.Properties.BackupPlan.BackupPlanRule[0].CopyActions).toHaveLength(2);
  });

  test('S0-02 S2-06 S2-10 holds a Multi-AZ SecureDatabase in isolated subnets of two zones, keeping backups 14 days', () => {
    // GIVEN / WHEN
    const template = defaultTemplate();

    // THEN
    template.hasResourceProperties('AWS::RDS::DBInstance', { MultiAZ: true, BackupRetentionPeriod: 14, PubliclyAccessible: false, StorageEncrypted: true });
    const group = Object.values(template.findResources('AWS::RDS::DBSubnetGroup'))[0] as any;
    const subnetIds: string[] = group.Properties.SubnetIds.map((r: any) => r.Ref);
    expect(subnetIds).toEqual([expect.stringMatching(/^NetworkDataSubnet1/), expect.stringMatching(/^NetworkDataSubnet2/)]);
    const resources = template.toJSON().Resources;
    expect(subnetIds.map((id) => resources[id].Properties.AvailabilityZone)).toEqual(['us-east-1a', 'us-east-1b']);
    // Isolated: the data subnets' route tables have no route at all (no internet gateway, no NAT).
    const routes = Object.values(template.findResources('AWS::EC2::Route')).map((r: any) => r.Properties.RouteTableId.Ref);
    expect(routes.filter((table: string) => table.startsWith('NetworkDataSubnet'))).toEqual([]);
  });

  test('S0-04 the VPC writes flow logs to an encrypted log group kept a year, through a role with no inline policy', () => {
    // GIVEN / WHEN
    const template = defaultTemplate();

    // THEN
    template.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/cdk-data-protection/Reference/Network/flow-logs', RetentionInDays: 365, KmsKeyId: Match.anyValue(),
    });
    const flowLogRole = (Object.values(template.findResources('AWS::EC2::FlowLog'))[0] as any).Properties.DeliverLogsPermissionArn['Fn::GetAtt'][0];
    const inlineRoles = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.Roles.map((r: any) => r.Ref));
    expect(inlineRoles).not.toContain(flowLogRole);
  });

  test('S0-01 S1-10 S2-12 backs up every data store of the stack, tests restores daily and alerts on failures', () => {
    // GIVEN / WHEN
    const template = defaultTemplate();

    // THEN
    const selected = Object.values(template.findResources('AWS::Backup::BackupSelection'))
      .flatMap((s: any) => s.Properties.BackupSelection.Resources ?? []).map((r: any) => r['Fn::GetAtt'][0]);
    const stores = Object.entries(template.toJSON().Resources)
      .filter(([, r]: any) => r.Type === 'AWS::S3::Bucket' || r.Type === 'AWS::RDS::DBInstance').map(([id]) => id);
    expect(selected.sort()).toEqual(stores.sort());
    template.hasResourceProperties('AWS::Backup::RestoreTestingPlan', { ScheduleExpression: 'cron(0 9 * * ? *)' });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ source: ['aws.backup'] }),
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^BackupAlerts') } })],
    });
  });

  test('S1-01 holds one SecureBucket per data class, plus the access-log, audit-log and AWS Config buckets (internal)', () => {
    const template = defaultTemplate();
    const tags = Object.values(template.findResources('AWS::S3::Bucket'))
      .map((b: any) => b.Properties.Tags.find((t: any) => t.Key === 'data-class').Value).sort();
    expect(tags).toEqual(['customer-data', 'customer-user-data', 'internal', 'internal', 'internal', 'internal']);
  });

  test('S0-02 records the 14-day backup promise; S1-09 a 30-day one', () => {
    const claim = (days: number) => {
      const id = days === 14 ? 'S0-02' : 'S1-09';
      const stack = new ReferenceStack(new App(), 'Reference', { policy: { ...DEFAULT_POLICY, backup: BackupSchedule.daily(Duration.days(days)), claims: [id] } });
      const meta = Template.fromStack(stack).toJSON().Metadata['cdk-data-protection'];
      return meta.claims.find((c: any) => c.id === id).expected[0];
    };
    expect(claim(14)).toEqual({ property: 'backupRetentionDays', value: '14' });
    expect(claim(30)).toEqual({ property: 'backupRetentionDays', value: '30' });
  });

  test('S0-03 S2-01 a multi-region CloudTrail logs management events and the data events of the customer-data buckets', () => {
    // GIVEN / WHEN
    const template = defaultTemplate();

    // THEN
    const trail = (Object.values(template.findResources('AWS::CloudTrail::Trail'))[0] as any).Properties;
    expect(trail).toMatchObject({ IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, EnableLogFileValidation: true });
    const logged = trail.EventSelectors[0].DataResources[0].Values.map((v: any) => v['Fn::Join'][1][0]['Fn::GetAtt'][0]);
    for (const store of ['CustomerData', 'CustomerUserData', 'InternalData']) {
      expect(logged).toContainEqual(expect.stringMatching(new RegExp(`^${store}`)));
    }
  });

  test('S0-04 S1-06 every log group of the stack is kept a year and encrypted, the Lambda handler\'s included', () => {
    // GIVEN / WHEN
    const template = defaultTemplate();

    // THEN
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup')) as any[];
    expect(groups.length).toBeGreaterThanOrEqual(7);
    for (const group of groups) {
      expect(group.Properties).toMatchObject({ RetentionInDays: 365, KmsKeyId: expect.anything() });
    }
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function')) as any[]) {
      expect(fn.Properties.LoggingConfig.LogGroup).toEqual({ Ref: expect.any(String) });
    }
  });

  test('S1-07 S2-14 S0-11 GuardDuty, Security Hub and 15 CIS alarms; findings and alarms reach the encrypted incident topic', () => {
    // GIVEN / WHEN
    const template = defaultTemplate();

    // THEN
    template.resourceCountIs('AWS::GuardDuty::Detector', 1);
    template.resourceCountIs('AWS::SecurityHub::Hub', 1);
    const incidentTopic = { Ref: Match.stringLikeRegexp('^IncidentResponseTopic') };
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue(), DisplayName: Match.stringLikeRegexp('^Security incidents') });
    for (const source of ['aws.guardduty', 'aws.securityhub']) {
      template.hasResourceProperties('AWS::Events::Rule', { EventPattern: Match.objectLike({ source: [source] }), Targets: [Match.objectLike({ Arn: incidentTopic })] });
    }
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as any[];
    expect(alarms).toHaveLength(15);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^IncidentResponseTopic/) }]);
    }
  });

  test('S0-11 S4-11 synthesis writes the breach notice with its four parts next to the template', () => {
    // GIVEN
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-ref-')) });
    new ReferenceStack(app, 'Reference', { policy: DEFAULT_POLICY });

    // WHEN
    app.synth();

    // THEN
    const notice = fs.readFileSync(path.join(app.outdir, 'Reference.breach-notice.md'), 'utf-8');
    for (const part of ['## 1. Extent of the data affected', '## 2. What happened', '## 3. Scope: customers and users affected', '## 4. Response and mitigation']) {
      expect(notice).toContain(part);
    }
    expect(notice).toContain('Date of discovery');
    expect(notice).toContain('security@example.com');
  });

  test('S1-04 S4-04 application logs mask personal data', () => {
    // GIVEN / WHEN
    const template = defaultTemplate();

    // THEN
    const masked = Object.values(template.findResources('AWS::Logs::LogGroup')).filter((g: any) => g.Properties.DataProtectionPolicy);
    expect(masked).toHaveLength(1);
    expect(JSON.stringify(masked[0])).toContain('data-identifier/EmailAddress');
  });

  test('accounts that already run GuardDuty, Security Hub and Config deploy it with ALREADY_ENABLED', () => {
    // GIVEN / WHEN
    const stack = new ReferenceStack(new App(), 'Reference', {
      policy: DEFAULT_POLICY,
      threatDetection: {
        guardDuty: DetectionSetup.ALREADY_ENABLED,
        securityHub: DetectionSetup.ALREADY_ENABLED,
        config: DetectionSetup.ALREADY_ENABLED,
      },
    });

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::GuardDuty::Detector', 0);
    template.resourceCountIs('AWS::SecurityHub::Hub', 0);
    template.resourceCountIs('AWS::Config::ConfigurationRecorder', 0);
    template.hasResourceProperties('AWS::Events::Rule', { EventPattern: Match.objectLike({ source: ['aws.guardduty'] }) });
  });

  test('S0-07 S2-04 S2-08 S4-05 the HTTPS edge: the newest TLS policy on 443, 80 only redirects, the web ACL in front', () => {
    // GIVEN / WHEN
    const template = Template.fromStack(new ReferenceStack(new App(), 'Reference', { policy: DEFAULT_POLICY, domainName: 'app.acme.test' }));

    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, Protocol: 'HTTPS', SslPolicy: TlsPolicies.LOAD_BALANCER_TLS_1_2 });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      DefaultActions: [Match.objectLike({ Type: 'redirect', RedirectConfig: Match.objectLike({ Protocol: 'HTTPS', Port: '443' }) })],
    });
    template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'app.acme.test', ValidationMethod: 'DNS' });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { ResourceArn: { Ref: Match.stringLikeRegexp('^Edge') } });
  });

  test('S2-07 the network has public, private and data subnets; the database stays in the data subnets', () => {
    // GIVEN / WHEN
    const template = defaultTemplate();

    // THEN
    template.resourceCountIs('AWS::EC2::NatGateway', 2);
    template.hasResourceProperties('Custom::VpcRestrictDefaultSG', {});
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway' });
  });

  test('S0-08 S2-09 S1-02 the admin VPN and the SFTP server when asked; neither by default', () => {
    // GIVEN
    const plain = defaultTemplate();

    // WHEN
    const full = Template.fromStack(new ReferenceStack(new App(), 'Reference', {
      policy: DEFAULT_POLICY,
      adminVpn: {
        serverCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/server',
        authentication: AdminVpnAuthentication.mutualTls('arn:aws:acm:us-east-1:111111111111:certificate/client'),
      },
      sftpServer: true,
    }));

    // THEN
    plain.resourceCountIs('AWS::EC2::ClientVpnEndpoint', 0);
    plain.resourceCountIs('AWS::Transfer::Server', 0);
    full.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', { ClientCidrBlock: '10.100.0.0/22', ConnectionLogOptions: Match.objectLike({ Enabled: true }) });
    full.hasResourceProperties('AWS::Transfer::Server', { Protocols: ['SFTP'], SecurityPolicyName: SecureSftpServer.SECURITY_POLICY });
  });

  test('S0-10 S2-09 S4-01 MFA-gated roles for people, pinned to the policy\'s regions; S0-09 the CIS password policy; S4-03 a user pool', () => {
    // GIVEN / WHEN
    const template = Template.fromStack(new ReferenceStack(new App(), 'Reference', { policy: DEFAULT_POLICY, allowedEmailDomains: ['acme.test'] }));

    // THEN
    const humanRoles = Object.values(template.findResources('AWS::IAM::Role', { Properties: { Path: '/mfa-gated/' } })) as any[];
    expect(humanRoles).toHaveLength(3);
    for (const role of humanRoles) {
      expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain('"aws:MultiFactorAuthPresent":"true"');
    }
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1'] } } })]) },
    });
    expect(JSON.stringify(template.findResources('Custom::AWS'))).toContain('updateAccountPasswordPolicy');
    template.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'ON', DeletionProtection: 'ACTIVE' });
  });

  test('matches the snapshot', () => {
    expect(normalised(defaultTemplate())).toMatchSnapshot();
  });
});
