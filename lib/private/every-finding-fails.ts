import { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation } from 'aws-cdk-lib';

/** The severities aws-cdk-lib counts as failing once it has applied acknowledgements. */
const FAILING = new Set(['error', 'fatal']);

/**
 * Makes every finding of a pack fail synthesis, whatever else the app acknowledges.
 *
 * aws-cdk-lib decides twice whether a plugin's report fails synthesis: a report without
 * acknowledged findings fails when the plugin says `success: false` (any finding); a report with
 * at least one acknowledged finding is re-judged from what is left, and fails only if a remaining
 * finding has the severity `error` or `fatal`, spelled in lower case
 * (`collectSuppressions` in aws-cdk-lib/core/lib/private/synthesis-validation.js). cfn-guard's
 * findings carry no severity at all and cdk-nag marks its warning-level rules `warning`, so as soon
 * as one of their findings was acknowledged (SecureBucket acknowledges some itself), the open ones
 * were printed and written to `validation-report.json` but no longer failed synthesis.
 *
 * This wrapper gives every finding the severity `error` (the report already prints a finding
 * without severity as an error), keeping a pack's own lower level in `ruleMetadata.packSeverity`.
 * `fatal` is left alone: aws-cdk-lib does not let it be acknowledged.
 */
export class EveryFindingFails implements IPolicyValidationPlugin {
  public readonly name: string;
  public readonly version?: string;
  public readonly ruleIds?: string[];

  constructor(private readonly inner: IPolicyValidationPlugin) {
    this.name = inner.name;
    this.version = inner.version;
    this.ruleIds = inner.ruleIds;
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const report = this.inner.validate(context);
    return {
      ...report,
      // A finding is a failure even when the plugin's own verdict says otherwise.
      success: report.success && report.violations.length === 0,
      violations: report.violations.map(failing),
    };
  }
}

/** The violation with a severity aws-cdk-lib counts as failing. */
function failing(v: PolicyViolation): PolicyViolation {
  const severity = v.severity?.toLowerCase();
  if (severity !== undefined && FAILING.has(severity)) {
    return severity === v.severity ? v : { ...v, severity };
  }
  return {
    ...v,
    severity: 'error',
    ruleMetadata: v.severity === undefined ? v.ruleMetadata : { ...v.ruleMetadata, packSeverity: v.severity },
  };
}
