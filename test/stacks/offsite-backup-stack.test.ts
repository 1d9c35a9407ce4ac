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
    expect(stack.vault.asCopyTarget()).toEqual({ region: 'us-west-2', backupVaultName: 'Offsite-copies' });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', {
      BackupVaultName: 'Offsite-copies',
      LockConfiguration: { MinRetentionDays: 14, MaxRetentionDays: 15 },
    });
  });

  test('S1-08 two apps copying into the same account and region get two vaults: the default name is the stack\'s', () => {
    // GIVEN: two apps, each with its off-site stack in us-west-2 (one with a long stack name)
    const first = new OffsiteBackupStack(new App(), 'BillingCopies', { policy: POLICY, region: 'us-west-2' });
    const second = new OffsiteBackupStack(new App(), 'Copies', {
      policy: POLICY, region: 'us-west-2', stackName: 'a-stack-name-far-longer-than-the-fifty-characters-of-a-vault-name',
    });

    // WHEN
    const names = [first, second].map((s) => s.vault.asCopyTarget().backupVaultName);

    // THEN: distinct, literal (the copying plan names them by ARN), and valid vault names
    expect(names[0]).toBe('BillingCopies-copies');
    expect(names[1]).not.toBe(names[0]);
    for (const name of names) {
      expect(name).toMatch(/^[a-zA-Z0-9_-]{2,50}$/);
    }
    Template.fromStack(second).hasResourceProperties('AWS::Backup::BackupVault', { BackupVaultName: names[1] });
  });

  test('S1-08 a given vault name is kept', () => {
    // GIVEN / WHEN
    const stack = new OffsiteBackupStack(new App(), 'Offsite', { policy: POLICY, region: 'us-west-2', backupVaultName: 'my-copies' });

    // THEN
    expect(stack.vault.asCopyTarget().backupVaultName).toBe('my-copies');
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
