import { App, Duration } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  AlertDeliveryPromise, AlertReceiver, AlertReceiverKind, BackupRetentionPromise, BackupSchedule, BackupTier, ComplianceChecks,
  LogRetentionPromise, LogScope, OrganizationBaselineStage, VaultLock,
} from 'cdk-data-protection';

// An organization with three organizational units: production, staging and the security
// tooling accounts. The management account deploys one stack (a CDK Stage, ready for
// CDK Pipelines) that holds the StackSet of the per-account baseline, the service control
// policies and the Organizations backup policy.
const app = new App();
ComplianceChecks.apply(app);

/** The three units, with the accounts known today (the report shows each promise per account and region). */
export const UNITS = {
  production: { organizationalUnitId: 'ou-ab12-prod0001', accounts: ['210000000001', '210000000002'] },
  staging: { organizationalUnitId: 'ou-ab12-stag0001', accounts: ['220000000001'] },
  security: { organizationalUnitId: 'ou-ab12-secu0001', accounts: ['230000000001'] },
};

export const stage = new OrganizationBaselineStage(app, 'Organization', {
  // Only the accounts of this organization may read the StackSet's asset buckets, which the Stage creates.
  organizationId: 'o-ab12cd34ef',
  policy: {
    securityContact: 'security@example.com',
    serviceName: 'Example Cloud',
    region: 'eu-west-1',
    backupCopyRegions: ['eu-central-1'],
    logRetention: RetentionDays.ONE_YEAR,
    backup: BackupSchedule.daily(Duration.days(14)),
    promises: [
      new BackupRetentionPromise({ tier: BackupTier.DAILY, retention: Duration.days(14) }),
      new LogRetentionPromise({ scope: LogScope.AUDIT_TRAIL, retention: Duration.days(365) }),
      new AlertDeliveryPromise({ receiver: AlertReceiverKind.EMAIL }),
    ],
  },
  baseline: {
    targets: [UNITS.production, UNITS.staging, UNITS.security],
    // The asset buckets (example-cloud-stackset-assets-eu-west-1 and -eu-central-1) hold the code of the
    // baseline's custom resources, readable by the organization; the Stage creates them, one stack per region.
    assetBucketPrefix: 'example-cloud-stackset-assets',
    alertReceivers: [AlertReceiver.email('security-oncall@example.com')],
    humanRoleArnPatterns: ['arn:aws:iam::*:role/Admin*'],
    backupCopyAccount: '230000000001',
    vaultLock: VaultLock.GOVERNANCE,
    rollout: { failureToleranceCount: 1, maxConcurrentAccounts: 2 },
  },
});

app.synth();
