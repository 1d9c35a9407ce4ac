import { Fact, ResourceView, StackView, Verifier } from '../model';
import { fact, isTrue, listOf, noResource, resourceFact, resourcesOf, show } from '../query';
import { anyCompliant, LOG_GROUP, namedResource, TRAIL, where } from './audit-templates';

/*
 * S0-03: activity logged, by a CloudTrail trail of every region and by the application's own log
 * groups.
 */
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

/** The verifiers of this module, by the name the catalog's `checks` use (also in `AUDIT_VERIFIERS`). */
export const ACTIVITY_VERIFIERS: Record<string, Verifier> = {
  'activity-logged': activityLogged,
  'application-logs': applicationLogs,
};
