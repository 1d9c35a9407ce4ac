import * as fs from 'fs';
import * as path from 'path';
import { readAssembly } from './assembly';
import { readJsonFile } from './assembly-shape';
import { architectureDot } from './diagram';
import { prefetchSvg } from './diagram-svg';
import { AssemblyView } from './model';

/**
 * The architecture diagram of an assembly as DOT: its stacks' resources, grouped by construct
 * (`tree.json` when the assembly has one).
 *
 * @param assemblyDirectory the cloud assembly directory
 * @param assembly the assembly as `readAssembly` reads it
 */
export function diagramDotOf(assemblyDirectory: string, assembly: AssemblyView): string {
  const treeFile = path.join(assemblyDirectory, 'tree.json');
  return architectureDot(assembly, fs.existsSync(treeFile) ? readJsonFile(treeFile) : undefined);
}

/**
 * Starts drawing the architecture diagram of the assembly in `assemblyDirectory` in a worker
 * thread, for the evidence report written after synthesis to take (`startSvgRender` takes a render
 * of the same DOT text): the templates, the manifest and `tree.json` are written before the
 * validation plugins run, so the render can go on while they check. An assembly that cannot be
 * read starts nothing (the report meets the error in its own turn).
 *
 * @returns whether a render was started
 */
export function prefetchDiagram(assemblyDirectory: string): boolean {
  try {
    prefetchSvg(diagramDotOf(assemblyDirectory, readAssembly(assemblyDirectory)));
    return true;
  } catch {
    return false;
  }
}
