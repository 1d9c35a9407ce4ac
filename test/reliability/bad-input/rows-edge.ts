import { App, Duration, Lazy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  AccountPasswordPolicy, AdminVpn, AdminVpnAuthentication, ApplicationLogGroup, AuditTrail, CisAlarms, Compliance,
  IncidentResponse, IntegrationSecret, LoadBalancerEdge, MfaGatedAccess, OffsiteBackupStack, SecureNetwork, SecureSftpServer,
  SecureUserPool, SecureUserPoolMfa, SecurityHubStandard, WebFirewall, WebFirewallScope,
} from './api';
import { appOf, CLIENT_CERT, DEFAULT_POLICY, given, KEY, logGroupIn, Row, SERVER_CERT, stack, topicIn, vpcIn } from './kit';

/** The rows of the edge, audit, detection, identity and network constructs, the stacks and acknowledgements. */
export const EDGE_ROWS: Row[] = [
  // ---- WebFirewall ----
  {
    claim: 'S2-06',
    area: 'WebFirewall',
    name: 'rate limit under 10 requests',
    build: () => new WebFirewall(stack(), 'Waf', { rateLimit: 9 }),
    path: 'TestStack/Waf',
    error: /^TestStack\/Waf: rateLimit must be at least 10 requests, got 9$/,
  },
  {
    claim: 'S2-06',
    area: 'WebFirewall',
    name: 'rate limit that is not a whole number',
    build: () => new WebFirewall(stack(), 'Waf', { rateLimit: 100.5 }),
    path: 'TestStack/Waf',
    error: /^TestStack\/Waf: rateLimit must be a whole number of requests, 10-2000000000, got 100.5$/,
  },
  {
    claim: 'S2-06',
    area: 'WebFirewall',
    name: 'rate limit given as a token',
    build: () => new WebFirewall(stack(), 'Waf', { rateLimit: Lazy.number({ produce: () => 100 }) }),
    path: 'TestStack/Waf',
    error: /^TestStack\/Waf: rateLimit must be a literal whole number of requests, 10-2000000000, so that it can be checked and proven, got a token$/,
  },
  {
    claim: 'S2-06',
    area: 'WebFirewall',
    name: 'evaluation window outside 60/120/300/600 s',
    build: () => new WebFirewall(stack(), 'Waf', { rateLimitWindow: Duration.seconds(90) }),
    path: 'TestStack/Waf',
    error: /^TestStack\/Waf: rateLimitWindow must be 60, 120, 300 or 600 seconds, got 90$/,
  },
  {
    area: 'WebFirewall',
    name: 'CloudFront scope in a stack outside us-east-1',
    build: () => new WebFirewall(stack({ region: 'eu-west-1' }, 'eu-west-1'), 'Waf', { scope: WebFirewallScope.CLOUDFRONT }),
    path: 'TestStack/Waf',
    error: /^TestStack\/Waf: scope CLOUDFRONT needs a stack in us-east-1 .*got eu-west-1/,
  },

  // ---- Audit ----
  {
    claim: 'S1-06',
    area: 'AuditTrail',
    name: 'trail name CloudTrail refuses',
    build: () => new AuditTrail(stack(), 'Trail', { trailName: 'a' }),
    path: 'TestStack/Trail',
    error: /^TestStack\/Trail: trailName must be 3-128 letters, digits, '.', '_' or '-'.*got 'a'$/,
  },
  {
    area: 'CisAlarms',
    name: 'metric namespace reserved for AWS',
    build: () => {
      const s = stack();
      new CisAlarms(s, 'Cis', { logGroup: logGroupIn(s), alarmTopic: topicIn(s), metricNamespace: 'AWS/CloudTrail' });
    },
    path: 'TestStack/Cis',
    error: /^TestStack\/Cis: metricNamespace must be 1-255 letters, digits or \. _ # : \/ -, and not start with 'AWS\/', got 'AWS\/CloudTrail'$/,
  },
  {
    claim: 'S1-04',
    area: 'ApplicationLogGroup',
    name: 'nothing to mask',
    build: () => new ApplicationLogGroup(stack(), 'AppLogs', { maskedData: [] }),
    path: 'TestStack/AppLogs',
    error: /^TestStack\/AppLogs: maskedData must name at least one kind of data to mask, got none$/,
  },
  {
    area: 'ApplicationLogGroup',
    name: 'log group name CloudWatch Logs refuses',
    build: () => new ApplicationLogGroup(stack(), 'AppLogs', { logGroupName: 'app logs!' }),
    path: 'TestStack/AppLogs',
    error: /^TestStack\/AppLogs: logGroupName must be 1-512 letters, digits or _ - \/ \. #, got 'app logs!'$/,
  },

  // ---- Detection ----
  {
    claim: 'S2-08',
    area: 'IncidentResponse',
    name: 'GuardDuty severity outside 1.0-10.0',
    build: () => new IncidentResponse(stack(), 'Incidents', { guardDutyMinimumSeverity: 0.5 }),
    path: 'TestStack/Incidents',
    error: /^TestStack\/Incidents: guardDutyMinimumSeverity must be a number from 1\.0 to 10\.0 \(GuardDuty's severity range\), got 0\.5$/,
  },
  {
    area: 'IncidentResponse',
    name: 'subscriber that is not an e-mail address',
    build: () => new IncidentResponse(stack(), 'Incidents', { emailSubscribers: ['oncall'] }),
    path: 'TestStack/Incidents',
    error: /^TestStack\/Incidents: emailSubscribers must hold e-mail addresses \(name@example.com\), got 'oncall'$/,
  },
  {
    area: 'IncidentResponse',
    name: 'blank service name for the breach notice',
    build: () => new IncidentResponse(stack(), 'Incidents', { serviceName: '  ' }),
    path: 'TestStack/Incidents',
    error: /^TestStack\/Incidents: serviceName must name the service in the breach notice \(at least one character besides spaces\), got ' {2}'$/,
  },
  {
    area: 'IncidentResponse',
    name: 'service name given as a token',
    build: () => new IncidentResponse(stack(), 'Incidents', { serviceName: Lazy.string({ produce: () => 'Acme' }) }),
    path: 'TestStack/Incidents',
    error: /^TestStack\/Incidents: serviceName must be a literal string so that it can be checked and proven, got a token$/,
  },
  {
    area: 'SecurityHubStandard',
    name: 'standard path without a version',
    build: () => SecurityHubStandard.of('cis-aws-foundations-benchmark'),
    path: 'SecurityHubStandard',
    construct: false,
    error: /^SecurityHubStandard path must look like '<name>\/v\/<x\.y\.z>', got 'cis-aws-foundations-benchmark'$/,
  },

  // ---- Identity ----
  {
    claim: 'S0-09',
    area: 'AccountPasswordPolicy',
    name: 'passwords shorter than 14 characters',
    build: () => new AccountPasswordPolicy(stack(), 'Passwords', { minimumLength: 8 }),
    path: 'TestStack/Passwords',
    error: /^TestStack\/Passwords: minimumLength must be a whole number from 14 to 128, got 8$/,
  },
  {
    claim: 'S0-10',
    area: 'MfaGatedAccess',
    name: 'MFA older than 12 hours accepted',
    build: () => new MfaGatedAccess(stack(), 'Access', { mfaMaxAge: Duration.hours(13) }),
    path: 'TestStack/Access',
    error: /^TestStack\/Access: mfaMaxAge must be 15 minutes-12 hours, got 13 hours$/,
  },
  {
    claim: 'S0-10',
    area: 'MfaGatedAccess',
    name: 'any principal trusted',
    build: () => new MfaGatedAccess(stack(), 'Access', { trustedPrincipals: [new iam.AnyPrincipal()] }),
    path: 'TestStack/Access',
    error: /^TestStack\/Access: trustedPrincipals must name accounts, users or roles, not '\*'.*got \{"AWS":\["\*"\]\}$/,
  },
  {
    claim: 'S2-09',
    area: 'MfaGatedAccess',
    name: 'source VPC that is not a VPC id',
    build: () => new MfaGatedAccess(stack(), 'Access', { requireSourceVpc: 'production' }),
    path: 'TestStack/Access',
    error: /^TestStack\/Access: requireSourceVpc must be a VPC id such as vpc-0123456789abcdef0 \(or a VPC's vpcId\), got 'production'$/,
  },
  {
    claim: 'S2-09',
    area: 'MfaGatedAccess',
    name: 'source IP that is not a CIDR block',
    build: () => new MfaGatedAccess(stack(), 'Access', { requireSourceIps: ['203.0.113.300/24'] }),
    path: 'TestStack/Access',
    error: /^TestStack\/Access: requireSourceIps must hold IPv4 or IPv6 CIDR blocks such as 203\.0\.113\.0\/24, got '203\.0\.113\.300\/24'$/,
  },
  {
    claim: 'S0-05',
    area: 'MfaGatedAccess',
    name: 'additional region that is not a region name',
    build: () => new MfaGatedAccess(stack(), 'Access', { additionalRegions: ['Frankfurt'] }),
    path: 'TestStack/Access',
    error: /^TestStack\/Access: additionalRegions must hold literal AWS region names such as 'eu-west-1', got 'Frankfurt'$/,
  },
  {
    area: 'SecureUserPool',
    name: 'user pool name longer than 128 characters',
    build: () => new SecureUserPool(stack(), 'Users', { userPoolName: 'u'.repeat(129) }),
    path: 'TestStack/Users',
    error: /^TestStack\/Users: userPoolName must be 1-128 letters, digits, spaces or _ \+ = , \. @ - \(Cognito\), got 'u{40}\.\.\.' \(129 characters\)$/,
  },
  {
    claim: 'S1-03',
    area: 'SecureUserPool',
    name: 'password minimum length under the allowed range',
    build: () => new SecureUserPool(stack(), 'Users', { passwordMinLength: 6 }),
    path: 'TestStack/Users',
    error: /^TestStack\/Users: passwordMinLength must be a whole number 8-99, got 6$/,
  },
  {
    claim: 'S0-10',
    area: 'SecureUserPool',
    name: 'optional MFA without a reason',
    build: () => new SecureUserPool(stack(), 'Users', { mfa: SecureUserPoolMfa.OPTIONAL_TOTP }),
    path: 'TestStack/Users',
    error: /^TestStack\/Users: mfa OPTIONAL_TOTP weakens the required MFA: pass allowOptionalMfa with a reason$/,
  },
  {
    area: 'IntegrationSecret',
    name: 'integration name with capitals and punctuation',
    build: () => new IntegrationSecret(stack(), 'Zoom', { integrationName: 'Zoom!' }),
    path: 'TestStack/Zoom',
    error: /^TestStack\/Zoom: integrationName must be 1-64 lower-case letters, digits and inner hyphens \(such as 'zoom'\), got 'Zoom!'$/,
  },

  // ---- Network ----
  {
    claim: 'S2-10',
    area: 'SecureNetwork',
    name: 'a single availability zone',
    build: () => new SecureNetwork(stack(), 'Network', { availabilityZones: ['us-east-1a'] }),
    path: 'TestStack/Network',
    error: /^TestStack\/Network: availabilityZones must name at least 2 distinct literal zones \(claim S2-10\), got \["us-east-1a"\]$/,
  },
  {
    area: 'SecureNetwork',
    name: 'CIDR block that is not one',
    build: () => new SecureNetwork(stack(), 'Network', { cidr: '10.0.0.0' }),
    path: 'TestStack/Network',
    error: /^TestStack\/Network: cidr must be an IPv4 CIDR block from \/16 to \/20 \(room for the subnets of 2 zones\).*got '10\.0\.0\.0'$/,
  },
  {
    area: 'SecureNetwork',
    name: 'CIDR block too small for the subnets of two zones',
    build: () => new SecureNetwork(stack(), 'Network', { cidr: '10.0.0.0/21' }),
    path: 'TestStack/Network',
    error: /^TestStack\/Network: cidr must be an IPv4 CIDR block from \/16 to \/20 \(room for the subnets of 2 zones\).*got '10\.0\.0\.0\/21'$/,
  },
  {
    area: 'SecureNetwork',
    name: 'CIDR block with host bits set',
    build: () => new SecureNetwork(stack(), 'Network', { cidr: '10.0.1.0/16' }),
    path: 'TestStack/Network',
    error: /^TestStack\/Network: cidr must be .* starting at its network address, such as 10\.0\.0\.0\/16, got '10\.0\.1\.0\/16'$/,
  },
  {
    claim: 'S2-09',
    area: 'AdminVpn',
    name: 'client CIDR block wider than /12',
    build: () => {
      const s = stack();
      new AdminVpn(s, 'Vpn', {
        vpc: vpcIn(s), serverCertificateArn: SERVER_CERT, authentication: AdminVpnAuthentication.mutualTls(CLIENT_CERT), clientCidr: '10.0.0.0/8',
      });
    },
    path: 'TestStack/Vpn',
    error: /^TestStack\/Vpn: clientCidr must be a \/12 to \/22 block \(AWS Client VPN\), got '10\.0\.0\.0\/8' \(\/8\)$/,
  },
  {
    claim: 'S2-09',
    area: 'AdminVpn',
    name: 'client certificate that is not an ACM certificate ARN',
    build: () => {
      const s = stack();
      new AdminVpn(s, 'Vpn', {
        vpc: vpcIn(s),
        serverCertificateArn: SERVER_CERT,
        authentication: AdminVpnAuthentication.mutualTls('client-ca'),
        clientCidr: '10.100.0.0/22',
      });
    },
    path: 'TestStack/Vpn',
    error: /^TestStack\/Vpn: clientCertificateArn must be the ARN of an ACM certificate \(arn:aws:acm:\.\.\.:certificate\/\.\.\.\), got 'client-ca'$/,
  },
  {
    claim: 'S2-02',
    area: 'LoadBalancerEdge',
    name: 'domain name that is not a host name',
    build: () => {
      const s = stack();
      new LoadBalancerEdge(s, 'Edge', { vpc: vpcIn(s), domainName: 'localhost' });
    },
    path: 'TestStack/Edge',
    error: /^TestStack\/Edge: domainName must be a host name: at least two dot-separated labels.*got 'localhost'$/,
  },
  {
    area: 'SecureSftpServer',
    name: 'user name shorter than 3 characters',
    build: () => {
      const s = stack();
      given(new SecureSftpServer(s, 'Sftp', { vpc: vpcIn(s) })).addUser('Partner', { userName: 'ab', sshPublicKeys: [KEY] });
    },
    path: 'TestStack/Sftp/Partner',
    error: /^TestStack\/Sftp\/Partner: userName must be 3-100 letters, digits.*got 'ab'$/,
  },

  // ---- Stacks ----
  {
    claim: 'S1-08',
    area: 'OffsiteBackupStack',
    name: 'off-site region the policy does not list as a copy region',
    build: () => new OffsiteBackupStack(appOf(new App()), 'Copies', {
      policy: { ...DEFAULT_POLICY, backupCopyRegions: ['us-west-2'] }, region: 'eu-west-1',
    }),
    path: 'Copies',
    error: /^Copies: region must be one of the policy's backupCopyRegions \(us-west-2\), got 'eu-west-1'$/,
  },

  // ---- Compliance acknowledgements ----
  {
    area: 'Compliance',
    name: 'acknowledgement without a readable reason',
    build: () => Compliance.acknowledge(stack(), { ruleId: 'AwsSolutions-S1', reason: ' ' }),
    path: 'TestStack',
    error: /^TestStack: acknowledgement of AwsSolutions-S1 needs a reason of at least 10 characters that a reviewer can read, got ' '$/,
  },
  {
    area: 'Compliance',
    name: 'acknowledgement whose reason is a token',
    build: () => Compliance.acknowledge(stack(), { ruleId: 'AwsSolutions-S1', reason: Lazy.string({ produce: () => 'Reviewed in SEC-12.' }) }),
    path: 'TestStack',
    error: /^TestStack: acknowledgement of AwsSolutions-S1 needs a literal reason that a reviewer can read, got a token$/,
  },
  {
    area: 'Compliance',
    name: 'acknowledgement without a rule id',
    build: () => Compliance.acknowledge(stack(), { ruleId: ' ', reason: 'Reviewed by the security team in ticket SEC-12.' }),
    path: 'TestStack',
    error: /^TestStack: acknowledgement needs the literal id of the rule it accepts, as the report prints it \(AwsSolutions-S1, DataProtection-OpenIngress\), got ' '$/,
  },
  {
    area: 'Compliance',
    name: 'acknowledgement expiring more than a year ahead',
    build: () => Compliance.acknowledge(stack({}, 'us-east-1', new App({ context: { [Compliance.TODAY_CONTEXT_KEY]: '2026-12-08' } })),
      { ruleId: 'AwsSolutions-S1', reason: 'Reviewed by the security team in ticket SEC-12.', owner: 'security team', expires: '2028-01-31' }),
    path: 'TestStack',
    error: /^TestStack: acknowledgement of AwsSolutions-S1 may expire at most 366 days ahead \(from today 2026-12-08 to 2027-12-09\), got 2028-01-31: renew it when it expires$/,
  },
  {
    area: 'Compliance',
    name: 'acknowledgement whose expiry is not an ISO date',
    build: () => Compliance.acknowledge(stack({}, 'us-east-1', new App({ context: { [Compliance.TODAY_CONTEXT_KEY]: '2026-12-08' } })),
      { ruleId: 'AwsSolutions-S1', reason: 'Reviewed by the security team in ticket SEC-12.', owner: 'security team', expires: 'end of March' }),
    path: 'TestStack',
    error: /^TestStack: acknowledgement of AwsSolutions-S1 needs an expiry as an ISO date \(YYYY-MM-DD\), from today 2026-12-08 to 2027-12-09, got 'end of March'$/,
  },
  {
    area: 'Compliance',
    name: 'acknowledgement with an expiry and no owner',
    build: () => Compliance.acknowledge(stack(), { ruleId: 'AwsSolutions-S1', reason: 'Reviewed by the security team in ticket SEC-12.', expires: '2027-01-31' }),
    path: 'TestStack',
    error: /^TestStack: acknowledgement of AwsSolutions-S1 has an expiry \(2027-01-31\) but no owner: name who renews or removes it \(owner: 'data-platform team'\)$/,
  },
];
