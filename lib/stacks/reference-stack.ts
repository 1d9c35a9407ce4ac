import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { ApplicationLogGroup } from '../audit/application-log-group';
import { AuditTrail } from '../audit/audit-trail';
import { SecureBackupPlan } from '../backup/secure-backup-plan';
import { BackupCopyTarget } from '../backup/secure-backup-vault';
import { SecureDatabase } from '../database/secure-database';
import { AlertReceiver } from '../detection/alert-receiver';
import { IncidentResponse } from '../detection/incident-response';
import { ThreatDetection, ThreatDetectionProps } from '../detection/threat-detection';
import { AccountPasswordPolicy } from '../identity/account-password-policy';
import { EvidenceReaderRole } from '../identity/evidence-reader-role';
import { MfaGatedAccess } from '../identity/mfa-gated-access';
import { SecureUserPool } from '../identity/secure-user-pool';
import { AdminVpn, AdminVpnAuthentication } from '../network/admin-vpn';
import { LoadBalancerEdge } from '../network/edge';
import { SecureNetwork } from '../network/secure-network';
import { SecureSftpServer } from '../network/secure-sftp-server';
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

  /**
   * Who receives the security findings, CIS alarms and backup-failure alerts: subscribed to the
   * incident topic and the backup plan's alert topic (claims S0-11, S1-07, S2-12: an alert
   * nobody receives is not delivered, and the evidence report does not prove it).
   *
   * @default - none: the alert claims are not proven until a receiver subscribes
   */
  readonly alertReceivers?: AlertReceiver[];

  /**
   * The service's public name, served over HTTPS by the edge load balancer behind the web ACL.
   *
   * @default 'app.example.com' (a placeholder: the certificate cannot be validated for it)
   */
  readonly domainName?: string;

  /**
   * The Route 53 zone of `domainName`, by id and name (no lookup, so synthesis needs no
   * credentials): validates the certificate and points the name at the edge.
   *
   * @default - none: add the certificate's validation record and the alias by hand
   */
  readonly hostedZone?: route53.HostedZoneAttributes;

  /**
   * The admin VPN through which production is changed (claim S2-09).
   *
   * @default - no admin VPN
   */
  readonly adminVpn?: ReferenceAdminVpnProps;

  /**
   * The e-mail domains whose people may sign up to the service's user pool (claim S4-03: only
   * people with a verified company-domain e-mail).
   *
   * @default - no self sign-up: administrators create users
   */
  readonly allowedEmailDomains?: string[];

  /**
   * Named people (IAM user or role ARNs) who may assume the PII-access role (claim S1-03).
   *
   * @default - no PII-access role
   */
  readonly piiAccessPrincipals?: string[];

  /**
   * Whether the stack runs an SFTP server for file exchange with customers (claim S1-02);
   * about 220 USD a month.
   *
   * @default false
   */
  readonly sftpServer?: boolean;

  /**
   * Accounts (12-digit ids) or IAM role or user ARNs that may assume, with MFA, a least-privilege
   * `EvidenceReaderRole` for `cdk-data-protection observe`.
   *
   * @default - no evidence reader role
   */
  readonly evidenceReaderPrincipals?: string[];
}

/**
 * The admin VPN of a `ReferenceStack`.
 */
export interface ReferenceAdminVpnProps {
  /** The ACM ARN of the VPN endpoint's server certificate. */
  readonly serverCertificateArn: string;
  /** How administrators authenticate: mutual TLS or SAML federation. */
  readonly authentication: AdminVpnAuthentication;
  /**
   * The addresses given to VPN clients: a /12 to /22 block outside the VPC's.
   *
   * @default '10.100.0.0/22'
   */
  readonly clientCidr?: string;
}

/**
 * The reference deployment: a `DataProtectionPolicy` and the data stores of a SaaS
 * service built from the library, checked on every synthesis.
 *
 * It holds one SecureBucket per data class, a SecureDatabase in an isolated VPC, a
 * SecureBackupPlan that backs up every data store, copies the backups off-site and tests
 * restores, an AuditTrail with the CIS alarms, ThreatDetection, IncidentResponse, an
 * ApplicationLogGroup that masks personal data, and the perimeter: an HTTPS edge behind a
 * web ACL, optionally an admin VPN and an SFTP server; MFA-gated roles for people pinned to
 * the policy's regions, the account password policy and a user pool for the service's users.
 *
 * It stays environment-agnostic in its account, so `cdk synth` needs no AWS credentials;
 * when the policy names a region, the stack is deployed there.
 */
export class ReferenceStack extends Stack {
  /** The policy every construct of the stack reads. */
  public readonly policy: DataProtectionPolicy;
  /** Customer content (claims S0-06, S1-01, S3-05). */
  public readonly customerData: SecureBucket;
  /** Personal data of customers' users, always SSE-KMS (claims S1-01, S3-05, S3-06). */
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
  /** The HTTPS entry point: an ALB with the newest TLS policy behind the web ACL (claims S0-07, S0-08, S2-04, S2-07, S2-08). */
  public readonly edge: LoadBalancerEdge;
  /** The admin VPN, when asked for (claim S2-09). */
  public readonly adminVpn?: AdminVpn;
  /** The SFTP server, when asked for (claim S1-02). */
  public readonly sftpServer?: SecureSftpServer;
  /** MFA-gated roles for people, pinned to the policy's regions (claims S0-05, S0-09, S1-05, S4-01, S4-08). */
  public readonly access: MfaGatedAccess;
  /** The account's IAM password policy (claims S0-09, S2-16). */
  public readonly passwordPolicy: AccountPasswordPolicy;
  /** The service's own users: MFA required, threat protection enforced (claims S1-05, S2-16, S4-03). */
  public readonly users: SecureUserPool;
  /** The role `cdk-data-protection observe` assumes, when `evidenceReaderPrincipals` is given. */
  public readonly evidenceReader?: EvidenceReaderRole;

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
      alertReceivers: props.alertReceivers,
    });

    this.incidentResponse = new IncidentResponse(this, 'IncidentResponse', {
      emailSubscribers: props.incidentEmailSubscribers,
      receivers: props.alertReceivers,
    });
    this.threatDetection = new ThreatDetection(this, 'ThreatDetection', props.threatDetection);
    this.auditTrail = new AuditTrail(this, 'AuditTrail', { alarmTopic: this.incidentResponse.topic });
    this.applicationLogs = new ApplicationLogGroup(this, 'ApplicationLogs');

    this.edge = new LoadBalancerEdge(this, 'Edge', {
      vpc: this.network.vpc,
      domainName: props.domainName ?? 'app.example.com',
      hostedZone: props.hostedZone ? route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', props.hostedZone) : undefined,
    });
    if (props.adminVpn) {
      this.adminVpn = new AdminVpn(this, 'AdminVpn', {
        vpc: this.network.vpc,
        serverCertificateArn: props.adminVpn.serverCertificateArn,
        authentication: props.adminVpn.authentication,
        clientCidr: props.adminVpn.clientCidr ?? '10.100.0.0/22',
      });
    }
    if (props.sftpServer) {
      this.sftpServer = new SecureSftpServer(this, 'Sftp', { vpc: this.network.vpc });
    }

    this.access = new MfaGatedAccess(this, 'Access', { piiAccessPrincipals: props.piiAccessPrincipals });
    this.passwordPolicy = new AccountPasswordPolicy(this, 'PasswordPolicy');
    this.users = new SecureUserPool(this, 'Users', { allowedEmailDomains: props.allowedEmailDomains });
    if (props.evidenceReaderPrincipals !== undefined) {
      this.evidenceReader = new EvidenceReaderRole(this, 'EvidenceReader', { trustedPrincipals: props.evidenceReaderPrincipals });
    }
  }
}
