/**
 * What a synthesized cloud assembly holds: templates, their size, resources per type.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The templates of a cloud assembly, summed. */
export interface AssemblyStats {
  /** How many templates. */
  readonly templates: number;
  /** Their total size in bytes. */
  readonly templateBytes: number;
  /** How many resources they declare. */
  readonly resources: number;
  /** Resources per CloudFormation type. */
  readonly resourcesByType: Record<string, number>;
}

interface Template {
  readonly Resources?: Record<string, { readonly Type: string }>;
}

/** The template files of an assembly, nested assemblies (stages) included. */
export function templateFiles(directory: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory() && entry.name.startsWith('assembly-')) {
      files.push(...templateFiles(full));
    } else if (entry.isFile() && entry.name.endsWith('.template.json')) {
      files.push(full);
    }
  }
  return files.sort();
}

/** Counts the templates, bytes and resources of an assembly. */
export function assemblyStats(directory: string): AssemblyStats {
  let templateBytes = 0;
  const resourcesByType: Record<string, number> = {};
  const files = templateFiles(directory);
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf-8');
    templateBytes += Buffer.byteLength(text);
    for (const resource of Object.values((JSON.parse(text) as Template).Resources ?? {})) {
      resourcesByType[resource.Type] = (resourcesByType[resource.Type] ?? 0) + 1;
    }
  }
  const sorted = Object.fromEntries(Object.entries(resourcesByType).sort(([a], [b]) => a.localeCompare(b)));
  return { templates: files.length, templateBytes, resources: Object.values(sorted).reduce((a, b) => a + b, 0), resourcesByType: sorted };
}

/** Sorts object keys at every level, so that two templates compare as text. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(canonical);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/**
 * The logical ids whose resources differ between two assemblies' templates (by template file
 * name and logical id), ignoring key order and the CDK version-reporting resource (it lists
 * the construct libraries used): empty when both declare exactly the same resources.
 */
export function differingResources(a: string, b: string): string[] {
  const resourcesOf = (directory: string) => {
    const all = new Map<string, string>();
    for (const file of templateFiles(directory)) {
      const template = JSON.parse(fs.readFileSync(file, 'utf-8')) as Template;
      for (const [id, resource] of Object.entries(template.Resources ?? {})) {
        if (resource.Type === 'AWS::CDK::Metadata') {
          continue;
        }
        all.set(`${path.relative(directory, file)}:${id}`, JSON.stringify(canonical(resource)));
      }
    }
    return all;
  };
  const left = resourcesOf(a);
  const right = resourcesOf(b);
  const ids = new Set([...left.keys(), ...right.keys()]);
  return [...ids].filter((id) => left.get(id) !== right.get(id)).sort();
}
