/**
 * A sixth page, not one of the five seeds: the security page of an invoice-forwarding SaaS,
 * https://www.invoicepass.app/security (read 2026-12). Each infrastructure promise of the page is
 * one promise of the vocabulary below (a catalog preset, a parameterized kind or a custom
 * promise), proven from the templates on `npx cdk synth`. The page's other promises are
 * organisational (see ORGANISATIONAL below): no template shows them.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  ApplicationLogGroup, AuditTrail, BackupSchedule, ComplianceChecks, CustomPromise, DataClass, DataProtectionPolicy, DataProtectionPolicyProps,
  ICustomPromiseVerifier, IntegrationSecret, LogRetentionPromise, LogScope, MfaGatedAccess, OffsiteBackupStack, PromiseFact, PromiseTemplate,
  SecureBackupPlan, SecureBucket, SecureUserPool,
} from 'cdk-data-protection';

/** The resources of a type in the templates, with their stack. */
function resourcesOf(templates: PromiseTemplate[], type: string): Array<{ stackId: string; logicalId: string; properties: any }> {
  return templates.flatMap((t) => Object.entries<any>(t.template.Resources ?? {})
    .filter(([, r]) => r.Type === type)
    .map(([logicalId, r]) => ({ stackId: t.stackId, logicalId, properties: r.Properties ?? {} })));
}

/** "KMS-managed keys with annual rotation": every customer-managed key rotates every 365 days. */
class KeysRotateYearly implements ICustomPromiseVerifier {
  public verify(templates: PromiseTemplate[]): PromiseFact[] {
    return resourcesOf(templates, 'AWS::KMS::Key').map(({ stackId, logicalId, properties }) => {
      const period = properties.RotationPeriodInDays ?? 365;
      return {
        stackId,
        logicalId,
        propertyPath: 'Properties.EnableKeyRotation, RotationPeriodInDays',
        expected: 'true, 365',
        found: `${properties.EnableKeyRotation ?? '(absent)'}, ${period}`,
        satisfied: properties.EnableKeyRotation === true && period === 365,
      };
    });
  }
}

/** "An append-only audit log": every trail's bucket locks each log file for 12 months (S3 Object Lock, compliance mode). */
class AppendOnlyAuditLog implements ICustomPromiseVerifier {
  public verify(templates: PromiseTemplate[]): PromiseFact[] {
    return templates.flatMap((t) => resourcesOf([t], 'AWS::CloudTrail::Trail').map(({ stackId, logicalId, properties }) => {
      const bucket = t.template.Resources[properties.S3BucketName?.Ref]?.Properties ?? {};
      const retention = bucket.ObjectLockConfiguration?.Rule?.DefaultRetention ?? {};
      return {
        stackId,
        logicalId,
        propertyPath: 'S3BucketName -> ObjectLockEnabled, ObjectLockConfiguration.Rule.DefaultRetention',
        expected: 'true, COMPLIANCE 365 days',
        found: `${bucket.ObjectLockEnabled ?? '(absent)'}, ${retention.Mode ?? '-'} ${retention.Days ?? '-'} days`,
        satisfied: bucket.ObjectLockEnabled === true && retention.Mode === 'COMPLIANCE' && retention.Days === 365,
      };
    }));
  }
}

/** "Encrypted snapshots replicate ... hourly": every backup plan has an hourly rule. */
class HourlyBackups implements ICustomPromiseVerifier {
  public verify(templates: PromiseTemplate[]): PromiseFact[] {
    return resourcesOf(templates, 'AWS::Backup::BackupPlan').map(({ stackId, logicalId, properties }) => {
      const schedules: string[] = (properties.BackupPlan?.BackupPlanRule ?? []).map((r: any) => String(r.ScheduleExpression));
      return {
        stackId,
        logicalId,
        propertyPath: 'Properties.BackupPlan.BackupPlanRule[].ScheduleExpression',
        expected: 'cron(0 * * * ? *)',
        found: schedules.join(', '),
        satisfied: schedules.includes('cron(0 * * * ? *)'),
      };
    });
  }
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
  'Engineering access needs just-in-time approval (a process; the MFA part is S0-09)',
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
    'S0-05', // hosted in ca-central-1, backup copies in us-east-1
    'S0-09', // "Engineering access to production is gated by SSO + hardware key"
    'S2-02', // "rejects anything below 1.2"
    'S2-03', // "All persisted data ... is encrypted at rest using AWS KMS-managed keys"
    'S2-11', // "Cross-region backups"
    'S2-16', // "No long-lived credentials"
  ],
  promises: [
    // "... audit log retained for 12 months"
    new LogRetentionPromise({ scope: LogScope.AUDIT_TRAIL, retention: Duration.days(365) }),
    new CustomPromise({
      id: 'kms-keys-rotate-yearly',
      sentence: 'Encryption keys are AWS KMS keys that rotate every year.',
      verifier: new KeysRotateYearly(),
      soc2: ['CC6.1'],
      iso27001: ['8.24'],
      gdprArt32: ['32(1)(a)'],
      cnilSheets: [17],
    }),
    // "... lands in an append-only audit log"
    new CustomPromise({
      id: 'audit-log-append-only',
      sentence: 'Audit log files cannot be deleted or overwritten for 12 months, by anyone.',
      verifier: new AppendOnlyAuditLog(),
      soc2: ['CC7.2'],
      iso27001: ['8.15'],
      gdprArt32: ['32(1)(b)'],
      cnilSheets: [4],
    }),
    new CustomPromise({
      id: 'hourly-backups',
      sentence: 'Backups are taken every hour.',
      verifier: new HourlyBackups(),
      soc2: ['A1.2'],
      iso27001: ['8.13'],
      gdprArt32: ['32(1)(c)'],
      cnilSheets: [10],
    }),
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
