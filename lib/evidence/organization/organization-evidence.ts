import { ORGANIZATION_QUOTAS } from '../../private/organization-quotas';
import { AssemblyView, OrganizationEvidence } from '../model';
import { assigned } from './backup-policies';
import { instanceOf } from './stackset-instances';

/**
 * The organization-level facts of an assembly: each StackSet (targets, auto-deployment, template
 * size against the StackSet quotas, the instances the report verifies), each Organizations
 * policy (size against its quota, and what it states: the SCP statements, the backup plan's
 * schedule, retention and copies) and the number of SCPs per target. Read from the templates
 * only; undefined when the assembly has neither StackSets nor Organizations policies.
 */
export function organizationEvidence(assembly: AssemblyView): OrganizationEvidence | undefined {
  const instances = assembly.stacks.filter((s) => instanceOf(s) !== undefined);
  const parents = assembly.stacks.filter((s) => instanceOf(s) === undefined);
  const stackSets = parents.flatMap((s) => s.resources.filter((r) => r.type === 'AWS::CloudFormation::StackSet').map((r) => {
    const own = instances.filter((i) => instanceOf(i)!.stackSet === `${s.id}/${r.logicalId}`);
    const groups: any[] = Array.isArray(r.properties.StackInstancesGroup) ? r.properties.StackInstancesGroup : [];
    return {
      stack: s.id,
      logicalId: r.logicalId,
      name: String(r.properties.StackSetName ?? r.logicalId),
      permissionModel: String(r.properties.PermissionModel ?? 'SELF_MANAGED'),
      autoDeployment: r.properties.AutoDeployment?.Enabled === true,
      retainStacksOnAccountRemoval: r.properties.AutoDeployment?.RetainStacksOnAccountRemoval === true,
      targets: [...new Set(groups.flatMap((g) =>
        [...(g?.DeploymentTargets?.OrganizationalUnitIds ?? []), ...(g?.DeploymentTargets?.Accounts ?? [])].map(String)))],
      regions: [...new Set(groups.flatMap((g) => (g?.Regions ?? []).map(String)))],
      templateFile: own[0]?.templateFile ?? '(not found)',
      templateBytes: own[0]?.templateBytes ?? 0,
      templateQuotaBytes: r.properties.TemplateBody !== undefined
        ? ORGANIZATION_QUOTAS.stackSetTemplateBodyBytes : ORGANIZATION_QUOTAS.stackSetTemplateUrlBytes,
      inlineQuotaBytes: ORGANIZATION_QUOTAS.stackSetTemplateBodyBytes,
      instances: own.map((i) => i.id),
    };
  }));
  const policies = parents.flatMap((s) => s.resources.filter((r) => r.type === 'AWS::Organizations::Policy').map((r) => {
    const content = typeof r.properties.Content === 'string' ? JSON.parse(r.properties.Content) : r.properties.Content ?? {};
    const type = String(r.properties.Type);
    return {
      stack: s.id,
      logicalId: r.logicalId,
      constructPath: r.constructPath,
      name: String(r.properties.Name ?? r.logicalId),
      type,
      targets: Array.isArray(r.properties.TargetIds) ? r.properties.TargetIds.map(String) : [],
      characters: typeof r.properties.Content === 'string' ? r.properties.Content.length : JSON.stringify(content).length,
      quotaCharacters: type === 'SERVICE_CONTROL_POLICY' ? ORGANIZATION_QUOTAS.scpCharacters
        : type === 'BACKUP_POLICY' ? ORGANIZATION_QUOTAS.backupPolicyCharacters : Infinity,
      facts: type === 'SERVICE_CONTROL_POLICY' ? scpFacts(content) : type === 'BACKUP_POLICY' ? backupFacts(content) : [],
    };
  }));
  if (stackSets.length === 0 && policies.length === 0) {
    return undefined;
  }
  const attached = new Map<string, number>();
  for (const p of policies.filter((x) => x.type === 'SERVICE_CONTROL_POLICY')) {
    for (const t of p.targets) attached.set(t, (attached.get(t) ?? 0) + 1);
  }
  return {
    stackSets,
    policies,
    // FullAWSAccess, attached to every target unless replaced, counts towards the quota.
    scpsPerTarget: [...attached.entries()].map(([target, n]) => ({ target, attached: n + 1, quota: ORGANIZATION_QUOTAS.scpsPerTarget })),
  };
}

function list(value: unknown): string {
  return (Array.isArray(value) ? value : [value]).map(String).join(', ');
}

function scpFacts(content: any): Array<{ subject: string; value: string }> {
  const statements: any[] = Array.isArray(content?.Statement) ? content.Statement : [content?.Statement].filter((x) => x);
  return statements.map((st, i) => {
    const actions = st.Action !== undefined ? `Action ${list(st.Action)}` : `every action but ${(Array.isArray(st.NotAction) ? st.NotAction : [st.NotAction]).length} (NotAction)`;
    const conditions = Object.entries<any>(st.Condition ?? {}).flatMap(([op, keys]) =>
      Object.entries<any>(keys).map(([key, v]) => `${op} ${key} ${list(v)}`));
    return {
      subject: `Statement ${st.Sid ?? i}`,
      value: `${st.Effect} ${actions} on ${list(st.Resource ?? '*')}${conditions.length ? ` when ${conditions.join(' and ')}` : ''}`,
    };
  });
}

function backupFacts(content: any): Array<{ subject: string; value: string }> {
  const facts: Array<{ subject: string; value: string }> = [];
  for (const [planName, plan] of Object.entries<any>(content?.plans ?? {})) {
    facts.push({ subject: `plan ${planName} regions`, value: list(assigned(plan?.regions)) });
    for (const [ruleName, rule] of Object.entries<any>(plan?.rules ?? {})) {
      const copies = Object.values<any>(rule?.copy_actions ?? {}).map((c) =>
        `${assigned(c?.target_backup_vault_arn)} (kept ${assigned(c?.lifecycle?.delete_after_days) ?? 'as the source'} days)`);
      facts.push({
        subject: `plan ${planName} rule ${ruleName}`,
        value: `${assigned(rule?.schedule_expression)} into vault ${assigned(rule?.target_backup_vault_name)}, kept ${assigned(rule?.lifecycle?.delete_after_days)} days`
          + (copies.length ? `; copies to ${copies.join(', ')}` : '; no copies'),
      });
    }
    for (const [selection, sel] of Object.entries<any>(plan?.selections?.tags ?? {})) {
      facts.push({ subject: `plan ${planName} selection ${selection}`, value: `resources tagged ${assigned(sel?.tag_key)} = ${list(assigned(sel?.tag_value))}, role ${assigned(sel?.iam_role_arn)}` });
    }
  }
  return facts;
}
