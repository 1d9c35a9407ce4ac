import { Annotations, ArnFormat, Stack } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { Compliance } from '../compliance/acknowledgement';
import { ComplianceRules } from '../compliance/rule-ids';
import { DataClass } from '../policy/data-class';
import { DataProtectionPolicy } from '../policy/data-protection-policy';
import { sdkCall } from '../private/custom-resource-findings';
import { DataProtectionError } from '../private/errors';
import { auditBucketRetention } from '../private/logs-defaults';
import { SecureBucket } from '../storage/secure-bucket';

/**
 * Whether a detection service is created by the construct or already runs in the account.
 */
export enum DetectionSetup {
  /** The construct enables the service in the stack's account and region. */
  CREATE = 'CREATE',
  /**
   * The service already runs in the account and region (set up by hand, by another stack,
   * or by an organization's delegated administrator). Nothing is created; the claims it
   * supports rest on the existing setup, which a warning records.
   */
  ALREADY_ENABLED = 'ALREADY_ENABLED',
}

/**
 * A Security Hub standard, named by the path of its ARN after `standards/`.
 *
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/standards-reference.html
 */
export class SecurityHubStandard {
  /** AWS Foundational Security Best Practices v1.0.0. */
  public static readonly AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES = new SecurityHubStandard('aws-foundational-security-best-practices/v/1.0.0');
  /** CIS AWS Foundations Benchmark v3.0.0. */
  public static readonly CIS_AWS_FOUNDATIONS_BENCHMARK_V3 = new SecurityHubStandard('cis-aws-foundations-benchmark/v/3.0.0');
  /** NIST Special Publication 800-53 Revision 5. */
  public static readonly NIST_800_53_R5 = new SecurityHubStandard('nist-800-53/v/5.0.0');

  /**
   * Another regional standard, such as a newer CIS version.
   *
   * @param path the part of the standard's ARN after `standards/` (`cis-aws-foundations-benchmark/v/5.0.0`)
   */
  public static of(path: string): SecurityHubStandard {
    if (!/^[a-z0-9-]+\/v\/\d+\.\d+\.\d+$/.test(path)) {
      throw new DataProtectionError(`SecurityHubStandard path must look like '<name>/v/<x.y.z>', got '${path}'`);
    }
    return new SecurityHubStandard(path);
  }

  /** The part of the ARN after `standards/`. */
  public readonly path: string;

  private constructor(path: string) {
    this.path = path;
  }
}

/**
 * Properties of a `ThreatDetection`. Every service is created by default; accounts that
 * already run one (or run it from an organization's delegated administrator) say so, since
 * each service allows one instance per account and region.
 */
export interface ThreatDetectionProps {
  /**
   * Amazon GuardDuty.
   *
   * @default DetectionSetup.CREATE
   */
  readonly guardDuty?: DetectionSetup;

  /**
   * AWS Security Hub and its standards.
   *
   * @default DetectionSetup.CREATE
   */
  readonly securityHub?: DetectionSetup;

  /**
   * The standards Security Hub checks. Only with `securityHub: DetectionSetup.CREATE`.
   *
   * @default - AWS Foundational Security Best Practices v1.0.0 and CIS AWS Foundations Benchmark v3.0.0
   */
  readonly securityHubStandards?: SecurityHubStandard[];

  /**
   * AWS Config recording, which most Security Hub controls evaluate.
   *
   * @default DetectionSetup.CREATE
   */
  readonly config?: DetectionSetup;

  /**
   * Amazon Inspector (vulnerability scanning of EC2 instances, ECR images, Lambda functions and
   * their code). Deleting the stack leaves Inspector enabled: turning scanning off must be a
   * deliberate act, not a side effect of a deletion.
   *
   * @default DetectionSetup.CREATE
   */
  readonly inspector?: DetectionSetup;
}

/** The GuardDuty protection plans that CloudFormation can turn on for a detector. */
const GUARDDUTY_FEATURES = ['S3_DATA_EVENTS', 'EKS_AUDIT_LOGS', 'EBS_MALWARE_PROTECTION', 'RDS_LOGIN_EVENTS', 'LAMBDA_NETWORK_LOGS'];
/** Runtime Monitoring with the GuardDuty-managed agent on EKS, ECS Fargate and EC2. */
const RUNTIME_AGENTS = ['EKS_ADDON_MANAGEMENT', 'ECS_FARGATE_AGENT_MANAGEMENT', 'EC2_AGENT_MANAGEMENT'];
/** The AWS Config service-linked role, after `role/`. */
const CONFIG_SERVICE_LINKED_ROLE = 'aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig';
/** The resource types Inspector scans. */
const INSPECTOR_RESOURCE_TYPES = ['EC2', 'ECR', 'LAMBDA', 'LAMBDA_CODE'];

/**
 * Managed threat detection and posture checks for the stack's account and region
 * (claims S1-07, S2-14, S4-09, S4-10):
 * - an Amazon GuardDuty detector with every protection plan CloudFormation supports,
 *   including Runtime Monitoring with GuardDuty-managed agents, publishing every 15 minutes;
 * - AWS Security Hub with consolidated control findings and the AWS Foundational Security
 *   Best Practices and CIS AWS Foundations Benchmark standards;
 * - AWS Config recording every supported resource type, global ones included, through the
 *   service-linked role (Security Hub control Config.1), delivering to a `SecureBucket`;
 * - Amazon Inspector scanning EC2 instances, ECR images and Lambda functions and code.
 *
 * Each service exists once per account and region: `DetectionSetup.ALREADY_ENABLED` skips
 * one that already runs and leaves a warning that the claim rests on it. Route the findings
 * to people with `IncidentResponse`.
 */
export class ThreatDetection extends Construct {
  /** The GuardDuty detector, unless GuardDuty was already enabled. */
  public readonly detector?: guardduty.CfnDetector;
  /** The Security Hub hub, unless Security Hub was already enabled. */
  public readonly hub?: securityhub.CfnHub;
  /** The enabled Security Hub standards (empty when Security Hub was already enabled). */
  public readonly standards: securityhub.CfnStandard[];
  /** The AWS Config recorder, unless Config was already enabled. */
  public readonly configRecorder?: config.CfnConfigurationRecorder;
  /** The AWS Config delivery channel, unless Config was already enabled. */
  public readonly configDeliveryChannel?: config.CfnDeliveryChannel;
  /** The bucket AWS Config delivers history and snapshots to, unless Config was already enabled. */
  public readonly configBucket?: SecureBucket;
  /**
   * The custom resource that enables Inspector (CloudFormation has no resource for it),
   * unless Inspector was already enabled.
   */
  public readonly inspectorEnablement?: cr.AwsCustomResource;

  constructor(scope: Construct, id: string, props: ThreatDetectionProps = {}) {
    super(scope, id);
    const policy = DataProtectionPolicy.of(this);
    const setup = (what: string, value: DetectionSetup | undefined): DetectionSetup => {
      const v = value ?? DetectionSetup.CREATE;
      if (!Object.values(DetectionSetup).includes(v)) {
        throw new DataProtectionError(`${what} must be DetectionSetup.CREATE or DetectionSetup.ALREADY_ENABLED, got '${v}'`, this);
      }
      return v;
    };
    const guardDuty = setup('guardDuty', props.guardDuty);
    const hub = setup('securityHub', props.securityHub);
    const recorder = setup('config', props.config);
    const inspector = setup('inspector', props.inspector);
    if (hub === DetectionSetup.ALREADY_ENABLED && props.securityHubStandards) {
      throw new DataProtectionError('securityHubStandards applies only when this construct creates Security Hub (securityHub: DetectionSetup.CREATE), '
        + 'got securityHub: ALREADY_ENABLED; enable standards where Security Hub is managed', this);
    }
    // Checked before the detector and the hub are created: a refused list leaves nothing behind.
    validateStandards(this, props.securityHubStandards);

    if (guardDuty === DetectionSetup.CREATE) {
      this.detector = this.createDetector();
    } else {
      this.warnExisting('guardduty', 'Amazon GuardDuty', 'S1-07, S2-14 and S4-09');
    }

    this.standards = [];
    if (hub === DetectionSetup.CREATE) {
      this.hub = new securityhub.CfnHub(this, 'SecurityHub', {
        enableDefaultStandards: false,
        controlFindingGenerator: 'SECURITY_CONTROL',
        autoEnableControls: true,
      });
      this.standards = this.enableStandards(this.hub, props.securityHubStandards ?? [
        SecurityHubStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES,
        SecurityHubStandard.CIS_AWS_FOUNDATIONS_BENCHMARK_V3,
      ]);
    } else {
      this.warnExisting('securityhub', 'AWS Security Hub and its standards', 'S2-14');
    }

    if (recorder === DetectionSetup.CREATE) {
      this.configBucket = this.createConfigBucket(policy);
      const { recorder: r, channel } = this.createConfigRecording(this.configBucket);
      this.configRecorder = r;
      this.configDeliveryChannel = channel;
    } else {
      this.warnExisting('config', 'AWS Config recording', 'S2-14 (Security Hub controls evaluate Config rules)');
    }

    if (inspector === DetectionSetup.CREATE) {
      this.inspectorEnablement = enableInspector(this, 'Inspector', INSPECTOR_RESOURCE_TYPES);
    } else {
      this.warnExisting('inspector', 'Amazon Inspector', 'S4-10');
    }
  }

  private createDetector(): guardduty.CfnDetector {
    const detector = new guardduty.CfnDetector(this, 'Detector', {
      enable: true,
      findingPublishingFrequency: 'FIFTEEN_MINUTES',
      // Features, not the legacy DataSources: CloudFormation refuses a detector with both.
      features: [
        ...GUARDDUTY_FEATURES.map((name) => ({ name, status: 'ENABLED' })),
        {
          name: 'RUNTIME_MONITORING',
          status: 'ENABLED',
          additionalConfiguration: RUNTIME_AGENTS.map((name) => ({ name, status: 'ENABLED' })),
        },
      ],
    });
    Compliance._standing(detector, {
      ruleId: `${ComplianceRules.GUARD_PREFIX}guardduty_s3_protection_enabled_check`,
      reason: 'S3 protection is on through the S3_DATA_EVENTS feature. The rule reads only the legacy DataSources.S3Logs, '
        + 'which GuardDuty refuses next to Features, the API that also carries the newer protection plans.',
    });
    return detector;
  }

  private enableStandards(hub: securityhub.CfnHub, standards: SecurityHubStandard[]): securityhub.CfnStandard[] {
    const stack = Stack.of(this);
    return standards.map((s) => {
      const standard = new securityhub.CfnStandard(this, `Standard-${s.path.replace(/\/v\//, '-v').replace(/[^A-Za-z0-9-]/g, '-')}`, {
        standardsArn: `arn:${stack.partition}:securityhub:${stack.region}::standards/${s.path}`,
      });
      // A standard can be enabled only once Security Hub is.
      standard.addResourceDependency(hub);
      return standard;
    });
  }

  private createConfigBucket(policy: DataProtectionPolicy): SecureBucket {
    const bucket = new SecureBucket(this, 'ConfigBucket', {
      dataClass: DataClass.INTERNAL,
      // Configuration history is audit evidence, kept like the trail's files.
      retention: auditBucketRetention(policy),
    });
    const account = Stack.of(this).account;
    const fromThisAccount = { 'aws:SourceAccount': account };
    const configService = new iam.ServicePrincipal('config.amazonaws.com');
    // The permissions AWS Config checks and uses to deliver, limited to this account's recorder.
    // @see https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html
    bucket.bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AWSConfigBucketPermissionsCheck',
      principals: [configService],
      actions: ['s3:GetBucketAcl', 's3:ListBucket'],
      resources: [bucket.bucketArn],
      conditions: { StringEquals: fromThisAccount },
    }));
    bucket.bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AWSConfigBucketDelivery',
      principals: [configService],
      actions: ['s3:PutObject'],
      resources: [bucket.bucket.arnForObjects(`AWSLogs/${account}/Config/*`)],
      conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...fromThisAccount } },
    }));
    bucket.encryptionKey?.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AWSConfigKMSPolicy',
      principals: [configService],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: { StringEquals: fromThisAccount },
    }));
    return bucket;
  }

  private createConfigRecording(bucket: SecureBucket): { recorder: config.CfnConfigurationRecorder; channel: config.CfnDeliveryChannel } {
    const serviceLinkedRole = enableConfigServiceLinkedRole(this);
    const recorder = new config.CfnConfigurationRecorder(this, 'ConfigRecorder', {
      // The service-linked role: Security Hub control Config.1 fails for a recorder with any other role.
      roleArn: Stack.of(this).formatArn({
        service: 'iam', region: '', resource: 'role', resourceName: CONFIG_SERVICE_LINKED_ROLE, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      }),
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
      recordingMode: { recordingFrequency: 'CONTINUOUS' },
    });
    recorder.node.addDependency(serviceLinkedRole);
    const channel = new config.CfnDeliveryChannel(this, 'ConfigDeliveryChannel', {
      s3BucketName: bucket.bucketName,
      s3KmsKeyArn: bucket.encryptionKey?.keyArn,
      configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
    });
    // AWS Config needs the recorder before the channel (PutDeliveryChannel: "Before you can create a
    // delivery channel, you must create a configuration recorder"); the recorder waits on the
    // service-linked role, so without this dependency CloudFormation may create the channel first.
    channel.addResourceDependency(recorder); // addDependency's new name (in aws-cdk-lib 2.269.0, our floor)
    // Config checks its access to the bucket when the channel is created.
    if (bucket.bucket.policy) {
      channel.node.addDependency(bucket.bucket.policy);
    }
    return { recorder, channel };
  }

  private warnExisting(service: string, what: string, claims: string): void {
    Annotations.of(this).addWarningV2(`cdk-data-protection:${service}-already-enabled`,
      `${what} is not created by this stack (DetectionSetup.ALREADY_ENABLED): claims ${claims} rest on the setup that already runs `
      + 'in this account and region (or in the organization\'s delegated administrator account); the template cannot prove it.');
  }
}

/**
 * Creates the AWS Config service-linked role unless it exists (it does when Config, Security Hub
 * or Control Tower ran in the account before). Kept on stack deletion: other recorders may use it.
 */
function enableConfigServiceLinkedRole(scope: Construct): cr.AwsCustomResource {
  return sdkCall(scope, 'ConfigServiceLinkedRole', {
    service: 'IAM',
    action: 'createServiceLinkedRole',
    parameters: { AWSServiceName: 'config.amazonaws.com' },
    physicalResourceId: cr.PhysicalResourceId.of('AWSServiceRoleForConfig'),
    ignoreErrorCodesMatching: '^InvalidInput(Exception)?$',
  }, [serviceLinkedRoleStatement(scope, 'config.amazonaws.com', 'AWSServiceRoleForConfig')], false);
}

/**
 * Enables Amazon Inspector for the stack's account (CloudFormation has no resource for it).
 * Updates re-enable with the current resource types. Deleting the stack leaves Inspector on:
 * turning vulnerability scanning off must be a deliberate act, not a side effect of a deletion.
 */
function enableInspector(scope: Construct, id: string, resourceTypes: string[]): cr.AwsCustomResource {
  const resource = sdkCall(scope, id, {
    service: 'Inspector2',
    action: 'enable',
    parameters: { accountIds: [Stack.of(scope).account], resourceTypes },
    // Enable answers HTTP 200 even when it fails: the account is then listed in failedAccounts
    // (with errorCode and errorMessage), not in accounts. Taking the physical id from the first
    // enabled account makes such an answer fail the resource: without the path the response has no
    // PhysicalResourceId, which CloudFormation refuses, and the API response (failedAccounts) is in the
    // custom resource's log.
    physicalResourceId: cr.PhysicalResourceId.fromResponse(INSPECTOR_ENABLED_ACCOUNT),
  }, [
    new iam.PolicyStatement({ actions: ['inspector2:Enable'], resources: ['*'] }),
    serviceLinkedRoleStatement(scope, 'inspector2.amazonaws.com', 'AWSServiceRoleForAmazonInspector2'),
  ], true);
  Compliance._standing(resource, {
    ruleId: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'inspector2:Enable supports no resource-level permissions (IAM accepts only \'*\'); the call names the stack\'s account in accountIds.',
  });
  return resource;
}

/**
 * The path, in the answer of Inspector2 `Enable`, of the first account enabled: present only when
 * the call enabled the account.
 *
 * @see https://docs.aws.amazon.com/inspector/v2/APIReference/API_Enable.html
 */
const INSPECTOR_ENABLED_ACCOUNT = 'accounts.0.accountId';

/** Allows creating one service-linked role, for its service only. */
function serviceLinkedRoleStatement(scope: Construct, service: string, roleName: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['iam:CreateServiceLinkedRole'],
    resources: [Stack.of(scope).formatArn({
      service: 'iam', region: '', resource: 'role', resourceName: `aws-service-role/${service}/${roleName}`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    })],
    conditions: { StringEquals: { 'iam:AWSServiceName': service } },
  });
}

/** Refuses an empty list of standards, or one listing a standard twice. */
function validateStandards(scope: Construct, standards: SecurityHubStandard[] | undefined): void {
  if (standards === undefined) {
    return;
  }
  if (standards.length === 0) {
    throw new DataProtectionError('securityHubStandards must name at least one standard, got none', scope);
  }
  const paths = standards.map((s) => s.path);
  const twice = paths.find((p, i) => paths.indexOf(p) !== i);
  if (twice) {
    throw new DataProtectionError(`securityHubStandards must not list '${twice}' twice`, scope);
  }
}
