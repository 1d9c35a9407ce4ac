import { DataPromise } from './data-promise';

/** Which traffic flow logs record. */
export class FlowLogTraffic {
  /** Accepted and rejected traffic. */
  public static readonly ALL = new FlowLogTraffic('ALL');
  /** Rejected traffic only. */
  public static readonly REJECT = new FlowLogTraffic('REJECT');

  private constructor(
    /** The traffic type as `AWS::EC2::FlowLog` names it. */
    public readonly name: string,
  ) {}
}

/** Properties of a `FlowLogsPromise`. */
export interface FlowLogsPromiseProps {
  /**
   * Which traffic is recorded.
   * @default FlowLogTraffic.ALL
   */
  readonly traffic?: FlowLogTraffic;
  /**
   * The promise's id in reports.
   * @default 'flow-logs'
   */
  readonly id?: string;
}

/**
 * "Flow logs on every network and subnet": `SecureNetwork` records them for its whole VPC; the
 * report checks every VPC of the templates has a flow log of the traffic type.
 */
export class FlowLogsPromise extends DataPromise {
  /** The traffic recorded. */
  public readonly traffic: FlowLogTraffic;

  constructor(props: FlowLogsPromiseProps = {}) {
    const traffic = props.traffic ?? FlowLogTraffic.ALL;
    super(props.id ?? 'flow-logs', 'flow-logs', { traffic: traffic.name });
    this.traffic = traffic;
  }
}
