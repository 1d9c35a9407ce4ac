import { Fact, ResourceView, StackView } from '../model';
import { referenced } from '../query';

/*
 * What the logging, monitoring and detection verifiers read in templates: the resource types,
 * template values as text, the stack of a resource, log groups named by name or ARN.
 */
export const TRAIL = 'AWS::CloudTrail::Trail';
export const LOG_GROUP = 'AWS::Logs::LogGroup';
export const BUCKET = 'AWS::S3::Bucket';
export const DETECTOR = 'AWS::GuardDuty::Detector';
export const HUB = 'AWS::SecurityHub::Hub';
export const TOPIC = 'AWS::SNS::Topic';

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
export function sameStack(stacks: StackView[], from: { stack: string }): ResourceView[] {
  return stacks.find((s) => s.id === from.stack)?.resources ?? [];
}

/**
 * The resource of `type` a template value names: a `Ref`/`Fn::GetAtt` to it, a text that is
 * exactly `${Id}`, or a literal equal to its `nameProperty` (`LogGroupName`, `BucketName`).
 */
export function namedResource(stacks: StackView[], from: ResourceView, value: unknown, type: string, nameProperty: string): ResourceView | undefined {
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
export function trailLogGroup(stacks: StackView[], trail: ResourceView): ResourceView | undefined {
  return logGroupOfArn(stacks, trail, trail.properties.CloudWatchLogsLogGroupArn);
}

/**
 * The facts of the trails that meet the claim on their own, or every trail's facts when none
 * does: one trail that records everything proves the claim; another, narrower trail (a
 * team's own, a data-events-only trail) takes nothing away from it.
 */
export function anyCompliant(groups: Fact[][]): Fact[] {
  const compliant = groups.filter((g) => g.length > 0 && g.every((f) => f.satisfied));
  return (compliant.length > 0 ? compliant : groups).flat();
}

/** The stacks, for facts that are about no single resource. */
export function where(stacks: StackView[]): { stack: string } {
  return { stack: stacks.map((s) => s.id).join(', ') || '(no stack records the claim)' };
}
