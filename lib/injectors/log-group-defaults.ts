import { InjectionContext, IPropertyInjector, RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { deletesData, policyFor, warnWeaker } from './injector-base';
import type { DataProtectionPolicy } from '../policy/data-protection-policy';

/**
 * The policy's defaults for a plain `logs.LogGroup` (claims S0-04, S1-06), where the props leave
 * them unset: the policy's log retention (an L2 log group's own default is two years; one told
 * `RetentionDays.INFINITE` keeps its logs forever) and the group kept when the stack is deleted.
 * The key is left to the policy's log-group enforcement, which gives every group without one the
 * stack's log key (`DataProtectionLogKey`). A shorter retention is kept, with the warning
 * `cdk-data-protection:injected-default-weakened` (and the enforcement refuses it at synthesis).
 */
export class LogGroupDefaults implements IPropertyInjector {
  public readonly constructUniqueId = logs.LogGroup.PROPERTY_INJECTION_ID;

  /**
   * @param policy the policy whose defaults are filled in; by default the one that applies to each log group
   */
  constructor(private readonly policy?: DataProtectionPolicy) {}

  public inject(originalProps: any, context: InjectionContext): any {
    const policy = policyFor(this.policy, context);
    const props: logs.LogGroupProps = originalProps ?? {};
    const out: { -readonly [K in keyof logs.LogGroupProps]: logs.LogGroupProps[K] } = { ...props };
    const floor = policy.logRetention;
    if (props.retention === undefined) {
      out.retention = floor;
    } else if (props.retention !== logs.RetentionDays.INFINITE && (floor === logs.RetentionDays.INFINITE || props.retention < floor)) {
      warnWeaker(context, 'logs.LogGroup', 'retention', `${props.retention} days`, floor === logs.RetentionDays.INFINITE ? 'never expire' : `${floor} days`);
    }
    if (props.removalPolicy === undefined) {
      out.removalPolicy = RemovalPolicy.RETAIN;
    } else if (deletesData(props.removalPolicy)) {
      warnWeaker(context, 'logs.LogGroup', 'removalPolicy', 'DESTROY', 'RETAIN');
    }
    return out;
  }
}
