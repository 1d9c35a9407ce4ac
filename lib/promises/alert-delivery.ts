import { DataPromise } from './data-promise';

/** A kind of alert receiver. */
export class AlertReceiverKind {
  /** An e-mail address (SNS `email`, `email-json`). */
  public static readonly EMAIL = new AlertReceiverKind('EMAIL');
  /** An HTTPS endpoint (SNS `https`), such as an incident management webhook. */
  public static readonly HTTPS = new AlertReceiverKind('HTTPS');
  /** A chat channel (an AWS Chatbot Slack or Microsoft Teams channel configuration of the topic). */
  public static readonly CHAT = new AlertReceiverKind('CHAT');
  /** A queue (SNS `sqs`). */
  public static readonly QUEUE = new AlertReceiverKind('QUEUE');
  /** A phone (SNS `sms`). */
  public static readonly SMS = new AlertReceiverKind('SMS');
  /** A function (SNS `lambda`). */
  public static readonly FUNCTION = new AlertReceiverKind('FUNCTION');

  private constructor(
    /** The receiver kind, as recorded in the assembly. */
    public readonly name: string,
  ) {}
}

/** Properties of an `AlertDeliveryPromise`. */
export interface AlertDeliveryPromiseProps {
  /** The kind of receiver every alert reaches. */
  readonly receiver: AlertReceiverKind;
  /**
   * The promise's id in reports.
   * @default - `alert-delivery.<receiver>`
   */
  readonly id?: string;
}

/**
 * "Security alarms are delivered to the on-call e-mail": every alert topic (the target of an
 * EventBridge rule or an alarm) has a receiver of the kind. A topic without one alerts nobody and
 * the promise is not PROVEN. Give receivers to the topics of `IncidentResponse` and
 * `SecureBackupPlan` (or subscribe them yourself).
 */
export class AlertDeliveryPromise extends DataPromise {
  /** The receiver kind. */
  public readonly receiver: AlertReceiverKind;

  constructor(props: AlertDeliveryPromiseProps) {
    super(props.id ?? `alert-delivery.${props.receiver.name.toLowerCase()}`, 'alert-delivery', { receiver: props.receiver.name });
    this.receiver = props.receiver;
  }
}
