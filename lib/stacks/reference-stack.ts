import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ApplicationLogGroup } from '../audit/application-log-group';
import { AuditTrail } from '../audit/audit-trail';
import { SecureBackupPlan } from '../backup/secure-backup-plan';
import { BackupCopyTarget } from '../backup/secure-backup-vault';
import { SecureDatabase } from '../database/secure-database';
import { IncidentResponse } from '../detection/incident-response';
import { ThreatDetection, ThreatDetectionProps } from '../detection/threat-detection';
import { SecureNetwork } from '../network/secure-network';
import { DataClass } from '../policy/data-class';
import { DataProtectionPolicy, DataProtectionPolicyProps } from '../policy/data-protection-policy';
import { SecureBucket } from '../storage/secure-bucket';

/**
 * Properties of the `ReferenceStack`.
 */
export interface ReferenceStackProps extends StackProps {
  /** What the service promises. The stack is pinned to the policy's region when it names one. */
  readonly policy: DataProtectionPolicyProps;

  /**
   * The vaults in other regions that receive a copy of every backup: one per region of the
   * policy's `backupCopyRegions` (see `OffsiteBackupStack`).
   *
   * @default - none
   */
  readonly backupCopyTargets?: BackupCopyTarget[];

  /**
   * How GuardDuty, Security Hub, AWS Config and Inspector are set up. An account that
   * already runs one of them (itself, or from an organization's delegated administrator)
   * says so here, since each allows one per account and region.
   *
   * @default - all four are created by the stack
   */
  readonly threatDetection?: ThreatDetectionProps;

  /**
   * E-mail addresses subscribed to the incident topic (security findings, CIS alarms,
   * backup failures). Each must confirm the subscription.
   *
   * @default - none; subscribe the on-call channel to `incidentResponse.topic`
   */
  readonly incidentEmailSubscribers?: string[];
}

/**
 * The reference deployment: a `DataProtectionPolicy` and the data stores of a SaaS
 * service built from the library, checked on every synthesis.
 *
 * It holds one SecureBucket per data class, a SecureDatabase in an isolated VPC, a
 * SecureBackupPlan that backs up every data store, copies the backups off-site and tests
 * restores, an AuditTrail with the CIS alarms, ThreatDetection, IncidentResponse and an
 * ApplicationLogGroup that masks personal data; later constructs (identity, network
 * perimeter) join it.
 *
 * It stays environment-agnostic in its account, so `cdk synth` needs no AWS credentials;
 * when the policy names a region, the stack is deployed there.
 */
export class ReferenceStack extends Stack {
  /** The policy every construct of the stack reads. */
  public readonly policy: DataProtectionPolicy;
  /** Customer content (claims S0-06, S1-01, S3-05). */
  public readonly customerData: SecureBucket;
  /** Personal data of customers' users, always SSE-KMS (claims S1-01, S1-04). */
  public readonly customerUserData: SecureBucket;
  /** Internal data (claims S1-01, S1-11). */
  public readonly internalData: SecureBucket;
  /** The network of the database: isolated subnets in two availability zones, flow logs. */
  public readonly network: SecureNetwork;
  /** The service database, holding personal data of customers' users (claims S0-02, S2-06). */
  public readonly database: SecureDatabase;
  /** Backups of every data store (claims S0-01, S1-08, S1-10, S2-12, S2-13). */
  public readonly backupPlan: SecureBackupPlan;
  /** The incident topic, the rules that feed it and the breach notice (claims S0-11, S4-11). */
  public readonly incidentResponse: IncidentResponse;
  /** GuardDuty, Security Hub, AWS Config and Inspector (claims S1-07, S2-14, S4-09, S4-10). */
  public readonly threatDetection: ThreatDetection;
  /** CloudTrail of all activity, with S3 data events and the CIS alarms (claims S0-03, S0-04, S1-06, S2-01). */
  public readonly auditTrail: AuditTrail;
  /** The service's application logs, personal data masked (claims S1-04, S4-04). */
  public readonly applicationLogs: ApplicationLogGroup;

  constructor(scope: Construct, id: string, props: ReferenceStackProps) {
    super(scope, id, {
      ...props,
      env: props.env ?? (props.policy.region ? { region: props.policy.region } : undefined),
      description: props.description ?? 'cdk-data-protection reference stack: data stores that make a security & privacy page true',
    });
    this.policy = new DataProtectionPolicy(this, 'Policy', props.policy);

    this.customerData = new SecureBucket(this, 'CustomerData', {
      dataClass: DataClass.CUSTOMER_DATA,
      // Data of ended relationships is kept three more years, then deleted (S3-05).
      expireEndedObjectsAfter: Duration.days(1095),
    });
    this.customerUserData = new SecureBucket(this, 'CustomerUserData', {
      dataClass: DataClass.CUSTOMER_USER_DATA,
      expireEndedObjectsAfter: Duration.days(1095),
    });
    this.internalData = new SecureBucket(this, 'InternalData', {
      dataClass: DataClass.INTERNAL,
      // Unused internal data is deleted after a year (S1-11).
      retention: Duration.days(365),
    });

    this.network = new SecureNetwork(this, 'Network');
    this.database = new SecureDatabase(this, 'Database', {
      vpc: this.network.vpc,
      dataClass: DataClass.CUSTOMER_USER_DATA,
    });
    this.backupPlan = new SecureBackupPlan(this, 'Backup', {
      copyTargets: props.backupCopyTargets,
    });

    this.incidentResponse = new IncidentResponse(this, 'IncidentResponse', {
      emailSubscribers: props.incidentEmailSubscribers,
    });
    this.threatDetection = new ThreatDetection(this, 'ThreatDetection', props.threatDetection);
    this.auditTrail = new AuditTrail(this, 'AuditTrail', { alarmTopic: this.incidentResponse.topic });
    this.applicationLogs = new ApplicationLogGroup(this, 'ApplicationLogs');
  }
}
