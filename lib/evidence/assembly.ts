import * as fs from 'fs';
import * as path from 'path';
import { AssemblyError, fileInside, manifestArtifacts, readJsonFile, templateShape, validationReportShape } from './assembly-shape';
import { AssemblyView, ComplianceFinding, StackView } from './model';
import { stackSetStacks } from './organization/stackset-instances';
import { stackView } from './stack-view';

export { POLICY_METADATA_KEY, stackView } from './stack-view';

/**
 * Reads a cloud assembly (`cdk.out/`): every stack template, including those of nested
 * assemblies (stages), and the validation report. Reads files only: no AWS call, no synthesis.
 *
 * Written by hand rather than with `@aws-cdk/cloud-assembly-api`: the report needs four fields
 * of the manifest, and the library would otherwise ship another runtime dependency.
 */
export function readAssembly(directory: string): AssemblyView {
  const manifestFile = path.join(directory, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new AssemblyError(directory, 'is not a cloud assembly: it has no manifest.json (run `npx cdk synth` first)');
  }
  const stacks: StackView[] = [];
  const files: string[] = [];
  collectStacks(directory, directory, stacks, files);
  // The stacks StackSets deploy, per account and region (their templates are assets, not artifacts).
  stacks.push(...stackSetStacks(directory, stacks));
  const reportFile = path.join(directory, 'validation-report.json');
  const validationReportPresent = fs.existsSync(reportFile);
  return {
    directory,
    stacks,
    findings: validationReportPresent ? readFindings(reportFile, reportFile) : [],
    validationReportPresent,
    files: files.sort(),
  };
}

/** How many stages deep a cloud assembly may nest (a stage in a stage ...). */
const MAX_NESTED_ASSEMBLIES = 32;

/**
 * Collects the stacks of the assembly in `directory` and of its nested assemblies (stages), and
 * the files of each directory, relative to `root` with `/` separators
 * (`assembly-Prod/Prod-Service.breach-notice.md`). Every file is read through the checks of
 * `assembly-shape.ts`: a broken file fails naming it.
 */
function collectStacks(root: string, directory: string, stacks: StackView[], files: string[], visited: string[] = []): void {
  const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');
  // Errors name a file as the user can open it: under the assembly directory as given.
  const shown = (file: string) => path.join(root, relative(file));
  const real = fs.realpathSync(directory);
  if (visited.includes(real) || visited.length >= MAX_NESTED_ASSEMBLIES) {
    throw new AssemblyError(shown(path.join(directory, 'manifest.json')), visited.includes(real)
      ? 'a nested assembly names a directory that is already being read (a cycle)'
      : `nested assemblies go deeper than ${MAX_NESTED_ASSEMBLIES} levels`);
  }
  files.push(...fs.readdirSync(directory).filter((f) => fs.statSync(path.join(directory, f), { throwIfNoEntry: false })?.isFile())
    .map((f) => relative(path.join(directory, f))));
  const manifestFile = path.join(directory, 'manifest.json');
  const artifacts = manifestArtifacts(readJsonFile(manifestFile, shown(manifestFile)), shown(manifestFile));
  for (const artifact of artifacts) {
    if (artifact.type === 'aws:cloudformation:stack') {
      const file = fileInside(directory, artifact.properties.templateFile, shown(manifestFile), `artifact ${artifact.id}: properties.templateFile`);
      const template = templateShape(readJsonFile(file, shown(file)), shown(file));
      const env = /^aws:\/\/([^/]+)\/(.+)$/.exec(artifact.environment ?? '');
      stacks.push({
        ...stackView({
          id: artifact.displayName ?? artifact.id,
          template,
          region: env && env[2] !== 'unknown-region' ? env[2] : undefined,
          account: env && env[1] !== 'unknown-account' ? env[1] : undefined,
          templateFile: relative(file),
          stackName: artifact.properties.stackName ?? artifact.id,
        }),
        templateBytes: fs.statSync(file).size,
      });
    } else if (artifact.type === 'cdk:cloud-assembly') {
      const nested = fileInside(directory, artifact.properties.directoryName, shown(manifestFile), `artifact ${artifact.id}: properties.directoryName`);
      if (!fs.existsSync(path.join(nested, 'manifest.json'))) {
        throw new AssemblyError(shown(path.join(nested, 'manifest.json')), `does not exist (the nested assembly ${artifact.id} names ${shown(nested)})`);
      }
      collectStacks(root, nested, stacks, files, [...visited, real]);
    }
  }
}

function readFindings(file: string, shown: string): ComplianceFinding[] {
  const report = validationReportShape(readJsonFile(file, shown), shown);
  const findings: ComplianceFinding[] = [];
  for (const plugin of report.pluginReports ?? []) {
    const add = (v: any, acknowledgedReason?: string) => findings.push({
      plugin: String(plugin.pluginName),
      rule: v.ruleName,
      description: typeof v.description === 'string' ? v.description : '',
      severity: typeof v.severity === 'string' ? v.severity : undefined,
      constructPaths: [...new Set<string>((v.violatingConstructs ?? []).map((c: any) => String(c.constructPath)))],
      acknowledgedReason,
    });
    for (const v of plugin.violations ?? []) add(v);
    for (const v of plugin.suppressedViolations ?? []) add(v, typeof v.reason === 'string' ? v.reason : '(no reason recorded)');
  }
  return findings;
}
