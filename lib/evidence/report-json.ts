import { EvidenceResult } from './model';

/**
 * The evidence report for tools: the whole `EvidenceResult` as JSON, with a version of the format.
 * Keys come in the order of the model (`model.ts`), whatever order the objects were built in, so
 * two reports of the same assembly compare line by line; keys the model does not name yet follow.
 */

/** The version of the JSON report's format; raised when a field changes meaning or is removed. */
export const JSON_REPORT_VERSION = 1;

/** The key order of each object of the model. */
const ORDER = {
  result: ['generatedAt', 'toolVersion', 'assemblyDirectory', 'stacks', 'securityContact', 'claims', 'findings', 'acknowledgements', 'register', 'summary'],
  stack: ['id', 'region', 'account', 'resources', 'templateBytes', 'policy', 'role'],
  claim: ['id', 'text', 'scope', 'verdict', 'facts', 'gaps', 'organisational', 'stacks', 'controls'],
  fact: ['stack', 'logicalId', 'constructPath', 'propertyPath', 'expected', 'found', 'satisfied', 'note'],
  controls: ['soc2', 'iso27001', 'gdprArt32', 'cnilSheets'],
  finding: ['plugin', 'rule', 'description', 'severity', 'constructPaths', 'acknowledgedReason'],
  acknowledgement: ['stack', 'logicalId', 'constructPath', 'rule', 'reason', 'owner', 'expires', 'standing', 'library', 'claims'],
  register: ['stack', 'logicalId', 'constructPath', 'type', 'dataClass', 'label', 'protectionLevel', 'personalData', 'purpose',
    'retention', 'region', 'encryption', 'backups', 'processors'],
  summary: ['proven', 'violated', 'notProvable'],
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

/**
 * The evidence report as JSON: `{ "reportVersion": 1, ...result }`, pretty-printed.
 *
 * @param result the verified assembly, from `verifyAssembly`
 */
export function jsonReport(result: EvidenceResult): string {
  const body = ordered({
    ...result,
    stacks: result.stacks.map((s) => ordered(s, ORDER.stack)),
    claims: result.claims.map((c) => ordered({
      ...c,
      facts: c.facts.map((f) => ordered(f, ORDER.fact)),
      controls: ordered(c.controls, ORDER.controls),
    }, ORDER.claim)),
    findings: result.findings.map((f) => ordered(f, ORDER.finding)),
    acknowledgements: result.acknowledgements.map((a) => ordered(a, ORDER.acknowledgement)),
    register: result.register.map((e) => ordered(e, ORDER.register)),
    summary: ordered(result.summary, ORDER.summary),
  }, ORDER.result);
  return `${JSON.stringify({ reportVersion: JSON_REPORT_VERSION, ...body }, null, 2)}\n`;
}
