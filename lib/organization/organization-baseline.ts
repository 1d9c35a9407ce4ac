import { Annotations, Token } from 'aws-cdk-lib';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import { Capability, DeploymentType, StackSet, StackSetTarget, StackSetTemplate } from 'cdk-stacksets';
import { Construct } from 'constructs';
import { AccountBaselineStack } from './account-baseline-stack';
import { BACKUP_PLAN_NAME, backupPolicyDocument } from './backup-policy';
import { BaselineRollout, operationPreferences } from './operation-preferences';
import { OrganizationTarget, validateTargets } from './organization-target';
import { mfaDocument, regionPinningDocument } from './service-control-policies';
import { VaultLock } from '../backup/vault-lock';
import { AlertReceiver } from '../detection/alert-receiver';
import { ThreatDetectionProps } from '../detection/threat-detection';
import { DataProtectionPolicy } from '../policy/data-protection-policy';
import { DataProtectionError } from '../private/errors';
import { ORGANIZATION_METADATA_KEY, ORGANIZATION_QUOTAS } from '../private/organization-quotas';
import { requireKnownRegion } from '../private/region-validation';

export { ORGANIZATION_QUOTAS, ORGANIZATION_METADATA_KEY };

/**
 * Properties of an `OrganizationBaseline`.
 */
export interface OrganizationBaselineProps {
  /** The organizational units (or the root) that receive the baseline, the guardrails and the backup policy. */
  readonly targets: OrganizationTarget[];

  /**
   * The common prefix of the asset buckets: one bucket `${assetBucketPrefix}-${region}` per
   * region of `regions`, in the deploying account, readable by the organization's accounts
   * (`aws:PrincipalOrgID`). The baseline's custom resources (password policy, AWS Config's
   * service-linked role) have code; cdk-stacksets copies it into these buckets, since the
   * accounts of a StackSet cannot read the CDK bootstrap bucket of the deploying account.
   * `OrganizationBaselineStage` creates them.
   */
  readonly assetBucketPrefix: string;

  /**
   * The regions the StackSet deploys the account baseline to, in rollout order. They must
   * include the policy's region and its `backupCopyRegions` (whose vaults receive the copies).
   *
   * @default - the policy's region, then its backup copy regions
   */
  readonly regions?: string[];

  /**
   * Who receives security findings, CIS alarms and backup failures in each account.
   *
   * @default - none: the alert claims are not proven until a receiver subscribes
   */
  readonly alertReceivers?: AlertReceiver[];

  /**
   * Whether the organization already runs an organization trail; then accounts get no trail of their own.
   *
   * @default false
   */
  readonly organizationTrail?: boolean;

  /**
   * How the detection services are set up in each account.
   *
   * @default - GuardDuty, Security Hub and Inspector through their delegated administrator, AWS Config created
   */
  readonly threatDetection?: ThreatDetectionProps;

  /**
   * How the StackSet rolls out over accounts and regions.
   *
   * @default - one account at a time, the first failure stops, regions one after the other
   */
  readonly rollout?: BaselineRollout;

  /**
   * Whether an account's stacks (with its trail, vault and recovery points) are kept when the
   * account leaves a target unit.
   *
   * @default true: leaving the organization does not delete evidence or backups
   */
  readonly retainStacksOnAccountRemoval?: boolean;

  /**
   * Whether the StackSet is deployed from a delegated administrator account of CloudFormation
   * StackSets rather than the management account (`CallAs: DELEGATED_ADMIN`).
   *
   * @default false
   */
  readonly delegatedAdministrator?: boolean;

  /**
   * ARN patterns of the roles people assume (with MFA), denied without MFA like IAM users
   * (`arn:aws:iam::*:role/Admin*`). Roles of IAM Identity Center are not listed: their sign-in
   * MFA is enforced by Identity Center, and AWS sets no MFA key on their sessions.
   *
   * @default - IAM users only
   */
  readonly humanRoleArnPatterns?: string[];

  /**
   * An account whose vault of the same name, in each backup region, receives a copy of every
   * recovery point (cross-account copy). Its vault must allow the organization to copy into it.
   *
   * @default - copies go only to the policy's backup copy regions
   */
  readonly backupCopyAccount?: string;

  /**
   * How the vault lock protects recovery points in each account.
   *
   * @default VaultLock.GOVERNANCE
   */
  readonly vaultLock?: VaultLock;

  /**
   * The name of the backup vault in every account and region.
   *
   * @default 'cdk-data-protection'
   */
  readonly backupVaultName?: string;

  /**
   * The name of the StackSet.
   *
   * @default 'cdk-data-protection-baseline'
   */
  readonly stackSetName?: string;
}

/**
 * The baseline of an AWS Organization from one `DataProtectionPolicy`.
 *
 * - the per-account baseline (`AccountBaselineStack`) deployed as a CloudFormation StackSet
 *   with service-managed permissions to the target units and regions, new accounts enrolled
 *   automatically;
 * - a service control policy that pins calls to the policy's regions (global services, the CDK
 *   bootstrap roles and service-linked roles exempt) and one that denies people without MFA;
 * - an Organizations backup policy with the policy's schedule, retention and copies, into the
 *   locked vaults the StackSet creates.
 *
 * Deploy it from the management account (or the delegated administrator of StackSets and of
 * Organizations policies), with SCPs and backup policies enabled in the organization.
 */
export class OrganizationBaseline extends Construct {
  /** The template every account receives. */
  public readonly accountBaseline: AccountBaselineStack;
  /** The StackSet. */
  public readonly stackSet: StackSet;
  /** The service control policy that denies calls outside the allowed regions. */
  public readonly regionPinning: organizations.CfnPolicy;
  /** The service control policy that denies people without MFA. */
  public readonly mfaRequired: organizations.CfnPolicy;
  /** The backup policy. */
  public readonly backupPolicy: organizations.CfnPolicy;
  /** The regions of the StackSet, which the region-pinning SCP allows. */
  public readonly regions: string[];
  /** The target units. */
  public readonly targets: OrganizationTarget[];

  constructor(scope: Construct, id: string, props: OrganizationBaselineProps) {
    super(scope, id);
    const policy = DataProtectionPolicy.of(this);
    this.targets = validateTargets(props.targets, this);
    this.regions = validateRegions(props.regions, policy, this);
    const prefix = validateName('assetBucketPrefix', props.assetBucketPrefix, /^[a-z0-9][a-z0-9.-]{1,40}$/, '2-41 lowercase letters, digits, dots or hyphens', this);
    const vaultName = validateName('backupVaultName', props.backupVaultName ?? 'cdk-data-protection', /^[a-zA-Z0-9\-_]{2,50}$/, '2-50 letters, digits, - or _', this);
    const stackSetName = validateName('stackSetName', props.stackSetName ?? 'cdk-data-protection-baseline', /^[a-zA-Z][a-zA-Z0-9-]{0,127}$/,
      'a letter, then up to 127 letters, digits or hyphens', this);
    if (props.backupCopyAccount !== undefined && (Token.isUnresolved(props.backupCopyAccount) || !/^\d{12}$/.test(props.backupCopyAccount))) {
      throw new DataProtectionError(`backupCopyAccount must be a literal 12-digit AWS account id, got '${props.backupCopyAccount}'`, this);
    }
    for (const pattern of props.humanRoleArnPatterns ?? []) {
      if (Token.isUnresolved(pattern) || !/^arn:aws[a-z-]*:iam::(\*|\d{12}):role\/\S+$/.test(pattern)) {
        throw new DataProtectionError(`each of humanRoleArnPatterns must be an IAM role ARN pattern (arn:aws:iam::*:role/Admin*), got '${pattern}'`, this);
      }
    }
    const homeRegion = this.regions[0];
    const roleName = 'cdk-data-protection-backup';

    this.accountBaseline = new AccountBaselineStack(this, 'AccountBaseline', {
      regions: this.regions,
      assetBucketPrefix: prefix,
      homeRegion,
      backupVaultName: vaultName,
      backupRoleName: roleName,
      vaultLock: props.vaultLock,
      alertReceivers: props.alertReceivers,
      organizationTrail: props.organizationTrail,
      threatDetection: props.threatDetection,
    });

    const ouIds = this.targets.map((t) => t.organizationalUnitId);
    this.stackSet = new StackSet(this, 'StackSet', {
      stackSetName,
      description: 'cdk-data-protection: the per-account baseline of the organization',
      template: StackSetTemplate.fromStackSetStack(this.accountBaseline),
      target: StackSetTarget.fromOrganizationalUnits({ regions: this.regions, organizationalUnits: ouIds }),
      deploymentType: DeploymentType.serviceManaged({
        autoDeployEnabled: true,
        autoDeployRetainStacks: props.retainStacksOnAccountRemoval ?? true,
        delegatedAdmin: props.delegatedAdministrator ?? false,
      }),
      managedExecution: true,
      operationPreferences: operationPreferences(props.rollout ?? {}, this.regions, this),
      capabilities: [Capability.IAM, Capability.NAMED_IAM],
    });
    (this.stackSet.node.defaultChild as any).addMetadata(ORGANIZATION_METADATA_KEY, {
      version: 1,
      targets: this.targets,
      regions: this.regions,
      templateFile: this.accountBaseline.templateFile,
    });

    const allowedRegions = [...this.regions];
    this.regionPinning = this.policy('RegionPinning', 'SERVICE_CONTROL_POLICY', `${stackSetName}-region-pinning`,
      `Denies calls outside ${allowedRegions.join(', ')} (global services, CDK bootstrap roles and service-linked roles exempt)`,
      regionPinningDocument(allowedRegions), ORGANIZATION_QUOTAS.scpCharacters, ouIds);
    this.mfaRequired = this.policy('MfaRequired', 'SERVICE_CONTROL_POLICY', `${stackSetName}-mfa-required`,
      'Denies IAM users and the roles people assume every call but MFA self-service without MFA',
      mfaDocument(props.humanRoleArnPatterns ?? []), ORGANIZATION_QUOTAS.scpCharacters, ouIds);
    const backupRegions = this.regions.filter((r) => !policy.backupCopyRegions.includes(r));
    this.backupPolicy = this.policy('BackupPolicy', 'BACKUP_POLICY', `${stackSetName}-backup`,
      `${policy.backup.summary}, plan ${BACKUP_PLAN_NAME}, into the locked vault ${vaultName}`,
      backupPolicyDocument(policy, { regions: backupRegions, vaultName, roleName, copyAccount: props.backupCopyAccount }),
      ORGANIZATION_QUOTAS.backupPolicyCharacters, ouIds);

    if (props.organizationTrail) {
      Annotations.of(this).addWarningV2('cdk-data-protection:organization-trail',
        'organizationTrail: accounts get no trail of their own; the audit claims rest on the organization trail, which this app does not define.');
    }
  }

  private policy(id: string, type: string, name: string, description: string, content: Record<string, any>, quota: number,
    targetIds: string[]): organizations.CfnPolicy {
    const size = JSON.stringify(content).length;
    if (size > quota) {
      throw new DataProtectionError(`the ${type} ${name} is ${size} characters, over the AWS Organizations quota of ${quota}`, this);
    }
    return new organizations.CfnPolicy(this, id, { name, type, description: description.slice(0, 512), content, targetIds });
  }
}

function validateRegions(given: string[] | undefined, policy: DataProtectionPolicy, scope: Construct): string[] {
  const regions = given ?? [...(policy.region ? [policy.region] : []), ...policy.backupCopyRegions];
  if (regions.length === 0) {
    throw new DataProtectionError('regions must name at least one region (the policy names none: give `regions` or the policy\'s `region`)', scope);
  }
  const seen = new Set<string>();
  for (const region of regions) {
    if (Token.isUnresolved(region) || !/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/.test(region)) {
      throw new DataProtectionError(`each of regions must be a literal AWS region name such as 'eu-west-1', got '${region}'`, scope);
    }
    requireKnownRegion('each of regions', region, scope);
    if (seen.has(region)) {
      throw new DataProtectionError(`regions must not list '${region}' twice`, scope);
    }
    seen.add(region);
  }
  for (const needed of [...(policy.region ? [policy.region] : []), ...policy.backupCopyRegions]) {
    if (!seen.has(needed)) {
      throw new DataProtectionError(`regions must include ${needed} (the policy's region or one of its backupCopyRegions, whose vaults the baseline creates), got ${regions.join(', ')}`, scope);
    }
  }
  return [...regions];
}

function validateName(what: string, value: string, pattern: RegExp, allowed: string, scope: Construct): string {
  if (Token.isUnresolved(value) || !pattern.test(value)) {
    throw new DataProtectionError(`${what} must be ${allowed}, got '${value}'`, scope);
  }
  return value;
}
