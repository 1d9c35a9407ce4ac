import { CloudTrailClient, DescribeTrailsCommand, GetTrailCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient, DescribeConfigurationRecorderStatusCommand } from '@aws-sdk/client-config-service';
import { GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { BatchGetAccountStatusCommand, Inspector2Client } from '@aws-sdk/client-inspector2';
import { paginateGetEnabledStandards, SecurityHubClient, StandardsSubscription } from '@aws-sdk/client-securityhub';
import { CallLabel, inParallel, ObserveContext, observed, unread } from './context';
import { literal, locateAll } from './locate';
import type { StackState } from './stacks';
import { PromiseTarget, resourcesFor } from './targets';
import type { ObservedFact } from '../evidence/observation';

/**
 * Detection: the GuardDuty detector enabled with the promised features, the Security Hub
 * standards enabled, the Config recorder recording, Inspector enabled, and the trail logging with
 * log-file validation.
 *
 * @see https://docs.aws.amazon.com/guardduty/latest/APIReference/API_GetDetector.html
 * @see https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_GetEnabledStandards.html
 * @see https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigurationRecorderStatus.html
 * @see https://docs.aws.amazon.com/inspector/v2/APIReference/API_BatchGetAccountStatus.html
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html
 */

type States = ReadonlyMap<string, StackState>;

/** The (account, region) pairs of the promise's deployed stacks. */
function places(target: PromiseTarget, states: States): Array<{ region: string; account?: string }> {
  const seen = new Map<string, { region: string; account?: string }>();
  for (const s of target.stacks) {
    const state = states.get(s.id);
    if (state?.deployed && state.region) {
      seen.set(`${state.account}|${state.region}`, { region: state.region, account: state.account });
    }
  }
  return [...seen.values()];
}

/** GuardDuty: each detector of the template (or, when the template has none, the region's detector) enabled with its features. */
export async function guardDutyFacts(ctx: ObserveContext, target: PromiseTarget, states: States): Promise<ObservedFact[]> {
  const templateDetectors = resourcesFor(target, 'AWS::GuardDuty::Detector');
  const { located, facts } = locateAll(states, templateDetectors, 'guardduty:GetDetector', 'Status', 'ENABLED');
  const detectors: Array<{ region: string; account?: string; id: string; features: unknown }> = located
    .map((l) => ({ region: l.region, account: l.account, id: l.id, features: l.resource.properties.Features }));
  if (templateDetectors.length === 0) {
    for (const p of places(target, states)) {
      const where: CallLabel = { source: 'guardduty:ListDetectors', ...p };
      const listed = await ctx.once(`gd-list|${p.region}`, () => ctx.call(where, (abortSignal) =>
        ctx.client(GuardDutyClient, p.region).send(new ListDetectorsCommand({}), { abortSignal })));
      if (!listed.ok) {
        facts.push(unread(where, 'detector', 'a GuardDuty detector', listed.reason));
      } else if (!listed.value.DetectorIds?.length) {
        facts.push(observed(where, 'detector', 'a GuardDuty detector', '(none)', false, 'GuardDuty is not enabled in this region'));
      } else {
        detectors.push({ ...p, id: listed.value.DetectorIds[0], features: undefined });
      }
    }
  }
  for (const d of detectors) {
    const where: CallLabel = { source: 'guardduty:GetDetector', region: d.region, account: d.account, resource: d.id };
    const read = await ctx.once(`gd|${d.region}|${d.id}`, () => ctx.call(where, (abortSignal) =>
      ctx.client(GuardDutyClient, d.region).send(new GetDetectorCommand({ DetectorId: d.id }), { abortSignal })));
    if (!read.ok) {
      facts.push(unread(where, 'Status', 'ENABLED', read.reason));
      continue;
    }
    facts.push(observed(where, 'Status', 'ENABLED', String(read.value.Status), read.value.Status === 'ENABLED'));
    for (const f of Array.isArray(d.features) ? d.features : []) {
      const name = literal(f?.Name);
      if (!name || literal(f?.Status) !== 'ENABLED') {
        continue;
      }
      const found = read.value.Features?.find((x) => x.Name === name)?.Status ?? '(not listed)';
      facts.push(observed(where, `Features[${name}].Status`, 'ENABLED', String(found), found === 'ENABLED'));
    }
  }
  return facts;
}

/** Security Hub: every standard the template enables (or at least one) is READY, in each region of the promise. */
export async function securityHubFacts(ctx: ObserveContext, target: PromiseTarget, states: States): Promise<ObservedFact[]> {
  const hubResources = target.stacks.flatMap((s) => s.resources).filter((r) => r.type.startsWith('AWS::SecurityHub::'));
  if (hubResources.length === 0) {
    return [];
  }
  const wanted = hubResources.filter((r) => r.type === 'AWS::SecurityHub::Standard').map((r) => literal(r.properties.StandardsArn)).filter((a): a is string => a !== undefined);
  const facts: ObservedFact[] = [];
  for (const p of places(target, states)) {
    const where: CallLabel = { source: 'securityhub:GetEnabledStandards', ...p };
    const read = await ctx.once(`sh|${p.region}`, () => ctx.call(where, async (abortSignal) => {
      const all: StandardsSubscription[] = [];
      for await (const page of paginateGetEnabledStandards({ client: ctx.client(SecurityHubClient, p.region) }, {}, { abortSignal } as any)) {
        all.push(...(page.StandardsSubscriptions ?? []));
      }
      return all;
    }));
    if (!read.ok) {
      const off = /not subscribed/i.test(read.reason);
      facts.push(off ? observed(where, 'StandardsStatus', 'READY', '(Security Hub not enabled)', false) : unread(where, 'StandardsStatus', 'READY', read.reason));
      continue;
    }
    const ready = read.value.filter((s) => s.StandardsStatus === 'READY');
    if (wanted.length === 0) {
      facts.push(observed(where, 'StandardsStatus', '>= 1 standard READY', `${ready.length} READY of ${read.value.length}`, ready.length > 0));
    }
    for (const arn of wanted) {
      // The template names a standard by its region-specific ARN (`arn:aws:securityhub:<region>::standards/...`).
      const s = read.value.find((x) => x.StandardsArn === arn);
      facts.push(observed({ ...where, resource: arn }, 'StandardsStatus', 'READY', s ? String(s.StandardsStatus) : '(not enabled)', s?.StandardsStatus === 'READY'));
    }
  }
  return facts;
}

/** AWS Config: every recorder in the region is recording and its last delivery did not fail, when the template creates a recorder. */
export async function configRecorderFacts(ctx: ObserveContext, target: PromiseTarget, states: States): Promise<ObservedFact[]> {
  if (!target.stacks.some((s) => s.resources.some((r) => r.type === 'AWS::Config::ConfigurationRecorder'))) {
    return [];
  }
  const facts: ObservedFact[] = [];
  for (const p of places(target, states)) {
    const where: CallLabel = { source: 'config:DescribeConfigurationRecorderStatus', ...p };
    const read = await ctx.once(`config|${p.region}`, () => ctx.call(where, (abortSignal) =>
      ctx.client(ConfigServiceClient, p.region).send(new DescribeConfigurationRecorderStatusCommand({}), { abortSignal })));
    if (!read.ok) {
      facts.push(unread(where, 'recording', 'true', read.reason));
      continue;
    }
    const recorders = read.value.ConfigurationRecordersStatus ?? [];
    if (recorders.length === 0) {
      facts.push(observed(where, 'recording', 'true', '(no recorder)', false));
    }
    for (const r of recorders) {
      facts.push(observed({ ...where, resource: r.name }, 'recording', 'true', `${String(r.recording === true)}${r.lastStatus ? ` (last status ${r.lastStatus})` : ''}`,
        r.recording === true && String(r.lastStatus) !== 'Failure'));
    }
  }
  return facts;
}

/** Amazon Inspector: the account enabled, with each resource type the template's Enable call names. */
export async function inspectorFacts(ctx: ObserveContext, target: PromiseTarget, states: States): Promise<ObservedFact[]> {
  const types = new Set<string>();
  for (const r of target.stacks.flatMap((s) => s.resources)) {
    const create = r.properties.Create;
    if (typeof create === 'string' && /inspector2/i.test(create)) {
      try {
        for (const t of JSON.parse(create)?.parameters?.resourceTypes ?? []) types.add(String(t).toLowerCase());
      } catch {
        // a Create call with tokens: the account status alone is read
      }
    }
  }
  const facts: ObservedFact[] = [];
  for (const p of places(target, states)) {
    const where: CallLabel = { source: 'inspector2:BatchGetAccountStatus', ...p };
    const read = await ctx.once(`inspector|${p.account}|${p.region}`, () => ctx.call(where, (abortSignal) =>
      ctx.client(Inspector2Client, p.region)
        .send(new BatchGetAccountStatusCommand({ accountIds: p.account ? [p.account] : undefined }), { abortSignal })));
    if (!read.ok) {
      facts.push(unread(where, 'state.status', 'ENABLED', read.reason));
      continue;
    }
    const account = read.value.accounts?.[0];
    facts.push(observed(where, 'state.status', 'ENABLED', String(account?.state?.status ?? '(not returned)'), account?.state?.status === 'ENABLED'));
    const resourceState = (account?.resourceState ?? {}) as Record<string, { status?: string } | undefined>;
    for (const t of [...types].sort()) {
      const found = resourceState[t === 'lambda_code' ? 'lambdaCode' : t]?.status ?? '(not returned)';
      facts.push(observed(where, `resourceState.${t}.status`, 'ENABLED', found, found === 'ENABLED'));
    }
  }
  return facts;
}

/**
 * CloudTrail: each trail of the promise logging, with log-file validation when the template enables
 * it. When the promise's stacks create no trail (an organization trail made elsewhere), the trails
 * the region's DescribeTrails shows (shadow trails of other regions and of the organization
 * included): at least one must be logging.
 */
export async function trailFacts(ctx: ObserveContext, target: PromiseTarget, states: States): Promise<ObservedFact[]> {
  const templateTrails = resourcesFor(target, 'AWS::CloudTrail::Trail');
  const { located, facts } = locateAll(states, templateTrails, 'cloudtrail:GetTrailStatus', 'IsLogging', 'true');
  facts.push(...(await inParallel(located, async (l) => {
    const mine: ObservedFact[] = [];
    const validation = l.resource.properties.EnableLogFileValidation === true;
    mine.push(...await trailState(ctx, { region: l.region, account: l.account, name: l.id, validation }));
    return mine;
  })));
  if (templateTrails.length === 0) {
    for (const p of places(target, states)) {
      const where: CallLabel = { source: 'cloudtrail:DescribeTrails', ...p };
      const listed = await ctx.once(`trails|${p.region}`, () => ctx.call(where, (abortSignal) =>
        ctx.client(CloudTrailClient, p.region).send(new DescribeTrailsCommand({ includeShadowTrails: true }), { abortSignal })));
      if (!listed.ok) {
        facts.push(unread(where, 'trail', 'a logging trail', listed.reason));
        continue;
      }
      const trails = listed.value.trailList ?? [];
      if (trails.length === 0) {
        facts.push(observed(where, 'trail', 'a logging trail', '(none)', false, 'no trail records this region\'s activity'));
      }
      for (const t of trails) {
        // A shadow trail is read in its home region.
        const name = t.TrailARN ?? String(t.Name);
        const validation = t.LogFileValidationEnabled === true;
        facts.push(...await trailState(ctx, { region: t.HomeRegion ?? p.region, account: p.account, name, validation }));
      }
    }
  }
  return facts;
}

async function trailState(ctx: ObserveContext, t: { region: string; account?: string; name: string; validation: boolean }): Promise<ObservedFact[]> {
  const client = ctx.client(CloudTrailClient, t.region);
  const where: CallLabel = { source: 'cloudtrail:GetTrailStatus', region: t.region, account: t.account, resource: t.name };
  const status = await ctx.once(`trail-status|${t.region}|${t.name}`, () => ctx.call(where, (abortSignal) =>
    client.send(new GetTrailStatusCommand({ Name: t.name }), { abortSignal })));
  const facts = [status.ok ? observed(where, 'IsLogging', 'true', String(status.value.IsLogging === true), status.value.IsLogging === true)
    : unread(where, 'IsLogging', 'true', status.reason)];
  if (t.validation) {
    const at: CallLabel = { ...where, source: 'cloudtrail:GetTrail' };
    const trail = await ctx.once(`trail|${t.region}|${t.name}`, () => ctx.call(at, (abortSignal) => client.send(new GetTrailCommand({ Name: t.name }), { abortSignal })));
    const validated = trail.ok && trail.value.Trail?.LogFileValidationEnabled === true;
    facts.push(trail.ok ? observed(at, 'LogFileValidationEnabled', 'true', String(validated), validated) : unread(at, 'LogFileValidationEnabled', 'true', trail.reason));
  }
  return facts;
}
