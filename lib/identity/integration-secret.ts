import { Aspects, Duration, IAspect, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IConstruct } from 'constructs';
import { Compliance } from '../compliance/acknowledgement';
import { DataProtectionError } from '../private/errors';
import { secureKey } from '../private/kms-defaults';
import { PROPS } from '../private/props-specs';
import { validatePropsShape } from '../private/props-validation';
import { describeDuration } from '../private/validate';

/** Secrets Manager rotates every 1 to 365 days. */
const ROTATION_DAYS = { min: 1, max: 365 };

/** Lower-case letters, digits and inner hyphens, 1-64 characters (`zoom`, `google-calendar`). */
const NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/;

/** The rules that report a secret without automatic rotation. */
const ROTATION_RULES = [
  'AwsSolutions-SMG4',
  'HIPAA.Security-SecretsManagerRotationEnabled',
  'NIST.800.53.R5-SecretsManagerRotationEnabled',
  'PCI.DSS.321-SecretsManagerRotationEnabled',
  'cdk-validator-cfnguard::secretsmanager_rotation_enabled_check',
];

/**
 * Properties of an `IntegrationSecret`.
 */
export interface IntegrationSecretProps {
  /**
   * The integration's name: lower-case letters, digits and inner hyphens, 1-64 characters.
   * The secret is named `cdk-data-protection/integrations/<integrationName>`.
   */
  readonly integrationName: string;

  /**
   * The secret's description.
   *
   * @default - 'OAuth 2.0 client credentials of the <integrationName> integration'
   */
  readonly description?: string;
}

/**
 * The OAuth 2.0 client credentials of a third-party integration (the Zoom integration of claim
 * S0-10, for example), in Secrets Manager:
 * - encrypted with a customer-managed KMS key of its own, rotated yearly;
 * - the value is JSON `{"clientId": ..., "clientSecret": ...}`; CloudFormation only creates a
 *   placeholder (`clientId` `REPLACE_ME` and a random `clientSecret`): an operator puts the real
 *   value with `aws secretsmanager put-secret-value` after the first deployment;
 * - a resource policy denies `secretsmanager:GetSecretValue` to every principal except the
 *   IAM roles given to `grantRead` (and the rotation function, and the account root user). Other
 *   administrators can still put a new value, but not read it; a CloudFormation dynamic reference
 *   (`{{resolve:secretsmanager:...}}`) to this secret fails unless its role is granted;
 * - kept when the stack is deleted.
 *
 * Without `addRotation`, the finding "rotation not enabled" is acknowledged: third-party client
 * secrets are issued and rotated in the provider's console.
 *
 * Cost: 0.40 USD per secret per month plus 1 USD per month for the KMS key, and API calls.
 */
export class IntegrationSecret extends Construct {
  /** The secret. */
  public readonly secret: secretsmanager.Secret;

  /** The KMS key that encrypts the secret. */
  public readonly encryptionKey: kms.Key;

  /** The secret's name. */
  public readonly secretName: string;

  private readonly readerArns: string[] = [];
  private rotation?: secretsmanager.RotationSchedule;

  constructor(scope: Construct, id: string, props: IntegrationSecretProps) {
    super(scope, id);
    validatePropsShape(this, 'IntegrationSecret', props, PROPS.IntegrationSecret);

    const name = props.integrationName;
    if (Token.isUnresolved(name) || !NAME_PATTERN.test(name)) {
      throw new DataProtectionError(
        `integrationName must be 1-64 lower-case letters, digits and inner hyphens (such as 'zoom'), got '${name}'`, this);
    }
    this.secretName = `cdk-data-protection/integrations/${name}`;

    this.encryptionKey = secureKey(this, 'Key', `Encrypts the OAuth 2.0 client credentials of the ${name} integration`);
    this.secret = new secretsmanager.Secret(this, 'Resource', {
      secretName: this.secretName,
      description: props.description ?? `OAuth 2.0 client credentials of the ${name} integration`,
      encryptionKey: this.encryptionKey,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ clientId: 'REPLACE_ME' }),
        generateStringKey: 'clientSecret',
        passwordLength: 32,
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const stack = Stack.of(this);
    const added = this.secret.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'DenyReadExceptGrantedRoles',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['secretsmanager:GetSecretValue'],
      resources: ['*'],
      conditions: {
        ArnNotEquals: {
          'aws:PrincipalArn': Lazy.list({
            produce: () => [`arn:${stack.partition}:iam::${stack.account}:root`, ...this.readerArns],
          }),
        },
      },
    }));

    // Refuses any statement that would make the secret readable from outside the account.
    const policy = added.policyDependable as secretsmanager.ResourcePolicy;
    (policy.node.defaultChild as secretsmanager.CfnResourcePolicy).blockPublicPolicy = true;

    Aspects.of(this).add(new AcknowledgeNoRotation(this));
  }

  /**
   * Lets `grantee` read the secret (and decrypt it with the key). Only IAM roles, and
   * principals backed by a role such as Lambda functions, can be granted: the resource policy
   * names them by role ARN.
   *
   * @param grantee the role, or the construct with a role, that reads the secret
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    this.readerArns.push(roleArnOf(grantee, this));
    return this.secret.grantRead(grantee);
  }

  /**
   * Rotates the secret automatically with `rotationLambda` (a function that gets a new client
   * secret from the provider's API) every `after`, 1-365 days.
   *
   * @param rotationLambda the rotation function; it must have a role
   * @param after the time between rotations
   */
  public addRotation(rotationLambda: lambda.IFunction, after: Duration): secretsmanager.RotationSchedule {
    if (this.rotation) {
      throw new DataProtectionError('addRotation can be called once per IntegrationSecret, got a second call', this);
    }
    if (after.isUnresolved()) {
      throw new DataProtectionError('rotation period must be a literal duration, got a token', this);
    }
    const days = after.toDays({ integral: false });
    if (!Number.isInteger(days) || days < ROTATION_DAYS.min || days > ROTATION_DAYS.max) {
      throw new DataProtectionError(
        `rotation period must be a whole number of days ${ROTATION_DAYS.min}-${ROTATION_DAYS.max}, got ${describeDuration(after)}`, this);
    }
    this.readerArns.push(roleArnOf(rotationLambda, this));
    this.rotation = this.secret.addRotationSchedule('Rotation', { rotationLambda, automaticallyAfter: after });
    return this.rotation;
  }

  /** @internal whether `addRotation` was called */
  public get _rotated(): boolean {
    return this.rotation !== undefined;
  }
}

/** Acknowledges the rotation findings at synthesis time, once it is known that no rotation was added. */
class AcknowledgeNoRotation implements IAspect {
  private done = false;

  constructor(private readonly owner: IntegrationSecret) {}

  public visit(node: IConstruct): void {
    if (this.done || node !== this.owner) {
      return;
    }
    this.done = true;
    if (!this.owner._rotated) {
      Compliance._standingRules(this.owner.secret, ROTATION_RULES,
        'Third-party OAuth 2.0 client secrets are issued and rotated in the provider\'s console (then put here by an '
        + 'operator); IntegrationSecret.addRotation attaches a rotation function where the provider has an API for it.');
    }
  }
}

function roleArnOf(grantee: iam.IGrantable, scope: Construct): string {
  const principal = grantee.grantPrincipal;
  if (principal instanceof iam.Role || (principal as Partial<iam.IRole>).roleArn !== undefined) {
    return (principal as iam.IRole).roleArn;
  }
  throw new DataProtectionError(
    `only IAM roles (or constructs with a role, such as Lambda functions) can read an IntegrationSecret, got ${principal}`, scope);
}
