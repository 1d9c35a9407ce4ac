import { atRestOf, DATA_HOLDING_TYPES } from './at-rest';
import { bucketRetention, daysText } from './lifecycle';
import { AssemblyView, RegisterEntry, ResourceView, StackView } from './model';
import { isTrue, listOf, numberOf, referenced, refTarget, show } from './query';
import { dataClassOf, declaredClass, literalText, NO_ENCRYPTION, NO_REGION, PURPOSE_TAG, tagOfResource } from './store-tags';
import { DATA_STORE_TYPES } from '../private/data-store-types';

/**
 * The register of processing activities (GDPR Art. 30, claims S3-01, S1-14) and what it and the
 * data verifiers read about each data store: its data class (store-tags.ts), how it is encrypted
 * at rest (at-rest.ts), how long it keeps data (lifecycle.ts) and whether a backup selection
 * covers it (here). Everything is read from the synthesized templates; nothing here loads
 * aws-cdk-lib. This module re-exports the other three, so `../register` reads them all.
 */

export * from './store-tags';
export * from './at-rest';
export * from './lifecycle';
export { DATA_CLASS_TAG, ENDED_TAG } from '../private/data-store-types';

// ---------------------------------------------------------------------------------------------
// Backups
// ---------------------------------------------------------------------------------------------

/** The resource types AWS Backup protects, so a tag selection can cover them. */
const BACKUP_SUPPORTED = new Set([
  'AWS::S3::Bucket', 'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable',
  'AWS::EFS::FileSystem', 'AWS::EC2::Volume', 'AWS::DocDB::DBCluster', 'AWS::Neptune::DBCluster',
]);

/** Whether the resource's tags meet a selection's `Conditions` (all of them). */
function conditionsMet(resource: ResourceView, conditions: Record<string, any> | undefined): boolean {
  const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return Object.entries(conditions ?? {}).every(([operator, list]) => listOf<any>(list).every((c) => {
    const key = String(c?.ConditionKey ?? '').replace(/^aws:ResourceTag\//, '');
    const value = tagOfResource(resource, key).value;
    const wanted = String(c?.ConditionValue ?? '');
    switch (operator) {
      case 'StringEquals': return value === wanted;
      case 'StringNotEquals': return value !== wanted;
      case 'StringLike': return value !== undefined && glob(wanted).test(value);
      case 'StringNotLike': return value === undefined || !glob(wanted).test(value);
      default: return false;
    }
  }));
}

/** A backup plan rule, in words: `Daily (cron(0 5 * * ? *)) kept 14 days, copied to us-east-2, us-west-2`. */
function planRuleWords(rule: any): string {
  const days = rule?.Lifecycle?.DeleteAfterDays;
  const copies = listOf<any>(rule?.CopyActions).map((c) => vaultArnParts(c?.DestinationBackupVaultArn)?.region ?? 'another vault');
  return `${show(rule?.RuleName)} (${show(rule?.ScheduleExpression)}) kept ${days === undefined ? 'until deleted' : daysText(show(days))}` +
    (copies.length > 0 ? `, copied to ${copies.join(', ')}` : '');
}

/** The region and name of a backup vault ARN (`arn:aws:backup:us-east-2:${AWS::AccountId}:backup-vault:name`). */
function vaultArnParts(value: unknown): { region: string; name: string } | undefined {
  const arn = literalText(value);
  // The partition and account may be pseudo parameters (`${AWS::AccountId}`), whose names hold colons.
  const part = '(?:\\$\\{[^}]*\\}|[^:]*)';
  const match = arn === undefined ? null : new RegExp(`^arn:${part}:backup:([^:]+):${part}:backup-vault:(.+)$`).exec(arn);
  return match ? { region: match[1], name: match[2] } : undefined;
}

/** Whether two stacks share a region (tag selections cover the stores of the account and region). */
function sameRegion(a: StackView, b: StackView): boolean {
  return a.region === b.region && (a.account === undefined || b.account === undefined || a.account === b.account);
}

/** Whether a vault holds off-site copies: its stack is an off-site backup stack, or plans of other stacks copy into it. */
function isOffsiteVault(assembly: AssemblyView, stack: StackView, vault: ResourceView): boolean {
  return stack.policy?.role === 'offsite-backup' || copiesInto(assembly, stack, vault).some((c) => c.stack !== stack.id);
}

/**
 * The backup selections that cover a data store, in words: selections of its own stack that
 * list it by ARN, and tag selections of any stack in its region whose tags it meets.
 */
export function backupsOf(assembly: AssemblyView, stack: StackView, resource: ResourceView): string {
  if (resource.type === 'AWS::Backup::BackupVault') {
    return isOffsiteVault(assembly, stack, resource) ? 'holds off-site copies of recovery points' : 'holds recovery points: it is the backup store';
  }
  // Selections by plan (keyed by stack and plan), so that each plan's rules are stated once.
  const plans = new Map<string, { name: string; rules: string; selections: string[] }>();
  if (BACKUP_SUPPORTED.has(resource.type)) {
    for (const s of assembly.stacks.filter((x) => x.id === stack.id || sameRegion(x, stack))) {
      for (const selection of s.resources.filter((r) => r.type === 'AWS::Backup::BackupSelection')) {
        const sel = selection.properties.BackupSelection ?? {};
        const resources = listOf<any>(sel.Resources);
        const listed = s.id === stack.id && resources.some((v) => refTarget(v) === resource.logicalId);
        const excluded = s.id === stack.id && listOf<any>(sel.NotResources).some((v) => refTarget(v) === resource.logicalId);
        const byTag = listOf<any>(sel.ListOfTags).some((t) => t?.ConditionType === 'STRINGEQUALS'
          && tagOfResource(resource, String(t.ConditionKey)).value === t.ConditionValue);
        const how = listed ? 'by ARN' : resources.includes('*') ? 'as one of all resources' : byTag ? 'by its tags' : undefined;
        if (how === undefined || excluded || !conditionsMet(resource, sel.Conditions)) {
          continue;
        }
        const plan = referenced(assembly.stacks, selection, selection.properties.BackupPlanId);
        const key = `${s.id}\u0000${plan?.logicalId ?? show(selection.properties.BackupPlanId)}`;
        const entry = plans.get(key) ?? {
          name: plan ? show(plan.properties.BackupPlan?.BackupPlanName ?? plan.logicalId) : show(selection.properties.BackupPlanId),
          rules: plan ? listOf<any>(plan.properties.BackupPlan?.BackupPlanRule).map(planRuleWords).join('; ') : 'rules unknown',
          selections: [],
        };
        entry.selections.push(`${show(sel.SelectionName)} ${how}`);
        plans.set(key, entry);
      }
    }
  }
  const words = [...plans.values()].map((p) => `backed up by plan ${p.name} (selected ${p.selections.join(', ')}): ${p.rules}`);
  const rdsDays = ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'].includes(resource.type) && resource.properties.DBClusterIdentifier === undefined
    ? resource.properties.BackupRetentionPeriod ?? 1 : undefined;
  if (rdsDays !== undefined) {
    words.push(numberOf(rdsDays) === 0 ? 'RDS automated backups off' : `RDS automated backups kept ${show(rdsDays)} days`);
  }
  if (words.length > 0) {
    return words.join('; ');
  }
  return BACKUP_SUPPORTED.has(resource.type) ? 'no backup selection covers it' : `not backed up (${resource.type} is not an AWS Backup resource type)`;
}

/** The copy actions of backup plans, in any stack, whose destination is `vault`. */
function copiesInto(assembly: AssemblyView, stack: StackView, vault: ResourceView): Array<{ stack: string; rule: any; copy: any }> {
  const name = literalText(vault.properties.BackupVaultName);
  return assembly.stacks.flatMap((s) => s.resources.filter((r) => r.type === 'AWS::Backup::BackupPlan')
    .flatMap((plan) => listOf<any>(plan.properties.BackupPlan?.BackupPlanRule).flatMap((rule) => listOf<any>(rule?.CopyActions)
      .filter((copy) => {
        const target = vaultArnParts(copy?.DestinationBackupVaultArn);
        return (target !== undefined && name !== undefined && target.name === name && target.region === stack.region)
          || (s.id === stack.id && refTarget(copy?.DestinationBackupVaultArn) === vault.logicalId);
      })
      .map((copy) => ({ stack: s.id, rule, copy })))));
}

/** How long a backup vault keeps recovery points: the rules that write to it or copy into it, and its lock. */
function vaultRetention(assembly: AssemblyView, stack: StackView, vault: ResourceView): string {
  const words: string[] = stack.resources.filter((r) => r.type === 'AWS::Backup::BackupPlan')
    .flatMap((plan) => listOf<any>(plan.properties.BackupPlan?.BackupPlanRule))
    .filter((rule) => refTarget(rule?.TargetBackupVault) === vault.logicalId)
    .map((rule) => `recovery points of rule ${planRuleWords(rule)}`);
  for (const { stack: from, rule, copy } of copiesInto(assembly, stack, vault)) {
    const days = copy?.Lifecycle?.DeleteAfterDays;
    words.push(`copies made by rule ${show(rule?.RuleName)} of ${from}, kept ${days === undefined ? 'until deleted' : daysText(show(days))}`);
  }
  const lock = vault.properties.LockConfiguration;
  if (lock) {
    words.push(`vault lock allows ${show(lock.MinRetentionDays ?? 0)}-${show(lock.MaxRetentionDays ?? 'unlimited')} days`);
  }
  return words.length > 0 ? words.join('; ') : 'recovery points kept as the plans that write to it say (none in the templates)';
}

/** How long a data store keeps data, in words. */
function retentionOf(assembly: AssemblyView, stack: StackView, r: ResourceView): string {
  switch (r.type) {
    case 'AWS::S3::Bucket':
      return bucketRetention(r);
    case 'AWS::Backup::BackupVault':
      return vaultRetention(assembly, stack, r);
    case 'AWS::Logs::LogGroup':
      return r.properties.RetentionInDays === undefined ? 'kept forever (no RetentionInDays)' : `kept ${show(r.properties.RetentionInDays)} days`;
    case 'AWS::DynamoDB::Table':
    case 'AWS::DynamoDB::GlobalTable': {
      const ttl = r.properties.TimeToLiveSpecification;
      return isTrue(ttl?.Enabled) ? `items expire by their ${show(ttl.AttributeName)} attribute (TTL); others are kept until deleted` : 'kept until deleted';
    }
    case 'AWS::RDS::DBInstance':
    case 'AWS::RDS::DBCluster':
      return r.properties.DBClusterIdentifier === undefined
        ? `kept until deleted; automated backups kept ${show(r.properties.BackupRetentionPeriod ?? 1)} days`
        : 'kept by its cluster';
    default:
      return 'kept until deleted';
  }
}

// ---------------------------------------------------------------------------------------------
// The register
// ---------------------------------------------------------------------------------------------

/** The AWS service that stores data of each type, as a processor names it. */
const SERVICES: Record<string, string> = {
  'AWS::S3::Bucket': 'Amazon S3',
  'AWS::RDS::DBInstance': 'Amazon RDS',
  'AWS::RDS::DBCluster': 'Amazon RDS',
  'AWS::DynamoDB::Table': 'Amazon DynamoDB',
  'AWS::DynamoDB::GlobalTable': 'Amazon DynamoDB',
  'AWS::EC2::Volume': 'Amazon EBS',
  'AWS::EFS::FileSystem': 'Amazon EFS',
  'AWS::Backup::BackupVault': 'AWS Backup',
  'AWS::Logs::LogGroup': 'Amazon CloudWatch Logs',
  'AWS::SNS::Topic': 'Amazon SNS',
  'AWS::SQS::Queue': 'Amazon SQS',
  'AWS::SecretsManager::Secret': 'AWS Secrets Manager',
  'AWS::Kinesis::Stream': 'Amazon Kinesis Data Streams',
  'AWS::DocDB::DBCluster': 'Amazon DocumentDB',
  'AWS::Neptune::DBCluster': 'Amazon Neptune',
  'AWS::ElastiCache::ReplicationGroup': 'Amazon ElastiCache',
  'AWS::OpenSearchService::Domain': 'Amazon OpenSearch Service',
  'AWS::Elasticsearch::Domain': 'Amazon OpenSearch Service',
  'AWS::Redshift::Cluster': 'Amazon Redshift',
  'AWS::RedshiftServerless::Namespace': 'Amazon Redshift Serverless',
  'AWS::Cognito::UserPool': 'Amazon Cognito',
};

/** What a store of each type is, for a purpose derived from the class label. */
const KINDS: Record<string, string> = {
  'AWS::S3::Bucket': 'object storage',
  'AWS::RDS::DBInstance': 'a relational database',
  'AWS::RDS::DBCluster': 'a relational database',
  'AWS::DynamoDB::Table': 'a key-value table',
  'AWS::DynamoDB::GlobalTable': 'a key-value table',
  'AWS::EC2::Volume': 'a block volume',
  'AWS::EFS::FileSystem': 'a file system',
  'AWS::Logs::LogGroup': 'logs',
  'AWS::Cognito::UserPool': 'a user directory',
};

/** Whether a resource belongs in the register: every data store, and any data-holding resource tagged with a data class. */
export function inRegister(r: ResourceView): boolean {
  return DATA_STORE_TYPES.has(r.type) || (DATA_HOLDING_TYPES.has(r.type) && dataClassOf(r).value !== undefined);
}

function purposeOf(assembly: AssemblyView, stack: StackView, r: ResourceView, label: string | undefined): string | undefined {
  const tagged = tagOfResource(r, PURPOSE_TAG).value;
  if (tagged !== undefined) {
    return tagged;
  }
  if (r.type === 'AWS::Backup::BackupVault') {
    return isOffsiteVault(assembly, stack, r)
      ? `Off-site copies of the service's backups, in ${stack.region ?? 'another region'}: the vault holds backup copies of every data store the plans protect`
      : 'Backup recovery points of the service\'s data stores';
  }
  return label === undefined ? undefined : `${label} in ${KINDS[r.type] ?? SERVICES[r.type] ?? r.type}`;
}

/** The register entry of one data store. */
export function registerEntry(assembly: AssemblyView, stack: StackView, r: ResourceView): RegisterEntry {
  const dataClass = dataClassOf(r).value;
  const declared = declaredClass(stack, dataClass);
  const atRest = atRestOf(assembly.stacks, r);
  const backups = backupsOf(assembly, stack, r);
  const service = SERVICES[r.type] ?? r.type.split('::')[1];
  const processors = [`Amazon Web Services (${service})`];
  if (backups.startsWith('backed up') && service !== 'AWS Backup') {
    processors.push('Amazon Web Services (AWS Backup)');
  }
  if (atRest?.encrypted && (atRest.key === 'customer' || atRest.found.includes('AWS-managed key'))) {
    processors.push('Amazon Web Services (AWS Key Management Service)');
  }
  return {
    stack: stack.id,
    logicalId: r.logicalId,
    constructPath: r.constructPath,
    type: r.type,
    dataClass,
    label: declared?.label,
    protectionLevel: declared?.protectionLevel,
    personalData: declared?.personalData,
    purpose: purposeOf(assembly, stack, r, declared?.label),
    retention: retentionOf(assembly, stack, r),
    region: stack.region ?? NO_REGION,
    encryption: atRest === undefined || atRest.encrypted === false ? NO_ENCRYPTION : atRest.found,
    backups,
    processors,
  };
}

/**
 * The register of processing activities (GDPR Art. 30), from the data-class tags: one entry per
 * data store (`DATA_STORE_TYPES`, and every other data-holding resource tagged with a data
 * class, such as a database's log groups) of every stack with a policy record, the off-site
 * vault stacks included (their vaults hold backup copies). Each entry names the class and its
 * protection from the stack's policy record, the purpose (the `purpose` tag, or derived from
 * the class), the retention, the region, the encryption at rest, the backups and the AWS
 * services that process the data.
 */
export function buildRegister(assembly: AssemblyView): RegisterEntry[] {
  return assembly.stacks
    .filter((s) => s.policy !== undefined)
    .flatMap((s) => s.resources.filter(inRegister).map((r) => registerEntry(assembly, s, r)));
}
