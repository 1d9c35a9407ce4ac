#!/usr/bin/env node
/**
 * The deployable reference app: `npx cdk synth` / `npx cdk deploy`.
 *
 * Every synthesis runs the cdk-nag packs (AwsSolutions, HIPAA Security, NIST 800-53 rev 5,
 * PCI DSS 3.2.1) and the Control Tower proactive controls; any unacknowledged finding
 * fails it. No AWS credentials are needed: the stack names its region and no account.
 *
 * Context (`-c key=value`):
 * - `alreadyEnabled`: the detection services the account already runs, comma-separated, from
 *   guardDuty, securityHub, config, inspector (each allows one per account and region);
 * - `alertEmail`: who receives security findings, CIS alarms and backup-failure alerts (e-mail
 *   addresses, comma-separated; each confirms its subscription). Without it the stack still
 *   synthesizes, but does not claim S0-11, S1-07, S2-12, S4-09 and S4-11: an alert topic
 *   nobody subscribes to alerts nobody;
 * - `incidentEmail`: further e-mail addresses subscribed to the incident topic only, comma-separated;
 * - `domainName`, `hostedZoneId`, `hostedZoneName`: the service's public name and its Route 53
 *   zone (default: the placeholder app.example.com, which cannot be deployed);
 * - `vpnServerCertificateArn`, `vpnClientCertificateArn`: ACM certificates of the admin VPN
 *   (mutual TLS); without them the stack has no VPN;
 * - `sftp=true`: an SFTP server for file exchange with customers;
 * - `allowedEmailDomains`: the e-mail domains whose people may sign up to the user pool;
 * - `allowedAccounts`: the accounts the service may be deployed to, comma-separated. With
 *   credentials present (the CDK CLI then sets CDK_DEFAULT_ACCOUNT), synthesis for any other
 *   account is refused.
 */
import { Annotations, App, Duration } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  AdminVpnAuthentication, AlertReceiver, AtRestEncryption, BackupSchedule, ComplianceChecks, DataProtectionPolicyProps, DetectionSetup,
  MinimumTlsVersion, OffsiteBackupStack, ReferenceStack, RestoreTestSchedule, ThreatDetectionProps,
  DeployRequirements, RequiredContext,
} from '../lib';

const app = new App();
ComplianceChecks.apply(app);

/** A comma-separated context value as a list (empty when absent). */
function contextList(key: string): string[] {
  const value = app.node.tryGetContext(key);
  return value === undefined ? [] : String(value).split(',').map((v) => v.trim()).filter((v) => v.length > 0);
}

const DETECTION_SERVICES = ['guardDuty', 'securityHub', 'config', 'inspector'] as const;
const alreadyEnabled = contextList('alreadyEnabled');
for (const name of alreadyEnabled) {
  if (!(DETECTION_SERVICES as readonly string[]).includes(name)) {
    throw new Error(`context alreadyEnabled must list services from ${DETECTION_SERVICES.join(', ')}, got '${name}'`);
  }
}
const threatDetection: ThreatDetectionProps = Object.fromEntries(
  alreadyEnabled.map((name) => [name, DetectionSetup.ALREADY_ENABLED]));

const allowedAccounts = contextList('allowedAccounts');
const callerAccount = process.env.CDK_DEFAULT_ACCOUNT;
if (allowedAccounts.length > 0 && callerAccount && !allowedAccounts.includes(callerAccount)) {
  throw new Error(`refusing to synthesize for account ${callerAccount}: the policy allows only ${allowedAccounts.join(', ')} ` +
    '(check your credentials with `npx cdk-data-protection whoami`)');
}

// The claims whose alerts must reach a receiver: made only when `alertEmail` names one.
const ALERT_CLAIMS = ['S0-11', 'S1-07', 'S2-12', 'S4-09', 'S4-11'];
const alertEmails = contextList('alertEmail');

// S2-07 names what alone is reachable from the internet (here the load balancer); the admin VPN
// endpoint and the SFTP server are more endpoints, which its sentence would not name: it is not made then.
const moreEndpoints = app.node.tryGetContext('vpnServerCertificateArn') !== undefined || String(app.node.tryGetContext('sftp')) === 'true';

const REFERENCE_CLAIMS = [
  'S0-01', 'S0-02', 'S0-03', 'S0-04', 'S0-05', 'S0-06', 'S0-07', 'S0-08', 'S0-09', 'S0-11', 'S0-12',
  'S1-01', 'S1-02', 'S1-04', 'S1-05', 'S1-06', 'S1-07', 'S1-08', 'S1-10', 'S1-11', 'S1-12', 'S1-13', 'S1-14',
  'S2-01', 'S2-02', 'S2-03', 'S2-04', 'S2-06', 'S2-07', 'S2-08', 'S2-10', 'S2-11', 'S2-12', 'S2-13', 'S2-14', 'S2-15', 'S2-16',
  'S3-01', 'S3-02', 'S3-04', 'S3-05', 'S3-06',
  'S4-01', 'S4-04', 'S4-07', 'S4-08', 'S4-09', 'S4-10', 'S4-11', 'S4-12', 'S4-13',
  ...(contextList('allowedEmailDomains').length > 0 ? ['S4-03'] : []),
].filter((id) => alertEmails.length > 0 || !ALERT_CLAIMS.includes(id))
  .filter((id) => id !== 'S2-07' || !moreEndpoints);

const policy: DataProtectionPolicyProps = {
  serviceName: 'The reference service',
  securityContact: 'security@example.com',
  region: 'us-east-1',
  allowedAccounts,
  atRestEncryption: AtRestEncryption.KMS,
  minimumTlsVersion: MinimumTlsVersion.TLS_1_2,
  logRetention: RetentionDays.ONE_YEAR,
  backup: BackupSchedule.daily(Duration.days(14)),
  // Every backup is copied to two other regions (S1-08), and restores are tested daily (S2-13).
  backupCopyRegions: ['us-east-2', 'us-west-2'],
  restoreTesting: RestoreTestSchedule.DAILY,
  // Every promise of the five pages that this stack makes true; the evidence report proves each
  // one from the templates after every synthesis. Left out, with the reason:
  // S1-09 (30-day backups) and S4-06 (hourly to monthly tiers) contradict the 14-day schedule;
  // S1-03 needs named staff: no PII role is named here (piiAccessPrincipals), which also leaves
  // S3-03 without a proven measure for CNIL sheet 3 (authorisations);
  // S2-05 needs a TenantFleet (examples/customer-organizations); S2-09 needs the admin VPN (context) and source-restricted roles;
  // S4-02 needs per-tenant schedules and S4-05 a CDN, which the reference does not run;
  // S0-10 needs a third-party integration, and S4-03 allowed e-mail domains (context).
  claims: REFERENCE_CLAIMS,
};

// The off-site vaults, each in its own region, deployed before the stack that copies into them.
const offsite = policy.backupCopyRegions!.map((region) =>
  new OffsiteBackupStack(app, `DataProtectionOffsite-${region}`, { policy, region }));

const context = (key: string): string | undefined => app.node.tryGetContext(key);
const vpnServer = context('vpnServerCertificateArn');
const vpnClient = context('vpnClientCertificateArn');
if ((context('hostedZoneId') === undefined) !== (context('hostedZoneName') === undefined)) {
  throw new Error('context hostedZoneId and hostedZoneName go together: give both for the Route 53 zone of domainName, or neither');
}
if ((vpnServer === undefined) !== (vpnClient === undefined)) {
  throw new Error('context vpnServerCertificateArn and vpnClientCertificateArn go together: give both for the admin VPN, or neither');
}

const reference = new ReferenceStack(app, 'DataProtectionReference', {
  policy,
  backupCopyTargets: offsite.map((stack) => stack.vault.asCopyTarget()),
  threatDetection,
  incidentEmailSubscribers: contextList('incidentEmail'),
  alertReceivers: alertEmails.map((address) => AlertReceiver.email(address)),
  domainName: context('domainName'),
  hostedZone: context('hostedZoneId') ? { hostedZoneId: context('hostedZoneId')!, zoneName: context('hostedZoneName')! } : undefined,
  adminVpn: vpnServer && vpnClient ? { serverCertificateArn: vpnServer, authentication: AdminVpnAuthentication.mutualTls(vpnClient) } : undefined,
  sftpServer: String(context('sftp')) === 'true',
  allowedEmailDomains: contextList('allowedEmailDomains').length > 0 ? contextList('allowedEmailDomains') : undefined,
  // -c evidenceReader=<account id or role ARN>,...: a read-only role (with MFA) for `cdk-data-protection observe`.
  evidenceReaderPrincipals: contextList('evidenceReader').length > 0 ? contextList('evidenceReader') : undefined,
});
if (context('domainName') === undefined) {
  Annotations.of(reference.edge).addWarningV2('cdk-data-protection:placeholder-domain',
    'The edge serves the placeholder app.example.com, whose certificate can never be validated: deploy with ' +
    '-c domainName=<your name> -c hostedZoneId=<zone id> -c hostedZoneName=<zone name>.');
}
offsite.forEach((stack) => reference.addStackDependency(stack, 'its backup plan copies into the off-site vault'));

// What a deploy cannot do without. `npx cdk synth` works without it (with a warning); a deploy
// without it is refused by CloudFormation before any resource of any stack is created (README, "Deploying").
const REQUIRED_CONTEXT: RequiredContext[] = [
  { keys: ['domainName'], purpose: 'the edge serves the placeholder app.example.com, whose certificate can never be validated (CloudFormation would wait up to 72 hours)' },
  { keys: ['hostedZoneId', 'hostedZoneName'], purpose: 'the edge\'s certificate is validated, and its name published, in the Route 53 zone of domainName' },
  { keys: ['alertEmail'], purpose: 'security findings, CIS alarms and backup failures are sent to alert topics, which need a receiver' },
];
DeployRequirements.refuseDeployWithout(app, REQUIRED_CONTEXT);

// The evidence report, next to the templates (every claim proven value by value, the trust page,
// the register of processing activities and the architecture diagram) is written by the policy on
// synthesis, and a violated claim fails it: nothing to call here.
app.synth();
