import { PromiseKind, PromiseParameterError } from './kind';
import { MFA } from '../catalog';
import { IDENTITY_VERIFIERS } from '../verifiers/identity';

/**
 * `mfa-access`: access to the production accounts requires multi-factor authentication. Made
 * true by `MfaGatedAccess`; the verifier is the catalog's `mfa-required` (S0-09): every role
 * that principals of an account may assume requires MFA, a policy denies everything but MFA
 * self-service without it, and no IAM user has a password or an access key.
 */
export const MFA_ACCESS: PromiseKind = {
  kind: 'mfa-access',
  summary: 'access to the production accounts requires MFA',
  scope: 'infra',
  controls: MFA,
  render(params) {
    if (Object.keys(params).length > 0) {
      throw new PromiseParameterError(`it takes no parameters, got ${JSON.stringify(params)}`);
    }
    return {
      text: 'Access to production accounts and data requires multi-factor authentication; no one holds a long-lived IAM password or access key.',
      expected: {},
    };
  },
  verify(input) {
    return IDENTITY_VERIFIERS['mfa-required'](input);
  },
};
