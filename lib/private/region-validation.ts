import { Stack, Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct, IConstruct } from 'constructs';
import { describeValue } from './describe-value';
import { DataProtectionError } from './errors';

/**
 * Things from the wrong place (issue 20 item 3): region names that match the pattern but name no
 * region, and keys, VPCs, vaults, topics, log groups and certificates from another region than the
 * construct's stack. Regional resources cannot be used across regions: CloudFormation or the
 * service would fail at deployment, or (for a key) the data would not be encrypted as claimed.
 *
 * Only literal regions are compared. A value whose region is a token (an environment-agnostic
 * stack, an ARN from a parameter) is not checked at synthesis.
 */

let regions: string[] | undefined;

/**
 * The AWS regions aws-cdk-lib knows: `RegionInfo.regions` of `aws-cdk-lib/region-info`, the list
 * aws-cdk-lib keeps with each release (the partitions aws, aws-cn, aws-us-gov and the isolated
 * ones). A region newer than the installed aws-cdk-lib needs a newer aws-cdk-lib.
 */
export function knownRegions(): string[] {
  // RegionInfo.regions builds an object per region on every call: read it once per process.
  regions ??= RegionInfo.regions.map((r) => r.name);
  return [...regions];
}

/**
 * Refuses a literal region name aws-cdk-lib's region list does not hold (`eu-west-7`).
 *
 * @param what the prop, in the message (`backupCopyRegions`)
 */
export function requireKnownRegion(what: string, region: string, scope?: IConstruct): string {
  if (!Token.isUnresolved(region) && !knownRegions().includes(region)) {
    const prefix = region.split('-').slice(0, 2).join('-');
    const near = knownRegions().filter((r) => r.startsWith(prefix));
    throw new DataProtectionError(
      `${what} must name an AWS region (one of the ${knownRegions().length} regions of aws-cdk-lib's RegionInfo.regions` +
      `${near.length > 0 ? `, such as ${near.slice(0, 4).join(', ')}` : ''}), got '${region}'`, scope);
  }
  return region;
}

/** The ARN attributes of regional resources whose region field names where they are. */
const ARN_ATTRIBUTES = ['keyArn', 'certificateArn', 'topicArn', 'logGroupArn', 'backupVaultArn'];

/**
 * The literal region of `value`: an ARN's region field (of a string, or of the resource's ARN
 * attribute: imports such as `Certificate.fromCertificateArn` keep the stack's `env`), else the
 * resource's `env.region`, else the region of the stack of a construct; undefined for tokens.
 */
export function regionOf(value: unknown): string | undefined {
  const literal = (r: string | undefined): string | undefined => (r && !Token.isUnresolved(r) ? r : undefined);
  if (typeof value === 'string') {
    return value.startsWith('arn:') ? literal(value.split(':')[3]) : undefined;
  }
  if (value === null || typeof value !== 'object') {
    return undefined;
  }
  for (const attribute of ARN_ATTRIBUTES) {
    const arn = (value as Record<string, unknown>)[attribute];
    if (typeof arn === 'string' && !Token.isUnresolved(arn) && arn.startsWith('arn:')) {
      return literal(arn.split(':')[3]);
    }
  }
  const env = (value as { env?: { region?: string } }).env;
  if (env?.region !== undefined) {
    return literal(env.region);
  }
  return Construct.isConstruct(value) ? literal(Stack.of(value).region) : undefined;
}

/**
 * Refuses `value` (a resource or an ARN) from another literal region than `scope`'s stack.
 *
 * @param prop the prop, in the message
 */
export function requireSameRegion(scope: IConstruct, prop: string, value: unknown, expected = Stack.of(scope).region,
  place = `the region of ${scope.node.path}'s stack`): void {
  const there = regionOf(value);
  if (there === undefined || Token.isUnresolved(expected) || there === expected) {
    return;
  }
  throw new DataProtectionError(
    `${prop} must be in ${place} (${expected}): it is a regional resource, got ${describeValue(value)} in ${there}`, scope);
}

/**
 * Refuses availability zones of another region than `region` (zone names start with their
 * region: `us-east-1a`, or the Local Zone `us-east-1-bos-1a`).
 */
export function requireZonesInRegion(scope: IConstruct, prop: string, zones: string[], region: string | undefined): void {
  if (region === undefined || Token.isUnresolved(region)) {
    return;
  }
  for (const zone of zones) {
    if (!Token.isUnresolved(zone) && !new RegExp(`^${region}(-[a-z]+-\\d+)?[a-z]$`).test(zone)) {
      throw new DataProtectionError(
        `${prop} must be zones of the region of ${scope.node.path}'s stack (${region}), such as ${region}a, got '${zone}'` +
        `${regionOfZone(zone) ? ` in ${regionOfZone(zone)}` : ''}`, scope);
    }
  }
}

function regionOfZone(zone: string): string | undefined {
  return knownRegions().find((r) => zone.startsWith(r) && /^[a-z]$/.test(zone.slice(r.length)));
}
