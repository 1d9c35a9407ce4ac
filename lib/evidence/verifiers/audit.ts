import { DATA_CLASS_TAG } from '../../private/data-store-types';
import { Fact, ResourceView, StackView, Verifier } from '../model';
import { fact, isTrue, listOf, noResource, numberOf, referenced, resourceFact, resourcesOf, show, tagOf } from '../query';

/**
 * The verifiers of logging, monitoring and detection (claims S0-03, S0-04, S0-11, S1-04, S1-06,
 * S1-07, S2-01, S2-14, S4-04, S4-09, S4-10, S4-11): what the templates show of the CloudTrail
 * trail, the CloudWatch Logs groups, the CIS alarms, GuardDuty, Security Hub, Inspector and the
 * incident channel.
 */

const TRAIL = 'AWS::CloudTrail::Trail';
const LOG_GROUP = 'AWS::Logs::LogGroup';
const BUCKET = 'AWS::S3::Bucket';
const DETECTOR = 'AWS::GuardDuty::Detector';
const HUB = 'AWS::SecurityHub::Hub';
const TOPIC = 'AWS::SNS::Topic';


// ---------------------------------------------------------------------------------------------
// Reading templates

/**
 * A template value as text, with `Ref` written `${Id}`, `Fn::GetAtt` written `${Id.Attr}` and
 * `Fn::Join` of such parts joined (`Fn::Sub` strings already have this form); undefined when
 * the value is built by another intrinsic and cannot be read without deploying.
 */
export function templateText(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value) || Object.keys(value).length !== 1) {
    return undefined;
  }
  const v = value as Record<string, any>;
  if (typeof v.Ref === 'string') {
    return `\${${v.Ref}}`;
  }
  const getAtt = v['Fn::GetAtt'];
  if (Array.isArray(getAtt) && getAtt.length === 2 && getAtt.every((x) => typeof x === 'string')) {
    return `\${${getAtt[0]}.${getAtt[1]}}`;
  }
  if (typeof getAtt === 'string') {
    return `\${${getAtt}}`;
  }
  const join = v['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const parts = join[1].map(templateText);
    return parts.every((p) => p !== undefined) ? parts.join(join[0]) : undefined;
  }
  if (typeof v['Fn::Sub'] === 'string') {
    return v['Fn::Sub'];
  }
  return undefined;
}

/** The resources of the stack that holds `from`. */
function sameStack(stacks: StackView[], from: { stack: string }): ResourceView[] {
  return stacks.find((s) => s.id === from.stack)?.resources ?? [];
}

/**
 * The resource of `type` a template value names: a `Ref`/`Fn::GetAtt` to it, a text that is
 * exactly `${Id}`, or a literal equal to its `nameProperty` (`LogGroupName`, `BucketName`).
 */
function namedResource(stacks: StackView[], from: ResourceView, value: unknown, type: string, nameProperty: string): ResourceView | undefined {
  const target = referenced(stacks, from, value);
  if (target) {
    return target.type === type ? target : undefined;
  }
  const text = templateText(value);
  if (text === undefined) {
    return undefined;
  }
  const resources = sameStack(stacks, from);
  const ref = /^\$\{([^.}]+)\}$/.exec(text);
  if (ref) {
    return resources.find((r) => r.logicalId === ref[1] && r.type === type);
  }
  return resources.find((r) => r.type === type && r.properties[nameProperty] === text);
}

/** The log group of the template an ARN names (`Fn::GetAtt [Group, Arn]`, or `arn:...:log-group:<name>[:*]`). */
function logGroupOfArn(stacks: StackView[], from: ResourceView, value: unknown): ResourceView | undefined {
  const target = referenced(stacks, from, value);
  if (target) {
    return target.type === LOG_GROUP ? target : undefined;
  }
  const name = /:log-group:(.+?)(?::\*)?$/.exec(templateText(value) ?? '')?.[1];
  return name === undefined ? undefined : namedResource(stacks, from, name, LOG_GROUP, 'LogGroupName');
}

/** The log group a trail delivers its events to, when it is one of the template. */
function trailLogGroup(stacks: StackView[], trail: ResourceView): ResourceView | undefined {
  return logGroupOfArn(stacks, trail, trail.properties.CloudWatchLogsLogGroupArn);
}

/**
 * The facts of the trails that meet the claim on their own, or every trail's facts when none
 * does: one trail that records everything proves the claim; another, narrower trail (a
 * team's own, a data-events-only trail) takes nothing away from it.
 */
function anyCompliant(groups: Fact[][]): Fact[] {
  const compliant = groups.filter((g) => g.length > 0 && g.every((f) => f.satisfied));
  return (compliant.length > 0 ? compliant : groups).flat();
}

/** The stacks, for facts that are about no single resource. */
function where(stacks: StackView[]): { stack: string } {
  return { stack: stacks.map((s) => s.id).join(', ') || '(no stack records the claim)' };
}

// ---------------------------------------------------------------------------------------------
// S0-03, S2-01: activity logged

const TRAIL_FLAGS = ['IsMultiRegionTrail', 'IncludeGlobalServiceEvents', 'IsLogging', 'EnableLogFileValidation'];

/**
 * Whether the trail records every management event, read and write, and the fact that says so.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudtrail-trail-eventselector.html
 */
function managementEventsFact(trail: ResourceView): Fact {
  const expected = 'all management events, read and write';
  const selectors = listOf<any>(trail.properties.EventSelectors);
  const advanced = listOf<any>(trail.properties.AdvancedEventSelectors);
  if (selectors.length === 0 && advanced.length === 0) {
    return fact(trail, 'Properties.EventSelectors', expected, undefined, true,
      'without event selectors a trail records all management events, read and write');
  }
  if (selectors.length > 0) {
    const i = selectors.findIndex((s) => (s?.IncludeManagementEvents === undefined || isTrue(s.IncludeManagementEvents))
      && (s?.ReadWriteType ?? 'All') === 'All' && listOf(s?.ExcludeManagementEventSources).length === 0);
    const describe = (s: any) => `IncludeManagementEvents ${show(s?.IncludeManagementEvents)}, ReadWriteType ${show(s?.ReadWriteType)}` +
      (listOf(s?.ExcludeManagementEventSources).length > 0 ? `, ExcludeManagementEventSources ${show(s.ExcludeManagementEventSources)}` : '');
    if (i < 0) {
      return fact(trail, 'Properties.EventSelectors', expected, selectors.map(describe).join('; '), false,
        'no selector records management events of every source, read and write');
    }
    const s = selectors[i];
    const defaults = [s.IncludeManagementEvents === undefined ? 'IncludeManagementEvents' : '', s.ReadWriteType === undefined ? 'ReadWriteType' : '']
      .filter((x) => x);
    return fact(trail, `Properties.EventSelectors.${i}`, expected, describe(s), true,
      defaults.length > 0 ? `${defaults.join(' and ')} absent: CloudFormation's defaults are true and All` : undefined);
  }
  const i = advanced.findIndex((s) => {
    const fields = listOf<any>(s?.FieldSelectors);
    return fields.length === 1 && fields[0]?.Field === 'eventCategory' && Object.keys(fields[0]).length === 2
      && listOf(fields[0].Equals).includes('Management');
  });
  if (i < 0) {
    return fact(trail, 'Properties.AdvancedEventSelectors', expected, trail.properties.AdvancedEventSelectors, false,
      'no advanced selector selects eventCategory Management without narrowing it (readOnly, eventSource, ...)');
  }
  return fact(trail, `Properties.AdvancedEventSelectors.${i}`, expected, 'eventCategory = Management', true);
}

/** The facts that one trail records all activity. */
function activityFacts(trail: ResourceView): Fact[] {
  return [
    ...TRAIL_FLAGS.map((p) => resourceFact(trail, `Properties.${p}`, 'true', isTrue(trail.properties[p]))),
    managementEventsFact(trail),
  ];
}

/**
 * S0-03, S2-01: at least one CloudTrail trail records all activity of the account: it is
 * multi-region (`IsMultiRegionTrail`, API calls in every region, present and future), includes
 * global service events (`IncludeGlobalServiceEvents`: IAM, STS, CloudFront), is logging
 * (`IsLogging`), validates its log files (`EnableLogFileValidation`: a digest shows any file
 * changed or deleted), and records every management event, read and write: a trail without
 * selectors does; a basic selector must include management events (CloudFormation default true)
 * with `ReadWriteType` All (default All) and exclude no event source; an advanced selector must
 * select `eventCategory` Management and nothing narrower. Console actions are management events.
 *
 * Only the facts of compliant trails are returned when there is one (see `anyCompliant`).
 *
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-management-events
 */
const activityLogged: Verifier = ({ stacks }) => {
  const trails = resourcesOf(stacks, TRAIL);
  if (trails.length === 0) {
    return [noResource(stacks, TRAIL, 'a multi-region trail of all management events')];
  }
  return anyCompliant(trails.map(activityFacts));
};

/**
 * The log group a Lambda function writes to, from `LoggingConfig.LogGroup` (a name: `Ref` to a
 * log group, or a literal `LogGroupName`).
 */
function functionLogFact(stacks: StackView[], fn: ResourceView): Fact {
  const path = 'Properties.LoggingConfig.LogGroup';
  const expected = 'a log group of the template';
  const value = fn.properties.LoggingConfig?.LogGroup;
  if (value === undefined) {
    return resourceFact(fn, path, expected, false,
      'Lambda then writes to /aws/lambda/<function name>, a group it creates at run time outside the template, unencrypted and never expiring');
  }
  const group = namedResource(stacks, fn, value, LOG_GROUP, 'LogGroupName');
  return fact(fn, path, expected, group ? `${group.logicalId} (${show(value)})` : value, group !== undefined,
    group ? undefined : 'the name is not that of a log group declared in the template');
}

/**
 * S0-03: application actions are logged to log groups the template declares:
 * - at least one application log group. An application log group is recognised by its
 *   data-protection policy (`DataProtectionPolicy`): `ApplicationLogGroup` always sets one,
 *   and no log group an AWS service writes to (CloudTrail, VPC flow logs, WAF, RDS exports,
 *   Lambda handlers) gets one from the library. Names and construct paths are free text and
 *   are not used;
 * - every Lambda function writes to a log group of the template (`LoggingConfig.LogGroup`), so
 *   its logs have the retention and key the template gives them.
 *
 * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html
 */
const applicationLogs: Verifier = ({ stacks }) => {
  const groups = resourcesOf(stacks, LOG_GROUP).filter((g) => g.properties.DataProtectionPolicy !== undefined);
  const expected = 'an application log group (a log group with a data-protection policy, as ApplicationLogGroup makes)';
  const facts: Fact[] = groups.length > 0
    ? groups.map((g) => fact(g, 'Properties.DataProtectionPolicy', expected,
      `${show(g.properties.LogGroupName ?? g.logicalId)}: policy ${show(g.properties.DataProtectionPolicy?.Name)}`, true))
    : [fact(where(stacks), `Resources[Type=${LOG_GROUP}].Properties.DataProtectionPolicy`, expected, '(none)', false,
      'no log group is recognisable as an application log group; use ApplicationLogGroup')];
  facts.push(...resourcesOf(stacks, 'AWS::Lambda::Function').map((fn) => functionLogFact(stacks, fn)));
  return facts;
};

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
// S0-04, S1-06: logs in CloudWatch, kept long enough

/** A retention expectation: a number of days, or `INFINITE`; undefined when the claim records none. */
function retentionExpectation(value: string | undefined): number | 'INFINITE' | undefined {
  if (value === 'INFINITE') {
    return value;
  }
  const days = numberOf(value);
  return days === undefined ? undefined : days;
}

/**
 * The fact about the `RetentionInDays` of a log group or a `Custom::LogRetention`. Without it, a
 * log group keeps its events indefinitely (and the LogRetention handler removes the group's
 * retention policy), which meets any minimum.
 */
function retentionFact(resource: ResourceView, want: number | 'INFINITE', what: string): Fact {
  const path = 'Properties.RetentionInDays';
  const value = resource.properties.RetentionInDays;
  if (want === 'INFINITE') {
    return resourceFact(resource, path, '(absent): kept indefinitely', value === undefined,
      value === undefined ? `without RetentionInDays ${what} keeps events indefinitely` : undefined);
  }
  if (value === undefined) {
    return resourceFact(resource, path, `>= ${want}`, true, `absent: ${what} keeps the events indefinitely, longer than ${want} days`);
  }
  const days = numberOf(value);
  return resourceFact(resource, path, `>= ${want}`, days !== undefined && days >= want,
    days === undefined ? 'not a literal number of days' : undefined);
}

/**
 * S0-04: logs are stored in CloudWatch Logs and kept the claim's `logRetentionDays` (a number,
 * or `INFINITE`):
 * - every trail delivers its events to a CloudWatch Logs group (`CloudWatchLogsLogGroupArn`),
 *   one of the template or named by a literal ARN;
 * - every `AWS::Logs::LogGroup` keeps events at least that many days (`RetentionInDays`;
 *   absent means indefinitely). With `INFINITE`, `RetentionInDays` must be absent;
 * - every `Custom::LogRetention` (aws-cdk-lib's `logRetention` props) likewise.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-loggroup.html
 */
const logsInCloudWatch: Verifier = ({ stacks, expected }) => {
  const want = retentionExpectation(expected.get('logRetentionDays'));
  if (want === undefined) {
    return [fact(where(stacks), 'Metadata.cdk-data-protection.claims', 'logRetentionDays: a number of days or INFINITE',
      expected.get('logRetentionDays'), false, 'the claim records no log retention to compare with')];
  }
  const facts = resourcesOf(stacks, TRAIL).length === 0
    ? [noResource(stacks, TRAIL, 'a trail delivering to CloudWatch Logs')]
    : resourcesOf(stacks, TRAIL).map((trail) => {
      const value = trail.properties.CloudWatchLogsLogGroupArn;
      const group = trailLogGroup(stacks, trail);
      const literal = group === undefined && /^arn:aws[a-z-]*:logs:[^:]+:\d{12}:log-group:/.test(templateText(value) ?? '');
      return resourceFact(trail, 'Properties.CloudWatchLogsLogGroupArn', 'a CloudWatch Logs group', group !== undefined || literal,
        group ? undefined : literal ? 'a log group outside the template: its retention is not checked here'
          : value === undefined ? 'the trail delivers only to S3' : 'not a log group of the template');
    });
  facts.push(...resourcesOf(stacks, LOG_GROUP).map((g) => retentionFact(g, want, 'CloudWatch Logs')));
  facts.push(...resourcesOf(stacks, 'Custom::LogRetention').map((r) => retentionFact(r, want, 'the log group')));
  return facts;
};

/** The facts that a trail keeps a year of history: its log group's retention and its bucket's lifecycle. */
function trailHistoryFacts(stacks: StackView[], trail: ResourceView, minimum: number): Fact[] {
  // A history is only kept while the trail records.
  const facts: Fact[] = [resourceFact(trail, 'Properties.IsLogging', 'true', isTrue(trail.properties.IsLogging))];
  const group = trailLogGroup(stacks, trail);
  if (group) {
    facts.push(retentionFact(group, minimum, 'CloudWatch Logs'));
  } else {
    facts.push(resourceFact(trail, 'Properties.CloudWatchLogsLogGroupArn', `a log group of the template kept >= ${minimum} days`, false,
      trail.properties.CloudWatchLogsLogGroupArn === undefined ? 'the trail delivers to no CloudWatch Logs group' : 'not a log group of the template'));
  }
  const bucket = namedResource(stacks, trail, trail.properties.S3BucketName, BUCKET, 'BucketName');
  if (!bucket) {
    facts.push(resourceFact(trail, 'Properties.S3BucketName', `a bucket of the template keeping files >= ${minimum} days`, false,
      'the bucket is not declared in the template: its lifecycle cannot be read'));
    return facts;
  }
  const expiring = listOf<any>(bucket.properties.LifecycleConfiguration?.Rules)
    .map((rule, i) => ({ rule, i }))
    .filter(({ rule }) => rule?.Status !== 'Disabled' && (rule?.ExpirationInDays !== undefined || rule?.ExpirationDate !== undefined));
  if (expiring.length === 0) {
    facts.push(fact(bucket, 'Properties.LifecycleConfiguration', `no expiration sooner than ${minimum} days`, 'no expiration rule', true));
  }
  for (const { rule, i } of expiring) {
    if (rule.ExpirationDate !== undefined) {
      facts.push(resourceFact(bucket, `Properties.LifecycleConfiguration.Rules.${i}.ExpirationDate`, `no expiration sooner than ${minimum} days`, false,
        'a fixed date deletes the log files whatever their age'));
      continue;
    }
    const days = numberOf(rule.ExpirationInDays);
    facts.push(resourceFact(bucket, `Properties.LifecycleConfiguration.Rules.${i}.ExpirationInDays`, `>= ${minimum}`,
      days !== undefined && days >= minimum, days === undefined ? 'not a literal number of days' : undefined));
  }
  return facts;
}

/**
 * S1-06: a one-year history of system activity (the claim's `minimumLogRetentionDays`, 365):
 * at least one trail whose CloudWatch Logs group (resolved from `CloudWatchLogsLogGroupArn`)
 * keeps events that many days or more (`RetentionInDays`; absent means indefinitely), and
 * whose S3 bucket (resolved from `S3BucketName`) has no enabled lifecycle rule that expires
 * objects sooner (`ExpirationInDays`; an `ExpirationDate` fails). Noncurrent-version
 * expiration is not counted: CloudTrail writes each log file once under a new key, so
 * noncurrent versions exist only for deleted files.
 *
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html
 */
const auditLogRetention: Verifier = ({ stacks, expected }) => {
  const minimum = numberOf(expected.get('minimumLogRetentionDays'));
  if (minimum === undefined) {
    return [fact(where(stacks), 'Metadata.cdk-data-protection.claims', 'minimumLogRetentionDays: a number of days',
      expected.get('minimumLogRetentionDays'), false, 'the claim records no retention to compare with')];
  }
  const trails = resourcesOf(stacks, TRAIL);
  if (trails.length === 0) {
    return [noResource(stacks, TRAIL, `a trail whose logs are kept >= ${minimum} days`)];
  }
  return anyCompliant(trails.map((t) => trailHistoryFacts(stacks, t, minimum)));
};

// ---------------------------------------------------------------------------------------------
// S1-04, S4-04: masking

/**
 * The data identifiers every masking policy must cover, as the S1-04 text promises: e-mail
 * addresses, names, postal addresses, card numbers, and phone numbers of at least one country
 * (CloudWatch Logs matches phone numbers per country: `PhoneNumber-US`, ...).
 */
const REQUIRED_IDENTIFIERS = ['EmailAddress', 'Name', 'Address', 'CreditCardNumber', 'PhoneNumber-*'];

/** Whether the masked identifiers cover a required one (`PhoneNumber-*`: any country). */
function covers(masked: string[], required: string): boolean {
  return required.endsWith('*') ? masked.some((m) => m.startsWith(required.slice(0, -1))) : masked.includes(required);
}

/** The data identifier names of a data-protection statement (`arn:...:data-identifier/EmailAddress` -> `EmailAddress`). */
function identifierNames(statement: any): string[] {
  return listOf(statement?.DataIdentifier).map((id) => {
    const text = templateText(id) ?? '';
    const i = text.lastIndexOf('data-identifier/');
    return i >= 0 ? text.slice(i + 'data-identifier/'.length) : text;
  });
}

/** What a data-protection policy masks and whether it audits, and whether that meets the claim. */
function maskingOf(policy: any): { found: string; satisfied: boolean; note?: string } {
  const statements = listOf<any>(policy?.Statement);
  const masked = [...new Set(statements.filter((s) => s?.Operation?.Deidentify?.MaskConfig !== undefined).flatMap(identifierNames))];
  const audited = statements.some((s) => s?.Operation?.Audit !== undefined);
  const missing = REQUIRED_IDENTIFIERS.filter((id) => !covers(masked, id));
  const found = `masks ${masked.length > 0 ? masked.join(', ') : '(nothing)'}; ${audited ? 'audit statement' : 'no audit statement'}`;
  const why = [missing.length > 0 ? `does not mask ${missing.join(', ')}` : '', audited ? '' : 'has no Audit statement'].filter((x) => x);
  return { found, satisfied: why.length === 0, note: why.length > 0 ? why.join('; ') : undefined };
}

/**
 * S1-04, S4-04: personal data is masked in logs: every log group with a data-protection policy
 * (`DataProtectionPolicy`), and every account-wide data-protection policy
 * (`AWS::Logs::AccountPolicy` of type `DATA_PROTECTION_POLICY`), has a `Deidentify` statement
 * with `MaskConfig` over at least e-mail addresses, names and postal addresses (managed data
 * identifiers `EmailAddress`, `Name`, `Address`), and an `Audit` statement that reports what
 * was found. At least one such policy must exist. The found value lists every identifier masked.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/mask-sensitive-log-data.html
 */
const logMasking: Verifier = ({ stacks }) => {
  const expected = `masks ${REQUIRED_IDENTIFIERS.join(', ')} (Deidentify MaskConfig) and audits`;
  const facts: Fact[] = resourcesOf(stacks, LOG_GROUP).filter((g) => g.properties.DataProtectionPolicy !== undefined).map((g) => {
    const m = maskingOf(g.properties.DataProtectionPolicy);
    return fact(g, 'Properties.DataProtectionPolicy', expected, m.found, m.satisfied, m.note);
  });
  for (const p of resourcesOf(stacks, 'AWS::Logs::AccountPolicy').filter((a) => a.properties.PolicyType === 'DATA_PROTECTION_POLICY')) {
    let document: unknown;
    try {
      document = JSON.parse(templateText(p.properties.PolicyDocument) ?? '');
    } catch {
      document = undefined;
    }
    const m = document === undefined ? { found: show(p.properties.PolicyDocument), satisfied: false, note: 'the policy document cannot be read' }
      : maskingOf(document);
    facts.push(fact(p, 'Properties.PolicyDocument', expected, m.found, m.satisfied, m.note));
  }
  if (facts.length === 0) {
    facts.push(fact(where(stacks), `Resources[Type=${LOG_GROUP}].Properties.DataProtectionPolicy`, expected, '(none)', false,
      'no log group or account policy masks personal data; use ApplicationLogGroup'));
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
function detectorFacts(stacks: StackView[]): Fact[] {
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

// ---------------------------------------------------------------------------------------------
// S4-10: vulnerability scanning

/** The SDK call an AwsCustomResource makes on create (`Create`, JSON text), if it can be read. */
function sdkCallOf(resource: ResourceView): { service: string; action: string; parameters: any } | undefined {
  const text = templateText(resource.properties.Create);
  if (text === undefined) {
    return undefined;
  }
  try {
    const call = JSON.parse(text);
    return typeof call?.service === 'string' && typeof call?.action === 'string' ? call : undefined;
  } catch {
    return undefined;
  }
}

/** Whether an SDK call enables Amazon Inspector (`Inspector2` `enable`, v2 or v3 SDK names). */
function enablesInspector(call: { service: string; action: string }): boolean {
  const service = call.service.toLowerCase().replace(/^@aws-sdk\/client-/, '');
  const action = call.action.toLowerCase().replace(/command$/, '');
  return service === 'inspector2' && action === 'enable';
}

/**
 * S4-10: Amazon Inspector is enabled by the template. CloudFormation has no resource that
 * enables Inspector (the `AWS::InspectorV2` types configure filters, CIS scans and code-security
 * integrations of an Inspector already enabled), so the proof is a custom resource whose create
 * call is Inspector2 `Enable`, as `ThreatDetection` makes; the found value lists the resource
 * types it scans (`EC2`, `ECR`, `LAMBDA`, `LAMBDA_CODE`), at least one.
 *
 * @see https://docs.aws.amazon.com/inspector/v2/APIReference/API_Enable.html
 */
const vulnerabilityScanning: Verifier = ({ stacks }) => {
  const calls = stacks.flatMap((s) => s.resources.filter((r) => r.type.startsWith('Custom::')))
    .map((r) => ({ resource: r, call: sdkCallOf(r) }))
    .filter((c) => c.call !== undefined && enablesInspector(c.call));
  const expected = 'an Amazon Inspector Enable call with the resource types scanned';
  if (calls.length > 0) {
    return calls.map(({ resource, call }) => {
      const types = listOf<string>(call!.parameters?.resourceTypes);
      return fact(resource, 'Properties.Create', expected, `inspector2:Enable ${types.length > 0 ? types.join(', ') : '(no resource type)'}`, types.length > 0);
    });
  }
  const v2 = stacks.flatMap((s) => s.resources.filter((r) => r.type.startsWith('AWS::InspectorV2::')));
  if (v2.length > 0) {
    return v2.map((r) => fact(r, 'Type', expected, r.type, false, 'this resource configures Inspector but does not enable it'));
  }
  return [{
    ...noResource(stacks, 'Custom::AWS (Inspector2 Enable)', expected),
    note: 'no custom resource enables Amazon Inspector (one enabled outside the stack, DetectionSetup.ALREADY_ENABLED, cannot be proven here)',
  }];
};

/** The verifiers of this area, by the name the catalog's `checks` use. */
export const AUDIT_VERIFIERS: Record<string, Verifier> = {
  'activity-logged': activityLogged,
  'application-logs': applicationLogs,
  'data-access-logged': dataAccessLogged,
  'logs-in-cloudwatch': logsInCloudWatch,
  'audit-log-retention': auditLogRetention,
  'log-masking': logMasking,
  'anomaly-monitoring': anomalyMonitoring,
  'central-security-analysis': centralSecurityAnalysis,
  'incident-routing': incidentRouting,
  'vulnerability-scanning': vulnerabilityScanning,
};
