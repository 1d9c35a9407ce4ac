import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { ComplianceChecks } from '../../lib';
import * as prefetch from '../../lib/evidence/diagram-prefetch';
import { ReportOnSynth } from '../../lib/policy/report-on-synth';

describe('S2-15 S4-13 the head start: work that needs only the written assembly starts with the first pack', () => {
  let outdir: string;
  beforeEach(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-head-start-'));
    process.env.CDK_OUTDIR = outdir;
  });
  afterEach(() => {
    delete process.env.CDK_OUTDIR;
    jest.restoreAllMocks();
  });

  test('on `npx cdk synth`, the report\'s diagram is drawn by the render started during validation: one Graphviz worker', () => {
    // GIVEN an app the CLI runs (CDK_OUTDIR set), with one pack and a stack it finds nothing in
    const app = new App();
    new CfnResource(new Stack(app, 'Service'), 'Wait', { type: 'AWS::CloudFormation::WaitConditionHandle' });
    ComplianceChecks.apply(app, { hipaaSecurity: false, nist80053R5: false, pciDss321: false, controlTower: false });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const workerThreads: typeof import('worker_threads') = require('worker_threads');
    const Original = workerThreads.Worker;
    const renders: string[] = [];
    jest.spyOn(workerThreads, 'Worker').mockImplementation((source, options) => {
      if (String(options?.workerData?.modulePath).includes('viz')) {
        renders.push(options?.workerData?.dot);
      }
      return new Original(source, options);
    });
    const prefetched = jest.spyOn(prefetch, 'prefetchDiagram');

    // WHEN
    app.synth();

    // THEN the render was started during synthesis, once, for the DOT text the report wrote
    expect(prefetched).toHaveBeenCalledWith(app.outdir);
    expect(renders).toHaveLength(1);
    expect(renders[0].trim()).toBe(fs.readFileSync(path.join(outdir, 'architecture.dot'), 'utf-8').trim());
    expect(fs.readFileSync(path.join(outdir, 'architecture.svg'), 'utf-8')).toMatch(/<svg/);
  });

  test('ReportOnSynth.headStart starts the diagram only for an app that writes the report', () => {
    // GIVEN
    const prefetched = jest.spyOn(prefetch, 'prefetchDiagram').mockReturnValue(true);
    const writes = new App();
    ReportOnSynth.registerOn(writes);
    delete process.env.CDK_OUTDIR;
    const silent = new App({ outdir });

    // WHEN
    ReportOnSynth.headStart(new Stack(writes, 'A'));
    ReportOnSynth.headStart(new Stack(silent, 'B'));

    // THEN
    expect(prefetched.mock.calls).toEqual([[writes.outdir]]);
  });
});
