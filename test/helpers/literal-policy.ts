/** The account the IAM-simulation tests pretend to deploy into. */
export const SIMULATED_ACCOUNT = '111111111111';

/**
 * Replaces the pseudo parameters and intrinsic functions of a synthesized IAM policy with
 * literals, so that an IAM evaluator (`@cloud-copilot/iam-simulate`) can read it: the account,
 * the partition `aws`, the region `us-east-1`, `Fn::Join` joined, and each `Fn::GetAtt` replaced
 * by the ARN `getAtt` gives for the logical id (by default a role ARN named after the logical id).
 */
export function literalPolicy(value: any, getAtt: (logicalId: string) => string = roleArn): any {
  const resolve = (v: any): any => {
    if (Array.isArray(v)) {
      return v.map(resolve);
    }
    if (v && typeof v === 'object') {
      if (v.Ref === 'AWS::AccountId') {
        return SIMULATED_ACCOUNT;
      }
      if (v.Ref === 'AWS::Partition') {
        return 'aws';
      }
      if (v.Ref === 'AWS::Region') {
        return 'us-east-1';
      }
      if (v['Fn::Join']) {
        const [separator, parts] = v['Fn::Join'];
        return resolve(parts).join(separator);
      }
      if (v['Fn::GetAtt']) {
        return getAtt(v['Fn::GetAtt'][0]);
      }
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
    }
    return v;
  };
  return resolve(value);
}

/** The ARN of a role named after its logical id in the simulated account. */
export function roleArn(logicalId: string): string {
  return `arn:aws:iam::${SIMULATED_ACCOUNT}:role/${logicalId}`;
}
