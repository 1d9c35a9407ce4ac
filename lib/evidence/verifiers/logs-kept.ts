import { Fact, ResourceView, StackView, Verifier } from '../model';
import { fact, isTrue, listOf, noResource, numberOf, resourceFact, resourcesOf } from '../query';
import { anyCompliant, BUCKET, LOG_GROUP, namedResource, templateText, TRAIL, trailLogGroup, where } from './audit-templates';

/*
 * S0-04, S1-06: logs stored in CloudWatch Logs and kept as long as the claim says, the trail's
 * history included.
 */
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

/** The verifiers of this module, by the name the catalog's `checks` use (also in `AUDIT_VERIFIERS`). */
export const LOG_KEEPING_VERIFIERS: Record<string, Verifier> = {
  'logs-in-cloudwatch': logsInCloudWatch,
  'audit-log-retention': auditLogRetention,
};
