import * as fs from 'fs';
import * as path from 'path';
import { Stack, Stage, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { AlertReceiver, subscribeReceivers } from './alert-receiver';
import { breachNoticeTemplate } from './breach-notice';
import { DataProtectionPolicy } from '../policy/data-protection-policy';
import { DataProtectionError } from '../private/errors';
import { PROPS } from '../private/props-specs';
import { validatePropsShape } from '../private/props-validation';
import { secureTopic, topicTarget } from '../private/sns-defaults';
import { requireHttpsSubscriptions } from '../private/subscription-validation';
import { EMAIL_ADDRESS, literalString } from '../private/validate';

/**
 * Properties of an `IncidentResponse`.
 */
export interface IncidentResponseProps {
  /**
   * The topic security events are sent to.
   *
   * @default - a new topic encrypted with a rotating customer-managed key, TLS-only,
   * that EventBridge and CloudWatch alarms may publish to
   */
  readonly topic?: sns.ITopic;

  /**
   * E-mail addresses subscribed to the topic (each confirms its subscription by e-mail).
   *
   * @default - none
   */
  readonly emailSubscribers?: string[];

  /**
   * Who receives the security events (claim S0-11: a topic nobody subscribes to alerts nobody;
   * the evidence report proves the routing only with a receiver): e-mail, HTTPS, a chat channel
   * or a queue.
   *
   * @default - none besides `emailSubscribers` and `subscriptions`
   */
  readonly receivers?: AlertReceiver[];

  /**
   * Other subscriptions to the topic (a chat or paging integration, a queue, a function).
   *
   * @default - none
   */
  readonly subscriptions?: sns.ITopicSubscription[];

  /**
   * The lowest GuardDuty severity that is sent to the topic: 1.0 (Low) to 10.0. GuardDuty
   * rates findings Low 1.0-3.9, Medium 4.0-6.9, High 7.0-8.9 and Critical 9.0-10.0.
   *
   * @default 7 (High and Critical)
   * @see https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-severity.html
   */
  readonly guardDutyMinimumSeverity?: number;

  /**
   * Send failed, aborted and expired AWS Backup jobs (backup, copy and restore) to the topic.
   * `SecureBackupPlan` already reports them to its own alert topic; keep this on when the
   * incident channel should see them too.
   *
   * @default true
   */
  readonly backupJobFailures?: boolean;

  /**
   * The name of the service in the breach notice: a literal, not blank.
   *
   * @default - the stack name
   */
  readonly serviceName?: string;
}

/** GuardDuty rates findings from 1.0 to 10.0. */
const GUARDDUTY_SEVERITY = { min: 1, max: 10 };

const INCIDENT_RESPONSE_OF_STACK = Symbol.for('cdk-data-protection.IncidentResponse');

/**
 * The incident channel of a stack (claims S0-11, S4-11, and the routing part of S1-07, S2-14):
 * - a KMS-encrypted, TLS-only SNS topic with the subscriptions given;
 * - EventBridge rules that send to it GuardDuty findings at or above a severity, Security Hub
 *   findings rated HIGH or CRITICAL that are new and active, and failed AWS Backup jobs;
 * - `addAlarm` for CloudWatch alarms (such as the CIS alarms on the trail's log group);
 * - a breach-notice template with the four parts a written notice to customers must have
 *   (extent of the data, what happened with its dates, scope, response), written next to the
 *   templates as `<stackName>.breach-notice.md` on every synthesis.
 *
 * The rules match events in the stack's account and region; they work whether `ThreatDetection`
 * created the services or they were already enabled. One per stack.
 */
export class IncidentResponse extends Construct {
  /** The topic security events are sent to. */
  public readonly topic: sns.ITopic;
  /** The rule on GuardDuty findings. */
  public readonly guardDutyRule: events.Rule;
  /** The rule on Security Hub findings. */
  public readonly securityHubRule: events.Rule;
  /** The rule on failed AWS Backup jobs, unless turned off. */
  public readonly backupJobsRule?: events.Rule;
  /** The Markdown template of the written notice to customers after a breach. */
  public readonly breachNotice: string;
  /** The file name of the breach notice in the cloud assembly directory. */
  public readonly breachNoticeFileName: string;

  constructor(scope: Construct, id: string, props: IncidentResponseProps = {}) {
    super(scope, id);
    validatePropsShape(this, 'IncidentResponse', props, PROPS.IncidentResponse);
    requireHttpsSubscriptions(this, 'subscriptions', props.subscriptions);
    const policy = DataProtectionPolicy.of(this);
    const stack = Stack.of(this);
    const existing = (stack as any)[INCIDENT_RESPONSE_OF_STACK] as IncidentResponse | undefined;
    if (existing) {
      throw new DataProtectionError(`stack ${stack.stackName} already has an IncidentResponse (${existing.node.path}); one per stack`, this);
    }
    Object.defineProperty(stack, INCIDENT_RESPONSE_OF_STACK, { value: this, enumerable: false });

    const minimumSeverity = validateSeverity(this, props.guardDutyMinimumSeverity ?? 7);
    const emails = validateEmails(this, props.emailSubscribers ?? []);
    const serviceName = validateServiceName(this, props.serviceName ?? stack.stackName);

    this.topic = props.topic ?? secureTopic(this, 'Topic', `Security incidents of ${stack.stackName}`,
      ['events.amazonaws.com', 'cloudwatch.amazonaws.com']);
    for (const email of emails) {
      this.topic.addSubscription(new subs.EmailSubscription(email));
    }
    subscribeReceivers(this, this.topic, props.receivers ?? [], 'receivers');
    for (const subscription of props.subscriptions ?? []) {
      this.topic.addSubscription(subscription);
    }

    const target = topicTarget(this.topic);
    this.guardDutyRule = new events.Rule(this, 'GuardDutyFindings', {
      description: `GuardDuty findings of severity ${minimumSeverity} or higher, for ${this.node.path}`,
      eventPattern: {
        source: ['aws.guardduty'],
        detailType: ['GuardDuty Finding'],
        detail: { severity: events.Match.greaterThanOrEqual(minimumSeverity) },
      },
      targets: [target],
    });
    this.securityHubRule = new events.Rule(this, 'SecurityHubFindings', {
      description: `New, active Security Hub findings rated HIGH or CRITICAL, for ${this.node.path}`,
      eventPattern: {
        source: ['aws.securityhub'],
        detailType: ['Security Hub Findings - Imported'],
        detail: {
          findings: {
            Severity: { Label: ['HIGH', 'CRITICAL'] },
            Workflow: { Status: ['NEW'] },
            RecordState: ['ACTIVE'],
          },
        },
      },
      targets: [target],
    });
    if (props.backupJobFailures ?? true) {
      this.backupJobsRule = new events.Rule(this, 'BackupJobFailures', {
        description: `Failed, aborted or expired AWS Backup backup, copy and restore jobs, for ${this.node.path}`,
        eventPattern: {
          source: ['aws.backup'],
          detailType: ['Backup Job State Change', 'Copy Job State Change', 'Restore Job State Change'],
          detail: { state: ['FAILED', 'ABORTED', 'EXPIRED'] },
        },
        targets: [target],
      });
    }

    this.breachNoticeFileName = `${stack.stackName}.breach-notice.md`;
    this.breachNotice = breachNoticeTemplate({
      serviceName,
      securityContact: policy.securityContact,
      dataClasses: policy.dataClasses,
      incidentTopic: Token.isUnresolved(this.topic.topicArn) ? `\`${this.topic.node.path}\` (SNS)` : `\`${this.topic.topicArn}\``,
      policyPath: policy.node.path,
    });
    // Constructs have no synthesize hook in CDK v2 (`synthesize` belongs to stacks and stages),
    // but validations run on every synthesis and only then: the hook writes the notice into the
    // cloud assembly directory, next to the templates, and reports nothing.
    this.node.addValidation({
      validate: () => {
        const outdir = Stage.of(this)?.outdir;
        if (outdir) {
          fs.mkdirSync(outdir, { recursive: true });
          fs.writeFileSync(path.join(outdir, this.breachNoticeFileName), this.breachNotice);
        }
        return [];
      },
    });
  }

  /** The ARN of the topic. */
  public get topicArn(): string {
    return this.topic.topicArn;
  }

  /** An alarm action that sends to the topic, for alarms made elsewhere. */
  public get alarmAction(): cloudwatch.IAlarmAction {
    return new cwActions.SnsAction(this.topic);
  }

  /**
   * Sends `alarm` to the topic when it goes into ALARM.
   *
   * @param alarm an alarm or composite alarm (such as a CIS alarm on the trail's log group)
   */
  public addAlarm(alarm: cloudwatch.AlarmBase): void {
    alarm.addAlarmAction(this.alarmAction);
  }
}

function validateSeverity(scope: Construct, severity: number): number {
  if (Token.isUnresolved(severity) || !Number.isFinite(severity) || severity < GUARDDUTY_SEVERITY.min || severity > GUARDDUTY_SEVERITY.max) {
    throw new DataProtectionError(
      `guardDutyMinimumSeverity must be a number from ${GUARDDUTY_SEVERITY.min.toFixed(1)} to ${GUARDDUTY_SEVERITY.max.toFixed(1)} `
      + `(GuardDuty's severity range), got ${severity}`, scope);
  }
  return severity;
}

/** The service's name heads the breach notice, a document people read: words, fixed at synthesis. */
function validateServiceName(scope: Construct, name: string): string {
  const text = literalString('serviceName', name, scope).trim();
  if (text.length === 0) {
    throw new DataProtectionError(`serviceName must name the service in the breach notice (at least one character besides spaces), got '${name}'`, scope);
  }
  return text;
}

function validateEmails(scope: Construct, emails: string[]): string[] {
  const seen = new Set<string>();
  for (const email of emails) {
    if (Token.isUnresolved(email)) {
      continue;
    }
    if (!EMAIL_ADDRESS.test(email)) {
      throw new DataProtectionError(`emailSubscribers must hold e-mail addresses (name@example.com), got '${email}'`, scope);
    }
    if (seen.has(email.toLowerCase())) {
      throw new DataProtectionError(`emailSubscribers must not list '${email}' twice`, scope);
    }
    seen.add(email.toLowerCase());
  }
  return emails;
}
