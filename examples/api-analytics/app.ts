import { App, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  ApplicationLogGroup, AuditTrail, Compliance, ComplianceChecks, DataClass, DataProtectionPolicy, DataProtectionPreset, IncidentResponse,
  IntegrationSecret, MfaGatedAccess, SecureBackupPlan, SecureBucket, ThreatDetection,
} from 'cdk-data-protection';

const app = new App();
ComplianceChecks.apply(app);

// Page 003: analytics of the API calls of customers' users, in Paris, under the GDPR.
const stack = new Stack(app, 'ApiAnalytics', { env: { region: 'eu-west-3' } });
// S3-03 "technical measures of Article 32": the preset also claims the measure of each CNIL sheet the page names.
new DataProtectionPolicy(stack, 'Policy', {
  ...DataProtectionPreset.gdprRelationshipPlusThreeYears({ securityContact: 'dpo@example.com', region: 'eu-west-3' }),
  // S3-02 "minimize the data processed": personal data of API users and internal logs, nothing else may be stored.
  dataClasses: [DataClass.CUSTOMER_USER_DATA, DataClass.INTERNAL],
});

// S3-01 S3-05 S3-06 "kept for the duration of our commercial relationship, and for 3 years following the end"
const usage = new SecureBucket(stack, 'ApiUsage', {
  dataClass: DataClass.CUSTOMER_USER_DATA,
  expireEndedObjectsAfter: Duration.days(1095),
});

// S0-01 (CNIL sheet 10) "safeguard and plan for business continuity": daily backups
new SecureBackupPlan(stack, 'Backups');

// S0-09 (sheet 2) "authenticating users"; S0-10 (sheet 3) "manage authorizations": the HubSpot key readable by its integration only
new MfaGatedAccess(stack, 'Access');
const hubspot = new IntegrationSecret(stack, 'HubSpot', { integrationName: 'hubspot' });
// The role the HubSpot sync runs as: the one principal that may read the key (S0-10 names a reader).
const hubSpotSync = new iam.Role(stack, 'HubSpotSync', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
hubspot.grantRead(hubSpotSync);
Compliance.acknowledgeRules(hubSpotSync, ['HIPAA.Security-IAMNoInlinePolicy', 'NIST.800.53.R5-IAMNoInlinePolicy', 'PCI.DSS.321-IAMNoInlinePolicy'],
  'The HubSpot sync role receives the read grant in its default policy: GetSecretValue on this one secret and Decrypt with its key only.',
  // A lasting design decision, not a finding to fix: standing (no expiry), with the team that answers for it.
  { owner: 'analytics integrations team' });

// S0-03 S0-11 (sheet 4) "trace accesses and manage incidents"
const incidents = new IncidentResponse(stack, 'Incidents', { emailSubscribers: ['dpo@example.com'] });
new AuditTrail(stack, 'Trail', { alarmTopic: incidents.topic });
const appLogs = new ApplicationLogGroup(stack, 'AppLogs', { logGroupName: '/analytics/api' });
new ThreatDetection(stack, 'Detection');

// S2-15 (sheet 16) "supervising IT developments": ComplianceChecks above; S2-03 (sheet 17) "encrypt": every store is encrypted.
export { usage, hubspot, appLogs };
app.synth();
