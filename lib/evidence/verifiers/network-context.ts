import { Fact, ResourceView, StackView, VerifierInput } from '../model';
import { fact, refTarget } from '../query';

/*
 * What the network, TLS and perimeter verifiers share: the resource types they read, the
 * context of a claim (its stacks and every stack, for cross-stack exports), template values as
 * text, and the claim's minimum TLS version.
 */
export const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
export const LISTENER_RULE = 'AWS::ElasticLoadBalancingV2::ListenerRule';
export const LISTENER_CERTIFICATE = 'AWS::ElasticLoadBalancingV2::ListenerCertificate';
export const LOAD_BALANCER = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
export const DISTRIBUTION = 'AWS::CloudFront::Distribution';
export const CERTIFICATE = 'AWS::CertificateManager::Certificate';
export const BUCKET = 'AWS::S3::Bucket';
export const BUCKET_POLICY = 'AWS::S3::BucketPolicy';
export const DB_INSTANCE = 'AWS::RDS::DBInstance';
export const DB_CLUSTER = 'AWS::RDS::DBCluster';
export const SECURITY_GROUP = 'AWS::EC2::SecurityGroup';
export const SECURITY_GROUP_INGRESS = 'AWS::EC2::SecurityGroupIngress';
export const SECURITY_GROUP_EGRESS = 'AWS::EC2::SecurityGroupEgress';
export const WEB_ACL = 'AWS::WAFv2::WebACL';
export const WEB_ACL_ASSOCIATION = 'AWS::WAFv2::WebACLAssociation';
export const TRANSFER_SERVER = 'AWS::Transfer::Server';
export const CLIENT_VPN = 'AWS::EC2::ClientVpnEndpoint';
export const ROLE = 'AWS::IAM::Role';

/** CloudFormation's `SslPolicy` when a listener names none. */
export const DEFAULT_LISTENER_POLICY = 'ELBSecurityPolicy-2016-08';
/** CloudFormation's `SecurityPolicyName` when a Transfer Family server names none. */
export const DEFAULT_TRANSFER_POLICY = 'TransferSecurityPolicy-2018-11';
/** The viewer protocol policies that never serve a page over plain HTTP. */
export const HTTPS_VIEWER_POLICIES = ['redirect-to-https', 'https-only'];
/** ACM certificate key algorithms of at least RSA-2048 strength. */
export const STRONG_CERTIFICATE_KEYS = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1', 'EC_secp384r1', 'EC_secp521r1'];
/** Asymmetric and HMAC KMS key specs of at least RSA-2048 / 128-bit strength (they cannot rotate automatically). */
export const STRONG_ASYMMETRIC_KEY_SPECS = [
  'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1',
  'HMAC_256', 'HMAC_384', 'HMAC_512', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87',
];
/** The AWS managed policies that let a human role change the account: the administrator and developer roles of MfaGatedAccess. */
export const CHANGE_POLICIES = ['AdministratorAccess', 'PowerUserAccess'];
/** The condition keys that name where a request comes from. */
export const SOURCE_KEYS = ['aws:SourceVpc', 'aws:SourceVpce', 'aws:SourceIp', 'aws:VpcSourceIp'];

// ---------------------------------------------------------------------------------------------
// Reading templates

/** The verifiers' view: the stacks that record the claim, and every stack (for cross-stack exports). */
export interface Context {
  readonly stacks: StackView[];
  readonly all: StackView[];
}

export function contextOf(input: VerifierInput): Context {
  const ids = new Set(input.stacks.map((s) => s.id));
  return { stacks: input.stacks, all: [...input.stacks, ...input.assembly.stacks.filter((s) => !ids.has(s.id))] };
}

/** The resources of the stack that holds `r`. */
export function stackResources(ctx: Context, r: ResourceView): ResourceView[] {
  return ctx.all.find((s) => s.id === r.stack)?.resources ?? [];
}

/** The resources of `type` in the stack that holds `r`. */
export function siblings(ctx: Context, r: ResourceView, type: string): ResourceView[] {
  return stackResources(ctx, r).filter((x) => x.type === type);
}

/**
 * The resource a value points to: a `Ref` or `Fn::GetAtt` in the same stack, or an
 * `Fn::ImportValue` of an output another stack of the assembly exports (CDK's cross-stack references).
 */
export function resolveResource(ctx: Context, from: ResourceView, value: unknown): ResourceView | undefined {
  const id = refTarget(value);
  if (id !== undefined) {
    return stackResources(ctx, from).find((r) => r.logicalId === id);
  }
  const imported = (value as any)?.['Fn::ImportValue'];
  if (typeof imported === 'string') {
    for (const stack of ctx.all) {
      for (const output of Object.values<any>(stack.template.Outputs ?? {})) {
        if (output?.Export?.Name === imported) {
          const target = refTarget(output.Value);
          return target === undefined ? undefined : stack.resources.find((r) => r.logicalId === target);
        }
      }
    }
  }
  return undefined;
}

/**
 * A template value as text, with what cannot be read literally written `${...}`: `Ref X` is
 * `${X}`, `Fn::GetAtt [X, Arn]` is `${X.Arn}`, an `Fn::Join` of such parts is joined. Patterns
 * (`arn:[^:]+:acm:`) can then be matched whatever the partition or account.
 */
export function flatten(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  const v = (value ?? {}) as Record<string, any>;
  if (typeof v.Ref === 'string') {
    return `\${${v.Ref}}`;
  }
  if (Array.isArray(v['Fn::GetAtt'])) {
    return `\${${v['Fn::GetAtt'].map(flatten).join('.')}}`;
  }
  if (Array.isArray(v['Fn::Join']) && Array.isArray(v['Fn::Join'][1])) {
    return v['Fn::Join'][1].map(flatten).join(String(v['Fn::Join'][0]));
  }
  if (v['Fn::Sub'] !== undefined) {
    return flatten(Array.isArray(v['Fn::Sub']) ? v['Fn::Sub'][0] : v['Fn::Sub']);
  }
  if (v['Fn::ImportValue'] !== undefined) {
    return `\${Import:${flatten(v['Fn::ImportValue'])}}`;
  }
  return `\${${JSON.stringify(value)}}`;
}

/** The value as a literal string, or undefined when it holds an intrinsic that cannot be read. */
export function literal(value: unknown): string | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  const text = flatten(value);
  return text.includes('${') ? undefined : text;
}

/** Whether a value contains a reference to the resource `logicalId`. */
export function mentions(value: unknown, logicalId: string): boolean {
  if (refTarget(value) === logicalId) {
    return true;
  }
  if (Array.isArray(value)) {
    return value.some((v) => mentions(v, logicalId));
  }
  if (value && typeof value === 'object') {
    return Object.values(value).some((v) => mentions(v, logicalId));
  }
  return false;
}

/** Where a fact about the claim's own expectation sits. */
function claimWhere(input: VerifierInput): { stack: string } {
  return { stack: input.stacks.map((s) => s.id).join(', ') || '(no stack records the claim)' };
}

/** The minimum TLS version the claim expects, read from `minimumTlsVersion`. */
export interface Minimum {
  readonly version: number;
  readonly text: string;
  /** Set when the claim records no minimum and TLS 1.2 is assumed. */
  readonly note?: string;
}

/**
 * The claim's `minimumTlsVersion` (1.2 or 1.3); when the claim records none (S1-02, S2-04), TLS
 * 1.2, the floor of the claims catalog, with a note. A value that is neither is an unsatisfied fact.
 */
export function minimumOf(input: VerifierInput): Minimum | Fact {
  const value = input.expected.get('minimumTlsVersion');
  if (value === undefined) {
    return { version: 1.2, text: '1.2', note: 'the claim records no minimumTlsVersion: TLS 1.2, the floor of the claims catalog, is expected' };
  }
  if (value === '1.2' || value === '1.3') {
    return { version: Number(value), text: value };
  }
  return fact(claimWhere(input), `Metadata.cdk-data-protection.claims[${input.claim.id}].expected.minimumTlsVersion`, '1.2 or 1.3', value, false,
    'the claim expects a TLS version the library does not know');
}

export function isFact(x: Minimum | Fact): x is Fact {
  return (x as Fact).propertyPath !== undefined;
}

/** A note made of the parts that are set. */
export function notes(...parts: Array<string | undefined>): string | undefined {
  const set = parts.filter((p) => p);
  return set.length > 0 ? set.join('; ') : undefined;
}


/** Whether two views are the same resource. */
export function same(a: ResourceView | undefined, b: ResourceView): boolean {
  return a !== undefined && a.stack === b.stack && a.logicalId === b.logicalId;
}
