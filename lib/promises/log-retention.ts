import { Duration, Tags } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { DataPromise, promiseDays } from './data-promise';
import { ValueBound } from './value-bound';
import { LOG_SCOPE_TAG } from '../evidence/promises/log-retention';
import { DataProtectionError } from '../private/errors';

/**
 * What a log group holds, for retention promises: each scope has its own retention in one
 * policy. The library's constructs tag their log groups `log-scope` with it.
 */
export class LogScope {
  /** The CloudTrail trail's log group (`AuditTrail`): every console and API action. */
  public static readonly AUDIT_TRAIL = new LogScope('AUDIT_TRAIL', 'audit-trail');
  /** Application logs (`ApplicationLogGroup`). */
  public static readonly APPLICATION = new LogScope('APPLICATION', 'application');
  /** VPC flow logs (`SecureNetwork`). */
  public static readonly NETWORK_FLOW = new LogScope('NETWORK_FLOW', 'network-flow');
  /** Web application firewall logs (`WebFirewall`). */
  public static readonly WAF = new LogScope('WAF', 'waf');
  /** Database logs (`SecureDatabase` log exports). */
  public static readonly DATABASE = new LogScope('DATABASE', 'database');

  /** The tag key that names a log group's scope. */
  public static readonly TAG_KEY = LOG_SCOPE_TAG;

  private constructor(
    /** The scope's name, as recorded in the assembly. */
    public readonly name: string,
    /** The value of the `log-scope` tag. */
    public readonly tagValue: string,
  ) {}
}

/** The retention values CloudWatch Logs accepts, in days. */
const CLOUDWATCH_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** Properties of a `LogRetentionPromise`. */
export interface LogRetentionPromiseProps {
  /** Which logs. */
  readonly scope: LogScope;
  /** How long they are kept: a value CloudWatch Logs accepts (90 days, 365 days...). */
  readonly retention: Duration;
  /**
   * Whether the retention is exact, a minimum or a maximum.
   * @default ValueBound.EXACTLY
   */
  readonly bound?: ValueBound;
  /**
   * The promise's id in reports.
   * @default - `log-retention.<scope>` (`log-retention.application`)
   */
  readonly id?: string;
}

/**
 * "Application logs are kept 90 days": the log groups of one scope are kept a number of days.
 * The policy gives the retention to the constructs of the scope (`AuditTrail`,
 * `ApplicationLogGroup`, `SecureNetwork` flow logs, `WebFirewall` logging, `SecureDatabase` log
 * exports), which tag their log groups with the scope; the report reads every log group of the scope.
 */
export class LogRetentionPromise extends DataPromise {
  /** The scope. */
  public readonly scope: LogScope;
  /** The retention, as CloudWatch Logs takes it. */
  public readonly retentionDays: RetentionDays;
  /** The bound. */
  public readonly bound: ValueBound;

  constructor(props: LogRetentionPromiseProps) {
    const days = promiseDays('LogRetentionPromise retention', props.retention.toDays());
    if (!CLOUDWATCH_RETENTION_DAYS.includes(days)) {
      throw new DataProtectionError(`LogRetentionPromise retention must be a value CloudWatch Logs accepts (${CLOUDWATCH_RETENTION_DAYS.join(', ')} days), got ${days}`);
    }
    const bound = props.bound ?? ValueBound.EXACTLY;
    super(props.id ?? `log-retention.${props.scope.tagValue}`, 'log-retention', { scope: props.scope.name, days, bound: bound.name });
    this.scope = props.scope;
    this.retentionDays = days as RetentionDays;
    this.bound = bound;
  }

  public get subject(): string {
    return `log-retention.${this.scope.name}`;
  }
}

const SCOPE_OF = new WeakMap<IConstruct, LogScope>();

/**
 * Marks a log group with its scope: the `log-scope` tag the report reads, and a mark the policy's
 * log group enforcement reads to hold the group to its scope's retention.
 *
 * @param logGroup the log group
 * @param scope what it holds
 */
export function markLogScope(logGroup: logs.LogGroup, scope: LogScope): void {
  Tags.of(logGroup).add(LOG_SCOPE_TAG, scope.tagValue);
  SCOPE_OF.set(logGroup.node.defaultChild ?? logGroup, scope);
}

/** The scope a log group (its `AWS::Logs::LogGroup` resource) was marked with, if any. */
export function logScopeOf(resource: IConstruct): LogScope | undefined {
  return SCOPE_OF.get(resource);
}
