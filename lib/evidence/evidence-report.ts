import * as path from 'path';
import { readAssembly } from './assembly';
import { AssemblyError } from './assembly-shape';
import { diagramDotOf } from './diagram-prefetch';
import { startSvgRender } from './diagram-svg';
import { EvidenceResult } from './model';
import { makeDirectory, removeReports, writeAtomically } from './report-files';
import { jsonReport } from './report-json';
import { markdownReport, registerMarkdown } from './report-markdown';
import { currentObservation, loadObservation, observedCounts, observedFailingClaims } from './report-observed';
import { sarifReport } from './report-sarif';
import { sourceCommit } from './source-commit';
import { trustPage } from './trust-page';
import { trustPageHtml } from './trust-page-html';
import { verifyAssembly } from './verify';

/**
 * The formats of the evidence report.
 */
export enum EvidenceFormat {
  /** `evidence-report.md`: for people, claim by claim with every fact. */
  MARKDOWN = 'md',
  /** `evidence-report.json`: for tools. */
  JSON = 'json',
  /** `evidence-report.sarif`: SARIF 2.1.0, for code-scanning tools. */
  SARIF = 'sarif',
}

/**
 * What `EvidenceReport.write` writes.
 */
export interface EvidenceReportOptions {
  /**
   * The directory the files are written to (created when missing).
   *
   * @default - the assembly directory
   */
  readonly outDir?: string;

  /**
   * The report formats.
   *
   * @default - all three: Markdown, JSON and SARIF
   */
  readonly formats?: EvidenceFormat[];

  /**
   * Add to the Markdown report a section per framework (SOC 2, ISO/IEC 27001:2022, GDPR Art. 32,
   * CNIL sheets) listing each control with the claims that serve it.
   *
   * @default false
   */
  readonly groupByFramework?: boolean;

  /**
   * The service's name, as the trust page titles it.
   *
   * @default 'Our service'
   */
  readonly serviceName?: string;

  /**
   * Also write `trust-page.md` (the proven claims in plain language, each linked to its evidence
   * in `evidence-report.md`, which is then written whatever the formats), `processing-register.md`
   * (GDPR Art. 30), `architecture.dot` and `architecture.svg` (Graphviz in WebAssembly, no system binary) and `trust-page.html`.
   *
   * @default true
   */
  readonly companions?: boolean;

  /**
   * The time the report states.
   *
   * @default - now
   */
  readonly generatedAt?: Date;

  /**
   * The live observation to show next to the template verdicts: the `evidence-observed.json` that
   * `cdk-data-protection observe` wrote. Each report then shows, per claim, the observed verdict
   * (OBSERVED, OBSERVED FAILING, NOT OBSERVED) with its time and period, and flags the claims
   * observed failing; the trust page states no claim observed failing. A file that is not an
   * observation fails the report, naming the file.
   *
   * @default - `evidence-observed.json` in the output directory, else in the assembly directory; none when neither holds one
   */
  readonly observationFile?: string;
}

/**
 * What the evidence report found.
 */
export interface EvidenceReportSummary {
  /** Claims proven by the templates. */
  readonly proven: number;
  /** Claims the templates contradict or do not show. */
  readonly violated: number;
  /** Claims no template can prove (organisational). */
  readonly notProvable: number;
  /** The ids of the violated claims. */
  readonly violatedClaims: string[];
  /**
   * The observation file shown next to the template verdicts.
   *
   * @default - no observation was read
   */
  readonly observationFile?: string;
  /**
   * Claims observed holding in the live account.
   *
   * @default - no observation was read
   */
  readonly observed?: number;
  /**
   * Claims the live account was observed not keeping.
   *
   * @default - no observation was read
   */
  readonly observedFailing?: number;
  /**
   * Claims whose operating facts could not all be read from the live account.
   *
   * @default - no observation was read
   */
  readonly notObserved?: number;
  /**
   * The ids of the claims observed failing.
   *
   * @default - none (always set by `EvidenceReport.write`: empty without an observation)
   */
  readonly observedFailingClaims?: string[];
  /** The files written, absolute paths. */
  readonly files: string[];
  /** What was skipped and why (`architecture.svg not written: ...`). */
  readonly notes: string[];
}

/**
 * The evidence report: proves each claim a `DataProtectionPolicy` records from the templates of
 * a cloud assembly, value by value, and writes the report for people (Markdown), tools (JSON)
 * and code scanning (SARIF), with the trust page, the register of processing activities and an
 * architecture diagram.
 *
 * It reads only the assembly directory (`cdk.out/`): no AWS call and no synthesis. The same runs
 * as `npx cdk-data-protection evidence cdk.out`.
 */
export class EvidenceReport {
  /**
   * Verifies the assembly in `assemblyDirectory` and writes the report files.
   *
   * The report files of an earlier run are removed from the output directory first, and the new
   * ones are written only once every text is built: a run that fails leaves no report. An assembly
   * that cannot be read (a missing, empty or truncated file, a value of the wrong type, nesting
   * deeper than 200 levels, a file outside the assembly directory) throws an error naming the file
   * and what is wrong with it.
   *
   * @param assemblyDirectory the synthesized cloud assembly (`cdk.out`)
   * @param options formats, output directory and companions
   */
  public static write(assemblyDirectory: string, options: EvidenceReportOptions = {}): EvidenceReportSummary {
    const outDir = options.outDir ?? assemblyDirectory;
    // A report of an earlier run must not outlive a run that fails: removed before reading.
    removeReports(outDir);
    const assembly = readAssembly(assemblyDirectory);
    // Read before any text is built: a malformed observation fails the report, naming the file.
    const loaded = loadObservation(options.observationFile, [outDir, assemblyDirectory]);
    // An observation of other templates (a stale evidence-observed.json) shows every promise as not observed.
    const observation = loaded ? currentObservation(loaded.observation, assembly) : undefined;
    const formats = options.formats ?? [EvidenceFormat.MARKDOWN, EvidenceFormat.JSON, EvidenceFormat.SARIF];
    // Every text is built before the first file is written: a failure writes nothing.
    const texts: Array<[string, string]> = [];
    const notes: string[] = [];
    let result: EvidenceResult;
    try {
      // The diagram (and the trust page that embeds it) are companions; a diagram Graphviz cannot draw is a note, not a failure.
      const companions = options.companions ?? true;
      let dot: string | undefined;
      let svg: string | undefined;
      let drawing: (() => string | undefined) | undefined;
      if (companions) {
        dot = diagramDotOf(assemblyDirectory, assembly);
        // Rendered in a worker thread while this one verifies the templates (or since synthesis: prefetchDiagram).
        drawing = startDiagram(dot, notes);
      }
      result = verifyAssembly(assembly, options.generatedAt);
      svg = drawing?.();
      // The trust page links each statement to its evidence in the Markdown report: written with the companions.
      if (formats.includes(EvidenceFormat.MARKDOWN) || companions) {
        texts.push(['evidence-report.md', markdownReport(result, {
          groupBy: options.groupByFramework ? 'framework' : 'claim', diagramFile: svg !== undefined ? 'architecture.svg' : undefined, observation,
        })]);
      }
      if (formats.includes(EvidenceFormat.JSON)) {
        texts.push(['evidence-report.json', jsonReport(result, observation)]);
      }
      if (formats.includes(EvidenceFormat.SARIF)) {
        texts.push(['evidence-report.sarif', sarifReport(result, observation)]);
      }
      if (options.companions ?? true) {
        texts.push(['trust-page.md', trustPage(result, { serviceName: options.serviceName, reportFile: 'evidence-report.md', observation })]);
        texts.push(['processing-register.md', registerMarkdown(result)]);
        texts.push(['architecture.dot', dot!]);
        if (svg !== undefined) {
          texts.push(['architecture.svg', svg]);
        }
        texts.push(['trust-page.html', trustPageHtml(result, {
          serviceName: options.serviceName, svg, commit: sourceCommit(), observation,
        })]);
      }
    } catch (err) {
      if (err instanceof AssemblyError) {
        throw err;
      }
      // The files have the shape the report reads, but a value inside is not what a verifier can read.
      throw new AssemblyError(assemblyDirectory, `holds a template value the verifiers cannot read (${(err as Error).message.split('\n')[0].slice(0, 200)})`);
    }
    const files: string[] = [];
    const write = (name: string, text: string) => {
      files.push(writeAtomically(path.resolve(outDir, name), text.endsWith('\n') ? text : `${text}\n`));
    };
    makeDirectory(outDir);
    texts.forEach(([name, text]) => write(name, text));
    return {
      proven: result.summary.proven,
      violated: result.summary.violated,
      notProvable: result.summary.notProvable,
      violatedClaims: result.claims.filter((c) => c.verdict === 'VIOLATED').map((c) => c.id),
      ...(loaded ? { observationFile: path.resolve(loaded.file), ...observedCounts(observation!, result.claims) } : {}),
      observedFailingClaims: observation ? observedFailingClaims(observation, result.claims).map((c) => c.id) : [],
      files,
      notes,
    };
  }

  private constructor() {}
}

/** Starts drawing the diagram; the function returned gives the SVG, or undefined with a note saying why not. */
function startDiagram(dot: string, notes: string[]): () => string | undefined {
  const failed = (err: unknown) => {
    notes.push(`architecture.svg not written: ${(err as Error).message.split('\n')[0]} (render architecture.dot with \`dot -Tsvg\`)`);
    return undefined;
  };
  try {
    const svg = startSvgRender(dot);
    return () => {
      try {
        return svg();
      } catch (err) {
        return failed(err);
      }
    };
  } catch (err) {
    return () => failed(err);
  }
}
