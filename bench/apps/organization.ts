/**
 * An organization of BENCH_N accounts (default 100) in four organizational units, the baseline
 * deployed to three regions, every compliance pack on and the evidence report written on
 * synthesis (as `npx cdk synth` of an organization app runs). Prints the headroom of every
 * template and policy against its AWS quota.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Duration } from 'aws-cdk-lib';
import {
  AlertDeliveryPromise, AlertReceiver, AlertReceiverKind, BackupRetentionPromise, BackupTier, ComplianceChecks, OrganizationBaselineStage,
} from '../../lib';
import { readAssembly } from '../../lib/evidence/assembly';
import { organizationEvidence } from '../../lib/evidence/organization';

const count = Number(process.env.BENCH_N ?? '100');
if (!Number.isInteger(count) || count < 1) {
  throw new Error(`BENCH_N must be a positive integer, got '${process.env.BENCH_N}'`);
}
const units = ['prod', 'stag', 'secu', 'sand'].map((name, u) => ({
  organizationalUnitId: `ou-ab12-${name}0001`,
  accounts: Array.from({ length: count }, (_, i) => i).filter((i) => i % 4 === u).map((i) => String(300000000000 + i)),
}));

const app = new App();
ComplianceChecks.apply(app);
new OrganizationBaselineStage(app, 'Organization', {
  organizationId: 'o-ab12cd34ef',
  policy: {
    securityContact: 'security@example.com',
    region: 'eu-west-1',
    backupCopyRegions: ['eu-central-1', 'eu-north-1'],
    promises: [
      new BackupRetentionPromise({ tier: BackupTier.DAILY, retention: Duration.days(14) }),
      new AlertDeliveryPromise({ receiver: AlertReceiverKind.EMAIL }),
    ],
  },
  baseline: {
    targets: units,
    assetBucketPrefix: 'bench-stackset-assets',
    alertReceivers: [AlertReceiver.email('oncall@example.com')],
  },
});
const assembly = app.synth();

// The headroom of every template and policy against its quota.
const org = organizationEvidence(readAssembly(assembly.directory))!;
const free = (used: number, quota: number) => `${used} of ${quota} (${(100 * (1 - used / quota)).toFixed(0)}% free)`;
const lines = [
  ...org.stackSets.map((s) => `StackSet ${s.name}: template ${free(s.templateBytes, s.templateQuotaBytes)} bytes, ${s.instances.length} instances`),
  ...org.policies.map((p) => `${p.type} ${p.name}: ${free(p.characters, p.quotaCharacters)} characters`),
  ...org.scpsPerTarget.map((t) => `SCPs on ${t.target}: ${free(t.attached, t.quota)}`),
];
process.stderr.write(`${lines.join('\n')}\n`);
fs.writeFileSync(path.join(assembly.directory, 'organization-quotas.json'), JSON.stringify(org, undefined, 2));
