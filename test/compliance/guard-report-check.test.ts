import { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { GuardReportCheck } from '../../lib/private/guard-report-check';

function pluginReturning(report: PolicyValidationPluginReport): IPolicyValidationPlugin {
  return { name: 'cdk-validator-cfnguard', validate: () => report };
}
const context = { templatePaths: ['/out/S.template.json'] } as unknown as IPolicyValidationContext;

describe('GuardReportCheck (cfn-guard must not fail quietly)', () => {
  test('passes a clean report through', () => {
    const report = { success: true, violations: [] };
    expect(new GuardReportCheck(pluginReturning(report)).validate(context)).toBe(report);
  });

  test('passes located findings through', () => {
    const report: PolicyValidationPluginReport = {
      success: false,
      violations: [{ ruleName: 'r', description: 'd', violatingResources: [{ resourceLogicalId: 'B', templatePath: 't', locations: [] }] }],
    };
    expect(new GuardReportCheck(pluginReturning(report)).validate(context)).toBe(report);
  });

  test('a failed run with no finding becomes a loud violation on every template', () => {
    const result = new GuardReportCheck(pluginReturning({ success: false, violations: [] })).validate(context);
    expect(result.success).toBe(false);
    expect(result.violations).toEqual([expect.objectContaining({
      ruleName: 'guard-report-incomplete',
      severity: 'error',
      violatingResources: [{ resourceLogicalId: '(template)', templatePath: '/out/S.template.json', locations: [] }],
    })]);
  });

  test('a finding without a resource is kept, named, and fails the run', () => {
    const result = new GuardReportCheck(pluginReturning({
      success: true,
      violations: [{ ruleName: 'ct_rule_x', description: 'd', violatingResources: [] }],
    })).validate(context);
    expect(result.success).toBe(false);
    expect(result.violations[0].description).toContain('ct_rule_x');
  });

  test('keeps the inner plugin\'s name so acknowledgements still match', () => {
    expect(new GuardReportCheck(pluginReturning({ success: true, violations: [] })).name).toBe('cdk-validator-cfnguard');
  });
});
