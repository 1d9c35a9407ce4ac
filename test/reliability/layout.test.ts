import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * The layout rules of design.md that a reviewer cannot see in a diff: no import cycle in lib/
 * (type-only imports included: eslint's import/no-cycle skips those), and no file over ~600 lines.
 */
const LIB = path.join(__dirname, '..', '..', 'lib');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The relative imports of a file (import, import type, export ... from, require), resolved to files of lib/. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(fs.readFileSync(file, 'utf-8'), true, true);
  return info.importedFiles.map((i) => i.fileName).filter((f) => f.startsWith('.')).flatMap((f) => {
    const target = path.resolve(path.dirname(file), f);
    return [`${target}.ts`, path.join(target, 'index.ts')].filter((c) => fs.existsSync(c)).slice(0, 1);
  });
}

/** The import cycles of a graph: its strongly connected components of more than one file (Tarjan). */
export function cyclesOf(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) {
        cycles.push(component.sort());
      }
    }
  };
  for (const v of graph.keys()) {
    if (!index.has(v)) {
      visit(v);
    }
  }
  return cycles;
}

describe('layout of lib/', () => {
  const files = sources(LIB);

  test('no import cycle, type-only imports included', () => {
    // GIVEN every module of lib/ and its relative imports
    const graph = new Map(files.map((f) => [f, importsOf(f)]));

    // WHEN / THEN
    expect(cyclesOf(graph).map((c) => c.map((f) => path.relative(LIB, f)))).toEqual([]);
  });

  test('the cycle finder finds a type-only cycle (a.ts -> b.ts -> a.ts) and passes a chain', () => {
    expect(cyclesOf(new Map([['a', ['b']], ['b', ['a']], ['c', ['a']]]))).toEqual([['a', 'b']]);
    expect(cyclesOf(new Map([['a', ['b']], ['b', ['c']], ['c', []]]))).toEqual([]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layout-'));
    fs.writeFileSync(path.join(dir, 'a.ts'), 'import type { B } from \'./b\';\nexport interface A { b?: B }\n');
    fs.writeFileSync(path.join(dir, 'b.ts'), 'import type { A } from \'./a\';\nexport interface B { a?: A }\n');
    const graph = new Map(['a.ts', 'b.ts'].map((f) => [path.join(dir, f), importsOf(path.join(dir, f))]));
    expect(cyclesOf(graph)).toHaveLength(1);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('no file over 600 lines (one concern per file)', () => {
    const long = files.map((f) => [path.relative(LIB, f), fs.readFileSync(f, 'utf-8').split('\n').length] as const).filter(([, n]) => n > 600);
    expect(long).toEqual([]);
  });
});
