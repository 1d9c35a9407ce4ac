import { ResourceView, StackView, Verifier } from '../model';
import { fact, listOf, noResource, referenced, resourceFact, resourcesOf, statementsOf } from '../query';
import { templateText } from './audit';
import { conditionValues, narrowedNote, otherConditions } from './conditions';
import { actionMatches, awsPrincipals, SECRET } from './iam-policies';

/*
 * S0-10: third-party integration credentials stored encrypted and readable only by the integration.
 */

/** Whether a `KmsKeyId` names a customer-managed key: a key or alias of the template, or a literal that is not `aws/...`. */
function customerKey(stacks: StackView[], secret: ResourceView): { ok: boolean; note?: string } {
  const value = secret.properties.KmsKeyId;
  if (value === undefined) {
    return { ok: false, note: 'absent: Secrets Manager uses the AWS managed key aws/secretsmanager, usable by every principal of the account' };
  }
  const target = referenced(stacks, secret, value);
  if (target) {
    return target.type === 'AWS::KMS::Key' || target.type === 'AWS::KMS::Alias' ? { ok: true } : { ok: false, note: `refers to a ${target.type}` };
  }
  const text = templateText(value);
  if (text === undefined) {
    return { ok: false, note: 'the key cannot be read from the template' };
  }
  return /(^|:)alias\/aws\//.test(text) ? { ok: false, note: 'an AWS managed key' } : { ok: true };
}

/** The negated operators that list the principals a secret's read deny spares. */
const READER_OPERATORS = ['ArnNotEquals', 'ArnNotLike', 'StringNotEquals', 'StringNotLike'];

/** A secret's read deny: where it is, the principals it spares, and the other conditions that narrow it. */
interface ReadDeny {
  readonly policy: ResourceView;
  readonly index: number;
  readonly readers: string[];
  readonly narrowing: string[];
}

/**
 * The statement of a secret's resource policy that denies reading it to everyone but listed
 * principals: `Deny`, principal `*`, an action covering `secretsmanager:GetSecretValue`, and a
 * negated condition on `aws:PrincipalArn`; the principals it spares. A statement with no other
 * condition is preferred; one narrowed by other conditions is returned when there is no such one.
 */
function readDeny(stacks: StackView[], secret: ResourceView): ReadDeny | undefined {
  let narrowed: ReadDeny | undefined;
  const policies = resourcesOf(stacks, 'AWS::SecretsManager::ResourcePolicy')
    .filter((p) => p.stack === secret.stack && referenced(stacks, p, p.properties.SecretId) === secret);
  for (const policy of policies) {
    const statements = statementsOf(policy.properties.ResourcePolicy);
    for (const [index, st] of statements.entries()) {
      const everyone = awsPrincipals(st).includes('*');
      const reads = listOf(st.Action).some((a) => actionMatches(a, 'secretsmanager:GetSecretValue'));
      const operator = READER_OPERATORS.find((op) => conditionValues(st, op, 'aws:PrincipalArn') !== undefined);
      if (st.Effect === 'Deny' && everyone && reads && operator !== undefined) {
        const narrowing = otherConditions(st, [[operator, 'aws:PrincipalArn']]);
        const deny = { policy, index, readers: conditionValues(st, operator, 'aws:PrincipalArn')!, narrowing };
        if (narrowing.length === 0) {
          return deny;
        }
        narrowed ??= deny;
      }
    }
  }
  return narrowed;
}

/**
 * S0-10: third-party integration credentials are stored encrypted and readable only by the
 * integration:
 * - at least one Secrets Manager secret;
 * - every secret is encrypted with a customer-managed KMS key (`KmsKeyId`: a key of the template
 *   or a literal that is not an `aws/` alias). Without it Secrets Manager uses `aws/secretsmanager`,
 *   which any principal of the account allowed to read the secret may use;
 * - every secret has a resource policy (`AWS::SecretsManager::ResourcePolicy`) that denies
 *   `secretsmanager:GetSecretValue` to every principal but the ones it lists
 *   (`aws:PrincipalArn`), as `IntegrationSecret` makes. Identity-based grants alone do not limit
 *   reading: any administrator allowed `secretsmanager:*` could read the secret; an explicit
 *   Deny in the resource policy wins over every Allow.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_resource-policies.html
 */
const integrationSecret: Verifier = ({ stacks }) => {
  const secrets = resourcesOf(stacks, SECRET);
  if (secrets.length === 0) {
    return [noResource(stacks, SECRET, 'the integration\'s credentials in Secrets Manager')];
  }
  return secrets.flatMap((secret) => {
    const key = customerKey(stacks, secret);
    const deny = readDeny(stacks, secret);
    const readers = deny?.readers.filter((r) => !/:root$/.test(r)) ?? [];
    return [
      resourceFact(secret, 'Properties.KmsKeyId', 'a customer-managed KMS key', key.ok, key.note),
      deny
        ? fact(deny.policy, `Properties.ResourcePolicy.Statement.${deny.index}`, 'GetSecretValue denied to every principal but the integration, which may read it',
          `denied to all but ${deny.readers.join(', ')}${deny.narrowing.length > 0 ? ` only when ${deny.narrowing.join(', ')}` : ''}`,
          deny.narrowing.length === 0 && readers.length > 0, deny.narrowing.length > 0 ? narrowedNote(deny.narrowing, 'other requests read the secret with any IAM grant')
            // "Readable only by the integration" with no integration reads nothing: the promise names a reader.
            : readers.length === 0 ? 'no integration role may read the secret (only the account root user is excepted): grant one with grantRead' : undefined)
        : fact(secret, `Resources[Type=AWS::SecretsManager::ResourcePolicy, SecretId=${secret.logicalId}]`,
          'GetSecretValue denied to every principal but the integration', '(no such resource policy)', false,
          'without a Deny in the resource policy, every principal whose IAM policies allow it can read the secret'),
    ];
  });
};

// ---------------------------------------------------------------------------------------------

/** The verifier of this module, by the name the catalog's `checks` use (also in `IDENTITY_VERIFIERS`). */
export const INTEGRATION_SECRET_VERIFIERS: Record<string, Verifier> = {
  'integration-secret': integrationSecret,
};
