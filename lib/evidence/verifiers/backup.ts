import { DATA_CLASS_TAG } from '../../private/data-store-types';
import { Fact, ResourceView, StackView, Verifier } from '../model';
import {
  everyResource, fact, isTrue, listOf, noResource, numberOf, referencedIds, refTarget, resourceFact, resourcesOf, show, stackOf,
} from '../query';

/**
 * The backup and resilience verifiers: AWS Backup plans, selections, copies, restore tests and
 * failure alerts; RDS automated backups and Multi-AZ; availability zones of the VPCs.
 *
 * They read what `SecureBackupPlan`, `SecureBackupVault`, `OffsiteBackupStack`, `SecureDatabase`
 * and `SecureNetwork` emit, and any other template of the same shapes.
 */

const PLAN = 'AWS::Backup::BackupPlan';
const SELECTION = 'AWS::Backup::BackupSelection';
const VAULT = 'AWS::Backup::BackupVault';
const RESTORE_PLAN = 'AWS::Backup::RestoreTestingPlan';
const RESTORE_SELECTION = 'AWS::Backup::RestoreTestingSelection';
const DB_INSTANCE = 'AWS::RDS::DBInstance';
const DB_CLUSTER = 'AWS::RDS::DBCluster';
const BUCKET = 'AWS::S3::Bucket';
const EVENT_RULE = 'AWS::Events::Rule';
const SNS_TOPIC = 'AWS::SNS::Topic';

/** Where the rules of a plan sit. */
const RULES = 'Properties.BackupPlan.BackupPlanRule';


/** The data class whose stores need no redundant copy (S2-11) and are not customer data (S0-01). */
const INTERNAL_CLASS = 'internal';

/**
 * The types that hold data (`DATA_STORE_TYPES` of the policy checks, without the backup vault,
 * which holds the backups themselves), with the restore-testing type of each.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing.html
 */
const STORE_TYPES: Record<string, string> = {
  'AWS::S3::Bucket': 'S3',
  'AWS::RDS::DBInstance': 'RDS',
  'AWS::RDS::DBCluster': 'RDS',
  'AWS::DynamoDB::Table': 'DynamoDB',
  'AWS::DynamoDB::GlobalTable': 'DynamoDB',
  'AWS::EC2::Volume': 'EBS',
  'AWS::EFS::FileSystem': 'EFS',
};

/** The ARN of a store of each type, with `{r}`, `{a}` and `{n}` for region, account and name: matched against wildcard ARNs of selections. */
const ARN_SHAPES: Record<string, string> = {
  'AWS::S3::Bucket': 'arn:aws:s3:::{n}',
  'AWS::RDS::DBInstance': 'arn:aws:rds:{r}:{a}:db:{n}',
  'AWS::RDS::DBCluster': 'arn:aws:rds:{r}:{a}:cluster:{n}',
  'AWS::DynamoDB::Table': 'arn:aws:dynamodb:{r}:{a}:table/{n}',
  'AWS::DynamoDB::GlobalTable': 'arn:aws:dynamodb:{r}:{a}:table/{n}',
  'AWS::EC2::Volume': 'arn:aws:ec2:{r}:{a}:volume/{n}',
  'AWS::EFS::FileSystem': 'arn:aws:elasticfilesystem:{r}:{a}:file-system/{n}',
};

/** A character no literal of a template holds: stands for the parts a wildcard must match. */
const ANY = '\u0001';

// ---------------------------------------------------------------------------------------------
// Reading templates
// ---------------------------------------------------------------------------------------------

/** The region of a stack: its environment's, or the region its policy pins it to. */
function regionOf(stack: StackView | undefined): string | undefined {
  return stack?.region ?? stack?.policy?.region;
}

/** Every stack once: the ones that record the claim and the rest of the assembly. */
function allStacks(stacks: StackView[], assemblyStacks: StackView[]): StackView[] {
  return [...stacks, ...assemblyStacks.filter((s) => !stacks.some((t) => t.id === s.id))];
}


/**
 * A template value as text: literals as they are, `Fn::Join` and `Fn::Sub` of their parts,
 * `AWS::Region` as the stack's region when known; every other intrinsic stays as `${...}`,
 * which marks the text as not fully resolved.
 */
function textOf(value: unknown, region: string | undefined): string {
  if (typeof value === 'string' || typeof value === 'number') {
    return String(value);
  }
  if (!value || typeof value !== 'object') {
    return '${?}';
  }
  const v = value as Record<string, any>;
  if (typeof v.Ref === 'string') {
    return v.Ref === 'AWS::Region' && region ? region : `\${${v.Ref}}`;
  }
  const join = v['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    return join[1].map((p: unknown) => textOf(p, region)).join(join[0]);
  }
  const sub = v['Fn::Sub'];
  if (sub !== undefined) {
    const [template, variables] = Array.isArray(sub) ? [sub[0], sub[1] ?? {}] : [sub, {}];
    if (typeof template === 'string') {
      return template.replace(/\$\{([^!}][^}]*)\}/g, (whole: string, name: string) => {
        if (name in variables) {
          return textOf(variables[name], region);
        }
        return name === 'AWS::Region' && region ? region : whole;
      });
    }
  }
  const target = refTarget(v);
  return target ? `\${${target}.${listOf(v['Fn::GetAtt'])[1] ?? 'Attr'}}` : '${?}';
}

/** Whether a text built by `textOf` still holds an unresolved intrinsic. */
function unresolved(text: string): boolean {
  return text.includes('${');
}

/** The tags of a resource as a map: `Tags` (list or map), `FileSystemTags`, `BackupVaultTags`, the replicas' tags of a global table. */
function tagsOf(resource: ResourceView): Record<string, unknown> {
  const tags: Record<string, unknown> = {};
  const add = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const t of value) {
        if (t && typeof t.Key === 'string' && !(t.Key in tags)) {
          tags[t.Key] = t.Value;
        }
      }
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (!(k in tags)) {
          tags[k] = v;
        }
      }
    }
  };
  add(resource.properties.Tags);
  add(resource.properties.FileSystemTags);
  add(resource.properties.BackupVaultTags);
  if (resource.type === 'AWS::DynamoDB::GlobalTable') {
    const classes = new Set(listOf<any>(resource.properties.Replicas)
      .map((r) => JSON.stringify(listOf<any>(r?.Tags).find((t) => t?.Key === DATA_CLASS_TAG)?.Value)));
    listOf<any>(resource.properties.Replicas).forEach((r) => add(r?.Tags));
    if (classes.size > 1) {
      delete tags[DATA_CLASS_TAG];
    }
  }
  return tags;
}

/** The data class of a store, when its tag holds a literal. */
function dataClassOf(resource: ResourceView): string | undefined {
  const value = tagsOf(resource)[DATA_CLASS_TAG];
  return typeof value === 'string' ? value : undefined;
}

/** A glob (`*`, `?`) as a regular expression over the whole text. */
function globRegExp(glob: string): RegExp {
  const body = glob.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 's');
}

/** The DB cluster a DB instance belongs to, by `DBClusterIdentifier`, when it belongs to one. */
function inCluster(resource: ResourceView): boolean {
  return resource.type === DB_INSTANCE && resource.properties.DBClusterIdentifier !== undefined;
}

/** The data stores of the stacks: RDS instances of a cluster are left to their cluster. */
function dataStores(stacks: StackView[]): ResourceView[] {
  return resourcesOf(stacks, ...Object.keys(STORE_TYPES)).filter((r) => !inCluster(r));
}

/** The rules of a backup plan. */
function rulesOf(plan: ResourceView): Array<Record<string, any>> {
  return listOf<any>(plan.properties.BackupPlan?.BackupPlanRule).filter((r) => r && typeof r === 'object');
}

/** A rule in a few words: `Daily cron(0 5 * * ? *) kept 14 days`. */
function describeRule(rule: Record<string, any>): string {
  return `${rule.RuleName ?? '(unnamed)'} ${show(rule.ScheduleExpression)} kept ${show(rule.Lifecycle?.DeleteAfterDays)} days`;
}

/** A list of values in words, or undefined (shown as `(absent)`) when empty. */
function joined(values: string[]): string | undefined {
  return values.length > 0 ? values.join('; ') : undefined;
}

/** The unsatisfied fact that the claim records no value for an expectation the verifier compares. */
function missingExpectation(stacks: StackView[], property: string): Fact {
  return fact({ stack: stacks.map((s) => s.id).join(', ') || '(no stack records the claim)' },
    `Metadata.cdk-data-protection.claims[].expected.${property}`, `the ${property} the claim promises`, undefined, false,
    `the claim records no ${property}; synthesize with a DataProtectionPolicy of this library version`);
}

// ---------------------------------------------------------------------------------------------
// Schedules
// ---------------------------------------------------------------------------------------------

/** How often a schedule expression runs: every day (once, or more often), or less often. */
interface Cadence {
  readonly everyDay: boolean;
  readonly oncePerDay: boolean;
}

const EVERY = ['*', '?', '1/1', '*/1'];
const EVERY_WEEKDAY = [...EVERY, '1-7', 'SUN-SAT', 'MON-SUN'];

/**
 * The cadence of an AWS Backup schedule expression: `cron(minutes hours day-of-month month
 * day-of-week year)` runs every day when its day-of-month, month, day-of-week and year fields
 * all mean "every", and once a day when its minutes and hours are single values; `rate()` is
 * read by its period. Undefined when the expression cannot be read.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/creating-a-backup-plan.html#create-backup-plan-cron
 */
function cadenceOf(expression: unknown): Cadence | undefined {
  if (typeof expression !== 'string') {
    return undefined;
  }
  const cron = /^cron\(\s*(.+?)\s*\)$/.exec(expression.trim());
  if (cron) {
    const fields = cron[1].split(/\s+/);
    if (fields.length < 5 || fields.length > 6) {
      return undefined;
    }
    const [minutes, hours, dayOfMonth, month, dayOfWeek, year = '*'] = fields;
    const everyDay = EVERY.includes(dayOfMonth) && EVERY.includes(month) && EVERY_WEEKDAY.includes(dayOfWeek.toUpperCase()) && EVERY.includes(year);
    return { everyDay, oncePerDay: everyDay && /^\d+$/.test(minutes) && /^\d+$/.test(hours) };
  }
  const rate = /^rate\(\s*(\d+)\s+(minutes?|hours?|days?)\s*\)$/.exec(expression.trim());
  if (rate) {
    const minutes = Number(rate[1]) * ({ minute: 1, hour: 60, day: 1440 } as Record<string, number>)[rate[2].replace(/s$/, '')];
    return { everyDay: minutes > 0 && minutes <= 1440, oncePerDay: minutes === 1440 };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Backup selections
// ---------------------------------------------------------------------------------------------

/** The tag key of a selection condition: `aws:ResourceTag/data-class` or `data-class`. */
function tagKey(conditionKey: unknown): string {
  return String(conditionKey ?? '').replace(/^aws:ResourceTag\//, '');
}

/**
 * Whether the `Conditions` of a backup selection hold for a store's tags: every condition
 * of every operator must (AND).
 */
function conditionsHold(conditions: any, tags: Record<string, unknown>): boolean {
  const each = (operator: string): Array<{ key: string; value: string }> => listOf<any>(conditions?.[operator])
    .map((c) => ({ key: tagKey(c?.ConditionKey), value: String(c?.ConditionValue) }));
  const like = (value: unknown, glob: string) => typeof value === 'string' && globRegExp(glob).test(value);
  return each('StringEquals').every((c) => tags[c.key] === c.value)
    && each('StringNotEquals').every((c) => tags[c.key] !== c.value)
    && each('StringLike').every((c) => like(tags[c.key], c.value))
    && each('StringNotLike').every((c) => !like(tags[c.key], c.value));
}

/** Whether an entry of `Resources` or `NotResources` names the store: by reference in its stack, or by a wildcard ARN of its type. */
function namesStore(entry: unknown, store: ResourceView, sameStack: boolean, storeStack: StackView | undefined): boolean {
  if (sameStack && referencedIds(entry).has(store.logicalId)) {
    return true;
  }
  if (typeof entry !== 'string' || !entry.includes('*')) {
    return false;
  }
  const arn = (ARN_SHAPES[store.type] ?? '').replace('{r}', regionOf(storeStack) ?? ANY).replace('{a}', storeStack?.account ?? ANY).replace('{n}', ANY);
  return arn !== '' && globRegExp(entry).test(arn);
}

/**
 * Whether a backup selection selects a store. AWS Backup selects what `ListOfTags` matches
 * (any of them, `STRINGEQUALS` only) or `Resources` names, everything when neither is given,
 * then keeps what every `Conditions` entry matches and drops what `NotResources` names.
 * A selection selects by tag in its own account and region, so it reaches the stores of the
 * other stacks of that region; by reference only the stores of its own stack.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html
 */
function selects(stacks: StackView[], selection: ResourceView, store: ResourceView): boolean {
  const sameStack = selection.stack === store.stack;
  const storeStack = stackOf(stacks, store);
  const selectionRegion = regionOf(stackOf(stacks, selection));
  if (!sameStack && (selectionRegion === undefined || selectionRegion !== regionOf(storeStack))) {
    return false;
  }
  const body = selection.properties.BackupSelection ?? {};
  const tags = tagsOf(store);
  if (listOf(body.NotResources).some((entry) => namesStore(entry, store, sameStack, storeStack))) {
    return false;
  }
  const listOfTags = listOf<any>(body.ListOfTags);
  const resources = listOf(body.Resources);
  const byTag = listOfTags.some((t) => String(t?.ConditionType ?? 'STRINGEQUALS').toUpperCase() === 'STRINGEQUALS'
    && tags[tagKey(t?.ConditionKey)] === t?.ConditionValue);
  const byResource = resources.some((entry) => namesStore(entry, store, sameStack, storeStack));
  const everything = listOfTags.length === 0 && resources.length === 0;
  return (byTag || byResource || everything) && conditionsHold(body.Conditions, tags);
}

/** The backup plan a selection belongs to (`BackupPlanId` references it), in its stack. */
function planOfSelection(stacks: StackView[], selection: ResourceView): ResourceView | undefined {
  const id = refTarget(selection.properties.BackupPlanId);
  return stackOf(stacks, selection)?.resources.find((r) => r.logicalId === id && r.type === PLAN);
}

/** The selections of the stacks that select a store, each with its plan. */
function selectionsOf(stacks: StackView[], store: ResourceView): Array<{ selection: ResourceView; plan?: ResourceView }> {
  return resourcesOf(stacks, SELECTION)
    .filter((s) => selects(stacks, s, store))
    .map((selection) => ({ selection, plan: planOfSelection(stacks, selection) }));
}

/** A selection in a few words: `BackupInThisStack (data-stores-of-this-stack)`. */
function describeSelection(selection: ResourceView): string {
  const name = selection.properties.BackupSelection?.SelectionName;
  return typeof name === 'string' ? `${selection.logicalId} (${name})` : selection.logicalId;
}

// ---------------------------------------------------------------------------------------------
// Copies
// ---------------------------------------------------------------------------------------------

/** Where a copy action copies to. */
interface Destination {
  /** The region, when the ARN names a literal one. */
  readonly region?: string;
  /** The vault name, when the ARN names a literal one. */
  readonly name?: string;
  /** The ARN as read. */
  readonly text: string;
}

/**
 * The region and vault name of a destination vault ARN
 * (`arn:aws:backup:us-east-2:111122223333:backup-vault:copies`): a literal, an `Fn::Join` or
 * `Fn::Sub` of literal region and name, or a reference to a vault of the plan's own stack.
 */
function destinationOf(stacks: StackView[], plan: ResourceView, value: unknown): Destination {
  const planStack = stackOf(stacks, plan);
  const region = regionOf(planStack);
  const target = refTarget(value);
  const local = target !== undefined ? planStack?.resources.find((r) => r.logicalId === target && r.type === VAULT) : undefined;
  if (local) {
    const name = local.properties.BackupVaultName;
    return { region, name: typeof name === 'string' ? name : undefined, text: `${local.logicalId} (a vault of ${plan.stack}, ${region ?? 'environment-agnostic'})` };
  }
  const text = textOf(value, region);
  // Intrinsics hold colons (`${AWS::AccountId}`): reduce each to a marker before splitting.
  const parts = text.replace(/\$\{[^}]*\}/g, '${?}').split(':');
  if (parts.length < 7 || parts[0] !== 'arn' || parts[2] !== 'backup' || parts[5] !== 'backup-vault') {
    return { text };
  }
  const name = parts.slice(6).join(':');
  return { region: unresolved(parts[3]) ? undefined : parts[3], name: unresolved(name) ? undefined : name, text };
}

/** The vaults of the assembly in a region, with the given name when one is known. */
function vaultsIn(stacks: StackView[], region: string, name: string | undefined): ResourceView[] {
  return resourcesOf(stacks, VAULT)
    .filter((v) => regionOf(stackOf(stacks, v)) === region && (name === undefined || v.properties.BackupVaultName === name));
}

/** The regions of the comma-separated `copyRegions` expectation. */
function copyRegionsOf(expected: ReadonlyMap<string, string>): string[] {
  return (expected.get('copyRegions') ?? '').split(',').map((r) => r.trim()).filter((r) => r !== '');
}

/**
 * Facts that every rule of every plan copies to a vault in each region, and that the vault
 * exists in the assembly (a copy into a vault that does not exist fails).
 */
function copyFacts(stacks: StackView[], assemblyStacks: StackView[], regions: string[]): Fact[] {
  const everything = allStacks(stacks, assemblyStacks);
  return everyResource(stacks, PLAN, `rules that copy to a vault in ${regions.join(', ')}`, (plan) => {
    const rules = rulesOf(plan);
    if (rules.length === 0) {
      return resourceFact(plan, RULES, `rules that copy to a vault in ${regions.join(', ')}`, false, 'the plan has no rule');
    }
    const home = regionOf(stackOf(everything, plan));
    return rules.flatMap((rule, i) => {
      const destinations = listOf<any>(rule.CopyActions).map((a) => destinationOf(everything, plan, a?.DestinationBackupVaultArn));
      const found = joined(destinations.map((d) => d.text));
      const path = `${RULES}.${i}.CopyActions`;
      return regions.map((region) => {
        const expected = `rule ${rule.RuleName ?? i} copies to a vault in ${region}`;
        if (region === home) {
          return fact(plan, path, expected, found, false, `${region} is the region of the plan's own stack: a copy there is not off-site`);
        }
        const destination = destinations.find((d) => d.region === region);
        if (!destination) {
          const unread = destinations.filter((d) => d.region === undefined);
          return fact(plan, path, expected, found, false, unread.length > 0
            ? `the region of ${unread.map((d) => d.text).join(', ')} could not be read: name the vault by a literal ARN`
            : `no copy action names a vault in ${region}`);
        }
        const vaults = vaultsIn(everything, region, destination.name);
        return fact(plan, path, expected, destination.text, vaults.length > 0, vaults.length > 0
          ? `the vault is ${vaults[0].logicalId} of stack ${vaults[0].stack}`
          : `no ${VAULT}${destination.name ? ` named '${destination.name}'` : ''} in a stack of ${region} in the assembly: ` +
            'the copy job fails unless that vault is deployed (OffsiteBackupStack)');
      });
    });
  });
}

/** Whether a plan has a rule that copies to a vault in another region than `home`, and which regions. */
function offsiteRegions(stacks: StackView[], plan: ResourceView, home: string | undefined): string[] {
  const regions = rulesOf(plan).flatMap((rule) => listOf<any>(rule.CopyActions)
    .map((a) => destinationOf(stacks, plan, a?.DestinationBackupVaultArn).region)
    .filter((r): r is string => r !== undefined && home !== undefined && r !== home));
  return [...new Set(regions)];
}

// ---------------------------------------------------------------------------------------------
// RDS
// ---------------------------------------------------------------------------------------------

/** The DB instances of a DB cluster, by `DBClusterIdentifier`, in its stack. */
function instancesOf(stacks: StackView[], cluster: ResourceView): ResourceView[] {
  const identifier = cluster.properties.DBClusterIdentifier;
  return (stackOf(stacks, cluster)?.resources ?? []).filter((r) => r.type === DB_INSTANCE
    && (refTarget(r.properties.DBClusterIdentifier) === cluster.logicalId
      || (typeof identifier === 'string' && String(r.properties.DBClusterIdentifier).toLowerCase() === identifier.toLowerCase())));
}

/** Whether a DB cluster is an Aurora cluster. */
function isAurora(cluster: ResourceView): boolean {
  return String(cluster.properties.Engine ?? '').startsWith('aurora');
}

/**
 * The fact that an RDS database runs in more than one availability zone. A DB instance needs
 * `MultiAZ` true (the default is false). A Multi-AZ DB cluster (`DBClusterInstanceClass`) is
 * three instances in three zones by definition. An Aurora cluster keeps six copies of its
 * storage in three zones whatever its instances (`storage`); its compute survives a zone only
 * with a second instance in another zone: instances naming distinct zones, or a cluster
 * listing at least two `AvailabilityZones` (RDS puts its first three instances in different ones).
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html
 */
function rdsMultiAzFact(stacks: StackView[], db: ResourceView, storage: boolean): Fact {
  if (db.type === DB_INSTANCE) {
    const multiAz = db.properties.MultiAZ;
    return resourceFact(db, 'Properties.MultiAZ', 'true', isTrue(multiAz),
      multiAz === undefined ? 'absent: CloudFormation creates a single-AZ instance' : undefined);
  }
  if (db.properties.DBClusterInstanceClass !== undefined && !isAurora(db)) {
    return resourceFact(db, 'Properties.DBClusterInstanceClass', 'a Multi-AZ DB cluster', true,
      'a Multi-AZ DB cluster runs a writer and two readers in three availability zones');
  }
  if (isAurora(db) && storage) {
    return resourceFact(db, 'Properties.Engine', 'storage replicated across availability zones', true,
      'Aurora keeps six copies of the cluster volume across three availability zones');
  }
  const instances = instancesOf(stacks, db);
  const zones = instances.map((i) => i.properties.AvailabilityZone);
  const clusterZones = listOf(db.properties.AvailabilityZones).filter((z) => typeof z === 'string');
  const distinctNamed = zones.every((z) => typeof z === 'string') && new Set(zones).size >= 2;
  const satisfied = instances.length >= 2 && (distinctNamed || new Set(clusterZones).size >= 2);
  return fact(db, 'Resources[Type=AWS::RDS::DBInstance].DBClusterIdentifier', 'instances in at least 2 availability zones',
    instances.length > 0 ? instances.map((i) => `${i.logicalId} (${show(i.properties.AvailabilityZone)})`).join(', ') : undefined, satisfied,
    satisfied ? undefined : instances.length < 2
      ? 'a cluster with fewer than two instances has no replica to fail over to in another zone'
      : 'the instances name no distinct zones and the cluster lists fewer than two AvailabilityZones: RDS may place them in one zone');
}

/** Facts that every RDS database keeps automated backups: `BackupRetentionPeriod` against `check`. */
function rdsRetentionFacts(stacks: StackView[], expected: string, check: (days: number) => boolean, absentNote: (ok: boolean) => string): Fact[] {
  return resourcesOf(stacks, DB_INSTANCE, DB_CLUSTER).filter((r) => !inCluster(r)).map((db) => {
    const value = db.properties.BackupRetentionPeriod;
    if (value === undefined) {
      return resourceFact(db, 'Properties.BackupRetentionPeriod', expected, check(1), absentNote(check(1)));
    }
    const days = numberOf(value);
    return resourceFact(db, 'Properties.BackupRetentionPeriod', expected, days !== undefined && check(days),
      days === undefined ? 'not a literal number of days' : days === 0 ? '0 turns automated backups off' : undefined);
  });
}

// ---------------------------------------------------------------------------------------------
// Verifiers
// ---------------------------------------------------------------------------------------------

/**
 * S0-01, S1-08: customer data stores are backed up automatically every day.
 *
 * - every RDS DB instance and DB cluster keeps automated backups, which RDS takes daily:
 *   `BackupRetentionPeriod` > 0 (absent, CloudFormation's default is 1 day, which keeps them);
 * - at least one AWS Backup plan rule runs every day (a cron whose day-of-month, month and
 *   day-of-week are all "every", or more often), with exactly the expected `dailyBackup`
 *   expression when the claim records one;
 * - a backup selection assigns resources to that plan (a plan without one backs up nothing);
 * - every other data store tagged with a customer data class (not `internal`) is selected by
 *   a selection of such a plan (RDS is covered by its automated backups); a selected bucket is
 *   versioned, since AWS Backup backs up only versioned buckets.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbinstance.html#cfn-rds-dbinstance-backupretentionperiod
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html
 */
const dailyBackups: Verifier = ({ stacks, expected }) => {
  const wanted = expected.get('dailyBackup');
  const facts = rdsRetentionFacts(stacks, '> 0', (days) => days > 0,
    () => 'absent: CloudFormation keeps automated backups 1 day by default, taken daily');
  const plans = resourcesOf(stacks, PLAN);
  if (plans.length === 0) {
    return [...facts, noResource(stacks, PLAN, wanted ?? 'a rule scheduled every day')];
  }
  const isDaily = (rule: Record<string, any>) => cadenceOf(rule.ScheduleExpression)?.everyDay === true
    && (wanted === undefined || rule.ScheduleExpression === wanted);
  const dailyPlans = plans.filter((p) => rulesOf(p).some(isDaily));
  if (dailyPlans.length === 0) {
    return [...facts, ...plans.map((p) => fact(p, RULES, wanted ?? 'a rule scheduled every day', joined(rulesOf(p).map(describeRule)), false,
      wanted ? `no rule is scheduled ${wanted}` : 'no rule runs every day'))];
  }
  for (const plan of dailyPlans) {
    rulesOf(plan).forEach((rule, i) => {
      if (isDaily(rule)) {
        facts.push(resourceFact(plan, `${RULES}.${i}.ScheduleExpression`, wanted ?? 'every day', true));
      }
    });
    const selections = resourcesOf(stacks, SELECTION).filter((s) => planOfSelection(stacks, s) === plan);
    facts.push(fact(plan, 'Resources[Type=AWS::Backup::BackupSelection].BackupPlanId', 'a backup selection of this plan',
      joined(selections.map(describeSelection)), selections.length > 0, selections.length > 0 ? undefined : 'a plan without a selection backs up nothing'));
  }
  const customerStores = dataStores(stacks).filter((s) => s.type !== DB_INSTANCE && s.type !== DB_CLUSTER)
    .filter((s) => dataClassOf(s) !== undefined && dataClassOf(s) !== INTERNAL_CLASS);
  for (const store of customerStores) {
    const daily = selectionsOf(stacks, store).filter((s) => s.plan !== undefined && dailyPlans.includes(s.plan));
    facts.push(fact(store, `Properties.Tags.${DATA_CLASS_TAG}`, `${dataClassOf(store)} store selected by a daily backup plan`,
      joined(daily.map((s) => `${describeSelection(s.selection)} of ${s.plan!.logicalId}`)), daily.length > 0,
      daily.length > 0 ? undefined : 'no backup selection of a daily plan selects it, by reference or by tag'));
    if (store.type === BUCKET && daily.length > 0) {
      const versioned = store.properties.VersioningConfiguration?.Status === 'Enabled';
      facts.push(resourceFact(store, 'Properties.VersioningConfiguration.Status', 'Enabled', versioned,
        versioned ? undefined : 'AWS Backup backs up only buckets with versioning enabled: the backup jobs of this bucket fail'));
    }
  }
  return facts;
};

/**
 * S0-02, S1-09: daily backups are kept exactly the promised number of days (`backupRetentionDays`).
 *
 * - every RDS DB instance and DB cluster has `BackupRetentionPeriod` equal to it (absent is
 *   CloudFormation's default, 1 day);
 * - every backup plan's daily rule (one run a day, every day) has `Lifecycle.DeleteAfterDays`
 *   equal to it: absent, recovery points are kept forever.
 *
 * Exact: 7 or 30 days under a 14-day promise both fail (shorter breaks the promise, longer
 * keeps data beyond what the page says).
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Lifecycle.html
 */
const backupRetention: Verifier = ({ stacks, expected }) => {
  const wanted = numberOf(expected.get('backupRetentionDays'));
  if (wanted === undefined) {
    return [missingExpectation(stacks, 'backupRetentionDays')];
  }
  const facts = rdsRetentionFacts(stacks, String(wanted), (days) => days === wanted,
    (ok) => `absent: CloudFormation's default is 1 day${ok ? '' : `, not ${wanted}`}`);
  return facts.concat(everyResource(stacks, PLAN, String(wanted), (plan) => {
    const daily = rulesOf(plan).map((rule, i) => ({ rule, i })).filter(({ rule }) => cadenceOf(rule.ScheduleExpression)?.oncePerDay === true);
    if (daily.length === 0) {
      return fact(plan, RULES, `a daily rule kept ${wanted} days`, joined(rulesOf(plan).map(describeRule)), false, 'no rule runs once every day');
    }
    return daily.flatMap(({ rule, i }) => {
      const days = rule.Lifecycle?.DeleteAfterDays;
      // The off-site copies of the daily backups are daily backups too: each keeps its own lifecycle.
      const copies = listOf<any>(rule.CopyActions).map((copy, j) => {
        const copyDays = copy?.Lifecycle?.DeleteAfterDays;
        return resourceFact(plan, `${RULES}.${i}.CopyActions.${j}.Lifecycle.DeleteAfterDays`, String(wanted), numberOf(copyDays) === wanted,
          copyDays === undefined ? 'absent: AWS Backup keeps the copies forever' : undefined);
      });
      return [resourceFact(plan, `${RULES}.${i}.Lifecycle.DeleteAfterDays`, String(wanted), numberOf(days) === wanted,
        days === undefined ? 'absent: AWS Backup keeps the recovery points forever' : undefined), ...copies];
    });
  }));
};

/** How often a schedule expression runs a backup: once an hour, a day, a week or a month; undefined for anything else. */
export function periodOf(expression: unknown): 'hour' | 'day' | 'week' | 'month' | undefined {
  if (typeof expression !== 'string') {
    return undefined;
  }
  const rate = /^rate\(\s*(\d+)\s+(minutes?|hours?|days?)\s*\)$/.exec(expression.trim());
  if (rate) {
    const minutes = Number(rate[1]) * ({ minute: 1, hour: 60, day: 1440 } as Record<string, number>)[rate[2].replace(/s$/, '')];
    return ({ 60: 'hour', 1440: 'day', 10080: 'week' } as Record<number, 'hour' | 'day' | 'week'>)[minutes];
  }
  const cron = /^cron\(\s*(.+?)\s*\)$/.exec(expression.trim());
  const fields = cron?.[1].split(/\s+/) ?? [];
  if (fields.length < 5 || fields.length > 6) {
    return undefined;
  }
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year = '*'] = fields;
  const one = (f: string) => /^\d+$/.test(f);
  if (!one(minutes) || !EVERY.includes(month) || !EVERY.includes(year)) {
    return undefined;
  }
  const everyDayOfWeek = EVERY_WEEKDAY.includes(dayOfWeek.toUpperCase());
  if (EVERY.includes(hours) && EVERY.includes(dayOfMonth) && everyDayOfWeek) {
    return 'hour';
  }
  if (!one(hours)) {
    return undefined;
  }
  if (EVERY.includes(dayOfMonth) && everyDayOfWeek) {
    return 'day';
  }
  if (dayOfMonth === '?' && /^([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)$/i.test(dayOfWeek)) {
    return 'week';
  }
  if ((one(dayOfMonth) && Number(dayOfMonth) >= 1 && Number(dayOfMonth) <= 28 || dayOfMonth === 'L') && dayOfWeek === '?') {
    return 'month';
  }
  return undefined;
}

/**
 * The tiers S4-06 promises, derived from its sentence ("hourly (kept 2 days), daily (kept 7
 * days), weekly (kept 4 weeks) and monthly (kept 12 months)"), never from the metadata the
 * report reads: a tier's rule must run once every period and keep its backups that many days.
 */
const GFS_PROMISE: Array<{ name: string; period: 'hour' | 'day' | 'week' | 'month'; days: number }> = [
  { name: 'Hourly', period: 'hour', days: 2 },
  { name: 'Daily', period: 'day', days: 7 },
  { name: 'Weekly', period: 'week', days: 28 },
  { name: 'Monthly', period: 'month', days: 365 },
];

/**
 * S4-06: the plans keep the promised tiers, each with its schedule and retention. The claim
 * records `backupRule.<Name>` = `<schedule expression> <days>` per tier (`backupRule.Hourly`
 * = `cron(0 * * * ? *) 2`). Every backup plan has, per tier, a rule on exactly that schedule
 * (the one of that name when several share it) whose `Lifecycle.DeleteAfterDays` is exactly
 * the days. Under S4-06 the recorded tiers must also be the promise's own (`GFS_PROMISE`):
 * each runs once an hour, a day, a week or a month (read from its expression: a "Daily" tier
 * on an hourly or weekly schedule fails) and keeps 2, 7, 28 or 365 days.
 */
const backupRules: Verifier = ({ stacks, expected, claim }) => {
  const tiers = [...expected.entries()].filter(([key]) => key.startsWith('backupRule.')).map(([key, value]) => {
    const at = value.trim().lastIndexOf(' ');
    return { name: key.slice('backupRule.'.length), schedule: value.trim().slice(0, at), days: numberOf(value.trim().slice(at + 1)) };
  });
  if (tiers.length === 0) {
    return [missingExpectation(stacks, 'backupRule.<Name>')];
  }
  const promised: Fact[] = claim.id !== 'S4-06' ? [] : GFS_PROMISE.map((p) => {
    const tier = tiers.find((t) => t.name === p.name);
    const period = periodOf(tier?.schedule);
    const problems = [
      tier === undefined ? `the claim records no ${p.name} tier` : undefined,
      tier !== undefined && period !== p.period ? `${tier.schedule} runs ${period ? `once a ${period}` : 'on no single period'}, not once a ${p.period}` : undefined,
      tier !== undefined && tier.days !== p.days ? `kept ${tier.days} days, not ${p.days}` : undefined,
    ].filter((x) => x !== undefined);
    return fact({ stack: stacks.map((s) => s.id).join(', ') }, `Metadata.cdk-data-protection.claims[S4-06].expected.backupRule.${p.name}`,
      `once a ${p.period}, kept ${p.days} days (the promise)`, tier ? `${tier.schedule} ${tier.days}` : undefined, problems.length === 0,
      problems.length > 0 ? problems.join('; ') : undefined);
  });
  return [...promised, ...everyResource(stacks, PLAN, tiers.map((t) => `${t.name} ${t.schedule} kept ${t.days} days`).join(', '), (plan) => {
    const rules = rulesOf(plan).map((rule, i) => ({ rule, i }));
    return tiers.map((tier) => {
      const sameSchedule = rules.filter(({ rule }) => rule.ScheduleExpression === tier.schedule);
      const match = sameSchedule.find(({ rule }) => rule.RuleName === tier.name) ?? sameSchedule[0];
      if (!match) {
        const named = rules.find(({ rule }) => rule.RuleName === tier.name);
        return named
          ? resourceFact(plan, `${RULES}.${named.i}.ScheduleExpression`, tier.schedule, false, `rule ${tier.name} runs on another schedule`)
          : fact(plan, RULES, `a rule ${tier.name} on ${tier.schedule}`, joined(rules.map(({ rule }) => describeRule(rule))), false,
            `no rule runs on ${tier.schedule}`);
      }
      const days = match.rule.Lifecycle?.DeleteAfterDays;
      const named = match.rule.RuleName === tier.name;
      return resourceFact(plan, `${RULES}.${match.i}.Lifecycle.DeleteAfterDays`, String(tier.days), tier.days !== undefined && numberOf(days) === tier.days,
        days === undefined ? 'absent: AWS Backup keeps the recovery points forever'
          : named ? undefined : `the rule on ${tier.schedule} is named ${show(match.rule.RuleName)}, not ${tier.name}`);
    });
  })];
};

/**
 * S1-08, S2-11: backups are copied off-site to every region of `copyRegions`. Every rule of
 * every backup plan has a copy action whose `DestinationBackupVaultArn` is in each region (the
 * region read from a literal ARN, an `Fn::Join` or `Fn::Sub` of literal parts, or a vault of
 * the plan's own stack), and a backup vault of that name exists in a stack of that region in
 * the assembly (`OffsiteBackupStack`s record no claims, so they are read from the whole
 * assembly). A destination the assembly does not hold is unsatisfied: the copy would fail.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/cross-region-backup.html
 */
const offsiteCopies: Verifier = ({ stacks, assembly, expected }) => {
  const regions = copyRegionsOf(expected);
  if (regions.length === 0) {
    return [missingExpectation(stacks, 'copyRegions')];
  }
  return copyFacts(stacks, assembly.stacks, regions);
};

/**
 * S1-10, S2-13: restores from backup are tested on the promised schedule.
 *
 * - an AWS Backup restore testing plan has `ScheduleExpression` equal to the expected
 *   `restoreTestingSchedule` (`cron(0 9 * * ? *)` for daily);
 * - it tests the recovery points of every vault the backup plans write to
 *   (`RecoveryPointSelection.IncludeVaults` names each, or `*`);
 * - its restore testing selections (`RestoreTestingPlanName`) cover every resource type the
 *   backup selections protect: a selection of that `ProtectedResourceType` whose
 *   `ProtectedResourceArns` are `*` or name every such store.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing.html
 */
const restoreTesting: Verifier = ({ stacks, expected }) => {
  const wanted = expected.get('restoreTestingSchedule');
  if (wanted === undefined) {
    return [missingExpectation(stacks, 'restoreTestingSchedule')];
  }
  const plans = resourcesOf(stacks, RESTORE_PLAN);
  if (plans.length === 0) {
    return [noResource(stacks, RESTORE_PLAN, wanted)];
  }
  // Restore tests restore recovery points: without a backup plan there is nothing to test.
  if (resourcesOf(stacks, PLAN).length === 0) {
    return [noResource(stacks, PLAN, 'a backup plan whose recovery points the restore tests restore')];
  }
  const onSchedule = plans.filter((p) => p.properties.ScheduleExpression === wanted);
  if (onSchedule.length === 0) {
    return plans.map((p) => resourceFact(p, 'Properties.ScheduleExpression', wanted, false));
  }
  const facts: Fact[] = onSchedule.map((p) => resourceFact(p, 'Properties.ScheduleExpression', wanted, true));
  const testingSelections = resourcesOf(stacks, RESTORE_SELECTION).filter((s) => onSchedule.some((p) => p.stack === s.stack && (
    refTarget(s.properties.RestoreTestingPlanName) === p.logicalId
    || (typeof s.properties.RestoreTestingPlanName === 'string' && s.properties.RestoreTestingPlanName === p.properties.RestoreTestingPlanName))));

  // The vaults the backup plans write to must be the ones the restore tests read.
  for (const plan of resourcesOf(stacks, PLAN)) {
    const targets = [...new Set(rulesOf(plan).map((r) => JSON.stringify(r.TargetBackupVault)))].map((t) => JSON.parse(t ?? 'null'));
    for (const target of targets) {
      const vaultId = refTarget(target)
        ?? resourcesOf(stacks, VAULT).find((v) => v.stack === plan.stack && v.properties.BackupVaultName === target)?.logicalId;
      const reading = onSchedule.filter((p) => {
        const include = listOf(p.properties.RecoveryPointSelection?.IncludeVaults);
        const exclude = listOf(p.properties.RecoveryPointSelection?.ExcludeVaults);
        const names = (entry: unknown) => entry === '*' || (p.stack === plan.stack && vaultId !== undefined && referencedIds(entry).has(vaultId))
          || (typeof target === 'string' && typeof entry === 'string' && entry.endsWith(`:backup-vault:${target}`));
        return include.some(names) && !exclude.some(names);
      });
      facts.push(fact(plan, `${RULES}[].TargetBackupVault`, 'a vault the restore tests read (IncludeVaults)',
        `${vaultId ?? show(target)} read by ${reading.length > 0 ? reading.map((p) => p.logicalId).join(', ') : '(no restore testing plan on schedule)'}`,
        reading.length > 0, reading.length > 0 ? undefined : 'the restore tests never restore the recovery points of this vault'));
    }
  }

  // Every type the backup selections protect has a restore testing selection.
  const protectedStores = dataStores(stacks).filter((s) => selectionsOf(stacks, s).length > 0);
  const types = [...new Set(protectedStores.map(restoreTypeOf))];
  const where = onSchedule[0];
  if (types.length === 0) {
    facts.push(fact(where, 'Resources[Type=AWS::Backup::RestoreTestingSelection]', 'a restore testing selection',
      joined(testingSelections.map((s) => `${s.logicalId} (${show(s.properties.ProtectedResourceType)})`)), testingSelections.length > 0,
      'no data store of the templates is selected by a backup selection; the restore tests cover the types listed'));
  }
  for (const type of types) {
    const stores = protectedStores.filter((s) => restoreTypeOf(s) === type);
    const covering = testingSelections.filter((sel) => sel.properties.ProtectedResourceType === type && stores.every((store) => {
      const arns = listOf(sel.properties.ProtectedResourceArns);
      const named = arns.length === 0 || arns.includes('*') || (sel.stack === store.stack && arns.some((a) => referencedIds(a).has(store.logicalId)));
      return named && restoreConditionsHold(sel.properties.ProtectedResourceConditions, tagsOf(store));
    }));
    facts.push(fact(where, 'Resources[Type=AWS::Backup::RestoreTestingSelection].ProtectedResourceType', `a restore testing selection for ${type}`,
      joined(covering.map((s) => s.logicalId)), covering.length > 0, covering.length > 0 ? undefined
        : `the backup selections protect ${stores.map((s) => s.logicalId).join(', ')} (${type}), which no restore testing selection covers`));
  }
  return facts;
};

/** The restore-testing `ProtectedResourceType` of a store. */
function restoreTypeOf(store: ResourceView): string {
  return store.type === DB_CLUSTER && isAurora(store) ? 'Aurora' : STORE_TYPES[store.type];
}

/** Whether the `ProtectedResourceConditions` of a restore testing selection hold for a store's tags. */
function restoreConditionsHold(conditions: any, tags: Record<string, unknown>): boolean {
  const each = (operator: string) => listOf<any>(conditions?.[operator]).map((c) => ({ key: tagKey(c?.Key), value: String(c?.Value) }));
  return each('StringEquals').every((c) => tags[c.key] === c.value) && each('StringNotEquals').every((c) => tags[c.key] !== c.value);
}

/** The job kinds whose failures must reach people, with the vault events and EventBridge detail types that report them. */
const JOB_KINDS = [
  { kind: 'backup', vaultEvents: ['BACKUP_JOB_COMPLETED'], detailType: 'Backup Job State Change' },
  { kind: 'copy', vaultEvents: ['COPY_JOB_FAILED'], detailType: 'Copy Job State Change' },
  { kind: 'restore', vaultEvents: ['RESTORE_JOB_COMPLETED'], detailType: 'Restore Job State Change' },
];

/** Vault events AWS Backup no longer sends: subscribing to them alerts nobody. */
const DEPRECATED_VAULT_EVENTS = ['BACKUP_JOB_FAILED', 'BACKUP_JOB_SUCCESSFUL', 'BACKUP_JOB_EXPIRED', 'RESTORE_JOB_FAILED', 'RESTORE_JOB_SUCCESSFUL'];

/** Whether a value names an SNS topic: a topic of the stack by reference, or a literal or joined SNS ARN. */
function isTopic(stack: StackView | undefined, value: unknown): boolean {
  const target = refTarget(value);
  if (target !== undefined) {
    return stack?.resources.some((r) => r.logicalId === target && r.type === SNS_TOPIC) === true;
  }
  return /^arn:[^:]+:sns:/.test(textOf(value, regionOf(stack)).replace(/\$\{[^}]*\}/g, '${?}'));
}

/**
 * The EventBridge rules of a region that send failed jobs of a kind to SNS: enabled, on source
 * `aws.backup`, matching the kind's detail type (or all) and the `FAILED` state (or all), with
 * an SNS topic among the targets. Returns each rule with the states it matches.
 */
function failedJobRules(stacks: StackView[], region: string | undefined, stackId: string, detailType: string, vaultName: unknown) {
  return resourcesOf(stacks, EVENT_RULE).filter((rule) => {
    const stack = stackOf(stacks, rule);
    if (rule.stack !== stackId && (region === undefined || regionOf(stack) !== region)) {
      return false;
    }
    const pattern = typeof rule.properties.EventPattern === 'string' ? safeJson(rule.properties.EventPattern) : rule.properties.EventPattern;
    const states = listOf(pattern?.detail?.state);
    const types = listOf(pattern?.['detail-type']);
    const vaults = listOf(pattern?.detail?.backupVaultName);
    return (rule.properties.State ?? 'ENABLED') === 'ENABLED'
      && listOf(pattern?.source).includes('aws.backup')
      && (types.length === 0 || types.includes(detailType))
      && (states.length === 0 || states.includes('FAILED'))
      && (vaults.length === 0 || (typeof vaultName === 'string' && vaults.includes(vaultName)))
      && listOf<any>(rule.properties.Targets).some((t) => isTopic(stack, t?.Arn));
  }).map((rule) => {
    const pattern = typeof rule.properties.EventPattern === 'string' ? safeJson(rule.properties.EventPattern) : rule.properties.EventPattern;
    const states = listOf(pattern?.detail?.state);
    return `rule ${rule.logicalId} (${states.length > 0 ? states.join(', ') : 'every state'})`;
  });
}

function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * S2-12: operations are alerted when backup, copy or restore jobs fail. For every vault the
 * backup plans write to, and each kind of job, either
 * - the vault's `Notifications` send the kind's events to an SNS topic (`COPY_JOB_FAILED`;
 *   `BACKUP_JOB_COMPLETED` and `RESTORE_JOB_COMPLETED`, which report failed jobs among the
 *   completed ones: AWS Backup no longer sends `BACKUP_JOB_FAILED` or `RESTORE_JOB_FAILED`), or
 * - an enabled EventBridge rule of the region on source `aws.backup`, the kind's
 *   `... Job State Change` detail type and the `FAILED` state targets an SNS topic.
 * The facts name the events found.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-notifications.html
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html
 */
const backupFailureAlerts: Verifier = ({ stacks }) => everyResource(stacks, PLAN, 'failed jobs reported to SNS', (plan) => {
  const stack = stackOf(stacks, plan);
  const targets = [...new Set(rulesOf(plan).map((r) => JSON.stringify(r.TargetBackupVault ?? null)))].map((t) => JSON.parse(t));
  return targets.flatMap((target) => {
    const vault = stack?.resources.find((r) => r.type === VAULT && (r.logicalId === refTarget(target) || (typeof target === 'string' && r.properties.BackupVaultName === target)));
    const vaultName = vault ? vault.properties.BackupVaultName : target;
    const notifications = vault?.properties.Notifications;
    const events = listOf<string>(notifications?.BackupVaultEvents).filter((e) => typeof e === 'string');
    const notifiesTopic = notifications !== undefined && isTopic(stack, notifications.SNSTopicArn);
    const where = vault ?? plan;
    const path = vault ? 'Properties.Notifications.BackupVaultEvents' : `${RULES}[].TargetBackupVault`;
    return JOB_KINDS.map(({ kind, vaultEvents, detailType }) => {
      const viaVault = notifiesTopic ? events.filter((e) => vaultEvents.includes(e)) : [];
      const viaRules = failedJobRules(stacks, regionOf(stack), plan.stack, detailType, vaultName);
      const found = [...viaVault.map((e) => `vault notification ${e}`), ...viaRules];
      const deprecated = events.filter((e) => DEPRECATED_VAULT_EVENTS.includes(e));
      return fact(where, path, `failed ${kind} jobs of vault ${show(vaultName)} reported to SNS`, joined(found), found.length > 0,
        found.length > 0 ? undefined : [
          vault ? `the vault notifies ${events.length > 0 ? events.join(', ') : 'nothing'}` : `the vault ${show(target)} is not in the template`,
          deprecated.length > 0 ? `${deprecated.join(', ')} ${deprecated.length > 1 ? 'are' : 'is'} no longer sent by AWS Backup` : '',
          `and no enabled EventBridge rule on aws.backup '${detailType}' FAILED targets an SNS topic`,
        ].filter((s) => s !== '').join('; '));
    });
  });
});

/** The storage classes a bucket's enabled lifecycle rules transition objects to. */
function transitionClasses(bucket: ResourceView): string[] {
  const rules = listOf<any>(bucket.properties.LifecycleConfiguration?.Rules).filter((r) => r?.Status !== 'Disabled');
  const classes = rules.flatMap((r) => [
    ...listOf<any>(r.Transitions), ...listOf<any>(r.Transition),
    ...listOf<any>(r.NoncurrentVersionTransitions), ...listOf<any>(r.NoncurrentVersionTransition),
  ].map((t) => t?.StorageClass).filter((c) => typeof c === 'string'));
  return [...new Set(classes)];
}

/**
 * S2-06: storage is protected from hardware failure.
 *
 * - every RDS DB instance has `MultiAZ` true: a synchronous standby in another zone (a DB
 *   cluster: a Multi-AZ DB cluster, or Aurora, whose volume keeps six copies in three zones);
 * - every S3 bucket keeps its objects in S3 Standard-class storage, which S3 stores across at
 *   least three availability zones, unless a lifecycle rule moves objects to ONEZONE_IA, which
 *   keeps them in one zone only.
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZSingleStandby.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/DataDurability.html
 */
const multiAzStorage: Verifier = ({ stacks }) => {
  const databases = resourcesOf(stacks, DB_INSTANCE, DB_CLUSTER).filter((r) => !inCluster(r));
  const buckets = resourcesOf(stacks, BUCKET);
  if (databases.length === 0 && buckets.length === 0) {
    return [noResource(stacks, `${DB_INSTANCE} or ${BUCKET}`, 'storage in more than one availability zone')];
  }
  return [
    ...databases.map((db) => rdsMultiAzFact(stacks, db, true)),
    ...buckets.map((bucket) => {
      const classes = transitionClasses(bucket);
      const oneZone = classes.includes('ONEZONE_IA');
      return fact(bucket, 'Properties.LifecycleConfiguration.Rules[].Transitions[].StorageClass', 'no transition to ONEZONE_IA',
        classes.length > 0 ? classes.join(', ') : '(no transition)', !oneZone, oneZone
          ? 'S3 One Zone-IA keeps objects in a single availability zone: they are lost with it'
          : 'S3 stores objects of the other storage classes across at least three availability zones');
    }),
  ];
};

/** How a subnet names its zone: a literal, a zone id, or the n-th zone of `Fn::GetAZs`. */
function zoneOf(subnet: ResourceView): string | undefined {
  const az = subnet.properties.AvailabilityZone;
  if (typeof az === 'string') {
    return az;
  }
  const select = az?.['Fn::Select'];
  if (Array.isArray(select) && select[1] && typeof select[1] === 'object' && 'Fn::GetAZs' in select[1] && numberOf(select[0]) !== undefined) {
    return `Fn::GetAZs[${numberOf(select[0])}]`;
  }
  const id = subnet.properties.AvailabilityZoneId;
  return typeof id === 'string' ? id : undefined;
}

/**
 * S2-10: the service tolerates the loss of a server or a data centre (availability zone).
 *
 * - the subnets of every VPC are in at least two distinct availability zones: literal zone
 *   names or ids, or distinct indexes of `Fn::Select` over `Fn::GetAZs` (distinct zones of the
 *   region);
 * - every RDS database runs in more than one zone: DB instances with `MultiAZ` true, DB clusters
 *   Multi-AZ by type or with instances in two zones.
 *
 * @see https://docs.aws.amazon.com/whitepapers/latest/real-time-communication-on-aws/high-availability-and-scalability-on-aws.html
 */
const multiAz: Verifier = ({ stacks }) => {
  const vpcs = resourcesOf(stacks, 'AWS::EC2::VPC');
  const databases = resourcesOf(stacks, DB_INSTANCE, DB_CLUSTER).filter((r) => !inCluster(r));
  if (vpcs.length === 0 && databases.length === 0) {
    return [noResource(stacks, 'AWS::EC2::VPC', 'subnets in at least 2 availability zones')];
  }
  const facts = vpcs.map((vpc) => {
    const subnets = (stackOf(stacks, vpc)?.resources ?? []).filter((r) => r.type === 'AWS::EC2::Subnet' && refTarget(r.properties.VpcId) === vpc.logicalId);
    const zones = subnets.map(zoneOf);
    const unread = subnets.filter((_, i) => zones[i] === undefined);
    const distinct = [...new Set(zones.filter((z): z is string => z !== undefined))];
    return fact(vpc, 'Resources[Type=AWS::EC2::Subnet].AvailabilityZone', 'subnets in at least 2 availability zones',
      subnets.length > 0 ? distinct.join(', ') || '(unread)' : undefined, distinct.length >= 2,
      subnets.length === 0 ? 'the VPC has no subnet in the template'
        : unread.length > 0 ? `the zone of ${unread.map((s) => s.logicalId).join(', ')} could not be read` : undefined);
  });
  return [...facts, ...databases.map((db) => rdsMultiAzFact(stacks, db, false))];
};

/**
 * S2-11: data is stored redundantly at several locations. Every data store tagged with a data
 * class other than `internal` is either replicated (S3 `ReplicationConfiguration` with an
 * enabled rule for every object, to a bucket of the assembly in another region; a DynamoDB
 * global table with replicas in two regions) or selected by a backup
 * selection (by reference, wildcard ARN or tag, as AWS Backup selects) of a plan with a rule
 * that copies to a vault in another region; plus the `offsite-copies` facts for the expected
 * `copyRegions`. Untagged stores are left to `data-classified`.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication.html
 */
const redundantCopies: Verifier = (input) => {
  const { stacks } = input;
  const stores = dataStores(stacks).filter((s) => dataClassOf(s) !== undefined && dataClassOf(s) !== INTERNAL_CLASS);
  const everything = allStacks(stacks, input.assembly.stacks);
  const facts = stores.map((store) => {
    const home = regionOf(stackOf(stacks, store));
    const replication = replicationOf(everything, store, home);
    if (replication?.satisfied) {
      return fact(store, replication.path, 'replicated or backed up to another region', replication.found, true);
    }
    const copied = selectionsOf(stacks, store)
      .map((s) => ({ ...s, regions: s.plan ? offsiteRegions(everything, s.plan, home) : [] }))
      .filter((s) => s.regions.length > 0);
    if (copied.length === 0 && replication) {
      // The replication is what the store has: show it, and why it does not count.
      return fact(store, replication.path, 'replicated or backed up to another region', replication.found, false,
        `${replication.note}; and no backup selection of a plan that copies to another region selects it`);
    }
    return fact(store, `Properties.Tags.${DATA_CLASS_TAG}`, `${dataClassOf(store)} store replicated or backed up to another region`,
      joined(copied.map((s) => `${describeSelection(s.selection)} of ${s.plan!.logicalId}, copied to ${s.regions.join(', ')}`)), copied.length > 0,
      copied.length > 0 ? undefined : home === undefined
        ? 'the stack names no region, so no copy can be shown to be in another one'
        : 'not replicated, and no backup selection of a plan that copies to another region selects it');
  });
  return [...facts, ...offsiteCopies(input)];
};

/** How a store replicates itself to another location, and whether that location is shown to be in another region. */
interface Replication {
  readonly path: string;
  readonly found: string;
  readonly satisfied: boolean;
  readonly note?: string;
}

/**
 * How a store replicates itself, when it does. An S3 rule counts when it is enabled, copies
 * every object (no prefix or tag filter) and its destination is a bucket of the assembly, named
 * by its literal name, in a stack of another region than `home`: an ARN of S3 holds no region,
 * so a bucket outside the assembly cannot be shown to be elsewhere. A DynamoDB global table
 * counts with replicas in two regions.
 */
function replicationOf(everything: StackView[], store: ResourceView, home: string | undefined): Replication | undefined {
  if (store.type === BUCKET) {
    const path = 'Properties.ReplicationConfiguration.Rules';
    const rules = listOf<any>(store.properties.ReplicationConfiguration?.Rules)
      .filter((r) => r?.Status === 'Enabled' && r?.Destination?.Bucket !== undefined);
    if (rules.length === 0) {
      return undefined;
    }
    const destinations = rules.map((r) => ({ rule: r, text: textOf(r.Destination.Bucket, home), partial: partialFilter(r) }));
    const found = `replicated to ${destinations.map((d) => d.text + (d.partial ? ` (only objects ${d.partial})` : '')).join(', ')}`;
    const whole = destinations.filter((d) => d.partial === undefined);
    if (whole.length === 0) {
      return { path, found, satisfied: false, note: 'every enabled rule replicates only part of the bucket' };
    }
    const located = whole.map((d) => ({ ...d, region: bucketRegion(everything, d.text) }));
    const elsewhere = located.find((d) => d.region !== undefined && home !== undefined && d.region !== home);
    if (elsewhere) {
      return { path, found: `replicated to ${elsewhere.text} (in ${elsewhere.region})`, satisfied: true };
    }
    const same = located.find((d) => d.region !== undefined && d.region === home);
    return {
      path,
      found,
      satisfied: false,
      note: same
        ? `the destination ${same.text} is in ${same.region}, the region of the bucket itself`
        : home === undefined
          ? 'the stack names no region, so no replica can be shown to be in another one'
          : 'no destination is a bucket of this cloud assembly with a literal name, so its region cannot be shown (an S3 ARN holds none)',
    };
  }
  if (store.type === 'AWS::DynamoDB::GlobalTable') {
    const regions = [...new Set(listOf<any>(store.properties.Replicas).map((r) => r?.Region).filter((r) => typeof r === 'string'))];
    return regions.length >= 2 ? { path: 'Properties.Replicas', found: `replicas in ${regions.join(', ')}`, satisfied: true } : undefined;
  }
  return undefined;
}

/** Which objects an S3 replication rule is limited to (`under 'logs/'`), or undefined when it copies them all. */
function partialFilter(rule: Record<string, any>): string | undefined {
  const filter = rule.Filter ?? {};
  const prefix = [rule.Prefix, filter.Prefix, filter.And?.Prefix].find((p) => p !== undefined && p !== '');
  const tags = [...listOf<any>(filter.TagFilter), ...listOf<any>(filter.And?.TagFilters)];
  const limits = [
    ...(prefix !== undefined ? [`under '${show(prefix)}'`] : []),
    ...tags.map((t) => `tagged ${show(t?.Key)}=${show(t?.Value)}`),
  ];
  return limits.length > 0 ? limits.join(' and ') : undefined;
}

/** The region of the stack that holds the bucket an S3 ARN text (`arn:${AWS::Partition}:s3:::name`) names, when it is in the assembly. */
function bucketRegion(everything: StackView[], arn: string): string | undefined {
  // Intrinsics hold colons (`${AWS::Partition}`): reduce each to a marker before matching.
  const match = /^arn:[^:]*:s3:::([^/]+)$/.exec(arn.replace(/\$\{[^}]*\}/g, '${?}'));
  if (!match || unresolved(match[1])) {
    return undefined;
  }
  const bucket = resourcesOf(everything, BUCKET).find((b) => b.properties.BucketName === match[1]);
  return bucket ? regionOf(stackOf(everything, bucket)) : undefined;
}

/** The verifiers of this area, by the name the catalog's `checks` use. */
export const BACKUP_VERIFIERS: Record<string, Verifier> = {
  'daily-backups': dailyBackups,
  'backup-retention': backupRetention,
  'backup-rules': backupRules,
  'offsite-copies': offsiteCopies,
  'restore-testing': restoreTesting,
  'backup-failure-alerts': backupFailureAlerts,
  'multi-az-storage': multiAzStorage,
  'multi-az': multiAz,
  'redundant-copies': redundantCopies,
};
