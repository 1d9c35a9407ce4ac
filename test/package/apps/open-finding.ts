/**
 * Issue 20, class 1, from outside: one finding acknowledged, another left open. A plain
 * aws-cdk-lib bucket breaks Control Tower's rules; acknowledging one of its findings must not let
 * the others pass. The package test expects `npx cdk synth` to fail, naming an open Control Tower rule.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Compliance, ComplianceChecks } from 'cdk-data-protection';

const app = new App();
// Only Control Tower: its findings, and nothing else, must fail this synthesis.
ComplianceChecks.apply(app, { awsSolutions: false, hipaaSecurity: false, nist80053R5: false, pciDss321: false, controlTower: true });
const stack = new Stack(app, 'OpenFinding', { env: { region: 'us-east-1' } });
const bucket = new s3.Bucket(stack, 'Plain', { enforceSSL: true });
Compliance.acknowledge(bucket, {
  ruleId: 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check',
  reason: 'the outsider test acknowledges one finding and leaves the others open',
});
app.synth();
