import { conditionValues } from './conditions';
import { IDENTITY_VERIFIERS } from './identity';
import { DATA_CLASS_TAG } from '../../private/data-store-types';
import { Fact, ResourceView, StackView, Verifier } from '../model';
import { listOf, refTarget, statementsOf, tagOf } from '../query';

/**
 * S1-03 "least-privilege access to PII for named staff" with broad human roles: a role holding
 * AdministratorAccess, PowerUserAccess or ReadOnlyAccess reaches every data store, unless an
 * explicit Deny takes the personal data out of its reach (an explicit Deny wins over any Allow).
 * The area verifier fails every such role; this one accepts a role whose policies deny, on
 * `Resource *` with `StringEquals aws:ResourceTag/data-class` naming every personal-data class and
 * no other condition, the use of KMS keys (`kms:Decrypt`) and the reading of objects and secrets,
 * when every store holding personal data can only be read through a key so tagged: each bucket
 * and database of a personal class is encrypted with a customer key of the template tagged with
 * that class (S3 and RDS decrypt with the caller's permission on the key). The note says what
 * stays possible: a role that may change IAM can remove its own Deny (an IAM change that the CIS
 * 4.4 alarm reports).
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/tag-authorization.html
 */

/** The actions the Deny must cover, and how a pattern covers one. */
const REQUIRED = ['kms:Decrypt', 's3:GetObject', 'secretsmanager:GetSecretValue'];

function covers(pattern: string, action: string): boolean {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(action);
}

/** The statements of the policies attached to a role (inline, managed policies of the template, policies naming it). */
function statementsOfRole(stack: StackView, role: ResourceView): Array<Record<string, any>> {
  const inline = listOf<any>(role.properties.Policies).flatMap((p) => statementsOf(p?.PolicyDocument));
  const attached = stack.resources.filter((p) => (p.type === 'AWS::IAM::ManagedPolicy' || p.type === 'AWS::IAM::Policy')
    && (listOf(p.properties.Roles).some((r) => refTarget(r) === role.logicalId)
      || listOf(role.properties.ManagedPolicyArns).some((a) => refTarget(a) === p.logicalId)))
    .flatMap((p) => statementsOf(p.properties.PolicyDocument));
  return [...inline, ...attached];
}

/** Whether a statement is the personal-data Deny. */
function isPersonalDeny(st: Record<string, any>, personal: string[]): boolean {
  if (st?.Effect !== 'Deny' || !listOf(st.Resource).includes('*') || st.NotAction !== undefined) {
    return false;
  }
  const classes = conditionValues(st, 'StringEquals', `aws:ResourceTag/${DATA_CLASS_TAG}`) ?? [];
  const operators = Object.keys(st.Condition ?? {});
  const keys = Object.values<any>(st.Condition ?? {}).flatMap((b) => Object.keys(b ?? {}));
  const actions = listOf(st.Action).map(String);
  return operators.length === 1 && keys.length === 1 && personal.every((c) => classes.includes(c))
    && REQUIRED.every((a) => actions.some((p) => covers(p, a)));
}

/** The personal-data stores whose key is not a template key tagged with their class (the Deny on keys does not reach them). */
function unkeyedStores(stack: StackView, personal: string[]): string[] {
  const keyOf = (r: ResourceView): unknown => r.type === 'AWS::S3::Bucket'
    ? listOf<any>(r.properties.BucketEncryption?.ServerSideEncryptionConfiguration)[0]?.ServerSideEncryptionByDefault?.KMSMasterKeyID
    : r.properties.KmsKeyId;
  return stack.resources.filter((r) => ['AWS::S3::Bucket', 'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'].includes(r.type)
    && r.properties.DBClusterIdentifier === undefined && personal.includes(tagOf(r, DATA_CLASS_TAG) ?? ''))
    .filter((r) => {
      const key = stack.resources.find((k) => k.logicalId === refTarget(keyOf(r)));
      return key?.type !== 'AWS::KMS::Key' || tagOf(key, DATA_CLASS_TAG) !== tagOf(r, DATA_CLASS_TAG);
    }).map((r) => r.logicalId);
}

/** A broad-managed-policy fact of the area verifier, re-read with the role's personal-data Deny. */
function withDeny(stacks: StackView[], f: Fact, personal: string[]): Fact {
  if (f.satisfied || f.propertyPath !== 'Properties.ManagedPolicyArns' || !f.note?.startsWith('an AWS managed policy that grants every data store')) {
    return f;
  }
  const stack = stacks.find((s) => s.id === f.stack);
  const role = stack?.resources.find((r) => r.logicalId === f.logicalId);
  if (!stack || !role || personal.length === 0 || !statementsOfRole(stack, role).some((st) => isPersonalDeny(st, personal))) {
    return f;
  }
  const unkeyed = unkeyedStores(stack, personal);
  if (unkeyed.length > 0) {
    return { ...f, note: `${f.note}; its Deny on ${DATA_CLASS_TAG} = ${personal.join(' | ')} does not reach ${unkeyed.join(', ')}, not encrypted with a key tagged with its class` };
  }
  return {
    ...f,
    satisfied: true,
    note: `an explicit Deny of the stores and keys tagged ${DATA_CLASS_TAG} = ${personal.join(' | ')} takes personal data out of its reach `
      + '(a role that may change IAM could remove the Deny: an IAM change the CIS 4.4 alarm reports)',
  };
}

/** S1-03: the area verifier, with broad human roles accepted when an explicit Deny keeps them from personal data. */
const piiAccess: Verifier = (input) => {
  const personal = [...new Set(input.stacks.flatMap((s) => (s.policy?.dataClasses ?? []).filter((c) => c.personalData).map((c) => c.name)))];
  return IDENTITY_VERIFIERS['pii-access'](input).map((f) => withDeny(input.stacks, f, personal));
};

/** The verifier of S1-03; it replaces the area verifier of the same name. */
export const PII_DENY_VERIFIERS: Record<string, Verifier> = {
  'pii-access': piiAccess,
};
