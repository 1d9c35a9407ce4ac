import { App, Duration, Lazy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { BackupSchedule, DataClass, DataProtectionPolicy, ProtectionLevel, VaultLock } from './api';
import { DEFAULT_POLICY, given, P, Row, stack, TOKEN_DAYS } from './kit';

/** The rows of the policy and of its values (BackupSchedule, DataClass, VaultLock): the API is the "where" of a value. */
export const POLICY_ROWS: Row[] = [
  // ---- DataProtectionPolicy ----
  {
    claim: 'S0-04',
    area: 'DataProtectionPolicy',
    name: 'log retention not in CloudWatch\'s allowed list',
    build: () => stack({ logRetention: 13 as logs.RetentionDays }),
    path: P,
    error: /^TestStack\/Policy: logRetention must be one of the values CloudWatch Logs accepts \(1, 3, 5, .*3653 days, or RetentionDays.INFINITE\), got 13$/,
  },
  {
    claim: 'S0-02',
    area: 'DataProtectionPolicy',
    name: 'daily backups kept 40 days, outside 1-35 days for RDS',
    build: () => stack({ backup: BackupSchedule.daily(Duration.days(40)) }),
    path: P,
    error: /^TestStack\/Policy: backup retention must be 1-35 days \(the range RDS automated backups accept\), got 40/,
  },
  {
    claim: 'S4-13',
    area: 'DataProtectionPolicy',
    name: 'security contact neither an e-mail address nor an https URL',
    build: () => stack({ securityContact: 'http://example.com/security' }),
    path: P,
    error: /^TestStack\/Policy: securityContact must be an e-mail address or an https URL, got 'http:\/\/example.com\/security'$/,
  },
  {
    claim: 'S0-05',
    area: 'DataProtectionPolicy',
    name: 'region that is not an AWS region name',
    build: () => stack({ region: 'US East' }),
    path: P,
    error: /^TestStack\/Policy: region must be a literal AWS region name such as 'us-east-1', got 'US East'$/,
  },
  {
    claim: 'S0-05',
    area: 'DataProtectionPolicy',
    name: 'region given as a token',
    build: () => stack({ region: Lazy.string({ produce: () => 'us-east-1' }) }),
    path: P,
    error: /^TestStack\/Policy: region must be a literal AWS region name such as 'us-east-1', got '\$\{Token\[.*\]\}'$/,
  },
  {
    claim: 'S0-05',
    area: 'DataProtectionPolicy',
    name: 'allowed account that is not a 12-digit id',
    build: () => stack({ allowedAccounts: ['12345'] }),
    path: P,
    error: /^TestStack\/Policy: each of allowedAccounts must be a literal 12-digit AWS account id, got '12345'$/,
  },
  {
    claim: 'S1-08',
    area: 'DataProtectionPolicy',
    name: 'backup copy region equal to the data\'s region',
    build: () => stack({ backupCopyRegions: ['us-east-1'] }),
    path: P,
    error: /^TestStack\/Policy: backupCopyRegions must name regions other than the policy's region \(us-east-1\), got 'us-east-1'$/,
  },
  {
    claim: 'S1-08',
    area: 'DataProtectionPolicy',
    name: 'backup copy region listed twice',
    build: () => stack({ backupCopyRegions: ['us-west-2', 'us-west-2'] }),
    path: P,
    error: /^TestStack\/Policy: backupCopyRegions must not list 'us-west-2' twice$/,
  },
  {
    area: 'DataProtectionPolicy',
    name: 'data retention of a fraction of a day',
    build: () => stack({ dataRetention: Duration.hours(36) }),
    path: P,
    error: /^TestStack\/Policy: DataProtectionPolicy dataRetention must be a whole number of days, at least 1, got 1 day 12 hours$/,
  },
  {
    area: 'DataProtectionPolicy',
    name: 'data retention given as a token where a literal is needed',
    build: () => stack({ dataRetention: Duration.days(TOKEN_DAYS()) }),
    path: P,
    error: /^TestStack\/Policy: DataProtectionPolicy dataRetention must be a literal duration \(a number of days\), got a token$/,
  },
  {
    claim: 'S1-01',
    area: 'DataProtectionPolicy',
    name: 'no data class declared',
    build: () => stack({ dataClasses: [] }),
    path: P,
    error: /^TestStack\/Policy: dataClasses must declare at least one data class, got none$/,
  },
  {
    claim: 'S1-01',
    area: 'DataProtectionPolicy',
    name: 'data class declared twice',
    build: () => stack({ dataClasses: [DataClass.INTERNAL, DataClass.INTERNAL] }),
    path: P,
    error: /^TestStack\/Policy: dataClasses must not declare 'internal' twice$/,
  },
  {
    area: 'DataProtectionPolicy',
    name: 'claim id not in the catalog',
    build: () => stack({ claims: ['S9-99'] }),
    path: P,
    error: /^TestStack\/Policy: claims must be ids of the claims catalog \(S0-01 \.\.\. S\d-\d\d\), got 'S9-99'$/,
  },
  {
    claim: 'S0-02',
    area: 'DataProtectionPolicy',
    name: 'claim the policy\'s own settings contradict (14-day claim, 30-day backups)',
    build: () => stack({ backup: BackupSchedule.daily(Duration.days(30)), claims: ['S0-02'] }),
    path: P,
    error: /^TestStack\/Policy: claim S0-02 cannot be made by this policy: it promises daily backups kept 14 days, but the policy's backup retention is 30 days$/,
  },
  {
    area: 'DataProtectionPolicy',
    name: 'second policy on the same scope',
    build: () => {
      const s = stack();
      new DataProtectionPolicy(s, 'Other', DEFAULT_POLICY);
    },
    path: 'TestStack/Other',
    error: /^TestStack\/Other: a DataProtectionPolicy already applies to this scope \(TestStack\/Policy\); one policy per scope$/,
  },
  {
    claim: 'S0-04',
    area: 'DataProtectionPolicy',
    name: 'a log group in scope kept shorter than the policy\'s log retention (at synthesis)',
    build: () => {
      const s = stack();
      given(new logs.LogGroup(s, 'Logs', { retention: logs.RetentionDays.ONE_WEEK }));
      (s.node.root as App).synth();
    },
    path: 'TestStack/Logs/Resource',
    error: /^TestStack\/Logs\/Resource: .*keeps logs for 7 days, but the DataProtectionPolicy at TestStack\/Policy keeps logs 365 days .*set retentionInDays to at least that/,
  },

  // ---- BackupSchedule, DataClass, VaultLock (values, not constructs: the API is the "where") ----
  {
    claim: 'S0-02',
    area: 'BackupSchedule',
    name: 'daily retention of zero days',
    build: () => BackupSchedule.daily(Duration.days(0)),
    path: 'BackupSchedule.daily',
    construct: false,
    error: /^BackupSchedule.daily retention must be a whole number of days, at least 1, got 0 days$/,
  },
  {
    claim: 'S0-02',
    area: 'BackupSchedule',
    name: 'daily retention of a fraction of a day',
    build: () => BackupSchedule.daily(Duration.hours(30)),
    path: 'BackupSchedule.daily',
    construct: false,
    error: /^BackupSchedule.daily retention must be a whole number of days, at least 1, got 1 day 6 hours$/,
  },
  {
    area: 'BackupSchedule',
    name: 'cold-storage transition less than 90 days before deletion',
    build: () => BackupSchedule.daily(Duration.days(100), { moveToColdStorageAfter: Duration.days(30) }),
    path: 'BackupSchedule.daily',
    construct: false,
    error: /^BackupSchedule.daily: Daily backups move to cold storage after 30 days and are deleted after 100 days; cold storage must last at least 90 days, so moveToColdStorageAfter must be at most 10 days/,
  },
  {
    claim: 'S4-06',
    area: 'BackupSchedule',
    name: 'GFS weekly tier kept no longer than the daily tier',
    build: () => BackupSchedule.gfs({ daily: Duration.days(7), weekly: Duration.days(7) }),
    path: 'BackupSchedule.gfs',
    construct: false,
    error: /^BackupSchedule.gfs weekly retention must be longer than daily retention \(7 days\), got 7 days$/,
  },
  {
    area: 'BackupSchedule',
    name: 'continuous backups kept longer than 35 days',
    build: () => BackupSchedule.daily(Duration.days(36), { continuousBackup: true }),
    path: 'BackupSchedule.daily',
    construct: false,
    error: /^BackupSchedule.daily: continuous backups are kept 1-35 days, but the daily retention they follow is 36 days$/,
  },
  {
    area: 'BackupSchedule',
    name: 'continuous backups moved to cold storage',
    build: () => BackupSchedule.daily(Duration.days(200), { continuousBackup: true, moveToColdStorageAfter: Duration.days(10) }),
    path: 'BackupSchedule.daily',
    construct: false,
    error: /^BackupSchedule.daily: continuous backups cannot move to cold storage: pass either continuousBackup or moveToColdStorageAfter for the daily backups, got both$/,
  },
  {
    claim: 'S1-01',
    area: 'DataClass',
    name: 'custom class name with spaces and capitals',
    build: () => DataClass.custom({ name: 'Billing Data', label: 'Billing', protectionLevel: ProtectionLevel.CONFIDENTIAL, personalData: false }),
    path: 'DataClass',
    construct: false,
    error: /^DataClass name must be 1-64 lower-case letters, digits or hyphens, starting with a letter or digit, got 'Billing Data'$/,
  },
  {
    claim: 'S2-12',
    area: 'VaultLock',
    name: 'compliance lock changeable for under 3 days',
    build: () => VaultLock.compliance(Duration.days(2)),
    path: 'VaultLock.compliance',
    construct: false,
    error: /^VaultLock.compliance changeableFor must be a whole number of days, at least 3, got 2 days$/,
  },

];
