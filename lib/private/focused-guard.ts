import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { DataProtectionError } from './errors';
import { startInParallel, validateInParallel } from './parallel-guard';

/** The Control Tower proactive-control rules that `@cdklabs/cdk-validator-cfnguard` bundles. */
const RULES_DIRECTORY = path.join(path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')), 'rules', 'control-tower', 'cfn-guard');

/** One bundled rule file: its path, its rule's name and the resource types it names. */
interface RuleFile {
  readonly file: string;
  /** The file's name without extension (`ct-s3-pr-1`), which the validator's `disabledRules` match. */
  readonly id: string;
  /** The name of the file's rule (`s3_bucket_level_public_access_prohibited_check`), which findings carry. */
  readonly rule?: string;
  readonly types: ReadonlySet<string>;
}

let ruleFiles: RuleFile[] | undefined;

/** The bundled rule files, read once per process. */
function bundledRules(): RuleFile[] {
  ruleFiles ??= fs.readdirSync(RULES_DIRECTORY, { recursive: true, encoding: 'utf-8' })
    .filter((f) => f.endsWith('.guard'))
    .sort()
    .map((f) => {
      const file = path.join(RULES_DIRECTORY, f);
      const text = fs.readFileSync(file, 'utf-8');
      return {
        file,
        id: path.parse(file).name,
        rule: /^rule\s+(\w+)\s+when\b/m.exec(text)?.[1],
        types: new Set(text.match(/AWS::[A-Za-z0-9]+::[A-Za-z0-9]+/g) ?? []),
      };
    });
  return ruleFiles;
}

/**
 * The Control Tower guard rules as a validation plugin, run on what they read and nothing else.
 *
 * `CfnGuardValidator` hands cfn-guard every bundled rule file (237) and the templates as CDK wrote
 * them. cfn-guard evaluates each rule file against each template in turn, so its time grows with
 * files x template size: 7.7 s of the reference app's 11.7 s synthesis. The rules only select
 * resources by `Type` and read their properties (none reads `Metadata`), and a rule whose
 * resource types are absent from a template skips it. So this plugin gives cfn-guard:
 * - copies of the templates without `Metadata` (the construct paths and the cdk-nag
 *   acknowledgements, half of the reference template), mapping findings back to the originals;
 * - only the rule files that name a resource type present in the templates (and any that name
 *   none), less the disabled ones;
 * - and runs them split between one cfn-guard process per core (`validateInParallel`,
 *   `./parallel-guard.ts`), merging the processes' reports into the report of one run, in
 *   worker threads started with the first pack (`HeadStart`, `./head-start.ts`).
 * The findings are the same as `CfnGuardValidator`'s (a test compares them); written by hand
 * because the validator takes its rule list at construction, before the templates exist.
 */
export class FocusedGuardValidator implements IPolicyValidationPlugin {
  public readonly name: string;
  public readonly version?: string;
  public readonly ruleIds?: string[];
  private readonly disabled: ReadonlySet<string>;
  private readonly maxBuffer?: number;
  private readonly processes?: number;
  private pending?: PendingRun;

  /**
   * @param disabledRules rules to skip, by guard rule name (`s3_bucket_object_lock_enabled_check`)
   *   or rule file (`ct-s3-pr-1`); an unknown name is refused
   * @param processes how many cfn-guard processes at most (default: `os.availableParallelism()`)
   */
  constructor(props: { readonly disabledRules?: string[]; readonly maxBuffer?: number; readonly processes?: number } = {}) {
    const full = new CfnGuardValidator({ controlTowerRulesEnabled: true });
    this.name = full.name;
    this.version = full.version;
    this.ruleIds = full.ruleIds;
    this.maxBuffer = props.maxBuffer;
    this.processes = props.processes;
    // The rule files are read here only to check names; otherwise on the first validation.
    const unknown = (props.disabledRules ?? []).filter((name) => !bundledRules().some((r) => r.id === name || r.rule === name));
    if (unknown.length > 0) {
      throw new DataProtectionError(`disabledControlTowerRules names no bundled Control Tower rule: ${unknown.join(', ')}; ` +
        'allowed: a guard rule name as findings print it (s3_bucket_object_lock_enabled_check) or a rule file name (ct-s3-pr-1)');
    }
    this.disabled = new Set(props.disabledRules ?? []);
  }

  /** The rule files that can find something in templates holding `types`, less the disabled ones. */
  public rulesFor(types: ReadonlySet<string>): string[] {
    return bundledRules()
      .filter((r) => !this.disabled.has(r.id) && !(r.rule !== undefined && this.disabled.has(r.rule)))
      .filter((r) => r.types.size === 0 || [...r.types].some((t) => types.has(t)))
      .map((r) => r.file);
  }

  /**
   * Starts cfn-guard on `templatePaths` in the background (worker threads), for the next
   * `validate` of the same templates to collect: the templates are written before the first
   * validation plugin runs, so the run can start with the first plugin (`HeadStart`) and go
   * on while the others check. A `validate` of other templates gives the started run up.
   */
  public headStart(templatePaths: string[]): void {
    this.pending?.cancel();
    this.pending = undefined;
    this.pending = this.begin(templatePaths, true);
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const pending = this.pending;
    this.pending = undefined;
    if (pending && pending.templatePaths.join('\n') === context.templatePaths.join('\n')) {
      return pending.finish();
    }
    pending?.cancel();
    return this.begin(context.templatePaths, false).finish();
  }

  /** Copies the templates without `Metadata`, picks the rule files, and starts cfn-guard now (`background`) or on `finish`. */
  private begin(templatePaths: string[], background: boolean): PendingRun {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-data-protection-guard-'));
    const remove = () => fs.rmSync(directory, { recursive: true, force: true });
    try {
      const originals = new Map<string, string>();
      const types = new Set<string>();
      templatePaths.forEach((templatePath, i) => {
        const template = JSON.parse(fs.readFileSync(templatePath, 'utf-8'));
        delete template.Metadata;
        for (const resource of Object.values<any>(template.Resources ?? {})) {
          delete resource?.Metadata;
          types.add(String(resource?.Type));
        }
        const copy = path.join(directory, `${i}-${path.basename(templatePath)}`);
        fs.writeFileSync(copy, JSON.stringify(template, undefined, 1));
        originals.set(copy, templatePath);
      });
      const rules = this.rulesFor(types);
      const copies = [...originals.keys()];
      const options = { maxBuffer: this.maxBuffer, processes: this.processes };
      // One cfn-guard process per core, each over a consecutive slice of the rule files; the same report as one run.
      const run = background && rules.length > 0 ? startInParallel(rules, copies, options) : undefined;
      const original = (copy: string) => originals.get(copy) ?? copy;
      return {
        templatePaths: [...templatePaths],
        cancel: () => {
          run?.cancel();
          remove();
        },
        finish: () => {
          try {
            if (rules.length === 0) {
              return { success: true, violations: [] };
            }
            const report = run ? run.join() : validateInParallel(rules, copies, options);
            return {
              ...report,
              violations: report.violations.map((v) => ({
                ...v,
                violatingResources: v.violatingResources.map((r) => ({ ...r, templatePath: r.templatePath && original(r.templatePath) })),
              })),
            };
          } finally {
            remove();
          }
        },
      };
    } catch (e) {
      remove();
      throw e;
    }
  }
}

/** A guard run prepared for some templates: `finish` returns its report, `cancel` gives it up. */
interface PendingRun {
  readonly templatePaths: string[];
  finish(): PolicyValidationPluginReport;
  cancel(): void;
}
