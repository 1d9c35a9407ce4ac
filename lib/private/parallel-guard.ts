import * as os from 'os';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'worker_threads';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { PolicyValidationPluginReport, PolicyViolation } from 'aws-cdk-lib';

/**
 * Runs `CfnGuardValidator` over rule files split in groups, one cfn-guard process per group at
 * the same time, and merges the groups' reports into the report of one run over every file.
 *
 * Why: cfn-guard evaluates its rule files one after the other on one core, and it is most of the
 * reference app's synthesis (2-4.5 s of CPU time for 79 rule files). Each rule file is evaluated
 * on its own (the files repeat helper rule names, so they cannot be merged into one), so files can
 * be split between processes without changing what each finds.
 *
 * How: validation plugins are synchronous, so each group runs the plugin itself
 * (`new CfnGuardValidator({ rules: group }).validate(...)`, its own command line, output parsing
 * and conversion to violations) in a worker thread, while this thread waits on a shared counter
 * (`Atomics.wait`) and then reads each worker's report synchronously (`receiveMessageOnPort`),
 * the pattern of `lib/evidence/diagram-svg.ts`. Nothing of the plugin is rewritten: only the
 * merge below, which puts the violations in the order of one run.
 *
 * The merge is exact because of how one run orders its report (a test compares them): cfn-guard
 * writes one result per data file, in the order of `--data`, and lists each file's failed rules
 * in the order of `--rules`; the plugin turns them into violations in that order, one template
 * per violation. The groups are consecutive slices of the rule files, so their violations,
 * concatenated group after group and then sorted (stably) by the template they name, are the
 * violations of one run in the same order.
 */

/** Fewer rule files than this per process, and the template's parse and the process's start outweigh what the split saves. */
export const MIN_RULES_PER_PROCESS = 8;

/** How long all groups may take before the guard is given up (cfn-guard takes about a minute for 100 buckets). */
const GUARD_TIMEOUT_MS = 30 * 60 * 1000;

/** The worker: plain JavaScript, run with `eval` so that it needs no compiled file next to this one. */
const WORKER_SOURCE = `
const { workerData } = require('worker_threads');
const { counter, port, modulePath, rules, templatePaths, maxBuffer } = workerData;
// The plugin writes cfn-guard's error output to stderr when cfn-guard fails: kept and sent with the answer.
let stderr = '';
process.stderr.write = (chunk) => { stderr += String(chunk); return true; };
try {
  const { CfnGuardValidator } = require(modulePath);
  const report = new CfnGuardValidator({ controlTowerRulesEnabled: false, rules, maxBuffer }).validate({ templatePaths });
  port.postMessage({ report, stderr });
} catch (e) {
  port.postMessage({ error: String((e && e.message) || e), stderr });
} finally {
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
}
`;

/** The answer of one worker. */
interface GroupAnswer {
  readonly report?: PolicyValidationPluginReport;
  readonly error?: string;
  readonly stderr?: string;
}

/** Options of `validateInParallel`. */
export interface ParallelGuardOptions {
  /** How many cfn-guard processes at most. @default os.availableParallelism() */
  readonly processes?: number;
  /** The plugin's buffer for cfn-guard's output, per process. */
  readonly maxBuffer?: number;
}

/**
 * The rule files split in at most `processes` consecutive groups of at least
 * `MIN_RULES_PER_PROCESS` files each (one group when there are too few), as even as possible.
 */
export function ruleGroups(rules: string[], processes: number): string[][] {
  const count = Math.max(1, Math.min(Math.floor(processes), Math.floor(rules.length / MIN_RULES_PER_PROCESS)));
  return Array.from({ length: count }, (_, i) =>
    rules.slice(Math.floor((i * rules.length) / count), Math.floor(((i + 1) * rules.length) / count)));
}

/** A run of the guard started in the background: `join` waits for it and returns its report. */
export interface GuardRun {
  /** Waits for every process and returns the report of one run; throws what the plugin threw. */
  join(): PolicyValidationPluginReport;
  /** Gives the run up: its workers are ended (a cfn-guard process already started finishes on its own). */
  cancel(): void;
}

/**
 * What `new CfnGuardValidator({ controlTowerRulesEnabled: false, rules, maxBuffer }).validate({ templatePaths })`
 * returns, computed by several cfn-guard processes at once.
 *
 * @param rules the rule files, in the order one run would take them
 * @param templatePaths the templates (`--data`), in order
 */
export function validateInParallel(rules: string[], templatePaths: string[], options: ParallelGuardOptions = {}): PolicyValidationPluginReport {
  const groups = ruleGroups(rules, options.processes ?? os.availableParallelism());
  if (groups.length === 1) {
    // One process: the plugin runs here, with no worker to start.
    const validator = new CfnGuardValidator({ controlTowerRulesEnabled: false, rules, maxBuffer: options.maxBuffer });
    // The validator is typed against aws-cdk-lib's older `...Beta1` interfaces, which have the same shape.
    return validator.validate({ templatePaths } as any) as unknown as PolicyValidationPluginReport;
  }
  return startGroups(groups, templatePaths, options.maxBuffer).join();
}

/**
 * Starts what `validateInParallel` computes in worker threads and returns at once, so that this
 * thread can do other work (the other validation plugins) while cfn-guard runs.
 */
export function startInParallel(rules: string[], templatePaths: string[], options: ParallelGuardOptions = {}): GuardRun {
  return startGroups(ruleGroups(rules, options.processes ?? os.availableParallelism()), templatePaths, options.maxBuffer);
}

/** Starts one worker per group; the run's `join` returns the merged report. */
function startGroups(groups: string[][], templatePaths: string[], maxBuffer: number | undefined): GuardRun {
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const modulePath = require.resolve('@cdklabs/cdk-validator-cfnguard');
  const ports: MessagePort[] = [];
  const workers: Worker[] = [];
  const end = () => {
    ports.forEach((port) => port.close());
    workers.forEach((worker) => void worker.terminate());
  };
  try {
    for (const rules of groups) {
      const { port1, port2 } = new MessageChannel();
      ports.push(port1);
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { counter, port: port2, modulePath, rules, templatePaths, maxBuffer },
        transferList: [port2],
        stdout: true,
        stderr: true,
      });
      // A run that is never joined (synthesis failed before) does not keep the process alive.
      worker.unref();
      workers.push(worker);
    }
  } catch (e) {
    end();
    throw e;
  }
  const started = Date.now();
  return {
    cancel: end,
    join: () => {
      try {
        const deadline = started + GUARD_TIMEOUT_MS;
        for (let done = Atomics.load(counter, 0); done < groups.length; done = Atomics.load(counter, 0)) {
          if (Atomics.wait(counter, 0, done, Math.max(0, deadline - Date.now())) === 'timed-out') {
            throw new Error(`cfn-guard did not finish within ${GUARD_TIMEOUT_MS / 60_000} minutes (${groups.length} processes)`);
          }
        }
        const answers = ports.map((port) => receiveMessageOnPort(port)?.message as GroupAnswer | undefined);
        answers.forEach((a) => {
          if (a?.stderr) {
            process.stderr.write(a.stderr);
          }
        });
        return mergeReports(answers.map((answer) => {
          if (answer?.report === undefined) {
            // The plugin's own message (it names cfn-guard's failure), as one run would throw it.
            throw new Error(answer?.error ?? 'no answer from a cfn-guard worker');
          }
          return answer.report;
        }), templatePaths);
      } finally {
        end();
      }
    },
  };
}

/**
 * The report of one run from the reports of consecutive groups of its rule files: failed when
 * one is, and the violations grouped by template in the order of `templatePaths`, each
 * template's in the order of the groups (a stable sort).
 */
export function mergeReports(reports: PolicyValidationPluginReport[], templatePaths: string[]): PolicyValidationPluginReport {
  const order = new Map(templatePaths.map((t, i) => [t, i]));
  const position = (v: PolicyViolation) => order.get(v.violatingResources[0]?.templatePath ?? '') ?? templatePaths.length;
  const violations = reports.flatMap((r) => r.violations);
  return {
    success: reports.every((r) => r.success),
    violations: violations.map((v, i) => ({ v, i }))
      .sort((a, b) => position(a.v) - position(b.v) || a.i - b.i)
      .map(({ v }) => v),
  };
}
