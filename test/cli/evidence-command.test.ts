import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runEvidence } from '../../lib/cli/evidence-command';
import { main } from '../../lib/cli/main';
import { writeMinimalAssembly } from '../reliability/evidence-cli-kit';

/** A minimal cloud assembly: one stack whose policy claims S4-13 with the given contact. */
function assembly(contact: string): string {
  return writeMinimalAssembly({ contact, resources: {} });
}

describe('cdk-data-protection evidence', () => {
  test('S4-13 proves the claims, writes the three formats and the companions, exit 0', () => {
    // GIVEN
    const dir = assembly('security@example.com');
    const out = path.join(dir, 'report');

    // WHEN
    const result = runEvidence([dir, '--out', out]);

    // THEN
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^1 claims proven, 0 violated, 0 not provable/);
    expect(fs.readdirSync(out).sort()).toEqual(expect.arrayContaining([
      'architecture.dot', 'evidence-report.json', 'evidence-report.md', 'evidence-report.sarif', 'processing-register.md', 'trust-page.md',
    ]));
    expect(JSON.parse(fs.readFileSync(path.join(out, 'evidence-report.json'), 'utf-8')).claims[0]).toMatchObject({ id: 'S4-13', verdict: 'PROVEN' });
  });

  test('S4-13 exits 1 and names the violated claim when the templates contradict it', () => {
    // GIVEN: the template publishes another contact than the claim names
    const dir = assembly('other@example.com');

    // WHEN
    const result = runEvidence([dir, '--format', 'json']);

    // THEN
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe('violated: S4-13 (see the report for the expected and found values)\n');
    expect(fs.existsSync(path.join(dir, 'evidence-report.json'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'evidence-report.sarif'))).toBe(false);
  });

  test('--group-by framework adds the framework sections', () => {
    // GIVEN
    const dir = assembly('security@example.com');

    // WHEN
    runEvidence([dir, '--format', 'md', '--group-by', 'framework']);

    // THEN
    expect(fs.readFileSync(path.join(dir, 'evidence-report.md'), 'utf-8')).toMatch(/ISO\/IEC 27001:2022/);
  });

  test.each([
    [['--format', 'pdf'], /--format must list formats from md, json, sarif, got 'pdf'/],
    [['--group-by', 'team'], /--group-by must be claim or framework, got 'team'/],
    [['--colour'], /Unknown option '--colour'/],
  ])('usage error %j: exit 2 with the allowed values', (args, message) => {
    // GIVEN
    const dir = assembly('security@example.com');

    // WHEN
    const result = runEvidence([dir, ...args]);

    // THEN
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  test('a directory that is not a cloud assembly is a usage error naming it', () => {
    // WHEN
    const result = runEvidence([os.tmpdir(), 'second']);
    const missing = runEvidence([path.join(os.tmpdir(), 'no-such-cdk-out')]);

    // THEN
    expect(result).toMatchObject({ exitCode: 2, stderr: expect.stringMatching(/expected at most one assembly directory, got 2/) });
    expect(missing).toMatchObject({ exitCode: 2, stderr: expect.stringMatching(/no-such-cdk-out is not a cloud assembly \(no manifest.json\): run `npx cdk synth` first/) });
  });

  test('an assembly that records no claim exits 1: a report that proves nothing does not pass', () => {
    // GIVEN
    const dir = assembly('security@example.com');
    const file = path.join(dir, 'Service.template.json');
    fs.writeFileSync(file, JSON.stringify({ Resources: {} }));

    // WHEN
    const result = runEvidence([dir]);

    // THEN
    expect(result).toMatchObject({ exitCode: 1, stderr: expect.stringMatching(/^no stack records a claim/) });
  });

  test('a template the manifest names but that is missing is exit 2 with one line, not a stack trace', () => {
    // GIVEN
    const dir = assembly('security@example.com');
    fs.rmSync(path.join(dir, 'Service.template.json'));

    // WHEN
    const result = runEvidence([dir]);

    // THEN
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^cdk-data-protection evidence: .*Service\.template\.json: does not exist\n$/);
  });

  test('main turns an unexpected error of the evidence command into exit 2 and one line', async () => {
    // GIVEN a command that fails in a way it does not handle itself
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const command = require('../../lib/cli/evidence-command') as typeof import('../../lib/cli/evidence-command');
    const run = jest.spyOn(command, 'runEvidence').mockImplementation(() => {
      throw new RangeError('Maximum call stack size exceeded\n    at walk');
    });
    const writeErr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);

    // WHEN
    let code;
    let written: unknown[][] = [];
    try {
      code = await main(['evidence', 'cdk.out']);
      written = [...writeErr.mock.calls];
    } finally {
      run.mockRestore();
      writeErr.mockRestore();
    }

    // THEN
    expect(code).toBe(2);
    expect(written).toEqual([['cdk-data-protection evidence: Maximum call stack size exceeded\n']]);
    process.exitCode = 0;
  });

  test('main dispatches evidence and sets the exit code', async () => {
    // GIVEN
    const dir = assembly('other@example.com');
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const writeErr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);

    // WHEN
    const code = await main(['evidence', dir, '--format', 'json']);

    // THEN
    expect(code).toBe(1);
    write.mockRestore();
    writeErr.mockRestore();
    process.exitCode = 0;
  });
});
