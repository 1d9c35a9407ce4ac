import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { DataProtectionError } from '../private/errors';

/**
 * An organizational unit (or the organization's root) that the baseline is deployed to.
 *
 * The StackSet targets the unit itself, so every account in it now or later receives the
 * baseline (auto-deployment); the service control policies and the backup policy are attached
 * to it.
 */
export interface OrganizationTarget {
  /**
   * The id of the organizational unit (`ou-ab12-cd34ef56`) or of the root (`r-ab12`).
   *
   * @see https://docs.aws.amazon.com/organizations/latest/APIReference/API_OrganizationalUnit.html
   */
  readonly organizationalUnitId: string;

  /**
   * The accounts known to be in the unit today, for the evidence report: it shows each promise
   * per account and region of this list. Deployment does not depend on it (the StackSet targets
   * the unit, new accounts are enrolled automatically); the list is not checked against the
   * organization at synthesis.
   *
   * @default - the report shows the unit, not its accounts
   */
  readonly accounts?: string[];
}

/** An OU id (`ou-` root part of 4-32 characters, `-`, 8-32 characters) or a root id (`r-` and 4-32 characters). */
const OU_ID = /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/;

/**
 * Refuses a target that is not a literal OU or root id, a duplicate, or an account id that is
 * not 12 digits.
 *
 * @see https://docs.aws.amazon.com/organizations/latest/APIReference/API_OrganizationalUnit.html (the id patterns)
 */
export function validateTargets(targets: OrganizationTarget[], scope: IConstruct): OrganizationTarget[] {
  if (targets.length === 0) {
    throw new DataProtectionError('targets must name at least one organizational unit (ou-xxxx-xxxxxxxx) or root (r-xxxx), got none', scope);
  }
  const seen = new Set<string>();
  const accounts = new Set<string>();
  for (const target of targets) {
    const id = target.organizationalUnitId;
    if (Token.isUnresolved(id) || !OU_ID.test(id)) {
      throw new DataProtectionError(
        `each target must be a literal organizational unit id (ou-xxxx-xxxxxxxx) or root id (r-xxxx), got '${id}'`, scope);
    }
    if (seen.has(id)) {
      throw new DataProtectionError(`targets must not name '${id}' twice`, scope);
    }
    seen.add(id);
    for (const account of target.accounts ?? []) {
      if (Token.isUnresolved(account) || !/^\d{12}$/.test(account)) {
        throw new DataProtectionError(`the accounts of target ${id} must be literal 12-digit AWS account ids, got '${account}'`, scope);
      }
      if (accounts.has(account)) {
        throw new DataProtectionError(`account ${account} is listed under more than one target (an account is in one organizational unit)`, scope);
      }
      accounts.add(account);
    }
  }
  return targets.map((t) => ({ organizationalUnitId: t.organizationalUnitId, accounts: [...(t.accounts ?? [])] }));
}
