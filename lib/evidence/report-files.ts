import * as fs from 'fs';
import * as path from 'path';
import { AssemblyError } from './assembly-shape';

/**
 * The files of the evidence report in its output directory: which they are, removing those of an
 * earlier run, and writing each so that no reader sees half of one.
 */

/** Every file `EvidenceReport.write` may write into the output directory. */
export const REPORT_FILES = ['evidence-report.md', 'evidence-report.json', 'evidence-report.sarif', 'trust-page.md',
  'processing-register.md', 'architecture.dot', 'architecture.svg', 'trust-page.html'];

/**
 * Removes the report files of an earlier run from `outDir`, so that a run that fails leaves no
 * report behind (one saying PROVEN about templates that have changed since). Only the files the
 * report writes, nothing else.
 */
export function removeReports(outDir: string): void {
  const stat = fs.statSync(outDir, { throwIfNoEntry: false });
  if (stat === undefined) {
    return;
  }
  if (!stat.isDirectory()) {
    throw new AssemblyError(outDir, 'is a file: the report is written into a directory (name one, or a new path)');
  }
  for (const name of REPORT_FILES) {
    fs.rmSync(path.join(outDir, name), { force: true });
  }
}

/** Creates the output directory; fails naming it. */
export function makeDirectory(outDir: string): void {
  try {
    fs.mkdirSync(outDir, { recursive: true });
  } catch (err) {
    throw new AssemblyError(outDir, `cannot be created as the report directory (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/** Writes `file` through a temporary file renamed into place: a reader never sees half a report. */
export function writeAtomically(file: string, text: string): string {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, file);
  } catch (err) {
    fs.rmSync(temporary, { force: true });
    throw new AssemblyError(file, `cannot be written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return file;
}
