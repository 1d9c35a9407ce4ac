import { App, Stack } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  ApplicationLogGroup, AuditTrail, ComplianceChecks, DataClass, DataProtectionPolicy, DetectionSetup,
  IncidentResponse, SecureBucket, ThreatDetection,
} from 'cdk-data-protection';

const app = new App();
ComplianceChecks.apply(app);

const stack = new Stack(app, 'Audited', { env: { region: 'eu-west-1' } });
new DataProtectionPolicy(stack, 'Policy', {
  securityContact: 'security@example.com',
  region: 'eu-west-1',
  logRetention: RetentionDays.ONE_YEAR, // "a one-year history of system activity"
});

const documents = new SecureBucket(stack, 'Documents', { dataClass: DataClass.CUSTOMER_DATA });

// Findings, CIS alarms and backup failures reach one encrypted topic; a breach-notice
// template with the four required parts is written next to the template.
const incidents = new IncidentResponse(stack, 'Incidents', { emailSubscribers: ['oncall@example.com'] });

// GuardDuty, Security Hub and Inspector; this account already records with AWS Config.
new ThreatDetection(stack, 'Detection', { config: DetectionSetup.ALREADY_ENABLED });

// Every API call in every region, and every read and write of the stack's SecureBuckets,
// kept a year in S3 and CloudWatch Logs, with the 15 CIS alarms on it.
new AuditTrail(stack, 'Trail', { alarmTopic: incidents.topic });

// Application logs with e-mail addresses, names, phone numbers and cards masked.
const logs = new ApplicationLogGroup(stack, 'AppLogs', { logGroupName: '/documents/api' });

export { documents, logs };
app.synth();
