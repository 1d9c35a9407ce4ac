import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  ApplicationLogGroup, AuditTrail, Compliance, ComplianceChecks, DataClass, DataProtectionPolicy, DataProtectionPreset, IncidentResponse,
  IntegrationSecret, LoadBalancerEdge, MfaGatedAccess, SecureBackupPlan, SecureBucket, SecureDatabase, SecureNetwork, ThreatDetection,
} from 'cdk-data-protection';

const app = new App();
ComplianceChecks.apply(app);

// Page 000: user interview recordings and insight clips, their database and the Zoom integration.
const stack = new Stack(app, 'VideoRecordings', { env: { region: 'us-east-1' } });
new DataProtectionPolicy(stack, 'Policy', DataProtectionPreset.dailyBackupsKeptTwoWeeks({
  securityContact: 'security@example.com',
  region: 'us-east-1', // S0-05 "hosted in Amazon Web Services (AWS) facilities (us-east-1)"
}));

// S0-06 "all user interview recordings and insight clip videos are encrypted at rest" (SSE-KMS: stronger than the SSE-S3 promised)
const recordings = new SecureBucket(stack, 'Recordings', { dataClass: DataClass.CUSTOMER_DATA });

// S0-01 S0-02 "AWS RDS' backup solution ... automatically backed up each day, and we keep daily backups for 14 days"
const { vpc } = new SecureNetwork(stack, 'Network');
const database = new SecureDatabase(stack, 'Database', { vpc, dataClass: DataClass.CUSTOMER_USER_DATA });
new SecureBackupPlan(stack, 'Backups');

// S0-11 "upon confirmation of the Breach, notify Customer in writing without undue delay": findings reach the incident topic
const incidents = new IncidentResponse(stack, 'Incidents', { emailSubscribers: ['oncall@example.com'] });
new ThreatDetection(stack, 'Detection');

// S0-03 S0-04 "logs for all activity through AWS CloudWatch, and all actions on production consoles or in the application are logged"
new AuditTrail(stack, 'Trail', { alarmTopic: incidents.topic });
const appLogs = new ApplicationLogGroup(stack, 'AppLogs', { logGroupName: '/recordings/app' });

// S0-07 S0-08 "encrypted ... with TLS; SSL certificates issued and managed through AWS; an 'A' rating on SSL Labs"
// Recordings are uploaded through the edge: the web ACL blocks request bodies over 8 KB except under /uploads/.
const edge = new LoadBalancerEdge(stack, 'Edge', {
  vpc,
  domainName: 'app.example.com',
  allowLargeBodies: {
    pathPrefixes: ['/uploads/'],
    reason: 'Interview recordings (hundreds of MB) are uploaded to /uploads/; WAF inspects their first 8 KB and the service checks the file type.',
  },
});

// S0-09 "Multi-Factor Authentication best practices for securing our production data"
new MfaGatedAccess(stack, 'Access');

// S0-10 "OAuth 2.0 to authorize Zoom users ... without exposing your login credentials"
const zoom = new IntegrationSecret(stack, 'Zoom', { integrationName: 'zoom' });
// The role the Zoom import runs as: the one principal that may read the secret (S0-10 names a reader).
const zoomImport = new iam.Role(stack, 'ZoomImport', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
zoom.grantRead(zoomImport);
Compliance.acknowledgeRules(zoomImport, ['HIPAA.Security-IAMNoInlinePolicy', 'NIST.800.53.R5-IAMNoInlinePolicy', 'PCI.DSS.321-IAMNoInlinePolicy'],
  'The Zoom import role receives the read grant in its default policy: GetSecretValue on this one secret and Decrypt with its key only.',
  // A lasting design decision, not a finding to fix: standing (no expiry), with the team that answers for it.
  { owner: 'video integrations team' });

export { recordings, database, appLogs, edge, zoom };
app.synth();
