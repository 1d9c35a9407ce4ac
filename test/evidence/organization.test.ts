import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { BackupRetentionPromise, BackupTier, OrganizationBaselineStage } from '../../lib';
import { readAssembly } from '../../lib/evidence/assembly';
import { organizationMarkdown } from '../../lib/evidence/organization';
import { verifyAssembly } from '../../lib/evidence/verify';

/** Synthesizes an organization (two units, one with its accounts listed) once; each test works on a copy. */
let source: string;
beforeAll(() => {
  source = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-org-'));
  const app = new App({ outdir: source });
  new OrganizationBaselineStage(app, 'Org', {
    organizationId: 'o-ab12cd34ef',
    policy: {
      securityContact: 'security@example.com',
      region: 'eu-west-1',
      backupCopyRegions: ['eu-central-1'],
      promises: [new BackupRetentionPromise({ tier: BackupTier.DAILY, retention: Duration.days(14) })],
    },
    baseline: {
      targets: [{ organizationalUnitId: 'ou-ab12-prod0001', accounts: ['210000000001', '210000000002'] }, { organizationalUnitId: 'ou-ab12-stag0001' }],
      assetBucketPrefix: 'org-assets',
    },
  });
  app.synth();
});

function copy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-org-copy-'));
  fs.cpSync(source, dir, { recursive: true });
  return dir;
}

/** Edits the management stack's template of an assembly copy. */
function editManagement(dir: string, edit: (template: any) => void): void {
  const nested = path.join(dir, 'assembly-Org');
  const file = path.join(nested, fs.readdirSync(nested).find((f) => /^OrgManagement[0-9A-F]+\.template\.json$/.test(f))!);
  const template = JSON.parse(fs.readFileSync(file, 'utf-8'));
  edit(template);
  fs.writeFileSync(file, JSON.stringify(template));
}

function ofType(template: any, type: string): any[] {
  return Object.values<any>(template.Resources).filter((r) => r.Type === type);
}

describe('evidence over an organization', () => {
  test('backup-retention: each StackSet instance (account or unit, and region) is a stack of the report, proven from the backup policy', () => {
    // WHEN
    const assembly = readAssembly(copy());
    const result = verifyAssembly(assembly);
    // THEN 2 listed accounts + 1 unit without a list, x 2 regions, and the management stack
    const claim = result.claims.find((c) => c.id === 'backup-retention.daily')!;
    expect(claim.verdict).toBe('PROVEN');
    expect(claim.stacks).toEqual(expect.arrayContaining([
      'Org/Management/cdk-data-protection-baseline/210000000001/eu-west-1',
      'Org/Management/cdk-data-protection-baseline/ou-ab12-stag0001/eu-central-1',
    ]));
    expect(claim.stacks).toHaveLength(7);
    const instance = assembly.stacks.find((s) => s.id.endsWith('/210000000002/eu-west-1'))!;
    expect(instance).toMatchObject({ account: '210000000002', region: 'eu-west-1' });
    // $account is replaced in the effective plan of a known account.
    const plan = instance.resources.find((r) => r.type === 'AWS::Backup::BackupPlan')!;
    expect(plan.properties.BackupPlan.BackupPlanRule[0].CopyActions[0].DestinationBackupVaultArn)
      .toBe('arn:aws:backup:eu-central-1:210000000002:backup-vault:cdk-data-protection');
    // The backup policy covers the data region only: no plan in the copy region.
    expect(assembly.stacks.find((s) => s.id.endsWith('/210000000002/eu-central-1'))!.resources.some((r) => r.type === 'AWS::Backup::BackupPlan')).toBe(false);
  });

  test('backup-retention: a backup policy that keeps backups 7 days is VIOLATED in every account of its units', () => {
    // GIVEN
    const dir = copy();
    editManagement(dir, (t) => {
      const policy = ofType(t, 'AWS::Organizations::Policy').find((p) => p.Properties.Type === 'BACKUP_POLICY');
      policy.Properties.Content.plans['cdk-data-protection'].rules.Daily.lifecycle.delete_after_days = { '@@assign': '7' };
    });
    // WHEN
    const claim = verifyAssembly(readAssembly(dir)).claims.find((c) => c.id === 'backup-retention.daily')!;
    // THEN
    expect(claim.verdict).toBe('VIOLATED');
    expect(claim.gaps.some((g) => g.startsWith('Org/Management/cdk-data-protection-baseline/210000000001/eu-west-1') && /found 7/.test(g))).toBe(true);
  });

  test('backup-retention: without a backup policy the StackSet instances show no plan, and the promise is not proven', () => {
    // GIVEN
    const dir = copy();
    editManagement(dir, (t) => {
      for (const [id, r] of Object.entries<any>(t.Resources)) if (r.Properties?.Type === 'BACKUP_POLICY') delete t.Resources[id];
    });
    // WHEN
    const claim = verifyAssembly(readAssembly(dir)).claims.find((c) => c.id === 'backup-retention.daily')!;
    // THEN
    expect(claim.verdict).toBe('VIOLATED');
  });

  test('a StackSet given inline (TemplateBody) is read the same way', () => {
    // GIVEN
    const dir = copy();
    const nested = path.join(dir, 'assembly-Org');
    const body = fs.readFileSync(path.join(nested, fs.readdirSync(nested).find((f) => f.endsWith('.stackset.template.json'))!), 'utf-8');
    editManagement(dir, (t) => {
      const stackSet = ofType(t, 'AWS::CloudFormation::StackSet')[0];
      delete stackSet.Properties.TemplateURL;
      stackSet.Properties.TemplateBody = body;
    });
    // WHEN
    const result = verifyAssembly(readAssembly(dir));
    // THEN
    expect(result.claims.find((c) => c.id === 'backup-retention.daily')!.verdict).toBe('PROVEN');
    expect(result.organization!.stackSets[0].templateQuotaBytes).toBe(51200);
  });

  test('a StackSet whose template is in no asset manifest fails, naming the StackSet', () => {
    // GIVEN
    const dir = copy();
    editManagement(dir, (t) => {
      ofType(t, 'AWS::CloudFormation::StackSet')[0].Properties.TemplateURL = `https://example.com/${'0'.repeat(64)}.json`;
    });
    // THEN
    expect(() => readAssembly(dir)).toThrow(/StackSet.*template \(asset 0{64}\) is in no asset manifest/);
  });

  test('the organization facts: the SCP statements, the backup values, sizes against the quotas, SCPs per target', () => {
    // WHEN
    const result = verifyAssembly(readAssembly(copy()));
    // THEN
    const org = result.organization!;
    expect(org.stackSets[0]).toMatchObject({
      permissionModel: 'SERVICE_MANAGED',
      autoDeployment: true,
      retainStacksOnAccountRemoval: true,
      templateQuotaBytes: 1048576,
      regions: ['eu-west-1', 'eu-central-1'],
      targets: ['ou-ab12-prod0001', 'ou-ab12-stag0001'],
    });
    expect(org.stackSets[0].instances).toHaveLength(6);
    const scp = org.policies.find((p) => p.name.endsWith('region-pinning'))!;
    expect(scp.quotaCharacters).toBe(5120);
    expect(scp.characters).toBeLessThan(5120);
    expect(scp.facts[0].value).toMatch(/^Deny every action but \d+ \(NotAction\) on \* when StringNotEquals aws:RequestedRegion eu-west-1, eu-central-1/);
    const backup = org.policies.find((p) => p.type === 'BACKUP_POLICY')!;
    expect(backup.facts.map((f) => f.value)).toContain(
      'cron(0 5 * * ? *) into vault cdk-data-protection, kept 14 days; copies to arn:aws:backup:eu-central-1:$account:backup-vault:cdk-data-protection (kept 14 days)');
    expect(org.scpsPerTarget).toEqual([
      { target: 'ou-ab12-prod0001', attached: 3, quota: 5 },
      { target: 'ou-ab12-stag0001', attached: 3, quota: 5 },
    ]);
    const markdown = organizationMarkdown(result);
    expect(markdown).toContain('| ou-ab12-stag0001/eu-west-1 | PROVEN |');
    expect(markdown).toMatch(/\| cdk-data-protection-baseline-backup \| BACKUP_POLICY \| ou-ab12-prod0001, ou-ab12-stag0001 \| \d+ of 10000 \(\d+% free\) \|/);
  });

  test('an assembly without StackSets or Organizations policies has no organization section', () => {
    // GIVEN
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-noorg-'));
    const app = new App({ outdir: dir });
    new Stack(app, 'Plain');
    app.synth();
    // WHEN
    const result = verifyAssembly(readAssembly(dir));
    // THEN
    expect(result.organization).toBeUndefined();
    expect(organizationMarkdown(result)).toBe('');
  });
});
