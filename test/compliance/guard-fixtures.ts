import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';

/**
 * The templates the Control Tower guard tests share: two stacks of plain aws-cdk-lib resources,
 * many of which break Control Tower controls (focused-guard and parallel-guard tests).
 */

/** Writes the templates of `app` to a directory of their own and returns their paths. */
export function templatesOf(app: App): string[] {
  const assembly = app.synth();
  return assembly.stacks.map((s) => path.join(assembly.directory, s.templateFile));
}

/**
 * Synthesizes the two violating stacks (`Data`: a plain bucket, an unencrypted queue, a topic, a
 * public database; `Compute`: a function of `runtime` and an EC2 instance) into a fresh directory
 * named from `prefix`, and returns the template paths.
 */
export function violatingTemplates(prefix: string, runtime: lambda.Runtime): string[] {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), prefix)) });
  const data = new Stack(app, 'Data', { env: { region: 'us-east-1' } });
  new s3.Bucket(data, 'Plain');
  new sqs.Queue(data, 'Queue', { encryption: sqs.QueueEncryption.UNENCRYPTED });
  new sns.Topic(data, 'Topic');
  const vpc = new ec2.Vpc(data, 'Vpc', { maxAzs: 2, natGateways: 0 });
  new rds.DatabaseInstance(data, 'Db', {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
  });
  const compute = new Stack(app, 'Compute', { env: { region: 'us-east-1' } });
  new lambda.Function(compute, 'Fn', { runtime, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=()=>1') });
  new CfnResource(compute, 'Instance', { type: 'AWS::EC2::Instance', properties: { ImageId: 'ami-12345678', InstanceType: 't3.micro' } });
  return templatesOf(app);
}
