import * as path from 'path';
import { App, Aws, CfnCondition, CfnResource, FileAssetSource, Fn, Stack, Stage } from 'aws-cdk-lib';
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
import { acknowledgeProviderFunction } from '../private/custom-resource-findings';

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
    copyAssetsThroughTheBuckets(this);
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
 * Wraps the cdk-stacksets synthesizer's `addFileAsset`, which runs at synthesis and adds to the
 * parent stack a `BucketDeployment` that copies each asset into the bucket of each region:
 *
 * - cdk-stacksets 0.0.153 finds the asset's file at `App.of(stack).outdir` joined with the file
 *   name, which is relative to the outdir of the stack's stage: inside a `Stage` (CDK Pipelines)
 *   it looks one directory too high. The name is made relative to the app's outdir first.
 * - the findings on the BucketDeployment's handler (aws-cdk-lib's, deployment-time only) are
 *   acknowledged, with the same reasons as the library's other custom-resource handlers.
 */
function copyAssetsThroughTheBuckets(stack: StackSetStack): void {
  const synthesizer = stack.synthesizer as any;
  const add = synthesizer.addFileAsset.bind(synthesizer);
  synthesizer.addFileAsset = (asset: FileAssetSource) => {
    const app = App.of(stack);
    const stage = Stage.of(stack);
    const fixed = !app || !stage || app === stage || !asset.fileName || path.isAbsolute(asset.fileName)
      ? asset : { ...asset, fileName: path.relative(app.outdir, path.join(stage.outdir, asset.fileName)) };
    const location = add(fixed);
    acknowledgeAssetCopies(Stack.of(stack.node.scope!));
    return location;
  };
}

/** The construct id aws-cdk-lib gives the singleton handler of every BucketDeployment of a stack. */
const BUCKET_DEPLOYMENT_HANDLER = 'Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C';
const acknowledged = new WeakMap<Stack, Set<string>>();

/** A resolved ARN as cdk-nag prints it in a finding's id (`arn:<AWS::Partition>:s3:::bucket/*`). */
function asNagPrints(value: any): string | undefined {
  if (typeof value === 'string') return value;
  if (value && Array.isArray(value['Fn::Join'])) {
    const [separator, parts] = value['Fn::Join'];
    const printed = (parts as any[]).map((p) => typeof p === 'string' ? p : p?.Ref !== undefined ? `<${p.Ref}>`
      : Array.isArray(p?.['Fn::GetAtt']) ? `<${p['Fn::GetAtt'].join('.')}>`
        : typeof p?.['Fn::Sub'] === 'string' ? p['Fn::Sub'].replace(/\$\{([^}]+)\}/g, '<$1>') : undefined);
    return printed.every((p) => p !== undefined) ? printed.join(separator) : undefined;
  }
  return undefined;
}

function acknowledgeAssetCopies(parent: Stack): void {
  const handler = parent.node.tryFindChild(BUCKET_DEPLOYMENT_HANDLER);
  if (!handler) {
    return;
  }
  const done = acknowledged.get(parent) ?? new Set<string>();
  const what = 'The BucketDeployment handler of aws-cdk-lib (which cdk-stacksets uses to copy the StackSet\'s assets to each region)';
  if (!acknowledged.has(parent)) {
    acknowledged.set(parent, done);
    acknowledgeProviderFunction(handler, what, 'copies asset files between S3 buckets during deployments');
    Compliance.acknowledgeRules(handler, ['HIPAA.Security-IAMNoInlinePolicy', 'NIST.800.53.R5-IAMNoInlinePolicy', 'PCI.DSS.321-IAMNoInlinePolicy'],
      `${what} is granted its reads and writes by aws-cdk-lib in the inline policy of its own role.`);
    Compliance.acknowledgeRules(handler, ['AwsSolutions-L1'],
      `${what} runs on the runtime aws-cdk-lib chooses for it (with the AWS CLI layer), which the app cannot change.`);
  }
  const policy = handler.node.tryFindChild('ServiceRole')?.node.tryFindChild('DefaultPolicy')?.node.tryFindChild('Resource') as iam.CfnPolicy | undefined;
  const statements: any[] = policy ? (parent.resolve(policy.policyDocument)?.Statement ?? []) : [];
  const wildcards = new Set<string>();
  for (const st of statements) {
    for (const action of [st.Action].flat()) if (typeof action === 'string' && action.includes('*')) wildcards.add(`Action::${action}`);
    for (const resource of [st.Resource].flat()) {
      const text = asNagPrints(resource);
      if (text?.includes('*')) wildcards.add(`Resource::${text}`);
    }
  }
  const fresh = [...wildcards].filter((w) => !done.has(w));
  fresh.forEach((w) => done.add(w));
  if (fresh.length === 0) {
    return;
  }
  Compliance.acknowledgeRules(handler, fresh.map((w) => `AwsSolutions-IAM5[${w}]`),
    `${what} reads the assets and writes them to the asset buckets object by object: aws-cdk-lib grants it s3:GetObject*, s3:List* and the like on those buckets only.`);
}
