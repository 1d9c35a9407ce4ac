/**
 * Issue 24 from outside: the acknowledgement ledger. An acknowledgement whose expiry has passed
 * (README, "Compliance findings") must fail `cdk synth`, naming its rule, its construct path and
 * its owner.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Compliance, ComplianceChecks } from 'cdk-data-protection';

const app = new App();
ComplianceChecks.apply(app, { controlTower: false });
const stack = new Stack(app, 'Ledger', { env: { region: 'us-east-1' } });
const bucket = new s3.Bucket(stack, 'Plain', { enforceSSL: true });
Compliance.acknowledge(bucket, {
  ruleId: 'AwsSolutions-S1',
  reason: 'server access logs go to the central logging account once it exists',
  owner: 'storage team',
  expires: '2026-06-30', // passed: the finding was meant to be fixed by then
});
app.synth();
