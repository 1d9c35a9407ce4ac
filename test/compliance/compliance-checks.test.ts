import { App, IPolicyValidationPlugin, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Compliance, ComplianceChecks, ComplianceRules } from '../../lib';
import { DataProtectionError } from '../../lib/private/errors';
import { FocusedGuardValidator } from '../../lib/private/focused-guard';
import { checkedApp, findings, writtenTemplate } from '../helpers/compliance';

function pluginNames(app: App): string[] {
  return ((app as any)._validationPlugins as IPolicyValidationPlugin[]).map((p) => p.name);
}

describe('ComplianceChecks', () => {
  test('S2-15 registers the four cdk-nag packs and the Control Tower guard rules', () => {
    const app = new App();
    const names = ComplianceChecks.apply(app);
    expect(names).toEqual(['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321', 'cdk-validator-cfnguard']);
    expect(pluginNames(app)).toEqual(names);
  });

  test('S2-15 starts cfn-guard with the first pack, in the background, and collects its report in its own turn', () => {
    // GIVEN
    const app = checkedApp();
    new s3.Bucket(new Stack(app, 'S'), 'Plain');
    const calls: string[] = [];
    const headStart = FocusedGuardValidator.prototype.headStart;
    const validate = FocusedGuardValidator.prototype.validate;
    const started = jest.spyOn(FocusedGuardValidator.prototype, 'headStart').mockImplementation(function (this: FocusedGuardValidator, paths) {
      calls.push('guard started');
      headStart.call(this, paths);
    });
    const collected = jest.spyOn(FocusedGuardValidator.prototype, 'validate').mockImplementation(function (this: FocusedGuardValidator, context) {
      calls.push('guard collected');
      return validate.call(this, context);
    });

    // WHEN
    try {
      expect(() => app.synth()).toThrow(/s3_bucket_logging_enabled_check/);
    } finally {
      started.mockRestore();
      collected.mockRestore();
    }

    // THEN
    expect(calls).toEqual(['guard started', 'guard collected']);
    expect(findings(app)).toEqual(expect.arrayContaining([
      expect.objectContaining({ plugin: 'cdk-validator-cfnguard', rule: 's3_bucket_logging_enabled_check', paths: ['S/Plain/Resource'] }),
    ]));
  });

  test('is idempotent per app', () => {
    const app = new App();
    ComplianceChecks.apply(app);
    ComplianceChecks.apply(new Stack(app, 'S'));
    expect(pluginNames(app)).toHaveLength(5);
  });

  test('packs can be turned off one by one', () => {
    const app = new App();
    expect(ComplianceChecks.apply(app, { hipaaSecurity: false, controlTower: false })).toEqual(['AwsSolutions', 'NIST.800.53.R5', 'PCI.DSS.321']);
  });

  test('refuses a scope without an app or stage', () => {
    const { Construct } = jest.requireActual('constructs');
    expect(() => ComplianceChecks.apply(new Construct(undefined as any, ''))).toThrow(DataProtectionError);
  });

  test('an unacknowledged finding fails synthesis and is named with its rule, path and pack', () => {
    // GIVEN
    const app = checkedApp();
    const stack = new Stack(app, 'S');
    new s3.Bucket(stack, 'Plain');
    // WHEN synthesis fails
    expect(() => app.synth()).toThrow(/ERROR The S3 Bucket or bucket policy does not require requests to use SSL[\s\S]*S\/Plain\/Resource[\s\S]*Acknowledge with 'AwsSolutions::AwsSolutions-S10'/);
    const found = findings(app);
    // THEN every pack reports the plain bucket
    const plugins = new Set(found.map((f) => f.plugin));
    expect([...plugins].sort()).toEqual(['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321', 'cdk-validator-cfnguard']);
    expect(found).toEqual(expect.arrayContaining([
      expect.objectContaining({ rule: 'AwsSolutions-S10', paths: ['S/Plain/Resource'] }),
      expect.objectContaining({ rule: 's3_bucket_logging_enabled_check', paths: ['S/Plain/Resource'] }),
    ]));
  });
});

describe('Compliance.acknowledge', () => {
  test('acknowledges a finding on a construct and its children, and writes the reason into the template', () => {
    const app = checkedApp();
    const stack = new Stack(app, 'S');
    const bucket = new s3.Bucket(stack, 'Plain');
    Compliance.acknowledge(bucket, { ruleId: 'AwsSolutions-S1', reason: 'Test bucket: access logging is out of scope here.' });
    Compliance.acknowledgeRules(bucket, ComplianceRules.S3_REPLICATION, 'Test bucket: replication is out of scope here.');
    const found = findings(app);
    expect(found.map((f) => f.rule)).not.toContain('AwsSolutions-S1');
    expect(found.map((f) => f.rule)).not.toContain('HIPAA.Security-S3BucketReplicationEnabled');
    expect(found.map((f) => f.rule)).toContain('AwsSolutions-S10');
    const resource = Object.values(writtenTemplate(app, 'S').Resources).find((r: any) => r.Type === 'AWS::S3::Bucket') as any;
    expect(resource.Metadata.cdk_nag.rules_to_suppress).toEqual(expect.arrayContaining([
      { id: 'AwsSolutions-S1', reason: 'Test bucket: access logging is out of scope here.' },
      { id: 'PCI.DSS.321-S3BucketReplicationEnabled', reason: 'Test bucket: replication is out of scope here.' },
    ]));
  });

  test('acknowledges Control Tower rules by their guard name', () => {
    const app = checkedApp();
    const stack = new Stack(app, 'S');
    const bucket = new s3.Bucket(stack, 'Plain');
    Compliance.acknowledgeRules(bucket, ComplianceRules.S3_OBJECT_LOCK, 'Test bucket: Object Lock is out of scope here.');
    const rules = findings(app).map((f) => f.rule);
    expect(rules).not.toContain('s3_bucket_object_lock_enabled_check');
    expect(rules).toContain('s3_lifecycle_policy_check');
  });

  test.each([[''], ['   '], ['too short']])('refuses the reason %p', (reason) => {
    const bucket = new s3.Bucket(new Stack(new App(), 'S'), 'B');
    expect(() => Compliance.acknowledge(bucket, { ruleId: 'AwsSolutions-S1', reason }))
      .toThrow(/acknowledgement of AwsSolutions-S1 needs a reason of at least 10 characters/);
    expect(bucket.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)).toHaveLength(0);
  });
});
