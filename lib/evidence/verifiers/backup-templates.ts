import { DATA_CLASS_TAG } from '../../private/data-store-types';
import { Fact, ResourceView, StackView } from '../model';
import { everyResource, fact, isTrue, listOf, numberOf, referencedIds, refTarget, resourceFact, resourcesOf, show, stackOf } from '../query';

/*
 * What the backup and resilience verifiers read in templates: AWS Backup plans, their
 * schedules, the stores their selections cover, their copy destinations, and RDS automated
 * backups. They read what `SecureBackupPlan`, `SecureBackupVault`, `OffsiteBackupStack` and
 * `SecureDatabase` emit, and any other template of the same shapes.
 */
export const PLAN = 'AWS::Backup::BackupPlan';
export const SELECTION = 'AWS::Backup::BackupSelection';
export const VAULT = 'AWS::Backup::BackupVault';
export const RESTORE_PLAN = 'AWS::Backup::RestoreTestingPlan';
export const RESTORE_SELECTION = 'AWS::Backup::RestoreTestingSelection';
export const DB_INSTANCE = 'AWS::RDS::DBInstance';
export const DB_CLUSTER = 'AWS::RDS::DBCluster';
export const BUCKET = 'AWS::S3::Bucket';
export const EVENT_RULE = 'AWS::Events::Rule';
export const SNS_TOPIC = 'AWS::SNS::Topic';

/** Where the rules of a plan sit. */
export const RULES = 'Properties.BackupPlan.BackupPlanRule';


/** The data class whose stores need no redundant copy (S2-11) and are not customer data (S0-01). */
export const INTERNAL_CLASS = 'internal';

/**
 * The types that hold data (`DATA_STORE_TYPES` of the policy checks, without the backup vault,
 * which holds the backups themselves), with the restore-testing type of each.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing.html
 */
export const STORE_TYPES: Record<string, string> = {
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
export function regionOf(stack: StackView | undefined): string | undefined {
  return stack?.region ?? stack?.policy?.region;
}

/** Every stack once: the ones that record the claim and the rest of the assembly. */
export function allStacks(stacks: StackView[], assemblyStacks: StackView[]): StackView[] {
  return [...stacks, ...assemblyStacks.filter((s) => !stacks.some((t) => t.id === s.id))];
}


/**
 * A template value as text: literals as they are, `Fn::Join` and `Fn::Sub` of their parts,
 * `AWS::Region` as the stack's region when known; every other intrinsic stays as `${...}`,
 * which marks the text as not fully resolved.
 */
export function textOf(value: unknown, region: string | undefined): string {
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
export function unresolved(text: string): boolean {
  return text.includes('${');
}

/** The tags of a resource as a map: `Tags` (list or map), `FileSystemTags`, `BackupVaultTags`, the replicas' tags of a global table. */
export function tagsOf(resource: ResourceView): Record<string, unknown> {
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
export function dataClassOf(resource: ResourceView): string | undefined {
  const value = tagsOf(resource)[DATA_CLASS_TAG];
  return typeof value === 'string' ? value : undefined;
}

/** A glob (`*`, `?`) as a regular expression over the whole text. */
function globRegExp(glob: string): RegExp {
  const body = glob.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 's');
}

/** The DB cluster a DB instance belongs to, by `DBClusterIdentifier`, when it belongs to one. */
export function inCluster(resource: ResourceView): boolean {
  return resource.type === DB_INSTANCE && resource.properties.DBClusterIdentifier !== undefined;
}

/** The data stores of the stacks: RDS instances of a cluster are left to their cluster. */
export function dataStores(stacks: StackView[]): ResourceView[] {
  return resourcesOf(stacks, ...Object.keys(STORE_TYPES)).filter((r) => !inCluster(r));
}

/** The rules of a backup plan. */
export function rulesOf(plan: ResourceView): Array<Record<string, any>> {
  return listOf<any>(plan.properties.BackupPlan?.BackupPlanRule).filter((r) => r && typeof r === 'object');
}

/** A rule in a few words: `Daily cron(0 5 * * ? *) kept 14 days`. */
export function describeRule(rule: Record<string, any>): string {
  return `${rule.RuleName ?? '(unnamed)'} ${show(rule.ScheduleExpression)} kept ${show(rule.Lifecycle?.DeleteAfterDays)} days`;
}

/** A list of values in words, or undefined (shown as `(absent)`) when empty. */
export function joined(values: string[]): string | undefined {
  return values.length > 0 ? values.join('; ') : undefined;
}

/** The unsatisfied fact that the claim records no value for an expectation the verifier compares. */
export function missingExpectation(stacks: StackView[], property: string): Fact {
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

export const EVERY = ['*', '?', '1/1', '*/1'];
export const EVERY_WEEKDAY = [...EVERY, '1-7', 'SUN-SAT', 'MON-SUN'];

/**
 * The cadence of an AWS Backup schedule expression: `cron(minutes hours day-of-month month
 * day-of-week year)` runs every day when its day-of-month, month, day-of-week and year fields
 * all mean "every", and once a day when its minutes and hours are single values; `rate()` is
 * read by its period. Undefined when the expression cannot be read.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/creating-a-backup-plan.html#create-backup-plan-cron
 */
export function cadenceOf(expression: unknown): Cadence | undefined {
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
export function tagKey(conditionKey: unknown): string {
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
export function selects(stacks: StackView[], selection: ResourceView, store: ResourceView): boolean {
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
export function planOfSelection(stacks: StackView[], selection: ResourceView): ResourceView | undefined {
  const id = refTarget(selection.properties.BackupPlanId);
  return stackOf(stacks, selection)?.resources.find((r) => r.logicalId === id && r.type === PLAN);
}

/** The selections of the stacks that select a store, each with its plan. */
export function selectionsOf(stacks: StackView[], store: ResourceView): Array<{ selection: ResourceView; plan?: ResourceView }> {
  return resourcesOf(stacks, SELECTION)
    .filter((s) => selects(stacks, s, store))
    .map((selection) => ({ selection, plan: planOfSelection(stacks, selection) }));
}

/** A selection in a few words: `BackupInThisStack (data-stores-of-this-stack)`. */
export function describeSelection(selection: ResourceView): string {
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
export function copyRegionsOf(expected: ReadonlyMap<string, string>): string[] {
  return (expected.get('copyRegions') ?? '').split(',').map((r) => r.trim()).filter((r) => r !== '');
}

/**
 * Facts that every rule of every plan copies to a vault in each region, and that the vault
 * exists in the assembly (a copy into a vault that does not exist fails).
 */
export function copyFacts(stacks: StackView[], assemblyStacks: StackView[], regions: string[]): Fact[] {
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
export function offsiteRegions(stacks: StackView[], plan: ResourceView, home: string | undefined): string[] {
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
export function isAurora(cluster: ResourceView): boolean {
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
export function rdsMultiAzFact(stacks: StackView[], db: ResourceView, storage: boolean): Fact {
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
export function rdsRetentionFacts(stacks: StackView[], expected: string, check: (days: number) => boolean,
  absentNote: (ok: boolean) => string): Fact[] {
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
