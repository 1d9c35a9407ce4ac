#!/usr/bin/env node
/**
 * The deployable reference app: `npx cdk synth` / `npx cdk deploy`.
 *
 * Every synthesis runs the cdk-nag packs (AwsSolutions, HIPAA Security, NIST 800-53 rev 5,
 * PCI DSS 3.2.1) and the Control Tower proactive controls; any unacknowledged finding
 * fails it. No AWS credentials are needed: the stack names its region and no account.
 *
 * Context (`-c key=value`):
 * - `alreadyEnabled`: the detection services the account already runs, comma-separated, from
 *   guardDuty, securityHub, config, inspector (each allows one per account and region);
 * - `incidentEmail`: e-mail addresses subscribed to the incident topic, comma-separated.
 */
import { App, Duration } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  AtRestEncryption, BackupSchedule, ComplianceChecks, DataProtectionPolicyProps, DetectionSetup, MinimumTlsVersion,
  OffsiteBackupStack, ReferenceStack, RestoreTestSchedule, ThreatDetectionProps,
} from '../lib';

const app = new App();
ComplianceChecks.apply(app);

/** A comma-separated context value as a list (empty when absent). */
function contextList(key: string): string[] {
  const value = app.node.tryGetContext(key);
  return value === undefined ? [] : String(value).split(',').map((v) => v.trim()).filter((v) => v.length > 0);
}

const DETECTION_SERVICES = ['guardDuty', 'securityHub', 'config', 'inspector'] as const;
const alreadyEnabled = contextList('alreadyEnabled');
for (const name of alreadyEnabled) {
  if (!(DETECTION_SERVICES as readonly string[]).includes(name)) {
    throw new Error(`context alreadyEnabled must list services from ${DETECTION_SERVICES.join(', ')}, got '${name}'`);
  }
}
const threatDetection: ThreatDetectionProps = Object.fromEntries(
  alreadyEnabled.map((name) => [name, DetectionSetup.ALREADY_ENABLED]));

const policy: DataProtectionPolicyProps = {
  securityContact: 'security@example.com',
  region: 'us-east-1',
  atRestEncryption: AtRestEncryption.KMS,
  minimumTlsVersion: MinimumTlsVersion.TLS_1_2,
  logRetention: RetentionDays.ONE_YEAR,
  backup: BackupSchedule.daily(Duration.days(14)),
  // Every backup is copied to two other regions (S1-08), and restores are tested daily (S2-13).
  backupCopyRegions: ['us-east-2', 'us-west-2'],
  restoreTesting: RestoreTestSchedule.DAILY,
};

// The off-site vaults, each in its own region, deployed before the stack that copies into them.
const offsite = policy.backupCopyRegions!.map((region) =>
  new OffsiteBackupStack(app, `DataProtectionOffsite-${region}`, { policy, region }));

const reference = new ReferenceStack(app, 'DataProtectionReference', {
  policy,
  backupCopyTargets: offsite.map((stack) => stack.vault.asCopyTarget()),
  threatDetection,
  incidentEmailSubscribers: contextList('incidentEmail'),
});
offsite.forEach((stack) => reference.addStackDependency(stack, 'its backup plan copies into the off-site vault'));

app.synth();
