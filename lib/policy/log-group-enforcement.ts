import { CfnResource, IAspect, IResolvable, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { DataClass } from './data-class';
import type { PolicySettings } from './policy-settings';
import { Compliance } from '../compliance/acknowledgement';
import { ComplianceRules } from '../compliance/rule-ids';
import { DataProtectionError } from '../private/errors';
import { classifyLibraryStore, stackLogKey } from '../private/logs-defaults';
import { logScopeOf } from '../promises/log-retention';

/** Control Tower's floor for log group retention (CT.CLOUDWATCH.PR.2), in days. */
const ONE_YEAR = 365;

/** The id of the log group the enforcement gives a Lambda function that has none. */
const FUNCTION_LOG_GROUP_ID = 'DataProtectionLogGroup';

/**
 * Keeps every log in scope for the policy's log retention, encrypted (claims S0-04, S1-06).
 *
 * `DataProtectionPolicy` applies it to its scope; it reaches resources of any library,
 * aws-cdk-lib's own included:
 * - an L1 `AWS::Logs::LogGroup` without a retention gets the policy's (an L2 `LogGroup`
 *   without one was told `RetentionDays.INFINITE` and keeps its logs forever); one without a
 *   key gets the stack's log key (`DataProtectionLogKey`, created once per stack);
 * - an `AWS::Logs::LogGroup` or a `Custom::LogRetention` (the `logRetention` props of
 *   aws-cdk-lib) that keeps logs for less time than the policy is an error, escape-hatch
 *   overrides included: the policy is never weakened, and a shorter value is never silently
 *   raised; so is an override that removes a log group's key;
 * - an `AWS::Lambda::Function` that writes to no log group of its own (aws-cdk-lib's
 *   custom-resource and log-retention handlers among them, aws/aws-cdk#23909) gets one,
 *   through `LoggingConfig.LogGroup`; without it, Lambda creates `/aws/lambda/<name>` at
 *   run time, unencrypted and kept forever, outside the template. A function that logs
 *   through `logRetention` or `fn.logGroup` is an error asking for a `logGroup`.
 *
 * @see https://github.com/aws/aws-cdk/issues/23909
 */
export class LogGroupEnforcement implements IAspect {
  /**
   * @param policy the policy whose log retention is enforced
   * @param policyOf finds the policy that applies to a construct; only constructs under `policy` are changed
   */
  constructor(
    private readonly policy: PolicySettings,
    private readonly policyOf: (scope: IConstruct) => PolicySettings | undefined,
  ) {}

  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node) || this.policyOf(node) !== this.policy) {
      return;
    }
    switch (node.cfnResourceType) {
      case 'AWS::Logs::LogGroup':
        this.enforceLogGroup(node);
        break;
      case 'Custom::LogRetention':
        this.checkRetention(node, 'RetentionInDays', propertyOf(node, 'RetentionInDays'));
        break;
      case 'AWS::Lambda::Function':
        this.giveFunctionLogGroup(node);
        break;
      default:
        break;
    }
  }

  private enforceLogGroup(node: CfnResource): void {
    if (!(node instanceof logs.CfnLogGroup)) {
      throw new DataProtectionError(
        'declares AWS::Logs::LogGroup as a plain CfnResource, so its retention and key cannot be checked; use logs.LogGroup or logs.CfnLogGroup',
        node);
    }
    // Escape-hatch overrides win over the typed properties in the template, so they are what is checked.
    const overrides = propertyOverrides(node);
    const overridesRetention = 'RetentionInDays' in overrides;
    const days = this.checkRetention(node, 'retentionInDays', overridesRetention ? overrides.RetentionInDays : node.retentionInDays);
    // An L2 LogGroup without a retention was told RetentionDays.INFINITE (its default is two
    // years), and so was a group whose override removes the retention: both keep logs longer
    // than any policy, and shortening them would delete logs someone chose to keep.
    const keptForever = overridesRetention || (node.node.scope instanceof logs.LogGroup && node.node.scope.node.defaultChild === node);
    if (days === undefined && !keptForever && this.policy.logRetention !== logs.RetentionDays.INFINITE) {
      node.retentionInDays = this.policy.logRetention;
    }
    if ('KmsKeyId' in overrides) {
      if (overrides.KmsKeyId === undefined || overrides.KmsKeyId === null) {
        throw new DataProtectionError(
          `removes its KMS key with an override, but the DataProtectionPolicy at ${this.policy.node.path} ` +
          'encrypts every log group (claim S0-04); remove the override, or set KmsKeyId to a key CloudWatch Logs may use', node);
      }
    } else if (node.kmsKeyId === undefined) {
      node.kmsKeyId = stackLogKey(Stack.of(node)).keyArn;
    }
  }

  /**
   * The retention of `node` in days (undefined when it keeps logs forever), or an error when
   * it is shorter than the policy's or cannot be read.
   */
  private checkRetention(node: CfnResource, property: string, value: number | IResolvable | undefined): number | undefined {
    const days = Token.isUnresolved(value) ? Stack.of(node).resolve(value) : value;
    if (days !== undefined && typeof days !== 'number') {
      throw new DataProtectionError(
        `sets ${property} to a value resolved only at deploy time; it must be a literal number of days so the ` +
        `DataProtectionPolicy at ${this.policy.node.path} can check it`, node);
    }
    // A log group marked with a scope is held to its scope's retention (LogRetentionPromise).
    const scope = logScopeOf(node);
    const floor = scope ? this.policy.logRetentionFor(scope) : this.policy.logRetention;
    const floorDays = floor === logs.RetentionDays.INFINITE ? Infinity : floor;
    if (days !== undefined && days < floorDays) {
      const wanted = floor === logs.RetentionDays.INFINITE ? 'forever (RetentionDays.INFINITE)' : `${floor} days${scope ? ` for its scope ${scope.name}` : ''}`;
      throw new DataProtectionError(
        `keeps logs for ${days} days, but the DataProtectionPolicy at ${this.policy.node.path} keeps logs ${wanted} ` +
        `(claims S0-04, S1-06); set ${property} to at least that, or leave it unset to take the policy's value`, node);
    }
    // A page may promise a scope's logs for less than a year ("application logs kept 90 days"):
    // Control Tower's one-year floor is then accepted for that log group, with the promise as the reason.
    const promised = scope ? this.policy.promiseOn(`log-retention.${scope.name}`) : undefined;
    if (scope && promised && days !== undefined && days < ONE_YEAR && days === floorDays) {
      Compliance._standingRules(node, ComplianceRules.LOG_GROUP_UNDER_A_YEAR,
        `the page promises ${scope.tagValue} logs kept ${days} days (LogRetentionPromise), not a year`);
    }
    return days;
  }

  private giveFunctionLogGroup(fn: CfnResource): void {
    if (functionLogGroup(fn) !== undefined) {
      return;
    }
    const scope = fn.node.scope!;
    // `logRetention`, and `fn.logGroup` on a function without a log group, manage the group
    // `/aws/lambda/<name>` through a Custom::LogRetention: Lambda creates it unencrypted, and
    // metric filters added through `fn.logGroup` read it. Redirecting the logs would leave
    // those filters empty, so the function must name its log group instead.
    if (scope.node.tryFindChild('LogRetention') instanceof logs.LogRetention) {
      throw new DataProtectionError(
        'writes to /aws/lambda/<function name> through logRetention (or fn.logGroup), a log group Lambda creates ' +
        `without encryption, but the DataProtectionPolicy at ${this.policy.node.path} encrypts every log group (claim S0-04); ` +
        'pass `logGroup: new logs.LogGroup(...)` to the function instead (the policy gives it its retention and key)', scope);
    }
    const logGroup = new logs.LogGroup(scope, scope.node.tryFindChild(FUNCTION_LOG_GROUP_ID) ? `${fn.node.id}${FUNCTION_LOG_GROUP_ID}` : FUNCTION_LOG_GROUP_ID, {
      retention: this.policy.logRetention,
      encryptionKey: stackLogKey(Stack.of(fn)),
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    classifyLibraryStore(logGroup.node.defaultChild as CfnResource, DataClass.INTERNAL.name);
    fn.addPropertyOverride('LoggingConfig.LogGroup', logGroup.logGroupName);
  }
}

/**
 * The log group a Lambda function declares in `LoggingConfig.LogGroup`, from its typed
 * property or from an override.
 *
 * CfnFunction exposes `loggingConfig`; functions declared as a plain CfnResource (aws-cdk-lib's
 * `CustomResourceProvider`) keep their properties in `_cfnProperties`, and overrides live in
 * `rawOverrides`. Neither is public API, but there is no public way to read either, and
 * missing an existing log group would replace the user's choice.
 */
function functionLogGroup(fn: CfnResource): unknown {
  const typed = (fn as any).loggingConfig ?? propertyOf(fn, 'LoggingConfig');
  const resolved = typed === undefined ? undefined : Stack.of(fn).resolve(typed);
  return (fn as any).rawOverrides?.Properties?.LoggingConfig?.LogGroup ?? resolved?.LogGroup ?? resolved?.logGroup;
}

/**
 * The property overrides of `node` (`addPropertyOverride`, `addOverride('Properties.X', ...)`),
 * from `rawOverrides`: not public API, but the only way to see what the template will hold.
 */
function propertyOverrides(node: CfnResource): Record<string, any> {
  return (node as any).rawOverrides?.Properties ?? {};
}

/** A property of a CfnResource declared without a typed class (`new CfnResource(..., { properties })`). */
function propertyOf(node: CfnResource, name: string): any {
  return (node as any)._cfnProperties?.[name];
}
