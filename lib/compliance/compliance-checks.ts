import { IPolicyValidationContext, IPolicyValidationPlugin, Stage, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { ReportOnSynth } from '../policy/report-on-synth';
import { DataProtectionError } from '../private/errors';
import { EveryFindingFails } from '../private/every-finding-fails';
import { FocusedGuardValidator } from '../private/focused-guard';
import { GuardReportCheck } from '../private/guard-report-check';
import { HeadStart } from '../private/head-start';
import { recordPacks } from '../private/stack-records';

/**
 * Which rule packs run on every synthesis. Every pack is on by default.
 */
export interface ComplianceChecksProps {
  /**
   * cdk-nag AwsSolutions.
   * @default true
   */
  readonly awsSolutions?: boolean;

  /**
   * cdk-nag HIPAA Security.
   * @default true
   */
  readonly hipaaSecurity?: boolean;

  /**
   * cdk-nag NIST 800-53 rev 5.
   * @default true
   */
  readonly nist80053R5?: boolean;

  /**
   * cdk-nag PCI DSS 3.2.1.
   * @default true
   */
  readonly pciDss321?: boolean;

  /**
   * The AWS Control Tower proactive controls, run offline by cfn-guard.
   * @default true
   */
  readonly controlTower?: boolean;

  /**
   * Control Tower rules to skip, by guard rule name as findings print it
   * (`s3_bucket_object_lock_enabled_check`) or by rule file (`ct-s3-pr-1`); a name that is
   * neither is refused. Prefer acknowledging a finding on the construct, with a reason, over
   * disabling a rule everywhere.
   *
   * @default - none
   */
  readonly disabledControlTowerRules?: string[];

  /**
   * Include each rule's explanation in the findings.
   * @default true
   */
  readonly verbose?: boolean;
}

const APPLIED = Symbol.for('cdk-data-protection.ComplianceChecks');

/**
 * The one wrapper over cdk-nag v3 and the Control Tower guard validator.
 *
 * `ComplianceChecks.apply(app)` registers the AwsSolutions, HIPAA Security, NIST 800-53 rev 5
 * and PCI DSS 3.2.1 packs and the Control Tower proactive controls as validation plugins:
 * every synthesis runs them, and any unacknowledged finding fails it, whatever its pack calls
 * its level (cdk-nag warnings, cfn-guard findings without one) and whatever else is
 * acknowledged. Findings and
 * acknowledgements land in `cdk.out/validation-report.json`; acknowledged rules are also
 * written into each resource's template Metadata (`cdk_nag.rules_to_suppress`).
 *
 * Acknowledge findings with `Compliance.acknowledge(construct, { ruleId, reason })`.
 */
export class ComplianceChecks {
  /**
   * Registers the packs on `scope`'s stage (usually the App). Idempotent per stage.
   *
   * @param scope the App, a Stage, or any construct inside one
   * @param props which packs to run
   * @returns the names of the plugins that run
   */
  public static apply(scope: IConstruct, props: ComplianceChecksProps = {}): string[] {
    const stage = Stage.isStage(scope) ? scope : Stage.of(scope);
    if (!stage) {
      throw new DataProtectionError('ComplianceChecks.apply needs an App or a Stage above the given scope', scope);
    }
    const existing = (stage as any)[APPLIED];
    if (existing) {
      return existing;
    }
    const verbose = props.verbose ?? true;
    const plugins: IPolicyValidationPlugin[] = [];
    // Only the first pack writes acknowledgements into the templates: one aspect is enough.
    let writeAcks = true;
    const nagProps = () => {
      const p = { verbose, writeSuppressionsToCloudFormation: writeAcks };
      writeAcks = false;
      return p;
    };
    if (props.awsSolutions ?? true) plugins.push(new AwsSolutionsChecks(stage, nagProps()));
    if (props.hipaaSecurity ?? true) plugins.push(new HIPAASecurityChecks(stage, nagProps()));
    if (props.nist80053R5 ?? true) plugins.push(new NIST80053R5Checks(stage, nagProps()));
    if (props.pciDss321 ?? true) plugins.push(new PCIDSS321Checks(stage, nagProps()));
    const starters: Array<(context: IPolicyValidationContext) => void> = [];
    if (props.controlTower ?? true) {
      const guard = new FocusedGuardValidator({
        disabledRules: props.disabledControlTowerRules,
        // Large templates produce large reports; the 1 MB default buffer kills cfn-guard silently.
        maxBuffer: 64 * 1024 * 1024,
      });
      plugins.push(new GuardReportCheck(guard));
      starters.push((context) => guard.headStart(context.templatePaths));
    }
    if (plugins.length > 0) {
      // cfn-guard and the report's diagram start in other threads with the first pack, and run while the packs check.
      starters.push((context) => ReportOnSynth.headStart(context.appConstruct));
      plugins[0] = new HeadStart(plugins[0], starters);
    }
    // Every open finding fails synthesis, also once something else is acknowledged (see EveryFindingFails).
    Validations.of(stage).addPlugins(...plugins.map((p) => new EveryFindingFails(p)));
    const names = plugins.map((p) => p.name);
    Object.defineProperty(stage, APPLIED, { value: names });
    recordPacks(stage, names);
    // The evidence report, trust page and register are written into cdk.out on `npx cdk synth`.
    ReportOnSynth.registerOn(stage);
    return names;
  }

  private constructor() {}
}
