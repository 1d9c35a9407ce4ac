import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { stackView } from '../../lib/evidence/assembly';
import { AssemblyView, ComplianceFinding, Fact, RecordedClaim, StackView, Verifier } from '../../lib/evidence/model';

/** The view the verifiers get of a synthesized CDK stack (its template, region and account). */
export function viewOfStack(stack: Stack): StackView {
  return stackView({
    id: stack.artifactId,
    template: Template.fromStack(stack).toJSON(),
    region: Stack.of(stack).region.startsWith('${') ? undefined : stack.region,
    account: stack.account.startsWith('${') ? undefined : stack.account,
  });
}

/** A view of a hand-written template (a fixture), in us-east-1 unless told otherwise. */
export function viewOfTemplate(template: Record<string, any>, options: { id?: string; region?: string; account?: string } = {}): StackView {
  return stackView({ id: options.id ?? 'Fixture', template, region: 'region' in options ? options.region : 'us-east-1', account: options.account });
}

/** An assembly of the given stacks, with an optional validation report. */
export function assemblyOf(stacks: StackView[],
  options: { findings?: ComplianceFinding[]; validationReport?: boolean; files?: string[] } = {}): AssemblyView {
  return {
    directory: '/nonexistent',
    stacks,
    findings: options.findings ?? [],
    validationReportPresent: options.validationReport ?? true,
    files: options.files ?? [],
  };
}

/**
 * Runs a verifier the way the report does: over `stacks`, for a claim with the given expectations.
 *
 * @param others stacks of the assembly that do not record the claim (off-site vault stacks)
 */
export function runVerifier(verifier: Verifier, stacks: StackView[], expected: Record<string, string> = {},
  options: { claimId?: string; others?: StackView[]; assembly?: Partial<AssemblyView> } = {}): Fact[] {
  const claim: RecordedClaim = {
    id: options.claimId ?? 'TEST',
    text: 'test claim',
    expected: Object.entries(expected).map(([property, value]) => ({ property, value })),
  };
  const assembly = { ...assemblyOf([...stacks, ...(options.others ?? [])]), ...options.assembly };
  return verifier({ stacks, assembly, claim, expected: new Map(Object.entries(expected)) });
}

/** Whether the facts prove a claim: at least one, all satisfied (the report's rule). */
export function proves(facts: Fact[]): boolean {
  return facts.length > 0 && facts.every((f) => f.satisfied);
}

/** The unsatisfied facts, for `toMatchObject` assertions on what was expected and found. */
export function failing(facts: Fact[]): Fact[] {
  return facts.filter((f) => !f.satisfied);
}
