import * as fs from 'fs';
import * as path from 'path';
import { claimsOfRule, LEDGER_METADATA_KEY } from './acknowledgement-claims';
import { CATALOG, catalogClaim } from './catalog';
import { AssemblyView, ClaimResult, EvidenceResult, Fact, RecordedAcknowledgement, RecordedClaim, StackView, Verdict } from './model';
import { organizationEvidence } from './organization/organization-evidence';
import { CATALOG_KIND, CUSTOM_KIND, PROMISE_KINDS, recordFacts, renderRecorded } from './promises';
import { customVerifier, recordedControls } from './promises/custom';
import { RenderedPromise } from './promises/kind';
import { buildRegister } from './register';
import { VERIFIERS } from './verifiers';

/**
 * Verifies every claim recorded in an assembly's templates and gathers what the report lists
 * besides: compliance findings, acknowledgements and the register of processing activities.
 *
 * @param assembly the assembly, read by `readAssembly`
 * @param now the time the report states (a parameter, so reports can be reproduced in tests)
 */
export function verifyAssembly(assembly: AssemblyView, now: Date = new Date()): EvidenceResult {
  // Claims about other claims (the control mappings) count only what is proven: verified last.
  const groups = claimGroups(assembly.stacks);
  const isMapping = (id: string) => (catalogClaim(id)?.checks ?? []).some((c) => MAPPING_CHECKS.includes(c));
  const first = new Map(groups.filter((g) => !isMapping(g.claim.id)).map((g) => [g, verifyClaim(assembly, g.claim, g.stacks)]));
  const claims = groups.map((g) => first.get(g) ?? verifyClaim(assembly, g.claim, g.stacks, new Set(
    [...first.entries()].filter(([other, r]) => r.verdict === 'PROVEN' && other.stacks.some((s) => g.stacks.includes(s))).map(([, r]) => r.id))));
  const count = (v: Verdict) => claims.filter((c) => c.verdict === v).length;
  return {
    generatedAt: now.toISOString(),
    toolVersion: toolVersion(),
    assemblyDirectory: assembly.directory,
    stacks: assembly.stacks.map((s) => ({
      id: s.id,
      templateFile: s.templateFile,
      region: s.region,
      account: s.account,
      resources: s.resources.length,
      templateBytes: s.templateBytes,
      policy: s.policy?.policy,
      role: s.policy?.role,
    })),
    securityContact: assembly.stacks.find((s) => s.policy)?.policy?.securityContact,
    claims,
    findings: assembly.findings,
    acknowledgements: acknowledgementsOf(assembly.stacks),
    register: buildRegister(assembly),
    summary: { proven: count('PROVEN'), violated: count('VIOLATED'), notProvable: count('NOT_PROVABLE') },
    organization: organizationEvidence(assembly),
  };
}

/**
 * The verdict on one claim over the stacks that record it. The rule that makes the report
 * trustworthy lives here, once: a claim is PROVEN only when its verifiers found at least
 * one fact and every fact is satisfied; `org` claims are NOT_PROVABLE whatever the templates say.
 */
export function verifyClaim(assembly: AssemblyView, claim: RecordedClaim, stacks: StackView[], proven?: ReadonlySet<string>): ClaimResult {
  const stackIds = stacks.map((s) => s.id);
  const entry = claim.kind === CUSTOM_KIND || (claim.kind !== undefined && claim.kind !== CATALOG_KIND) ? undefined : catalogClaim(claim.id);
  const kind = claim.kind === undefined ? undefined : PROMISE_KINDS[claim.kind];
  const violated = (gaps: string[], facts: Fact[] = []): ClaimResult => ({
    id: claim.id,
    kind: claim.kind,
    text: claim.text,
    scope: entry?.scope ?? kind?.scope ?? 'infra',
    organisational: entry?.organisational,
    verdict: 'VIOLATED',
    facts,
    gaps,
    stacks: stackIds,
    controls: entry?.controls ?? kind?.controls ?? (claim.kind === CUSTOM_KIND ? recordedControls(claim.params ?? {}) : EMPTY_CONTROLS),
  });
  if (claim.kind === CUSTOM_KIND) {
    return verifyCustom(assembly, claim, stacks, violated);
  }
  if (claim.kind !== CATALOG_KIND && !kind && !entry) {
    // A newer library recorded a claim this version does not know: say so, never prove it.
    return violated([claim.kind === undefined
      ? `claim ${claim.id} is not in the catalog of cdk-data-protection ${toolVersion()}: verify with the version that synthesized the templates`
      : `claim ${claim.id} is of kind '${claim.kind}', which cdk-data-protection ${toolVersion()} does not know: verify with the version that synthesized the templates`]);
  }
  if (claim.kind === CATALOG_KIND && !entry) {
    return violated([`claim ${claim.id} is not in the catalog of cdk-data-protection ${toolVersion()}: verify with the version that synthesized the templates`]);
  }
  // The sentence and values come from the promise's parameters, never from what the Metadata says.
  let rendered: RenderedPromise;
  try {
    rendered = renderRecorded(claim);
  } catch (err) {
    return violated([`claim ${claim.id} cannot be verified: ${(err as Error).message}`]);
  }
  const recordMismatch = recordFacts(stackIds.join(', '), claim, rendered);
  const base = {
    id: claim.id,
    kind: claim.kind,
    text: rendered.text,
    scope: entry?.scope ?? kind!.scope,
    organisational: entry?.organisational,
    stacks: stackIds,
    controls: entry?.controls ?? kind!.controls,
  };
  if (recordMismatch.length > 0) {
    return { ...base, verdict: 'VIOLATED', facts: recordMismatch, gaps: recordMismatch.map(gapOf) };
  }
  if (entry?.scope === 'org') {
    return { ...base, verdict: 'NOT_PROVABLE', facts: [], gaps: [] };
  }
  const expected = new Map(Object.entries(rendered.expected));
  const input = { stacks, assembly, claim: { ...claim, text: rendered.text }, expected, proven };
  const checked: Fact[] = entry ? entry.checks.flatMap((check) => {
    const verifier = VERIFIERS[check];
    if (!verifier) {
      throw new Error(`claim ${claim.id} names the verifier '${check}', which does not exist`);
    }
    return verifier(input);
  }) : kind!.verify(input, claim.params!);
  return { ...base, ...verdictOf(stacks, checked) };
}

/** The verdict, facts and gaps of checked facts, with the rules every promise shares. */
function verdictOf(stacks: StackView[], checked: Fact[]): { verdict: Verdict; facts: Fact[]; gaps: string[] } {
  const facts = checked.map((f) => conditional(stacks, f));
  facts.push(...nestedStacks(stacks));
  const gaps = facts.filter((f) => !f.satisfied).map(gapOf);
  if (facts.length === 0) {
    gaps.push('the templates show nothing that makes this claim true');
  }
  return { verdict: gaps.length === 0 ? 'PROVEN' : 'VIOLATED', facts, gaps };
}

/**
 * A custom promise: its verifier is code only the defining app has. Without it (the standalone
 * CLI) the promise is NOT_PROVABLE, never PROVEN; with it, its facts decide as for any promise.
 */
function verifyCustom(assembly: AssemblyView, claim: RecordedClaim, stacks: StackView[],
  violated: (gaps: string[], facts?: Fact[]) => ClaimResult): ClaimResult {
  const controls = recordedControls(claim.params ?? {});
  const base = { id: claim.id, kind: claim.kind, text: claim.text, scope: 'infra' as const, stacks: stacks.map((s) => s.id), controls };
  const verifier = customVerifier(claim.id);
  if (!verifier) {
    return {
      ...base,
      verdict: 'NOT_PROVABLE',
      facts: [],
      gaps: [`custom promise ${claim.id}: its verifier is code of the app that defined it, which this process does not have; `
        + 'it is proven only by the report written on `cdk synth`'],
      organisational: 'A custom promise is proven only by its own verifier, which runs on `cdk synth`.',
    };
  }
  if (verifier.text !== claim.text) {
    return violated([`custom promise ${claim.id}: the recorded sentence is not the one the promise was defined with`], [{
      stack: base.stacks.join(', '),
      propertyPath: `Metadata.cdk-data-protection.claims[${claim.id}].text`,
      expected: verifier.text,
      found: claim.text,
      satisfied: false,
    }]);
  }
  let checked: Fact[];
  try {
    checked = verifier.verify({ stacks, assembly, claim, expected: new Map() });
  } catch (err) {
    return violated([`custom promise ${claim.id}: its verifier failed: ${(err as Error).message}`]);
  }
  return { ...base, ...verdictOf(stacks, checked) };
}

const EMPTY_CONTROLS = { soc2: [], iso27001: [], gdprArt32: [], cnilSheets: [] };

/** The verifiers whose facts are about other claims. */
const MAPPING_CHECKS = ['control-mapping', 'art32-mapping'];

/**
 * A fact about a resource that has a CloudFormation `Condition` proves nothing: the resource
 * exists only when the condition holds, which the template alone cannot show.
 */
function conditional(stacks: StackView[], f: Fact): Fact {
  if (!f.satisfied || f.logicalId === undefined) {
    return f;
  }
  const resource = stacks.find((s) => s.id === f.stack)?.resources.find((r) => r.logicalId === f.logicalId);
  const condition = resource?.attributes.Condition;
  return condition === undefined ? f : {
    ...f,
    satisfied: false,
    note: `the resource has Condition ${JSON.stringify(condition)}: it exists only when the condition holds, which the template cannot show`,
  };
}

/**
 * Nested stacks hold resources in templates of their own, which this version does not read: a
 * claim over a stack with one cannot be proven from the parent template alone.
 */
function nestedStacks(stacks: StackView[]): Fact[] {
  return stacks.flatMap((s) => s.resources.filter((r) => r.type === 'AWS::CloudFormation::Stack').map((r) => ({
    stack: s.id,
    logicalId: r.logicalId,
    constructPath: r.constructPath,
    propertyPath: 'Type',
    expected: 'no nested stack (its template is not read)',
    found: r.type,
    satisfied: false,
    note: 'the resources of a nested stack are not verified; a claim cannot be proven over resources the report does not read',
  })));
}

/** One line that says what is wrong with a fact. */
export function gapOf(fact: Fact): string {
  const where = [fact.stack, fact.constructPath ?? fact.logicalId].filter((x) => x).join(' ');
  return `${where} ${fact.propertyPath}: expected ${fact.expected}, found ${fact.found}${fact.note ? ` (${fact.note})` : ''}`;
}

/**
 * The recorded claims with the stacks that record each. Stacks of one policy record the same
 * claim with the same values and are verified together; a claim recorded with other values
 * (another policy) is verified on its own.
 */
function claimGroups(stacks: StackView[]): Array<{ claim: RecordedClaim; stacks: StackView[] }> {
  const groups = new Map<string, { claim: RecordedClaim; stacks: StackView[] }>();
  for (const stack of stacks) {
    for (const claim of stack.policy?.claims ?? []) {
      const key = `${claim.id}\u0000${JSON.stringify(claim.expected)}\u0000${claim.kind}\u0000${JSON.stringify(claim.params)}\u0000${claim.text}`;
      const group = groups.get(key) ?? { claim, stacks: [] };
      group.stacks.push(stack);
      groups.set(key, group);
    }
  }
  const order = (id: string) => {
    const i = CATALOG.findIndex((c) => c.id === id);
    return i < 0 ? CATALOG.length : i;
  };
  return [...groups.values()].sort((a, b) => order(a.claim.id) - order(b.claim.id));
}

function acknowledgementsOf(stacks: StackView[]): RecordedAcknowledgement[] {
  return stacks.flatMap((s) => {
    // The stack's acknowledgement ledger (lib/compliance/ledger.ts): owner and expiry by acknowledging path and rule.
    const ledger = (Array.isArray(s.template.Metadata?.[LEDGER_METADATA_KEY]) ? s.template.Metadata[LEDGER_METADATA_KEY] : []) as LedgerRecord[];
    return s.resources.flatMap((r) =>
      ((r.metadata.cdk_nag?.rules_to_suppress ?? []) as Array<{ id: string; reason: string }>).map((ack) => {
        const entry = ledgerEntry(ledger, ack.id, r.constructPath);
        return {
          stack: s.id,
          logicalId: r.logicalId,
          constructPath: r.constructPath,
          rule: ack.id,
          reason: ack.reason,
          ...(entry?.owner !== undefined ? { owner: entry.owner } : {}),
          ...(entry?.expires !== undefined ? { expires: entry.expires } : {}),
          ...(entry?.library ? { library: true } : {}),
          ...(entry !== undefined ? { standing: entry.expires === undefined } : {}),
          claims: claimsOfRule(ack.id),
        };
      }));
  });
}

/** A record of the ledger (lib/compliance/ledger.ts): the rules acknowledged on one construct with one owner and expiry. */
interface LedgerRecord { path: string; rules: string[]; owner?: string; expires?: string; library?: boolean }

/** The ledger entry of an acknowledgement: same rule, made on the resource or the nearest construct above it. */
function ledgerEntry(ledger: LedgerRecord[], rule: string, constructPath: string | undefined): LedgerRecord | undefined {
  if (constructPath === undefined) {
    return undefined;
  }
  const sameRule = (given: string) => given === rule || `DataProtection::${given}` === rule;
  return ledger
    .filter((e) => typeof e?.path === 'string' && Array.isArray(e.rules) && e.rules.some((r) => sameRule(String(r)))
      && (constructPath === e.path || constructPath.startsWith(`${e.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

let version: string | undefined;

/** The version of this library, from its package.json. */
export function toolVersion(): string {
  if (version === undefined) {
    try {
      version = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf-8')).version as string;
    } catch {
      version = '0.0.0';
    }
  }
  return version;
}
