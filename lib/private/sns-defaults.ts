import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { secureKey } from './kms-defaults';

/**
 * The library's one way to make an SNS topic for alerts (Solutions Constructs style):
 * - encrypted with a rotating customer-managed key (AwsSolutions-SNS2, HIPAA/NIST/PCI SNSEncryptedKMS);
 * - publishing only over TLS (AwsSolutions-SNS3);
 * - the AWS services that publish to it (`publishers`) may use the key for their messages.
 */
export function secureTopic(scope: Construct, id: string, displayName: string, publishers: string[]): sns.Topic {
  const key = secureKey(scope, `${id}Key`, `Encrypts the messages of ${scope.node.path}/${id}`);
  const topic = new sns.Topic(scope, id, {
    displayName,
    masterKey: key,
    enforceSSL: true,
  });
  for (const service of publishers) {
    topic.grantPublish(new iam.ServicePrincipal(service));
  }
  return topic;
}
