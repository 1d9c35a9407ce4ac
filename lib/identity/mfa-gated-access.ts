import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { Compliance } from '../compliance/acknowledgement';
import { ComplianceRules } from '../compliance/rule-ids';
import { DataClass } from '../policy/data-class';
import { DataProtectionPolicy } from '../policy/data-protection-policy';
import { DataProtectionError } from '../private/errors';
import { requireKnownRegion } from '../private/region-validation';
import { describeDuration } from '../private/validate';

/**
 * Properties of `MfaGatedAccess`.
 */
export interface MfaGatedAccessProps {
  /**
   * The principals that may assume the administrator, developer and read-only roles
   * (always with MFA).
   *
   * @default - the root of this stack's account, i.e. IAM users and roles of the account whose own policies allow it
   */
  readonly trustedPrincipals?: iam.IPrincipal[];

  /**
   * The longest time since the MFA sign-in after which the roles may still be assumed.
   * 15 minutes to 12 hours.
   *
   * @default Duration.hours(1)
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthage
   */
  readonly mfaMaxAge?: Duration;

  /**
   * The longest session of every role. 1 to 12 hours.
   *
   * @default Duration.hours(1)
   */
  readonly maxSessionDuration?: Duration;

  /**
   * The VPC (for example the admin VPN's VPC, reached through VPC endpoints) from which the
   * administrator and developer roles may make changes (claim S2-09).
   *
   * @default - no VPC restriction; with `requireSourceIps` unset too, changes are allowed from anywhere (with MFA)
   */
  readonly requireSourceVpc?: string;

  /**
   * The public IP ranges (for example the admin VPN's NAT addresses) from which the
   * administrator and developer roles may make changes (claim S2-09).
   *
   * @default - no IP restriction; with `requireSourceVpc` unset too, changes are allowed from anywhere (with MFA)
   */
  readonly requireSourceIps?: string[];

  /**
   * Regions besides the policy's region (and its backup copy regions) in which the roles may act.
   * Only used when the `DataProtectionPolicy` names a region.
   *
   * Each must be a region of aws-cdk-lib's `RegionInfo.regions` (refused at synthesis otherwise); a token is refused.
   *
   * @default - none
   */
  readonly additionalRegions?: string[];

  /**
   * The ARNs of the named IAM users or roles that may assume the PII-access role (claim S1-03).
   * Account roots and wildcards are refused: PII access is granted to named staff only.
   *
   * @default - no PII-access role is created
   */
  readonly piiAccessPrincipals?: string[];
}

/**
 * Actions of global services (or global calls of regional services), which are sent to
 * us-east-1 or carry no region and so are exempt from region pinning.
 */
const GLOBAL_ACTIONS = [
  'iam:*', 'sts:*', 'organizations:*', 'account:*', 'support:*', 'trustedadvisor:*', 'health:*',
  'cloudfront:*', 'route53:*', 'route53domains:*', 'waf:*', 'wafv2:*', 'shield:*', 'globalaccelerator:*',
  'budgets:*', 'ce:*', 'cur:*', 'pricing:*', 'aws-portal:*',
  // From the AWS Control Tower region-deny control: certificates of CloudFront live in us-east-1,
  // account-wide S3 and analyzer settings, the global network and trail lookups.
  'acm:*', 'access-analyzer:*', 'networkmanager:*', 'cloudtrail:LookupEvents', 'cloudtrail:DescribeTrails',
  's3:GetAccountPublic*', 's3:PutAccountPublic*', 's3:ListMultiRegionAccessPoints',
  's3:ListAllMyBuckets', 's3:GetBucketLocation', 'ec2:DescribeRegions',
];

/** MFA self-service: what a principal without MFA may still do (set up its MFA device). */
const MFA_SELF_SERVICE_ACTIONS = [
  'iam:CreateVirtualMFADevice', 'iam:DeleteVirtualMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:ResyncMFADevice',
  'iam:ListVirtualMFADevices', 'iam:GetUser', 'iam:ChangePassword', 'sts:GetSessionToken',
];

/**
 * Metadata reads that the administrator and developer roles may make from outside the admin
 * network (everything else, including data reads, is denied there). IAM does not accept
 * wildcards in the service prefix (`*:Get*`), so the reads are listed per service.
 */
const READS_OUTSIDE_SOURCE = [
  'sts:GetCallerIdentity', 'iam:Get*', 'iam:List*', 'ec2:Describe*',
  'cloudformation:Describe*', 'cloudformation:List*', 'cloudformation:GetTemplate*',
  'cloudwatch:Describe*', 'cloudwatch:GetMetric*', 'cloudwatch:List*',
  'backup:Describe*', 'backup:List*', 'logs:Describe*',
];

/** What the PII-access role may read from data stores tagged with a personal-data class. */
const PII_READ_ACTIONS = [
  's3:GetObject', 's3:GetObjectVersion', 's3:ListBucket', 'kms:Decrypt', 'kms:DescribeKey',
  'dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:DescribeTable',
];

/**
 * What the administrator, developer and read-only roles may not do on data stores tagged with a
 * personal-data class (claim S1-03: only the PII role reads personal data): read or write objects
 * and items, read secrets, use the stores' keys (which S3 and the other services need to decrypt
 * for the caller), and connect to databases with IAM authentication (whose `dbuser` resource
 * carries no tags, so it is denied outright).
 */
const PERSONAL_DATA_DENIED_ACTIONS = [
  'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:GenerateDataKey*',
  's3:GetObject', 's3:GetObjectVersion', 's3:PutObject',
  'dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:PutItem', 'dynamodb:UpdateItem',
  'secretsmanager:GetSecretValue',
];

/**
 * Roles for human access that work only with MFA (claims S0-09, S1-05, S4-08), only in the
 * policy's regions (S4-01), for changes only from the admin network (S2-09), with PII
 * readable only by named staff (S1-03). Humans get roles, never IAM users with keys (S2-16).
 *
 * Every role's trust policy requires `aws:MultiFactorAuthPresent` and a recent MFA sign-in;
 * every role carries the `requireMfaPolicy` too, which can also be attached to IAM groups.
 *
 * The roles are for IAM principals that sign in with MFA (users of an identity account, or
 * roles assumed from an MFA session). Federated sessions (IAM Identity Center, SAML) carry no
 * `aws:MultiFactorAuthPresent` key, so they cannot assume these roles: enforce MFA in the
 * identity provider and grant access through permission sets there.
 *
 * The PII-access role reads S3 objects by the bucket's `data-class` tag, which IAM evaluates
 * only for buckets with attribute-based access control (ABAC) enabled; `SecureBucket` does not
 * enable it yet, so grant S3 reads of personal data by bucket ARN until it does.
 *
 * @example
 * new MfaGatedAccess(stack, 'Access', {
 *   requireSourceIps: ['203.0.113.0/24'],
 *   piiAccessPrincipals: ['arn:aws:iam::111111111111:role/dpo-alice'],
 * });
 */
export class MfaGatedAccess extends Construct {
  /**
   * The IAM path of every role this construct creates. Without MFA context, `sts:AssumeRole`
   * is allowed only on roles under this path (their trust policies require MFA); reserve it for them.
   */
  public static readonly ROLE_PATH = '/mfa-gated/';

  /** Full access (AdministratorAccess). */
  public readonly administrator: iam.Role;
  /** Everything but IAM and Organizations (PowerUserAccess). */
  public readonly developer: iam.Role;
  /** Read-only access (ReadOnlyAccess). */
  public readonly readOnly: iam.Role;
  /** Read access to data stores tagged with a personal-data class; only when `piiAccessPrincipals` is given. */
  public readonly piiAccess?: iam.Role;

  /**
   * Denies everything but MFA self-service to a session without MFA, and allows that self-service
   * on the caller's own user. Attached to every role; attach it to IAM groups of humans as well.
   */
  public readonly requireMfaPolicy: iam.ManagedPolicy;
  /** Denies actions outside the allowed regions; only when the policy names a region. */
  public readonly regionPinningPolicy?: iam.ManagedPolicy;
  /** Denies changes from outside the admin network; only when a source is required. */
  public readonly sourceRestrictionPolicy?: iam.ManagedPolicy;
  /** The PII read permissions; only when `piiAccessPrincipals` is given. */
  public readonly piiReadPolicy?: iam.ManagedPolicy;
  /**
   * Denies the administrator, developer and read-only roles the data stores tagged with a
   * personal-data class (claim S1-03); only when the policy declares one.
   */
  public readonly personalDataDenyPolicy?: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: MfaGatedAccessProps = {}) {
    super(scope, id);
    const policy = DataProtectionPolicy.of(this);
    const mfaMaxAge = validateDuration('mfaMaxAge', props.mfaMaxAge ?? Duration.hours(1), 15 * 60, 12 * 3600, '15 minutes-12 hours', this);
    const maxSessionDuration = validateDuration('maxSessionDuration', props.maxSessionDuration ?? Duration.hours(1),
      3600, 12 * 3600, '1-12 hours', this);
    const trusted = props.trustedPrincipals ?? [new iam.AccountRootPrincipal()];
    if (trusted.length === 0) {
      throw new DataProtectionError('trustedPrincipals must name at least one principal, got none', this);
    }
    for (const principal of trusted) {
      const json = JSON.stringify(Stack.of(this).resolve(principal.policyFragment.principalJson));
      if (json.includes('"*"')) {
        throw new DataProtectionError(
          'trustedPrincipals must name accounts, users or roles, not \'*\': with a wildcard, anyone with MFA in any AWS account could ' +
          `assume the administrator role, got ${json}`, this);
      }
    }
    validateSourcesAndRegions(props, this);
    // Checked before the first role is created: a refused list leaves no role behind.
    const piiPrincipals = props.piiAccessPrincipals === undefined ? undefined : validatePiiPrincipals(props.piiAccessPrincipals, this);
    const personalClasses = policy.dataClasses.filter((c) => c.personalData);
    if (piiPrincipals !== undefined && personalClasses.length === 0) {
      throw new DataProtectionError('piiAccessPrincipals needs a DataProtectionPolicy that declares a personal-data class, got none', this);
    }
    const regions = this.allowedRegions(policy, props.additionalRegions);
    const sourceConditions = sourceRestriction(props, this);
    const trustConditions = {
      Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      NumericLessThan: { 'aws:MultiFactorAuthAge': `${mfaMaxAge.toSeconds()}` },
    };

    const role = (roleId: string, principals: iam.IPrincipal[], description: string): iam.Role => {
      const r = new iam.Role(this, roleId, {
        assumedBy: new iam.PrincipalWithConditions(principals[0], trustConditions),
        maxSessionDuration,
        description,
        path: MfaGatedAccess.ROLE_PATH,
      });
      for (const p of principals.slice(1)) {
        r.assumeRolePolicy!.addStatements(new iam.PolicyStatement({
          actions: ['sts:AssumeRole'],
          principals: [p],
          conditions: trustConditions,
        }));
      }
      return r;
    };

    this.administrator = role('Administrator', trusted, 'Human administrator access; MFA required');
    this.developer = role('Developer', trusted, 'Human developer access (no IAM); MFA required');
    this.readOnly = role('ReadOnly', trusted, 'Human read-only access; MFA required');
    const roles = [this.administrator, this.developer, this.readOnly];

    // Every acknowledgement's reason must be true for this app: the admin network only when a source is required.
    this.attachAwsManaged(this.administrator, 'AdministratorAccess',
      'the administrator role is break-glass full access by design; it is assumable only with recent MFA'
      + (sourceConditions ? ' and changes only from the admin network' : ''));
    this.attachAwsManaged(this.developer, 'PowerUserAccess',
      'the developer role uses the AWS-maintained PowerUserAccess (no IAM or Organizations changes), assumable only with recent MFA');
    this.attachAwsManaged(this.readOnly, 'ReadOnlyAccess',
      'the read-only role uses the AWS-maintained ReadOnlyAccess, which tracks new services; assumable only with recent MFA');

    if (piiPrincipals !== undefined) {
      this.piiAccess = role('PiiAccess', piiPrincipals.map((arn) => new iam.ArnPrincipal(arn)),
        'Read access to personal data for named staff; MFA required');
      this.piiReadPolicy = this.piiPolicy(personalClasses);
      this.piiAccess.addManagedPolicy(this.piiReadPolicy);
      roles.push(this.piiAccess);
    }

    this.requireMfaPolicy = this.mfaPolicy();
    Compliance._standing(this.requireMfaPolicy, {
      ruleId: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'iam:ListVirtualMFADevices supports no resource-level permissions; MFA self-service on devices and users is scoped to the caller\'s own user',
    });
    roles.forEach((r) => r.addManagedPolicy(this.requireMfaPolicy));

    if (regions) {
      this.regionPinningPolicy = new iam.ManagedPolicy(this, 'RegionPinning', {
        description: `Denies actions outside ${regions.join(', ')} except global services`,
        statements: [new iam.PolicyStatement({
          sid: 'DenyOutsideAllowedRegions',
          effect: iam.Effect.DENY,
          notActions: GLOBAL_ACTIONS,
          resources: ['*'],
          conditions: { StringNotEquals: { 'aws:RequestedRegion': regions } },
        })],
      });
      roles.forEach((r) => r.addManagedPolicy(this.regionPinningPolicy!));
    }

    const personal = personalClasses;
    if (personal.length > 0) {
      this.personalDataDenyPolicy = new iam.ManagedPolicy(this, 'PersonalDataDeny', {
        description: `Denies the broad human roles the data stores tagged ${DataClass.TAG_KEY} = ${personal.map((c) => c.name).join(' | ')}`,
        statements: [new iam.PolicyStatement({
          sid: 'DenyPersonalDataStores',
          effect: iam.Effect.DENY,
          actions: PERSONAL_DATA_DENIED_ACTIONS,
          resources: ['*'],
          conditions: { StringEquals: { [`aws:ResourceTag/${DataClass.TAG_KEY}`]: personal.map((c) => c.name) } },
        }), new iam.PolicyStatement({
          sid: 'DenyDatabaseConnections',
          effect: iam.Effect.DENY,
          actions: ['rds-db:connect'],
          resources: ['*'],
        })],
      });
      [this.administrator, this.developer, this.readOnly].forEach((r) => r.addManagedPolicy(this.personalDataDenyPolicy!));
    }

    if (sourceConditions) {
      this.sourceRestrictionPolicy = new iam.ManagedPolicy(this, 'SourceRestriction', {
        description: 'Denies changes from outside the admin network unless an AWS service acts for the role',
        statements: [new iam.PolicyStatement({
          sid: 'DenyChangesOutsideAdminNetwork',
          effect: iam.Effect.DENY,
          notActions: READS_OUTSIDE_SOURCE,
          resources: ['*'],
          conditions: sourceConditions,
        })],
      });
      this.administrator.addManagedPolicy(this.sourceRestrictionPolicy);
      this.developer.addManagedPolicy(this.sourceRestrictionPolicy);
    }
  }

  private attachAwsManaged(r: iam.Role, policyName: string, reason: string): void {
    r.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName(policyName));
    Compliance._standing(r, { ruleId: ComplianceRules.awsManagedPolicy(policyName), reason });
  }

  /**
   * The MFA guard. A naive `Deny NotAction <self-service> BoolIfExists MultiFactorAuthPresent false`
   * also denies `sts:AssumeRole` made with long-term keys plus an MFA token (the key is absent
   * for such a call), which breaks the usual `mfa_serial` + `role_arn` profile used by
   * `cdk deploy` (aws/aws-cdk#27622). Here, `sts:AssumeRole` without MFA context is denied on
   * every role except the MFA-gated roles (under `ROLE_PATH`), whose trust policies check the MFA
   * token themselves; the CDK bootstrap roles (`cdk-hnb659fds-*`) can so be assumed only from an
   * MFA session, e.g. from one of these roles.
   */
  private mfaPolicy(): iam.ManagedPolicy {
    const stack = Stack.of(this);
    // Not when an AWS service acts with the caller's credentials (CloudFormation creating
    // resources, `cdk bootstrap` without a service role): those requests carry MFA-present false.
    const noMfa = { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false', 'aws:ViaAWSService': 'false' } };
    return new iam.ManagedPolicy(this, 'RequireMfa', {
      description: 'Denies everything but MFA self-service without MFA',
      statements: [
        new iam.PolicyStatement({
          sid: 'AllowOwnMfaSelfService',
          actions: MFA_SELF_SERVICE_ACTIONS.filter((a) => a !== 'iam:ListVirtualMFADevices' && a !== 'sts:GetSessionToken'),
          resources: [
            stack.formatArn({ service: 'iam', region: '', resource: 'mfa', resourceName: '${aws:username}' }),
            stack.formatArn({ service: 'iam', region: '', resource: 'user', resourceName: '${aws:username}' }),
          ],
        }),
        new iam.PolicyStatement({
          sid: 'AllowListVirtualMfaDevices',
          actions: ['iam:ListVirtualMFADevices'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'DenyAllButSelfServiceWithoutMfa',
          effect: iam.Effect.DENY,
          notActions: [...MFA_SELF_SERVICE_ACTIONS, 'sts:AssumeRole'],
          resources: ['*'],
          conditions: noMfa,
        }),
        new iam.PolicyStatement({
          sid: 'DenyAssumeOtherRolesWithoutMfa',
          effect: iam.Effect.DENY,
          actions: ['sts:AssumeRole'],
          // A path, not the role ARNs: the roles carry this policy, so their ARNs would make a cycle.
          notResources: [stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: `${MfaGatedAccess.ROLE_PATH.slice(1)}*` })],
          conditions: noMfa,
        }),
      ],
    });
  }

  private piiPolicy(personal: DataClass[]): iam.ManagedPolicy {
    const p = new iam.ManagedPolicy(this, 'PiiRead', {
      description: `Read access to data stores tagged ${DataClass.TAG_KEY} = ${personal.map((c) => c.name).join(' | ')}`,
      statements: [new iam.PolicyStatement({
        sid: 'ReadPersonalDataStores',
        actions: PII_READ_ACTIONS,
        resources: ['*'],
        conditions: { StringEquals: { [`aws:ResourceTag/${DataClass.TAG_KEY}`]: personal.map((c) => c.name) } },
      })],
    });
    Compliance._standing(p, {
      ruleId: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'the PII read statement applies to any data store, but only to those tagged with a personal-data class (aws:ResourceTag condition)',
    });
    return p;
  }

  private allowedRegions(policy: DataProtectionPolicy, additional: string[] = []): string[] | undefined {
    if (policy.region === undefined) {
      if (additional.length > 0) {
        throw new DataProtectionError(
          `additionalRegions (${additional.join(', ')}) needs a DataProtectionPolicy that names a region, got a policy without region`, this);
      }
      return undefined;
    }
    return [...new Set([policy.region, ...policy.backupCopyRegions, ...additional])];
  }
}

function validateDuration(name: string, d: Duration, minSeconds: number, maxSeconds: number, range: string, scope: Construct): Duration {
  // Not-a-number amounts fail every comparison: `!(in range)` refuses them too.
  const seconds = d.isUnresolved() ? undefined : d.toSeconds({ integral: false });
  if (seconds !== undefined && !(seconds >= minSeconds && seconds <= maxSeconds)) {
    throw new DataProtectionError(`${name} must be ${range}, got ${describeDuration(d)}`, scope);
  }
  return d;
}

const NAMED_PRINCIPAL = /^arn:aws[a-z-]*:iam::\d{12}:(user|role)\/[\w+=,.@/-]+$/;

function validatePiiPrincipals(arns: string[], scope: Construct): string[] {
  if (arns.length === 0) {
    throw new DataProtectionError('piiAccessPrincipals must name at least one IAM user or role, got none', scope);
  }
  for (const arn of arns) {
    if (!Token.isUnresolved(arn) && !NAMED_PRINCIPAL.test(arn)) {
      throw new DataProtectionError(
        `piiAccessPrincipals must be ARNs of named IAM users or roles (arn:aws:iam::<account>:user/<name> or :role/<name>, no wildcards), got '${arn}'`,
        scope);
    }
  }
  return arns;
}

/** An IPv4 or IPv6 CIDR block, as aws:SourceIp takes it. */
const CIDR = /^(\d{1,3}(\.\d{1,3}){3}\/(\d|[12]\d|3[0-2])|[0-9a-fA-F:]*:[0-9a-fA-F:]*\/(\d{1,2}|1[01]\d|12[0-8]))$/;

/**
 * Refuses, before any role is created, a source VPC that is not a VPC id, source IPs that are
 * not CIDR blocks and additional regions that are not region names: IAM would accept such
 * conditions, which then match nothing (or everything).
 */
function validateSourcesAndRegions(props: MfaGatedAccessProps, scope: Construct): void {
  const vpc = props.requireSourceVpc;
  if (vpc !== undefined && !Token.isUnresolved(vpc) && !/^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/.test(vpc)) {
    throw new DataProtectionError(`requireSourceVpc must be a VPC id such as vpc-0123456789abcdef0 (or a VPC's vpcId), got '${vpc}'`, scope);
  }
  for (const ip of props.requireSourceIps ?? []) {
    const octets = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\//.exec(ip);
    if (!Token.isUnresolved(ip) && (!CIDR.test(ip) || (octets !== null && octets.slice(1).some((o) => Number(o) > 255)))) {
      throw new DataProtectionError(`requireSourceIps must hold IPv4 or IPv6 CIDR blocks such as 203.0.113.0/24, got '${ip}'`, scope);
    }
    if (!Token.isUnresolved(ip) && /\/0+$/.test(ip)) {
      // A /0 block matches every address: the restriction would restrict nothing (claim S2-09).
      throw new DataProtectionError(
        `requireSourceIps must name the admin network, not every address: a /0 block matches all of ${ip.includes(':') ? 'IPv6' : 'IPv4'}, got '${ip}'`, scope);
    }
  }
  for (const region of props.additionalRegions ?? []) {
    if (Token.isUnresolved(region) || !/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/.test(region)) {
      throw new DataProtectionError(`additionalRegions must hold literal AWS region names such as 'eu-west-1', got '${region}'`, scope);
    }
    requireKnownRegion('additionalRegions', region, scope);
  }
}

function sourceRestriction(props: MfaGatedAccessProps, scope: Construct): { [key: string]: any } | undefined {
  const ips = props.requireSourceIps;
  if (ips !== undefined && ips.length === 0) {
    throw new DataProtectionError('requireSourceIps must name at least one CIDR range, got none', scope);
  }
  if (!props.requireSourceVpc && !ips) {
    return undefined;
  }
  const conditions: { [key: string]: any } = { Bool: { 'aws:ViaAWSService': 'false' } };
  if (ips) {
    conditions.NotIpAddress = { 'aws:SourceIp': ips };
  }
  if (props.requireSourceVpc) {
    conditions.StringNotEqualsIfExists = { 'aws:SourceVpc': props.requireSourceVpc };
  }
  return conditions;
}
