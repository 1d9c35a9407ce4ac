import * as fs from 'fs';
import * as path from 'path';

/**
 * The reading boundary of the evidence report: every file of a cloud assembly is read, parsed and
 * checked for the shape the verifiers rely on here, once, so that a broken or hostile assembly
 * stops with one line naming the file and what is wrong (`AssemblyError`) instead of a raw
 * TypeError deep in a verifier, a stack overflow, or a verdict read from a value of the wrong type.
 */

/**
 * How deep a JSON value of an assembly may nest. Synthesized templates nest about 15 levels
 * (a policy condition inside a statement inside a document inside a resource); the limit keeps the
 * recursive walks of the verifiers and report writers (and `JSON.stringify`) far from the stack's end.
 */
export const MAX_JSON_DEPTH = 200;

/** A cloud assembly file that cannot be read as the evidence report needs it. */
export class AssemblyError extends Error {
  /**
   * @param file the file, as the user named it or relative to the assembly
   * @param problem what is wrong with it
   */
  constructor(public readonly file: string, public readonly problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'AssemblyError';
    Object.setPrototypeOf(this, AssemblyError.prototype);
  }
}

/** A value as an error message shows it: its type and a short excerpt. */
export function brief(value: unknown): string {
  if (Array.isArray(value)) {
    return `an array of ${value.length}`;
  }
  if (value === null) {
    return 'null';
  }
  if (value === undefined) {
    return 'nothing';
  }
  if (typeof value === 'object') {
    return 'an object';
  }
  const text = typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value) : String(value);
  return `${typeof value} ${text}`;
}

/** Whether `value` is a JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads and parses a JSON file of the assembly; fails naming the file when it is missing,
 * unreadable, not JSON (a truncated file) or nested deeper than `MAX_JSON_DEPTH`.
 *
 * @param file the file's path
 * @param shown how the file is named in errors (relative to the assembly)
 */
export function readJsonFile(file: string, shown: string = file): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf-8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AssemblyError(shown, code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot be read (${code ?? (err as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const problem = text.trim() === '' ? 'is empty' : `is not valid JSON (${(err as Error).message.split('\n')[0].slice(0, 120)}); a truncated file?`;
    throw new AssemblyError(shown, problem);
  }
  checkDepth(value, shown);
  return value;
}

/** Fails when `value` nests deeper than `MAX_JSON_DEPTH`; an iterative walk, safe at any depth. */
export function checkDepth(value: unknown, shown: string): void {
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (typeof current !== 'object' || current === null) {
      continue;
    }
    if (depth > MAX_JSON_DEPTH) {
      throw new AssemblyError(shown, `nests deeper than ${MAX_JSON_DEPTH} levels; synthesized templates nest about 15`);
    }
    for (const child of Object.values(current)) {
      if (typeof child === 'object' && child !== null) {
        pending.push([child, depth + 1]);
      }
    }
  }
}

/** A file the manifest names, resolved inside `directory`; fails when it would leave it. */
export function fileInside(directory: string, name: unknown, shown: string, field: string): string {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new AssemblyError(shown, `${field} must be a file name, got ${brief(name)}`);
  }
  const resolved = path.resolve(directory, name);
  const relative = path.relative(path.resolve(directory), resolved);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new AssemblyError(shown, `${field} must name a file inside the assembly directory, got ${brief(name)}`);
  }
  return resolved;
}

/** One artifact of a manifest, as the report reads it. */
export interface ManifestArtifact {
  readonly id: string;
  readonly type: string;
  readonly properties: Record<string, any>;
  readonly environment?: string;
  readonly displayName?: string;
}

/** The artifacts of a parsed `manifest.json`, checked for the fields the report reads. */
export function manifestArtifacts(manifest: unknown, shown: string): ManifestArtifact[] {
  if (!isObject(manifest)) {
    throw new AssemblyError(shown, `must hold a JSON object, got ${brief(manifest)}`);
  }
  const artifacts = manifest.artifacts ?? {};
  if (!isObject(artifacts)) {
    throw new AssemblyError(shown, `artifacts must be an object of artifacts by id, got ${brief(artifacts)}`);
  }
  const result: ManifestArtifact[] = [];
  for (const [id, artifact] of Object.entries(artifacts)) {
    if (!isObject(artifact)) {
      throw new AssemblyError(shown, `artifact ${id} must be an object, got ${brief(artifact)}`);
    }
    const type = artifact.type;
    if (typeof type !== 'string') {
      throw new AssemblyError(shown, `artifact ${id}: type must be a string, got ${brief(type)}`);
    }
    const reads = type === 'aws:cloudformation:stack' || type === 'cdk:cloud-assembly';
    if (reads && !isObject(artifact.properties)) {
      throw new AssemblyError(shown, `artifact ${id} (${type}) has no properties object, got ${brief(artifact.properties)}`);
    }
    for (const field of ['environment', 'displayName'] as const) {
      if (artifact[field] !== undefined && typeof artifact[field] !== 'string') {
        throw new AssemblyError(shown, `artifact ${id}: ${field} must be a string, got ${brief(artifact[field])}`);
      }
    }
    if (type === 'aws:cloudformation:stack' && artifact.properties.stackName !== undefined && typeof artifact.properties.stackName !== 'string') {
      throw new AssemblyError(shown, `artifact ${id}: properties.stackName must be a string, got ${brief(artifact.properties.stackName)}`);
    }
    result.push({ id, type, properties: artifact.properties ?? {}, environment: artifact.environment, displayName: artifact.displayName });
  }
  return result;
}

/** The template Metadata key under which each stack records its policy and claims. */
const POLICY_KEY = 'cdk-data-protection';

/**
 * Checks a parsed template for the shape the verifiers read: an object whose `Resources` is an
 * object of resources, each an object with a string `Type` and object `Properties` and `Metadata`;
 * the policy record, when there is one, as `policyRecordShape` checks it.
 */
export function templateShape(template: unknown, shown: string): Record<string, any> {
  if (!isObject(template)) {
    throw new AssemblyError(shown, `must hold a template object, got ${brief(template)}`);
  }
  for (const section of ['Resources', 'Metadata', 'Outputs', 'Parameters', 'Conditions', 'Mappings']) {
    if (template[section] !== undefined && !isObject(template[section])) {
      throw new AssemblyError(shown, `${section} must be an object by logical id, got ${brief(template[section])}`);
    }
  }
  for (const [id, resource] of Object.entries<unknown>(template.Resources ?? {})) {
    if (!isObject(resource)) {
      throw new AssemblyError(shown, `Resources.${id} must be an object, got ${brief(resource)}`);
    }
    if (typeof resource.Type !== 'string' || resource.Type === '') {
      throw new AssemblyError(shown, `Resources.${id}.Type must be a resource type name, got ${brief(resource.Type)}`);
    }
    for (const field of ['Properties', 'Metadata']) {
      if (resource[field] !== undefined && !isObject(resource[field])) {
        throw new AssemblyError(shown, `Resources.${id}.${field} must be an object, got ${brief(resource[field])}`);
      }
    }
  }
  const record = template.Metadata?.[POLICY_KEY];
  if (record !== undefined) {
    policyRecordShape(record, `${shown}: Metadata.${POLICY_KEY}`);
  }
  return template;
}

/**
 * Checks the policy record a stack's template holds: the fields the verifiers read, with their
 * types. The claims are checked by `claimShape` alone, so that a change of what a claim records
 * changes one function.
 */
export function policyRecordShape(record: unknown, shown: string): void {
  if (!isObject(record)) {
    throw new AssemblyError(shown, `must be an object, got ${brief(record)}`);
  }
  const optionalString = ['policy', 'securityContact', 'region', 'role'];
  for (const field of optionalString) {
    if (record[field] !== undefined && typeof record[field] !== 'string') {
      throw new AssemblyError(shown, `${field} must be a string, got ${brief(record[field])}`);
    }
  }
  for (const field of ['allowedAccounts', 'compliancePacks']) {
    const value = record[field];
    if (value !== undefined && !(Array.isArray(value) && value.every((v) => typeof v === 'string'))) {
      throw new AssemblyError(shown, `${field} must be a list of strings, got ${brief(value)}`);
    }
  }
  const classes = record.dataClasses;
  if (classes !== undefined && !(Array.isArray(classes) && classes.every(isObject))) {
    throw new AssemblyError(shown, `dataClasses must be a list of objects, got ${brief(classes)}`);
  }
  if (record.claims === undefined) {
    return;
  }
  if (!Array.isArray(record.claims)) {
    throw new AssemblyError(shown, `claims must be a list of claims, got ${brief(record.claims)}`);
  }
  record.claims.forEach((claim: unknown, i: number) => claimShape(claim, `${shown}: claims[${i}]`));
}

/** Checks one recorded claim: an id, its text and its expectations (property and value strings). */
export function claimShape(claim: unknown, shown: string): void {
  if (!isObject(claim)) {
    throw new AssemblyError(shown, `must be an object, got ${brief(claim)}`);
  }
  for (const field of ['id', 'text']) {
    if (typeof claim[field] !== 'string') {
      throw new AssemblyError(shown, `${field} must be a string, got ${brief(claim[field])}`);
    }
  }
  const expected = claim.expected;
  if (!Array.isArray(expected) || !expected.every((e) => isObject(e) && typeof e.property === 'string' && typeof e.value === 'string')) {
    throw new AssemblyError(shown, `expected must be a list of { property, value } strings, got ${brief(expected)}`);
  }
}

/** Checks a parsed `validation-report.json` for the fields the report reads. */
export function validationReportShape(report: unknown, shown: string): Record<string, any> {
  if (!isObject(report)) {
    throw new AssemblyError(shown, `must hold a JSON object, got ${brief(report)}`);
  }
  const plugins = report.pluginReports ?? [];
  if (!Array.isArray(plugins)) {
    throw new AssemblyError(shown, `pluginReports must be a list, got ${brief(plugins)}`);
  }
  plugins.forEach((plugin: unknown, i: number) => {
    if (!isObject(plugin)) {
      throw new AssemblyError(shown, `pluginReports[${i}] must be an object, got ${brief(plugin)}`);
    }
    for (const list of ['violations', 'suppressedViolations']) {
      const violations = plugin[list] ?? [];
      if (!Array.isArray(violations)) {
        throw new AssemblyError(shown, `pluginReports[${i}].${list} must be a list, got ${brief(violations)}`);
      }
      violations.forEach((v: unknown, j: number) => {
        const where = `pluginReports[${i}].${list}[${j}]`;
        if (!isObject(v) || typeof v.ruleName !== 'string') {
          throw new AssemblyError(shown, `${where} must be an object with a ruleName string, got ${brief(v)}`);
        }
        if (v.violatingConstructs !== undefined && !(Array.isArray(v.violatingConstructs) && v.violatingConstructs.every(isObject))) {
          throw new AssemblyError(shown, `${where}.violatingConstructs must be a list of objects, got ${brief(v.violatingConstructs)}`);
        }
      });
    }
  });
  return report;
}
