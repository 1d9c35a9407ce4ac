import { App, Stage, StageSynthesisOptions } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { IConstruct } from 'constructs';
import { prefetchDiagram } from '../evidence/diagram-prefetch';
import { EvidenceReport } from '../evidence/evidence-report';

/** The context key that turns the report written on synthesis off (`-c cdk-data-protection:evidence-report=false`). */
export const REPORT_CONTEXT_KEY = 'cdk-data-protection:evidence-report';

const REGISTERED = Symbol.for('cdk-data-protection.ReportOnSynth');
const POLICY_OF_SCOPE = Symbol.for('cdk-data-protection.DataProtectionPolicy');

/**
 * Writes the evidence report, the trust page and the register of processing activities into the
 * cloud assembly each time the app is synthesized by the CDK CLI (`npx cdk synth`, `cdk deploy`),
 * and fails the synthesis when a promise is VIOLATED. `DataProtectionPolicy` and
 * `ComplianceChecks.apply` register it on the app; nothing else is needed.
 *
 * The report needs the finished assembly (its manifest), which no aspect or validation plugin
 * sees, so the app's `synth` is wrapped: the CLI's synthesis (and an explicit `app.synth()`)
 * returns only once the report is written. It runs only when the CLI runs the app
 * (`CDK_OUTDIR` set); unit tests that synthesize with `Template.fromStack` are untouched.
 */
export class ReportOnSynth {
  /**
   * Registers the report on the root of `scope`, once.
   *
   * @param scope any construct of the app
   */
  public static registerOn(scope: IConstruct): void {
    const root = scope.node.root;
    if (!App.isApp(root) || (root as any)[REGISTERED] || process.env.CDK_OUTDIR === undefined) {
      return;
    }
    if (String(root.node.tryGetContext(REPORT_CONTEXT_KEY)) === 'false') {
      return;
    }
    Object.defineProperty(root, REGISTERED, { value: true, enumerable: false });
    const synth = root.synth.bind(root);
    const written = new WeakSet<CloudAssembly>();
    root.synth = (options?: StageSynthesisOptions): CloudAssembly => {
      const assembly = synth(options);
      if (!written.has(assembly)) {
        ReportOnSynth.write(root, assembly);
        written.add(assembly);
      }
      return assembly;
    };
  }

  /**
   * Starts what the report written after synthesis can start once the assembly is written (the
   * architecture diagram's render, in a worker thread), when the root of `scope` writes one.
   * Called during validation, when the templates, the manifest and `tree.json` exist.
   *
   * @param scope any construct of the app
   */
  public static headStart(scope: IConstruct): void {
    const root = scope.node.root;
    if (App.isApp(root) && (root as any)[REGISTERED]) {
      prefetchDiagram(root.outdir);
    }
  }

  private static write(app: Stage, assembly: CloudAssembly): void {
    // The service name of the first policy that gives one (policies are kept on their scope under this symbol).
    const serviceName: string | undefined = app.node.findAll().map((c) => (c as any)[POLICY_OF_SCOPE]?.serviceName)
      .find((n) => typeof n === 'string' && n.length > 0);
    const evidence = EvidenceReport.write(assembly.directory, { serviceName, groupByFramework: true });
    for (const note of evidence.notes) {
      process.stderr.write(`cdk-data-protection: ${note}\n`);
    }
    if (evidence.violated > 0) {
      throw new Error(`cdk-data-protection: the templates violate promises ${evidence.violatedClaims.join(', ')}: see ${assembly.directory}/evidence-report.md`);
    }
  }

  private constructor() {}
}
