/**
 * What aws-cdk-lib's built-in CloudFormation Validate plugin (`@aws/cloudformation-validate`, the
 * registry schemas plus cfn-lint's rules, run on every synthesis unless CDK_VALIDATION=false)
 * does not check, found by trying each kind of error on it (test/reliability/schema.test.ts):
 *
 * - a `Custom::<Name>` resource without `ServiceToken`: it checks `AWS::CloudFormation::CustomResource`
 *   (F3003 "'ServiceToken' is a required property") but accepts any properties on `Custom::*`.
 *
 * Everything else the issue asks for it already reports: property types (F3012), unknown
 * properties (F3002, nested too), missing required properties (F3003), enums (W3030, e.g.
 * RetentionInDays and WAF EvaluationWindowSec), patterns (F3031), ranges (E3719
 * BackupRetentionPeriod 0-35), unknown Ref targets (F1020), unknown Fn::GetAtt attributes (E9004),
 * unknown resource types (F3006) and DeletionPolicy/UpdateReplacePolicy values (F3016, F0018).
 */

/** One problem: where, what the schema wants, what was found. */
export interface SchemaProblem {
  readonly logicalId: string;
  readonly path: string;
  readonly wanted: string;
  readonly found: string;
}

/**
 * Custom resources (`Custom::*`) need only a `ServiceToken`: a string, or an intrinsic that yields
 * one (`Fn::GetAtt` of the provider's function or `Ref` of a topic, `Fn::Join`, `Fn::Sub`...).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-customresource.html
 */
export function customResourceProblems(template: any): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const [logicalId, resource] of Object.entries<any>(template.Resources ?? {})) {
    if (typeof resource.Type !== 'string' || !resource.Type.startsWith('Custom::')) {
      continue;
    }
    const token = resource.Properties?.ServiceToken;
    if (token === undefined) {
      problems.push({ logicalId, path: 'Properties.ServiceToken', wanted: 'a required string (the provider\'s ARN)', found: 'absent' });
    } else if (typeof token !== 'string' && !isIntrinsic(token)) {
      problems.push({ logicalId, path: 'Properties.ServiceToken', wanted: 'a string or an intrinsic function yielding one', found: JSON.stringify(token) });
    }
  }
  return problems;
}

const STRING_INTRINSICS = ['Ref', 'Fn::GetAtt', 'Fn::Join', 'Fn::Sub', 'Fn::If', 'Fn::ImportValue', 'Fn::Select', 'Fn::FindInMap'];

function isIntrinsic(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const keys = Object.keys(value);
  return keys.length === 1 && STRING_INTRINSICS.includes(keys[0]);
}
