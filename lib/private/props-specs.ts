import { KINDS as K, PropsSpec } from './props-validation';

/**
 * What each construct of the library takes (issue 20 item 5): its required props and the kind
 * of each prop whose value has one, and the props holding regional resources (which must be in
 * the region of the construct's stack). `validatePropsShape(this, 'SecureBucket', props,
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
    regional: ['encryptionKey', 'accessLogsBucket'],
  },
  SecureDatabase: {
    required: ['vpc', 'dataClass'],
    kinds: { vpc: K.VPC, dataClass: K.DATA_CLASS, encryptionKey: K.KEY },
    regional: ['vpc', 'encryptionKey'],
  },
  SecureBackupVault: {
    required: [],
    kinds: { dataClass: K.DATA_CLASS, encryptionKey: K.KEY, notificationTopic: K.TOPIC },
    regional: ['encryptionKey', 'notificationTopic'],
  },
  SecureBackupPlan: {
    required: [],
    kinds: { vault: K.SECURE_BACKUP_VAULT, alertTopic: K.TOPIC },
    regional: ['vault', 'alertTopic'],
  },
  AuditTrail: {
    required: [],
    kinds: { dataClass: K.DATA_CLASS, encryptionKey: K.KEY, alarmTopic: K.TOPIC },
    arrays: { dataEventBuckets: K.BUCKET },
    regional: ['encryptionKey'],
  },
  ApplicationLogGroup: {
    required: [],
    kinds: { encryptionKey: K.KEY },
    regional: ['encryptionKey'],
  },
  CisAlarms: {
    required: ['logGroup', 'alarmTopic'],
    kinds: { logGroup: K.LOG_GROUP, alarmTopic: K.TOPIC },
    regional: ['logGroup', 'alarmTopic'],
  },
  IncidentResponse: {
    required: [],
    kinds: { topic: K.TOPIC },
    arrays: { emailSubscribers: K.STRING },
    regional: ['topic'],
  },
  AdminVpn: {
    required: ['vpc', 'serverCertificateArn', 'authentication', 'clientCidr'],
    kinds: { vpc: K.VPC, serverCertificateArn: K.STRING, authentication: K.OBJECT, clientCidr: K.STRING },
    regional: ['vpc', 'serverCertificateArn'],
  },
  LoadBalancerEdge: {
    required: ['domainName', 'vpc'],
    kinds: { domainName: K.STRING, vpc: K.VPC, accessLogsBucket: K.BUCKET },
    regional: ['vpc', 'certificate', 'accessLogsBucket'],
  },
  DistributionEdge: {
    required: ['domainName', 'origin'],
    kinds: { domainName: K.STRING, origin: K.OBJECT },
  },
  SecureSftpServer: {
    required: ['vpc'],
    kinds: { vpc: K.VPC },
    regional: ['vpc'],
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
  Tenant: {
    required: ['tenantId', 'shard', 'bucket', 'assumedBy'],
    kinds: { tenantId: K.STRING, bucket: K.SECURE_BUCKET, assumedBy: K.PRINCIPAL },
  },
} satisfies Record<string, PropsSpec>;
