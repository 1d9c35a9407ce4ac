import { DataPromise } from './data-promise';

/** Properties of an `MfaAccessPromise`. */
export interface MfaAccessPromiseProps {
  /**
   * The promise's id in reports.
   * @default 'mfa-access'
   */
  readonly id?: string;
}

/**
 * "Access to production requires MFA": `MfaGatedAccess` makes it true; the report checks every
 * role principals of an account may assume requires MFA, a policy denies everything but MFA
 * self-service without it, and no IAM user has a password or an access key.
 */
export class MfaAccessPromise extends DataPromise {
  constructor(props: MfaAccessPromiseProps = {}) {
    super(props.id ?? 'mfa-access', 'mfa-access', {});
  }
}
