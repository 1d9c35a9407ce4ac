import { App, Duration, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  AdminVpn, AdminVpnAuthentication, AlertReceiver, AuditTrail, ComplianceChecks, DataClass, DataProtectionPolicy, DataProtectionPolicyProps,
  DataProtectionPreset, IncidentResponse, LoadBalancerEdge, MfaGatedAccess, OffsiteBackupStack, SecureBackupPlan, SecureBucket,
  SecureDatabase, SecureNetwork, SecureUserPool, TenantFleet, ThreatDetection, WebFirewall,
} from 'cdk-data-protection';

const app = new App();
ComplianceChecks.apply(app);

// Page 002: each customer's Organization and its members' data, in eu-central-1; backups copied to eu-west-1.
const promises: DataProtectionPolicyProps = DataProtectionPreset.vpnOnlyChangesAndDailyRestoreTests({
  securityContact: 'security@example.com',
  region: 'eu-central-1',
  backupCopyRegions: ['eu-west-1'],
});
const offsite = new OffsiteBackupStack(app, 'OrganizationCopies', { policy: promises, region: 'eu-west-1' });

// The policy covers the whole app: the service stack and the tenant shard stacks. The page also lets
// each Organization choose when its files are deleted (S4-02).
new DataProtectionPolicy(app, 'Policy', { ...promises, claims: [...promises.claims ?? [], 'S4-02'] });
const stack = new Stack(app, 'CustomerOrganizations', { env: { region: 'eu-central-1' } });
stack.addStackDependency(offsite);

// S2-05 S4-02 "each customer's data segregated logically"; "deletion schedule per workspace": one prefix, ABAC-tagged role,
// deletion schedule (and optionally KMS key) per Organization, sharded over stacks
const organizations = new TenantFleet(app, 'Organizations', {
  env: { region: 'eu-central-1' },
  bucketNamePrefix: 'example-customer-organizations',
  tenants: [
    { tenantId: 'acme' },
    { tenantId: 'globex', dedicatedKey: true, deleteAfter: Duration.days(90) },
    { tenantId: 'initech', deleteAfter: Duration.days(30) },
  ],
});

// S2-07 S2-10 "network access from public networks is restricted"; "fault tolerant ... entire data centres" (two zones)
const network = new SecureNetwork(stack, 'Network');

// S2-03 S2-06 "data at rest encrypted with AES256"; "protected from hardware failures" (Multi-AZ, TLS forced, audit logs exported)
const files = new SecureBucket(stack, 'OrganizationFiles', { dataClass: DataClass.CUSTOMER_DATA });
const database = new SecureDatabase(stack, 'Database', { vpc: network.vpc, dataClass: DataClass.CUSTOMER_USER_DATA });

// S2-11 S2-12 S2-13 "stored redundantly at multiple locations"; "alerted in case of a failure"; "backups automatically tested daily"
new SecureBackupPlan(stack, 'Backups', { copyTargets: [offsite.vault.asCopyTarget()], alertReceivers: [AlertReceiver.email('oncall@example.com')] });

// S2-02 S2-04 S2-08 "TLS 1.2 ... cipher suites upgraded"; "mitigations against DDoS attacks at our network perimeter"
const firewall = new WebFirewall(stack, 'Firewall');
const edge = new LoadBalancerEdge(stack, 'Edge', { vpc: network.vpc, domainName: 'app.example.com', webFirewall: firewall });

// S2-09 "changes to our production environment ... only via dedicated VPN and multi-factor authentication": the VPN is a full
// tunnel, so API calls made over it leave through the VPC's NAT gateways; the roles change nothing from any other address
// (aws:SourceIp) or, through the VPC's gateway endpoints, from any other VPC (aws:SourceVpc)
const vpn = new AdminVpn(stack, 'AdminVpn', {
  vpc: network.vpc,
  serverCertificateArn: 'arn:aws:acm:eu-central-1:111111111111:certificate/vpn-server',
  authentication: AdminVpnAuthentication.mutualTls('arn:aws:acm:eu-central-1:111111111111:certificate/vpn-clients'),
  clientCidr: '10.100.0.0/22',
  fullTunnel: true,
});
new MfaGatedAccess(stack, 'Access', { requireSourceIps: vpn.publicEgressCidrs, requireSourceVpc: vpn.vpcId });

// S2-01 S2-14 "any access to an Organization is logged"; "logs analysed for security events via automated monitoring"
const incidents = new IncidentResponse(stack, 'Incidents', { emailSubscribers: ['oncall@example.com'] });
new ThreatDetection(stack, 'Detection');
// The trail records every read and write of the stack's buckets and of the Organizations' objects, naming the shard
// buckets by their literal names (no cross-stack export).
const stackBuckets = stack.node.findAll().filter((c): c is SecureBucket => c instanceof SecureBucket).map((b) => b.bucket);
const shardBuckets = organizations.shardBucketNames.map((name) => s3.Bucket.fromBucketName(stack, `Organizations-${name}`, name));
new AuditTrail(stack, 'Trail', { alarmTopic: incidents.topic, dataEventBuckets: [...stackBuckets, ...shardBuckets] });

// S2-16 "all users authenticate, and users are granted unique identifiers"
const users = new SecureUserPool(stack, 'Users');

// S2-15 "code audited by industry standard tools": ComplianceChecks above runs on every synth.
export { files, database, edge, vpn, users, organizations };
app.synth();
