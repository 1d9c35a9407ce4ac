#!/usr/bin/env node
/**
 * The deployable reference app: `npx cdk synth` / `npx cdk deploy`.
 *
 * Every synthesis runs the cdk-nag packs (AwsSolutions, HIPAA Security, NIST 800-53 rev 5,
 * PCI DSS 3.2.1) and the Control Tower proactive controls; any unacknowledged finding
 * fails it. No AWS credentials are needed: the stack names its region and no account.
 */
import { App, Duration } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AtRestEncryption, BackupSchedule, ComplianceChecks, MinimumTlsVersion, ReferenceStack } from '../lib';

const app = new App();
ComplianceChecks.apply(app);

new ReferenceStack(app, 'DataProtectionReference', {
  policy: {
    securityContact: 'security@example.com',
    region: 'us-east-1',
    atRestEncryption: AtRestEncryption.KMS,
    minimumTlsVersion: MinimumTlsVersion.TLS_1_2,
    logRetention: RetentionDays.ONE_YEAR,
    backup: BackupSchedule.daily(Duration.days(14)),
  },
});

app.synth();
