import { IConstruct } from 'constructs';
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
  Compliance.acknowledgeRules(provider, [ComplianceRules.awsManagedPolicy('service-role/AWSLambdaBasicExecutionRole')],
    `${what} writes its own logs with the AWS-managed AWSLambdaBasicExecutionRole; the calls it makes are allowed by separate ` +
    'least-privilege policies.');
  Compliance.acknowledgeRules(provider, ['HIPAA.Security-LambdaConcurrency', 'NIST.800.53.R5-LambdaConcurrency'],
    `${what} runs only when CloudFormation creates, updates or deletes a custom resource; reserved concurrency would only hold ` +
    'account capacity for it.');
  Compliance.acknowledgeRules(provider, ['HIPAA.Security-LambdaDLQ', 'NIST.800.53.R5-LambdaDLQ'],
    `${what} answers CloudFormation through the response URL; a failure or timeout fails and rolls back the deployment, so there ` +
    'is no event to keep in a dead-letter queue.');
  Compliance.acknowledgeRules(provider, [
    'HIPAA.Security-LambdaInsideVPC', 'NIST.800.53.R5-LambdaInsideVPC', 'PCI.DSS.321-LambdaInsideVPC',
    `${ComplianceRules.GUARD_PREFIX}lambda_inside_vpc_check`,
  ], `${what} ${calls} and handles no customer data; a VPC would add NAT or interface endpoints without protecting anything.`);
}
