import * as fs from 'fs';
import * as path from 'path';
import { App, CloudFormationValidatePlugin, IPolicyValidationContext, IPolicyValidationPlugin } from 'aws-cdk-lib';

/**
 * Starts the engine of aws-cdk-lib's built-in CloudFormation Validate plugin, the plugin that
 * runs right after this library's checks, so that the main thread does that work while it would
 * otherwise only wait for cfn-guard (which runs in other threads and processes).
 *
 * aws-cdk-lib 2.276 builds the plugin's WebAssembly engine on its first `validate`
 * (`initializeEngine(resourceTypes)`, 2.4 to 3.9 s of one core on a 2-core machine), for the
 * resource types of the templates, and reuses it for any templates whose types are a subset of
 * those. Building it here, for the types of every template of the app's assembly (the plugin
 * validates them all, nested stages included; the assembly is written before any plugin runs),
 * makes the plugin's own `validate` reuse it: the same engine and rules, built earlier.
 *
 * It only builds the engine aws-cdk-lib is about to build: nothing when the built-in validation is
 * off (`builtinCloudFormationValidation: false`, `CDK_VALIDATION=false`), the app's own registered
 * instance when there is one. It uses aws-cdk-lib internals (`_singletonInstance`,
 * `_builtinCloudFormationValidation`, `initializeEngine`), so it looks for each of them and does
 * nothing when one is missing; an error while building is dropped (the plugin meets it again in
 * its own turn and reports it there).
 *
 * @returns whether the engine was built
 */
export function warmCloudFormationValidate(context: IPolicyValidationContext): boolean {
  try {
    const plugin = builtinValidation(context.appConstruct);
    if (plugin === undefined || typeof plugin.initializeEngine !== 'function') {
      return false;
    }
    const types = new Set<string>();
    for (const templatePath of new Set([...context.templatePaths, ...assemblyTemplates((context.appConstruct as App).outdir)])) {
      const template = JSON.parse(fs.readFileSync(templatePath, 'utf-8'));
      for (const resource of Object.values<any>(template?.Resources ?? {})) {
        if (resource && typeof resource === 'object' && typeof resource.Type === 'string') {
          types.add(resource.Type);
        }
      }
    }
    plugin.initializeEngine(types);
    return true;
  } catch {
    return false;
  }
}

/** The CloudFormation Validate plugin the app's synthesis will run, if any. */
function builtinValidation(app: unknown): any {
  if (!App.isApp(app)) {
    return undefined;
  }
  const registered = ((app as any)._validationPlugins as IPolicyValidationPlugin[] | undefined ?? [])
    .find((p) => p instanceof CloudFormationValidatePlugin);
  if (registered !== undefined) {
    return registered;
  }
  if ((app as any)._builtinCloudFormationValidation !== true || process.env.CDK_VALIDATION === 'false') {
    return undefined;
  }
  return (CloudFormationValidatePlugin as any)._singletonInstance?.();
}

/** Every stack template of the cloud assembly in `directory`, nested assemblies included. */
function assemblyTemplates(directory: string): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(directory, 'manifest.json'), 'utf-8'));
  return Object.values<any>(manifest?.artifacts ?? {}).flatMap((artifact) => {
    if (artifact?.type === 'aws:cloudformation:stack' && typeof artifact.properties?.templateFile === 'string') {
      return [path.join(directory, artifact.properties.templateFile)];
    }
    if (artifact?.type === 'cdk:cloud-assembly' && typeof artifact.properties?.directoryName === 'string') {
      return assemblyTemplates(path.join(directory, artifact.properties.directoryName));
    }
    return [];
  });
}
