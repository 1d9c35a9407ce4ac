import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runEvidence } from '../../lib/cli/evidence-command';
import { REPORT_FILES } from '../../lib/evidence/report-files';

/** The contact the claim S4-13 expects; the policy record holds it in the good assembly. */
export const CONTACT = 'security@example.com';

/** The template of the good assembly: a policy record claiming S4-13 (provable from the record alone) and one bucket. */
export function goodTemplate(contact: string = CONTACT): Record<string, any> {
  return {
    Metadata: {
      'cdk-data-protection': {
        version: 1,
        policy: 'Service/Policy',
        securityContact: contact,
        region: 'us-east-1',
        allowedAccounts: [],
        dataClasses: [],
        claims: [{
          id: 'S4-13',
          text: `Security issues can be reported to ${CONTACT}.`,
          expected: [{ property: 'securityContact', value: CONTACT }],
          kind: 'catalog',
          params: { securityContact: CONTACT },
        }],
      },
    },
    Resources: { Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'data' }, Metadata: { 'aws:cdk:path': 'Service/Bucket/Resource' } } },
  };
}

/** The manifest of the good assembly: one stack artifact. */
export function goodManifest(): Record<string, any> {
  return {
    version: '55.0.0',
    artifacts: {
      Service: { type: 'aws:cloudformation:stack', environment: 'aws://unknown-account/us-east-1', properties: { templateFile: 'Service.template.json' } },
    },
  };
}

/** The files of an assembly by name, as text (a file is left out when its text is undefined). */
export type AssemblyFiles = Record<string, string | undefined>;

/** The files of the good assembly, with a validation report and a construct tree. */
export function goodFiles(): AssemblyFiles {
  return {
    'manifest.json': JSON.stringify(goodManifest()),
    'Service.template.json': JSON.stringify(goodTemplate()),
    'validation-report.json': JSON.stringify({ version: '55.0.0', title: 'Validation Report', pluginReports: [] }),
    'tree.json': JSON.stringify({ version: 'tree-0.1', tree: { id: 'App', path: '', children: {} } }),
  };
}

/** Writes `files` into a fresh directory and returns it. */
export function writeAssembly(files: AssemblyFiles): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-evidence-cli-'));
  for (const [name, text] of Object.entries(files)) {
    if (text !== undefined) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
  }
  return dir;
}

/**
 * Writes a minimal assembly into a fresh directory: the good manifest and template (no validation
 * report, no tree), with the template's resources replaced by `resources` when given.
 */
export function writeMinimalAssembly(options: { contact?: string; resources?: Record<string, any> } = {}): string {
  const template = goodTemplate(options.contact);
  return writeAssembly({
    'manifest.json': JSON.stringify(goodManifest()),
    'Service.template.json': JSON.stringify(options.resources === undefined ? template : { ...template, Resources: options.resources }),
  });
}

/** `{"Fn::Join":["",[ ... ]]}` nested `depth` times around a string, built as text (no recursion). */
export function nestedIntrinsics(depth: number): string {
  return '{"Fn::Join":["",['.repeat(depth) + '"x"' + ']]}'.repeat(depth);
}

/** The verdicts of the JSON report in `out`, by claim id, or undefined when there is no report. */
export function verdicts(out: string): Record<string, string> | undefined {
  const file = path.join(out, 'evidence-report.json');
  if (!fs.existsSync(file)) {
    return undefined;
  }
  return Object.fromEntries(JSON.parse(fs.readFileSync(file, 'utf-8')).claims.map((c: any) => [c.id, c.verdict]));
}

/** The report files left in `out`. */
export function reportFilesIn(out: string): string[] {
  return fs.existsSync(out) ? fs.readdirSync(out).filter((f) => REPORT_FILES.includes(f)) : [];
}

/** Runs the CLI on `dir`, writing into `out`. */
export function evidence(dir: string, out: string, ...args: string[]): ReturnType<typeof runEvidence> {
  return runEvidence([dir, '--out', out, ...args]);
}
