import { Annotations, ArnFormat, CfnResource, Duration, IResolvable, Lazy, Names, Stack, TagManager, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { BackupCopyTarget, SecureBackupVault } from './secure-backup-vault';
import { VaultLock } from './vault-lock';
import { Compliance } from '../compliance/acknowledgement';
import { ComplianceRules } from '../compliance/rule-ids';
import { AlertReceiver, subscribeReceivers } from '../detection/alert-receiver';
import { DataClass } from '../policy/data-class';
import { DataProtectionPolicy } from '../policy/data-protection-policy';
import { DataProtectionError } from '../private/errors';
import { PROPS } from '../private/props-specs';
import { validatePropsShape } from '../private/props-validation';
import { requireKnownRegion } from '../private/region-validation';
import { secureTopic, topicTarget } from '../private/sns-defaults';
import { describeDuration } from '../private/validate';

/**
 * The resource types a restore test can restore.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing.html
 */
export enum RestoreTestResourceType {
  /** Amazon RDS DB instances. */
  RDS = 'RDS',
  /** Amazon Aurora clusters. */
  AURORA = 'Aurora',
  /** Amazon S3 buckets. */
  S3 = 'S3',
  /** Amazon DynamoDB tables. */
  DYNAMODB = 'DynamoDB',
  /** Amazon EFS file systems. */
  EFS = 'EFS',
  /** Amazon EBS volumes. */
  EBS = 'EBS',
}

/**
 * Properties of a `SecureBackupPlan`. Every property has a default taken from the
 * `DataProtectionPolicy`.
 */
export interface SecureBackupPlanProps {
  /**
   * The plan name: 1-50 letters, digits, `-`, `_` or `.`.
   *
   * @default - derived from the construct path
   */
  readonly backupPlanName?: string;

  /**
   * The vault the plan writes recovery points to.
   *
   * Must be in the region of the construct's stack, or it is refused at synthesis naming both regions; a region
   * that is a token (an environment-agnostic stack, an ARN from a parameter) cannot be compared and is not checked.
   *
   * @default - a new SecureBackupVault, locked with `lock`, reporting failures to `alertTopic`
   */
  readonly vault?: SecureBackupVault;

  /**
   * How the default vault is locked. Only without `vault`.
   *
   * @default VaultLock.GOVERNANCE
   */
  readonly lock?: VaultLock;

  /**
   * The vaults in other regions that receive a copy of every recovery point (claims S1-08,
   * S2-11). Must name exactly the policy's `backupCopyRegions`, one vault each.
   *
   * @default - none; an error when the policy declares backupCopyRegions
   */
  readonly copyTargets?: BackupCopyTarget[];

  /**
   * Where failed, aborted or expired backup, copy and restore-test jobs are reported
   * (claim S2-12). Subscribe the on-call channel to it.
   *
   * @default - a new KMS-encrypted topic, TLS-only
   */
  readonly alertTopic?: sns.ITopic;

  /**
   * Who receives the failure alerts (claim S2-12: a topic nobody subscribes to alerts nobody;
   * the evidence report proves the alerts only with a receiver): e-mail, HTTPS, a chat channel
   * or a queue, subscribed to `alertTopic`.
   *
   * @default - none: subscribe the on-call channel to `alertTopic` yourself
   */
  readonly alertReceivers?: AlertReceiver[];

  /**
   * The resource types whose recovery points are restored by the restore tests
   * (claims S1-10, S2-13).
   *
   * @default - RDS and S3
   */
  readonly restoreTestResourceTypes?: RestoreTestResourceType[];

  /**
   * How long a restored resource is kept for validation before AWS Backup deletes it:
   * 1-168 hours.
   *
   * @default Duration.hours(4)
   */
  readonly restoreTestValidationWindow?: Duration;

  /**
   * Add an AWS Backup Audit Manager framework whose controls check retention, encryption,
   * vault lock and cross-region copies of every recovery point. Needs AWS Config recording
   * in the account.
   *
   * @default false
   */
  readonly auditFramework?: boolean;
}

/**
 * The resource types AWS Backup protects, with the ARN of each, for the explicit
 * selection of the data stores in the plan's own stack.
 */
const BACKUP_SUPPORTED_ARN: Record<string, string> = {
  'AWS::RDS::DBInstance': 'DBInstanceArn',
  'AWS::RDS::DBCluster': 'DBClusterArn',
  'AWS::S3::Bucket': 'Arn',
  'AWS::DynamoDB::Table': 'Arn',
  'AWS::EFS::FileSystem': 'Arn',
};

/** The EventBridge detail types of AWS Backup jobs, and the states that need a human. */
const FAILED_JOB_PATTERN: events.EventPattern = {
  source: ['aws.backup'],
  detailType: ['Backup Job State Change', 'Copy Job State Change', 'Restore Job State Change'],
  detail: { state: ['FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL'] },
};

/**
 * The AWS-managed policies of the AWS Backup service role: backup and restore of every
 * supported type, S3 included.
 */
const BACKUP_ROLE_POLICIES = [
  'service-role/AWSBackupServiceRolePolicyForBackup',
  'service-role/AWSBackupServiceRolePolicyForRestores',
  'AWSBackupServiceRolePolicyForS3Backup',
  'AWSBackupServiceRolePolicyForS3Restore',
];

/**
 * An AWS Backup plan that makes the policy's backup promises true (claims S0-01, S0-02,
 * S1-08, S1-09, S1-10, S2-11, S2-12, S2-13, S4-06):
 * - one rule per tier of the policy's `BackupSchedule`, with its schedule and retention;
 * - a locked, KMS-encrypted vault (`SecureBackupVault`);
 * - every data store tagged with a declared data class is selected by its tag, so stores
 *   are backed up without being listed; the stores of the plan's own stack are also
 *   listed by ARN, so a reviewer finds each of them in the template;
 * - copies of every recovery point to vaults in the policy's `backupCopyRegions`;
 * - a restore testing plan on the policy's `restoreTesting` schedule, with a selection per
 *   protected resource type and a validation window;
 * - an EventBridge rule that reports failed, aborted, expired or partial backup, copy and
 *   restore jobs to an encrypted SNS topic, next to the vault's own failure notifications.
 *
 * The underlying `backup.BackupPlan` is the child `Resource` (`node.defaultChild`).
 */
export class SecureBackupPlan extends Construct {
  /** The plan. */
  public readonly plan: backup.BackupPlan;
  /** The vault recovery points are written to. */
  public readonly vault: SecureBackupVault;
  /** Where failed jobs are reported. */
  public readonly alertTopic: sns.ITopic;
  /** The role AWS Backup assumes to back up, restore and test restores. */
  public readonly role: iam.Role;
  /** The restore testing plan. */
  public readonly restoreTestingPlan: backup.CfnRestoreTestingPlan;
  /** The EventBridge rule on failed jobs. */
  public readonly failedJobsRule: events.Rule;

  constructor(scope: Construct, id: string, props: SecureBackupPlanProps = {}) {
    super(scope, id);
    validatePropsShape(this, 'SecureBackupPlan', props, PROPS.SecureBackupPlan);
    const policy = DataProtectionPolicy.of(this);
    if (props.vault && props.lock) {
      throw new DataProtectionError('lock applies to the default vault only; set the lock on the SecureBackupVault passed as vault', this);
    }
    const copyTargets = validateCopyTargets(this, policy, props.copyTargets ?? []);
    const resourceTypes = validateResourceTypes(this, props.restoreTestResourceTypes ?? [RestoreTestResourceType.RDS, RestoreTestResourceType.S3]);
    const validationHours = validateValidationWindow(this, props.restoreTestValidationWindow ?? Duration.hours(4));
    const backupPlanName = validatePlanName(this, props.backupPlanName ?? Names.uniqueResourceName(this, { maxLength: 50 }));

    this.alertTopic = props.alertTopic ?? secureTopic(this, 'Alerts', 'Backup failures', ['events.amazonaws.com', 'backup.amazonaws.com']);
    subscribeReceivers(this, this.alertTopic, props.alertReceivers ?? [], 'alertReceivers');
    this.vault = props.vault ?? new SecureBackupVault(this, 'Vault', { lock: props.lock, notificationTopic: this.alertTopic });

    const copyVaults = copyTargets.map((t) => backup.BackupVault.fromBackupVaultArn(this, `CopyTarget-${t.region}`, Stack.of(this).formatArn({
      service: 'backup',
      region: t.region,
      resource: 'backup-vault',
      resourceName: t.backupVaultName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    })));

    this.plan = new backup.BackupPlan(this, 'Resource', {
      backupPlanName,
      backupVault: this.vault.vault,
      backupPlanRules: policy.backup.rules.map((rule) => new backup.BackupPlanRule({
        ruleName: rule.name,
        scheduleExpression: events.Schedule.expression(rule.scheduleExpression),
        // A job that cannot start within an hour expires and is reported.
        startWindow: Duration.hours(1),
        deleteAfter: rule.deleteAfter,
        moveToColdStorageAfter: rule.moveToColdStorageAfter,
        enableContinuousBackup: rule.enableContinuousBackup,
        copyActions: copyVaults.length === 0 ? undefined : copyVaults.map((destinationBackupVault) => ({
          destinationBackupVault,
          deleteAfter: rule.deleteAfter,
          moveToColdStorageAfter: rule.moveToColdStorageAfter,
        })),
      })),
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: `AWS Backup backs up, restores and tests restores for ${this.node.path}`,
      managedPolicies: BACKUP_ROLE_POLICIES.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
    });
    Compliance._standingRules(this.role, BACKUP_ROLE_POLICIES.map(ComplianceRules.awsManagedPolicy),
      'The AWS Backup service role uses the AWS-managed AWSBackupServiceRolePolicyFor* policies, which AWS Backup keeps current as supported resource types and their permissions change.');

    this.selectDataStores(policy);
    this.restoreTestingPlan = this.addRestoreTesting(policy, resourceTypes, validationHours);
    this.failedJobsRule = new events.Rule(this, 'FailedJobs', {
      description: `Backup, copy and restore jobs of ${this.node.path} that failed, were aborted, expired or only partly completed`,
      eventPattern: FAILED_JOB_PATTERN,
      targets: [topicTarget(this.alertTopic)],
    });
    if (props.auditFramework) {
      this.addAuditFramework(policy, copyTargets);
    }
  }

  /** The plan id. */
  public get backupPlanId(): string {
    return this.plan.backupPlanId;
  }

  /**
   * Two selections, combined with OR: every store tagged with a declared data class, in
   * any stack of the account and region; and the data stores of this stack, by ARN.
   */
  private selectDataStores(policy: DataProtectionPolicy): void {
    new backup.CfnBackupSelection(this, 'ByDataClass', {
      backupPlanId: this.plan.backupPlanId,
      backupSelection: {
        selectionName: 'data-class-tagged',
        iamRoleArn: this.role.roleArn,
        listOfTags: policy.dataClasses.map((c) => ({ conditionType: 'STRINGEQUALS', conditionKey: DataClass.TAG_KEY, conditionValue: c.name })),
      },
    });
    const stack = Stack.of(this);
    const declared = new Set(policy.dataClasses.map((c) => c.name));
    new backup.CfnBackupSelection(this, 'InThisStack', {
      backupPlanId: this.plan.backupPlanId,
      backupSelection: {
        selectionName: 'data-stores-of-this-stack',
        iamRoleArn: this.role.roleArn,
        // Resolved at synthesis, once every store of the stack exists. Without any, the
        // selection falls back to every store with a data-class tag (never to everything).
        resources: Lazy.list({
          produce: () => {
            const arns = stack.node.findAll()
              .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && c.cfnResourceType in BACKUP_SUPPORTED_ARN && Stack.of(c) === stack)
              .filter((r) => declared.has(TagManager.of(r)?.tagValues()[DataClass.TAG_KEY] ?? ''))
              .map((r) => Token.asString(r.getAtt(BACKUP_SUPPORTED_ARN[r.cfnResourceType])));
            return arns.length > 0 ? arns : ['*'];
          },
        }),
        conditions: { StringLike: [{ ConditionKey: `aws:ResourceTag/${DataClass.TAG_KEY}`, ConditionValue: '*' }] },
      },
    });
  }

  private addRestoreTesting(policy: DataProtectionPolicy, types: RestoreTestResourceType[], validationHours: number): backup.CfnRestoreTestingPlan {
    const planName = Names.uniqueResourceName(this, { maxLength: 50, separator: '_', allowedSpecialCharacters: '_' });
    const windowDays = Math.min(policy.backup.shortestRetention.toDays(), 365);
    const testingPlan = new backup.CfnRestoreTestingPlan(this, 'RestoreTesting', {
      restoreTestingPlanName: planName,
      scheduleExpression: policy.restoreTesting.scheduleExpression,
      startWindowHours: 24,
      recoveryPointSelection: {
        algorithm: 'LATEST_WITHIN_WINDOW',
        includeVaults: [this.vault.backupVaultArn],
        recoveryPointTypes: policy.backup.continuousBackup ? ['SNAPSHOT', 'CONTINUOUS'] : ['SNAPSHOT'],
        selectionWindowDays: windowDays,
      },
    });
    for (const type of types) {
      const selection = new backup.CfnRestoreTestingSelection(this, `RestoreTesting${type}`, {
        restoreTestingPlanName: testingPlan.restoreTestingPlanName,
        restoreTestingSelectionName: `${type.toLowerCase()}_recovery_points`,
        protectedResourceType: type,
        protectedResourceArns: ['*'],
        iamRoleArn: this.role.roleArn,
        validationWindowHours: validationHours,
        restoreMetadataOverrides: type === RestoreTestResourceType.RDS ? rdsRestoreNetwork(this) : undefined,
      });
      selection.addResourceDependency(testingPlan);
    }
    return testingPlan;
  }

  private addAuditFramework(policy: DataProtectionPolicy, copyTargets: BackupCopyTarget[]): void {
    const days = String(policy.backup.retention.toDays());
    const param = (name: string, value: string) => ({ parameterName: name, parameterValue: value });
    const controls: backup.CfnFramework.FrameworkControlProperty[] = [
      { controlName: 'BACKUP_RECOVERY_POINT_ENCRYPTED' },
      { controlName: 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED' },
      { controlName: 'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK', controlInputParameters: [param('requiredRetentionDays', String(policy.backup.shortestRetention.toDays()))] },
      {
        controlName: 'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK',
        controlInputParameters: [param('requiredFrequencyUnit', 'days'), param('requiredFrequencyValue', '1'), param('requiredRetentionDays', days)],
      },
      {
        controlName: 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK',
        controlInputParameters: [param('minRetentionDays', String(this.vault.minRetention.toDays())), param('maxRetentionDays', String(this.vault.maxRetention.toDays()))],
      },
    ];
    if (copyTargets.length > 0) {
      controls.push({
        controlName: 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION',
        controlInputParameters: [param('crossRegionList', copyTargets.map((t) => t.region).join(','))],
      });
    }
    new backup.CfnFramework(this, 'AuditFramework', {
      frameworkDescription: `Checks that the recovery points of ${this.node.path} keep the DataProtectionPolicy's promises`,
      frameworkControls: controls,
    });
  }
}

function validateCopyTargets(scope: Construct, policy: DataProtectionPolicy, copyTargets: BackupCopyTarget[]): BackupCopyTarget[] {
  const here = Stack.of(scope).region;
  const seen = new Set<string>();
  for (const t of copyTargets) {
    if (Token.isUnresolved(t.region) || Token.isUnresolved(t.backupVaultName)) {
      throw new DataProtectionError('copyTargets must name literal regions and vault names so that the copies can be proven, got a token', scope);
    }
    requireKnownRegion('copyTargets region', t.region, scope);
    if (t.region === here || t.region === policy.region) {
      throw new DataProtectionError(`copyTargets must be in other regions than the data (${policy.region ?? here}), got a vault in ${t.region}`, scope);
    }
    if (seen.has(t.region)) {
      throw new DataProtectionError(`copyTargets lists region '${t.region}' twice; one vault per region`, scope);
    }
    if (!policy.backupCopyRegions.includes(t.region)) {
      throw new DataProtectionError(
        `copyTargets holds a vault in ${t.region}, a region the DataProtectionPolicy at ${policy.node.path} does not declare; ` +
        `declared backupCopyRegions: ${policy.backupCopyRegions.join(', ') || '(none)'}`, scope);
    }
    seen.add(t.region);
  }
  const missing = policy.backupCopyRegions.filter((r) => !seen.has(r));
  if (missing.length > 0) {
    throw new DataProtectionError(
      `the DataProtectionPolicy at ${policy.node.path} promises backup copies in ${policy.backupCopyRegions.join(', ')}, ` +
      `but copyTargets has no vault in ${missing.join(', ')}; pass a SecureBackupVault of each region's stack (vault.asCopyTarget())`, scope);
  }
  return copyTargets;
}

function validatePlanName(scope: Construct, name: string): string {
  if (Token.isUnresolved(name) || !/^[a-zA-Z0-9_.-]{1,50}$/.test(name)) {
    throw new DataProtectionError(`backupPlanName must be 1-50 letters, digits, '-', '_' or '.', got '${name}'`, scope);
  }
  return name;
}

function validateResourceTypes(scope: Construct, types: RestoreTestResourceType[]): RestoreTestResourceType[] {
  const allowed = Object.values(RestoreTestResourceType) as string[];
  if (types.length === 0) {
    throw new DataProtectionError(`restoreTestResourceTypes must name at least one type (${allowed.join(', ')}), got none`, scope);
  }
  for (const t of types) {
    if (!allowed.includes(t)) {
      throw new DataProtectionError(`restoreTestResourceTypes must hold ${allowed.join(', ')}, got '${t}'`, scope);
    }
  }
  if (new Set(types).size !== types.length) {
    throw new DataProtectionError(`restoreTestResourceTypes must not repeat a type, got ${types.join(', ')}`, scope);
  }
  return types;
}

function validateValidationWindow(scope: Construct, window: Duration): number {
  if (window.isUnresolved()) {
    throw new DataProtectionError('restoreTestValidationWindow must be a literal duration, got a token', scope);
  }
  const hours = window.toHours({ integral: false });
  if (!Number.isInteger(hours) || hours < 1 || hours > 168) {
    throw new DataProtectionError(`restoreTestValidationWindow must be 1-168 whole hours, got ${describeDuration(window)}`, scope);
  }
  return hours;
}

/**
 * Where restore tests put a restored RDS instance: the DB subnet group and security groups of the
 * database of the plan's stack, resolved at synthesis. Without them AWS Backup infers the default
 * VPC, and the restore fails every day in accounts that have none (the Control Tower default).
 * Keys are those AWS Backup accepts for RDS instances (case-insensitive); vpcSecurityGroupIds is a
 * JSON list in a string.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-inferred-metadata.html
 */
function rdsRestoreNetwork(scope: Construct): IResolvable {
  const stack = Stack.of(scope);
  return Lazy.any({
    produce: () => {
      const instances = stack.node.findAll()
        .filter((c): c is rds.CfnDBInstance => c instanceof rds.CfnDBInstance && Stack.of(c) === stack && c.dbClusterIdentifier === undefined)
        .filter((db) => db.dbSubnetGroupName !== undefined);
      const networks = new Map(instances.map((db) => [
        JSON.stringify(stack.resolve([db.dbSubnetGroupName, db.vpcSecurityGroups ?? []])),
        { dbSubnetGroupName: db.dbSubnetGroupName!, vpcSecurityGroupIds: stack.toJsonString(db.vpcSecurityGroups ?? []) },
      ]));
      if (networks.size > 1) {
        Annotations.of(scope).addWarningV2('cdk-data-protection:restore-test-network',
          `The stack holds RDS instances in ${networks.size} different networks: restore tests put every restored instance in the network of the first one (${instances[0].node.path}).`);
      }
      return networks.size === 0 ? undefined : [...networks.values()][0];
    },
  });
}
