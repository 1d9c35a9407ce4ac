import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Compliance, ComplianceChecks, ComplianceChecksProps } from '../../lib';
import { EveryFindingFails } from '../../lib/private/every-finding-fails';

const REASON = 'Test fixture: this finding is accepted on purpose here.';
const NO_PACK: ComplianceChecksProps = { awsSolutions: false, hipaaSecurity: false, nist80053R5: false, pciDss321: false, controlTower: false };

/** The rule names of the validation report of `app`, open and acknowledged, by plugin. */
function reportOf(app: App): { open: string[]; acknowledged: string[] } {
  const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf-8'));
  const open: string[] = [];
  const acknowledged: string[] = [];
  for (const plugin of report.pluginReports) {
    open.push(...(plugin.violations ?? []).map((v: any) => `${plugin.pluginName}:${v.ruleName}`));
    acknowledged.push(...(plugin.suppressedViolations ?? []).map((v: any) => `${plugin.pluginName}:${v.ruleName}`));
  }
  return { open, acknowledged };
}

/** An app running the given packs on one stack holding a plain bucket and a bare VPC (open default security group). */
function appWith(props: ComplianceChecksProps): { app: App; bucket: s3.Bucket; vpc: ec2.CfnVPC } {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-every-finding-')) });
  ComplianceChecks.apply(app, props);
  const stack = new Stack(app, 'S');
  return { app, bucket: new s3.Bucket(stack, 'Plain'), vpc: new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' }) };
}

const S3_PACK_RULES = (prefix: string) => ['S3BucketLoggingEnabled', 'S3BucketPublicReadProhibited', 'S3BucketPublicWriteProhibited',
  'S3BucketReplicationEnabled', 'S3BucketSSLRequestsOnly', 'S3BucketVersioningEnabled', 'S3DefaultEncryptionKMS'].map((r) => `${prefix}-${r}`);

describe('S2-15 every unacknowledged finding of every pack fails synthesis, whatever else is acknowledged', () => {
  // One row per pack: some findings acknowledged (on the bucket or the VPC), at least one left open.
  // The open finding of HIPAA and PCI is a cdk-nag warning-level rule (VPCDefaultSecurityGroupClosed);
  // cfn-guard's findings carry no severity at all. Both passed synthesis once anything was acknowledged.
  test.each([
    { pack: 'AwsSolutions', only: { awsSolutions: true }, onBucket: ['AwsSolutions-S1'], onVpc: [], open: 'AwsSolutions-S10' },
    {
      pack: 'HIPAA.Security',
      only: { hipaaSecurity: true },
      onBucket: S3_PACK_RULES('HIPAA.Security'),
      onVpc: ['HIPAA.Security-VPCFlowLogsEnabled'],
      open: 'HIPAA.Security-VPCDefaultSecurityGroupClosed',
    },
    {
      // acknowledged in aws-cdk-lib's namespaced form: cdk-nag reports it, aws-cdk-lib moves it aside and re-judges the rest
      pack: 'HIPAA.Security',
      only: { hipaaSecurity: true },
      onBucket: S3_PACK_RULES('HIPAA.Security'),
      onVpc: ['HIPAA.Security::HIPAA.Security-VPCFlowLogsEnabled'],
      open: 'HIPAA.Security-VPCDefaultSecurityGroupClosed',
    },
    {
      pack: 'NIST.800.53.R5',
      only: { nist80053R5: true },
      onBucket: ['NIST.800.53.R5-S3BucketLoggingEnabled'],
      onVpc: ['NIST.800.53.R5-VPCDefaultSecurityGroupClosed', 'NIST.800.53.R5-VPCFlowLogsEnabled'],
      open: 'NIST.800.53.R5-S3BucketSSLRequestsOnly',
    },
    {
      pack: 'PCI.DSS.321',
      only: { pciDss321: true },
      onBucket: S3_PACK_RULES('PCI.DSS.321'),
      onVpc: ['PCI.DSS.321-VPCFlowLogsEnabled'],
      open: 'PCI.DSS.321-VPCDefaultSecurityGroupClosed',
    },
    {
      pack: 'cdk-validator-cfnguard',
      only: { controlTower: true },
      onBucket: ['cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check'],
      onVpc: [],
      open: 's3_lifecycle_policy_check',
    },
  ])('$pack: with $onBucket.0 and $onVpc.0 acknowledged, the open $open still fails', ({ pack, only, onBucket, onVpc, open }) => {
    // GIVEN only this pack, and some of its findings acknowledged
    const { app, bucket, vpc } = appWith({ ...NO_PACK, ...only });
    Compliance.acknowledgeRules(bucket, onBucket, REASON);
    if (onVpc.length > 0) {
      Compliance.acknowledgeRules(vpc, onVpc, REASON);
    }

    // WHEN / THEN synthesis fails, naming the open finding
    expect(() => app.synth()).toThrow(open);
    const report = reportOf(app);
    expect(report.open).toContain(`${pack}:${open}`);
    // cdk-nag leaves out what is acknowledged; cfn-guard reports it and aws-cdk-lib moves it to the acknowledged findings
    for (const ruleId of [...onBucket, ...onVpc]) {
      const id = `${pack}:${ruleId.replace(/^[\w.-]+::/, '')}`;
      expect(report.open).not.toContain(id);
      if (ruleId.includes('::')) {
        expect(report.acknowledged).toContain(id);
      }
    }
  });

  test('all packs: one open Control Tower finding fails synthesis when every other finding is acknowledged', () => {
    // GIVEN every pack, and every finding acknowledged but one guard rule's
    const { app, bucket, vpc } = appWith({});
    Compliance.acknowledgeRules(bucket, [
      'AwsSolutions-S1', 'AwsSolutions-S10', ...S3_PACK_RULES('HIPAA.Security'), ...S3_PACK_RULES('NIST.800.53.R5'), ...S3_PACK_RULES('PCI.DSS.321'),
      ...['s3_bucket_level_public_access_prohibited_check', 's3_bucket_default_encryption_kms_check', 's3_bucket_versioning_enabled_check',
        's3_bucket_logging_enabled_check', 's3_version_lifecycle_policy_check', 's3_event_notifications_enabled_check',
        's3_bucket_acl_prohibited_check', 's3_bucket_object_lock_enabled_check'].map((r) => `cdk-validator-cfnguard::${r}`),
    ], REASON);
    Compliance.acknowledgeRules(vpc, ['AwsSolutions-VPC7', ...['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321']
      .flatMap((p) => [`${p}-VPCDefaultSecurityGroupClosed`, `${p}-VPCFlowLogsEnabled`])], REASON);

    // WHEN / THEN
    expect(() => app.synth()).toThrow(/s3_lifecycle_policy_check/);
    expect(reportOf(app).open).toEqual(['cdk-validator-cfnguard:s3_lifecycle_policy_check']);
  });
});

describe('EveryFindingFails', () => {
  const context = { templatePaths: ['/out/S.template.json'] } as unknown as IPolicyValidationContext;
  const resource = { resourceLogicalId: 'B', templatePath: 't', locations: [] };
  const plugin = (report: PolicyValidationPluginReport): IPolicyValidationPlugin => ({ name: 'pack', version: '1', validate: () => report });

  test.each([
    [undefined, 'error', undefined],
    ['warning', 'error', 'warning'],
    ['info', 'error', 'info'],
    ['Error', 'error', undefined],
    ['error', 'error', undefined],
    ['fatal', 'fatal', undefined],
  ])('a finding of severity %p counts as %p (pack level kept: %p)', (severity, expected, packSeverity) => {
    // GIVEN a pack that says it succeeded despite a finding
    const wrapped = new EveryFindingFails(plugin({ success: true, violations: [{ ruleName: 'r', description: 'd', severity, violatingResources: [resource] }] }));

    // WHEN
    const report = wrapped.validate(context);

    // THEN
    expect(report.success).toBe(false);
    expect(report.violations[0].severity).toBe(expected);
    expect(report.violations[0].ruleMetadata?.packSeverity).toBe(packSeverity);
  });

  test('keeps the name, version and rule ids so acknowledgements still match, and passes a clean report', () => {
    const wrapped = new EveryFindingFails(plugin({ success: true, violations: [] }));
    expect([wrapped.name, wrapped.version]).toEqual(['pack', '1']);
    expect(wrapped.validate(context)).toEqual({ success: true, violations: [] });
  });

  test('a failed run without findings stays failed', () => {
    expect(new EveryFindingFails(plugin({ success: false, violations: [] })).validate(context).success).toBe(false);
  });
});
