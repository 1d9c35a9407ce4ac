import { DataPromise } from './data-promise';

/** Which requests the web application firewall logs. */
export class WafLoggedRequests {
  /** Every request. */
  public static readonly ALL = new WafLoggedRequests('ALL');
  /** Blocked requests only (rate-limited ones included). */
  public static readonly BLOCKED = new WafLoggedRequests('BLOCKED');

  private constructor(
    /** The name, as recorded in the assembly. */
    public readonly name: string,
  ) {}
}

/** Properties of a `WafLoggingPromise`. */
export interface WafLoggingPromiseProps {
  /** Which requests are logged. */
  readonly requests: WafLoggedRequests;
  /**
   * The promise's id in reports.
   * @default 'waf-logging'
   */
  readonly id?: string;
}

/**
 * "WAF logs of blocked and rate-limited requests": `WebFirewall` sets its logging filter from it;
 * the report reads the logging configuration of every web ACL.
 */
export class WafLoggingPromise extends DataPromise {
  /** The requests logged. */
  public readonly requests: WafLoggedRequests;

  constructor(props: WafLoggingPromiseProps) {
    super(props.id ?? 'waf-logging', 'waf-logging', { requests: props.requests.name });
    this.requests = props.requests;
  }
}
