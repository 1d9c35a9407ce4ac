import { App, CfnElement, CfnResource, Lazy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';
import { DataProtectionPolicy, DataProtectionPolicyProps } from './api';

/**
 * The kit of the bad-input catalogue (issues 8 and 20): a row is plain data plus a `build` that
 * does what a user could write; {@link runRow} builds it, checks the refusal and synthesizes what
 * is left, so that the same rows run from this repository (`cdk-data-protection` mapped to
 * lib/index.ts) and from a fresh app over the packed tarball.
 *
 * Only the public API is used: the error is recognised by its name and the symbol
 * `DataProtectionError.isDataProtectionError` reads, which work across copies of the library.
 */
export interface Row {
  /** The claim the refused input would break, when there is one (in the test title). */
  readonly claim?: string;
  /** The construct or value refused. */
  readonly area: string;
  /** What is wrong with the input. */
  readonly name: string;
  /** Builds (and synthesizes, for validations) the refused input, in stacks made by {@link stack} or {@link bare}. */
  readonly build: () => void;
  /**
   * Where the error is: the construct path the message starts with (`TestStack/Db`), or the
   * API of a value that is not a construct (`BackupSchedule.daily`).
   */
  readonly path: string;
  /** Whether `path` is a construct path (recorded as `constructPath`), rather than an API name. */
  readonly construct?: boolean;
  /** The message: must require the path, the value received and what is allowed. */
  readonly error: RegExp;
}

/** The outcome of one row: the error thrown and the resources left in the app. */
export interface RowOutcome {
  readonly error: unknown;
  /** The paths of the resources the refused build left behind (outside the givens). */
  readonly leftovers: string[];
}

/** The app of the row being run, and the paths of its givens (a policy, a VPC): resources there are not leftovers. */
let lastApp: App | undefined;
const givens = new Set<string>();

/** Starts a row: forgets the app and givens of the last one. */
export function resetRow(): void {
  lastApp = undefined;
  givens.clear();
}

/**
 * Records `c` as a given of the row: its resources, and everything the app held when it was built
 * (the stack's shared log key or access-log bucket it asked for), are not left behind by the
 * refused construct. Build the givens first, then the refused input.
 */
export function given<T extends IConstruct>(c: T): T {
  lastApp ??= c.node.root as App;
  for (const x of c.node.root.node.findAll()) {
    if (x.node.path !== '') {
      givens.add(x.node.path);
    }
  }
  return c;
}

/** The policy most rows use: the library defaults plus a contact and a region. */
export const DEFAULT_POLICY: DataProtectionPolicyProps = {
  securityContact: 'security@example.com',
  region: 'us-east-1',
};

/** A stack named TestStack (in `region`) holding the default policy plus `policy`. */
export function stack(policy: Partial<DataProtectionPolicyProps> = {}, region = 'us-east-1', app = new App()): Stack {
  const s = bare(region, app);
  given(new DataProtectionPolicy(s, 'Policy', { ...DEFAULT_POLICY, ...policy }));
  return s;
}

/** A stack named TestStack without a policy, for the policy's own rows. */
export function bare(region = 'us-east-1', app = new App()): Stack {
  lastApp = app;
  return new Stack(app, 'TestStack', { env: { region } });
}

/** Records `app` as the row's app (rows that build stacks of their own). */
export function appOf<T extends IConstruct>(c: T): T {
  lastApp = c.node.root as App;
  return c;
}

/** A plain two-zone VPC (a given) with public, private and isolated subnets. */
export function vpcIn(s: Stack, id = 'Vpc'): ec2.Vpc {
  const region = s.region;
  return given(new ec2.Vpc(s, id, {
    availabilityZones: [`${region}a`, `${region}b`],
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  }));
}

/** A plain log group (a given) encrypted with a key of its own (the policy would add the stack's log key at synthesis). */
export function logGroupIn(s: Stack, id = 'Logs'): logs.LogGroup {
  const encryptionKey = new kms.Key(s, `${id}Key`, { enableKeyRotation: true });
  return given(new logs.LogGroup(s, id, { retention: logs.RetentionDays.ONE_YEAR, encryptionKey }));
}

/** A plain SNS topic (a given). */
export function topicIn(s: Stack, id = 'Topic'): sns.Topic {
  return given(new sns.Topic(s, id));
}

/** A number only known at synthesis: a token. */
export const TOKEN_DAYS = () => Lazy.number({ produce: () => 30 });

export const SERVER_CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
export const CLIENT_CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/66666666-7777-8888-9999-000000000000';
export const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGf0Q5zZ0mSk3hGUQxVqYkE0G3OyWQ1a8vN4VFUpT9pR partner';

/** The path of the test stack's policy. */
export const P = 'TestStack/Policy';

/** Whether `e` is the library's `DataProtectionError` (by the cross-copy symbol, as the library checks it). */
export function isDataProtectionError(e: unknown): e is Error & { readonly constructPath?: string } {
  return e !== null && typeof e === 'object' && (e as any)[Symbol.for('cdk-data-protection.DataProtectionError')] === true;
}

/** Whether `path` is `base` or under it. */
function under(path: string, base: string): boolean {
  return path === base || path.startsWith(`${base}/`);
}

/**
 * The resources left in the app of the last row outside its givens. The app is synthesized
 * anyway (as a caller catching the error would), and every resource of every template is traced
 * back to its construct: a resource the tree does not explain is a leftover too.
 */
function leftoversOfLastRow(): string[] {
  const app = lastApp;
  if (!app) {
    return [];
  }
  const left: string[] = [];
  let assembly: ReturnType<App['synth']> | undefined;
  try {
    // The cloud assembly, as `cdk synth` would write it; validations of the app may refuse it,
    // and then the construct tree stands for the templates.
    assembly = app.synth({ force: true });
  } catch {
    assembly = undefined;
  }
  for (const s of app.node.findAll().filter((c): c is Stack => Stack.isStack(c))) {
    const byLogicalId = new Map<string, string>();
    for (const c of s.node.findAll()) {
      if (CfnResource.isCfnResource(c) && Stack.of(c) === s) {
        byLogicalId.set(s.resolve((c as CfnElement).logicalId), c.node.path);
      }
    }
    const resources = assembly?.getStackArtifact(s.artifactId).template?.Resources
      ?? Object.fromEntries([...byLogicalId.keys()].map((id) => [id, {}]));
    for (const logicalId of Object.keys(resources)) {
      const path = byLogicalId.get(logicalId) ?? `${s.node.path}/<${logicalId}>`;
      if (!givens.has(path) && ![...givens].some((g) => under(path, g) && g.split('/').length > 1)) {
        left.push(path);
      }
    }
  }
  // The stack's log key is added at synthesis for every log group without a key of its own
  // (claim S1-04): alone, it was asked for by a given (a VPC's flow logs); with a log group of
  // the refused input left behind, it is a leftover as well.
  return left.every((p) => p.includes('/DataProtectionLogKey/')) ? [] : left;
}

/** Runs `row`: returns what it threw (an Error when nothing was thrown) and what it left behind. */
export function runRow(row: Row): RowOutcome {
  resetRow();
  let error: unknown = new Error(`expected ${row.area}: ${row.name} to be refused, but it was accepted`);
  try {
    row.build();
  } catch (e) {
    error = e;
  }
  return { error, leftovers: leftoversOfLastRow() };
}

/** Why `outcome` does not meet the row, or undefined when it does (for any test framework). */
export function rowMismatch(row: Row, outcome: RowOutcome): string | undefined {
  const e = outcome.error as Error;
  if (!isDataProtectionError(e) || e.name !== 'DataProtectionError') {
    return `expected a DataProtectionError, got ${e?.constructor?.name}: ${e?.message}`;
  }
  if (!e.message.startsWith(row.path)) {
    return `expected the message to start with '${row.path}', got: ${e.message}`;
  }
  const expectedPath = row.construct === false ? undefined : row.path;
  if (e.constructPath !== expectedPath) {
    return `expected constructPath ${expectedPath}, got ${e.constructPath}`;
  }
  if (!row.error.test(e.message)) {
    return `expected the message to match ${row.error}, got: ${e.message}`;
  }
  if (outcome.leftovers.length > 0) {
    return `expected nothing left from the refused input, got resources at: ${outcome.leftovers.join(', ')}`;
  }
  return undefined;
}

/** The title of a row in a test list. */
export function rowTitle(row: Row): string {
  return `${row.claim ? `${row.claim} ` : ''}${row.area}: ${row.name}`;
}
