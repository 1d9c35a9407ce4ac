import { KINDS as K, PropsSpec } from './props-validation';

/**
 * What each construct of the library takes (issue 20 item 5): its required props and the kind
 * of each prop whose value has one. `validatePropsShape(this, 'SecureBucket', props,
 * PROPS.SecureBucket)` is the first line of the constructor.
 */
export const PROPS = {
  DataProtectionPolicy: {
    required: ['securityContact'],
    kinds: {
      securityContact: K.STRING,
      region: K.STRING,
      atRestEncryption: K.AT_REST_ENCRYPTION,
      minimumTlsVersion: K.MINIMUM_TLS_VERSION,
      backup: K.BACKUP_SCHEDULE,
    },
    arrays: { dataClasses: K.DATA_CLASS, allowedAccounts: K.STRING, backupCopyRegions: K.STRING, claims: K.STRING },
  },
  SecureBucket: {
    required: ['dataClass'],
    kinds: { dataClass: K.DATA_CLASS, encryption: K.AT_REST_ENCRYPTION, encryptionKey: K.KEY, accessLogsBucket: K.BUCKET, replication: K.OBJECT },
  },
  SecureDatabase: {
    required: ['vpc', 'dataClass'],
    kinds: { vpc: K.VPC, dataClass: K.DATA_CLASS, encryptionKey: K.KEY },
  },
  SecureBackupVault: {
    required: [],
    kinds: { dataClass: K.DATA_CLASS, encryptionKey: K.KEY, notificationTopic: K.TOPIC },
  },
  SecureBackupPlan: {
    required: [],
    kinds: { vault: K.SECURE_BACKUP_VAULT, alertTopic: K.TOPIC },
  },
  AuditTrail: {
    required: [],
    kinds: { dataClass: K.DATA_CLASS, encryptionKey: K.KEY, alarmTopic: K.TOPIC },
    arrays: { dataEventBuckets: K.BUCKET },
  },
  ApplicationLogGroup: {
    required: [],
    kinds: { encryptionKey: K.KEY },
  },
  CisAlarms: {
    required: ['logGroup', 'alarmTopic'],
    kinds: { logGroup: K.LOG_GROUP, alarmTopic: K.TOPIC },
  },
  IncidentResponse: {
    required: [],
    kinds: { topic: K.TOPIC },
    arrays: { emailSubscribers: K.STRING },
  },
  AdminVpn: {
    required: ['vpc', 'serverCertificateArn', 'authentication', 'clientCidr'],
    kinds: { vpc: K.VPC, serverCertificateArn: K.STRING, authentication: K.OBJECT, clientCidr: K.STRING },
  },
  LoadBalancerEdge: {
    required: ['domainName', 'vpc'],
    kinds: { domainName: K.STRING, vpc: K.VPC, accessLogsBucket: K.BUCKET },
  },
  DistributionEdge: {
    required: ['domainName', 'origin'],
    kinds: { domainName: K.STRING, origin: K.OBJECT },
  },
  SecureSftpServer: {
    required: ['vpc'],
    kinds: { vpc: K.VPC },
  },
  IntegrationSecret: {
    required: ['integrationName'],
    kinds: { integrationName: K.STRING },
  },
  OffsiteBackupStack: {
    required: ['policy', 'region'],
    kinds: { policy: K.OBJECT, region: K.STRING },
  },
  TenantFleet: {
    required: ['tenants'],
    kinds: {},
    arrays: { tenants: K.OBJECT },
  },
} satisfies Record<string, PropsSpec>;
