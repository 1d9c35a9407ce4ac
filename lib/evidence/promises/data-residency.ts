import { regionParam, regionsParam } from './backup-copy';
import { PromiseKind, PromiseParameterError } from './kind';
import { REGION } from '../catalog';
import { IDENTITY_VERIFIERS } from '../verifiers/identity';

/**
 * `data-residency`: data is hosted in one named region, and only backup copies leave it, to the
 * named regions. Made true by the policy's `region` and `backupCopyRegions` (the promise is
 * refused when they differ) and `MfaGatedAccess`'s Deny outside those regions; the verifier is
 * the catalog's `region-pinned` (S0-05): every stack's region, and an attached Deny outside exactly
 * the allowed regions.
 */
export const DATA_RESIDENCY: PromiseKind = {
  kind: 'data-residency',
  summary: 'data is hosted in one named region',
  scope: 'infra',
  controls: REGION,
  render(params) {
    const region = regionParam(params, 'region');
    const copies = params.copyRegions === undefined ? [] : regionsParam(params, 'copyRegions', 0);
    if (copies.includes(region)) {
      throw new PromiseParameterError(`copyRegions must name other regions than ${region}, got ${copies.join(', ')}`);
    }
    return {
      text: `Data is hosted in one AWS region, ${region}${copies.length > 0 ? `; only backup copies are kept outside it, in ${copies.join(' and ')}` : ''}.`,
      expected: { region, allowedRegions: [region, ...copies].join(',') },
    };
  },
  verify(input) {
    return IDENTITY_VERIFIERS['region-pinned'](input);
  },
};
