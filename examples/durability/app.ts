import { App, Duration, Stack } from 'aws-cdk-lib';
import {
  BackupSchedule, ComplianceChecks, DataClass, DataProtectionPolicy, DataProtectionPolicyProps, InternetAccess,
  OffsiteBackupStack, RestoreTestSchedule, SecureBackupPlan, SecureDatabase, SecureNetwork,
} from 'cdk-data-protection';

const app = new App();
ComplianceChecks.apply(app);

const promises: DataProtectionPolicyProps = {
  securityContact: 'security@example.com',
  region: 'us-east-1',
  // "hourly backups kept 2 days, daily 7 days, weekly 4 weeks, monthly 12 months"
  backup: BackupSchedule.gfs({
    hourly: Duration.days(2), daily: Duration.days(7), weekly: Duration.days(28), monthly: Duration.days(365),
  }),
  backupCopyRegions: ['us-west-2'], // "backed up to off-site locations"
  restoreTesting: RestoreTestSchedule.DAILY, // "backups are automatically tested daily"
};

// The off-site vault lives in its own region and is deployed first.
const offsite = new OffsiteBackupStack(app, 'Copies', { policy: promises, region: 'us-west-2' });

const stack = new Stack(app, 'Service', { env: { region: 'us-east-1' } });
stack.addStackDependency(offsite);
new DataProtectionPolicy(stack, 'Policy', promises);

// Isolated subnets in two zones, no internet; flow logs encrypted and kept as long as the policy's logs.
const { vpc } = new SecureNetwork(stack, 'Network', { internetAccess: InternetAccess.NONE });

// PostgreSQL, Multi-AZ, encrypted, TLS forced, backups kept as the policy says.
const database = new SecureDatabase(stack, 'Database', { vpc, dataClass: DataClass.CUSTOMER_USER_DATA });

// Backs up every store tagged with a data class, copies off-site, tests restores, alerts on failures.
const backups = new SecureBackupPlan(stack, 'Backups', { copyTargets: [offsite.vault.asCopyTarget()] });

export { database, backups };
app.synth();
