/**
 * Issue 24 from outside: code a team already has, plain aws-cdk-lib constructs, under a policy with
 * the property injectors (README, "Plain aws-cdk-lib constructs: property injectors"). `cdk synth`
 * must give the constructs the policy's defaults, and the report it writes must prove the
 * encryption promises from the templates.
 */
import { App, Stack, Tags } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { DataProtectionInjectors, DataProtectionPolicy } from 'cdk-data-protection';

const app = new App();
DataProtectionInjectors.applyTo(app); // before the constructs are made
const stack = new Stack(app, 'PlainApp', { env: { region: 'us-east-1' } });
new DataProtectionPolicy(stack, 'Policy', {
  securityContact: 'security@plain.example',
  region: 'us-east-1',
  claims: ['S0-06', 'S2-03', 'S1-01'],
});
Tags.of(stack).add('data-class', 'customer-data'); // the policy still asks every data store for its class

new s3.Bucket(stack, 'Uploads');
new sqs.Queue(stack, 'Jobs');
new sns.Topic(stack, 'Events');
new logs.LogGroup(stack, 'AppLogs');

app.synth();
