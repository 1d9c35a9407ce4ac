import { Fact, ResourceView, StackView } from './model';

/**
 * Small helpers the verifiers share to read templates and state facts. Each is pure.
 */

/** Every resource of the given types in the stacks, in template order. */
export function resourcesOf(stacks: StackView[], ...types: string[]): ResourceView[] {
  return stacks.flatMap((s) => s.resources.filter((r) => types.includes(r.type)));
}

/** The resource a `Ref` or `Fn::GetAtt` points to in the same stack, if any. */
export function referenced(stacks: StackView[], from: ResourceView, value: unknown): ResourceView | undefined {
  const id = refTarget(value);
  if (id === undefined) {
    return undefined;
  }
  return stacks.find((s) => s.id === from.stack)?.resources.find((r) => r.logicalId === id);
}

/** The logical id a `{ Ref }` or `{ 'Fn::GetAtt': [id, attr] }` names, if `value` is one. */
export function refTarget(value: unknown): string | undefined {
  if (value && typeof value === 'object') {
    const v = value as Record<string, any>;
    if (typeof v.Ref === 'string') {
      return v.Ref;
    }
    const getAtt = v['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') {
      return getAtt[0];
    }
    if (typeof getAtt === 'string') {
      return getAtt.split('.')[0];
    }
  }
  return undefined;
}

/**
 * The value at a dotted path (`Properties.Lifecycle.DeleteAfterDays`, `Properties.Rules.0.Status`)
 * of a resource: `Properties`, `Metadata` or an attribute such as `DeletionPolicy`.
 */
export function valueAt(resource: ResourceView, propertyPath: string): unknown {
  const [head, ...rest] = propertyPath.split('.');
  const root = head === 'Properties' ? resource.properties : head === 'Metadata' ? resource.metadata : resource.attributes[head];
  return dig(root, rest);
}

/** The value at a path of segments inside any JSON value. */
export function dig(value: unknown, segments: string[]): unknown {
  let current: any = value;
  for (const segment of segments) {
    if (current === undefined || current === null) {
      return undefined;
    }
    current = current[segment];
  }
  return current;
}

/**
 * The logical ids (and pseudo parameters) a template value references: `Ref`, `Fn::GetAtt` and the
 * `${Name}` of `Fn::Sub` (not its own variables, not escaped `${!...}`), at any depth.
 */
export function referencedIds(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    value.forEach((v) => referencedIds(v, out));
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (key === 'Ref' && typeof v === 'string') {
        out.add(v);
      } else if (key === 'Fn::GetAtt') {
        if (Array.isArray(v) && typeof v[0] === 'string') {
          out.add(v[0]);
        } else if (typeof v === 'string') {
          out.add(v.split('.')[0]);
        }
      } else if (key === 'Fn::Sub') {
        const [template, variables] = Array.isArray(v) ? [v[0], v[1]] : [v, undefined];
        const local = new Set(Object.keys((variables as Record<string, unknown> | undefined) ?? {}));
        if (typeof template === 'string') {
          for (const match of template.matchAll(/\$\{([^!}][^}]*)\}/g)) {
            const name = match[1].split('.')[0].trim();
            if (!local.has(name)) {
              out.add(name);
            }
          }
        }
        referencedIds(variables, out);
      } else {
        referencedIds(v, out);
      }
    }
  }
  return out;
}

/** A template value as a reviewer reads it: `(absent)`, the string, or compact JSON. */
export function show(value: unknown): string {
  if (value === undefined) {
    return '(absent)';
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Whether a template value is `true` (CloudFormation also accepts the string). */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** A number from a template value (numbers and numeric strings), or undefined. */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return value;
  }
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) {
    return Number(value);
  }
  return undefined;
}

/** A tag's value from `Properties.Tags` (a list of Key/Value or a map). */
export function tagOf(resource: ResourceView, key: string): string | undefined {
  const tags = resource.properties.Tags;
  if (Array.isArray(tags)) {
    const tag = tags.find((t: any) => t?.Key === key);
    return typeof tag?.Value === 'string' ? tag.Value : undefined;
  }
  if (tags && typeof tags === 'object' && typeof tags[key] === 'string') {
    return tags[key];
  }
  return undefined;
}

/** Statements of an IAM policy document (a single statement or a list). */
export function statementsOf(document: unknown): Array<Record<string, any>> {
  const statement = (document as any)?.Statement;
  if (Array.isArray(statement)) {
    return statement;
  }
  return statement ? [statement] : [];
}

/** A value that may be a single item or a list, as a list. */
export function listOf<T = unknown>(value: T | T[] | undefined): T[] {
  if (value === undefined || value === null) {
    return [];
  }
  return Array.isArray(value) ? value : [value];
}

/**
 * A fact about a value of a resource: `satisfied` decides, `expected` and the value found say why.
 *
 * @param resource the resource the value belongs to
 * @param propertyPath where the value sits (`Properties.BackupRetentionPeriod`)
 * @param expected what the claim expects, in a few words or as a value
 * @param satisfied whether the value found meets it
 * @param note why it fails, or how it was read, when the values alone do not say it
 */
export function resourceFact(resource: ResourceView, propertyPath: string, expected: string, satisfied: boolean, note?: string): Fact {
  return {
    stack: resource.stack,
    logicalId: resource.logicalId,
    constructPath: resource.constructPath,
    propertyPath,
    expected,
    found: show(valueAt(resource, propertyPath)),
    satisfied,
    note,
  };
}

/**
 * A fact about a value the caller has already read (a derived value, a count, a stack property).
 */
export function fact(where: { stack: string; logicalId?: string; constructPath?: string }, propertyPath: string,
  expected: string, found: unknown, satisfied: boolean, note?: string): Fact {
  return {
    stack: where.stack,
    logicalId: where.logicalId,
    constructPath: where.constructPath,
    propertyPath,
    expected,
    found: show(found),
    satisfied,
    note,
  };
}

/**
 * The unsatisfied fact that the stacks hold no resource of a type the claim needs.
 */
export function noResource(stacks: StackView[], type: string, expected: string): Fact {
  return {
    stack: stacks.map((s) => s.id).join(', ') || '(no stack records the claim)',
    propertyPath: `Resources[Type=${type}]`,
    expected,
    found: '(none)',
    satisfied: false,
    note: `no ${type} in the templates`,
  };
}

/**
 * Facts for every resource of a type, or one unsatisfied fact when there is none: the shape
 * of most "every X has Y" checks.
 */
export function everyResource(stacks: StackView[], type: string | string[], expected: string,
  check: (resource: ResourceView) => Fact | Fact[]): Fact[] {
  const types = listOf(type);
  const found = resourcesOf(stacks, ...types);
  if (found.length === 0) {
    return [noResource(stacks, types.join(' or '), expected)];
  }
  return found.flatMap((r) => listOf(check(r)));
}

/** The stack that holds a resource. */
export function stackOf(stacks: StackView[], resource: ResourceView): StackView | undefined {
  return stacks.find((s) => s.id === resource.stack);
}
