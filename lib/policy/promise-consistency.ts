import type { PolicySettings } from './policy-settings';
import { BackupCopyPromise } from '../promises/backup-copy';
import { BackupFrequencyPromise } from '../promises/backup-frequency';
import { DataPromise } from '../promises/data-promise';
import { DataResidencyPromise } from '../promises/data-residency';
import { EncryptionAtRestPromise } from '../promises/encryption-at-rest';
import { TlsInTransitPromise } from '../promises/tls-in-transit';

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * Why a promise contradicts the policy's own settings, which the constructs read to make it true
 * (a promise of TLS 1.3 under a policy of TLS 1.2 could never be kept), or undefined when it
 * does not. The policy refuses a contradicting promise.
 */
export function contradiction(policy: PolicySettings, p: DataPromise): string | undefined {
  if (p instanceof EncryptionAtRestPromise && !policy.atRestEncryption.isAtLeast(p.encryption)) {
    return `needs the policy's atRestEncryption to be ${p.encryption.name} or stronger, but it is ${policy.atRestEncryption.name}`;
  }
  if (p instanceof TlsInTransitPromise && policy.minimumTlsVersion.version < p.minimumVersion.version) {
    return `needs the policy's minimumTlsVersion to be ${p.minimumVersion.toString()} or newer, but it is ${policy.minimumTlsVersion.toString()}`;
  }
  if (p instanceof BackupCopyPromise) {
    const missing = p.regions.filter((r) => !policy.backupCopyRegions.includes(r));
    if (missing.length > 0) {
      return `names ${missing.join(', ')}, which the policy's backupCopyRegions (${policy.backupCopyRegions.join(', ') || 'none'}) do not list`;
    }
  }
  if (p instanceof DataResidencyPromise && (policy.region !== p.region || !sameSet(p.copyRegions, policy.backupCopyRegions))) {
    return `needs the policy's region to be ${p.region} and its backupCopyRegions ${p.copyRegions.join(', ') || 'none'}, `
      + `but they are ${policy.region ?? '(none)'} and ${policy.backupCopyRegions.join(', ') || 'none'}`;
  }
  if (p instanceof BackupFrequencyPromise && !policy.backup.rules.some((r) => r.name === p.tier.ruleName)) {
    return `needs a ${p.tier.ruleName} rule in the policy's backup schedule (${policy.backup.summary})`;
  }
  return undefined;
}
