/**
 * `npm run bench`: whole-process synthesis benchmarks, with ratios measured in the same run.
 * See bench/README.md for what each benchmark measures and how to read the table.
 *
 * Options:
 *   --runs N               runs per benchmark (default 3; 1 for the 1,000-tenant fleet)
 *   --only a,b             benchmarks or groups to run (reference, buckets, evidence, fleet, promises, observe, organization)
 *   --cdk-validation off   turn off aws-cdk-lib's built-in CloudFormation Validate plugin
 *                          (default on, as `npx cdk synth` runs it)
 *   --profile NAME         run one benchmark once under `node --cpu-prof` and summarise the profile
 *   --summarize FILE       summarise an existing .cpuprofile
 *   --out FILE             where to write the results (default bench/results.json)
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AssemblyStats, assemblyStats, differingResources } from './assembly-stats';
import { buildPrograms, cdkContext, ProcessSpec, ROOT, Stats, statsOf, timeProcess } from './measure';
import { formatProfileSummary, summarizeProfile } from './profile-summary';

/** One benchmark: a process to time, and what it needs. */
interface Benchmark {
  readonly name: string;
  readonly group: 'reference' | 'buckets' | 'evidence' | 'fleet' | 'promises' | 'observe' | 'organization';
  readonly description: string;
  /** The bundle that runs. */
  readonly program: string;
  /** Environment on top of the synthesis environment. */
  readonly env?: Record<string, string>;
  /** For the evidence CLI: the synthesis benchmark whose assembly it reads. */
  readonly assemblyOf?: string;
  /** Runs when --runs is not given. */
  readonly defaultRuns?: number;
}

const BENCHMARKS: Benchmark[] = [
  { name: 'empty', group: 'reference', program: 'empty', description: 'node + aws-cdk-lib + new App().synth() of an empty Stack (the floor)' },
  { name: 'reference', group: 'reference', program: 'reference-app', description: 'bin/reference-app.ts: every compliance pack + the evidence report' },
  {
    name: 'reference-no-guard',
    group: 'reference',
    program: 'reference-no-guard',
    description: 'the same app without the Control Tower guard rules (cfn-guard); cdk-nag packs and evidence report kept',
  },
  { name: 'reference-unchecked', group: 'reference', program: 'reference-unchecked', description: 'the same stacks, no compliance packs, no evidence report' },
  ...[10, 100].flatMap((n): Benchmark[] => [
    { name: `secure-buckets-${n}`, group: 'buckets', program: 'secure-buckets', env: { BENCH_N: String(n) }, description: `${n} SecureBuckets under a DataProtectionPolicy` },
    { name: `plain-buckets-${n}`, group: 'buckets', program: 'plain-buckets', env: { BENCH_N: String(n) }, description: `${n} s3.Buckets with the same settings by hand` },
  ]),
  ...[10, 100, 1000].map((n): Benchmark => ({
    name: `fleet-${n}`,
    group: 'fleet',
    program: 'tenant-fleet',
    env: { BENCH_N: String(n) },
    description: `TenantFleet of ${n} tenants`,
    defaultRuns: n >= 1000 ? 1 : undefined,
  })),
  ...[0, 100].map((n): Benchmark => ({
    name: `custom-page-${n}`,
    group: 'promises',
    program: 'custom-promises',
    env: { BENCH_N: '100', BENCH_PROMISES: String(n) },
    description: `100 SecureBuckets, ${n} custom promises, the report written on synthesis`,
  })),
  {
    name: 'observe',
    group: 'observe',
    program: 'observe-account',
    description: 'observe CLI engine over a simulated account (mocked SDK, 20 ms a call): 1,000 resources, 30 days of jobs',
    defaultRuns: 1,
  },
  {
    name: 'organization-100',
    group: 'organization',
    program: 'organization',
    env: { BENCH_N: '100' },
    description: 'OrganizationBaselineStage: 100 accounts in 4 units x 3 regions, every compliance pack, the report written on synthesis',
  },
  {
    name: 'evidence-organization-100',
    group: 'organization',
    program: 'cli',
    assemblyOf: 'organization-100',
    description: 'evidence CLI over the organization-100 assembly (300 StackSet instances)',
  },
  ...['reference', 'secure-buckets-100', 'fleet-1000'].map((of): Benchmark => ({
    name: `evidence-${of}`, group: 'evidence', program: 'cli', assemblyOf: of, description: `evidence CLI over the ${of} assembly`,
  })),
];

/** A figure compared with its target. */
interface Target {
  readonly name: string;
  readonly value: number;
  readonly limit: number;
  readonly unit: 'x' | '%' | 's';
  readonly pass: boolean;
}

interface Options {
  runs?: number;
  only?: string[];
  cdkValidation: boolean;
  profile?: string;
  summarize?: string;
  out: string;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { cdkValidation: true, out: path.join(ROOT, 'bench', 'results.json') };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      const v = argv[++i];
      if (v === undefined) {
        throw new Error(`${argv[i - 1]} needs a value`);
      }
      return v;
    };
    switch (argv[i]) {
      case '--runs':
        options.runs = Number(value());
        if (!Number.isInteger(options.runs) || options.runs < 1) {
          throw new Error(`--runs must be a positive whole number, got ${argv[i]}`);
        }
        break;
      case '--only':
        options.only = value().split(',').map((s) => s.trim()).filter((s) => s.length > 0);
        break;
      case '--cdk-validation': {
        const v = value();
        if (v !== 'on' && v !== 'off') {
          throw new Error(`--cdk-validation must be on or off, got ${v}`);
        }
        options.cdkValidation = v === 'on';
        break;
      }
      case '--profile':
        options.profile = value();
        break;
      case '--summarize':
        options.summarize = value();
        break;
      case '--out':
        options.out = path.resolve(value());
        break;
      default:
        throw new Error(`unknown option ${argv[i]}; options: --runs N, --only names, --cdk-validation on|off, --profile name, --summarize file, --out file`);
    }
  }
  return options;
}

/** The benchmarks to run, in order: those named (or grouped), and the syntheses evidence runs need. */
function plan(only: string[] | undefined): Benchmark[] {
  if (!only) {
    return BENCHMARKS;
  }
  const known = new Set(BENCHMARKS.flatMap((b) => [b.name, b.group]));
  const unknown = only.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new Error(`--only: unknown benchmark ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
  }
  const wanted = new Set(BENCHMARKS.filter((b) => only.includes(b.name) || only.includes(b.group)).map((b) => b.name));
  for (const b of BENCHMARKS) {
    if (wanted.has(b.name) && b.assemblyOf) {
      wanted.add(b.assemblyOf);
    }
  }
  return BENCHMARKS.filter((b) => wanted.has(b.name));
}

function synthEnv(options: Options, outdir: string, extra?: Record<string, string>): Record<string, string | undefined> {
  return {
    CDK_OUTDIR: outdir,
    CDK_CONTEXT_JSON: JSON.stringify(cdkContext()),
    CDK_VALIDATION: options.cdkValidation ? undefined : 'false',
    ...extra,
  };
}

function specOf(b: Benchmark, programs: Record<string, string>, options: Options, dir: string, assemblies: Map<string, string>): ProcessSpec {
  if (b.assemblyOf) {
    const assembly = assemblies.get(b.assemblyOf)!;
    return { script: programs[b.program], args: ['evidence', assembly, '--out', path.join(dir, 'evidence'), '--group-by', 'framework'] };
  }
  return { script: programs[b.program], env: synthEnv(options, path.join(dir, 'cdk.out'), b.env) };
}

function gitCommit(): { commit?: string; dirty?: boolean } {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf-8' }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf-8' });
    return { commit, dirty: status.trim().length > 0 };
  } catch {
    return {};
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function warnOnLoad(): number[] {
  const load = os.loadavg();
  if (load[0] > os.cpus().length * 0.5) {
    process.stderr.write(`WARNING: load average ${load.map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores: absolute times ` +
      'are inflated by other work; the ratios (measured in the same rounds) are the robust figures.\n');
  }
  return load.map((l) => Number(l.toFixed(2)));
}

/** Times a benchmark once under `node --cpu-prof` and prints where the time went. */
function profile(name: string, programs: Record<string, string>, options: Options, work: string): void {
  const b = BENCHMARKS.find((x) => x.name === name);
  if (!b) {
    throw new Error(`--profile: unknown benchmark ${name}; known: ${BENCHMARKS.map((x) => x.name).join(', ')}`);
  }
  const assemblies = new Map<string, string>();
  if (b.assemblyOf) {
    const of = BENCHMARKS.find((x) => x.name === b.assemblyOf)!;
    const dir = path.join(work, of.name);
    timeProcess(of.name, specOf(of, programs, options, dir, assemblies));
    assemblies.set(of.name, path.join(dir, 'cdk.out'));
  }
  const profiles = path.join(work, 'profiles');
  const spec = specOf(b, programs, options, path.join(work, b.name), assemblies);
  const { ms } = timeProcess(name, { ...spec, nodeOptions: ['--cpu-prof', `--cpu-prof-dir=${profiles}`] });
  process.stdout.write(`${name}: ${seconds(ms)} under the profiler\n`);
  // node writes one profile per thread (CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile): the main thread's is
  // summarised, the worker threads' (the cfn-guard groups, the Graphviz render) are kept and their totals printed.
  const threadOf = (f: string) => Number(f.split('.')[4] ?? 0);
  const files = fs.readdirSync(profiles).filter((f) => f.endsWith('.cpuprofile')).sort((x, y) => threadOf(x) - threadOf(y));
  files.forEach((file, i) => {
    const kept = path.join(ROOT, '.app', 'bench', i === 0 ? `${name}.cpuprofile` : `${name}.worker-${i}.cpuprofile`);
    fs.copyFileSync(path.join(profiles, file), kept);
    const summary = summarizeProfile(kept, ROOT);
    process.stdout.write(i === 0 ? formatProfileSummary(summary)
      : `worker thread ${threadOf(file)}: ${(summary.totalMs / 1000).toFixed(2)} s sampled (${kept}), mostly ${summary.selfByArea.filter((r) => r.name !== '(idle)')[0]?.name ?? '-'}\n`);
  });
}

/** Runs the benchmarks and prints the table; the exit code. */
export async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  if (options.summarize) {
    process.stdout.write(formatProfileSummary(summarizeProfile(path.resolve(options.summarize), ROOT)));
    return 0;
  }
  const loadBefore = warnOnLoad();
  const programs = buildPrograms();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-dp-bench-'));
  try {
    if (options.profile) {
      profile(options.profile, programs, options, work);
      return 0;
    }
    return run(options, programs, work, loadBefore);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function run(options: Options, programs: Record<string, string>, work: string, loadBefore: number[]): number {
  const benchmarks = plan(options.only);
  const runsOf = (b: Benchmark) => options.runs ?? b.defaultRuns ?? 3;
  const rounds = Math.max(...benchmarks.map(runsOf));
  const times = new Map<string, number[]>(benchmarks.map((b) => [b.name, []]));
  const cpuTimes = new Map<string, number[]>(benchmarks.map((b) => [b.name, []]));
  const assemblies = new Map<string, string>();
  const stats = new Map<string, AssemblyStats>();
  process.stdout.write(`${benchmarks.length} benchmarks, ${rounds} round${rounds > 1 ? 's' : ''}, CloudFormation Validate ${options.cdkValidation ? 'on' : 'off'}\n`);

  // Round by round, so that every benchmark sees the same drift of the machine.
  for (let round = 0; round < rounds; round++) {
    for (const b of benchmarks) {
      // The evidence CLI reads the newest assembly of its synthesis (this round's, or the last one made).
      if (round >= runsOf(b)) {
        continue;
      }
      const dir = path.join(work, `${b.name}-${round}`);
      const { ms, cpuMs, stderr } = timeProcess(`${b.name} (round ${round + 1})`, specOf(b, programs, options, dir, assemblies));
      times.get(b.name)!.push(ms);
      if (cpuMs !== undefined) {
        cpuTimes.get(b.name)!.push(cpuMs);
      }
      process.stdout.write(`  round ${round + 1}: ${b.name.padEnd(28)} ${seconds(ms)}${cpuMs === undefined ? '' : `  (CPU ${seconds(cpuMs)})`}\n`);
      if (b.group === 'observe') {
        // No assembly to keep: the app writes its own, and says what it read on its last line.
        process.stdout.write(`    ${stderr.trim().split('\n').pop()}\n`);
        continue;
      }
      if (!b.assemblyOf) {
        const previous = assemblies.get(b.name);
        assemblies.set(b.name, path.join(dir, 'cdk.out'));
        if (!stats.has(b.name)) {
          stats.set(b.name, assemblyStats(path.join(dir, 'cdk.out')));
        }
        // Keep only the newest assembly of each benchmark (the 1,000-tenant one is large)
        // unless an evidence benchmark of a later round still needs it.
        if (previous) {
          fs.rmSync(path.dirname(previous), { recursive: true, force: true });
        }
      }
    }
    if (round === 0) {
      compareBuckets(benchmarks, assemblies);
    }
  }

  const results = new Map<string, Stats>([...times].map(([name, runs]) => [name, statsOf(runs)]));
  const cpu = new Map<string, Stats>([...cpuTimes].filter(([, runs]) => runs.length > 0).map(([name, runs]) => [name, statsOf(runs)]));
  printTable(benchmarks, results, stats, cpu);
  const { ratios, targets } = figures(results, stats, cpu);
  printFigures(ratios, targets);
  const loadAfter = warnOnLoad();
  writeResults(options, { benchmarks, results, cpu, stats, ratios, targets, loadBefore, loadAfter });
  return 0;
}

/** Fails loudly when the two bucket apps do not build the same resources. */
function compareBuckets(benchmarks: Benchmark[], assemblies: Map<string, string>): void {
  for (const n of [10, 100]) {
    const secure = assemblies.get(`secure-buckets-${n}`);
    const plain = assemblies.get(`plain-buckets-${n}`);
    if (!secure || !plain || !benchmarks.some((b) => b.name === `secure-buckets-${n}`)) {
      continue;
    }
    const a = assemblyStats(secure).resourcesByType;
    const b = assemblyStats(plain).resourcesByType;
    const types = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    process.stdout.write(`\n  Resources, ${n} buckets:  ${'type'.padEnd(28)} secure  plain\n`);
    for (const t of types) {
      process.stdout.write(`  ${''.padEnd(24)}${t.padEnd(28)} ${String(a[t] ?? 0).padStart(6)} ${String(b[t] ?? 0).padStart(6)}\n`);
    }
    if (types.some((t) => a[t] !== b[t])) {
      throw new Error(`the SecureBucket and plain s3.Bucket apps (N=${n}) synthesize different resources: the per-construct ratio would compare unlike things`);
    }
    const differing = differingResources(secure, plain);
    process.stdout.write(differing.length === 0
      ? '  same resources, property for property\n\n'
      : `  WARNING: same types and counts, but ${differing.length} resources differ in their properties (${differing.slice(0, 3).join(', ')}...)\n\n`);
  }
}

function printTable(benchmarks: Benchmark[], results: Map<string, Stats>, stats: Map<string, AssemblyStats>, cpu: Map<string, Stats>): void {
  const rows = benchmarks.map((b) => {
    const r = results.get(b.name)!;
    const c = cpu.get(b.name);
    const s = stats.get(b.assemblyOf ?? b.name);
    const template = s ? `${s.templates} tpl, ${s.resources} res, ${(s.templateBytes / 1024).toFixed(0)} KB` : '';
    return [b.name, String(r.runsMs.length), seconds(r.medianMs), seconds(r.minMs), seconds(r.maxMs), c ? seconds(c.medianMs) : '-', template];
  });
  const header = ['benchmark', 'runs', 'median', 'min', 'max', 'CPU median', 'templates'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 6 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  process.stdout.write(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n`);
}

/** A derived figure: a ratio of medians, or a per-unit cost. */
interface Ratio {
  readonly name: string;
  readonly value: number;
  readonly unit: 'x' | '%' | 'ms';
}

function figures(results: Map<string, Stats>, stats: Map<string, AssemblyStats>, cpu: Map<string, Stats>): { ratios: Ratio[]; targets: Target[] } {
  const median = (name: string) => results.get(name)?.medianMs;
  const cpuMedian = (name: string) => cpu.get(name)?.medianMs;
  const ratios: Ratio[] = [];
  const targets: Target[] = [];
  const ratio = (name: string, a: string, b: string, unit: 'x' | '%' = 'x'): number | undefined => {
    const x = median(a);
    const y = median(b);
    if (x === undefined || y === undefined) {
      return undefined;
    }
    const value = unit === '%' ? (100 * x) / y : x / y;
    ratios.push({ name, value, unit });
    return value;
  };
  const target = (name: string, value: number | undefined, limit: number, unit: 'x' | '%' | 's') => {
    if (value !== undefined) {
      targets.push({ name, value, limit, unit, pass: value <= limit });
    }
  };

  target('reference (checks + evidence) / empty app', ratio('reference / empty', 'reference', 'empty'), 2.0, 'x');
  // The same ratios in CPU time, which other work on a shared machine barely moves (the wall-clock ones stay the targets).
  const cpuRatio = (name: string, a: string, b: string): number | undefined => {
    const [x, y] = [cpuMedian(a), cpuMedian(b)];
    if (x === undefined || y === undefined) {
      return undefined;
    }
    ratios.push({ name: `${name} (CPU time)`, value: x / y, unit: 'x' });
    return x / y;
  };
  ratio('reference-no-guard / empty', 'reference-no-guard', 'empty');
  ratio('reference-unchecked / empty', 'reference-unchecked', 'empty');
  ratio('reference / reference-no-guard (cost of the Control Tower guard)', 'reference', 'reference-no-guard');
  ratio('reference / reference-unchecked (cost of checks + evidence)', 'reference', 'reference-unchecked');
  cpuRatio('reference / empty', 'reference', 'empty');
  cpuRatio('reference-no-guard / empty', 'reference-no-guard', 'empty');
  cpuRatio('reference-unchecked / empty', 'reference-unchecked', 'empty');
  cpuRatio('reference / reference-no-guard', 'reference', 'reference-no-guard');
  for (const n of [10, 100]) {
    target(`${n} SecureBuckets / ${n} plain s3.Buckets`, ratio(`secure-buckets-${n} / plain-buckets-${n}`, `secure-buckets-${n}`, `plain-buckets-${n}`), 1.15, 'x');
  }
  const [s10, s100, p10, p100] = ['secure-buckets-10', 'secure-buckets-100', 'plain-buckets-10', 'plain-buckets-100'].map(median);
  if (s10 !== undefined && s100 !== undefined && p10 !== undefined && p100 !== undefined) {
    // The cost of one more bucket, without the process start and the library's loading.
    ratios.push({ name: 'per SecureBucket, marginal (10 to 100)', value: (s100 - s10) / 90, unit: 'ms' });
    ratios.push({ name: 'per plain s3.Bucket, marginal (10 to 100)', value: (p100 - p10) / 90, unit: 'ms' });
    ratios.push({ name: 'marginal SecureBucket / marginal plain s3.Bucket', value: (s100 - s10) / (p100 - p10), unit: 'x' });
  }
  for (const of of ['reference', 'secure-buckets-100', 'fleet-1000']) {
    const share = ratio(`evidence CLI / synthesis, ${of}`, `evidence-${of}`, of, '%');
    target(`evidence CLI share of ${of} synthesis`, share, 10, '%');
    const s = stats.get(of);
    const ms = median(`evidence-${of}`);
    if (s && ms !== undefined) {
      ratios.push({ name: `evidence CLI per 100 KB of template, ${of}`, value: (ms * 102_400) / s.templateBytes, unit: 'ms' });
    }
  }
  // What a page of 100 custom promises adds to the synthesis (recorded, verified, reported).
  target('custom-page-100 / custom-page-0 (100 custom promises)', ratio('custom-page-100 / custom-page-0', 'custom-page-100', 'custom-page-0'), 1.05, 'x');
  cpuRatio('custom-page-100 / custom-page-0', 'custom-page-100', 'custom-page-0');
  const [f10, f1000] = ['fleet-10', 'fleet-1000'].map(median);
  if (f10 !== undefined && f1000 !== undefined) {
    ratios.push({ name: 'fleet, marginal per tenant (10 to 1,000)', value: (f1000 - f10) / 990, unit: 'ms' });
  }
  const observed = median('observe');
  target('observe, simulated account of 1,000 resources and 30 days of jobs', observed === undefined ? undefined : observed / 1000, 30, 's');
  // An organization of 100 accounts x 3 regions: synthesis (with the report) and the evidence CLI together.
  const [orgSynth, orgEvidence] = ['organization-100', 'evidence-organization-100'].map(median);
  target('organization of 100 accounts x 3 regions, synthesis + evidence', orgSynth === undefined || orgEvidence === undefined
    ? undefined : (orgSynth + orgEvidence) / 1000, 60, 's');
  const fleet = median('fleet-1000');
  target('TenantFleet of 1,000 tenants', fleet === undefined ? undefined : fleet / 1000, 60, 's');
  return { ratios, targets };
}

function printFigures(ratios: Ratio[], targets: Target[]): void {
  const show = (value: number, unit: string) => (unit === 'x' ? `${value.toFixed(2)}x` : unit === '%' ? `${value.toFixed(1)}%` : unit === 's' ? `${value.toFixed(1)} s` : `${value.toFixed(1)} ms`);
  const width = Math.max(...ratios.map((r) => r.name.length), ...targets.map((t) => t.name.length));
  process.stdout.write('\nRatios (medians of the same run)\n');
  for (const r of ratios) {
    process.stdout.write(`  ${r.name.padEnd(width)}  ${show(r.value, r.unit).padStart(9)}\n`);
  }
  process.stdout.write('\nTargets\n');
  for (const t of targets) {
    process.stdout.write(`  ${t.pass ? 'PASS' : 'MISS'}  ${t.name.padEnd(width)}  ${show(t.value, t.unit).padStart(9)}  (target ${t.unit === 's' ? '<' : '<='} ${show(t.limit, t.unit)})\n`);
  }
}

function writeResults(options: Options, r: {
  benchmarks: Benchmark[];
  results: Map<string, Stats>;
  cpu: Map<string, Stats>;
  stats: Map<string, AssemblyStats>;
  ratios: Ratio[];
  targets: Target[];
  loadBefore: number[];
  loadAfter: number[];
}): void {
  const cpus = os.cpus();
  const document = {
    date: new Date().toISOString(),
    ...gitCommit(),
    machine: {
      cores: cpus.length,
      cpuModel: cpus[0]?.model,
      memoryBytes: os.totalmem(),
      node: process.version,
      platform: `${os.platform()} ${os.arch()} ${os.release()}`,
      loadAverageBefore: r.loadBefore,
      loadAverageAfter: r.loadAfter,
    },
    options: { runs: options.runs ?? 'default (3; 1 for fleet-1000)', only: options.only ?? 'all', cloudFormationValidate: options.cdkValidation },
    benchmarks: Object.fromEntries(r.benchmarks.map((b) => [b.name, {
      description: b.description,
      ...r.results.get(b.name),
      cpu: r.cpu.get(b.name),
      assembly: r.stats.get(b.assemblyOf ?? b.name),
    }])),
    ratios: r.ratios.map((x) => ({ ...x, value: Number(x.value.toFixed(3)) })),
    targets: r.targets.map((x) => ({ ...x, value: Number(x.value.toFixed(3)) })),
  };
  fs.writeFileSync(options.out, `${JSON.stringify(document, null, 2)}\n`);
  process.stdout.write(`\nwrote ${path.relative(process.cwd(), options.out)}\n`);
}
