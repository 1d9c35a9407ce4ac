import * as path from 'path';
import { pathToFileURL } from 'url';
import { catalogClaim } from './catalog';
import { ClaimResult, ComplianceFinding, EvidenceResult, Fact } from './model';
import { ObservationFile } from './observation';
import { observedClaim, observedCounts, observedFailingClaims, observedWhen } from './report-observed';

/**
 * The evidence report for code-scanning tools: SARIF 2.1.0, one run. Each claim is a rule with
 * one result (VIOLATED fails, PROVEN passes, NOT_PROVABLE asks for review); each compliance
 * finding is a result of its pack's rule, acknowledged ones carrying their reason as a suppression.
 *
 * @see https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */

/** The SARIF schema the log names. */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Where the tool is documented. */
export const INFORMATION_URI = 'https://github.com/cdk-data-protection/cdk-data-protection';

/** The base id of the artifact locations: the cloud assembly directory. */
const ASSEMBLY_BASE = 'ASSEMBLY';

// The subset of the SARIF 2.1.0 object model this writer emits.
interface SarifMessage { text: string }
interface SarifArtifactLocation { uri: string; uriBaseId?: string; description?: SarifMessage }
interface SarifLogicalLocation { name?: string; fullyQualifiedName?: string; kind?: string }
interface SarifLocation {
  physicalLocation?: { artifactLocation: SarifArtifactLocation };
  logicalLocations?: SarifLogicalLocation[];
  message?: SarifMessage;
}
interface SarifRule {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
  properties: Record<string, unknown>;
}
type SarifLevel = 'none' | 'note' | 'warning' | 'error';
type SarifKind = 'pass' | 'fail' | 'review' | 'open' | 'notApplicable' | 'informational';
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  kind: SarifKind;
  level: SarifLevel;
  message: SarifMessage;
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  suppressions?: Array<{ kind: 'inSource' | 'external'; status?: 'accepted'; justification: string }>;
  properties?: Record<string, unknown>;
}

/**
 * The evidence report as a SARIF 2.1.0 log.
 *
 * A result whose kind is not `fail` has level `none`, as SARIF requires (§3.27.10): a PROVEN
 * claim is `pass`, an organisational claim is `review`; only VIOLATED claims and open findings
 * are errors.
 *
 * With an observation (`evidence-observed.json`), each claim's result carries its observed verdict
 * in its properties, and each claim observed failing in the live account gets a result of its
 * own at level `error`, located at the first resource whose fact does not hold.
 *
 * @param result the verified assembly, from `verifyAssembly`
 * @param observation the live observation, when there is one
 */
export function sarifReport(result: EvidenceResult, observation?: ObservationFile): string {
  const templates = templateFiles(result);
  // One rule per claim id: two policies may record the same claim with other values (two results).
  const claimRules: SarifRule[] = result.claims.filter((c, i) => result.claims.findIndex((o) => o.id === c.id) === i).map(claimRule);
  const findingRules = findingRulesOf(result.findings);
  const rules = [...claimRules, ...findingRules];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: SarifResult[] = [
    ...result.claims.map((c) => withObserved(claimResult(c, index.get(c.id)!, templates), c, observation)),
    ...(observation
      ? observedFailingClaims(observation, result.claims).map((c) => observedFailingResult(c, index.get(c.id)!, templates, observation))
      : []),
    ...result.findings.flatMap((f) => findingResults(f, index.get(findingRuleId(f))!, templates)),
  ];
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdk-data-protection',
          version: result.toolVersion,
          semanticVersion: /^\d+\.\d+\.\d+/.test(result.toolVersion) ? result.toolVersion : undefined,
          informationUri: INFORMATION_URI,
          rules,
        },
      },
      invocations: [{ executionSuccessful: true, endTimeUtc: result.generatedAt }],
      originalUriBaseIds: { [ASSEMBLY_BASE]: assemblyBase(result.assemblyDirectory) },
      artifacts: [...new Set(templates.values())].sort().map((uri) => ({ location: { uri, uriBaseId: ASSEMBLY_BASE } })),
      results,
      properties: {
        summary: result.summary,
        securityContact: result.securityContact,
        ...(observation ? {
          observation: {
            generatedAt: observation.generatedAt,
            observer: observation.observer,
            summary: observedCounts(observation, result.claims),
          },
        } : {}),
      },
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/**
 * The template file of each stack, relative to the assembly directory. The result names stacks
 * by id; a stack at the top of the assembly (the usual case) has the template `<id>.template.json`.
 */
function templateFiles(result: EvidenceResult): Map<string, string> {
  return new Map(result.stacks.map((s) => {
    const file = (s as { templateFile?: string }).templateFile ?? `${s.id.replace(/\//g, '-')}.template.json`;
    return [s.id, file.split(path.sep).join('/')];
  }));
}

/** The assembly directory as a SARIF base URI: absolute as a file URI, relative to the source root otherwise. */
function assemblyBase(directory: string): SarifArtifactLocation {
  const description = { text: 'The cloud assembly directory (cdk.out) the templates were read from.' };
  if (path.isAbsolute(directory)) {
    const uri = pathToFileURL(directory).href;
    return { uri: uri.endsWith('/') ? uri : `${uri}/`, description };
  }
  const relative = directory.split(path.sep).join('/').replace(/^\.\/?/, '').replace(/\/?$/, '/');
  return { uri: relative === '/' ? './' : encodeURI(relative), uriBaseId: 'SRCROOT', description };
}

/** A rule name in Pascal case from the claim's summary (`DailyBackupsKept14Days`). */
function ruleName(claim: ClaimResult): string {
  const words = (catalogClaim(claim.id)?.summary ?? claim.id).split(/[^A-Za-z0-9]+/).filter((w) => w);
  return words.map((w) => w[0].toUpperCase() + w.slice(1)).join('') || claim.id;
}

function claimRule(claim: ClaimResult): SarifRule {
  const organisational = claim.organisational
    ? ` Not provable from a template: ${claim.organisational}`
    : '';
  return {
    id: claim.id,
    name: ruleName(claim),
    shortDescription: { text: claim.text },
    fullDescription: {
      text: `${claim.text}${organisational} (scope ${claim.scope}; verified from the templates of ${claim.stacks.join(', ') || 'no stack'}.)`,
    },
    helpUri: `${INFORMATION_URI}#evidence-report`,
    defaultConfiguration: { level: claim.scope === 'org' ? 'none' : 'error' },
    properties: {
      'scope': claim.scope,
      'controls': claim.controls,
      'tags': ['security', 'data-protection', `scope:${claim.scope}`,
        ...claim.controls.soc2.map((c) => `soc2:${c}`), ...claim.controls.iso27001.map((c) => `iso27001:${c}`)],
      'security-severity': claim.scope === 'org' ? undefined : '7.0',
    },
  };
}

/** The rule id of a finding: the pack's rule name, prefixed with the pack unless it already is (as acknowledgements name it). */
function findingRuleId(finding: ComplianceFinding): string {
  return finding.rule.startsWith(finding.plugin) ? finding.rule : `${finding.plugin}::${finding.rule}`;
}

function levelOf(severity: string | undefined): SarifLevel {
  switch ((severity ?? '').toLowerCase()) {
    case 'warning':
    case 'warn':
    case 'medium':
      return 'warning';
    case 'info':
    case 'informational':
    case 'low':
      return 'note';
    default:
      return 'error';
  }
}

function findingRulesOf(findings: ComplianceFinding[]): SarifRule[] {
  const rules = new Map<string, SarifRule>();
  for (const finding of findings) {
    const id = findingRuleId(finding);
    if (!rules.has(id)) {
      const description = finding.description || finding.rule;
      rules.set(id, {
        id,
        name: finding.rule,
        shortDescription: { text: description },
        fullDescription: { text: `${description} (compliance pack ${finding.plugin})` },
        defaultConfiguration: { level: levelOf(finding.severity) },
        properties: { plugin: finding.plugin, severity: finding.severity, tags: ['security', 'compliance', finding.plugin] },
      });
    }
  }
  return [...rules.values()].sort((a, b) => a.id.localeCompare(b.id, 'en'));
}

/** The template a fact points at: its stack's, a file it names, or the first stack of the claim. */
function artifactOf(stack: string, fallbackStacks: string[], templates: Map<string, string>): SarifArtifactLocation {
  const direct = templates.get(stack);
  if (direct) {
    return { uri: direct, uriBaseId: ASSEMBLY_BASE };
  }
  if (/\.json$/.test(stack)) {
    return { uri: stack, uriBaseId: ASSEMBLY_BASE };
  }
  const first = [...stack.split(', '), ...fallbackStacks].map((s) => templates.get(s)).find((t) => t !== undefined);
  return { uri: first ?? 'manifest.json', uriBaseId: ASSEMBLY_BASE };
}

function factLocation(f: Fact, claim: ClaimResult, templates: Map<string, string>): SarifLocation {
  const logical: SarifLogicalLocation[] = f.logicalId || f.constructPath
    ? [{ name: f.logicalId ?? f.constructPath, fullyQualifiedName: f.constructPath ?? f.logicalId, kind: 'resource' }]
    : [];
  return {
    physicalLocation: { artifactLocation: artifactOf(f.stack, claim.stacks, templates) },
    ...(logical.length > 0 ? { logicalLocations: logical } : {}),
    message: { text: `${f.propertyPath}: expected ${f.expected}, found ${f.found}${f.note ? ` (${f.note})` : ''}` },
  };
}

function claimResult(claim: ClaimResult, ruleIndex: number, templates: Map<string, string>): SarifResult {
  const located = claim.facts.find((f) => !f.satisfied) ?? claim.facts[0];
  const locations = located
    ? [factLocation(located, claim, templates)]
    : [{
      physicalLocation: { artifactLocation: artifactOf(claim.stacks[0] ?? '', claim.stacks, templates) },
      logicalLocations: [{ name: 'cdk-data-protection', fullyQualifiedName: 'Metadata.cdk-data-protection', kind: 'object' }],
    }];
  const base = {
    ruleId: claim.id,
    ruleIndex,
    locations,
    partialFingerprints: { 'cdkDataProtectionClaim/v1': `${claim.id}|${[...claim.stacks].sort().join(',')}` },
    properties: { verdict: claim.verdict, facts: claim.facts.length, unsatisfiedFacts: claim.facts.filter((f) => !f.satisfied).length },
  };
  switch (claim.verdict) {
    case 'VIOLATED':
      return {
        ...base,
        kind: 'fail',
        level: 'error',
        message: { text: `${claim.id} is violated: ${claim.text} What is missing or wrong: ${claim.gaps.join('; ')}` },
      };
    case 'PROVEN':
      return {
        ...base,
        kind: 'pass',
        level: 'none',
        message: { text: `${claim.id} is proven: ${claim.text} (${claim.facts.length} fact${claim.facts.length === 1 ? '' : 's'} hold)` },
      };
    default:
      return {
        ...base,
        kind: 'review',
        level: 'none',
        message: { text: `${claim.id} is not provable from a template: ${claim.text}${claim.organisational ? ` ${claim.organisational}` : ''}` },
      };
  }
}

/** The stack of a construct path: the longest stack id that prefixes it. */
function stackOfPath(constructPath: string, templates: Map<string, string>): string {
  const match = [...templates.keys()].filter((id) => constructPath === id || constructPath.startsWith(`${id}/`))
    .sort((a, b) => b.length - a.length)[0];
  return match ?? constructPath.split('/')[0];
}

function findingResults(finding: ComplianceFinding, ruleIndex: number, templates: Map<string, string>): SarifResult[] {
  const ruleId = findingRuleId(finding);
  const paths = finding.constructPaths.length > 0 ? finding.constructPaths : [undefined];
  return paths.map((constructPath) => ({
    ruleId,
    ruleIndex,
    kind: 'fail',
    level: levelOf(finding.severity),
    message: { text: `${finding.description || finding.rule}${constructPath ? ` (${constructPath})` : ''}` },
    locations: [constructPath
      ? {
        physicalLocation: { artifactLocation: artifactOf(stackOfPath(constructPath, templates), [], templates) },
        logicalLocations: [{ name: constructPath.split('/').slice(-2).join('/'), fullyQualifiedName: constructPath, kind: 'resource' }],
      }
      : { physicalLocation: { artifactLocation: { uri: 'validation-report.json', uriBaseId: ASSEMBLY_BASE } } }],
    partialFingerprints: { 'cdkDataProtectionFinding/v1': `${ruleId}|${constructPath ?? ''}` },
    ...(finding.acknowledgedReason !== undefined
      ? { suppressions: [{ kind: 'external' as const, status: 'accepted' as const, justification: finding.acknowledgedReason }] }
      : {}),
    properties: { plugin: finding.plugin, severity: finding.severity },
  }));
}

/** A claim's result with its observed verdict, time and period in its properties (unchanged without an observation). */
function withObserved(r: SarifResult, claim: ClaimResult, observation: ObservationFile | undefined): SarifResult {
  if (!observation) {
    return r;
  }
  const p = observedClaim(observation, claim.id);
  return {
    ...r,
    properties: { ...r.properties, observedVerdict: p.verdict, observedAt: p.observedAt, periodStart: p.periodStart, periodEnd: p.periodEnd },
  };
}

/**
 * The result of a claim observed failing in the live account: an error whatever the template
 * verdict, at the first resource whose fact does not hold (in the template of the claim's stack).
 */
function observedFailingResult(claim: ClaimResult, ruleIndex: number, templates: Map<string, string>, observation: ObservationFile): SarifResult {
  const p = observedClaim(observation, claim.id);
  const failing = p.facts.filter((f) => f.satisfied === false);
  const first = failing[0];
  const where = first?.resource ?? [first?.account, first?.region].filter((x) => x).join('/');
  const facts = failing.slice(0, 5).map((f) => `${f.source} ${f.resource ?? ''} ${f.propertyPath}: expected ${f.expected}, found ${f.found}`.replace(/ +/g, ' '));
  return {
    ruleId: claim.id,
    ruleIndex,
    kind: 'fail',
    level: 'error',
    message: {
      text: `${claim.id} is observed failing in the live account (observed ${observedWhen(p)}): ${claim.text}`
        + ` What does not hold: ${facts.join('; ')}${failing.length > facts.length ? `; and ${failing.length - facts.length} more` : ''}`,
    },
    locations: [{
      physicalLocation: { artifactLocation: artifactOf(claim.stacks[0] ?? '', claim.stacks, templates) },
      ...(where ? { logicalLocations: [{ name: where, fullyQualifiedName: where, kind: 'resource' }] } : {}),
      message: { text: first ? `${first.source}: ${first.propertyPath}` : 'observed failing' },
    }],
    partialFingerprints: { 'cdkDataProtectionObserved/v1': `${claim.id}|${[...claim.stacks].sort().join(',')}` },
    properties: {
      observedVerdict: p.verdict,
      observedAt: p.observedAt,
      periodStart: p.periodStart,
      periodEnd: p.periodEnd,
      facts: p.facts.length,
      unsatisfiedFacts: failing.length,
    },
  };
}
