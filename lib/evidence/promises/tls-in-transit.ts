import { oneOf, PromiseKind } from './kind';
import { ENCRYPTION_IN_TRANSIT } from '../catalog';
import { TLS_VERIFIERS } from '../verifiers/front-door-tls';

/**
 * `tls-in-transit`: data in transit is encrypted with TLS of the minimum version or newer, and
 * unencrypted connections are refused. Made true by the policy's `minimumTlsVersion` (refused
 * when it is lower); the verifier is the catalog's `transit-tls` (S2-02): bucket policies, RDS
 * parameter groups, listener, distribution and service TLS policies.
 */
export const TLS_IN_TRANSIT: PromiseKind = {
  kind: 'tls-in-transit',
  summary: 'data in transit is encrypted with TLS of a minimum version',
  scope: 'infra',
  controls: ENCRYPTION_IN_TRANSIT,
  render(params) {
    const version = oneOf(params, 'minimumVersion', ['1.2', '1.3']);
    return {
      text: `Data in transit is encrypted with TLS ${version}${version === '1.3' ? '' : ' or newer'}; unencrypted connections and older TLS versions are refused.`,
      expected: { minimumTlsVersion: version },
    };
  },
  verify(input) {
    return TLS_VERIFIERS['transit-tls'](input);
  },
  strength: (params) => Number(params.minimumVersion),
};
