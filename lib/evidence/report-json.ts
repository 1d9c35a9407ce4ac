import { EvidenceResult } from './model';
import { ObservationFile } from './observation';
import { observedClaim, observedCounts } from './report-observed';

/**
 * The evidence report for tools: the whole `EvidenceResult` as JSON, with a version of the format.
 * Keys come in the order of the model (`model.ts`), whatever order the objects were built in, so
 * two reports of the same assembly compare line by line; keys the model does not name yet follow.
 */

/** The version of the JSON report's format; raised when a field changes meaning or is removed. */
export const JSON_REPORT_VERSION = 1;

/** The key order of each object of the model. */
const ORDER = {
  result: ['generatedAt', 'toolVersion', 'assemblyDirectory', 'stacks', 'securityContact', 'observation', 'claims', 'findings', 'acknowledgements',
    'register', 'summary'],
  stack: ['id', 'region', 'account', 'resources', 'templateBytes', 'policy', 'role'],
  claim: ['id', 'text', 'scope', 'verdict', 'observed', 'facts', 'gaps', 'organisational', 'stacks', 'controls'],
  fact: ['stack', 'logicalId', 'constructPath', 'propertyPath', 'expected', 'found', 'satisfied', 'note'],
  controls: ['soc2', 'iso27001', 'gdprArt32', 'cnilSheets'],
  finding: ['plugin', 'rule', 'description', 'severity', 'constructPaths', 'acknowledgedReason'],
  acknowledgement: ['stack', 'logicalId', 'constructPath', 'rule', 'reason', 'owner', 'expires', 'standing', 'library', 'claims'],
  register: ['stack', 'logicalId', 'constructPath', 'type', 'dataClass', 'label', 'protectionLevel', 'personalData', 'purpose',
    'retention', 'region', 'encryption', 'backups', 'processors'],
  summary: ['proven', 'violated', 'notProvable', 'observed', 'observedFailing', 'notObserved'],
  observation: ['generatedAt', 'observer', 'targets'],
  observed: ['verdict', 'observedAt', 'periodStart', 'periodEnd', 'facts', 'notObserved'],
  observedFact: ['account', 'region', 'source', 'resource', 'propertyPath', 'expected', 'found', 'satisfied', 'note'],
};

/** A copy of `value` with the named keys first, in that order, then the others in their own order. */
function ordered<T extends object>(value: T, keys: string[]): Record<string, unknown> {
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    if (key in source) {
      out[key] = source[key];
    }
  }
  for (const [key, v] of Object.entries(source)) {
    if (!(key in out)) {
      out[key] = v;
    }
  }
  return out;
}

/** The observed side of a claim: `{ verdict, observedAt, periodStart, periodEnd, facts, notObserved }`. */
function observedOf(observation: ObservationFile, id: string): Record<string, unknown> {
  const p = observedClaim(observation, id);
  return ordered({
    verdict: p.verdict,
    observedAt: p.observedAt,
    periodStart: p.periodStart,
    periodEnd: p.periodEnd,
    facts: p.facts.map((f) => ordered(f, ORDER.observedFact)),
    notObserved: p.notObserved,
  }, ORDER.observed);
}

/**
 * The evidence report as JSON: `{ "reportVersion": 1, ...result }`, pretty-printed.
 *
 * With an observation (`evidence-observed.json`), each claim has `observed: { verdict, observedAt,
 * periodStart, periodEnd, facts, notObserved }`, the summary counts `observed`, `observedFailing`
 * and `notObserved`, and `observation` says when, by whom and where the account was read.
 *
 * @param result the verified assembly, from `verifyAssembly`
 * @param observation the live observation, when there is one
 */
export function jsonReport(result: EvidenceResult, observation?: ObservationFile): string {
  const body = ordered({
    ...result,
    ...(observation ? {
      observation: ordered({ generatedAt: observation.generatedAt, observer: observation.observer, targets: observation.targets }, ORDER.observation),
    } : {}),
    stacks: result.stacks.map((s) => ordered(s, ORDER.stack)),
    claims: result.claims.map((c) => ordered({
      ...c,
      ...(observation ? { observed: observedOf(observation, c.id) } : {}),
      facts: c.facts.map((f) => ordered(f, ORDER.fact)),
      controls: ordered(c.controls, ORDER.controls),
    }, ORDER.claim)),
    findings: result.findings.map((f) => ordered(f, ORDER.finding)),
    acknowledgements: result.acknowledgements.map((a) => ordered(a, ORDER.acknowledgement)),
    register: result.register.map((e) => ordered(e, ORDER.register)),
    summary: ordered({ ...result.summary, ...(observation ? observedCounts(observation, result.claims) : {}) }, ORDER.summary),
  }, ORDER.result);
  return `${JSON.stringify({ reportVersion: JSON_REPORT_VERSION, ...body }, null, 2)}\n`;
}
