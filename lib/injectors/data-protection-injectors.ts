import { IPropertyInjector, PropertyInjectors } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { BucketDefaults } from './bucket-defaults';
import { DatabaseInstanceDefaults } from './database-instance-defaults';
import { KeyDefaults } from './key-defaults';
import { LogGroupDefaults } from './log-group-defaults';
import { QueueDefaults } from './queue-defaults';
import { TopicDefaults } from './topic-defaults';
import type { DataProtectionPolicy } from '../policy/data-protection-policy';

/**
 * The policy's secure defaults for plain aws-cdk-lib constructs, through aws-cdk-lib's property
 * injectors (`PropertyInjectors`): `s3.Bucket`, `logs.LogGroup`, `rds.DatabaseInstance`,
 * `sns.Topic`, `sqs.Queue` and `kms.Key` made below the scope get the policy's encryption,
 * TLS-only access, blocked public access, retention and removal policy wherever their props leave
 * them unset. A prop set weaker than the policy's default is kept as given, with the warning
 * `cdk-data-protection:injected-default-weakened` naming the construct and the prop.
 *
 * An injected default is not a proof: the evidence report proves the promises from the
 * synthesized templates, whatever put the values there. The library's own constructs
 * (`SecureBucket`, `SecureDatabase`, ...) set these props themselves, so the injectors leave them
 * as they are; they also check the props against the policy and refuse what contradicts it, which
 * the injectors do not.
 *
 * @example
 * const stack = new Stack(app, 'Service', { env: { region: 'eu-west-3' } });
 * const policy = new DataProtectionPolicy(stack, 'Policy', { securityContact: 'security@example.com', region: 'eu-west-3' });
 * DataProtectionInjectors.applyTo(stack, policy);
 * new s3.Bucket(stack, 'Uploads'); // KMS-encrypted, TLS-only, versioned, public access blocked, retained
 */
export class DataProtectionInjectors {
  /**
   * Registers the injectors of the six constructs on `scope` (`PropertyInjectors.of(scope)`): they
   * apply to the constructs made below it afterwards. Register before making the constructs.
   *
   * @param scope the App, a Stage, a Stack or any construct
   * @param policy the policy whose defaults are filled in; by default the one that applies to each construct made
   * @returns the injectors registered
   */
  public static applyTo(scope: IConstruct, policy?: DataProtectionPolicy): IPropertyInjector[] {
    const injectors = DataProtectionInjectors.of(policy);
    PropertyInjectors.of(scope).add(...injectors);
    return injectors;
  }

  /**
   * The injectors of the six constructs, to register yourself (`PropertyInjectors.of(scope).add(...)`,
   * or the `propertyInjectors` prop of an App or Stage).
   *
   * @param policy the policy whose defaults are filled in; by default the one that applies to each construct made
   */
  public static of(policy?: DataProtectionPolicy): IPropertyInjector[] {
    return [
      new BucketDefaults(policy),
      new LogGroupDefaults(policy),
      new DatabaseInstanceDefaults(policy),
      new TopicDefaults(policy),
      new QueueDefaults(policy),
      new KeyDefaults(),
    ];
  }

  private constructor() {}
}
