import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  AssemblyError, brief, checkDepth, claimShape, fileInside, manifestArtifacts, MAX_JSON_DEPTH, readJsonFile, templateShape,
} from '../../lib/evidence/assembly-shape';

/** A value nested `depth` levels deep (objects in arrays), built without recursion. */
function nested(depth: number): unknown {
  let value: unknown = 'x';
  for (let i = 1; i < depth; i++) {
    value = i % 2 === 0 ? { 'Fn::Join': value } : [value];
  }
  return value;
}

describe('the reading boundary of the evidence report', () => {
  test('S2-15 a depth of exactly the limit passes, one more level is refused naming the file', () => {
    // nested(n) is n - 1 containers deep around a string; the walk counts containers
    expect(() => checkDepth(nested(MAX_JSON_DEPTH + 1), 'T.json')).not.toThrow();
    expect(() => checkDepth(nested(MAX_JSON_DEPTH + 2), 'T.json')).toThrow(`T.json: nests deeper than ${MAX_JSON_DEPTH} levels`);
  });

  test('the depth walk is iterative: a million levels do not overflow the stack', () => {
    expect(() => checkDepth(nested(1_000_000), 'T.json')).toThrow(AssemblyError);
  });

  test.each([
    ['Service.template.json', true],
    ['sub/dir/T.json', true],
    ['../T.json', false],
    ['sub/../../T.json', false],
    ['/etc/passwd', false],
    ['.', false],
    ['', false],
  ])('a manifest may name %p: %p', (name, allowed) => {
    const call = () => fileInside('/out/cdk.out', name, 'manifest.json', 'templateFile');
    if (allowed) {
      expect(call()).toBe(path.resolve('/out/cdk.out', name));
    } else {
      expect(call).toThrow(/^manifest\.json: templateFile must (name a file inside the assembly directory|be a file name)/);
    }
  });

  test('readJsonFile names the file: missing, empty, truncated, a directory', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-shape-'));
    fs.writeFileSync(path.join(dir, 'empty.json'), ' \n');
    fs.writeFileSync(path.join(dir, 'cut.json'), '{"Resources": {"B": ');
    expect(() => readJsonFile(path.join(dir, 'none.json'), 'none.json')).toThrow('none.json: does not exist');
    expect(() => readJsonFile(path.join(dir, 'empty.json'), 'empty.json')).toThrow('empty.json: is empty');
    expect(() => readJsonFile(path.join(dir, 'cut.json'), 'cut.json')).toThrow(/^cut\.json: is not valid JSON \(.+\); a truncated file\?$/);
    expect(() => readJsonFile(dir, 'dir')).toThrow('dir: is a directory, not a file');
  });

  test('brief shows the type and a short excerpt, never a whole value', () => {
    expect(brief('x'.repeat(10_000))).toBe(`string "${'x'.repeat(40)}..."`);
    expect([brief([1, 2]), brief({}), brief(null), brief(undefined), brief(7)]).toEqual(['an array of 2', 'an object', 'null', 'nothing', 'number 7']);
  });

  test('a template of the expected shape passes as it is', () => {
    const template = { Resources: { B: { Type: 'AWS::S3::Bucket', Properties: {} } }, Metadata: { 'cdk-data-protection': { claims: [] } } };
    expect(templateShape(template, 'T.json')).toBe(template);
    expect(manifestArtifacts({}, 'manifest.json')).toEqual([]);
    expect(() => claimShape({ id: 'S4-13', text: 't', expected: [{ property: 'p', value: 'v' }] }, 'c')).not.toThrow();
  });
});
