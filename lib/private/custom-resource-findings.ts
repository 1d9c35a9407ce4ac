import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { DataProtectionError } from './errors';
import { acknowledgePreviewRuntimes } from './lambda-runtime';
import { Compliance } from '../compliance/acknowledgement';
import { ComplianceRules } from '../compliance/rule-ids';

/**
 * Acknowledges what the packs report about the Lambda function behind one of aws-cdk-lib's
 * custom resources (the AwsCustomResource provider, the custom-resource provider that closes
 * a VPC's default security group, ...): findings inherent to a deployment-time handler, which
 * the library cannot change without copying aws-cdk-lib's handler code.
 *
 * @param provider the construct holding the function and its role
 * @param what the handler, as the reasons name it (`The AwsCustomResource provider of aws-cdk-lib`)
 * @param calls what the handler does during deployments (`calls AWS control-plane APIs (IAM, Inspector) during deployments`)
 */
export function acknowledgeProviderFunction(provider: IConstruct, what: string, calls: string): void {
  Compliance._standingRules(provider, [ComplianceRules.awsManagedPolicy('service-role/AWSLambdaBasicExecutionRole')],
    `${what} writes its own logs with the AWS-managed AWSLambdaBasicExecutionRole; the calls it makes are allowed by separate ` +
    'least-privilege policies.');
  Compliance._standingRules(provider, ['HIPAA.Security-LambdaConcurrency', 'NIST.800.53.R5-LambdaConcurrency'],
    `${what} runs only when CloudFormation creates, updates or deletes a custom resource; reserved concurrency would only hold ` +
    'account capacity for it.');
  Compliance._standingRules(provider, ['HIPAA.Security-LambdaDLQ', 'NIST.800.53.R5-LambdaDLQ'],
    `${what} answers CloudFormation through the response URL; a failure or timeout fails and rolls back the deployment, so there ` +
    'is no event to keep in a dead-letter queue.');
  Compliance._standingRules(provider, [
    'HIPAA.Security-LambdaInsideVPC', 'NIST.800.53.R5-LambdaInsideVPC', 'PCI.DSS.321-LambdaInsideVPC',
    `${ComplianceRules.GUARD_PREFIX}lambda_inside_vpc_check`,
  ], `${what} ${calls} and handles no customer data; a VPC would add NAT or interface endpoints without protecting anything.`);
  acknowledgePreviewRuntimes(provider, what);
}

/**
 * An AwsCustomResource making one SDK call with exactly `statements`, and the acknowledgements of
 * the findings inherent to it: its inline policy (on the custom resource) and the stack's shared
 * provider function (on that function, the scope of the role the custom resource grants to).
 */
export function sdkCall(
  scope: Construct, id: string, call: cr.AwsSdkCall, statements: iam.PolicyStatement[], onUpdate: boolean,
): cr.AwsCustomResource {
  const resource = new cr.AwsCustomResource(scope, id, {
    onCreate: call,
    onUpdate: onUpdate ? call : undefined,
    installLatestAwsSdk: false,
    policy: cr.AwsCustomResourcePolicy.fromStatements(statements),
  });
  Compliance._standingRules(resource, ['HIPAA.Security-IAMNoInlinePolicy', 'NIST.800.53.R5-IAMNoInlinePolicy', 'PCI.DSS.321-IAMNoInlinePolicy'],
    'AwsCustomResource grants its SDK call in an inline policy that allows exactly that call and is deleted with the custom resource.');
  const provider = resource.grantPrincipal instanceof iam.Role ? resource.grantPrincipal.node.scope : undefined;
  if (!provider) {
    throw new DataProtectionError('cannot find the AwsCustomResource provider function to acknowledge its findings', resource);
  }
  acknowledgeProviderFunction(provider, 'The AwsCustomResource provider of aws-cdk-lib',
    'calls AWS control-plane APIs (IAM, Inspector, ...) during deployments');
  return resource;
}
