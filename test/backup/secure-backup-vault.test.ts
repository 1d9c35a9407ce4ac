import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BackupSchedule, DataClass, SecureBackupVault, VaultLock } from '../../lib';
import { checkedApp, errorOf, findings, stackWithPolicy } from '../helpers/compliance';

const JAM = BackupSchedule.gfs({ hourly: Duration.days(2), daily: Duration.days(7), weekly: Duration.days(28), monthly: Duration.days(365) });

describe('SecureBackupVault', () => {
  test('S2-03 encrypts recovery points with a rotating customer-managed key, retained on delete', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new SecureBackupVault(stack, 'Vault');

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Backup::BackupVault', {
      EncryptionKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^VaultKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
  });

  test('S0-02 locks the vault in governance mode with the 14-day policy as minimum retention', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    const vault = new SecureBackupVault(stack, 'Vault');

    // THEN: Vault Lock needs max > min, so the maximum is one day more
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', {
      LockConfiguration: { MinRetentionDays: 14, MaxRetentionDays: 15, ChangeableForDays: Match.absent() },
    });
    expect(vault.lock.mode).toBe('GOVERNANCE');
  });

  test('S4-06 the lock spans the shortest and longest tiers of a GFS schedule', () => {
    // GIVEN
    const stack = stackWithPolicy(undefined, { backup: JAM });

    // WHEN
    new SecureBackupVault(stack, 'Vault');

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', {
      LockConfiguration: { MinRetentionDays: 2, MaxRetentionDays: 365 },
    });
  });

  test('compliance mode sets the grace time', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new SecureBackupVault(stack, 'Vault', { lock: VaultLock.compliance(Duration.days(3)) });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', {
      LockConfiguration: { ChangeableForDays: 3 },
    });
  });

  test('refuses a compliance lock with under 3 days of grace', () => {
    // GIVEN / WHEN
    const error = errorOf(() => VaultLock.compliance(Duration.days(2)));

    // THEN
    expect(error.name).toBe('DataProtectionError');
    expect(error.message).toBe('VaultLock.compliance changeableFor must be a whole number of days, at least 3, got 2 days');
  });

  test('denies deleting recovery points or shortening their lifecycle to everyone', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new SecureBackupVault(stack, 'Vault');

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', {
      AccessPolicy: {
        Statement: [{
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'],
          Resource: '*',
        }],
      },
    });
  });

  test('S1-01 is tagged with the most protected declared class, or the one given', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new SecureBackupVault(stack, 'Default');
    new SecureBackupVault(stack, 'Internal', { dataClass: DataClass.INTERNAL });

    // THEN
    const tags = Object.values(Template.fromStack(stack).findResources('AWS::Backup::BackupVault'))
      .map((v: any) => v.Properties.BackupVaultTags['data-class']);
    expect(tags).toEqual(['customer-user-data', 'internal']);
  });

  test('S2-12 reports copy and S3 object failures to the notification topic', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const topic = new sns.Topic(stack, 'Topic');

    // WHEN
    new SecureBackupVault(stack, 'Vault', { notificationTopic: topic });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', {
      Notifications: {
        BackupVaultEvents: ['COPY_JOB_FAILED', 'S3_BACKUP_OBJECT_FAILED', 'S3_RESTORE_OBJECT_FAILED'],
        SNSTopicArn: { Ref: Match.stringLikeRegexp('^Topic') },
      },
    });
  });

  test.each([
    ['a minimum above the shortest rule', { minRetention: Duration.days(20) }, /vault lock retention 20-21 days would fail the policy's backups, kept 14-14 days .*allowed: minRetention at most 14 days, maxRetention at least 14 days/],
    ['a maximum not above the minimum', { minRetention: Duration.days(14), maxRetention: Duration.days(14) }, /vault lock retention must satisfy 1 <= minRetention < maxRetention <= 36500 days, got minRetention 14 and maxRetention 14 days/],
    ['a maximum over 36500 days', { maxRetention: Duration.days(40000) }, /maxRetention <= 36500 days, got minRetention 14 and maxRetention 40000 days/],
    ['a malformed vault name', { backupVaultName: 'a b' }, /backupVaultName must be 2-50 letters, digits, '-' or '_', got 'a b'/],
    ['an undeclared data class', { dataClass: DataClass.custom({ name: 'secrets', label: 'Secrets', protectionLevel: 'RESTRICTED' as any, personalData: false }) }, /data class 'secrets' is not declared/],
  ])('refuses %s', (_name, props, message) => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    const error = errorOf(() => new SecureBackupVault(stack, 'Vault', props));

    // THEN
    expect(error.name).toBe('DataProtectionError');
    expect(error.message).toMatch(/^TestStack\/Vault: /);
    expect(error.message).toMatch(message);
  });

  test('S1-08 asCopyTarget names the region and the vault; needs a literal name', () => {
    // GIVEN
    const stack = stackWithPolicy(new App(), {}, { env: { region: 'us-east-1' } });

    // WHEN
    const named = new SecureBackupVault(stack, 'Named', { backupVaultName: 'copies' });
    const generated = new SecureBackupVault(stack, 'Generated');

    // THEN
    expect(named.asCopyTarget()).toEqual({ region: 'us-east-1', backupVaultName: 'copies' });
    expect(() => generated.asCopyTarget()).toThrow(/TestStack\/Generated: a copy target needs a literal backupVaultName and a stack with a literal region, got backupVaultName '\(generated\)' in region 'us-east-1'/);
  });

  test('needs a policy in scope', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Bare');

    // WHEN / THEN
    expect(() => new SecureBackupVault(stack, 'Vault')).toThrow(/Bare\/Vault: no DataProtectionPolicy applies here/);
  });

  test('passes every compliance pack and the Control Tower rules with no acknowledgement', () => {
    // GIVEN
    const app = checkedApp();
    const stack = stackWithPolicy(app);

    // WHEN
    new SecureBackupVault(stack, 'Vault');

    // THEN
    expect(findings(app)).toEqual([]);
  });
});
