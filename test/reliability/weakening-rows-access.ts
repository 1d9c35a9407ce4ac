import { SecretValue, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { IConstruct } from 'constructs';
import { DETECTION, IDENTITY, l1, PERIMETER, PII, userAspect, WeakeningTable } from './weakening-kit';
import { inspectorScansNothing } from './weakening-rows-data';
import { Compliance, WebFirewall } from '../../lib';

/*
 * The weakenings of the identity, perimeter and detection claims, keyed by claim id.
 */

/** The index of the web ACL's rate-based rule. */
function rateRuleIndex(stack: Stack, acl: wafv2.CfnWebACL): number {
  const rules: any[] = stack.resolve(acl.rules);
  return rules.findIndex((r) => r.name === WebFirewall.RATE_LIMIT_RULE_NAME);
}

/** Replaces a role trust's `Bool aws:MultiFactorAuthPresent true` with `BoolIfExists`, which requests signed with long-term keys pass. */
function bypassMfaWithIfExists(role: IConstruct): void {
  l1(role).addPropertyDeletionOverride('AssumeRolePolicyDocument.Statement.0.Condition.Bool');
  l1(role).addPropertyOverride('AssumeRolePolicyDocument.Statement.0.Condition.BoolIfExists', { 'aws:MultiFactorAuthPresent': 'true' });
}

export const ACCESS_ROWS: WeakeningTable = {
  // ----------------------------------------------------------------------------- identity
  'S0-05': {
    what: 'the region-pinning deny widened to a second region through an escape hatch is VIOLATED',
    baseline: IDENTITY,
    weaken: ({ access }) => l1(access.regionPinningPolicy).addPropertyOverride(
      'PolicyDocument.Statement.0.Condition.StringNotEquals.aws:RequestedRegion', ['us-east-1', 'eu-west-1']),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      constructPath: 'Identity/Access/RegionPinning/Resource',
      expected: 'a Deny outside exactly us-east-1 (aws:RequestedRegion), attached',
      found: expect.stringMatching(/^Deny outside us-east-1, eu-west-1/),
      note: 'allows other regions than us-east-1',
    })]),
  },
  'S4-01': {
    what: 'the region-pinning deny narrowed by a user\'s aspect to requests outside the US is VIOLATED',
    baseline: IDENTITY,
    weaken: ({ stack }) => userAspect(stack, 'AWS::IAM::ManagedPolicy', (policy) => {
      if (policy.node.path.endsWith('RegionPinning/Resource')) {
        policy.addPropertyOverride('PolicyDocument.Statement.0.Condition', { StringNotLike: { 'aws:RequestedRegion': 'us-*' } });
      }
    }),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      constructPath: 'Identity/Access/RegionPinning/Resource',
      found: expect.stringMatching(/^Deny outside us-east-1, us-\* except 30 global actions; /),
      note: 'allows other regions than us-east-1',
    })]),
  },
  'S0-09': [{
    what: 'the MFA condition of the administrator\'s trust deleted through an escape hatch is refused at synthesis',
    baseline: IDENTITY,
    weaken: ({ access }) => l1(access.administrator).addPropertyDeletionOverride('AssumeRolePolicyDocument.Statement.0.Condition'),
    throws: /Role may be assumed by principals of an AWS account without MFA/,
  }, {
    what: 'the MFA guard narrowed by an added condition so that it spares every role, through an escape hatch, is VIOLATED',
    baseline: IDENTITY,
    weaken: ({ stack, access }) => {
      const statements: any[] = stack.resolve((l1(access.requireMfaPolicy) as iam.CfnManagedPolicy).policyDocument).Statement;
      const i = statements.findIndex((st) => st.Effect === 'Deny' && st.Condition?.BoolIfExists?.['aws:MultiFactorAuthPresent'] === 'false');
      l1(access.requireMfaPolicy).addPropertyOverride(`PolicyDocument.Statement.${i}.Condition.ArnNotLike`, { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' });
    },
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      constructPath: 'Identity/Access/RequireMfa/Resource',
      found: expect.stringMatching(/^Deny all but \d+ IAM\/STS self-service actions without MFA only when ArnNotLike aws:PrincipalArn; /),
      note: 'the Deny applies only when ArnNotLike aws:PrincipalArn also holds: other sessions without MFA are not denied',
    })]),
  }],
  'S4-08': [{
    what: 'an MFA condition downgraded to BoolIfExists (long-term keys pass) through an escape hatch is refused at synthesis',
    baseline: IDENTITY,
    weaken: ({ access }) => bypassMfaWithIfExists(access.developer),
    throws: /Role may be assumed by principals of an AWS account without MFA[\s\S]*Identity\/Access\/Developer\/Resource/,
  }, {
    what: 'an MFA condition downgraded to BoolIfExists, its synthesis finding acknowledged, is VIOLATED',
    baseline: IDENTITY,
    weaken: ({ access }) => {
      bypassMfaWithIfExists(access.developer);
      Compliance.acknowledge(access.developer, { ruleId: 'DataProtection-RoleWithoutMfa', reason: 'the developers sign in with access keys' });
    },
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      constructPath: 'Identity/Access/Developer/Resource',
      propertyPath: 'Properties.AssumeRolePolicyDocument',
      found: expect.stringMatching(/^no MFA condition for /),
    })]),
  }],
  'S1-05': {
    what: 'user-pool MFA made optional through an escape hatch is VIOLATED',
    baseline: IDENTITY,
    weaken: ({ users }) => l1(users.userPool).addPropertyOverride('MfaConfiguration', 'OPTIONAL'),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      constructPath: 'Identity/Users/Resource/Resource', propertyPath: 'Properties.MfaConfiguration', expected: 'ON', found: 'OPTIONAL',
    })]),
  },
  'S0-10': [{
    what: 'the integration secret\'s customer-managed key removed through an escape hatch is VIOLATED',
    baseline: IDENTITY,
    weaken: ({ secret }) => l1(secret.secret).addPropertyDeletionOverride('KmsKeyId'),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      constructPath: 'Identity/Zoom/Resource/Resource', propertyPath: 'Properties.KmsKeyId', expected: 'a customer-managed KMS key', found: '(absent)',
    })]),
  }, {
    what: 'the secret\'s read deny narrowed by a user\'s aspect to requests without TLS is VIOLATED',
    baseline: IDENTITY,
    weaken: ({ stack }) => userAspect(stack, 'AWS::SecretsManager::ResourcePolicy', (policy) =>
      policy.addPropertyOverride('ResourcePolicy.Statement.0.Condition.Bool', { 'aws:SecureTransport': 'false' })),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      propertyPath: 'Properties.ResourcePolicy.Statement.0',
      found: expect.stringMatching(/ only when Bool aws:SecureTransport$/),
      note: 'the Deny applies only when Bool aws:SecureTransport also holds: other requests read the secret with any IAM grant',
    })]),
  }],
  'S2-16': {
    what: 'a shared IAM user with a console password, its synthesis finding acknowledged, is VIOLATED',
    baseline: IDENTITY,
    weaken: ({ stack }) => {
      const user = new iam.User(stack, 'Shared', { password: SecretValue.unsafePlainText('Change-me-1234!') });
      Compliance.acknowledge(user, { ruleId: 'DataProtection-IamUserCredentials', reason: 'the support desk shares this login' });
    },
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      constructPath: 'Identity/Shared/Resource', propertyPath: 'Properties.LoginProfile', expected: '(absent): no console password',
    })]),
  },
  'S4-03': {
    what: 'the pre-sign-up domain check removed from the user pool through an escape hatch is VIOLATED',
    baseline: IDENTITY,
    weaken: ({ users }) => l1(users.userPool).addPropertyDeletionOverride('LambdaConfig.PreSignUp'),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      constructPath: 'Identity/Users/Resource/Resource',
      propertyPath: 'Properties.LambdaConfig.PreSignUp',
      found: '(absent)',
      note: 'without a pre-sign-up trigger any e-mail domain can sign up',
    })]),
  },
  'S1-03': {
    what: 'a wider grant (s3:* on every resource) added to the PII role is VIOLATED',
    baseline: PII,
    weaken: ({ role }) => role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] })),
    then: (_, failing) => expect(failing.map((f) => [f.constructPath, f.found])).toEqual([
      ['Pii/PiiAccess/DefaultPolicy/Resource', 'no data-class condition'],
      ['Pii/PiiAccess/DefaultPolicy/Resource', expect.stringMatching(/^Allow s3:\* on \* \(s3\)/)],
    ]),
  },

  // ----------------------------------------------------------------------------- perimeter
  'S0-07': {
    what: 'the HTTP listener answering instead of redirecting to HTTPS, through an escape hatch, is VIOLATED',
    baseline: PERIMETER,
    weaken: ({ edge }) => l1(edge.httpListener).addPropertyOverride('DefaultActions',
      [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200', ContentType: 'text/plain', MessageBody: 'ok' } }]),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      constructPath: 'Perimeter/Edge/Resource/Http/Resource', expected: 'an HTTP listener only redirects to HTTPS', found: 'fixed-response',
    })]),
  },
  'S0-08': {
    what: 'the HTTPS listener set back to ELBSecurityPolicy-2016-08 through an escape hatch is VIOLATED',
    baseline: PERIMETER,
    weaken: ({ edge }) => l1(edge.httpsListener).addPropertyOverride('SslPolicy', 'ELBSecurityPolicy-2016-08'),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      constructPath: 'Perimeter/Edge/Resource/Https/Resource', propertyPath: 'Properties.SslPolicy', found: 'ELBSecurityPolicy-2016-08',
    })]),
  },
  'S2-04': {
    what: 'the CDN pinned to the older TLSv1.2_2019 policy through an escape hatch is VIOLATED',
    baseline: PERIMETER,
    weaken: ({ cdn }) => l1(cdn.distribution).addPropertyOverride('DistributionConfig.ViewerCertificate.MinimumProtocolVersion', 'TLSv1.2_2019'),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      constructPath: 'Perimeter/Cdn/Resource/Resource',
      propertyPath: 'Properties.DistributionConfig.ViewerCertificate.MinimumProtocolVersion',
      found: 'TLSv1.2_2019',
    })]),
  },
  'S1-02': {
    what: 'the SFTP server set to the 2018 security policy for an old client, through an escape hatch, is VIOLATED',
    baseline: PERIMETER,
    weaken: ({ sftp }) => sftp.server.addPropertyOverride('SecurityPolicyName', 'TransferSecurityPolicy-2018-11'),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      constructPath: 'Perimeter/Sftp/Resource', propertyPath: 'Properties.SecurityPolicyName', found: 'TransferSecurityPolicy-2018-11',
    })]),
  },
  'S2-07': {
    what: 'SSH opened to the internet on the edge, its synthesis finding acknowledged, is VIOLATED',
    baseline: PERIMETER,
    weaken: ({ edge }) => {
      edge.securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22), 'ops access');
      Compliance.acknowledge(edge.securityGroup, { ruleId: 'DataProtection-OpenIngress', reason: 'ops need SSH during the migration' });
    },
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({ constructPath: 'Perimeter/Edge/SecurityGroup/Resource', found: 'tcp 22 from 0.0.0.0/0' })]),
  },
  'S2-08': {
    what: 'the rate-based rule switched to Count through an escape hatch is VIOLATED',
    baseline: PERIMETER,
    weaken: ({ stack, firewall }) => {
      const i = rateRuleIndex(stack, firewall.webAcl);
      firewall.webAcl.addPropertyDeletionOverride(`Rules.${i}.Action.Block`);
      firewall.webAcl.addPropertyOverride(`Rules.${i}.Action.Count`, {});
    },
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      constructPath: 'Perimeter/Firewall/Resource', expected: 'a rate-based rule that blocks', found: '(none)',
    })]),
  },
  'S2-09': [{
    what: 'the admin VPN\'s connection logging turned off through an escape hatch is VIOLATED',
    baseline: PERIMETER,
    weaken: ({ vpn }) => l1(vpn.endpoint).addPropertyOverride('ConnectionLogOptions', { Enabled: false }),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      constructPath: 'Perimeter/AdminVpn/Resource/Resource', propertyPath: 'Properties.ConnectionLogOptions.Enabled', expected: 'true', found: 'false',
    })]),
  }, {
    what: 'the source restriction narrowed by an added condition so that it spares every role, through an escape hatch, is VIOLATED',
    baseline: PERIMETER,
    weaken: ({ access }) => l1(access.sourceRestrictionPolicy).addPropertyOverride('PolicyDocument.Statement.0.Condition.ArnNotLike',
      { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' }),
    then: (_, failing) => expect(failing.map((f) => [f.constructPath, f.found])).toEqual(['Administrator', 'Developer'].map((role) =>
      [`Perimeter/Access/${role}/Resource`,
        expect.stringMatching(/^NotIpAddress aws:SourceIp .*; StringNotEqualsIfExists aws:SourceVpc .*; only when ArnNotLike aws:PrincipalArn$/)])),
  }],
  'S4-05': {
    what: 'the web ACL removed from the CDN through an escape hatch is VIOLATED',
    baseline: PERIMETER,
    weaken: ({ cdn }) => l1(cdn.distribution).addPropertyDeletionOverride('DistributionConfig.WebACLId'),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      constructPath: 'Perimeter/Cdn/Resource/Resource',
      propertyPath: 'Properties.DistributionConfig.WebACLId',
      found: '(absent)',
      note: 'no web ACL in front of the distribution',
    })]),
  },

  // ----------------------------------------------------------------------------- detection
  'S0-11': {
    what: 'the GuardDuty findings rule disabled through an escape hatch is VIOLATED',
    baseline: DETECTION,
    weaken: ({ incidents }) => l1(incidents.guardDutyRule).addPropertyOverride('State', 'DISABLED'),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      expected: 'a rule on aws.guardduty events targeting an SNS topic encrypted with KMS (KmsMasterKeyId)',
      found: '(none)',
      note: 'no enabled rule on aws.guardduty events',
    })]),
  },
  'S4-11': {
    what: 'the incident topic\'s KMS key removed through an escape hatch is VIOLATED',
    baseline: DETECTION,
    weaken: ({ incidents }) => l1(incidents.topic as sns.Topic).addPropertyDeletionOverride('KmsMasterKeyId'),
    then: (_, failing) => expect(failing.map((f) => f.expected)).toEqual([
      'a rule on aws.guardduty events targeting an SNS topic encrypted with KMS (KmsMasterKeyId)',
      'a rule on aws.securityhub events targeting an SNS topic encrypted with KMS (KmsMasterKeyId)',
    ]),
  },
  'S1-07': {
    what: 'the GuardDuty detector disabled through an escape hatch is VIOLATED',
    baseline: DETECTION,
    weaken: ({ detection }) => detection.detector.addPropertyOverride('Enable', false),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      constructPath: 'Detection/ThreatDetection/Detector', propertyPath: 'Properties.Enable', expected: 'true', found: 'false',
    })]),
  },
  'S2-14': {
    what: 'every alarm action turned off by a user\'s aspect (too noisy) is VIOLATED',
    baseline: DETECTION,
    weaken: ({ stack }) => userAspect(stack, 'AWS::CloudWatch::Alarm', (alarm) => alarm.addPropertyOverride('ActionsEnabled', false)),
    then: (_, failing) => expect(failing).toContainEqual(expect.objectContaining({
      expected: '15 CIS monitoring controls with an alarm', found: '0 of 15',
    })),
  },
  'S4-09': {
    what: 'a security group open to RDP from anywhere, its synthesis finding acknowledged, is VIOLATED',
    baseline: DETECTION,
    weaken: ({ stack, network }) => {
      const group = new ec2.SecurityGroup(stack, 'Bastion', { vpc: network.vpc, description: 'bastion' });
      group.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(3389), 'remote desktop');
      Compliance.acknowledge(group, { ruleId: 'DataProtection-OpenIngress', reason: 'temporary bastion for the migration' });
    },
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({ constructPath: 'Detection/Bastion/Resource', found: 'tcp 3389 from 0.0.0.0/0' })]),
  },
  'S4-10': {
    what: 'Inspector enabled for no resource type, through an escape hatch, is VIOLATED',
    baseline: DETECTION,
    weaken: ({ detection }) => inspectorScansNothing(detection),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      propertyPath: 'Properties.Create', found: 'inspector2:Enable (no resource type)',
    })]),
  },
};
