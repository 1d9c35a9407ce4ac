import * as fs from 'fs';
import * as path from 'path';
import {
  AssemblyFiles, CONTACT, evidence, goodFiles, goodManifest, goodTemplate, nestedIntrinsics, reportFilesIn, verdicts, writeAssembly,
} from './evidence-cli-kit';
import { AssemblyError, MAX_JSON_DEPTH } from '../../lib/evidence/assembly-shape';
import { EvidenceReport } from '../../lib/evidence/evidence-report';
import * as verify from '../../lib/evidence/verify';

/** The good template with `change` applied to a copy. */
function template(change: (t: Record<string, any>) => void): string {
  const t = goodTemplate();
  change(t);
  return JSON.stringify(t);
}

/** The good manifest with `change` applied to a copy. */
function manifest(change: (m: Record<string, any>) => void): string {
  const m = goodManifest();
  change(m);
  return JSON.stringify(m);
}

const good = goodFiles();
const truncated = (name: string) => good[name]!.slice(0, Math.floor(good[name]!.length / 2));
const record = (t: Record<string, any>) => t.Metadata['cdk-data-protection'];

/**
 * Broken or hostile assemblies, by class: each row changes the good assembly (whose report says
 * PROVEN) and names what the one line on stderr must say: the file and what is wrong with it.
 */
const ROWS: Array<{ name: string; files: AssemblyFiles; message: RegExp; setup?: (dir: string) => void }> = [
  // truncated or empty files
  { name: 'a truncated template', files: { 'Service.template.json': truncated('Service.template.json') }, message: /Service\.template\.json: is not valid JSON \(.*\); a truncated file\?$/ },
  { name: 'a truncated manifest', files: { 'manifest.json': truncated('manifest.json') }, message: /manifest\.json: is not valid JSON/ },
  { name: 'an empty template', files: { 'Service.template.json': '' }, message: /Service\.template\.json: is empty$/ },
  { name: 'a truncated validation report', files: { 'validation-report.json': truncated('validation-report.json') }, message: /validation-report\.json: is not valid JSON/ },
  { name: 'a truncated construct tree', files: { 'tree.json': truncated('tree.json') }, message: /tree\.json: is not valid JSON/ },
  // missing files
  { name: 'a template the manifest names but that is missing', files: { 'Service.template.json': undefined }, message: /Service\.template\.json: does not exist$/ },
  {
    name: 'a nested assembly the manifest names but that is missing',
    files: { 'manifest.json': manifest((m) => { m.artifacts.Stage = { type: 'cdk:cloud-assembly', properties: { directoryName: 'assembly-Prod' } }; }) },
    message: /assembly-Prod\/manifest\.json: does not exist \(the nested assembly Stage names .*assembly-Prod\)$/,
  },
  // deep nesting
  {
    name: '100,000 nested intrinsics',
    files: { 'Service.template.json': template((t) => { t.Resources.Bucket.Properties.BucketName = '@NESTED@'; }).replace('"@NESTED@"', nestedIntrinsics(100_000)) },
    message: new RegExp(`Service\\.template\\.json: nests deeper than ${MAX_JSON_DEPTH} levels`),
  },
  // wrong shapes of the manifest
  { name: 'artifacts as an array', files: { 'manifest.json': manifest((m) => { m.artifacts = [m.artifacts.Service]; }) }, message: /manifest\.json: artifacts must be an object of artifacts by id, got an array of 1$/ },
  {
    name: 'a stack artifact without properties',
    files: { 'manifest.json': manifest((m) => { delete m.artifacts.Service.properties; }) },
    message: /manifest\.json: artifact Service \(aws:cloudformation:stack\) has no properties object, got nothing$/,
  },
  {
    name: 'a template file given as a number',
    files: { 'manifest.json': manifest((m) => { m.artifacts.Service.properties.templateFile = 42; }) },
    message: /manifest\.json: artifact Service: properties\.templateFile must be a file name, got number 42$/,
  },
  {
    name: 'a template file outside the assembly',
    files: { 'manifest.json': manifest((m) => { m.artifacts.Service.properties.templateFile = '../Service.template.json'; }) },
    message: /manifest\.json: artifact Service: properties\.templateFile must name a file inside the assembly directory, got string "\.\.\/Service\.template\.json"$/,
  },
  {
    name: 'a nested assembly that is the assembly itself (a cycle through a link)',
    files: { 'manifest.json': manifest((m) => { m.artifacts.Stage = { type: 'cdk:cloud-assembly', properties: { directoryName: 'loop' } }; }) },
    setup: (dir) => fs.symlinkSync(dir, path.join(dir, 'loop')),
    message: /loop\/manifest\.json: a nested assembly names a directory that is already being read \(a cycle\)$/,
  },
  { name: 'a manifest that is a directory', files: { 'manifest.json': undefined, 'manifest.json/x': '{}' }, message: /manifest\.json: is a directory, not a file$/ },
  // wrong shapes of the template
  { name: 'Resources as an array', files: { 'Service.template.json': template((t) => { t.Resources = [t.Resources.Bucket]; }) }, message: /Service\.template\.json: Resources must be an object by logical id, got an array of 1$/ },
  { name: 'a template that is a list', files: { 'Service.template.json': '[]' }, message: /Service\.template\.json: must hold a template object, got an array of 0$/ },
  { name: 'a resource without a Type', files: { 'Service.template.json': template((t) => { delete t.Resources.Bucket.Type; }) }, message: /Resources\.Bucket\.Type must be a resource type name, got nothing$/ },
  { name: 'Properties as a string', files: { 'Service.template.json': template((t) => { t.Resources.Bucket.Properties = 'x'; }) }, message: /Resources\.Bucket\.Properties must be an object, got string "x"$/ },
  // wrong shapes of the policy record and its claims
  {
    name: 'claims given as a string',
    files: { 'Service.template.json': template((t) => { record(t).claims = 'S4-13'; }) },
    message: /Service\.template\.json: Metadata\.cdk-data-protection: claims must be a list of claims, got string "S4-13"$/,
  },
  { name: 'a policy record as a string', files: { 'Service.template.json': template((t) => { t.Metadata['cdk-data-protection'] = 'S4-13'; }) }, message: /Metadata\.cdk-data-protection: must be an object, got string "S4-13"$/ },
  { name: 'a claim without an id', files: { 'Service.template.json': template((t) => { delete record(t).claims[0].id; }) }, message: /Metadata\.cdk-data-protection: claims\[0\]: id must be a string, got nothing$/ },
  { name: 'expectations as a string', files: { 'Service.template.json': template((t) => { record(t).claims[0].expected = CONTACT; }) }, message: /claims\[0\]: expected must be a list of \{ property, value \} strings, got string/ },
  { name: 'a contact as a list', files: { 'Service.template.json': template((t) => { record(t).securityContact = [CONTACT]; }) }, message: /Metadata\.cdk-data-protection: securityContact must be a string, got an array of 1$/ },
  // wrong shapes of the validation report
  { name: 'plugin reports as an object', files: { 'validation-report.json': JSON.stringify({ pluginReports: {} }) }, message: /validation-report\.json: pluginReports must be a list, got an object$/ },
  {
    name: 'a finding without a rule name',
    files: { 'validation-report.json': JSON.stringify({ pluginReports: [{ pluginName: 'p', violations: [{ description: 'd' }] }] }) },
    message: /validation-report\.json: pluginReports\[0\]\.violations\[0\] must be an object with a ruleName string, got an object$/,
  },
];

describe('the evidence CLI on broken or hostile assemblies', () => {
  test.each(ROWS)('S2-15 $name: exit 2, one line naming the file and what is wrong, and no report left', ({ files, message, setup }) => {
    // GIVEN an assembly whose report said PROVEN, then broken
    const dir = writeAssembly(good);
    const out = path.join(dir, 'report');
    expect(evidence(dir, out).exitCode).toBe(0);
    expect(verdicts(out)).toEqual({ 'S4-13': 'PROVEN' });
    for (const [name, text] of Object.entries(files)) {
      fs.rmSync(path.join(dir, name), { force: true });
      if (text !== undefined) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
      }
    }
    setup?.(dir);

    // WHEN the report is written again
    const result = evidence(dir, out);

    // THEN
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^cdk-data-protection evidence: [^\n]+\n$/);
    expect(result.stderr.trimEnd()).toMatch(message);
    expect(result.stderr).toContain(dir);
    expect(reportFilesIn(out)).toEqual([]);
  });

  test('the earlier report in the assembly directory itself is removed too', () => {
    // GIVEN
    const dir = writeAssembly(good);
    expect(evidence(dir, dir).exitCode).toBe(0);
    fs.writeFileSync(path.join(dir, 'Service.template.json'), truncated('Service.template.json'));

    // WHEN
    const result = runDefault(dir);

    // THEN
    expect(result.exitCode).toBe(2);
    expect(reportFilesIn(dir)).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'manifest.json'))).toBe(true);
  });

  test('--out naming a file is a usage error naming --out, and the file is left alone', () => {
    // GIVEN
    const dir = writeAssembly(good);
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'keep me');

    // WHEN
    const result = evidence(dir, file);

    // THEN
    expect(result).toMatchObject({ exitCode: 2, stderr: `cdk-data-protection evidence: --out ${file} is a file: name a directory for the report files (created when missing)\n` });
    expect(fs.readFileSync(file, 'utf-8')).toBe('keep me');
  });

  test('EvidenceReport.write refuses an output directory that is a file, naming it', () => {
    const dir = writeAssembly(good);
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'keep me');
    expect(() => EvidenceReport.write(dir, { outDir: file })).toThrow(AssemblyError);
    expect(() => EvidenceReport.write(dir, { outDir: file })).toThrow(`${file}: is a file: the report is written into a directory`);
  });

  test('a value a verifier cannot read (its TypeError) is exit 2 naming the assembly, and no report', () => {
    // GIVEN a verifier that trips over a template value the reading boundary let through
    const dir = writeAssembly(good);
    const out = path.join(dir, 'report');
    const spy = jest.spyOn(verify, 'verifyAssembly').mockImplementation(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'Status')");
    });

    // WHEN
    let result;
    try {
      result = evidence(dir, out);
    } finally {
      spy.mockRestore();
    }

    // THEN
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(`cdk-data-protection evidence: ${dir}: holds a template value the verifiers cannot read `
      + "(Cannot read properties of undefined (reading 'Status'))\n");
    expect(reportFilesIn(out)).toEqual([]);
  });
});

function runDefault(dir: string) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../lib/cli/evidence-command') as typeof import('../../lib/cli/evidence-command')).runEvidence([dir]);
}
