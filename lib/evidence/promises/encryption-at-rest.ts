import { oneOf, PromiseKind } from './kind';
import { ENCRYPTION_AT_REST as ENCRYPTION_AT_REST_CONTROLS } from '../catalog';
import { DATA_VERIFIERS } from '../verifiers/data';

const WORDS: Record<string, string> = {
  KMS: 'with AES-256 under customer-managed AWS KMS keys (SSE-KMS)',
  S3_MANAGED: 'with AES-256 (SSE-S3 or stronger)',
};

/**
 * `encryption-at-rest`: every data-holding resource of the templates is encrypted at rest, with
 * a customer-managed KMS key when the promise says `KMS`. Made true by the policy's
 * `atRestEncryption`, which every store of the library follows; the verifier is the catalog's
 * `encrypted-at-rest` (S2-03), so the preset and the kind prove the same facts.
 */
export const ENCRYPTION_AT_REST: PromiseKind = {
  kind: 'encryption-at-rest',
  summary: 'every data store is encrypted at rest',
  scope: 'infra',
  controls: ENCRYPTION_AT_REST_CONTROLS,
  render(params) {
    const encryption = oneOf(params, 'encryption', Object.keys(WORDS));
    return { text: `All persisted data is encrypted at rest ${WORDS[encryption]}.`, expected: { atRestEncryption: encryption } };
  },
  verify(input) {
    return DATA_VERIFIERS['encrypted-at-rest'](input);
  },
  strength: (params) => (params.encryption === 'KMS' ? 2 : 1),
};
