import * as path from 'path';
import { App, Aws, CfnCondition, CfnResource, FileAssetSource, Fn, Stage } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { StackSetStack } from 'cdk-stacksets';
import { Construct } from 'constructs';
import { AuditTrail } from '../audit/audit-trail';
import { SecureBackupVault } from '../backup/secure-backup-vault';
import { VaultLock } from '../backup/vault-lock';
import { Compliance } from '../compliance/acknowledgement';
import { AlertReceiver } from '../detection/alert-receiver';
import { IncidentResponse } from '../detection/incident-response';
import { DetectionSetup, ThreatDetection, ThreatDetectionProps } from '../detection/threat-detection';
import { AccountPasswordPolicy } from '../identity/account-password-policy';

/**
 * Properties of an `AccountBaselineStack`.
 */
export interface AccountBaselineStackProps {
  /**
   * The regions the StackSet deploys to: the stack's assets (the code of its custom resources)
   * are copied to the bucket `${assetBucketPrefix}-${region}` of each.
   */
  readonly regions: string[];

  /**
   * The common prefix of the asset buckets, one per region (`${assetBucketPrefix}-${region}`),
   * in the account that deploys the StackSet, readable by the organization's accounts.
   * A StackSet's accounts have no access to the deploying account's CDK bootstrap bucket, so
   * cdk-stacksets copies each asset into these buckets.
   */
  readonly assetBucketPrefix: string;

  /** The region where account-wide resources (password policy, backup role) are created once. */
  readonly homeRegion: string;

  /** The name of the backup vault the organization's backup policy names. */
  readonly backupVaultName: string;

  /** The name of the role AWS Backup assumes, which the organization's backup policy names. */
  readonly backupRoleName: string;

  /**
   * How the vault lock protects recovery points.
   *
   * @default VaultLock.GOVERNANCE
   */
  readonly vaultLock?: VaultLock;

  /**
   * Who receives security findings, CIS alarms and backup failures.
   *
   * @default - none: the alert claims are not proven
   */
  readonly alertReceivers?: AlertReceiver[];

  /**
   * Whether the organization already runs an organization trail (AWS Control Tower, or a
   * trail of the management account): then no account trail is created, and the audit claims
   * rest on that trail, which a warning records.
   *
   * @default false: each account gets an `AuditTrail`
   */
  readonly organizationTrail?: boolean;

  /**
   * How GuardDuty, Security Hub, AWS Config and Inspector are set up in each account.
   *
   * @default - GuardDuty, Security Hub and Inspector through their delegated administrator
   * (ALREADY_ENABLED: the administrator enables them in every member account), AWS Config created
   */
  readonly threatDetection?: ThreatDetectionProps;
}

/**
 * The baseline every account of the organization receives, as one StackSet template: the
 * incident topic and its receivers, detection services (through their delegated administrator
 * by default), AWS Config, the audit trail with the CIS alarms (or the organization trail),
 * the account password policy, and the backup vault and role the organization's backup policy
 * uses. Every log group is kept as long as the `DataProtectionPolicy` says.
 *
 * It is a cdk-stacksets `StackSetStack`: synthesized as a template file of the cloud assembly
 * (not a stack artifact), referenced by the StackSet through an asset of its parent stack.
 */
export class AccountBaselineStack extends StackSetStack {
  /** The incident topic, the rules that feed it and the breach notice. */
  public readonly incidentResponse: IncidentResponse;
  /** The detection services. */
  public readonly threatDetection: ThreatDetection;
  /** The account trail, unless the organization trail is used. */
  public readonly auditTrail?: AuditTrail;
  /** The account's password policy (set in the home region). */
  public readonly passwordPolicy: AccountPasswordPolicy;
  /** The vault the organization's backup policy backs up into, locked. */
  public readonly backupVault: SecureBackupVault;
  /** The role AWS Backup assumes (created in the home region). */
  public readonly backupRole: iam.Role;

  constructor(scope: Construct, id: string, props: AccountBaselineStackProps) {
    super(scope, id, {
      assetBucketPrefix: props.assetBucketPrefix,
      assetBuckets: props.regions.map((region) => s3.Bucket.fromBucketAttributes(scope, `${id}AssetBucket-${region}`, {
        bucketName: `${props.assetBucketPrefix}-${region}`,
        region,
      })),
    });
    fixAssetPathsInStages(this);
    this.templateOptions.description = 'cdk-data-protection organization baseline: the per-account stack of the StackSet';
    const home = new CfnCondition(this, 'HomeRegion', { expression: Fn.conditionEquals(Aws.REGION, props.homeRegion) });

    this.incidentResponse = new IncidentResponse(this, 'IncidentResponse', { receivers: props.alertReceivers });
    this.threatDetection = new ThreatDetection(this, 'ThreatDetection', props.threatDetection ?? {
      guardDuty: DetectionSetup.ALREADY_ENABLED,
      securityHub: DetectionSetup.ALREADY_ENABLED,
      inspector: DetectionSetup.ALREADY_ENABLED,
    });
    if (!props.organizationTrail) {
      this.auditTrail = new AuditTrail(this, 'AuditTrail', { alarmTopic: this.incidentResponse.topic });
    }

    this.passwordPolicy = new AccountPasswordPolicy(this, 'PasswordPolicy');
    // The password policy is one per account: set once, in the home region.
    for (const child of this.passwordPolicy.resource.node.findAll()) {
      if (child instanceof CfnResource && child.cfnResourceType.startsWith('Custom::')) {
        child.cfnOptions.condition = home;
      }
    }

    this.backupVault = new SecureBackupVault(this, 'BackupVault', {
      backupVaultName: props.backupVaultName,
      lock: props.vaultLock,
      notificationTopic: this.incidentResponse.topic,
    });
    this.backupRole = new iam.Role(this, 'BackupRole', {
      roleName: props.backupRoleName,
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: 'Assumed by AWS Backup for the organization backup policy of cdk-data-protection',
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForBackup'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForRestores'),
      ],
    });
    // IAM is global: the role is created once per account, in the home region.
    (this.backupRole.node.defaultChild as iam.CfnRole).cfnOptions.condition = home;
    Compliance.acknowledge(this.backupRole, {
      ruleId: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason: 'The role AWS Backup assumes for an organization backup policy: AWS documents these managed policies for it, and they follow new resource types.',
    }, {
      ruleId: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores]',
      reason: 'The role AWS Backup assumes for restores of the organization backup policy: AWS documents this managed policy for it.',
    });
  }
}

/**
 * cdk-stacksets 0.0.153 finds an asset's file at `App.of(stack).outdir` joined with the file name,
 * which is relative to the outdir of the stack's stage: inside a `Stage` (CDK Pipelines) it looks
 * one directory too high. The name is made relative to the app's outdir before it reads it.
 */
function fixAssetPathsInStages(stack: StackSetStack): void {
  const synthesizer = stack.synthesizer as any;
  const add = synthesizer.addFileAsset.bind(synthesizer);
  synthesizer.addFileAsset = (asset: FileAssetSource) => {
    const app = App.of(stack);
    const stage = Stage.of(stack);
    if (!app || !stage || app === stage || !asset.fileName || path.isAbsolute(asset.fileName)) {
      return add(asset);
    }
    return add({ ...asset, fileName: path.relative(app.outdir, path.join(stage.outdir, asset.fileName)) });
  };
}
