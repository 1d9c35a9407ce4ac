/** Where one stack of a StackSet runs: an account (or every account of a unit) in a region. */
export interface StackSetInstance {
  /** The stack and logical id of the `AWS::CloudFormation::StackSet`. */
  readonly stackSet: string;
  /** The organizational unit or root, for service-managed targets. */
  readonly organizationalUnit?: string;
  /** The account, when the template names it or the app lists the unit's accounts. */
  readonly account?: string;
  readonly region: string;
}
