import { Construct } from 'constructs';

/** `v` as the message shows it: a string quoted, a construct by its class and path, an object by its class. */
export function describeValue(v: unknown): string {
  if (v === undefined) {
    return 'undefined';
  }
  if (v === null) {
    return 'null';
  }
  if (typeof v === 'string') {
    return `'${v.length > 60 ? `${v.slice(0, 60)}...` : v}' (a string)`;
  }
  if (typeof v === 'number' || typeof v === 'boolean') {
    return `${v} (a ${typeof v})`;
  }
  if (Construct.isConstruct(v)) {
    return `the ${v.constructor?.name ?? 'construct'} at ${v.node.path || '(the app)'}`;
  }
  if (Array.isArray(v)) {
    return `an array of ${v.length}`;
  }
  const name = (v as object).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : `an object with keys ${JSON.stringify(Object.keys(v as object).slice(0, 8))}`;
}
