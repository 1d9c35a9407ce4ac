import * as fs from 'fs';
import * as path from 'path';
import { prefetchDiagram } from '../../lib/evidence/diagram-prefetch';
import * as diagramSvg from '../../lib/evidence/diagram-svg';
import { EvidenceReport } from '../../lib/evidence/evidence-report';
import * as verify from '../../lib/evidence/verify';
import { writeMinimalAssembly } from '../reliability/evidence-cli-kit';

/** A minimal cloud assembly: one stack whose policy claims S4-13, and a bucket. */
function assemblyDirectory(): string {
  return writeMinimalAssembly({ resources: { Files: { Type: 'AWS::S3::Bucket', Properties: {}, Metadata: { 'aws:cdk:path': 'Service/Files/Resource' } } } });
}

describe('EvidenceReport.write draws the diagram while it verifies the templates', () => {
  afterEach(() => jest.restoreAllMocks());

  test('S1-08 starts the render before verifying and waits for it once, before the texts that embed it', () => {
    // GIVEN
    const dir = assemblyDirectory();
    const calls: string[] = [];
    const start = diagramSvg.startSvgRender;
    jest.spyOn(diagramSvg, 'startSvgRender').mockImplementation((dot) => {
      calls.push('render started');
      const svg = start(dot);
      return () => (calls.push('render waited for'), svg());
    });
    const verifyAssembly = verify.verifyAssembly;
    jest.spyOn(verify, 'verifyAssembly').mockImplementation((...args) => (calls.push('templates verified'), verifyAssembly(...args)));
    try {
      // WHEN
      const summary = EvidenceReport.write(dir);

      // THEN
      expect(calls).toEqual(['render started', 'templates verified', 'render waited for']);
      expect(summary.notes).toEqual([]);
      expect(fs.readFileSync(path.join(dir, 'architecture.svg'), 'utf-8')).toMatch(/^<\?xml[\s\S]*<svg/);
      expect(fs.readFileSync(path.join(dir, 'evidence-report.md'), 'utf-8')).toContain('[architecture.svg](architecture.svg)');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a render that fails is a note: the report, the DOT text and the page are written without the SVG', () => {
    // GIVEN
    const dir = assemblyDirectory();
    jest.spyOn(diagramSvg, 'startSvgRender').mockImplementation(() => () => {
      throw new Error('Graphviz (WebAssembly) failed: out of memory');
    });
    try {
      // WHEN
      const summary = EvidenceReport.write(dir);

      // THEN
      expect(summary.notes).toEqual(['architecture.svg not written: Graphviz (WebAssembly) failed: out of memory (render architecture.dot with `dot -Tsvg`)']);
      const files = summary.files.map((f) => path.basename(f));
      expect(files).toEqual(expect.arrayContaining(['architecture.dot', 'trust-page.html', 'evidence-report.md']));
      expect(files).not.toContain('architecture.svg');
      expect(fs.readFileSync(path.join(dir, 'evidence-report.md'), 'utf-8')).not.toContain('architecture.svg');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('S1-08 takes the render prefetched during synthesis for the same DOT text (one worker), and starts its own for another', () => {
    // GIVEN an assembly whose diagram was started ahead, and one whose was not
    const dir = assemblyDirectory();
    const other = assemblyDirectory();
    fs.writeFileSync(path.join(other, 'Service.template.json'), fs.readFileSync(path.join(dir, 'Service.template.json'), 'utf-8').replace(/Files/g, 'Archive'));
    // The module object the library's `import { Worker }` reads (`import * as` would give a copy).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const workerThreads: typeof import('worker_threads') = require('worker_threads');
    const Original = workerThreads.Worker;
    const workers = jest.spyOn(workerThreads, 'Worker').mockImplementation((...args) => new Original(...args));
    try {
      // WHEN
      expect(prefetchDiagram(dir)).toBe(true);
      expect(workers).toHaveBeenCalledTimes(1);
      const summary = EvidenceReport.write(dir);
      const started = workers.mock.calls.length;
      EvidenceReport.write(other);

      // THEN
      expect(started).toBe(1);
      expect(workers).toHaveBeenCalledTimes(2);
      expect(summary.notes).toEqual([]);
      expect(fs.readFileSync(path.join(dir, 'architecture.svg'), 'utf-8')).toContain('Files');
      expect(fs.readFileSync(path.join(other, 'architecture.svg'), 'utf-8')).toContain('Archive');
      expect(prefetchDiagram(path.join(dir, 'no-such-assembly'))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});
