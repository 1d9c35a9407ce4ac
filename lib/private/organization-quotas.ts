/**
 * AWS quotas the organization baseline stays within, shared by the construct (which refuses a
 * policy over quota) and the evidence report (which prints the headroom).
 *
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html (policy sizes, policies per target)
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html (TemplateBody, TemplateURL)
 */
export const ORGANIZATION_QUOTAS = {
  /** Maximum size of a service control policy document, in characters. */
  scpCharacters: 5120,
  /** Maximum size of a backup policy document, in characters. */
  backupPolicyCharacters: 10000,
  /** Maximum number of service control policies attached to one root, OU or account (FullAWSAccess included). */
  scpsPerTarget: 5,
  /** Maximum size of a StackSet template given inline (TemplateBody), in bytes. */
  stackSetTemplateBodyBytes: 51200,
  /** Maximum size of a StackSet template given by URL (TemplateURL), in bytes. */
  stackSetTemplateUrlBytes: 1024 * 1024,
};

/** The Metadata key of the StackSet resource under which the baseline records its targets for the evidence report. */
export const ORGANIZATION_METADATA_KEY = 'cdk-data-protection:organization';
