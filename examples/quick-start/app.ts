import { App, Duration, Stack } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  AtRestEncryption, BackupSchedule, ComplianceChecks, DataClass, DataProtectionPolicy, SecureBucket,
} from 'cdk-data-protection';

const app = new App();
ComplianceChecks.apply(app); // cdk-nag packs + Control Tower rules on every synth

const stack = new Stack(app, 'Recordings', { env: { region: 'us-east-1' } });

// What the trust page promises, once.
new DataProtectionPolicy(stack, 'Policy', {
  securityContact: 'security@example.com',
  region: 'us-east-1',
  atRestEncryption: AtRestEncryption.S3_MANAGED, // "recordings are encrypted with SSE-S3"
  logRetention: RetentionDays.ONE_YEAR,
  backup: BackupSchedule.daily(Duration.days(14)), // "daily backups kept 14 days"
  // The promises the evidence report proves from the template (ids of the claims catalog):
  // encrypted with SSE-S3 or stronger, every data store classified, only declared classes stored.
  claims: ['S0-06', 'S1-01', 'S3-02'],
});

// Secure with no other props: encrypted, TLS 1.2+, private, versioned, logged, retained.
new SecureBucket(stack, 'Recordings', {
  dataClass: DataClass.CUSTOMER_DATA,
  expireEndedObjectsAfter: Duration.days(1095), // relationship + 3 years
});

app.synth();
