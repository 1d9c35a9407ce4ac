import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration } from 'aws-cdk-lib';
import { BackupRetentionPromise, BackupTier, ORGANIZATION_QUOTAS, OrganizationBaselineStage } from '../../lib';
import { readAssembly } from '../../lib/evidence/assembly';
import { organizationEvidence } from '../../lib/evidence/organization';
import { verifyAssembly } from '../../lib/evidence/verify';

describe('OrganizationBaseline at scale (the organization benchmark, sizes only)', () => {
  test('S0-02 100 accounts in 4 units x 3 regions: every template and policy within its AWS quota, every promise proven per instance', () => {
    // GIVEN the organization of bench/apps/organization.ts, without the compliance packs (their cost is the benchmark's)
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-org-scale-'));
    const app = new App({ outdir });
    const units = ['prod', 'stag', 'secu', 'sand'].map((name, u) => ({
      organizationalUnitId: `ou-ab12-${name}0001`,
      accounts: Array.from({ length: 100 }, (_, i) => i).filter((i) => i % 4 === u).map((i) => String(300000000000 + i)),
    }));
    new OrganizationBaselineStage(app, 'Organization', {
      organizationId: 'o-ab12cd34ef',
      policy: {
        securityContact: 'security@example.com',
        region: 'eu-west-1',
        backupCopyRegions: ['eu-central-1', 'eu-north-1'],
        promises: [new BackupRetentionPromise({ tier: BackupTier.DAILY, retention: Duration.days(14) })],
      },
      baseline: { targets: units, assetBucketPrefix: 'bench-stackset-assets' },
    });

    // WHEN
    app.synth();
    const assembly = readAssembly(outdir);
    const org = organizationEvidence(assembly)!;

    // THEN the StackSet's template fits the TemplateURL quota (1 MB); it is over the inline one, so it must go by URL
    expect(org.stackSets).toHaveLength(1);
    const [stackSet] = org.stackSets;
    expect(stackSet.instances).toHaveLength(300);
    expect(stackSet.templateQuotaBytes).toBe(ORGANIZATION_QUOTAS.stackSetTemplateUrlBytes);
    expect(stackSet.templateBytes).toBeLessThan(ORGANIZATION_QUOTAS.stackSetTemplateUrlBytes / 4);
    // each policy within its size quota, and within 5 SCPs per target (FullAWSAccess counted)
    for (const policy of org.policies) {
      expect(policy.characters).toBeLessThanOrEqual(policy.quotaCharacters);
    }
    expect(org.policies.map((p) => p.type).sort()).toEqual(['BACKUP_POLICY', 'SERVICE_CONTROL_POLICY', 'SERVICE_CONTROL_POLICY']);
    expect(org.scpsPerTarget).toHaveLength(4);
    expect(org.scpsPerTarget.every((t) => t.attached <= ORGANIZATION_QUOTAS.scpsPerTarget)).toBe(true);
    // and the backup promise is proven in each of the 100 accounts' data region
    const claim = verifyAssembly(assembly).claims.find((c) => c.id === 'backup-retention.daily')!;
    expect(claim.verdict).toBe('PROVEN');
    expect(new Set(claim.facts.filter((f) => f.stack.endsWith('/eu-west-1')).map((f) => f.stack)).size).toBe(100);
  });
});
