import * as fs from 'fs';
import * as path from 'path';
import { ORGANIZATION_METADATA_KEY } from '../../private/organization-quotas';
import { fileInside, isObject, readJsonFile, templateShape } from '../assembly-shape';
import { ResourceView, StackView } from '../model';
import { effectiveBackupPlans } from './backup-policies';
import { stackView } from '../stack-view';
import { StackSetInstance } from './stackset-instance';

/** The attribute of an instance view that says where it comes from. */
export const INSTANCE_ATTRIBUTE = 'cdk-data-protection:stackset-instance';

/**
 * The stacks the StackSets of an assembly deploy, one view per account (or unit) and region,
 * each with the StackSet's template: the verifiers then prove every promise recorded in that
 * template per account and region, as for any stack. The template is found through the asset
 * manifest (the `TemplateURL` names the asset's hash, as cdk-stacksets writes it) or read from
 * `TemplateBody`. Accounts come from the StackSet's `DeploymentTargets.Accounts` or, for a
 * unit, from the list the app recorded (`OrganizationTarget.accounts`; not checked against
 * the organization); without one, the view stands for every account of the unit.
 *
 * Each view also holds the effective backup plan of the organization's backup policies that
 * apply to it (`AWS::Backup::BackupPlan`, translated from the policy), which is how AWS Backup
 * runs them in each account.
 *
 * @param root the assembly directory
 * @param stacks the stacks of the assembly (the StackSets' parents)
 */
export function stackSetStacks(root: string, stacks: StackView[]): StackView[] {
  const views: StackView[] = [];
  for (const parent of stacks) {
    for (const resource of parent.resources.filter((r) => r.type === 'AWS::CloudFormation::StackSet')) {
      const directory = path.dirname(path.join(root, parent.templateFile));
      const { template, file, bytes } = stackSetTemplate(root, directory, resource);
      const name = String(resource.properties.StackSetName ?? resource.logicalId);
      for (const instance of instancesOf(parent, resource)) {
        const where = instance.account ?? instance.organizationalUnit ?? 'unknown';
        const id = `${parent.id}/${name}/${where}/${instance.region}`;
        // The instance's view is the template's (stack-view.ts), under the instance's id, account and region, plus the
        // backup plans the Organizations backup policy makes effective in that account.
        const view = stackView({ id, template, region: instance.region, account: instance.account, templateFile: file, stackName: `StackSet-${name}` });
        views.push({
          ...view,
          resources: [...view.resources, ...effectiveBackupPlans(stacks, instance, id, file)],
          templateBytes: bytes,
          ...{ [INSTANCE_ATTRIBUTE]: instance },
        } as StackView);
      }
    }
  }
  return views;
}

/** Where a view comes from, when it is an instance of a StackSet. */
export function instanceOf(stack: StackView): StackSetInstance | undefined {
  return (stack as any)[INSTANCE_ATTRIBUTE];
}

function instancesOf(parent: StackView, resource: ResourceView): StackSetInstance[] {
  const stackSet = `${parent.id}/${resource.logicalId}`;
  const inventory = new Map<string, string[]>();
  const recorded = resource.metadata[ORGANIZATION_METADATA_KEY];
  for (const target of (isObject(recorded) && Array.isArray(recorded.targets) ? recorded.targets : [])) {
    if (isObject(target) && typeof target.organizationalUnitId === 'string' && Array.isArray(target.accounts)) {
      inventory.set(target.organizationalUnitId, target.accounts.map(String));
    }
  }
  const instances: StackSetInstance[] = [];
  const groups: any[] = Array.isArray(resource.properties.StackInstancesGroup) ? resource.properties.StackInstancesGroup : [];
  for (const group of groups) {
    const regions: string[] = Array.isArray(group?.Regions) ? group.Regions.map(String) : [];
    const accounts: string[] = Array.isArray(group?.DeploymentTargets?.Accounts) ? group.DeploymentTargets.Accounts.map(String) : [];
    const targets = group?.DeploymentTargets;
    const units: string[] = Array.isArray(targets?.OrganizationalUnitIds) ? targets.OrganizationalUnitIds.map(String) : [];
    for (const region of regions) {
      for (const account of accounts) {
        instances.push({ stackSet, account, region });
      }
      for (const unit of units) {
        const known = inventory.get(unit) ?? [];
        if (known.length === 0) {
          instances.push({ stackSet, organizationalUnit: unit, region });
        }
        for (const account of known) {
          instances.push({ stackSet, organizationalUnit: unit, account, region });
        }
      }
    }
  }
  return instances;
}

/**
 * The StackSet's template: inline (`TemplateBody`), or the file asset whose hash the
 * `TemplateURL` names, found in the asset manifests next to the parent's template.
 */
function stackSetTemplate(root: string, directory: string, resource: ResourceView): { template: Record<string, any>; file: string; bytes: number } {
  const relative = (f: string) => path.relative(root, f).split(path.sep).join('/');
  const where = `${resource.stack} ${resource.constructPath ?? resource.logicalId}`;
  if (typeof resource.properties.TemplateBody === 'string') {
    const template = templateShape(JSON.parse(resource.properties.TemplateBody), `${where} TemplateBody`);
    const file = `${relative(path.join(directory, resource.stack))} (TemplateBody of ${resource.logicalId})`;
    return { template, file, bytes: Buffer.byteLength(resource.properties.TemplateBody) };
  }
  const hash = /([0-9a-f]{64})\.json/.exec(JSON.stringify(resource.properties.TemplateURL ?? ''))?.[1];
  if (!hash) {
    throw new Error(`${where}: the StackSet's TemplateURL names no asset of this assembly (${JSON.stringify(resource.properties.TemplateURL)}); its template cannot be read`);
  }
  for (const manifest of fs.readdirSync(directory).filter((f) => f.endsWith('.assets.json'))) {
    const shown = path.join(directory, manifest);
    const files = (readJsonFile(shown) as any)?.files;
    const source = isObject(files) && isObject(files[hash]) ? files[hash].source : undefined;
    if (isObject(source) && typeof source.path === 'string') {
      const file = fileInside(directory, source.path, shown, `files.${hash}.source.path`);
      return { template: templateShape(readJsonFile(file), file), file: relative(file), bytes: fs.statSync(file).size };
    }
  }
  throw new Error(`${where}: the StackSet's template (asset ${hash}) is in no asset manifest of ${directory}`);
}
