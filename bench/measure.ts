/**
 * Building the benchmark's apps and timing whole processes.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import * as esbuild from 'esbuild';

/** The repository root. */
export const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Where the bundles go: two levels under the root, like the library's own lib/cli/main.js, so
 * that the evidence report still finds the package.json (and its version) at `../../package.json`.
 */
export const BUILD_DIR = path.join(ROOT, '.app', 'bench');

/** The programs of the benchmark, by output name: the entry point of each, relative to the root. */
export const ENTRY_POINTS: Record<string, string> = {
  'reference-app': 'bin/reference-app.ts',
  'reference-unchecked': 'bench/apps/reference-unchecked.ts',
  'reference-no-guard': 'bench/apps/reference-no-guard.ts',
  'empty': 'bench/apps/empty.ts',
  'secure-buckets': 'bench/apps/secure-buckets.ts',
  'plain-buckets': 'bench/apps/plain-buckets.ts',
  'tenant-fleet': 'bench/apps/tenant-fleet.ts',
  'custom-promises': 'bench/apps/custom-promises.ts',
  'organization': 'bench/apps/organization.ts',
  'cli': 'lib/cli/main.ts',
  'observe-account': 'bench/apps/observe-account.ts',
};

/**
 * Bundles every program with esbuild the way cdk.json runs the reference app (TypeScript
 * transpiled, not type-checked; dependencies loaded from node_modules), with source maps for
 * the profile summary.
 *
 * @returns the path of each bundle, by name
 */
export function buildPrograms(): Record<string, string> {
  const entryPoints = Object.fromEntries(Object.entries(ENTRY_POINTS).map(([name, file]) => [name, path.join(ROOT, file)]));
  esbuild.buildSync({
    entryPoints,
    outdir: BUILD_DIR,
    bundle: true,
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  fs.writeFileSync(CPU_PRELOAD, CPU_PRELOAD_SOURCE);
  return Object.fromEntries(Object.keys(ENTRY_POINTS).map((name) => [name, path.join(BUILD_DIR, `${name}.js`)]));
}

/**
 * A script every timed process preloads (`node --require`): on exit it writes the CPU time the
 * process used (user + system, every thread: `process.cpuUsage()`) and, on Linux, that of the
 * child processes it waited for (the cfn-guard binary of the Control Tower rules), from the
 * `cutime` and `cstime` fields of `/proc/self/stat`, to the file `BENCH_CPU_FILE` names. CPU
 * time barely moves when other work shares the cores, where wall-clock time doubles.
 */
const CPU_PRELOAD = path.join(BUILD_DIR, 'cpu-time.js');
const CPU_PRELOAD_SOURCE = `'use strict';
process.on('exit', () => {
  const fs = require('fs');
  const file = process.env.BENCH_CPU_FILE;
  if (!file) return;
  const u = process.cpuUsage();
  let childrenMicros = null;
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf-8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(process.env.BENCH_CLK_TCK || '100');
    childrenMicros = ((Number(fields[13]) + Number(fields[14])) * 1e6) / ticks;
  } catch (e) {}
  fs.writeFileSync(file, JSON.stringify({ userMicros: u.user, systemMicros: u.system, childrenMicros }));
});
`;

/** Clock ticks per second of `/proc` times (`getconf CLK_TCK`), 100 when unknown. */
function clockTicks(): string {
  try {
    return execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf-8' }).trim() || '100';
  } catch {
    return '100';
  }
}

/** The context `npx cdk synth` passes to the app: cdk.json's, and the CLI's defaults. */
export function cdkContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf-8')) as { context?: Record<string, unknown> };
  return {
    ...cdkJson.context,
    'aws:cdk:enable-path-metadata': true,
    'aws:cdk:enable-asset-metadata': true,
    'aws:cdk:version-reporting': true,
    'aws:cdk:bundling-stacks': ['**'],
  };
}

/** One process to time. */
export interface ProcessSpec {
  /** The script node runs. */
  readonly script: string;
  /** Its arguments. */
  readonly args?: string[];
  /** Environment variables on top of this process's. */
  readonly env?: Record<string, string | undefined>;
  /** Options for node itself (`--cpu-prof`). */
  readonly nodeOptions?: string[];
}

/** A timed run. */
export interface ProcessResult {
  /** Wall-clock milliseconds from spawn to exit. */
  readonly ms: number;
  /** CPU milliseconds the process used (user + system, all its threads, and its child processes on Linux), if it reported them. */
  readonly cpuMs?: number;
  /** What it wrote on stderr (its warnings, or why it failed). */
  readonly stderr: string;
}

/**
 * Runs one node process to its end and times it, wall clock. A process that fails stops the
 * benchmark: its figures would mean nothing.
 */
export function timeProcess(label: string, spec: ProcessSpec): ProcessResult {
  const env: Record<string, string | undefined> = { ...process.env, ...spec.env };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) {
      delete env[key];
    }
  }
  const cpuFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-dp-cpu-')), 'cpu.json');
  env.BENCH_CPU_FILE = cpuFile;
  env.BENCH_CLK_TCK ??= clockTicks();
  const start = performance.now();
  const result = spawnSync(process.execPath, ['--require', CPU_PRELOAD, ...spec.nodeOptions ?? [], spec.script, ...spec.args ?? []], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - start;
  const stderr = result.stderr?.toString('utf-8') ?? '';
  if (result.error || result.status !== 0) {
    const why = result.error ? result.error.message : `exit ${result.status ?? result.signal}`;
    throw new Error(`${label} failed (${why}):\n${stderr.split('\n').slice(-30).join('\n')}`);
  }
  let cpuMs: number | undefined;
  if (fs.existsSync(cpuFile)) {
    const usage = JSON.parse(fs.readFileSync(cpuFile, 'utf-8')) as { userMicros: number; systemMicros: number; childrenMicros: number | null };
    cpuMs = (usage.userMicros + usage.systemMicros + (usage.childrenMicros ?? 0)) / 1000;
  }
  fs.rmSync(path.dirname(cpuFile), { recursive: true, force: true });
  return { ms, cpuMs, stderr };
}

/** Median, minimum and maximum of some runs. */
export interface Stats {
  /** Each run, milliseconds, in the order they ran. */
  readonly runsMs: number[];
  /** Median, milliseconds. */
  readonly medianMs: number;
  /** Fastest run, milliseconds. */
  readonly minMs: number;
  /** Slowest run, milliseconds. */
  readonly maxMs: number;
}

/** The statistics of some runs (at least one). */
export function statsOf(runsMs: number[]): Stats {
  const sorted = [...runsMs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const medianMs = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return {
    runsMs: runsMs.map((ms) => Math.round(ms)),
    medianMs: Math.round(medianMs),
    minMs: Math.round(sorted[0]),
    maxMs: Math.round(sorted[sorted.length - 1]),
  };
}
