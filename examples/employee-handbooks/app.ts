import { App, Duration, Stack } from 'aws-cdk-lib';
import {
  ApplicationLogGroup, AuditTrail, ComplianceChecks, DataClass, DataProtectionPolicy, DataProtectionPolicyProps, DataProtectionPreset,
  IncidentResponse, LoadBalancerEdge, MfaGatedAccess, OffsiteBackupStack, SecureBackupPlan, SecureBucket, SecureDatabase,
  SecureNetwork, SecureSftpServer, SecureUserPool, ThreatDetection,
} from 'cdk-data-protection';

const app = new App();
ComplianceChecks.apply(app);

// Page 001: companies publish their employee handbooks; backups kept 30 days, copied to two other regions.
const promises: DataProtectionPolicyProps = DataProtectionPreset.classifiedDataKeptThirtyDays({
  securityContact: 'security@example.com',
  region: 'us-east-1',
  backupCopyRegions: ['us-east-2', 'us-west-2'],
});

// S1-08 "backed up daily to multiple off-site locations": one locked vault per copy region, deployed first.
const offsite = promises.backupCopyRegions!.map((region) => new OffsiteBackupStack(app, `HandbookCopies-${region}`, { policy: promises, region }));

const stack = new Stack(app, 'EmployeeHandbooks', { env: { region: 'us-east-1' } });
offsite.forEach((copies) => stack.addStackDependency(copies));
new DataProtectionPolicy(stack, 'Policy', promises);

// S1-01 S1-11 "three categories (Customer Data, Customer User Data, Internal Data)"; "we regularly delete unused data"
const handbooks = new SecureBucket(stack, 'Handbooks', { dataClass: DataClass.CUSTOMER_DATA });
const { vpc } = new SecureNetwork(stack, 'Network');
const readers = new SecureDatabase(stack, 'Readers', { vpc, dataClass: DataClass.CUSTOMER_USER_DATA });
new SecureBucket(stack, 'Internal', { dataClass: DataClass.INTERNAL, retention: Duration.days(365) });

// S1-08 S1-09 S1-10 "backed up daily ... kept for 30 days and we regularly test restoring data from backup"
new SecureBackupPlan(stack, 'Backups', { copyTargets: offsite.map((copies) => copies.vault.asCopyTarget()) });

// S1-02 "SHA-256 RSA encryption at rest and in transit, across the web, API, and SFTP endpoints"
const edge = new LoadBalancerEdge(stack, 'Edge', { vpc, domainName: 'app.example.com' });
new SecureSftpServer(stack, 'Sftp', { vpc, bucket: handbooks });

// S1-03 S1-05 "least privilege access to PII for specific staff"; "staff and customer admins authenticate"
new MfaGatedAccess(stack, 'Access', { piiAccessPrincipals: ['arn:aws:iam::111111111111:user/alice'] });
const admins = new SecureUserPool(stack, 'CustomerAdmins');

// S1-04 "users are anonymized to a unique user ID, which is what's stored in our logs"
const appLogs = new ApplicationLogGroup(stack, 'AppLogs', { logGroupName: '/handbooks/api' });

// S1-06 S1-07 "a one year history of system activity, regularly monitored for anomalies"
const incidents = new IncidentResponse(stack, 'Incidents', { emailSubscribers: ['oncall@example.com'] });
new AuditTrail(stack, 'Trail', { alarmTopic: incidents.topic });
new ThreatDetection(stack, 'Detection');

// S1-13 S1-14 (SOC 2 mapping, GDPR register) are sections of the evidence report, generated from these templates.
export { handbooks, readers, edge, admins, appLogs };
app.synth();
