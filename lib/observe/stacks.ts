import {
  CloudFormationClient, DescribeStackDriftDetectionStatusCommand, DescribeStacksCommand, DetectStackDriftCommand, GetTemplateCommand,
  paginateListStackResources, StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import { CallLabel, ObserveContext, observed, unread } from './context';
import type { StackView } from '../evidence/model';
import type { ObservedFact } from '../evidence/observation';
import { templateHash } from '../evidence/template-hash';

/**
 * Stacks: is each stack of the assembly deployed, from the same template as `cdk.out`, and in
 * sync (no drift)? Also maps its logical ids to physical ids, which the other observers read.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DetectStackDrift.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackDriftDetectionStatus.html
 */

/** What the observer knows of one deployed (or not deployed) stack. */
export interface StackState {
  readonly stack: StackView;
  readonly region?: string;
  readonly account?: string;
  readonly partition: string;
  /** Whether the stack exists in the account (read and found). */
  readonly deployed: boolean;
  /** Logical id -> physical id, for the resources CloudFormation created. */
  readonly physical: ReadonlyMap<string, string>;
  /** When the stack was created: days before it are not counted against backup promises. */
  readonly createdAt?: Date;
  /** The stack's own facts: deployed, template, drift. */
  readonly facts: ObservedFact[];
}

/** The statuses of a stack whose last operation succeeded. */
const SETTLED = ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'IMPORT_COMPLETE'];

/** Reads one stack; never throws. */
export async function observeStack(ctx: ObserveContext, stack: StackView, callerAccount?: string): Promise<StackState> {
  const region = stack.region ?? ctx.settings.defaultRegion;
  const none = (facts: ObservedFact[], account?: string): StackState => ({ stack, region, account, partition: 'aws', deployed: false, physical: new Map(), facts });
  const label = (source: string): CallLabel => ({ source, region, account: stack.account ?? callerAccount, resource: stack.stackName });
  if (!region) {
    return none([unread(label('cloudformation:DescribeStacks'), 'stack deployed', 'deployed', 'the stack is environment-agnostic and no region is set: pass --region or set AWS_REGION')]);
  }
  if (stack.account && callerAccount && stack.account !== callerAccount) {
    return none([unread(label('cloudformation:DescribeStacks'), 'stack deployed', `deployed in account ${stack.account}`,
      `the credentials are for account ${callerAccount}, the stack is in ${stack.account}: pass --role-arn with a reader role of that account`)]);
  }
  const cfn = ctx.client(CloudFormationClient, region);
  const described = await ctx.call(label('cloudformation:DescribeStacks'), (abortSignal) =>
    cfn.send(new DescribeStacksCommand({ StackName: stack.stackName }), { abortSignal }));
  if (!described.ok) {
    const missing = described.code === 'ValidationError' && /does not exist/i.test(described.reason);
    return none([unread(label('cloudformation:DescribeStacks'), 'stack deployed', 'deployed',
      missing ? `stack ${stack.stackName} is not deployed in ${region}: nothing to observe` : described.reason)]);
  }
  const found = described.value.Stacks?.[0];
  if (!found || found.StackStatus === 'DELETE_COMPLETE') {
    return none([unread(label('cloudformation:DescribeStacks'), 'stack deployed', 'deployed', `stack ${stack.stackName} is not deployed in ${region}: nothing to observe`)]);
  }
  const arn = /^arn:([^:]+):cloudformation:[^:]*:(\d+):/.exec(found.StackId ?? '');
  const account = arn?.[2] ?? stack.account ?? callerAccount;
  const where = { ...label('cloudformation:DescribeStacks'), account };
  const facts: ObservedFact[] = [observed(where, 'StackStatus', SETTLED.join(' or '), String(found.StackStatus), SETTLED.includes(String(found.StackStatus)),
    SETTLED.includes(String(found.StackStatus)) ? undefined : 'the last operation on the stack did not complete: the deployed resources may differ from the template')];

  const template = await ctx.call({ ...where, source: 'cloudformation:GetTemplate' }, (abortSignal) =>
    cfn.send(new GetTemplateCommand({ StackName: stack.stackName, TemplateStage: 'Original' }), { abortSignal }));
  const expectedHash = templateHash(stack.template);
  if (!template.ok) {
    facts.push(unread({ ...where, source: 'cloudformation:GetTemplate' }, 'template sha256', expectedHash, template.reason));
  } else {
    let deployedHash: string | undefined;
    try {
      deployedHash = templateHash(JSON.parse(template.value.TemplateBody ?? ''));
    } catch {
      deployedHash = undefined;
    }
    facts.push(deployedHash === undefined
      ? unread({ ...where, source: 'cloudformation:GetTemplate' }, 'template sha256', expectedHash, 'the deployed template is not JSON (a YAML template was not deployed from cdk.out)')
      : observed({ ...where, source: 'cloudformation:GetTemplate' }, 'template sha256', expectedHash, deployedHash, deployedHash === expectedHash,
        deployedHash === expectedHash ? `the same template as ${stack.templateFile}` : `the deployed template is not ${stack.templateFile}: deploy this assembly, or observe the one that was deployed`));
  }

  const physical = new Map<string, string>();
  const listed = await ctx.call({ ...where, source: 'cloudformation:ListStackResources' }, async (abortSignal) => {
    const all: StackResourceSummary[] = [];
    for await (const page of paginateListStackResources({ client: cfn }, { StackName: stack.stackName }, { abortSignal } as any)) {
      all.push(...(page.StackResourceSummaries ?? []));
    }
    return all;
  });
  if (listed.ok) {
    for (const r of listed.value) {
      if (r.LogicalResourceId && r.PhysicalResourceId) {
        physical.set(r.LogicalResourceId, r.PhysicalResourceId);
      }
    }
  } else {
    facts.push(unread({ ...where, source: 'cloudformation:ListStackResources' }, 'stack resources', 'the physical ids of the stack\'s resources', listed.reason));
  }
  if (ctx.settings.drift) {
    facts.push(await observeDrift(ctx, cfn, { ...where, source: 'cloudformation:DetectStackDrift' }, stack.stackName));
  }
  return { stack, region, account, partition: arn?.[1] ?? 'aws', deployed: true, physical, createdAt: found.CreationTime, facts };
}

/**
 * Starts drift detection and waits for it with backoff (the first wait `driftPollMs`, doubled each
 * time, at most 10 s), within the time limit.
 */
async function observeDrift(ctx: ObserveContext, cfn: CloudFormationClient, where: CallLabel, stackName: string): Promise<ObservedFact> {
  const path = 'StackDriftStatus';
  const started = await ctx.call(where, (abortSignal) => cfn.send(new DetectStackDriftCommand({ StackName: stackName }), { abortSignal }));
  if (!started.ok || !started.value.StackDriftDetectionId) {
    return unread(where, path, 'IN_SYNC', started.ok ? 'DetectStackDrift returned no detection id' : started.reason);
  }
  const poll = { ...where, source: 'cloudformation:DescribeStackDriftDetectionStatus' };
  let wait = ctx.settings.driftPollMs ?? 2000;
  for (;;) {
    await ctx.sleep(wait);
    const status = await ctx.call(poll, (abortSignal) =>
      cfn.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId: started.value.StackDriftDetectionId }), { abortSignal }));
    if (!status.ok) {
      return unread(poll, path, 'IN_SYNC', status.reason);
    }
    const s = status.value;
    if (s.DetectionStatus === 'DETECTION_COMPLETE') {
      const inSync = s.StackDriftStatus === 'IN_SYNC';
      return observed(poll, path, 'IN_SYNC', String(s.StackDriftStatus), inSync,
        inSync ? undefined : `${s.DriftedStackResourceCount ?? 'some'} resource(s) drifted from the template: see the stack's drifts in the console`);
    }
    if (s.DetectionStatus === 'DETECTION_FAILED') {
      return unread(poll, path, 'IN_SYNC', `drift detection failed: ${s.DetectionStatusReason ?? 'no reason given'}`);
    }
    wait = Math.min(wait * 2, 10_000);
  }
}
