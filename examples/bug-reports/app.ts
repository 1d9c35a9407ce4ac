import { App, Duration, Stack } from 'aws-cdk-lib';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  ApplicationLogGroup, AuditTrail, ComplianceChecks, DataClass, DataProtectionPolicy, DataProtectionPreset, DistributionEdge, IncidentResponse,
  MfaGatedAccess, SecureBackupPlan, SecureBucket, SecureNetwork, SecureUserPool, ThreatDetection,
} from 'cdk-data-protection';

const app = new App();
ComplianceChecks.apply(app);

// Page 004: screen recordings of bugs with their console and network logs, stored in one region.
const stack = new Stack(app, 'BugReports', { env: { region: 'us-east-1' } });
new DataProtectionPolicy(stack, 'Policy', DataProtectionPreset.hourlyToMonthlyBackupsInOneRegion({
  securityContact: 'security@example.com', // S4-13 "you can reach out to us at security@..."
  region: 'us-east-1', // S4-01 "we use the Central US region": one region
}));

// S4-02 S4-07 "customers can specify a data deletion schedule for their workspace"; "encrypted at rest (AES-256)"
const recordings = new SecureBucket(stack, 'Recordings', {
  dataClass: DataClass.CUSTOMER_USER_DATA,
  tenantDeletionSchedules: [
    { tenantId: 'acme', expireAfter: Duration.days(90) },
    { tenantId: 'globex', expireAfter: Duration.days(400) },
  ],
});

// S4-06 "hourly 2 days, daily 7 days, weekly 4 weeks, monthly 12 months"
new SecureBackupPlan(stack, 'Backups');

// S4-05 S4-07 "a CDN ... to prevent attacks on our environment"; "in transit (HTTPS/TLS)": CloudFront, a web ACL, TLS 1.2
// Bug reports carry screenshots and session recordings: bodies over 8 KB are allowed under /api/reports/ only.
const cdn = new DistributionEdge(stack, 'Cdn', {
  domainName: 'bugs.example.com',
  origin: new HttpOrigin('origin.example.com'),
  allowLargeBodies: {
    pathPrefixes: ['/api/reports/'],
    reason: 'Bug reports upload screenshots and session recordings to /api/reports/; WAF inspects their first 8 KB.',
  },
});

// S4-09 "firewalls and controls within our project", no IDS: security groups, GuardDuty; S4-10 "a vulnerability feed": Inspector
new SecureNetwork(stack, 'Network');
new ThreatDetection(stack, 'Detection');

// S4-11 "we let our users know if they are affected by any security incident": findings and CIS alarms reach the incident topic
const incidents = new IncidentResponse(stack, 'Incidents', { emailSubscribers: ['oncall@example.com'] });
new AuditTrail(stack, 'Trail', { alarmTopic: incidents.topic });

// S4-03 "only people with verified access to an email address with your company domain can view"
const users = new SecureUserPool(stack, 'Users', { allowedEmailDomains: ['example.com'] });

// S4-04 "obfuscates sensitive data from network requests"
const networkLogs = new ApplicationLogGroup(stack, 'NetworkRequests', { logGroupName: '/bug-reports/network-requests' });

// S4-08 "access to our cloud services ... secured with 2FA"
new MfaGatedAccess(stack, 'Access');

// S4-12 (SOC 2 mapping) is a section of the evidence report, generated from this template.
export { recordings, cdn, users, networkLogs };
app.synth();
