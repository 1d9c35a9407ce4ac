import { DATA_CLASS_TAG } from '../../private/data-store-types';
import { Fact, ResourceView, StackView, Verifier } from '../model';
import { fact, listOf, noResource, referenced, resourceFact, resourcesOf, statementsOf } from '../query';
import { templateText } from './audit';
import { conditionValues, narrowedNote, otherConditions } from './conditions';
import {
  actionMatches, attachment, awsPrincipals, awsManagedPolicies, BROAD_AWS_MANAGED_POLICIES, DATA_SERVICES, documentsOf, policyDocuments,
  PolicyDocumentView, ROLE, USER_POOL,
} from './iam-policies';
import { INTEGRATION_SECRET_VERIFIERS } from './integration-secret';
import { bucketOpenGrantFact, openKeyGrant } from './open-grants';

/**
 * The verifiers of identities and access (claims S0-05, S0-09, S0-10, S1-03, S1-05, S2-09,
 * S2-16, S4-01, S4-03, S4-08): IAM roles and their trust, IAM policies, IAM users, Cognito user
 * pools and Secrets Manager secrets, as the templates declare them. S0-10 is in
 * integration-secret.ts, what they read in iam-policies.ts; `IDENTITY_VERIFIERS` names them all.
 */

// ---------------------------------------------------------------------------------------------
// S0-09, S1-05, S2-09, S4-08: MFA


/**
 * The statements of a role's trust policy that let principals of an AWS account (an account, its
 * root, a user or role ARN, or `*`) assume it. Service and federated principals are not people
 * signing in with IAM credentials. (The semantics of the synthesis check
 * `DataProtection-RoleWithoutMfa`.)
 */
function accountTrustStatements(role: ResourceView): Array<Record<string, any>> {
  return statementsOf(role.properties.AssumeRolePolicyDocument).filter((st) => st?.Effect === 'Allow'
    && listOf(st.Action).some((a) => actionMatches(a, 'sts:AssumeRole'))
    && awsPrincipals(st).length > 0);
}

/**
 * Whether a trust statement requires MFA: `Bool aws:MultiFactorAuthPresent true`, and no `*`
 * principal (MFA does not make anyone in any account a known person). `BoolIfExists ... true`
 * does not count: it also passes when the key is absent, as it is for long-term access keys.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
 */
function requiresMfa(statement: Record<string, any>): boolean {
  const present = conditionValues(statement, 'Bool', 'aws:MultiFactorAuthPresent');
  return present !== undefined && present.length > 0 && present.every((v) => v === 'true') && !awsPrincipals(statement).includes('*');
}

/** The MFA age bound of a trust statement, in seconds, if any. */
function mfaMaxAge(statement: Record<string, any>): string | undefined {
  return conditionValues(statement, 'NumericLessThan', 'aws:MultiFactorAuthAge')?.[0]
    ?? conditionValues(statement, 'NumericLessThanEquals', 'aws:MultiFactorAuthAge')?.[0];
}

/** The fact that every account statement of a role's trust requires MFA, saying whether MFA age is bounded. */
function roleMfaFact(role: ResourceView, statements: Array<Record<string, any>>): Fact {
  const without = statements.filter((st) => !requiresMfa(st));
  const ages = statements.map(mfaMaxAge);
  const age = ages.every((a) => a !== undefined) ? `MFA age < ${[...new Set(ages)].join(', ')} s` : 'MFA age not bounded';
  const found = without.length === 0 ? `Bool aws:MultiFactorAuthPresent true; ${age}`
    : `no MFA condition for ${without.flatMap(awsPrincipals).join(', ')}`;
  return fact(role, 'Properties.AssumeRolePolicyDocument', 'Bool aws:MultiFactorAuthPresent true for every AWS account principal', found, without.length === 0,
    without.some((st) => awsPrincipals(st).includes('*')) ? 'any AWS principal (\'*\') may assume it' : undefined);
}

/**
 * The statements that deny everything but MFA self-service to a session without MFA: `Deny`,
 * `NotAction` of IAM and STS actions only (no wildcard) or `Action *`, `Resource *`, and
 * `BoolIfExists aws:MultiFactorAuthPresent false` (which, unlike `Bool`, also matches requests
 * made with long-term keys, where the key is absent).
 */
function mfaDenyFacts(stacks: StackView[]): Fact[] {
  const expected = 'a Deny of all but MFA self-service without MFA (BoolIfExists aws:MultiFactorAuthPresent false), attached';
  const facts: Fact[] = [];
  for (const d of policyDocuments(stacks)) {
    statementsOf(d.document).forEach((st, i) => {
      const noMfa = conditionValues(st, 'BoolIfExists', 'aws:MultiFactorAuthPresent');
      const notActions = listOf(st.NotAction).map((a) => String(a));
      const broad = listOf(st.Action).includes('*')
        || (notActions.length > 0 && notActions.every((a) => /^(iam|sts):[A-Za-z]+$/.test(a)));
      if (st.Effect === 'Deny' && noMfa?.every((v) => v === 'false') && broad && listOf(st.Resource).includes('*')) {
        const narrowing = otherConditions(st, [['BoolIfExists', 'aws:MultiFactorAuthPresent']]);
        facts.push(fact(d.resource, `${d.path}.Statement.${i}`, expected,
          `Deny ${notActions.length > 0 ? `all but ${notActions.length} IAM/STS self-service actions` : '*'} without MFA`
          + `${narrowing.length > 0 ? ` only when ${narrowing.join(', ')}` : ''}; ${attachment(d)}`,
          d.attachedTo.length > 0 && narrowing.length === 0,
          narrowing.length > 0 ? narrowedNote(narrowing, 'other sessions without MFA are not denied')
            : d.attachedTo.length > 0 ? undefined : 'a policy attached to no role, user or group gates nobody'));
      }
    });
  }
  if (facts.length === 0) {
    facts.push(fact(where(stacks), 'Resources[Type=AWS::IAM::ManagedPolicy or AWS::IAM::Policy].Properties.PolicyDocument', expected, '(none)', false,
      'no policy denies actions without MFA; MfaGatedAccess makes one'));
  }
  return facts;
}

/** The stacks, for facts that are about no single resource. */
function where(stacks: StackView[]): { stack: string } {
  return { stack: stacks.map((s) => s.id).join(', ') || '(no stack records the claim)' };
}

/**
 * No IAM user signs in with a password or a long-term key: every `AWS::IAM::User` has no
 * `LoginProfile`, and there is no `AWS::IAM::AccessKey` (the synthesis check
 * `DataProtection-IamUserCredentials`). When the templates declare neither, one satisfied fact
 * says so.
 */
function credentialFacts(stacks: StackView[]): Fact[] {
  const users = resourcesOf(stacks, 'AWS::IAM::User');
  const keys = resourcesOf(stacks, 'AWS::IAM::AccessKey');
  const facts: Fact[] = [
    ...users.map((u) => resourceFact(u, 'Properties.LoginProfile', '(absent): no console password', u.properties.LoginProfile === undefined)),
    ...keys.map((k) => fact(k, 'Type', 'no IAM access key', k.type, false, `a long-term access key of ${templateText(k.properties.UserName) ?? 'an IAM user'}`)),
  ];
  if (facts.length === 0) {
    facts.push(fact(where(stacks), 'Resources[Type=AWS::IAM::User or AWS::IAM::AccessKey]', 'no IAM user with a console password or access key',
      '(none)', true, 'the templates declare no IAM user and no access key'));
  }
  return facts;
}

/**
 * S0-09, S1-05, S2-09, S4-08: access to the accounts requires MFA:
 * - every IAM role whose trust policy lets principals of an AWS account assume it (an account,
 *   its root, a user or role ARN; not services or federated identities) requires
 *   `Bool aws:MultiFactorAuthPresent true` on each such statement, and no `*` principal; the
 *   found value says whether the MFA age is bounded (`aws:MultiFactorAuthAge`);
 * - at least one attached policy denies everything but MFA self-service without MFA
 *   (`BoolIfExists aws:MultiFactorAuthPresent false`), as `MfaGatedAccess` makes;
 * - no IAM user has a console password (`LoginProfile`) or an access key.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html
 */
const mfaRequired: Verifier = ({ stacks }) => [
  ...resourcesOf(stacks, ROLE).map((role) => ({ role, statements: accountTrustStatements(role) }))
    .filter(({ statements }) => statements.length > 0)
    .map(({ role, statements }) => roleMfaFact(role, statements)),
  ...mfaDenyFacts(stacks),
  ...credentialFacts(stacks),
];

/**
 * S1-05: every Cognito user pool requires MFA of its users (`MfaConfiguration` ON;
 * CloudFormation's default is OFF, and OPTIONAL lets users skip it).
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html
 */
const userPoolMfa: Verifier = ({ stacks }) => everyUserPool(stacks, 'MFA required (MfaConfiguration ON)', (pool) =>
  resourceFact(pool, 'Properties.MfaConfiguration', 'ON', pool.properties.MfaConfiguration === 'ON',
    pool.properties.MfaConfiguration === undefined ? 'absent: CloudFormation\'s default is OFF' : undefined));

/** Facts for every user pool, or the one unsatisfied fact that there is none. */
function everyUserPool(stacks: StackView[], expected: string, check: (pool: ResourceView) => Fact | Fact[]): Fact[] {
  const pools = resourcesOf(stacks, USER_POOL);
  return pools.length === 0 ? [noResource(stacks, USER_POOL, expected)] : pools.flatMap((p) => listOf(check(p)));
}

// ---------------------------------------------------------------------------------------------
// S1-03: access to personal data

/** The data-class names the stacks' policies mark as personal data. */
function personalClasses(stacks: StackView[]): string[] {
  return [...new Set(stacks.flatMap((s) => (s.policy?.dataClasses ?? []).filter((c) => c.personalData).map((c) => c.name)))];
}

/** The `aws:ResourceTag/data-class` condition of a statement: its operator and values, if any. */
function dataClassCondition(statement: Record<string, any>): { operator: string; values: string[] } | undefined {
  for (const operator of Object.keys(statement.Condition ?? {})) {
    const values = conditionValues(statement, operator, `aws:ResourceTag/${DATA_CLASS_TAG}`);
    if (values !== undefined) {
      return { operator, values };
    }
  }
  return undefined;
}

/** Whether a statement grants an action of a data-storing service (or `*`). */
function grantsDataStore(statement: Record<string, any>): boolean {
  return statement.Effect === 'Allow' && (listOf(statement.NotAction).length > 0
    || listOf(statement.Action).some((a) => String(a) === '*' || DATA_SERVICES.some((svc) => String(a).toLowerCase().startsWith(`${svc}:`))));
}

/** A named IAM user or role ARN (not an account, its root, or a wildcard). */
const NAMED_PRINCIPAL = /^arn:[^:]+:iam::[^:]+:(user|role)\/[^*?]+$/;

/** The facts about one role scoped by the data-class tag: trust, scope and no other data grants. */
function piiRoleFacts(documents: PolicyDocumentView[], role: ResourceView, personal: string[]): Fact[] {
  const facts: Fact[] = [];
  const trust = accountTrustStatements(role);
  const principals = trust.flatMap(awsPrincipals);
  const unnamed = principals.filter((p) => !NAMED_PRINCIPAL.test(p.replace(/\$\{AWS::Partition\}/g, 'aws')));
  facts.push(fact(role, 'Properties.AssumeRolePolicyDocument', 'assumable only with MFA (Bool aws:MultiFactorAuthPresent true) by named IAM users or roles',
    trust.length === 0 ? '(no AWS account principal)' : `${principals.join(', ')}; ${trust.every(requiresMfa) ? 'MFA required' : 'MFA not required'}`,
    trust.length > 0 && trust.every(requiresMfa) && unnamed.length === 0,
    unnamed.length > 0 ? `not named staff: ${unnamed.join(', ')} (an account or its root delegates to every principal of the account)` : undefined));
  const mine = documentsOf(documents, role);
  for (const d of mine) {
    statementsOf(d.document).forEach((st, i) => {
      if (!grantsDataStore(st)) {
        return;
      }
      const condition = dataClassCondition(st);
      const exact = condition !== undefined && ['StringEquals', 'StringEqualsIgnoreCase'].includes(condition.operator);
      const others = condition ? condition.values.filter((v) => !personal.includes(v)) : [];
      facts.push(fact(d.resource, `${d.path}.Statement.${i}`, `data-store actions only on resources tagged ${DATA_CLASS_TAG} = ${personal.join(' | ')}`,
        condition ? `${condition.operator} aws:ResourceTag/${DATA_CLASS_TAG} = ${condition.values.join(' | ')}` : `no ${DATA_CLASS_TAG} condition`,
        exact && condition!.values.length > 0 && others.length === 0,
        !condition ? 'grants data-store actions to the role beyond personal data'
          : !exact ? `${condition.operator} is not an exact match on the class` : others.length > 0 ? `not personal data: ${others.join(', ')}` : undefined));
    });
  }
  const managed = awsManagedPolicies(role);
  if (managed.length > 0) {
    facts.push(resourceFact(role, 'Properties.ManagedPolicyArns', 'no AWS managed policy (their grants are not in the template)', false,
      `attached: ${managed.join(', ')}`));
  }
  return facts;
}

/** The statements of the templates' policies, and the AWS managed policies, that grant data stores on every resource. */
function broadGrantFacts(stacks: StackView[], documents: PolicyDocumentView[]): Fact[] {
  const expected = `no * or <service>:* on ${DATA_SERVICES.join(', ')} with Resource *`;
  const facts: Fact[] = [];
  for (const d of documents) {
    statementsOf(d.document).forEach((st, i) => {
      if (st.Effect !== 'Allow' || !listOf(st.Resource).includes('*')) {
        return;
      }
      const actions = listOf(st.Action).map((a) => String(a).toLowerCase());
      const notActions = listOf(st.NotAction).map((a) => String(a).toLowerCase());
      const services = DATA_SERVICES.filter((svc) => (st.NotAction !== undefined
        ? !notActions.some((a) => a === '*' || a === `${svc}:*`)
        : actions.some((a) => a === '*' || a === `${svc}:*`)));
      if (services.length > 0) {
        facts.push(fact(d.resource, `${d.path}.Statement.${i}`, expected,
          `Allow ${st.NotAction !== undefined ? `NotAction ${notActions.join(', ')}` : actions.join(', ')} on * (${services.join(', ')}); ${attachment(d)}`, false));
      }
    });
  }
  for (const principal of resourcesOf(stacks, 'AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group')) {
    for (const name of awsManagedPolicies(principal).filter((n) => BROAD_AWS_MANAGED_POLICIES[n] !== undefined)) {
      facts.push(fact(principal, 'Properties.ManagedPolicyArns', expected, `${name} (${BROAD_AWS_MANAGED_POLICIES[name]})`, false,
        'an AWS managed policy that grants every data store, personal data included, to whoever assumes the role'));
    }
  }
  if (facts.length === 0) {
    facts.push(fact(where(stacks), 'Resources[Type=AWS::IAM::*] policy documents', expected, `${documents.length} policy documents, none`, true));
  }
  return facts;
}

/**
 * S1-03: least-privilege access to personal data for named staff:
 * - a role whose policies scope data-store actions by the resource tag `data-class` to the
 *   classes the policy marks as personal data (`StringEquals aws:ResourceTag/data-class`), as
 *   the PII-access role of `MfaGatedAccess`: assumable only with MFA, by named IAM users or
 *   roles (no account root, which delegates to every principal of the account), with no
 *   data-store statement outside that scope and no AWS managed policy (whose grants are not
 *   in the template);
 * - no IAM policy of the templates allows `*` or `<service>:*` on a data store (S3, RDS,
 *   DynamoDB, KMS, Secrets Manager) with `Resource *` (an `Allow NotAction` that does not
 *   exclude the service counts), and no role, user or group has an AWS managed policy known to
 *   grant that (AdministratorAccess, PowerUserAccess, the full-access policies of those services):
 *   whoever holds one reaches personal data whatever the PII role allows.
 *
 * S3 evaluates `aws:ResourceTag` in bucket-level and object-level requests only for buckets with
 * attribute-based access control enabled; a tag-scoped grant fails closed otherwise.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/access_tags.html
 */
const piiAccess: Verifier = ({ stacks }) => {
  const personal = personalClasses(stacks);
  const documents = policyDocuments(stacks);
  const facts: Fact[] = [];
  if (personal.length === 0) {
    facts.push(fact(where(stacks), 'Metadata.cdk-data-protection.dataClasses', 'a data class marked as personal data', '(none)', false,
      'without a personal-data class, no tag scope can be checked'));
  } else {
    const roles = resourcesOf(stacks, ROLE).filter((role) => documentsOf(documents, role)
      .some((d) => statementsOf(d.document).some((st) => st.Effect === 'Allow' && dataClassCondition(st) !== undefined)));
    if (roles.length === 0) {
      facts.push(fact(where(stacks), `Resources[Type=${ROLE}]`, `a role scoped by aws:ResourceTag/${DATA_CLASS_TAG} to personal data`, '(none)', false,
        'no role reads personal data by its tag; give MfaGatedAccess piiAccessPrincipals'));
    }
    facts.push(...roles.flatMap((role) => piiRoleFacts(documents, role, personal)));
    // A bucket of personal data whose policy, or whose key's policy, lets every principal in reaches more than named staff.
    for (const bucket of resourcesOf(stacks, 'AWS::S3::Bucket').filter((b) => personal.includes(String(dataClassTagOf(b))))) {
      facts.push(bucketOpenGrantFact(stacks, bucket));
      const sse = bucket.properties.BucketEncryption?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault;
      const key = referenced(stacks, bucket, sse?.KMSMasterKeyID);
      const open = key?.type === 'AWS::KMS::Key' ? openKeyGrant(stacks, bucket.stack, key.logicalId) : undefined;
      if (open) {
        facts.push(fact(key!, 'Properties.KeyPolicy', 'no key policy statement open to every principal', 'Allow to * without a condition', false, open));
      }
    }
  }
  facts.push(...broadGrantFacts(stacks, documents));
  return facts;
};

/** The literal data-class tag of a bucket, if any. */
function dataClassTagOf(bucket: ResourceView): string | undefined {
  const tag = listOf<any>(bucket.properties.Tags).find((t) => t?.Key === DATA_CLASS_TAG)?.Value;
  return typeof tag === 'string' ? tag : undefined;
}

// ---------------------------------------------------------------------------------------------
// S2-16, S4-03: users

/**
 * S2-16: every user authenticates with a unique identity: no IAM user has a console password
 * (`LoginProfile`) or an access key (people assume MFA-gated roles; long-term keys can be
 * shared), and the service's users sign in through at least one Cognito user pool.
 */
const uniqueIdentities: Verifier = ({ stacks }) => [
  ...credentialFacts(stacks),
  ...everyUserPool(stacks, 'a Cognito user pool for the service\'s users', (pool) =>
    fact(pool, 'Type', 'a Cognito user pool for the service\'s users', pool.type, true)),
];

/** The environment variable `SecureUserPool`'s pre-sign-up trigger reads the allowed domains from. */
const ALLOWED_EMAIL_DOMAINS_ENV = 'ALLOWED_EMAIL_DOMAINS';

/** The fact that a pool's pre-sign-up trigger checks the e-mail domain. */
function preSignUpFact(stacks: StackView[], pool: ResourceView): Fact {
  const path = 'Properties.LambdaConfig.PreSignUp';
  const expected = `a pre-sign-up Lambda trigger that admits only allowed domains (${ALLOWED_EMAIL_DOMAINS_ENV})`;
  const value = pool.properties.LambdaConfig?.PreSignUp;
  if (value === undefined) {
    return resourceFact(pool, path, expected, false, 'without a pre-sign-up trigger any e-mail domain can sign up');
  }
  const fn = referenced(stacks, pool, value);
  if (fn?.type !== 'AWS::Lambda::Function') {
    return resourceFact(pool, path, expected, false, 'the trigger is not a function of the template: what it checks cannot be read');
  }
  const domains = (templateText(fn.properties.Environment?.Variables?.[ALLOWED_EMAIL_DOMAINS_ENV]) ?? '').split(',').map((d) => d.trim()).filter((d) => d);
  const inline = templateText(fn.properties.Code?.ZipFile);
  const reads = inline === undefined || inline.includes(ALLOWED_EMAIL_DOMAINS_ENV);
  return fact(fn, `Properties.Environment.Variables.${ALLOWED_EMAIL_DOMAINS_ENV}`, expected,
    domains.length > 0 ? `${fn.logicalId}: ${domains.join(', ')}` : undefined, domains.length > 0 && reads,
    domains.length === 0 ? 'the trigger is given no allowed domain' : !reads ? `the inline code does not read ${ALLOWED_EMAIL_DOMAINS_ENV}`
      : inline === undefined ? 'the handler code is an asset, not in the template: the allowed domains are its configuration' : undefined);
}

/**
 * S4-03: only users with a verified e-mail address of the company domain can sign up: every
 * Cognito user pool verifies e-mail addresses (`AutoVerifiedAttributes` includes `email`: Cognito
 * sends a code the user must enter) and has a pre-sign-up trigger (`LambdaConfig.PreSignUp`), a
 * function of the template given the allowed domains (`ALLOWED_EMAIL_DOMAINS`, as
 * `SecureUserPool` with `allowedEmailDomains` makes); its inline code, when in the template,
 * must read them. Cognito runs the trigger for self sign-up and admin-created users alike.
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-sign-up.html
 */
const verifiedCompanyEmail: Verifier = ({ stacks }) => everyUserPool(stacks, 'verified e-mail of an allowed domain', (pool) => {
  const verified = listOf(pool.properties.AutoVerifiedAttributes).includes('email');
  return [
    resourceFact(pool, 'Properties.AutoVerifiedAttributes', 'includes email', verified,
      verified ? undefined : 'Cognito then confirms no e-mail address'),
    preSignUpFact(stacks, pool),
  ];
});

// ---------------------------------------------------------------------------------------------
// S0-05, S4-01: region

/** The negated string operators a region-pinning Deny names the allowed regions with. */
const REGION_OPERATORS = ['StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike'];

/**
 * S0-05, S4-01: data is hosted in the claim's `region`:
 * - every stack that records the claim is deployed to that region (the stack's environment; an
 *   environment-agnostic stack can be deployed to any region, so it fails);
 * - at least one attached IAM policy denies requests outside it: a `Deny` statement with
 *   `StringNotEquals` (or `StringNotEqualsIgnoreCase`, `StringNotLike`) on `aws:RequestedRegion`
 *   whose values are exactly the claim's `allowedRegions` (the region and the backup copy regions
 *   the claim's text names; no wildcard), over `Action *` or a `NotAction` of global services, on
 *   `Resource *`, with no other condition. A deny that allows any other region lets data be stored
 *   there; conditions of a statement are ANDed, so every operator on the region adds regions, and
 *   any other condition (`aws:PrincipalArn`, a second key) narrows when the deny applies.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_deny-requested-region.html
 */
const regionPinned: Verifier = ({ stacks, expected }) => {
  const region = expected.get('region');
  if (region === undefined) {
    return [fact(where(stacks), 'Metadata.cdk-data-protection.claims', 'region: the region data is hosted in', undefined, false,
      'the claim records no region to compare with')];
  }
  const facts: Fact[] = stacks.map((s) => fact({ stack: s.id }, 'environment.region', region, s.region ?? '(environment-agnostic)', s.region === region,
    s.region === undefined ? 'an environment-agnostic stack can be deployed to any region' : undefined));
  const denies: Fact[] = [];
  for (const d of policyDocuments(stacks)) {
    statementsOf(d.document).forEach((st, i) => {
      // Conditions of a statement are ANDed: every operator on the region adds the regions it
      // spares, and any other condition narrows when the Deny applies at all.
      const lists = REGION_OPERATORS.map((op) => conditionValues(st, op, 'aws:RequestedRegion')).filter((v): v is string[] => v !== undefined);
      const broad = listOf(st.Action).includes('*') || st.NotAction !== undefined;
      if (st.Effect !== 'Deny' || lists.length === 0 || !broad || !listOf(st.Resource).includes('*')) {
        return;
      }
      const allowed = [...new Set(lists.flat())];
      const narrowing = otherConditions(st, REGION_OPERATORS.map((op) => [op, 'aws:RequestedRegion']));
      const wanted = (expected.get('allowedRegions') ?? region).split(',');
      const names = allowed.length === wanted.length && wanted.every((r) => allowed.includes(r));
      denies.push(fact(d.resource, `${d.path}.Statement.${i}`, `a Deny outside exactly ${wanted.join(', ')} (aws:RequestedRegion), attached`,
        `Deny outside ${allowed.join(', ')}${st.NotAction !== undefined ? ` except ${listOf(st.NotAction).length} global actions` : ''}`
        + `${narrowing.length > 0 ? ` only when ${narrowing.join(', ')}` : ''}; ${attachment(d)}`,
        names && narrowing.length === 0 && d.attachedTo.length > 0,
        !names ? `allows other regions than ${wanted.join(', ')}`
          : narrowing.length > 0 ? narrowedNote(narrowing, 'other requests reach any region')
            : d.attachedTo.length === 0 ? 'a policy attached to no role, user or group restricts nobody' : undefined));
    });
  }
  const pinning = denies.filter((f) => f.satisfied);
  if (pinning.length > 0) {
    facts.push(...pinning);
  } else if (denies.length > 0) {
    facts.push(...denies);
  } else {
    facts.push(fact(where(stacks), 'Resources[Type=AWS::IAM::ManagedPolicy or AWS::IAM::Policy].Properties.PolicyDocument',
      `a Deny outside ${region} (aws:RequestedRegion), attached`, '(none)', false, 'no IAM policy denies requests outside the region; MfaGatedAccess makes one'));
  }
  return facts;
};

/** The verifiers of this area, by the name the catalog's `checks` use. */
export const IDENTITY_VERIFIERS: Record<string, Verifier> = {
  'mfa-required': mfaRequired,
  'user-pool-mfa': userPoolMfa,
  'pii-access': piiAccess,
  ...INTEGRATION_SECRET_VERIFIERS,
  'unique-identities': uniqueIdentities,
  'verified-company-email': verifiedCompanyEmail,
  'region-pinned': regionPinned,
};
