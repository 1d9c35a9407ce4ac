import { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation } from 'aws-cdk-lib';

/**
 * Guards against cfn-guard failing quietly: a failed run without any located
 * finding, or findings without a resource, become a loud violation instead of
 * vanishing from the report.
 */
export class GuardReportCheck implements IPolicyValidationPlugin {
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
    const located: PolicyViolation[] = [];
    const unlocated: string[] = [];
    for (const v of report.violations) {
      if (v.violatingResources.length > 0) {
        located.push(v);
      } else {
        unlocated.push(v.ruleName);
      }
    }
    if (!report.success && located.length === 0 && unlocated.length === 0) {
      unlocated.push('(no rule named)');
    }
    if (unlocated.length === 0) {
      return report;
    }
    return {
      ...report,
      success: false,
      violations: [...located, {
        ruleName: 'guard-report-incomplete',
        description: `cfn-guard reported failures it could not attach to a resource (${unlocated.join(', ')}); the Control Tower check is not conclusive.`,
        fix: 'Run cfn-guard on the templates by hand to see the failing rule, then fix the resource or disable the rule with a reason.',
        severity: 'error',
        violatingResources: context.templatePaths.map((templatePath) => ({ resourceLogicalId: '(template)', templatePath, locations: [] })),
      }],
    };
  }
}
