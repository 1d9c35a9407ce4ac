import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { DATA_PLANE_READ_ACTIONS, EVIDENCE_READER_ACTIONS } from './evidence-reader-actions';
import { MfaGatedAccess } from './mfa-gated-access';
import { Compliance } from '../compliance/acknowledgement';
import { DataProtectionError } from '../private/errors';
import { describeDuration } from '../private/validate';

/**
 * Properties of `EvidenceReaderRole`.
 */
export interface EvidenceReaderRoleProps {
  /**
   * Who may assume the role (always with MFA): AWS account ids (`123456789012`, any IAM user or role
   * of that account whose own policies allow `sts:AssumeRole` on this role) or the ARNs of IAM roles
   * or users (`arn:aws:iam::123456789012:role/auditor`). A wildcard (`*`, or `*` inside an ARN) is
   * refused: with it, anyone with MFA in any account could read the account's configuration.
   */
  readonly trustedPrincipals: string[];

  /**
   * The longest time since the MFA sign-in after which the role may still be assumed.
   * 15 minutes to 12 hours.
   *
   * @default Duration.hours(1)
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthage
   */
  readonly mfaMaxAge?: Duration;

  /**
   * The longest session of the role. 1 to 12 hours (a session from role chaining lasts at most one hour).
   *
   * @default Duration.hours(1)
   */
  readonly maxSessionDuration?: Duration;

  /**
   * The role's name (an auditor's profile names it in `role_arn`).
   *
   * @default - a name CloudFormation generates
   */
  readonly roleName?: string;
}

/** A 12-digit AWS account id. */
const ACCOUNT_ID = /^\d{12}$/;
/** The ARN of an IAM role or user (a path is allowed, a wildcard is not). */
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;

/**
 * A least-privilege role for `cdk-data-protection observe`: an auditor (or a CI job acting for
 * one) assumes it with MFA and reads the operating facts of each promise from the live account,
 * without administrator rights and without reading customer data.
 *
 * - The permissions are the read-only actions of `EvidenceReaderRole.ACTIONS`, listed one by one
 *   (no `s3:Get*`-style wildcard): stack status, template and drift; backup, copy and restore jobs;
 *   subscriptions and rules; the detectors' status; the settings of log groups, buckets, databases
 *   and keys. No action reads data (`s3:GetObject`, DynamoDB item reads, log events, secret values,
 *   `kms:Decrypt` are refused at synthesis, even when added to the role later).
 * - The trust policy requires MFA (`aws:MultiFactorAuthPresent` true) no older than `mfaMaxAge`
 *   (`aws:MultiFactorAuthAge`), and names the trusted accounts or roles; a wildcard is refused.
 * - The role sits under `MfaGatedAccess.ROLE_PATH`, so an `MfaGatedAccess` MFA guard lets a user
 *   with long-term keys assume it with an MFA token (the trust policy checks the token itself).
 *
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
export class EvidenceReaderRole extends Construct {
  /**
   * The actions the role allows, one by one: what the `observe` command may call.
   */
  public static readonly ACTIONS: string[] = [...EVIDENCE_READER_ACTIONS];

  /** The role. */
  public readonly role: iam.Role;

  /** The ARN of the role (an auditor's profile names it in `role_arn`). */
  public readonly roleArn: string;

  /** The managed policy with the read-only actions. */
  public readonly readPolicy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: EvidenceReaderRoleProps) {
    super(scope, id);
    const principals = validatePrincipals(props.trustedPrincipals, this);
    const mfaMaxAge = validateDuration('mfaMaxAge', props.mfaMaxAge ?? Duration.hours(1), 15 * 60, 12 * 3600, '15 minutes-12 hours', this);
    const maxSessionDuration = validateDuration('maxSessionDuration', props.maxSessionDuration ?? Duration.hours(1),
      3600, 12 * 3600, '1-12 hours', this);
    const conditions = {
      Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      NumericLessThan: { 'aws:MultiFactorAuthAge': `${mfaMaxAge.toSeconds()}` },
    };

    this.readPolicy = new iam.ManagedPolicy(this, 'ReadPolicy', {
      description: 'Read-only metadata for cdk-data-protection observe: no data-plane read',
      statements: [new iam.PolicyStatement({
        sid: 'ReadOperatingFacts',
        actions: [...EVIDENCE_READER_ACTIONS],
        resources: ['*'],
      })],
    });
    Compliance._standing(this.readPolicy, {
      ruleId: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'the reader reads the configuration of every stack, bucket, key, trail and job of the account; each action is listed'
        + ' by name, none reads data, and several (backup:ListBackupJobs, guardduty:ListDetectors, logs:DescribeLogGroups,'
        + ' cloudtrail:DescribeTrails, sts:GetCallerIdentity) support no resource-level permissions',
    });

    this.role = new iam.Role(this, 'Resource', {
      assumedBy: new iam.PrincipalWithConditions(principals[0], conditions),
      roleName: props.roleName,
      path: MfaGatedAccess.ROLE_PATH,
      maxSessionDuration,
      description: 'Read-only evidence reader for cdk-data-protection observe; MFA required',
      managedPolicies: [this.readPolicy],
    });
    for (const principal of principals.slice(1)) {
      this.role.assumeRolePolicy!.addStatements(new iam.PolicyStatement({
        actions: ['sts:AssumeRole'],
        principals: [principal],
        conditions,
      }));
    }
    this.roleArn = this.role.roleArn;
    this.node.addValidation({ validate: () => readerViolations(this) });
  }
}

function validatePrincipals(given: string[] | undefined, scope: IConstruct): iam.IPrincipal[] {
  if (!given || given.length === 0) {
    throw new DataProtectionError('trustedPrincipals must name at least one account id or IAM role or user ARN, got none', scope);
  }
  return given.map((p) => {
    if (Token.isUnresolved(p)) {
      // An account id or ARN from a parameter or another stack: checked by IAM at deployment.
      return p.startsWith('arn:') ? new iam.ArnPrincipal(p) : new iam.AccountPrincipal(p);
    }
    if (p.includes('*') || p.includes('?')) {
      throw new DataProtectionError(
        `trustedPrincipals must name accounts, roles or users, not a wildcard: with '*', anyone with MFA in any AWS account could read this account's configuration, got '${p}'`,
        scope);
    }
    if (ACCOUNT_ID.test(p)) {
      return new iam.AccountPrincipal(p);
    }
    if (PRINCIPAL_ARN.test(p)) {
      return new iam.ArnPrincipal(p);
    }
    throw new DataProtectionError(
      `trustedPrincipals must each be a 12-digit account id or an IAM role or user ARN (arn:aws:iam::123456789012:role/auditor), got '${p}'`,
      scope);
  });
}

function validateDuration(name: string, d: Duration, minSeconds: number, maxSeconds: number, range: string, scope: IConstruct): Duration {
  const seconds = d.isUnresolved() ? undefined : d.toSeconds({ integral: false });
  if (seconds !== undefined && !(seconds >= minSeconds && seconds <= maxSeconds)) {
    throw new DataProtectionError(`${name} must be ${range}, got ${describeDuration(d)}`, scope);
  }
  return d;
}

/**
 * What the reader's policies allow that a reader must not have: a wildcard action, or an action
 * that reads customer data or secrets. Checked at synthesis, so a statement added later to the
 * role (`reader.role.addToPolicy`) is caught too.
 */
function readerViolations(reader: EvidenceReaderRole): string[] {
  const stack = Stack.of(reader);
  const forbidden = new Set(DATA_PLANE_READ_ACTIONS.map((a) => a.toLowerCase()));
  const errors: string[] = [];
  const documents = reader.node.findAll()
    .map((c) => (c instanceof iam.ManagedPolicy || c instanceof iam.Policy ? c.document : undefined))
    .filter((d): d is iam.PolicyDocument => d !== undefined);
  for (const document of documents) {
    type Statement = { Effect?: string; Action?: string | string[]; NotAction?: unknown };
    const json = stack.resolve(document.toJSON()) as { Statement?: Statement[] } | undefined;
    for (const statement of json?.Statement ?? []) {
      if (statement.Effect !== 'Allow') {
        continue;
      }
      if (statement.NotAction !== undefined) {
        errors.push('the evidence reader allows a NotAction statement, which grants every other action; list the read-only actions one by one');
      }
      const actions = statement.Action === undefined ? [] : Array.isArray(statement.Action) ? statement.Action : [statement.Action];
      for (const action of actions) {
        if (action.includes('*') || action.includes('?')) {
          errors.push(`the evidence reader allows the wildcard action '${action}'; list the read-only actions one by one (EvidenceReaderRole.ACTIONS)`);
        } else if (forbidden.has(action.toLowerCase())) {
          errors.push(`the evidence reader allows '${action}', which reads customer data or secrets; the reader reads configuration only`);
        }
      }
    }
  }
  return errors;
}
