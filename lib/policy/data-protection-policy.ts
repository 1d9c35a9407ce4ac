import { Aspects, AspectPriority, Duration, IAspect, Stack, Stage, Token } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { BackupSchedule } from './backup-schedule';
import { DataClass } from './data-class';
import { AtRestEncryption, MinimumTlsVersion } from './encryption';
import { LogGroupEnforcement } from './log-group-enforcement';
import { PolicyClaim, policyClaims } from './policy-claims';
import { checkNotWeaker, policyPromises, promiseRecord, PromiseWeakening } from './policy-promises';
import { ReportOnSynth } from './report-on-synth';
import { RestoreTestSchedule } from './restore-test-schedule';
import { DataProtectionError } from '../private/errors';
import { PolicyChecks } from '../private/policy-checks';
import { PROPS } from '../private/props-specs';
import { validatePropsShape } from '../private/props-validation';
import { requireKnownRegion } from '../private/region-validation';
import { appliedPacks, stackRole } from '../private/stack-records';
import { EMAIL_ADDRESS, RDS_BACKUP_RETENTION, wholeDays } from '../private/validate';
import { DataPromise } from '../promises/data-promise';
import { LogRetentionPromise, LogScope } from '../promises/log-retention';

/**
 * The retention values CloudWatch Logs accepts, in days.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 */
const CLOUDWATCH_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** The template Metadata key under which each stack records its policy and claims. */
export const CLAIMS_METADATA_KEY = 'cdk-data-protection';

/**
 * Properties of a `DataProtectionPolicy`: what the trust page promises.
 */
export interface DataProtectionPolicyProps {
  /**
   * Where to report a vulnerability or a breach: an e-mail address or an https URL
   * (claim S4-13: security contact published).
   */
  readonly securityContact: string;

  /**
   * The one region where data is stored (claims S0-05, S4-01). Every stack under
   * the policy with an explicit region must be in it.
   *
   * Must be a region of aws-cdk-lib's `RegionInfo.regions` (refused at synthesis otherwise); a token is refused.
   *
   * @default - not pinned to a region
   */
  readonly region?: string;

  /**
   * The AWS accounts the service may be deployed to (claims S0-05, S4-01). A stack under the
   * policy with an explicit account outside the list is refused (`DataProtection-Account`), the
   * reference app refuses to synthesize for another account when credentials are present, and
   * `npx cdk-data-protection whoami --allowed-accounts ...` checks the caller.
   *
   * @default - any account
   */
  readonly allowedAccounts?: string[];

  /**
   * How data at rest is encrypted. A data class may ask for more, never for less.
   *
   * @default AtRestEncryption.KMS
   */
  readonly atRestEncryption?: AtRestEncryption;

  /**
   * The lowest TLS version clients may use (claim S2-02).
   *
   * @default MinimumTlsVersion.TLS_1_2
   */
  readonly minimumTlsVersion?: MinimumTlsVersion;

  /**
   * How long logs are kept: CloudWatch Logs groups and audit buckets (claims S0-04, S1-06).
   * Must be a value CloudWatch Logs accepts.
   *
   * The policy enforces it on every log group in scope, whichever library made it: a log
   * group without a retention gets this one (and a key when it has none), a log group or a
   * `logRetention` that keeps logs for less time is an error, and each Lambda function gets
   * its own encrypted log group with this retention.
   *
   * @default RetentionDays.ONE_YEAR
   */
  readonly logRetention?: RetentionDays;

  /**
   * When backups are taken and how long they are kept. The daily retention must be
   * 1-35 days, the range RDS automated backups accept.
   *
   * @default BackupSchedule.daily(Duration.days(14))
   */
  readonly backup?: BackupSchedule;

  /**
   * The other regions that hold a copy of every backup (claims S1-08: backed up to
   * multiple off-site locations; S2-11). A `SecureBackupPlan` copies each recovery point to
   * a vault in each of them, and refuses copies to any region not listed here.
   *
   * Each must be a region of aws-cdk-lib's `RegionInfo.regions` (refused at synthesis otherwise); a token is refused.
   *
   * @default - backups stay in the region of the data
   */
  readonly backupCopyRegions?: string[];

  /**
   * How often restores from backup are tested (claims S1-10, S2-13).
   *
   * @default RestoreTestSchedule.DAILY
   */
  readonly restoreTesting?: RestoreTestSchedule;

  /**
   * The shortest time a data store may keep data before a lifecycle rule deletes it.
   * A bucket that expires data sooner contradicts the policy and is refused.
   *
   * @default - the backup retention: data is never expired sooner than backups promise to keep it
   */
  readonly dataRetention?: Duration;

  /**
   * The data classes the service stores (claim S1-01). A data store tagged with any
   * other class is refused (claim S3-02: only declared data may be stored).
   *
   * @default - CUSTOMER_DATA, CUSTOMER_USER_DATA and INTERNAL
   */
  readonly dataClasses?: DataClass[];

  /**
   * The promises of the trust page this policy makes, by id of the claims catalog
   * (`S0-02`: daily backups kept 14 days). The policy records each claim, in plain language and
   * with the values it expects, in every stack it covers; `npx cdk-data-protection evidence`
   * proves each one from the synthesized templates, value by value. A claim the policy's own
   * settings contradict (`S0-02` with 30-day backups) is refused. `DataProtectionPreset` gives
   * the claims of whole pages.
   *
   * @default - no claims: the constructs still apply every secure default, and the evidence report proves nothing
   */
  readonly claims?: string[];

  /**
   * The promises of the trust page as typed values of the promise vocabulary
   * (`new LogRetentionPromise({ scope: LogScope.APPLICATION, retention: Duration.days(90) })`,
   * `BackupRetentionPromise`, `VersionHistoryPromise`, ... or a `CustomPromise` of your own).
   * The constructs read them (a log group of each scope gets its scope's retention), the policy
   * records each one (kind and parameters) in every stack it covers, and the evidence report
   * proves it from the templates. A nested policy inherits the promises of the enclosing one it
   * does not restate.
   *
   * @default - none
   */
  readonly promises?: DataPromise[];

  /**
   * The promises and settings on which this policy, nested in another policy's scope, keeps less
   * than the enclosing one, each with a reason. A nested policy weaker than the enclosing one is
   * refused without it.
   *
   * @default - none: a nested policy must be at least as strong as the enclosing one
   */
  readonly weakenings?: PromiseWeakening[];

  /**
   * The service's name, as the trust page written on `npx cdk synth` titles it.
   *
   * @default 'Our service'
   */
  readonly serviceName?: string;
}

const POLICY_OF_SCOPE = Symbol.for('cdk-data-protection.DataProtectionPolicy');

/**
 * What a SaaS trust page promises, as one typed construct.
 *
 * The policy applies to its parent scope (a stack, a stage or the whole app) and
 * everything below it. Constructs of this library find it with
 * `DataProtectionPolicy.of(this)`, take their defaults from it and refuse props that
 * contradict it. The policy records its claims in each stack's template Metadata
 * (`cdk-data-protection`), so the evidence report needs nothing but `cdk.out/`.
 *
 * @example
 * const stack = new Stack(app, 'Service', { env: { region: 'us-east-1' } });
 * new DataProtectionPolicy(stack, 'Policy', {
 *   securityContact: 'security@example.com',
 *   region: 'us-east-1',
 *   backup: BackupSchedule.daily(Duration.days(14)),
 *   logRetention: RetentionDays.ONE_YEAR,
 * });
 */
export class DataProtectionPolicy extends Construct {
  /**
   * The nearest policy above `scope` (its own scope included), or an error that says how to add one.
   */
  public static of(scope: IConstruct): DataProtectionPolicy {
    const found = DataProtectionPolicy.tryOf(scope);
    if (!found) {
      throw new DataProtectionError(
        'no DataProtectionPolicy applies here: add `new DataProtectionPolicy(stack, \'Policy\', { securityContact: ... })` ' +
        'to this stack or to one of its parent scopes (stage or app)',
        scope,
      );
    }
    return found;
  }

  /**
   * The nearest policy above `scope` (its own scope included), if any.
   */
  public static tryOf(scope: IConstruct): DataProtectionPolicy | undefined {
    const scopes = scope.node.scopes;
    for (let i = scopes.length - 1; i >= 0; i--) {
      const policy = (scopes[i] as any)[POLICY_OF_SCOPE];
      if (policy) {
        return policy;
      }
    }
    return undefined;
  }

  /** The security contact (e-mail address or https URL). */
  public readonly securityContact: string;
  /** The region data is pinned to, if any. */
  public readonly region?: string;
  /** The accounts the service may be deployed to (empty: any). */
  public readonly allowedAccounts: string[];
  /** How data at rest is encrypted. */
  public readonly atRestEncryption: AtRestEncryption;
  /** The lowest TLS version clients may use. */
  public readonly minimumTlsVersion: MinimumTlsVersion;
  /** How long logs are kept. */
  public readonly logRetention: RetentionDays;
  /** When backups are taken and how long they are kept. */
  public readonly backup: BackupSchedule;
  /** The other regions that hold a copy of every backup. */
  public readonly backupCopyRegions: string[];
  /** How often restores from backup are tested. */
  public readonly restoreTesting: RestoreTestSchedule;
  /** The shortest time a data store may keep data before lifecycle expiry. */
  public readonly dataRetention: Duration;
  /** The declared data classes. */
  public readonly dataClasses: DataClass[];
  /**
   * The claims this policy makes, as recorded in the templates and proven by the evidence report.
   */
  public readonly claims: PolicyClaim[];
  /** The promises of the vocabulary this policy makes, its own and those inherited from an enclosing policy. */
  public readonly promises: DataPromise[];
  /** The service's name for the trust page, if given. */
  public readonly serviceName?: string;

  constructor(scope: Construct, id: string, props: DataProtectionPolicyProps) {
    super(scope, id);
    validatePropsShape(this, 'DataProtectionPolicy', props, PROPS.DataProtectionPolicy);

    if ((scope as any)[POLICY_OF_SCOPE]) {
      throw new DataProtectionError(
        `a DataProtectionPolicy already applies to this scope (${(scope as any)[POLICY_OF_SCOPE].node.path}); one policy per scope`, this);
    }

    this.securityContact = validateSecurityContact(props.securityContact, this);
    this.region = props.region === undefined ? undefined : validateRegion(props.region, this);
    this.allowedAccounts = validateAccounts(props.allowedAccounts ?? [], this);
    this.atRestEncryption = props.atRestEncryption ?? AtRestEncryption.KMS;
    this.minimumTlsVersion = props.minimumTlsVersion ?? MinimumTlsVersion.TLS_1_2;
    this.logRetention = validateLogRetention(props.logRetention ?? RetentionDays.ONE_YEAR, this);
    this.backup = props.backup ?? BackupSchedule.daily(Duration.days(14));
    validateBackupRetention(this.backup, this);
    this.backupCopyRegions = validateBackupCopyRegions(props.backupCopyRegions ?? [], this.region, this);
    this.restoreTesting = props.restoreTesting ?? RestoreTestSchedule.DAILY;
    this.dataRetention = props.dataRetention ?? this.backup.retention;
    wholeDays('DataProtectionPolicy dataRetention', this.dataRetention, this);
    this.dataClasses = validateDataClasses(props.dataClasses ?? [DataClass.CUSTOMER_DATA, DataClass.CUSTOMER_USER_DATA, DataClass.INTERNAL], this);
    const outer = DataProtectionPolicy.tryOf(scope);
    this.promises = policyPromises(this, props.promises ?? [], outer);
    checkNotWeaker(this, props.promises ?? [], outer, props.weakenings ?? [], this);
    this.claims = [...policyClaims(this, props.claims ?? []), ...this.promises.map(promiseRecord)];
    this.serviceName = props.serviceName ?? outer?.serviceName;

    Object.defineProperty(scope, POLICY_OF_SCOPE, { value: this, enumerable: false });

    // Record the claims in every stack the policy covers, once the tree is complete.
    Aspects.of(scope).add(new RecordClaims(this), { priority: AspectPriority.READONLY });
    // Keep every log group in scope, including those of other libraries, for the log retention, encrypted.
    Aspects.of(scope).add(new LogGroupEnforcement(this, DataProtectionPolicy.tryOf), { priority: AspectPriority.MUTATING });
    // Report data stores that break the policy next to the cdk-nag findings. The checks walk
    // the whole app, so they are registered once, on the root stage (the App).
    const root = this.node.root;
    if (Stage.isStage(root)) {
      PolicyChecks.registerOn(root, DataProtectionPolicy.tryOf);
      // The evidence report, trust page and register are written into cdk.out on `npx cdk synth`.
      ReportOnSynth.registerOn(root);
    }
  }

  /**
   * How long the log groups of a scope are kept: the retention of the policy's
   * `LogRetentionPromise` for the scope, or the policy's `logRetention`.
   *
   * @param scope what the log groups hold
   */
  public logRetentionFor(scope: LogScope): RetentionDays {
    const promise = this.promises.find((p): p is LogRetentionPromise => p instanceof LogRetentionPromise && p.scope.name === scope.name);
    return promise ? promise.retentionDays : this.logRetention;
  }

  /**
   * The promise of the policy on a subject (`waf-logging`, `log-archive`,
   * `version-history.customer-data`), if it makes one.
   *
   * @param subject the promise's subject
   */
  public promiseOn(subject: string): DataPromise | undefined {
    return this.promises.find((p) => p.subject === subject);
  }

  /** The log retention in days (`Infinity` for never-expire). */
  public get logRetentionDays(): number {
    return this.logRetention === RetentionDays.INFINITE ? Infinity : this.logRetention;
  }

  /**
   * Refuses a data class the policy does not declare (claim S3-02).
   *
   * @param dataClass the class a data store is tagged with
   * @param scope the data store, named in the error
   */
  public assertDeclared(dataClass: DataClass, scope: IConstruct): void {
    if (!this.dataClasses.some((c) => c.name === dataClass.name)) {
      throw new DataProtectionError(
        `data class '${dataClass.name}' is not declared by the DataProtectionPolicy at ${this.node.path}; ` +
        `declared: ${this.dataClasses.map((c) => c.name).join(', ')}`, scope);
    }
  }
}

/**
 * Writes the policy's claims into the Metadata of every stack it covers.
 */
class RecordClaims implements IAspect {
  constructor(private readonly policy: DataProtectionPolicy) {}

  public visit(node: IConstruct): void {
    if (!Stack.isStack(node) || DataProtectionPolicy.tryOf(node) !== this.policy) {
      return;
    }
    const metadata = node.templateOptions.metadata ?? {};
    node.templateOptions.metadata = {
      ...metadata,
      [CLAIMS_METADATA_KEY]: {
        version: 1,
        policy: this.policy.node.path,
        securityContact: this.policy.securityContact,
        region: this.policy.region,
        allowedAccounts: this.policy.allowedAccounts,
        dataClasses: this.policy.dataClasses.map((c) => ({
          name: c.name,
          label: c.label,
          protectionLevel: c.protectionLevel,
          personalData: c.personalData,
          minimumEncryption: c.minimumEncryption.name,
        })),
        claims: this.policy.claims,
        role: stackRole(node),
        compliancePacks: appliedPacks(node),
      },
    };
  }
}

function validateSecurityContact(contact: string, scope: IConstruct): string {
  if (Token.isUnresolved(contact)
    || !(EMAIL_ADDRESS.test(contact) || /^https:\/\/[^\s/]+\.[^\s]+$/.test(contact))) {
    throw new DataProtectionError(`securityContact must be an e-mail address or an https URL, got '${contact}'`, scope);
  }
  return contact;
}

function validateRegion(region: string, scope: IConstruct, what = 'region'): string {
  if (Token.isUnresolved(region) || !/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/.test(region)) {
    throw new DataProtectionError(`${what} must be a literal AWS region name such as 'us-east-1', got '${region}'`, scope);
  }
  return requireKnownRegion(what, region, scope);
}

function validateAccounts(accounts: string[], scope: IConstruct): string[] {
  const seen = new Set<string>();
  for (const account of accounts) {
    if (Token.isUnresolved(account) || !/^\d{12}$/.test(account)) {
      throw new DataProtectionError(`each of allowedAccounts must be a literal 12-digit AWS account id, got '${account}'`, scope);
    }
    if (seen.has(account)) {
      throw new DataProtectionError(`allowedAccounts must not list '${account}' twice`, scope);
    }
    seen.add(account);
  }
  return [...accounts];
}

function validateBackupCopyRegions(regions: string[], home: string | undefined, scope: IConstruct): string[] {
  const seen = new Set<string>();
  for (const region of regions) {
    validateRegion(region, scope, 'each of backupCopyRegions');
    if (region === home) {
      throw new DataProtectionError(`backupCopyRegions must name regions other than the policy's region (${home}), got '${region}'`, scope);
    }
    if (seen.has(region)) {
      throw new DataProtectionError(`backupCopyRegions must not list '${region}' twice`, scope);
    }
    seen.add(region);
  }
  return [...regions];
}

function validateLogRetention(retention: RetentionDays, scope: IConstruct): RetentionDays {
  if (retention !== RetentionDays.INFINITE && !CLOUDWATCH_RETENTION_DAYS.includes(retention)) {
    throw new DataProtectionError(
      `logRetention must be one of the values CloudWatch Logs accepts (${CLOUDWATCH_RETENTION_DAYS.join(', ')} days, or RetentionDays.INFINITE), got ${retention}`,
      scope);
  }
  return retention;
}

function validateBackupRetention(backup: BackupSchedule, scope: IConstruct): void {
  const days = backup.retention.toDays();
  if (days < RDS_BACKUP_RETENTION.min || days > RDS_BACKUP_RETENTION.max) {
    throw new DataProtectionError(
      `backup retention must be ${RDS_BACKUP_RETENTION.min}-${RDS_BACKUP_RETENTION.max} days (the range RDS automated backups accept), got ${days}`,
      scope);
  }
}

function validateDataClasses(classes: DataClass[], scope: IConstruct): DataClass[] {
  if (classes.length === 0) {
    throw new DataProtectionError('dataClasses must declare at least one data class, got none', scope);
  }
  const seen = new Set<string>();
  for (const c of classes) {
    if (seen.has(c.name)) {
      throw new DataProtectionError(`dataClasses must not declare '${c.name}' twice`, scope);
    }
    seen.add(c.name);
  }
  return [...classes];
}
