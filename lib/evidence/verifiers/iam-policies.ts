import { ResourceView, StackView } from '../model';
import { listOf, show } from '../query';
import { templateText } from './audit';

/*
 * What the identity verifiers read in templates: the IAM types, the AWS managed policies that
 * reach every data store, the policy documents of the stacks and what a statement allows.
 */
export const ROLE = 'AWS::IAM::Role';
export const USER_POOL = 'AWS::Cognito::UserPool';
export const SECRET = 'AWS::SecretsManager::Secret';


/** The services that store data, whose `<service>:*` on every resource grants all of it. */
export const DATA_SERVICES = ['s3', 'rds', 'dynamodb', 'kms', 'secretsmanager'];

/**
 * AWS managed policies whose documented content allows `*`, `<service>:*` or reading of a data
 * store (`s3:Get*`) on every resource. They are attached by ARN: their statements are not in the
 * template. A role holding one reaches personal data without the data-class scope S1-03 promises.
 *
 * @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/policy-list.html
 */
export const BROAD_AWS_MANAGED_POLICIES: Record<string, string> = {
  AdministratorAccess: 'Allow * on *',
  PowerUserAccess: 'Allow NotAction iam:*, organizations:*, account:* on * (every data store)',
  AmazonS3FullAccess: 'Allow s3:* on *',
  AmazonDynamoDBFullAccess: 'Allow dynamodb:* on *',
  AmazonRDSFullAccess: 'Allow rds:* on *',
  SecretsManagerReadWrite: 'Allow secretsmanager:* on *',
  ReadOnlyAccess: 'Allow s3:Get*, dynamodb:GetItem, dynamodb:Query, dynamodb:Scan, ... on * (reads every data store)',
  AmazonS3ReadOnlyAccess: 'Allow s3:Get*, s3:List* on *',
};

// ---------------------------------------------------------------------------------------------
// Reading IAM policies

/** Whether an IAM action pattern (`s3:Get*`, `*`) matches `action`; IAM compares actions case-insensitively. */
export function actionMatches(pattern: unknown, action: string): boolean {
  if (typeof pattern !== 'string') {
    return false;
  }
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, 'i').test(action);
}

/** One IAM policy document of the templates, where it sits and what it is attached to. */
export interface PolicyDocumentView {
  /** The resource that declares it: a managed policy, a policy, or a role, user or group with inline policies. */
  readonly resource: ResourceView;
  /** Its path in the resource (`Properties.PolicyDocument`, `Properties.Policies.0.PolicyDocument`). */
  readonly path: string;
  readonly document: unknown;
  /** The roles, users and groups of the template it applies to, by logical id. */
  readonly attachedTo: string[];
}

/** The logical ids a list of `Ref`s names (`Roles`, `Users`, `Groups` of a policy). */
function refs(value: unknown): string[] {
  return listOf(value).map((v) => /^\$\{([^.}]+)\}$/.exec(templateText(v) ?? '')?.[1]).filter((id): id is string => id !== undefined);
}

/** Every IAM identity-based policy document of the stacks (managed, standalone and inline), without trust policies. */
export function policyDocuments(stacks: StackView[]): PolicyDocumentView[] {
  const documents: PolicyDocumentView[] = [];
  for (const stack of stacks) {
    const principals = stack.resources.filter((r) => ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'].includes(r.type));
    for (const r of stack.resources) {
      if (r.type === 'AWS::IAM::ManagedPolicy' || r.type === 'AWS::IAM::Policy') {
        const direct = [...refs(r.properties.Roles), ...refs(r.properties.Users), ...refs(r.properties.Groups)];
        const byArn = r.type === 'AWS::IAM::ManagedPolicy'
          ? principals.filter((p) => refs(p.properties.ManagedPolicyArns).includes(r.logicalId)).map((p) => p.logicalId) : [];
        documents.push({ resource: r, path: 'Properties.PolicyDocument', document: r.properties.PolicyDocument, attachedTo: [...new Set([...direct, ...byArn])] });
      }
    }
    for (const p of principals) {
      listOf<any>(p.properties.Policies).forEach((inline, i) => documents.push({
        resource: p, path: `Properties.Policies.${i}.PolicyDocument`, document: inline?.PolicyDocument, attachedTo: [p.logicalId],
      }));
    }
  }
  return documents;
}

/** The policy documents that apply to a role, user or group of the templates. */
export function documentsOf(documents: PolicyDocumentView[], principal: ResourceView): PolicyDocumentView[] {
  return documents.filter((d) => d.resource.stack === principal.stack && d.attachedTo.includes(principal.logicalId));
}

/** The AWS managed policies attached to a role, user or group, by name (`AdministratorAccess`). */
export function awsManagedPolicies(principal: ResourceView): string[] {
  return listOf(principal.properties.ManagedPolicyArns)
    .map((arn) => /:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(templateText(arn) ?? '')?.[1])
    .filter((name): name is string => name !== undefined);
}

/** "attached to N roles/users/groups", for found values. */
export function attachment(d: PolicyDocumentView): string {
  return d.attachedTo.length === 0 ? 'attached to nothing' : `attached to ${d.attachedTo.join(', ')}`;
}

// ---------------------------------------------------------------------------------------------

/** The AWS principals of a trust statement, as text (`*` for anyone). */
export function awsPrincipals(statement: Record<string, any>): string[] {
  const principal = statement.Principal;
  if (principal === '*') {
    return ['*'];
  }
  return principal && typeof principal === 'object' ? listOf(principal.AWS).map((p) => templateText(p) ?? show(p)) : [];
}
