/**
 * A sixth page, not one of the five seeds: the security page of an invoice-forwarding SaaS,
 * https://www.invoicepass.app/security (read 2026-12). Each infrastructure promise of the page is
 * one promise of the vocabulary below (a parameterized kind, a catalog preset where the page says
 * what a seed page said, or a custom promise), proven from the templates on `npx cdk synth`.
 * The page's other promises are organisational (see ORGANISATIONAL below): no template shows them.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  ApplicationLogGroup, AtRestEncryption, AuditLogLockPromise, AuditTrail, BackupCopyPromise, BackupFrequencyPromise, BackupSchedule, BackupTier,
  ComplianceChecks, CustomPromise, DataClass, DataProtectionPolicy, DataProtectionPolicyProps, DataResidencyPromise, EncryptionAtRestPromise,
  ICustomPromiseVerifier, IntegrationSecret, KeyRotationPromise, LogRetentionPromise, LogScope, MfaAccessPromise, MfaGatedAccess,
  MinimumTlsVersion, OffsiteBackupStack, PromiseFact, PromiseTemplate, SecureBackupPlan, SecureBucket, SecureUserPool, TlsInTransitPromise,
} from 'cdk-data-protection';

/** The resources of a type in the templates, with their stack. */
function resourcesOf(templates: PromiseTemplate[], type: string): Array<{ stackId: string; logicalId: string; properties: any }> {
  return templates.flatMap((t) => Object.entries<any>(t.template.Resources ?? {})
    .filter(([, r]) => r.Type === type)
    .map(([logicalId, r]) => ({ stackId: t.stackId, logicalId, properties: r.Properties ?? {} })));
}

/** "Secrets live in AWS Secrets Manager": every secret is a Secrets Manager secret under a customer-managed key. */
class SecretsInSecretsManager implements ICustomPromiseVerifier {
  public verify(templates: PromiseTemplate[]): PromiseFact[] {
    return resourcesOf(templates, 'AWS::SecretsManager::Secret').map(({ stackId, logicalId, properties }) => ({
      stackId,
      logicalId,
      propertyPath: 'Properties.KmsKeyId',
      expected: 'a customer-managed KMS key',
      found: properties.KmsKeyId === undefined ? '(absent: the AWS managed key)' : JSON.stringify(properties.KmsKeyId),
      satisfied: properties.KmsKeyId !== undefined,
    }));
  }
}

/** The page's promises no template shows: people's work and the application's own code. */
export const ORGANISATIONAL = [
  'Signed receipts: every forwarded payload carries an Ed25519 signature (application code)',
  'Engineering access needs just-in-time approval (a process; the MFA part is mfa-access)',
  'Restore drills run quarterly, with the RTO measured (people\'s work)',
  'SOC 2 Type II audit in progress; ISO 27001 on the roadmap; GDPR and PIPEDA alignment, DPA on request',
  'Two-engineer code review; SAST and dependency scanning on every PR; critical CVEs block merge',
  'Quarterly third-party penetration tests',
  'No production data in staging or development environments',
  'Customers affected by a confirmed breach are notified within 72 hours; status updates on the status page',
];

const app = new App();
ComplianceChecks.apply(app);

const promises: DataProtectionPolicyProps = {
  serviceName: 'InvoicePass',
  securityContact: 'security@example.com',
  region: 'ca-central-1', // "Encrypted snapshots replicate from ca-central-1 ..."
  backupCopyRegions: ['us-east-1'], // "... to us-east-1"
  // The page names the hourly rhythm, not how long each copy is kept: these retentions are the example's choice.
  backup: BackupSchedule.gfs({ hourly: Duration.days(2), daily: Duration.days(14) }),
  claims: [
    'S0-03', // "Every API call, login, and admin action lands in an ... audit log"
    'S2-16', // "No long-lived credentials"
  ],
  promises: [
    // "Encrypted snapshots replicate from ca-central-1 to us-east-1": hosted in one region, copies in another.
    new DataResidencyPromise({ region: 'ca-central-1', copyRegions: ['us-east-1'] }),
    // "Engineering access to production is gated by SSO + hardware key"
    new MfaAccessPromise(),
    // "... rejects anything below 1.2"
    new TlsInTransitPromise({ minimumVersion: MinimumTlsVersion.TLS_1_2 }),
    // "All persisted data ... is encrypted at rest using AWS KMS-managed keys ..."
    new EncryptionAtRestPromise({ encryption: AtRestEncryption.KMS }),
    // "KMS-managed keys with annual rotation"
    new KeyRotationPromise({ period: Duration.days(365) }),
    // "Cross-region backups"
    new BackupCopyPromise({ regions: ['us-east-1'] }),
    // "Encrypted snapshots replicate ... hourly"
    new BackupFrequencyPromise({ tier: BackupTier.HOURLY }),
    // "... audit log retained for 12 months"
    new LogRetentionPromise({ scope: LogScope.AUDIT_TRAIL, retention: Duration.days(365) }),
    // "... lands in an append-only audit log": locked 12 months, by anyone (S3 Object Lock, compliance mode)
    new AuditLogLockPromise({ retention: Duration.days(365) }),
    // "Secrets live in AWS Secrets Manager": no kind of the vocabulary says it, so a custom promise does.
    new CustomPromise({
      id: 'secrets-in-secrets-manager',
      sentence: 'Secrets are kept in AWS Secrets Manager, encrypted with our own KMS key.',
      verifier: new SecretsInSecretsManager(),
      soc2: ['CC6.1'],
      iso27001: ['8.24'],
      gdprArt32: ['32(1)(a)'],
      cnilSheets: [17],
    }),
  ],
};

// The us-east-1 vault for the cross-region copies, deployed first.
const copies = new OffsiteBackupStack(app, 'InvoiceCopies', { policy: promises, region: 'us-east-1' });

const stack = new Stack(app, 'InvoiceForwarding', { env: { region: 'ca-central-1' } });
stack.addStackDependency(copies);
new DataProtectionPolicy(stack, 'Policy', promises);

// "payloads, attachments, receipts": customer files, encrypted with a rotating KMS key, TLS-only.
new SecureBucket(stack, 'Payloads', { dataClass: DataClass.CUSTOMER_DATA });
// Every API call and admin action (CloudTrail, kept 12 months), and the application's own events.
new AuditTrail(stack, 'AuditTrail', { objectLock: s3.ObjectLockRetention.compliance(Duration.days(365)) });
new ApplicationLogGroup(stack, 'AppLogs');
// Hourly and daily backups of every classified store, copied to us-east-1.
new SecureBackupPlan(stack, 'Backups', { copyTargets: [copies.vault.asCopyTarget()] });
// "SSO + hardware key": roles assumable only with MFA.
new MfaGatedAccess(stack, 'Access');
// The customers' own sign-in ("every ... login"): one identity per user, MFA.
new SecureUserPool(stack, 'Users');
// The SMTP relay's credentials, in Secrets Manager under the service's key.
new IntegrationSecret(stack, 'SmtpRelay', { integrationName: 'smtp-relay' });

app.synth();
