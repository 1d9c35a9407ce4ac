import { DATA_CLASS_TAG } from '../../private/data-store-types';
import { ResourceView, StackView, Verifier } from '../model';
import { fact, listOf, noResource, numberOf, refTarget, resourcesOf, show, stackOf } from '../query';
import {
  allStacks, BUCKET, copyFacts, copyRegionsOf, dataClassOf, dataStores, DB_CLUSTER, DB_INSTANCE, describeSelection, inCluster,
  INTERNAL_CLASS, joined, missingExpectation, offsiteRegions, rdsMultiAzFact, regionOf, selectionsOf, textOf, unresolved,
} from './backup-templates';

/*
 * The resilience verifiers: storage in several zones, Multi-AZ databases and VPCs, and copies
 * of customer data in another location (replication or off-site backups).
 */
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
export const multiAz: Verifier = ({ stacks }) => {
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

/** The resilience verifiers, by the name the catalog's `checks` use (also in `BACKUP_VERIFIERS`). */
export const REDUNDANCY_VERIFIERS: Record<string, Verifier> = {
  'offsite-copies': offsiteCopies,
  'multi-az-storage': multiAzStorage,
  'multi-az': multiAz,
  'redundant-copies': redundantCopies,
};
