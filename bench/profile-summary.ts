/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): where the time goes, by self time (the
 * function that was running) and by inclusive time (the function on the stack), per function,
 * per file and per area (an npm package, or a folder of this repository such as lib/evidence).
 *
 * Positions in the benchmark's esbuild bundles are mapped back to the TypeScript sources through
 * the bundles' source maps, so the library's functions show up under their own files.
 */
import * as fs from 'fs';
import { SourceMap } from 'module';
import * as path from 'path';
import { fileURLToPath } from 'url';

/** The parts of a .cpuprofile this summary reads. */
interface CpuProfile {
  readonly nodes: ReadonlyArray<{
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber: number };
    readonly children?: readonly number[];
  }>;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

/** One row of a summary table. */
export interface ProfileRow {
  /** The function, file or area. */
  readonly name: string;
  /** Milliseconds. */
  readonly ms: number;
  /** Share of the profile's total time, 0-100. */
  readonly percent: number;
}

/** What a profile's time was spent on. */
export interface ProfileSummary {
  /** The profile file. */
  readonly file: string;
  /** Total sampled time, milliseconds. */
  readonly totalMs: number;
  /** Self time per function (`name (file:line)`), largest first. */
  readonly selfByFunction: ProfileRow[];
  /** Self time per source file, largest first. */
  readonly selfByFile: ProfileRow[];
  /** Self time per area (npm package, or repository folder), largest first. */
  readonly selfByArea: ProfileRow[];
  /** Inclusive time per function (counted once per sample even when recursive), largest first. */
  readonly inclusiveByFunction: ProfileRow[];
}

/** A call frame's position, mapped to its original source when the bundle has a source map. */
interface Location {
  readonly file: string;
  readonly line: number;
}

/**
 * Maps positions in generated files back to their sources, with each file's `.map`
 * (`//# sourceMappingURL=` next to it) when there is one.
 */
class SourceMapper {
  private readonly maps = new Map<string, SourceMap | undefined>();

  constructor(private readonly root: string) {}

  public locate(url: string, line: number, column: number): Location {
    if (!url) {
      return { file: '', line: 0 };
    }
    const file = url.startsWith('file://') ? fileURLToPath(url) : url;
    const map = this.mapOf(file);
    if (map) {
      const entry = map.findEntry(line, column) as { originalSource?: string; originalLine?: number };
      if (entry.originalSource) {
        const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : entry.originalSource;
        return { file: this.relative(path.resolve(path.dirname(file), source)), line: (entry.originalLine ?? 0) + 1 };
      }
    }
    return { file: this.relative(file), line: line + 1 };
  }

  private relative(file: string): string {
    return path.isAbsolute(file) ? path.relative(this.root, file) : file;
  }

  private mapOf(file: string): SourceMap | undefined {
    if (!this.maps.has(file)) {
      let map: SourceMap | undefined;
      const mapFile = `${file}.map`;
      if (path.isAbsolute(file) && fs.existsSync(mapFile)) {
        map = new SourceMap(JSON.parse(fs.readFileSync(mapFile, 'utf-8')));
      }
      this.maps.set(file, map);
    }
    return this.maps.get(file);
  }
}

/** The area of a source file: the npm package (`cdk-nag`, `aws-cdk-lib/aws-s3`), or the repository folder (`lib/evidence`). */
export function areaOf(file: string): string {
  if (file === '') {
    return '(native or V8)';
  }
  if (file.startsWith('node:')) {
    return 'node';
  }
  const parts = file.split(/[\\/]/);
  const nm = parts.lastIndexOf('node_modules');
  if (nm >= 0) {
    const pkg = parts[nm + 1]?.startsWith('@') ? parts.slice(nm + 1, nm + 3) : parts.slice(nm + 1, nm + 2);
    // aws-cdk-lib is one package of many modules: split it by module (core, aws-s3, ...).
    if (pkg[0] === 'aws-cdk-lib' && parts[nm + 2]) {
      pkg.push(parts[nm + 2]);
    }
    return pkg.join('/');
  }
  return parts.length > 2 ? parts.slice(0, 2).join('/') : parts[0];
}

function top(totals: Map<string, number>, totalMs: number, limit: number): ProfileRow[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, us]) => ({ name, ms: us / 1000, percent: totalMs > 0 ? (100 * us) / 1000 / totalMs : 0 }));
}

function add(totals: Map<string, number>, key: string, us: number): void {
  totals.set(key, (totals.get(key) ?? 0) + us);
}

/**
 * Reads a .cpuprofile and sums its samples.
 *
 * @param file the profile
 * @param root the directory source paths are shown relative to
 * @param limit rows per table
 */
export function summarizeProfile(file: string, root: string, limit = 25): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf-8')) as CpuProfile;
  const mapper = new SourceMapper(root);
  const parent = new Map<number, number>();
  const frameKey = new Map<number, { fn: string; file: string; area: string }>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) {
      parent.set(child, node.id);
    }
    const cf = node.callFrame;
    const loc = mapper.locate(cf.url, cf.lineNumber, cf.columnNumber);
    const name = cf.functionName || (cf.url ? '(anonymous)' : '(native)');
    const fn = loc.file ? `${name} (${loc.file}:${loc.line})` : name;
    frameKey.set(node.id, { fn, file: loc.file || name, area: loc.file ? areaOf(loc.file) : name });
  }

  const selfFn = new Map<string, number>();
  const selfFile = new Map<string, number>();
  const selfArea = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let totalUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    // A sample lasts until the next one is taken.
    const us = i + 1 < profile.timeDeltas.length ? profile.timeDeltas[i + 1] : 0;
    if (us <= 0) {
      continue;
    }
    totalUs += us;
    const id = profile.samples[i];
    const own = frameKey.get(id)!;
    add(selfFn, own.fn, us);
    add(selfFile, own.file, us);
    add(selfArea, own.area, us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = frameKey.get(at)!.fn;
      if (key !== '(root)' && !seen.has(key)) {
        seen.add(key);
        add(inclusive, key, us);
      }
    }
  }
  const totalMs = totalUs / 1000;
  return {
    file,
    totalMs,
    selfByFunction: top(selfFn, totalMs, limit),
    selfByFile: top(selfFile, totalMs, limit),
    selfByArea: top(selfArea, totalMs, limit),
    inclusiveByFunction: top(inclusive, totalMs, limit),
  };
}

/** The summary as text tables. */
export function formatProfileSummary(summary: ProfileSummary): string {
  const table = (title: string, rows: ProfileRow[]) => [
    `${title}:`,
    ...rows.map((r) => `  ${r.ms.toFixed(0).padStart(8)} ms ${r.percent.toFixed(1).padStart(5)}%  ${r.name}`),
  ].join('\n');
  return [
    `${summary.file}: ${(summary.totalMs / 1000).toFixed(2)} s sampled`,
    table('Self time by area', summary.selfByArea),
    table('Self time by file', summary.selfByFile),
    table('Self time by function', summary.selfByFunction),
    table('Inclusive time by function', summary.inclusiveByFunction),
  ].join('\n\n') + '\n';
}
