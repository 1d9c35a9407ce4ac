import { EvidenceResult } from '../model';

/** One Markdown table cell: pipes escaped, on one line. */
function cell(text: string | number | boolean): string {
  return String(text).replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function table(columns: string[], rows: Array<Array<string | number | boolean>>): string {
  return [`| ${columns.join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

function headroom(used: number, quota: number): string {
  return `${used} of ${quota} (${Math.round((1 - used / quota) * 100)}% free)`;
}

/**
 * The "Organization" section of the Markdown report: StackSets with their instances, the
 * verdict of each promise per account and region, and the organization's policies with what
 * they state and their size against the AWS quotas. Empty when the assembly has no organization.
 */
export function organizationMarkdown(result: EvidenceResult): string {
  const org = result.organization;
  if (!org) {
    return '';
  }
  const sections: string[] = ['## Organization'];
  sections.push(table(['StackSet', 'Permissions', 'Auto-deployment', 'Targets', 'Regions', 'Template (bytes, quota)', 'Instances'],
    org.stackSets.map((s) => [`${s.stack}/${s.name}`, s.permissionModel,
      s.autoDeployment ? `on${s.retainStacksOnAccountRemoval ? ', stacks retained on removal' : ''}` : 'off',
      s.targets.join(', '), s.regions.join(', '), `${headroom(s.templateBytes, s.templateQuotaBytes)}${s.templateBytes > s.inlineQuotaBytes ? '; by URL (over the inline quota)' : ''}`,
      s.instances.length])));
  for (const s of org.stackSets) {
    const claims = result.claims.filter((c) => s.instances.some((i) => c.stacks.includes(i)));
    if (claims.length === 0 || s.instances.length === 0) {
      continue;
    }
    const rows = s.instances.map((id) => {
      const where = id.slice(`${s.stack}/${s.name}/`.length);
      return [where, ...claims.map((c) => {
        const facts = c.facts.filter((f) => f.stack === id);
        if (c.verdict === 'NOT_PROVABLE') return 'not provable';
        if (facts.length === 0) return c.verdict === 'PROVEN' ? 'proven (no resource here)' : 'no fact';
        return facts.every((f) => f.satisfied) ? 'PROVEN' : 'VIOLATED';
      })];
    });
    sections.push(`### Promises per account and region: ${s.name}\n\n${table(['Account (or unit) / region', ...claims.map((c) => c.id)], rows)}`);
  }
  if (org.policies.length > 0) {
    sections.push(`### Organizations policies\n\n${table(['Policy', 'Type', 'Targets', 'Size (characters, quota)'],
      org.policies.map((p) => [p.name, p.type, p.targets.join(', '), headroom(p.characters, p.quotaCharacters)]))}`);
    for (const p of org.policies.filter((x) => x.facts.length > 0)) {
      sections.push(`#### ${p.name} (${p.type})\n\n${table(['Subject', 'Value'], p.facts.map((f) => [f.subject, f.value]))}`);
    }
  }
  if (org.scpsPerTarget.length > 0) {
    sections.push(`### Service control policies per target\n\n${table(['Target', 'Attached (FullAWSAccess included)', 'Quota'],
      org.scpsPerTarget.map((t) => [t.target, t.attached, t.quota]))}`);
  }
  return sections.join('\n\n');
}
