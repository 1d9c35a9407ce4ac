import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { Compliance } from '../compliance/acknowledgement';
import { DataProtectionPolicy } from '../policy/data-protection-policy';
import { sdkCall } from '../private/custom-resource-findings';
import { DataProtectionError } from '../private/errors';
import { wholeDays } from '../private/validate';

/** The values IAM accepts for each setting of the account password policy. */
const LIMITS = { minimumLength: { min: 6, max: 128 }, reusePrevention: { min: 1, max: 24 }, maxAgeDays: { min: 1, max: 1095 } };
/** The CIS AWS Foundations Benchmark (1.8, 1.9) values. */
const CIS = { minimumLength: 14, reusePrevention: 24 };

/**
 * Properties of an `AccountPasswordPolicy`. The defaults are the CIS AWS Foundations
 * Benchmark's; a weaker value than CIS is refused.
 */
export interface AccountPasswordPolicyProps {
  /**
   * The shortest password IAM users may set: 14-128 characters.
   *
   * @default 14
   */
  readonly minimumLength?: number;

  /**
   * How many previous passwords a user may not reuse: 24 (the most IAM remembers).
   *
   * @default 24
   */
  readonly reusePrevention?: number;

  /**
   * How long a password is valid, 1-1095 days. NIST SP 800-63B advises against periodic
   * changes; CIS 1.x asked for 90 days.
   *
   * @default - passwords do not expire
   */
  readonly maxAge?: Duration;
}

/**
 * The account's IAM password policy (claims S0-09, S1-03: strong, unique passwords):
 * at least 14 characters with upper- and lower-case letters, digits and symbols, the last 24
 * passwords not reused, users may change their own password, and an expired password needs an
 * administrator (`HardExpiry`) only when a maximum age is set.
 *
 * CloudFormation has no resource for it: a custom resource calls IAM
 * `UpdateAccountPasswordPolicy` on create and update. Deleting the stack leaves the policy in
 * place: weakening passwords must be a deliberate act.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
 */
export class AccountPasswordPolicy extends Construct {
  /** The shortest password allowed. */
  public readonly minimumLength: number;
  /** How many previous passwords may not be reused. */
  public readonly reusePrevention: number;
  /** How long a password is valid, in days, if it expires. */
  public readonly maxAgeDays?: number;
  /** The custom resource that sets the policy. */
  public readonly resource: cr.AwsCustomResource;

  constructor(scope: Construct, id: string, props: AccountPasswordPolicyProps = {}) {
    super(scope, id);
    DataProtectionPolicy.of(this);
    this.minimumLength = inRange('minimumLength', props.minimumLength ?? CIS.minimumLength, CIS.minimumLength, LIMITS.minimumLength.max, this);
    this.reusePrevention = inRange('reusePrevention', props.reusePrevention ?? CIS.reusePrevention, CIS.reusePrevention,
      LIMITS.reusePrevention.max, this);
    this.maxAgeDays = props.maxAge === undefined ? undefined
      : inRange('maxAge (days)', wholeDays('maxAge', props.maxAge, this), LIMITS.maxAgeDays.min, LIMITS.maxAgeDays.max, this);

    const parameters = {
      MinimumPasswordLength: this.minimumLength,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      AllowUsersToChangePassword: true,
      PasswordReusePrevention: this.reusePrevention,
      ...(this.maxAgeDays === undefined ? {} : { MaxPasswordAge: this.maxAgeDays, HardExpiry: false }),
    };
    const call: cr.AwsSdkCall = {
      service: 'IAM',
      action: 'updateAccountPasswordPolicy',
      parameters,
      // One policy per account: the id is the account's, so a second stack updates the same policy.
      physicalResourceId: cr.PhysicalResourceId.of(`account-password-policy-${Stack.of(this).account}`),
    };
    this.resource = sdkCall(this, 'Resource', call, [
      // iam:UpdateAccountPasswordPolicy supports no resource-level permissions.
      new iam.PolicyStatement({ actions: ['iam:UpdateAccountPasswordPolicy'], resources: ['*'] }),
    ], true);
    Compliance._standing(this.resource, {
      ruleId: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'iam:UpdateAccountPasswordPolicy supports no resource-level permissions (IAM accepts only \'*\'); it changes only the account password policy.',
    });
  }
}

function inRange(what: string, value: number, min: number, max: number, scope: Construct): number {
  if (Token.isUnresolved(value) || !Number.isInteger(value) || value < min || value > max) {
    throw new DataProtectionError(`${what} must be a whole number from ${min} to ${max}, got ${value}`, scope);
  }
  return value;
}
