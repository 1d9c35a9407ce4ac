import * as fs from 'fs';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { applyIgnores } = require('../../.ci/cfn-lint.js');

const IGNORES = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '.ci', 'cfn-lint-ignores.json'), 'utf-8')).ignores;

function finding(rule: string, level: string, message: string, at: string[] = ['Resources', 'X']): any {
  return { Rule: { Id: rule }, Level: level, Message: message, Filename: 'a.template.json', Location: { Path: at } };
}

describe('cfn-lint in CI (.ci/cfn-lint.js)', () => {
  test('S2-15 every accepted warning names a rule, a message pattern and a reason, and no error is accepted', () => {
    expect(IGNORES.length).toBeGreaterThan(0);
    for (const ig of IGNORES) {
      expect(ig.rule).toMatch(/^[WI]\d{4}$/);
      expect(() => new RegExp(ig.message)).not.toThrow();
      expect(ig.reason.length).toBeGreaterThan(40);
    }
  });

  test('S2-15 a listed warning is accepted; an unlisted warning and any error stay open', () => {
    // GIVEN
    const accepted = finding('W3010', 'Warning', "Avoid hardcoding availability zones 'us-east-1a'");
    const otherZone = finding('W3010', 'Warning', "Avoid hardcoding availability zones 'us-east-1c'");
    const unlisted = finding('W1020', 'Warning', 'Fn::Sub not needed');
    const error = finding('W3010', 'Error', "Avoid hardcoding availability zones 'us-east-1a'");

    // WHEN
    const { open, used } = applyIgnores([accepted, otherZone, unlisted, error], IGNORES);

    // THEN
    expect(open).toEqual([otherZone, unlisted, error]);
    expect(used.reduce((a: number, b: number) => a + b, 0)).toBe(1);
  });

  test('S2-15 the deprecated-engine acceptance covers only the bare major version, not a deprecated minor', () => {
    const { open } = applyIgnores([
      finding('W3691', 'Warning', "Engine version '17' for engine 'postgres' is deprecated and cannot be used to create new RDS DB instances"),
      finding('W3691', 'Warning', "Engine version '17.1' for engine 'postgres' is deprecated and cannot be used to create new RDS DB instances"),
    ], IGNORES);
    expect(open.map((f: any) => f.Message)).toEqual([expect.stringContaining("'17.1'")]);
  });
});
