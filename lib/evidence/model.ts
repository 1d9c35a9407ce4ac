/**
 * The evidence model: what the verifiers read (a cloud assembly's templates) and what they
 * return (facts, each an expected and a found value). Internal to the evidence CLI and the
 * report writers; the public face is `EvidenceReport`.
 */

/** One CloudFormation resource of a synthesized template, as the verifiers see it. */
export interface ResourceView {
  /** The stack (artifact id) that holds the resource. */
  readonly stack: string;
  /** The template file, relative to the assembly directory. */
  readonly templateFile: string;
  /** The logical id in the template. */
  readonly logicalId: string;
  /** `AWS::S3::Bucket`, ... */
  readonly type: string;
  /** The construct path from `aws:cdk:path`, when CDK recorded it. */
  readonly constructPath?: string;
  /** The resource's Properties (empty object when it has none). */
  readonly properties: Record<string, any>;
  /** The resource's Metadata. */
  readonly metadata: Record<string, any>;
  /** DeletionPolicy, UpdateReplacePolicy, Condition, DependsOn, ... */
  readonly attributes: Record<string, any>;
}

/** One expectation a claim records: what is compared and the value the templates must show. */
export interface Expectation {
  readonly property: string;
  readonly value: string;
}

/** A claim as the policy recorded it in a stack's template Metadata. */
export interface RecordedClaim {
  readonly id: string;
  readonly text: string;
  readonly expected: Expectation[];
  /**
   * The promise kind (`catalog` for the catalog's ids, `log-retention`, ..., `custom`): the report
   * derives the sentence and expected values from it and `params`, never from `text` and `expected`.
   */
  readonly kind?: string;
  /** The promise's parameters (plain JSON). */
  readonly params?: Record<string, any>;
}

/** The policy record of one stack (template Metadata `cdk-data-protection`). */
export interface PolicyRecord {
  readonly version: number;
  readonly policy: string;
  readonly securityContact: string;
  readonly region?: string;
  readonly allowedAccounts: string[];
  readonly dataClasses: Array<{ name: string; label: string; protectionLevel: string; personalData: boolean; minimumEncryption: string }>;
  readonly claims: RecordedClaim[];
  /** What the stack is for, when it is not the service itself (`offsite-backup`). */
  readonly role?: string;
  /** The compliance packs that ran on the synthesis, by plugin name. */
  readonly compliancePacks?: string[];
}

/** One stack of the assembly. */
export interface StackView {
  /** The artifact id (`DataProtectionReference`). */
  readonly id: string;
  /** The CloudFormation stack name. */
  readonly stackName: string;
  /** The template file, relative to the assembly directory. */
  readonly templateFile: string;
  /** The region of the artifact's environment, or undefined when environment-agnostic. */
  readonly region?: string;
  /** The account of the artifact's environment, or undefined when environment-agnostic. */
  readonly account?: string;
  /** The parsed template. */
  readonly template: Record<string, any>;
  /** The template's resources. */
  readonly resources: ResourceView[];
  /** The policy record, when a DataProtectionPolicy covers the stack. */
  readonly policy?: PolicyRecord;
  /** The template's size in bytes. */
  readonly templateBytes: number;
}

/** A finding of a compliance pack, from `validation-report.json`. */
export interface ComplianceFinding {
  readonly plugin: string;
  readonly rule: string;
  readonly description: string;
  readonly severity?: string;
  readonly constructPaths: string[];
  /** Set when the finding was acknowledged, with the reason given. */
  readonly acknowledgedReason?: string;
}

/** An acknowledgement recorded on a resource (template Metadata `cdk_nag.rules_to_suppress`). */
export interface RecordedAcknowledgement {
  readonly stack: string;
  readonly logicalId: string;
  readonly constructPath?: string;
  readonly rule: string;
  readonly reason: string;
  /** Who answers for it (the stack's ledger, `cdk-data-protection-acknowledgements`); absent for an unowned one. */
  readonly owner?: string;
  /** The last day it holds (ISO date); absent for a standing acknowledgement. */
  readonly expires?: string;
  /** Whether the library's own constructs made it (a standing acknowledgement of its maintainers). */
  readonly library?: boolean;
  /**
   * Whether it stands without expiry, from the stack's ledger; absent when the ledger does not
   * hold it (a template without construct paths, or an acknowledgement made outside `Compliance.acknowledge`).
   */
  readonly standing?: boolean;
  /** The claims whose promise the acknowledged rule concerns (see `claimsOfRule`); empty for "no promise". */
  readonly claims?: string[];
}

/** A cloud assembly (`cdk.out/`), read once. */
export interface AssemblyView {
  readonly directory: string;
  readonly stacks: StackView[];
  /** Findings and acknowledged findings of the validation plugins. */
  readonly findings: ComplianceFinding[];
  /** Whether `validation-report.json` was present (the compliance packs ran). */
  readonly validationReportPresent: boolean;
  /**
   * The files of the assembly directory and of its nested assemblies, relative to it with `/`
   * separators (`DataProtectionReference.breach-notice.md`, `assembly-Prod/Prod-Service.breach-notice.md`).
   */
  readonly files: string[];
}

/**
 * One fact the templates show about a claim: where, what was expected and what was found.
 * A claim is PROVEN only when it has facts and every fact is satisfied.
 */
export interface Fact {
  readonly stack: string;
  readonly logicalId?: string;
  readonly constructPath?: string;
  /** Where in the template: `Properties.BackupRetentionPeriod`, `Metadata.cdk-data-protection.region`. */
  readonly propertyPath: string;
  /** What the claim expects, in words or as a value (`14`, `true`, `>= 365`). */
  readonly expected: string;
  /** What the template holds, as text (`(absent)` when missing). */
  readonly found: string;
  readonly satisfied: boolean;
  /** Why the fact fails, or how it was read, when the values alone do not say it. */
  readonly note?: string;
}

/** The input of a verifier: the stacks that record the claim, the whole assembly and the claim's expectations. */
export interface VerifierInput {
  /** The stacks whose policy records the claim. */
  readonly stacks: StackView[];
  readonly assembly: AssemblyView;
  readonly claim: RecordedClaim;
  /** The claim's expectations by property (`backupRetentionDays` -> `14`). */
  readonly expected: ReadonlyMap<string, string>;
  /**
   * The ids of the claims already PROVEN on these stacks, for verifiers that speak of other
   * claims (the control mappings): the report verifies those last.
   */
  readonly proven?: ReadonlySet<string>;
}

/**
 * A verifier, in the cdk-nag rule style: a small pure function from templates to facts.
 * It returns every fact it checked; no fact at all means the templates show nothing that
 * makes the claim true, which the report states as a violation.
 */
export type Verifier = (input: VerifierInput) => Fact[];

/** How a claim fares. */
export type Verdict = 'PROVEN' | 'VIOLATED' | 'NOT_PROVABLE';

/** Which claims the library makes true (`infra`), partly (`infra+doc`) or not at all (`org`). */
export type ClaimScope = 'infra' | 'infra+doc' | 'org';

/** The verdict on one claim, with everything a reviewer needs to check it. */
export interface ClaimResult {
  readonly id: string;
  /** The promise kind (`catalog`, `log-retention`, `custom`, ...), when recorded. */
  readonly kind?: string;
  readonly text: string;
  readonly scope: ClaimScope;
  readonly verdict: Verdict;
  readonly facts: Fact[];
  /** What is missing or wrong, one line each (empty when PROVEN). */
  readonly gaps: string[];
  /** The organisational part no template can prove (`infra+doc` and `org` claims). */
  readonly organisational?: string;
  /** The stacks that record the claim. */
  readonly stacks: string[];
  readonly controls: ControlMapping;
}

/** Where a claim sits in the frameworks reviewers ask about. */
export interface ControlMapping {
  /** SOC 2 trust services criteria (`CC6.1`, `A1.2`). */
  readonly soc2: string[];
  /** ISO/IEC 27001:2022 Annex A controls (`8.13`). */
  readonly iso27001: string[];
  /** GDPR Art. 32(1) points (`32(1)(a)`). */
  readonly gdprArt32: string[];
  /** CNIL security guide sheets (`2`, `17`). */
  readonly cnilSheets: number[];
}

/** One entry of the register of processing activities (GDPR Art. 30), from the data-class tags. */
export interface RegisterEntry {
  readonly stack: string;
  readonly logicalId: string;
  readonly constructPath?: string;
  /** `AWS::S3::Bucket`, ... */
  readonly type: string;
  /** The data-class tag value, or undefined when the store has none. */
  readonly dataClass?: string;
  /** The class label, protection level and whether it holds personal data, from the policy record. */
  readonly label?: string;
  readonly protectionLevel?: string;
  readonly personalData?: boolean;
  /** The `purpose` tag, when set. */
  readonly purpose?: string;
  /** How long data is kept, in words (`expires after 1095 days`, `backups kept 14 days`). */
  readonly retention: string;
  /** The region of the stack (or `(environment-agnostic)`). */
  readonly region: string;
  /** How it is encrypted at rest (`aws:kms`, `AES256`, `none found`). */
  readonly encryption: string;
  /** Whether a backup selection covers it, in words. */
  readonly backups: string;
  /** The processors (sub-processors) involved: AWS and its service. */
  readonly processors: string[];
}

/** Everything the evidence report says about an assembly. */
export interface EvidenceResult {
  /** When the report was generated (ISO 8601). */
  readonly generatedAt: string;
  /** The version of cdk-data-protection that verified it. */
  readonly toolVersion: string;
  readonly assemblyDirectory: string;
  readonly stacks: Array<{
    id: string; templateFile: string; region?: string; account?: string; resources: number; templateBytes: number; policy?: string; role?: string;
  }>;
  /** The security contact of the policy (the first one found). */
  readonly securityContact?: string;
  readonly claims: ClaimResult[];
  readonly findings: ComplianceFinding[];
  readonly acknowledgements: RecordedAcknowledgement[];
  readonly register: RegisterEntry[];
  /** Counts per verdict. */
  readonly summary: { proven: number; violated: number; notProvable: number };
  /** The StackSets and Organizations policies of the assembly, when it has any (see `lib/evidence/organization`). */
  readonly organization?: OrganizationEvidence;
}

/** What the report shows of an organization: its StackSets, their instances and the organization's policies, with their AWS quotas. */
export interface OrganizationEvidence {
  readonly stackSets: OrganizationStackSet[];
  readonly policies: OrganizationPolicyFacts[];
  /** Per target: how many service control policies the assembly attaches, and the quota (FullAWSAccess counted). */
  readonly scpsPerTarget: Array<{ target: string; attached: number; quota: number }>;
}

/** A StackSet of the assembly, as the report shows it. */
export interface OrganizationStackSet {
  readonly stack: string;
  readonly logicalId: string;
  readonly name: string;
  readonly permissionModel: string;
  readonly autoDeployment: boolean;
  readonly retainStacksOnAccountRemoval: boolean;
  readonly targets: string[];
  readonly regions: string[];
  readonly templateFile: string;
  readonly templateBytes: number;
  /** The quota of the template as the StackSet gives it (TemplateURL or TemplateBody), in bytes. */
  readonly templateQuotaBytes: number;
  /** The quota of a template given inline (TemplateBody), in bytes. */
  readonly inlineQuotaBytes: number;
  /** The ids of the stack views of its instances (account or unit, and region). */
  readonly instances: string[];
}

/** An Organizations policy of the assembly, with what it states. */
export interface OrganizationPolicyFacts {
  readonly stack: string;
  readonly logicalId: string;
  readonly constructPath?: string;
  readonly name: string;
  readonly type: string;
  readonly targets: string[];
  readonly characters: number;
  readonly quotaCharacters: number;
  /** The facts the policy states: one per SCP statement, or per backup plan rule and selection. */
  readonly facts: Array<{ subject: string; value: string }>;
}
