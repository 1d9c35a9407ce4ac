import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DataProtectionError } from '../private/errors';
import { PROPS } from '../private/props-specs';
import { validatePropsShape } from '../private/props-validation';

/**
 * One CIS AWS Foundations Benchmark monitoring control: a metric filter on the CloudTrail
 * log group and an alarm on its metric.
 */
export interface CisMonitoringControl {
  /** The construct id and metric name (`RootAccountUsage`). */
  readonly id: string;
  /** The CIS AWS Foundations Benchmark v1.4.0 recommendation (`4.3`). */
  readonly cis: string;
  /** The AWS Security Hub control that checks it (`CloudWatch.1`), if any. */
  readonly securityHubControl?: string;
  /** What the alarm means, for the person it wakes up. */
  readonly description: string;
  /** The CloudWatch Logs filter pattern over CloudTrail events. */
  readonly filterPattern: string;
}

const or = (...names: string[]) => names.map((n) => `($.eventName=${n})`).join(' || ');

/**
 * The CIS AWS Foundations Benchmark (v1.4.0, section 4) monitoring controls, with the filter
 * patterns of the benchmark and of the AWS Security Hub controls CloudWatch.1-14.
 *
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html
 */
const CIS_CONTROLS: CisMonitoringControl[] = [
  {
    id: 'UnauthorizedApiCalls',
    cis: '4.1',
    securityHubControl: 'CloudWatch.2',
    description: 'API calls were refused as unauthorized or access denied',
    filterPattern: '{ ($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*") }',
  },
  {
    id: 'ConsoleSignInWithoutMfa',
    cis: '4.2',
    securityHubControl: 'CloudWatch.3',
    description: 'An IAM user signed in to the console without MFA',
    filterPattern: '{ ($.eventName="ConsoleLogin") && ($.additionalEventData.MFAUsed!="Yes") && ($.userIdentity.type="IAMUser") && ($.responseElements.ConsoleLogin="Success") }',
  },
  {
    id: 'RootAccountUsage',
    cis: '4.3',
    securityHubControl: 'CloudWatch.1',
    description: 'The root user was used',
    filterPattern: '{ $.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType!="AwsServiceEvent" }',
  },
  {
    id: 'IamPolicyChanges',
    cis: '4.4',
    securityHubControl: 'CloudWatch.4',
    description: 'An IAM policy was created, changed, attached or detached',
    filterPattern: `{ ${or('DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy',
      'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy',
      'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy')} }`,
  },
  {
    id: 'CloudTrailChanges',
    cis: '4.5',
    securityHubControl: 'CloudWatch.5',
    description: 'A CloudTrail trail was created, changed, deleted, started or stopped',
    filterPattern: `{ ${or('CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging')} }`,
  },
  {
    id: 'ConsoleAuthenticationFailures',
    cis: '4.6',
    securityHubControl: 'CloudWatch.6',
    description: 'A console sign-in failed',
    filterPattern: '{ ($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication") }',
  },
  {
    id: 'KmsKeyDisabledOrDeleted',
    cis: '4.7',
    securityHubControl: 'CloudWatch.7',
    description: 'A customer-managed KMS key was disabled or scheduled for deletion',
    filterPattern: `{ ($.eventSource=kms.amazonaws.com) && (${or('DisableKey', 'ScheduleKeyDeletion')}) }`,
  },
  {
    id: 'S3BucketPolicyChanges',
    cis: '4.8',
    securityHubControl: 'CloudWatch.8',
    description: 'An S3 bucket policy, ACL, CORS, lifecycle or replication configuration was changed',
    filterPattern: `{ ($.eventSource=s3.amazonaws.com) && (${or('PutBucketAcl', 'PutBucketPolicy', 'PutBucketCors', 'PutBucketLifecycle',
      'PutBucketReplication', 'DeleteBucketPolicy', 'DeleteBucketCors', 'DeleteBucketLifecycle', 'DeleteBucketReplication')}) }`,
  },
  {
    id: 'ConfigChanges',
    cis: '4.9',
    securityHubControl: 'CloudWatch.9',
    description: 'AWS Config recording or delivery was changed or stopped',
    filterPattern: `{ ($.eventSource=config.amazonaws.com) && (${or('StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel',
      'PutConfigurationRecorder')}) }`,
  },
  {
    id: 'SecurityGroupChanges',
    cis: '4.10',
    securityHubControl: 'CloudWatch.10',
    description: 'A security group or one of its rules was created, changed or deleted',
    filterPattern: `{ ${or('AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress',
      'CreateSecurityGroup', 'DeleteSecurityGroup')} }`,
  },
  {
    id: 'NetworkAclChanges',
    cis: '4.11',
    securityHubControl: 'CloudWatch.11',
    description: 'A network ACL or one of its entries was created, changed or deleted',
    filterPattern: `{ ${or('CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclEntry',
      'ReplaceNetworkAclAssociation')} }`,
  },
  {
    id: 'NetworkGatewayChanges',
    cis: '4.12',
    securityHubControl: 'CloudWatch.12',
    description: 'A customer or internet gateway was created, attached, detached or deleted',
    filterPattern: `{ ${or('CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway', 'CreateInternetGateway',
      'DeleteInternetGateway', 'DetachInternetGateway')} }`,
  },
  {
    id: 'RouteTableChanges',
    cis: '4.13',
    securityHubControl: 'CloudWatch.13',
    description: 'A route or route table was created, replaced, disassociated or deleted',
    filterPattern: `{ ($.eventSource=ec2.amazonaws.com) && (${or('CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation',
      'DeleteRouteTable', 'DeleteRoute', 'DisassociateRouteTable')}) }`,
  },
  {
    id: 'VpcChanges',
    cis: '4.14',
    securityHubControl: 'CloudWatch.14',
    description: 'A VPC, its attributes or a peering connection was created, changed or deleted',
    filterPattern: `{ ${or('CreateVpc', 'DeleteVpc', 'ModifyVpcAttribute', 'AcceptVpcPeeringConnection', 'CreateVpcPeeringConnection',
      'DeleteVpcPeeringConnection', 'RejectVpcPeeringConnection', 'AttachClassicLinkVpc', 'DetachClassicLinkVpc', 'DisableVpcClassicLink',
      'EnableVpcClassicLink')} }`,
  },
  {
    id: 'OrganizationsChanges',
    cis: '4.15',
    description: 'The AWS Organization, its accounts, units or policies were changed',
    filterPattern: `{ ($.eventSource=organizations.amazonaws.com) && (${or('AcceptHandshake', 'AttachPolicy', 'CreateAccount',
      'CreateOrganizationalUnit', 'CreatePolicy', 'DeclineHandshake', 'DeleteOrganization', 'DeleteOrganizationalUnit', 'DeletePolicy',
      'DetachPolicy', 'DisablePolicyType', 'EnablePolicyType', 'InviteAccountToOrganization', 'LeaveOrganization', 'MoveAccount',
      'RemoveAccountFromOrganization', 'UpdatePolicy', 'UpdateOrganizationalUnit')}) }`,
  },
];

/**
 * Properties of `CisAlarms`.
 */
export interface CisAlarmsProps {
  /** The log group that receives the CloudTrail events of the account (an `AuditTrail`'s). */
  readonly logGroup: logs.ILogGroup;

  /** Where each alarm sends its notification (the topic of an `IncidentResponse`). */
  readonly alarmTopic: sns.ITopic;

  /**
   * The CloudWatch namespace of the metrics.
   *
   * @default 'CISBenchmark'
   */
  readonly metricNamespace?: string;
}

/**
 * The CIS AWS Foundations Benchmark monitoring controls on a CloudTrail log group
 * (claims S1-07, S2-14): for each of the 15 controls of section 4, a metric filter and an
 * alarm that fires on the first matching event in five minutes and notifies `alarmTopic`.
 *
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html
 */
export class CisAlarms extends Construct {
  /** The controls, in benchmark order, with their filter patterns. */
  public static get controls(): CisMonitoringControl[] {
    return CIS_CONTROLS.map((c) => ({ ...c }));
  }

  /** The metric filters, in the order of `CisAlarms.controls`. */
  public readonly metricFilters: logs.MetricFilter[] = [];
  /** The alarms, in the order of `CisAlarms.controls`. */
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: CisAlarmsProps) {
    super(scope, id);
    validatePropsShape(this, 'CisAlarms', props, PROPS.CisAlarms);
    const namespace = props.metricNamespace ?? 'CISBenchmark';
    if (!Token.isUnresolved(namespace) && (!/^[A-Za-z0-9._#:/-]{1,255}$/.test(namespace) || namespace.startsWith('AWS/'))) {
      throw new DataProtectionError(
        `metricNamespace must be 1-255 letters, digits or . _ # : / -, and not start with 'AWS/', got '${namespace}'`, this);
    }
    const action = new actions.SnsAction(props.alarmTopic);
    for (const control of CIS_CONTROLS) {
      const filter = new logs.MetricFilter(this, `${control.id}Filter`, {
        logGroup: props.logGroup,
        filterPattern: logs.FilterPattern.literal(control.filterPattern),
        metricNamespace: namespace,
        metricName: control.id,
        metricValue: '1',
      });
      const alarm = filter.metric({ statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) }).createAlarm(this, `${control.id}Alarm`, {
        alarmDescription: `CIS AWS Foundations ${control.cis}${control.securityHubControl ? ` (Security Hub ${control.securityHubControl})` : ''}: ` +
          `${control.description}. See the CloudTrail log group ${props.logGroup.logGroupName}.`,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(action);
      this.metricFilters.push(filter);
      this.alarms.push(alarm);
    }
  }
}
