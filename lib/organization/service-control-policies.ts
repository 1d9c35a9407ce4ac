/**
 * The documents of the organization's service control policies: pure functions of the
 * policy's regions, so tests and the evidence report read the same statements CloudFormation
 * receives.
 *
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html
 */

/**
 * The roles no guardrail of the baseline denies: the CDK bootstrap roles (`cdk-hnb659fds-deploy-role-...`,
 * in any qualifier) that deploy and look up from any region, and the service-linked roles
 * through which AWS services act in the account.
 */
export const EXEMPT_PRINCIPAL_ARNS = [
  'arn:aws:iam::*:role/cdk-*',
  'arn:aws:iam::*:role/aws-service-role/*',
];

/**
 * Actions of global services, served from us-east-1 whatever the region pinning (AWS's
 * example "Deny access to AWS based on the requested AWS Region" exempts them the same way).
 */
export const GLOBAL_SERVICE_ACTIONS = [
  'a4b:*', 'acm:*', 'aws-marketplace-management:*', 'aws-marketplace:*', 'aws-portal:*', 'account:*', 'billing:*',
  'budgets:*', 'ce:*', 'chime:*', 'cloudfront:*', 'config:*', 'cur:*', 'directconnect:*', 'ec2:DescribeRegions',
  'ec2:DescribeTransitGateways', 'ec2:DescribeVpnGateways', 'fms:*', 'globalaccelerator:*', 'health:*', 'iam:*',
  'importexport:*', 'kms:*', 'mobileanalytics:*', 'networkmanager:*', 'organizations:*', 'pricing:*', 'route53:*',
  'route53domains:*', 'route53-recovery-cluster:*', 'route53-recovery-control-config:*', 'route53-recovery-readiness:*',
  's3:GetAccountPublic*', 's3:ListAllMyBuckets', 's3:ListMultiRegionAccessPoints', 's3:PutAccountPublic*', 'shield:*',
  'sts:*', 'support:*', 'trustedadvisor:*', 'waf-regional:*', 'waf:*', 'wafv2:*', 'wellarchitected:*',
];

/**
 * What an IAM user without MFA may still do: set up and use an MFA device, and change the
 * password (AWS's example policy "Allows MFA-authenticated IAM users to manage their own MFA device").
 */
export const MFA_SELF_SERVICE_ACTIONS = [
  'iam:ChangePassword', 'iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:GetAccountPasswordPolicy', 'iam:GetUser',
  'iam:ListMFADevices', 'iam:ListVirtualMFADevices', 'iam:ResyncMFADevice', 'sts:GetSessionToken',
];

/** The Sid of the region-pinning statement, read by the evidence report. */
export const REGION_PINNING_SID = 'DenyOutsideDataRegions';
/** The Sid of the MFA statement, read by the evidence report. */
export const MFA_SID = 'DenyHumansWithoutMfa';

/**
 * Denies every regional call outside `regions`, except for global services and the exempt roles.
 *
 * @param regions the regions the organization may use
 */
export function regionPinningDocument(regions: string[]): Record<string, any> {
  return {
    Version: '2012-10-17',
    Statement: [{
      Sid: REGION_PINNING_SID,
      Effect: 'Deny',
      NotAction: GLOBAL_SERVICE_ACTIONS,
      Resource: '*',
      Condition: {
        StringNotEquals: { 'aws:RequestedRegion': [...regions] },
        ArnNotLike: { 'aws:PrincipalArn': EXEMPT_PRINCIPAL_ARNS },
      },
    }],
  };
}

/**
 * Denies IAM users, and the roles people assume, every call but MFA self-service when the
 * request was not authenticated with MFA. Roles assumed by services and the exempt roles are
 * not matched: their principal ARN is not a user's nor one of `humanRoleArnPatterns`.
 *
 * @param humanRoleArnPatterns ARN patterns of roles people assume with MFA (`arn:aws:iam::*:role/Admin*`)
 */
export function mfaDocument(humanRoleArnPatterns: string[]): Record<string, any> {
  return {
    Version: '2012-10-17',
    Statement: [{
      Sid: MFA_SID,
      Effect: 'Deny',
      NotAction: MFA_SELF_SERVICE_ACTIONS,
      Resource: '*',
      Condition: {
        // Absent (long-term access keys) or false: denied.
        BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' },
        ArnLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:user/*', ...humanRoleArnPatterns] },
        ArnNotLike: { 'aws:PrincipalArn': EXEMPT_PRINCIPAL_ARNS },
      },
    }],
  };
}
