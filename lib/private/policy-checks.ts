import * as fs from 'fs';
import {
  CfnResource, IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport,
  PolicyViolation, Stack, Stage, TagManager, Token, Validations,
} from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { DATA_STORE_TYPES, EVIDENCE_ONLY_STORE_TYPES } from './data-store-types';
import { DataClass } from '../policy/data-class';
import type { PolicySettings } from '../policy/policy-settings';

/**
 * The data-class tag of a data store, or undefined when it has none.
 *
 * Most resources keep their tags in a TagManager (`TagManager.of` covers both taggable
 * shapes); a DynamoDB global table (TableV2) has no resource tags, only tags per replica,
 * read from the synthesized template: every replica must carry the same class.
 */
function dataClassTagOf(node: CfnResource, propertiesOf: (resource: CfnResource) => Record<string, any>): string | undefined {
  if (node.cfnResourceType === 'AWS::DynamoDB::GlobalTable') {
    const replicas: Array<{ Tags?: Array<{ Key: string; Value: string }> }> = propertiesOf(node).Replicas ?? [];
    const values = replicas.map((r) => r.Tags?.find((t) => t.Key === DataClass.TAG_KEY)?.Value);
    if (values.length === 0 || values.some((v) => v === undefined)) {
      return undefined;
    }
    return new Set(values).size === 1 ? values[0] : values.join('|');
  }
  return TagManager.of(node)?.tagValues()[DataClass.TAG_KEY];
}

/**
 * Whether a trust policy lets principals of an AWS account (an account, its root, a user or
 * a role ARN, or `*`) assume the role without an `aws:MultiFactorAuthPresent` condition.
 * Service and federated principals are not people signing in with IAM credentials.
 */
function assumableByAccountsWithoutMfa(trust: any): boolean {
  const statements: any[] = Array.isArray(trust?.Statement) ? trust.Statement : trust?.Statement ? [trust.Statement] : [];
  return statements.some((st) => {
    if (st?.Effect !== 'Allow') {
      return false;
    }
    const actions = [st.Action].flat();
    if (!actions.some((a: any) => typeof a === 'string' && (a === 'sts:AssumeRole' || a === 'sts:*' || a === '*'))) {
      return false;
    }
    const principal = st.Principal;
    const awsPrincipals = principal === '*' ? ['*'] : principal && typeof principal === 'object' ? [principal.AWS ?? []].flat() : [];
    if (awsPrincipals.length === 0) {
      return false;
    }
    // Anyone in any account: MFA does not make that a known person.
    if (awsPrincipals.includes('*')) {
      return true;
    }
    // Only `Bool`: `BoolIfExists ... true` also matches requests that carry no MFA key at all
    // (long-term access keys), so it does not require MFA.
    const mfaRequired = String(st.Condition?.Bool?.['aws:MultiFactorAuthPresent']) === 'true';
    return !mfaRequired;
  });
}

/** The resource types that carry security-group ingress rules. */
const INGRESS_TYPES = new Set(['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress']);

/** One ingress rule as the template holds it. */
interface IngressRule {
  readonly CidrIp?: string;
  readonly CidrIpv6?: string;
  readonly IpProtocol?: string;
  readonly FromPort?: number;
  readonly ToPort?: number;
}

/** Whether `rule` admits the whole internet (any `/0` block, `0::/0` included) on anything but TCP 443. */
function isOpenBeyondHttps(rule: IngressRule): boolean {
  if (typeof rule !== 'object' || rule === null) {
    return false;
  }
  const fromAnywhere = [rule.CidrIp, rule.CidrIpv6].some((cidr) => typeof cidr === 'string' && /\/0$/.test(cidr.trim()));
  const httpsOnly = (String(rule.IpProtocol) === 'tcp' || String(rule.IpProtocol) === '6')
    && Number(rule.FromPort) === 443 && Number(rule.ToPort) === 443;
  return fromAnywhere && !httpsOnly;
}

function describePorts(rule: IngressRule): string {
  if (rule.IpProtocol === '-1') {
    return 'all protocols and ports';
  }
  const ports = rule.FromPort === rule.ToPort ? `port ${rule.FromPort}` : `ports ${rule.FromPort}-${rule.ToPort}`;
  return `${rule.IpProtocol} ${ports}`;
}

const REGISTERED = Symbol.for('cdk-data-protection.PolicyChecks');

/**
 * The policy's own checks, run as a validation plugin so that their findings stand in
 * the same report as cdk-nag's and the Control Tower rules', and are acknowledged the same way.
 *
 * Rules:
 * - `DataProtection-DataClassTag`: a data store under a policy has no data-class tag, or a
 *   class the policy does not declare.
 * - `DataProtection-Region`: a stack under a policy with a region pin is in another region.
 * - `DataProtection-Account`: a stack under a policy with allowed accounts names another account.
 * - `DataProtection-IamUserCredentials`: an IAM user with a console password (login profile) or
 *   an access key (claims S1-05, S4-08: unique identities, no shared long-term credentials).
 * - `DataProtection-RoleWithoutMfa`: a role that principals of an AWS account may assume without
 *   `aws:MultiFactorAuthPresent` (claims S0-10, S2-09).
 * - `DataProtection-OpenIngress`: a security group admits traffic from anywhere (0.0.0.0/0 or
 *   ::/0) on anything but HTTPS, TCP port 443 (claims S2-07, S4-09: only essential protocols
 *   open at the perimeter).
 */
export class PolicyChecks implements IPolicyValidationPlugin {
  /** Adds the checks to `stage` once, however many policies it holds. */
  public static registerOn(stage: Stage, lookup: (scope: IConstruct) => PolicySettings | undefined): void {
    if ((stage as any)[REGISTERED]) {
      return;
    }
    Object.defineProperty(stage, REGISTERED, { value: true });
    Validations.of(stage).addPlugins(new PolicyChecks(lookup));
  }

  public readonly name = 'DataProtection';
  public readonly ruleIds = [
    'DataProtection-DataClassTag', 'DataProtection-Region', 'DataProtection-Account', 'DataProtection-OpenIngress',
    'DataProtection-IamUserCredentials', 'DataProtection-RoleWithoutMfa',
  ];

  private constructor(private readonly lookup: (scope: IConstruct) => PolicySettings | undefined) {}

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const violations: PolicyViolation[] = [];
    const templates = new Map<string, any>();
    const templateOf = (stack: Stack) => {
      const entry = context.stackTemplates.find((t) => t.stackConstructPath === stack.node.path);
      if (!entry) return undefined;
      if (!templates.has(entry.templatePath)) {
        templates.set(entry.templatePath, JSON.parse(fs.readFileSync(entry.templatePath, 'utf-8')));
      }
      return templates.get(entry.templatePath);
    };
    const add = (ruleName: string, description: string, fix: string, node: IConstruct, location = 'Properties/Tags') => {
      let v = violations.find((x) => x.ruleName === ruleName && x.description === description);
      if (!v) {
        v = { ruleName, description, fix, severity: 'error', violatingResources: [] };
        violations.push(v);
      }
      (v.violatingResources as any[]).push({ constructPath: node.node.path, locations: [location] } as any);
    };

    const propertiesOf = (node: CfnResource): Record<string, any> => {
      const stack = Stack.of(node);
      return templateOf(stack)?.Resources?.[stack.resolve(node.logicalId)]?.Properties ?? {};
    };

    for (const node of context.appConstruct.node.findAll()) {
      const policy = this.lookup(node);
      if (!policy) {
        continue;
      }
      if (Stack.isStack(node) && policy.region && !Token.isUnresolved(node.region) && node.region !== policy.region) {
        add('DataProtection-Region',
          `Stack is in region ${node.region}, but the DataProtectionPolicy at ${policy.node.path} pins data to ${policy.region}.`,
          `Deploy the stack to ${policy.region}, or change the policy's region.`, node);
      }
      const accountRefused = Stack.isStack(node) && policy.allowedAccounts.length > 0
        && !Token.isUnresolved(node.account) && !policy.allowedAccounts.includes(node.account);
      if (accountRefused) {
        add('DataProtection-Account',
          `Stack is in account ${node.account}, but the DataProtectionPolicy at ${policy.node.path} allows only ${policy.allowedAccounts.join(', ')}.`,
          'Deploy the stack to an allowed account, or add the account to the policy\'s allowedAccounts.', node, 'Environment');
      }
      if (CfnResource.isCfnResource(node) && node.cfnResourceType === 'AWS::IAM::User' && propertiesOf(node).LoginProfile) {
        add('DataProtection-IamUserCredentials',
          'IAM user has a console password (LoginProfile): people sign in through IAM Identity Center (MFA enforced there) or assume MFA-gated roles (S1-05, S4-08).',
          'Remove the login profile; give the person a role of MfaGatedAccess, or acknowledge with a reason.', node, 'Properties/LoginProfile');
      }
      if (CfnResource.isCfnResource(node) && node.cfnResourceType === 'AWS::IAM::AccessKey') {
        add('DataProtection-IamUserCredentials',
          'IAM access key: long-term credentials can be shared and leak; workloads use roles, people use MFA sessions (S1-05, S4-08).',
          'Use a role (for workloads) or `npx cdk-data-protection mfa-session` (for people), or acknowledge with a reason.', node, 'Properties');
      }
      if (CfnResource.isCfnResource(node) && node.cfnResourceType === 'AWS::IAM::Role') {
        const trust = propertiesOf(node).AssumeRolePolicyDocument;
        if (assumableByAccountsWithoutMfa(trust)) {
          add('DataProtection-RoleWithoutMfa',
            'Role may be assumed by principals of an AWS account without MFA (no `Bool aws:MultiFactorAuthPresent true` in its trust policy), ' +
            'or by any AWS principal (\'*\') (S0-10, S2-09).',
            'Require `Bool aws:MultiFactorAuthPresent true` in the trust policy (MfaGatedAccess does), or acknowledge with a reason (automation roles).',
            node, 'Properties/AssumeRolePolicyDocument');
        }
      }
      if (CfnResource.isCfnResource(node) && INGRESS_TYPES.has(node.cfnResourceType)) {
        const properties = propertiesOf(node);
        const declared = node.cfnResourceType === 'AWS::EC2::SecurityGroup' ? properties.SecurityGroupIngress ?? [] : [properties];
        // A list built by an intrinsic (Fn::If) cannot be read here; cdk-nag's EC2 rules still see it.
        const rules: IngressRule[] = Array.isArray(declared) ? declared : [];
        for (const rule of rules.filter(isOpenBeyondHttps)) {
          add('DataProtection-OpenIngress',
            `Security group admits ${rule.CidrIp ?? rule.CidrIpv6} on ${describePorts(rule)}: only HTTPS (TCP 443) may be open to the internet (S2-07, S4-09).`,
            'Admit only the clients that need the port (a security group, a VPC or an allow-list), or acknowledge with a reason.',
            node, node.cfnResourceType === 'AWS::EC2::SecurityGroup' ? 'Properties/SecurityGroupIngress' : 'Properties');
        }
      }
      if (CfnResource.isCfnResource(node) && DATA_STORE_TYPES.has(node.cfnResourceType) && !EVIDENCE_ONLY_STORE_TYPES.has(node.cfnResourceType)) {
        const declared = policy.dataClasses.map((c) => c.name);
        const value = dataClassTagOf(node, propertiesOf);
        if (value === undefined) {
          add('DataProtection-DataClassTag',
            `${node.cfnResourceType} has no '${DataClass.TAG_KEY}' tag: every data store must declare its data class (S1-01, S3-02).`,
            `Use a construct of cdk-data-protection, or Tags.of(store).add('${DataClass.TAG_KEY}', one of: ${declared.join(', ')}).`, node);
        } else if (!Token.isUnresolved(value) && !declared.includes(value)) {
          add('DataProtection-DataClassTag',
            `${node.cfnResourceType} is tagged '${DataClass.TAG_KEY}=${value}', a class the DataProtectionPolicy at ${policy.node.path} does not declare (${declared.join(', ')}).`,
            'Declare the class in the policy\'s dataClasses, or tag the store with a declared class.', node);
        }
      }
    }
    return { success: violations.length === 0, violations };
  }
}
