import { AssemblyView, ResourceView, StackView } from './model';
import { dataClassOf, declaredClass } from './store-tags';
import { internetEndpoints } from './verifiers/endpoints';
import { DATA_STORE_TYPES } from '../private/data-store-types';

/**
 * What the architecture diagram shows besides the structure: the data class of each data store
 * (a fill colour per class, from the `data-class` tags the register reads), the internet-facing
 * endpoints (the list the S2-07 verifier reads, drawn with a red border and an edge from an
 * "Internet" node) and the legend that names both. Pure and sorted: the same assembly gives the
 * same DOT text.
 */

/**
 * Fill colours of the data classes, in the order of the class names: light tints of the
 * Okabe-Ito colour-blind-safe palette, each with a contrast above 4.5:1 against the black text.
 */
export const CLASS_COLOURS = ['#cce5ff', '#ffdfb3', '#c9f0dd', '#f5cce3', '#fff3a8', '#e2d6f5', '#c6eef0', '#f2d4c4'];

/** The fill of a data store that has no data-class tag. */
export const UNTAGGED_COLOUR = '#e6e6e6';

/** The border colour of internet-facing endpoints and of the edges from the Internet node. */
export const INTERNET_COLOUR = '#b00020';

/** The id of the node the internet-facing endpoints are reached from. */
export const INTERNET_NODE = 'internet';

/** The name the diagram gives a store without a data-class tag. */
export const UNTAGGED = '(no data class)';

/** Orders strings by code unit, the same on every machine and locale. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The data classes of an assembly, each with its colour and label, in name order. */
export interface ClassLegend {
  readonly name: string;
  readonly label?: string;
  readonly personalData?: boolean;
  readonly colour: string;
}

/** The styling facts of an assembly, looked up by resource. */
export interface DiagramStyle {
  /** Every data class drawn, in name order (the untagged last). */
  readonly classes: ClassLegend[];
  /** The data class of a data store (its tag value, or `UNTAGGED`); undefined for other resources. */
  classOf(stack: StackView, resource: ResourceView): string | undefined;
  /** The internet-facing endpoint a resource is, in words (`load balancer: TCP 443 (HTTPS)`), if it is one. */
  endpointOf(stack: StackView, resource: ResourceView): string | undefined;
  /** The colour of a data class. */
  colourOf(dataClass: string): string;
}

/** The styling facts of an assembly: which resource is a store of which class, which is internet-facing. */
export function diagramStyle(assembly: AssemblyView): DiagramStyle {
  const key = (stack: string, logicalId: string) => `${stack}\u0000${logicalId}`;
  const classes = new Map<string, string>();
  const names = new Set<string>();
  for (const stack of assembly.stacks) {
    for (const r of stack.resources.filter((x) => DATA_STORE_TYPES.has(x.type))) {
      const tag = dataClassOf(r);
      const name = tag.value === undefined || tag.unresolved ? UNTAGGED : tag.value;
      classes.set(key(stack.id, r.logicalId), name);
      names.add(name);
    }
  }
  const endpoints = new Map<string, string>();
  for (const e of internetEndpoints(assembly.stacks)) {
    endpoints.set(key(e.resource.stack, e.resource.logicalId), `${e.kind}: ${e.ports}`);
  }
  const tagged = [...names].filter((n) => n !== UNTAGGED).sort(byText);
  const colours = new Map(tagged.map((n, i) => [n, CLASS_COLOURS[i % CLASS_COLOURS.length]]));
  const legend: ClassLegend[] = tagged.map((name) => {
    const declared = assembly.stacks.map((s) => declaredClass(s, name)).find((c) => c !== undefined);
    return { name, label: declared?.label, personalData: declared?.personalData, colour: colours.get(name)! };
  });
  if (names.has(UNTAGGED)) {
    legend.push({ name: UNTAGGED, colour: UNTAGGED_COLOUR });
  }
  return {
    classOf: (stack, r) => classes.get(key(stack.id, r.logicalId)),
    endpointOf: (stack, r) => endpoints.get(key(stack.id, r.logicalId)),
    colourOf: (name) => colours.get(name) ?? UNTAGGED_COLOUR,
    classes: legend,
  };
}
