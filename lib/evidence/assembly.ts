import * as fs from 'fs';
import * as path from 'path';
import { AssemblyView, ComplianceFinding, PolicyRecord, ResourceView, StackView } from './model';

/** The template Metadata key under which each stack records its policy and claims. */
export const POLICY_METADATA_KEY = 'cdk-data-protection';

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
    throw new Error(`${directory} is not a cloud assembly: it has no manifest.json (run \`npx cdk synth\` first)`);
  }
  const stacks: StackView[] = [];
  const files: string[] = [];
  collectStacks(directory, directory, stacks, files);
  const reportFile = path.join(directory, 'validation-report.json');
  const validationReportPresent = fs.existsSync(reportFile);
  return {
    directory,
    stacks,
    findings: validationReportPresent ? readFindings(reportFile) : [],
    validationReportPresent,
    files: files.sort(),
  };
}

/** Builds the view of one template; exported for tests that verify hand-written templates. */
export function stackView(options: {
  id: string; template: Record<string, any>; region?: string; account?: string; templateFile?: string; stackName?: string;
}): StackView {
  const templateFile = options.templateFile ?? `${options.id}.template.json`;
  const resources: ResourceView[] = Object.entries(options.template.Resources ?? {}).map(([logicalId, r]: [string, any]) => {
    const { Type, Properties, Metadata, ...attributes } = r ?? {};
    return {
      stack: options.id,
      templateFile,
      logicalId,
      type: String(Type),
      constructPath: Metadata?.['aws:cdk:path'],
      properties: Properties ?? {},
      metadata: Metadata ?? {},
      attributes,
    };
  });
  const policy: PolicyRecord | undefined = options.template.Metadata?.[POLICY_METADATA_KEY];
  return {
    id: options.id,
    stackName: options.stackName ?? options.id,
    templateFile,
    region: options.region,
    account: options.account,
    template: options.template,
    resources,
    policy,
    templateBytes: Buffer.byteLength(JSON.stringify(options.template)),
  };
}

/**
 * Collects the stacks of the assembly in `directory` and of its nested assemblies (stages), and
 * the files of each directory, relative to `root` with `/` separators
 * (`assembly-Prod/Prod-Service.breach-notice.md`).
 */
function collectStacks(root: string, directory: string, stacks: StackView[], files: string[]): void {
  files.push(...fs.readdirSync(directory).filter((f) => fs.statSync(path.join(directory, f)).isFile())
    .map((f) => path.relative(root, path.join(directory, f)).split(path.sep).join('/')));
  const manifest = JSON.parse(fs.readFileSync(path.join(directory, 'manifest.json'), 'utf-8'));
  for (const [id, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact.type === 'aws:cloudformation:stack') {
      const file = path.join(directory, artifact.properties.templateFile);
      const text = fs.readFileSync(file, 'utf-8');
      const env = /^aws:\/\/([^/]+)\/(.+)$/.exec(artifact.environment ?? '');
      stacks.push({
        ...stackView({
          id: artifact.displayName ?? id,
          template: JSON.parse(text),
          region: env && env[2] !== 'unknown-region' ? env[2] : undefined,
          account: env && env[1] !== 'unknown-account' ? env[1] : undefined,
          templateFile: path.relative(root, file).split(path.sep).join('/'),
          stackName: artifact.properties.stackName ?? id,
        }),
        templateBytes: Buffer.byteLength(text),
      });
    } else if (artifact.type === 'cdk:cloud-assembly') {
      collectStacks(root, path.join(directory, artifact.properties.directoryName), stacks, files);
    }
  }
}

function readFindings(file: string): ComplianceFinding[] {
  const report = JSON.parse(fs.readFileSync(file, 'utf-8'));
  const findings: ComplianceFinding[] = [];
  for (const plugin of report.pluginReports ?? []) {
    const add = (v: any, acknowledgedReason?: string) => findings.push({
      plugin: plugin.pluginName,
      rule: v.ruleName,
      description: v.description ?? '',
      severity: v.severity,
      constructPaths: [...new Set<string>((v.violatingConstructs ?? []).map((c: any) => c.constructPath))],
      acknowledgedReason,
    });
    for (const v of plugin.violations ?? []) add(v);
    for (const v of plugin.suppressedViolations ?? []) add(v, v.reason ?? '(no reason recorded)');
  }
  return findings;
}
