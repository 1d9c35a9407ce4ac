import { DATA_CLASS_TAG } from '../../private/data-store-types';
import { Fact, ResourceView, StackView, Verifier } from '../model';
import { fact, isTrue, listOf, noResource, referenced, resourceFact, resourcesOf, show, tagOf } from '../query';
import { ACTIVITY_VERIFIERS } from './activity-logged';
import {
  anyCompliant, BUCKET, DETECTOR, HUB, LOG_GROUP, namedResource, sameStack, templateText, TOPIC, TRAIL, trailLogGroup, where,
} from './audit-templates';
import { MASKING_VERIFIERS } from './log-masking';
import { LOG_KEEPING_VERIFIERS } from './logs-kept';
import { SCANNING_VERIFIERS } from './vulnerability-scanning';

/** Read by other verifier modules from here (as before the split). */
export { templateText } from './audit-templates';

/**
 * The verifiers of logging, monitoring and detection (claims S0-03, S0-04, S0-11, S1-04, S1-06,
 * S1-07, S2-01, S2-14, S4-04, S4-09, S4-10, S4-11): what the templates show of the CloudTrail
 * trail, the CloudWatch Logs groups, the CIS alarms, GuardDuty, Security Hub, Inspector and the
 * incident channel. This module holds S2-01 (data access logged), monitoring and incidents; the
 * others are in activity-logged.ts, logs-kept.ts, log-masking.ts and vulnerability-scanning.ts,
 * and `AUDIT_VERIFIERS` names them all.
 */

// ---------------------------------------------------------------------------------------------
// S2-01: access to customer data logged
/**
 * Whether an S3 data-resource value (an ARN prefix) covers every object of `bucket`: the
 * prefix of all buckets (`arn:aws:s3`, `arn:aws:s3:::`), or the bucket's ARN with an empty
 * object prefix (`${Bucket.Arn}/`, `arn:aws:s3:::${Bucket}/`, `arn:aws:s3:::<BucketName>/`).
 * With `startsWith` (an advanced selector's `StartsWith`), the trailing `/` may be left out.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudtrail-trail-dataresource.html
 */
function coversBucket(value: unknown, bucket: ResourceView, startsWith = false): boolean {
  const text = templateText(value)?.replace(/\$\{AWS::Partition\}/g, 'aws');
  if (text === undefined) {
    return false;
  }
  if (/^arn:aws[a-z-]*:s3(:::)?$/.test(text)) {
    return true;
  }
  const slash = startsWith ? '/?' : '/';
  const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const names = [`\${${bucket.logicalId}}`, ...(typeof bucket.properties.BucketName === 'string' ? [bucket.properties.BucketName] : [])];
  return new RegExp(`^\\$\\{${escaped(bucket.logicalId)}\\.Arn\\}${slash}$`).test(text)
    || names.some((n) => new RegExp(`^arn:aws[a-z-]*:s3:::${escaped(n)}${slash}$`).test(text));
}

/** Where a logging trail records the S3 data events, read and write, of every object of `bucket`, if it does. */
function dataEventSelector(trail: ResourceView, bucket: ResourceView): string | undefined {
  if (!isTrue(trail.properties.IsLogging)) {
    return undefined;
  }
  for (const [i, s] of listOf<any>(trail.properties.EventSelectors).entries()) {
    if ((s?.ReadWriteType ?? 'All') !== 'All') {
      continue;
    }
    for (const [j, d] of listOf<any>(s.DataResources).entries()) {
      const k = d?.Type === 'AWS::S3::Object' ? listOf(d.Values).findIndex((v) => coversBucket(v, bucket)) : -1;
      if (k >= 0) {
        return `${trail.logicalId} EventSelectors.${i}.DataResources.${j}.Values.${k}`;
      }
    }
  }
  for (const [i, s] of listOf<any>(trail.properties.AdvancedEventSelectors).entries()) {
    const fields = listOf<any>(s?.FieldSelectors);
    const field = (name: string) => fields.find((f) => f?.Field === name);
    const narrowing = fields.filter((f) => !['eventCategory', 'resources.type', 'resources.ARN'].includes(f?.Field));
    if (!listOf(field('eventCategory')?.Equals).includes('Data') || !listOf(field('resources.type')?.Equals).includes('AWS::S3::Object')
      || narrowing.length > 0) {
      continue;
    }
    const arn = field('resources.ARN');
    if (arn === undefined) {
      return `${trail.logicalId} AdvancedEventSelectors.${i} (every S3 object)`;
    }
    const operators = Object.keys(arn).filter((k) => k !== 'Field');
    if (operators.length === 1 && operators[0] === 'StartsWith' && listOf(arn.StartsWith).some((v) => coversBucket(v, bucket, true))) {
      return `${trail.logicalId} AdvancedEventSelectors.${i}`;
    }
  }
  return undefined;
}

/**
 * S2-01: every access to stored data is logged:
 * - a logging trail records the S3 data events (object reads and writes) of every bucket that
 *   carries a `data-class` tag, except buckets that only hold logs (the trail's own bucket, whose
 *   data events would record the trail's deliveries, and buckets receiving server access logs): a basic selector (`ReadWriteType` All) whose `AWS::S3::Object`
 *   data resource is the bucket's ARN with an empty prefix or all buckets, or an advanced
 *   selector on `eventCategory` Data and `resources.type` AWS::S3::Object not narrowed by
 *   `readOnly` or an event name. CloudTrail records no data events by default;
 * - every such bucket keeps S3 server access logs (`LoggingConfiguration.DestinationBucketName`),
 *   which also record requests CloudTrail does not (authentication failures, ...). A bucket that
 *   receives the access logs of others is exempt: S3 documents that a bucket logging to itself
 *   makes an endless loop of log records, so the chain must end somewhere;
 * - every RDS instance and cluster exports its logs to CloudWatch Logs
 *   (`EnableCloudwatchLogsExports` not empty). An instance of a cluster exports through the
 *   cluster, which is checked instead.
 *
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html
 */
const dataAccessLogged: Verifier = ({ stacks }) => {
  const trails = resourcesOf(stacks, TRAIL);
  const buckets = resourcesOf(stacks, BUCKET).filter((b) => tagOf(b, DATA_CLASS_TAG) !== undefined);
  const databases = resourcesOf(stacks, 'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster')
    .filter((d) => d.type === 'AWS::RDS::DBCluster' || d.properties.DBClusterIdentifier === undefined);
  if (buckets.length === 0 && databases.length === 0) {
    return [fact(where(stacks), `Resources[Type=${BUCKET} or AWS::RDS::*]`, 'data stores whose access is logged', '(none)', false,
      `no S3 bucket tagged ${DATA_CLASS_TAG} and no RDS database in the templates`)];
  }
  const facts: Fact[] = [];
  for (const bucket of buckets) {
    const destination = bucket.properties.LoggingConfiguration?.DestinationBucketName;
    const sources = resourcesOf(stacks, BUCKET).filter((b) => b !== bucket && b.stack === bucket.stack
      && namedResource(stacks, b, b.properties.LoggingConfiguration?.DestinationBucketName, BUCKET, 'BucketName') === bucket);
    const trailTarget = trails.find((t) => t.stack === bucket.stack && namedResource(stacks, t, t.properties.S3BucketName, BUCKET, 'BucketName') === bucket);
    const selector = trails.map((t) => dataEventSelector(t, bucket)).find((s) => s !== undefined);
    if (selector === undefined && (trailTarget !== undefined || sources.length > 0)) {
      // A log bucket holds records of access, not customer data; data events on the trail's own
      // bucket record the trail's deliveries, each of which is a new event (CloudTrail documents the loop).
      facts.push(fact(bucket, `Resources[Type=${TRAIL}].Properties.EventSelectors`, 'S3 data events of every object, or a bucket that only holds logs',
        trailTarget ? `(none): receives the log files of ${trailTarget.logicalId}` : `(none): receives the access logs of ${sources.length} bucket${sources.length > 1 ? 's' : ''}`,
        true, 'a log bucket holds records of access, not customer data; data events on a trail\'s own bucket log its own deliveries'));
    } else {
      facts.push(fact(bucket, `Resources[Type=${TRAIL}].Properties.EventSelectors`, 'S3 data events of every object, read and write, recorded by a logging trail',
        selector ?? '(no trail selector covers the bucket)', selector !== undefined,
        selector ? undefined : trails.length === 0 ? `no ${TRAIL} in the templates` : undefined));
    }
    if (destination === undefined && sources.length > 0) {
      facts.push(fact(bucket, 'Properties.LoggingConfiguration.DestinationBucketName', 'server access logs, or the bucket receives those of others',
        `(absent): receives the access logs of ${sources.length} bucket${sources.length > 1 ? 's' : ''}`, true,
        'logging an access-log bucket to itself makes an endless loop of records (S3 documentation)'));
    } else {
      facts.push(resourceFact(bucket, 'Properties.LoggingConfiguration.DestinationBucketName', 'a bucket receiving server access logs',
        destination !== undefined, destination === undefined ? 'S3 keeps no server access logs by default' : undefined));
    }
  }
  for (const db of databases) {
    const exports = listOf(db.properties.EnableCloudwatchLogsExports);
    facts.push(resourceFact(db, 'Properties.EnableCloudwatchLogsExports', 'database logs exported to CloudWatch Logs', exports.length > 0,
      exports.length === 0 ? 'RDS exports no log to CloudWatch Logs by default' : undefined));
  }
  return facts;
};
// ---------------------------------------------------------------------------------------------
// S1-07, S2-14, S4-09: monitoring

/**
 * What a metric filter pattern must contain to implement a CIS AWS Foundations Benchmark
 * (v1.4.0, section 4) monitoring control, as `CisAlarms` writes it (a test checks that each of
 * its patterns matches its signature). Spaces and double quotes are removed before matching;
 * each token must appear, not followed by a letter or digit. A pattern that matches more events
 * still implements the control.
 *
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html
 */
export const CIS_SIGNATURES: Array<{ id: string; cis: string; tokens: string[] }> = (() => {
  const names = (...events: string[]) => events.map((e) => `$.eventName=${e}`);
  const source = (service: string) => `$.eventSource=${service}.amazonaws.com`;
  return [
    { id: 'UnauthorizedApiCalls', cis: '4.1', tokens: ['$.errorCode=*UnauthorizedOperation', '$.errorCode=AccessDenied*'] },
    { id: 'ConsoleSignInWithoutMfa', cis: '4.2', tokens: ['$.eventName=ConsoleLogin', '$.additionalEventData.MFAUsed!=Yes'] },
    { id: 'RootAccountUsage', cis: '4.3', tokens: ['$.userIdentity.type=Root', '$.userIdentity.invokedByNOTEXISTS', '$.eventType!=AwsServiceEvent'] },
    {
      id: 'IamPolicyChanges',
      cis: '4.4',
      tokens: names('DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy', 'CreatePolicy',
        'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy', 'AttachUserPolicy', 'DetachUserPolicy',
        'AttachGroupPolicy', 'DetachGroupPolicy'),
    },
    { id: 'CloudTrailChanges', cis: '4.5', tokens: names('CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging') },
    { id: 'ConsoleAuthenticationFailures', cis: '4.6', tokens: ['$.eventName=ConsoleLogin', '$.errorMessage=Failedauthentication'] },
    { id: 'KmsKeyDisabledOrDeleted', cis: '4.7', tokens: [source('kms'), ...names('DisableKey', 'ScheduleKeyDeletion')] },
    {
      id: 'S3BucketPolicyChanges',
      cis: '4.8',
      tokens: [source('s3'), ...names('PutBucketAcl', 'PutBucketPolicy', 'PutBucketCors', 'PutBucketLifecycle', 'PutBucketReplication',
        'DeleteBucketPolicy', 'DeleteBucketCors', 'DeleteBucketLifecycle', 'DeleteBucketReplication')],
    },
    {
      id: 'ConfigChanges',
      cis: '4.9',
      tokens: [source('config'), ...names('StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder')],
    },
    {
      id: 'SecurityGroupChanges',
      cis: '4.10',
      tokens: names('AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress',
        'CreateSecurityGroup', 'DeleteSecurityGroup'),
    },
    {
      id: 'NetworkAclChanges',
      cis: '4.11',
      tokens: names('CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclEntry',
        'ReplaceNetworkAclAssociation'),
    },
    {
      id: 'NetworkGatewayChanges',
      cis: '4.12',
      tokens: names('CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway', 'CreateInternetGateway', 'DeleteInternetGateway',
        'DetachInternetGateway'),
    },
    {
      id: 'RouteTableChanges',
      cis: '4.13',
      tokens: [source('ec2'), ...names('CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation', 'DeleteRouteTable',
        'DeleteRoute', 'DisassociateRouteTable')],
    },
    {
      id: 'VpcChanges',
      cis: '4.14',
      tokens: names('CreateVpc', 'DeleteVpc', 'ModifyVpcAttribute', 'AcceptVpcPeeringConnection', 'CreateVpcPeeringConnection',
        'DeleteVpcPeeringConnection', 'RejectVpcPeeringConnection', 'AttachClassicLinkVpc', 'DetachClassicLinkVpc', 'DisableVpcClassicLink',
        'EnableVpcClassicLink'),
    },
    {
      id: 'OrganizationsChanges',
      cis: '4.15',
      tokens: [source('organizations'), ...names('AcceptHandshake', 'AttachPolicy', 'CreateAccount', 'CreateOrganizationalUnit', 'CreatePolicy',
        'DeclineHandshake', 'DeleteOrganization', 'DeleteOrganizationalUnit', 'DeletePolicy', 'DetachPolicy', 'DisablePolicyType', 'EnablePolicyType',
        'InviteAccountToOrganization', 'LeaveOrganization', 'MoveAccount', 'RemoveAccountFromOrganization', 'UpdatePolicy', 'UpdateOrganizationalUnit')],
    },
  ];
})();

/** Whether a metric filter pattern implements the CIS control of `tokens`. */
export function matchesCisSignature(pattern: unknown, tokens: string[]): boolean {
  if (typeof pattern !== 'string') {
    return false;
  }
  const text = pattern.replace(/[\s"]/g, '');
  return tokens.every((token) => new RegExp(`${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`).test(text));
}

/**
 * The facts that a trail's log group carries the CIS monitoring controls: the trail delivers to a
 * log group of the template; for each control, a metric filter on that group whose pattern
 * implements it and a CloudWatch alarm on the filter's metric (same `MetricName` and
 * `Namespace`) with at least one alarm action (actions enabled); and the count.
 */
function cisFactsOfTrail(stacks: StackView[], trail: ResourceView): Fact[] {
  const group = trailLogGroup(stacks, trail);
  const delivery = resourceFact(trail, 'Properties.CloudWatchLogsLogGroupArn', 'a CloudWatch Logs group of the template', group !== undefined,
    group ? undefined : 'the CIS metric filters need the trail\'s events in a log group of the template');
  if (!group) {
    return [delivery];
  }
  const resources = sameStack(stacks, trail);
  const filters = resources.filter((r) => r.type === 'AWS::Logs::MetricFilter'
    && namedResource(stacks, r, r.properties.LogGroupName, LOG_GROUP, 'LogGroupName') === group);
  const alarms = resources.filter((r) => r.type === 'AWS::CloudWatch::Alarm');
  let monitored = 0;
  const facts = [delivery, ...CIS_SIGNATURES.map((control) => {
    const expected = `CIS ${control.cis} (${control.id}): a metric filter on ${group.logicalId} and an alarm with an action`;
    const filter = filters.find((f) => matchesCisSignature(f.properties.FilterPattern, control.tokens));
    if (!filter) {
      return fact(trail, `Resources[Type=AWS::Logs::MetricFilter, LogGroupName=${group.logicalId}]`, expected, '(no matching metric filter)', false);
    }
    const metrics = listOf<any>(filter.properties.MetricTransformations).map((m) => `${m?.MetricNamespace}/${m?.MetricName}`);
    const onMetric = alarms.filter((a) => metrics.includes(`${a.properties.Namespace}/${a.properties.MetricName}`));
    const alarm = onMetric.find((a) => a.properties.ActionsEnabled !== false && a.properties.ActionsEnabled !== 'false'
      && listOf(a.properties.AlarmActions).length > 0);
    const found = alarm ? `${filter.logicalId} -> ${alarm.logicalId} -> ${listOf(alarm.properties.AlarmActions).map((x) => templateText(x) ?? show(x)).join(', ')}`
      : onMetric.length > 0 ? `${filter.logicalId} -> ${onMetric[0].logicalId} (no alarm action)` : `${filter.logicalId} (no alarm on ${metrics.join(', ')})`;
    if (alarm) {
      monitored++;
    }
    return fact(filter, 'Properties.FilterPattern', expected, found, alarm !== undefined);
  })];
  facts.push(fact(trail, `Resources[Type=AWS::Logs::MetricFilter, LogGroupName=${group.logicalId}]`,
    `${CIS_SIGNATURES.length} CIS monitoring controls with an alarm`, `${monitored} of ${CIS_SIGNATURES.length}`, monitored === CIS_SIGNATURES.length));
  return facts;
}

/** The CIS facts of the trails (the best trail, see `anyCompliant`), or the fact that there is no trail. */
function cisFacts(stacks: StackView[]): Fact[] {
  const trails = resourcesOf(stacks, TRAIL);
  if (trails.length === 0) {
    return [noResource(stacks, TRAIL, 'a trail delivering to CloudWatch Logs, with the CIS metric filters and alarms')];
  }
  return anyCompliant(trails.map((t) => cisFactsOfTrail(stacks, t)));
}

/** Every GuardDuty detector is enabled (`Enable` true), or the fact that there is none. */
export function detectorFacts(stacks: StackView[]): Fact[] {
  return resourcesOf(stacks, DETECTOR).length === 0
    ? [{
      ...noResource(stacks, DETECTOR, 'an enabled GuardDuty detector'),
      note: `no ${DETECTOR} in the templates (a detector enabled outside the stack, DetectionSetup.ALREADY_ENABLED, cannot be proven here)`,
    }]
    : resourcesOf(stacks, DETECTOR).map((d) => resourceFact(d, 'Properties.Enable', 'true', isTrue(d.properties.Enable)));
}

/**
 * S1-07, S4-09: activity is monitored for anomalies: an enabled Amazon GuardDuty detector
 * (managed threat detection over CloudTrail, VPC flow logs and DNS logs), and the CIS AWS
 * Foundations Benchmark monitoring controls on the trail's log group: for each of the 15
 * controls `CisAlarms` defines, a metric filter whose pattern implements it, and an alarm on
 * its metric with an action (counted: `15 of 15`).
 *
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/what-is-guardduty.html
 */
const anomalyMonitoring: Verifier = ({ stacks }) => [...detectorFacts(stacks), ...cisFacts(stacks)];

/**
 * S2-14: centralised logging is analysed automatically for security events: a GuardDuty
 * detector (enabled), a Security Hub hub with at least one standard (`AWS::SecurityHub::Standard`
 * resources of its stack, or the default standards: `EnableDefaultStandards` true, which is
 * CloudFormation's default), the trail delivering to a CloudWatch Logs group of the template,
 * and the CIS alarms on it (as S1-07).
 *
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/standards-reference.html
 */
const centralSecurityAnalysis: Verifier = ({ stacks }) => {
  const hubs = resourcesOf(stacks, HUB);
  const hubFacts = hubs.length === 0 ? [noResource(stacks, HUB, 'Security Hub with at least one standard')] : hubs.map((hub) => {
    const standards = sameStack(stacks, hub).filter((r) => r.type === 'AWS::SecurityHub::Standard');
    if (standards.length > 0) {
      return fact(hub, 'Resources[Type=AWS::SecurityHub::Standard].Properties.StandardsArn', 'at least one standard',
        standards.map((s) => (templateText(s.properties.StandardsArn) ?? show(s.properties.StandardsArn)).replace(/^.*:standards\//, '')).join(', '), true);
    }
    const defaults = hub.properties.EnableDefaultStandards;
    return resourceFact(hub, 'Properties.EnableDefaultStandards', 'at least one standard (true, or AWS::SecurityHub::Standard)',
      defaults === undefined || isTrue(defaults), defaults === undefined ? 'absent: CloudFormation enables the default standards' : undefined);
  });
  return [...detectorFacts(stacks), ...hubFacts, ...cisFacts(stacks)];
};

// ---------------------------------------------------------------------------------------------
// S0-11, S4-11: incidents

/** An EventBridge rule's event pattern (an object, or JSON text). */
function eventPattern(rule: ResourceView): any {
  const pattern = rule.properties.EventPattern;
  if (typeof pattern === 'string') {
    try {
      return JSON.parse(pattern);
    } catch {
      return undefined;
    }
  }
  return pattern;
}

/**
 * Whether a topic is encrypted with a customer-managed key: EventBridge cannot publish to a topic
 * under the AWS-managed key `alias/aws/sns`, whose key policy cannot grant it.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-troubleshooting.html
 */
function customerTopicKey(topic: ResourceView): boolean {
  const key = topic.properties.KmsMasterKeyId;
  if (key === undefined) {
    return false;
  }
  const text = templateText(key) ?? show(key);
  return !/alias\/aws\//.test(text);
}

/**
 * S0-11, S4-11: security findings reach an encrypted incident topic, and the breach notice
 * template exists:
 * - for each of `aws.guardduty` and `aws.securityhub`, an enabled EventBridge rule
 *   (`State` not DISABLED) whose `EventPattern.source` names it, with a target that is an SNS
 *   topic of the template encrypted with a KMS key (`KmsMasterKeyId`);
 * - the breach notice `IncidentResponse` writes next to the templates,
 *   `<stack name>.breach-notice.md`, is a file of the cloud assembly for each stack holding
 *   such a topic, in the directory of the stack's template (a Stage's nested assembly for a
 *   stack of a Stage). Its content is not read here (verifiers read templates only).
 *
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings_eventbridge.html
 */
const incidentRouting: Verifier = ({ stacks, assembly }) => {
  const rules = resourcesOf(stacks, 'AWS::Events::Rule').filter((r) => r.properties.State !== 'DISABLED');
  const topics = new Set<ResourceView>();
  const facts: Fact[] = ['aws.guardduty', 'aws.securityhub'].map((source) => {
    const expected = `a rule on ${source} events targeting an SNS topic encrypted with KMS (KmsMasterKeyId)`;
    const candidates = rules.filter((r) => listOf(eventPattern(r)?.source).includes(source));
    for (const rule of candidates) {
      const topic = listOf<any>(rule.properties.Targets).map((t) => referenced(stacks, rule, t?.Arn))
        .find((t) => t?.type === TOPIC && customerTopicKey(t));
      if (topic) {
        topics.add(topic);
        return fact(rule, 'Properties.Targets', expected, `${topic.logicalId} (KmsMasterKeyId ${templateText(topic.properties.KmsMasterKeyId)
          ?? show(topic.properties.KmsMasterKeyId)})`, true);
      }
    }
    if (candidates.length > 0) {
      return fact(candidates[0], 'Properties.Targets', expected,
        listOf<any>(candidates[0].properties.Targets).map((t) => templateText(t?.Arn) ?? show(t?.Arn)).join(', ') || '(no target)', false,
        'no target is an SNS topic of the template encrypted with a customer-managed key (EventBridge cannot publish to a topic under alias/aws/sns)');
    }
    return fact(where(stacks), 'Resources[Type=AWS::Events::Rule].Properties.EventPattern.source', expected, '(none)', false,
      `no enabled rule on ${source} events`);
  });
  const noticeStacks = topics.size > 0 ? stacks.filter((s) => [...topics].some((t) => t.stack === s.id)) : stacks;
  for (const stack of noticeStacks) {
    // Next to the stack's template: the assembly's root, or the directory of its Stage.
    const directory = stack.templateFile.includes('/') ? stack.templateFile.slice(0, stack.templateFile.lastIndexOf('/') + 1) : '';
    const names = [...new Set([`${directory}${stack.stackName}.breach-notice.md`, `${directory}${stack.id}.breach-notice.md`])];
    const file = names.find((n) => assembly.files.includes(n));
    facts.push(fact({ stack: stack.id }, 'cloud assembly file', names[0], file ?? '(absent)', file !== undefined,
      file ? undefined : 'IncidentResponse writes the breach notice template next to the templates on every synthesis'));
  }
  return facts;
};

/** The verifiers of this area, by the name the catalog's `checks` use. */
export const AUDIT_VERIFIERS: Record<string, Verifier> = {
  ...ACTIVITY_VERIFIERS,
  'data-access-logged': dataAccessLogged,
  ...LOG_KEEPING_VERIFIERS,
  ...MASKING_VERIFIERS,
  'anomaly-monitoring': anomalyMonitoring,
  'central-security-analysis': centralSecurityAnalysis,
  'incident-routing': incidentRouting,
  ...SCANNING_VERIFIERS,
};
