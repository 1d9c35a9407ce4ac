import { PromiseKind, PromiseParameterError } from './kind';
import { REDUNDANCY } from '../catalog';
import { REDUNDANCY_VERIFIERS } from '../verifiers/redundancy';

/** The shape of an AWS region name (`us-east-1`, `us-gov-west-1`); the policy checks the name is a known region. */
const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** An AWS region name of a parameter, checked. */
export function regionParam(params: Record<string, any>, name: string): string {
  const region = params[name];
  if (typeof region !== 'string' || !REGION_NAME.test(region)) {
    throw new PromiseParameterError(`${name} must be an AWS region name (us-east-1), got ${JSON.stringify(region)}`);
  }
  return region;
}

/** The AWS region names of a parameter, checked. */
export function regionsParam(params: Record<string, any>, name: string, minimum: number): string[] {
  const regions = params[name];
  if (!Array.isArray(regions) || regions.length < minimum || regions.some((r) => typeof r !== 'string' || !REGION_NAME.test(r))) {
    throw new PromiseParameterError(`${name} must list at least ${minimum} AWS region name${minimum === 1 ? '' : 's'} (us-east-1), got ${JSON.stringify(regions)}`);
  }
  return regions;
}

/**
 * `backup-copy`: every classified data store is backed up (or replicated) and its backups are
 * copied to each named region. Made true by the policy's `backupCopyRegions` (refused when a
 * region is missing from it) and `SecureBackupPlan`'s copy targets; the verifier is the
 * catalog's `redundant-copies` (S2-11), with the promised regions as `copyRegions`.
 */
export const BACKUP_COPY: PromiseKind = {
  kind: 'backup-copy',
  summary: 'backups are copied to named other regions',
  scope: 'infra',
  controls: REDUNDANCY,
  render(params) {
    const regions = regionsParam(params, 'regions', 1);
    return {
      text: `Every customer data store is backed up, and every backup is copied to ${regions.length === 1 ? 'another region' : 'other regions'}: ${regions.join(', ')}.`,
      expected: { copyRegions: regions.join(',') },
    };
  },
  verify(input) {
    return REDUNDANCY_VERIFIERS['redundant-copies'](input);
  },
};
