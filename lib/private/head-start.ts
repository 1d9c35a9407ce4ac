import { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport } from 'aws-cdk-lib';

/**
 * Starts work in other threads when the plugin it wraps (the first of the checks) is asked to
 * validate, then lets that plugin validate.
 *
 * aws-cdk-lib writes the whole cloud assembly (templates, manifest, `tree.json`) before it runs
 * the first validation plugin, and runs the plugins one after the other on one thread. Work that
 * needs only the written assembly can so start here and go on while the plugins check: the
 * Control Tower guard's cfn-guard processes (`FocusedGuardValidator.headStart`, collected in the
 * guard's own turn) and the render of the report's architecture diagram
 * (`ReportOnSynth.headStart`, taken by the report after synthesis). What each produces, and when
 * it is collected, do not change; only when it starts does. A starter that fails is ignored: the
 * work it started meets the same error in its own turn, where it is reported.
 */
export class HeadStart implements IPolicyValidationPlugin {
  public readonly name: string;
  public readonly version?: string;
  public readonly ruleIds?: string[];

  /**
   * @param inner the plugin to wrap; its name, version, rules and report are this plugin's
   * @param starters what to start, in order, before `inner` validates
   */
  constructor(private readonly inner: IPolicyValidationPlugin, private readonly starters: Array<(context: IPolicyValidationContext) => void>) {
    this.name = inner.name;
    this.version = inner.version;
    this.ruleIds = inner.ruleIds;
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    for (const start of this.starters) {
      try {
        start(context);
      } catch {
        // Started again, and reported, in its own turn.
      }
    }
    return this.inner.validate(context);
  }
}
