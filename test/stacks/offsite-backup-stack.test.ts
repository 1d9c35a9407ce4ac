import { App, Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { OffsiteBackupStack, VaultLock } from '../../lib';
import { DEFAULT_POLICY, errorOf } from '../helpers/compliance';

const POLICY = { ...DEFAULT_POLICY, backupCopyRegions: ['us-east-2', 'us-west-2'] };

describe('OffsiteBackupStack', () => {
  test('S1-08 holds a named, locked vault in its own region', () => {
    // GIVEN / WHEN
    const stack = new OffsiteBackupStack(new App(), 'Offsite', { policy: POLICY, region: 'us-west-2' });

    // THEN
    expect(stack.region).toBe('us-west-2');
    expect(stack.vault.asCopyTarget()).toEqual({ region: 'us-west-2', backupVaultName: 'cdk-data-protection-copies' });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', {
      BackupVaultName: 'cdk-data-protection-copies',
      LockConfiguration: { MinRetentionDays: 14, MaxRetentionDays: 15 },
    });
  });

  test('S0-05 its policy is the service\'s, re-homed to the copy region, with no copies of its own', () => {
    // GIVEN / WHEN
    const stack = new OffsiteBackupStack(new App(), 'Offsite', { policy: POLICY, region: 'us-east-2', lock: VaultLock.compliance(Duration.days(3)) });

    // THEN
    expect(stack.policy.region).toBe('us-east-2');
    expect(stack.policy.backupCopyRegions).toEqual([]);
    expect(stack.policy.backup.retention.toDays()).toBe(14);
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', { LockConfiguration: { ChangeableForDays: 3 } });
  });

  test('refuses a region the policy does not declare for copies', () => {
    // GIVEN / WHEN
    const error = errorOf(() => new OffsiteBackupStack(new App(), 'Offsite', { policy: POLICY, region: 'eu-west-1' }));

    // THEN
    expect(error.name).toBe('DataProtectionError');
    expect(error.message).toBe("Offsite: region must be one of the policy's backupCopyRegions (us-east-2, us-west-2), got 'eu-west-1'");
  });
});
