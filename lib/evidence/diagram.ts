import { diagramStyle, DiagramStyle, INTERNET_COLOUR, INTERNET_NODE } from './diagram-style';
import { AssemblyView, ResourceView, StackView } from './model';
import { referencedIds } from './query';

/**
 * The architecture diagram of an assembly, drawn from its templates: a cluster per stack, a
 * node per top-level construct (with its resource types and counts), an edge where a resource of
 * one construct references (`Ref`, `Fn::GetAtt`, also inside `Fn::Join` and `Fn::Sub`) a resource
 * of another, and dashed edges from backup plans to the vaults their copy actions target in other
 * stacks (the off-site copies). Data stores are filled with the colour of their data class, and
 * internet-facing endpoints have a red border and an edge from an "Internet" node; a legend names
 * both (diagram-style.ts). Output is sorted, so the same assembly gives the same text.
 */

/** The node of the resources that have no construct path (hand-written or included templates). */
const NO_PATH = '(no construct path)';

/** Resource types left out of the diagram: they hold no infrastructure. */
const IGNORED_TYPES = new Set(['AWS::CDK::Metadata']);

/** Orders strings by code unit, the same on every machine and locale. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A string as a DOT quoted id or label line. */
export function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

/** A label of several lines (each escaped, joined by DOT's centred line break). */
function dotLabel(lines: string[]): string {
  return `"${lines.map((l) => dotString(l).slice(1, -1)).join('\\n')}"`;
}

/** The top-level construct of a resource: the first construct path segment under its stack. */
function topLevelConstruct(stack: StackView, resource: ResourceView): string {
  const p = resource.constructPath;
  if (!p) {
    return NO_PATH;
  }
  if (p.startsWith(`${stack.id}/`)) {
    return p.slice(stack.id.length + 1).split('/')[0];
  }
  return p.split('/')[1] ?? p;
}


/** A template value as text, with `*` for what only deployment resolves (literal `Fn::Join` parts kept). */
function literalText(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  const join = (value as Record<string, unknown> | undefined)?.['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    return (join[1] as unknown[]).map((part) => (typeof part === 'string' ? part : '*')).join(join[0]);
  }
  return undefined;
}

/** The fqn of a construct from `tree.json`, when it says more than `constructs.Construct`. */
function fqnOf(tree: unknown, pathSegments: string[]): string | undefined {
  let node = (tree as { tree?: unknown } | undefined)?.tree as Record<string, any> | undefined;
  for (const segment of pathSegments) {
    node = node?.children?.[segment];
  }
  const fqn = node?.constructInfo?.fqn;
  return typeof fqn === 'string' && fqn !== 'constructs.Construct' ? fqn : undefined;
}

interface DiagramNode { id: string; stack: StackView; name: string; types: Map<string, number>; classes: Set<string>; endpoints: Set<string> }

/** The style attributes of a node: filled by its data classes (striped when several), red-bordered when internet-facing. */
function nodeStyle(node: DiagramNode, style: DiagramStyle): string {
  const attributes: string[] = [];
  const classes = [...node.classes].sort(byText);
  if (classes.length === 1) {
    attributes.push('style="rounded,filled"', `fillcolor=${dotString(style.colourOf(classes[0]))}`);
  } else if (classes.length > 1) {
    attributes.push('style="striped"', `fillcolor=${dotString(classes.map((c) => style.colourOf(c)).join(':'))}`);
  }
  if (node.endpoints.size > 0) {
    attributes.push(`color=${dotString(INTERNET_COLOUR)}`, 'penwidth=3');
  }
  return attributes.map((a) => `, ${a}`).join('');
}

/** The extra label lines of a node: its data classes and its internet-facing endpoints. */
function styleLines(node: DiagramNode): string[] {
  return [
    ...(node.classes.size > 0 ? [`data class: ${[...node.classes].sort(byText).join(', ')}`] : []),
    ...[...node.endpoints].sort(byText).map((e) => `internet-facing ${e}`),
  ];
}

/** The legend: a node per data class in its colour, and the internet-facing mark. */
function legendLines(style: DiagramStyle, hasEndpoints: boolean): string[] {
  if (style.classes.length === 0 && !hasEndpoints) {
    return [];
  }
  const lines = ['  subgraph "cluster_legend" {', '    label="Legend";', '    style=dashed;'];
  for (const c of style.classes) {
    const words = [c.name, ...(c.label && c.label !== c.name ? [c.label] : []), ...(c.personalData ? ['personal data'] : [])];
    lines.push(`    ${dotString(`legend:${c.name}`)} [label=${dotLabel([`data class: ${words.join(' · ')}`])}, style="rounded,filled", fillcolor=${dotString(c.colour)}];`);
  }
  if (hasEndpoints) {
    lines.push(`    "legend:internet" [label="internet-facing endpoint", color=${dotString(INTERNET_COLOUR)}, penwidth=3];`);
  }
  lines.push('  }');
  return lines;
}

/**
 * The architecture of an assembly as Graphviz DOT.
 *
 * @param assembly the assembly, read by `readAssembly`
 * @param tree the parsed `tree.json` of the assembly, to name the construct classes (optional)
 */
export function architectureDot(assembly: AssemblyView, tree?: unknown): string {
  const stacks = [...assembly.stacks].sort((a, b) => byText(a.id, b.id));
  const style = diagramStyle(assembly);
  const nodes = new Map<string, DiagramNode>();
  const nodeOf = new Map<string, string>(); // `${stack}\u0000${logicalId}` -> node id
  for (const stack of stacks) {
    for (const r of stack.resources) {
      if (IGNORED_TYPES.has(r.type)) {
        continue;
      }
      const name = topLevelConstruct(stack, r);
      const id = `${stack.id}/${name}`;
      const node = nodes.get(id) ?? { id, stack, name, types: new Map<string, number>(), classes: new Set<string>(), endpoints: new Set<string>() };
      node.types.set(r.type, (node.types.get(r.type) ?? 0) + 1);
      const dataClass = style.classOf(stack, r);
      if (dataClass !== undefined) {
        node.classes.add(dataClass);
      }
      const endpoint = style.endpointOf(stack, r);
      if (endpoint !== undefined) {
        node.endpoints.add(endpoint);
      }
      nodes.set(id, node);
      nodeOf.set(`${stack.id}\u0000${r.logicalId}`, id);
    }
  }

  const edges = new Set<string>();
  const dashed = new Map<string, string>(); // edge line -> label
  const external = new Map<string, string[]>(); // node id -> label lines
  for (const stack of stacks) {
    for (const r of stack.resources) {
      const from = nodeOf.get(`${stack.id}\u0000${r.logicalId}`);
      if (!from) {
        continue;
      }
      for (const target of referencedIds(r.properties)) {
        const to = nodeOf.get(`${stack.id}\u0000${target}`);
        if (to && to !== from) {
          edges.add(`${dotString(from)} -> ${dotString(to)}`);
        }
      }
      if (r.type === 'AWS::Backup::BackupPlan') {
        for (const copy of copyTargets(r)) {
          const vault = findVault(stacks, copy);
          const label = `copy to ${copy.region ?? 'another region'}`;
          if (vault) {
            dashed.set(`${dotString(from)} -> ${dotString(nodeOf.get(`${vault.stack}\u0000${vault.logicalId}`)!)}`, label);
          } else {
            const id = `external:${copy.arn}`;
            external.set(id, [`backup vault ${copy.vaultName ?? '(unresolved)'}`, `in ${copy.region ?? '(unresolved region)'}`, '(not in this assembly)']);
            dashed.set(`${dotString(from)} -> ${dotString(id)}`, label);
          }
        }
      }
    }
  }

  const lines = [
    'digraph architecture {',
    '  graph [rankdir=LR, fontname="Helvetica", fontsize=12, compound=true];',
    '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  for (const stack of stacks) {
    const stackPath = stack.id.split('/');
    lines.push(`  subgraph ${dotString(`cluster_${stack.id}`)} {`);
    lines.push(`    label=${dotLabel([stack.id, [stack.region ?? '(environment-agnostic)', stack.policy?.role].filter((x) => x).join(' · ')])};`);
    for (const node of [...nodes.values()].filter((n) => n.stack === stack).sort((a, b) => byText(a.name, b.name))) {
      const fqn = node.name === NO_PATH ? undefined : fqnOf(tree, [...stackPath, node.name]);
      const types = [...node.types.entries()].sort(([a], [b]) => byText(a, b)).map(([type, n]) => `${type} ×${n}`);
      lines.push(`    ${dotString(node.id)} [label=${dotLabel([node.name, ...(fqn ? [`(${fqn})`] : []), ...types, ...styleLines(node)])}${nodeStyle(node, style)}];`);
    }
    lines.push('  }');
  }
  const facing = [...nodes.values()].filter((n) => n.endpoints.size > 0).sort((a, b) => byText(a.id, b.id));
  if (facing.length > 0) {
    lines.push(`  ${dotString(INTERNET_NODE)} [label="Internet", shape=ellipse, style=bold, color=${dotString(INTERNET_COLOUR)}];`);
    facing.forEach((n) => lines.push(`  ${dotString(INTERNET_NODE)} -> ${dotString(n.id)} [color=${dotString(INTERNET_COLOUR)}, penwidth=2];`));
  }
  lines.push(...legendLines(style, facing.length > 0));
  for (const [id, label] of [...external.entries()].sort(([a], [b]) => byText(a, b))) {
    lines.push(`  ${dotString(id)} [label=${dotLabel(label)}, style="rounded,dashed"];`);
  }
  for (const edge of [...edges].sort(byText)) {
    lines.push(`  ${edge};`);
  }
  for (const [edge, label] of [...dashed.entries()].sort(([a], [b]) => byText(a, b))) {
    lines.push(`  ${edge} [style=dashed, label=${dotString(label)}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

interface CopyTarget { arn: string; region?: string; vaultName?: string }

/** The destination vaults of a backup plan's copy actions, as far as the template states them literally. */
function copyTargets(plan: ResourceView): CopyTarget[] {
  const rules = plan.properties.BackupPlan?.BackupPlanRule;
  const targets: CopyTarget[] = [];
  for (const rule of Array.isArray(rules) ? rules : []) {
    for (const action of Array.isArray(rule?.CopyActions) ? rule.CopyActions : []) {
      const arn = literalText(action?.DestinationBackupVaultArn);
      if (arn === undefined) {
        continue;
      }
      const match = /^arn:[^:]*:backup:([^:]*):[^:]*:backup-vault:(.+)$/.exec(arn);
      targets.push({
        arn,
        region: match && match[1] !== '*' && match[1] !== '' ? match[1] : undefined,
        vaultName: match && !match[2].includes('*') ? match[2] : undefined,
      });
    }
  }
  return targets;
}

/** The vault a copy targets: in a stack of its region (or of unknown region), with its name when the name is known. */
function findVault(stacks: StackView[], copy: CopyTarget): ResourceView | undefined {
  const candidates = stacks
    .filter((s) => copy.region === undefined || s.region === undefined || s.region === copy.region)
    .flatMap((s) => s.resources.filter((r) => r.type === 'AWS::Backup::BackupVault'))
    .filter((v) => {
      const name = v.properties.BackupVaultName;
      return copy.vaultName === undefined ? true : name === copy.vaultName;
    });
  // Prefer a vault in a stack pinned to the copy's region over one in an environment-agnostic stack.
  return candidates.find((v) => stacks.find((s) => s.id === v.stack)?.region === copy.region) ?? (copy.vaultName ? candidates[0] : undefined);
}
