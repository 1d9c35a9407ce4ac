import * as fs from 'fs';
import * as path from 'path';
import { CATALOG, catalogClaim } from './catalog';
import { AssemblyView, ClaimResult, EvidenceResult, Fact, RecordedAcknowledgement, RecordedClaim, StackView, Verdict } from './model';
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
  };
}

/**
 * The verdict on one claim over the stacks that record it. The rule that makes the report
 * trustworthy lives here, once: a claim is PROVEN only when its verifiers found at least
 * one fact and every fact is satisfied; `org` claims are NOT_PROVABLE whatever the templates say.
 */
export function verifyClaim(assembly: AssemblyView, claim: RecordedClaim, stacks: StackView[], proven?: ReadonlySet<string>): ClaimResult {
  const entry = catalogClaim(claim.id);
  if (!entry) {
    // A newer library recorded a claim this version does not know: say so, never prove it.
    return {
      id: claim.id,
      text: claim.text,
      scope: 'infra',
      verdict: 'VIOLATED',
      facts: [],
      gaps: [`claim ${claim.id} is not in the catalog of cdk-data-protection ${toolVersion()}: verify with the version that synthesized the templates`],
      stacks: stacks.map((s) => s.id),
      controls: { soc2: [], iso27001: [], gdprArt32: [], cnilSheets: [] },
    };
  }
  const base = {
    id: claim.id,
    text: claim.text,
    scope: entry.scope,
    organisational: entry.organisational,
    stacks: stacks.map((s) => s.id),
    controls: entry.controls,
  };
  if (entry.scope === 'org') {
    return { ...base, verdict: 'NOT_PROVABLE', facts: [], gaps: [] };
  }
  const expected = new Map(claim.expected.map((e) => [e.property, e.value]));
  const facts: Fact[] = entry.checks.flatMap((check) => {
    const verifier = VERIFIERS[check];
    if (!verifier) {
      throw new Error(`claim ${claim.id} names the verifier '${check}', which does not exist`);
    }
    return verifier({ stacks, assembly, claim, expected, proven });
  }).map((f) => conditional(stacks, f));
  facts.push(...nestedStacks(stacks));
  const gaps = facts.filter((f) => !f.satisfied).map(gapOf);
  if (facts.length === 0) {
    gaps.push('the templates show nothing that makes this claim true');
  }
  return { ...base, verdict: gaps.length === 0 ? 'PROVEN' : 'VIOLATED', facts, gaps };
}

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
      const key = `${claim.id}\u0000${JSON.stringify(claim.expected)}`;
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
  return stacks.flatMap((s) => s.resources.flatMap((r) =>
    ((r.metadata.cdk_nag?.rules_to_suppress ?? []) as Array<{ id: string; reason: string }>).map((ack) => ({
      stack: s.id,
      logicalId: r.logicalId,
      constructPath: r.constructPath,
      rule: ack.id,
      reason: ack.reason,
    }))));
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
