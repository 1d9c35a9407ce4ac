import { Duration, Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { Compliance } from '../compliance/acknowledgement';
import { TENANT_PREFIX_ROOT, TENANT_TAG } from '../private/data-store-types';
import { secureKey } from '../private/kms-defaults';
import { PROPS } from '../private/props-specs';
import { validatePropsShape } from '../private/props-validation';
import { SecureBucket } from '../storage/secure-bucket';

/** The object actions a tenant's role may perform under its own prefix. */
const READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging'];
const WRITE_ACTIONS = ['s3:PutObject', 's3:PutObjectTagging', 's3:DeleteObject', 's3:AbortMultipartUpload'];
const LIST_ACTIONS = ['s3:ListBucket'];
/** What SSE-KMS needs on the key: data keys to write, decrypt to read. */
const KEY_READ_ACTIONS = ['kms:Decrypt'];
const KEY_WRITE_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'];
/** The KMS operations a dedicated key denies to the principals of other tenants. */
const KEY_USE_ACTIONS = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'];

/** The condition key of the KMS key a write names (`x-amz-server-side-encryption-aws-kms-key-id`, a key ARN). */
const KMS_KEY_ID_HEADER = 's3:x-amz-server-side-encryption-aws-kms-key-id';

/** The rule ids that report an inline IAM policy. */
const INLINE_POLICY_RULES = ['HIPAA.Security-IAMNoInlinePolicy', 'NIST.800.53.R5-IAMNoInlinePolicy', 'PCI.DSS.321-IAMNoInlinePolicy'];

/**
 * One tenant of a `TenantFleet`, as the fleet takes it.
 */
export interface TenantProps {
  /** The tenant id: 1-64 letters, digits, `-` or `_`, unique in the fleet. It names the prefix `tenants/<id>/`. */
  readonly tenantId: string;

  /**
   * How long the tenant's objects are kept before they are deleted (claim S4-02). Shorter than
   * the policy's `dataRetention` is refused.
   *
   * @default - kept until deleted: no default deletes customer data, a tenant's deletion schedule is always explicit
   */
  readonly deleteAfter?: Duration;

  /**
   * Give the tenant a KMS key of its own. Its role may use only that key, so everything it writes is
   * encrypted with it; the bucket denies every write under the tenant's prefix that names another key.
   *
   * @default - the fleet's `dedicatedKeys`
   */
  readonly dedicatedKey?: boolean;

  /**
   * Pin the tenant to a shard (0 to `shards - 1`), overriding the hash placement. Pin the tenants
   * that exist before changing `shards`, so that they stay where their data is.
   *
   * @default - the first 32 bits of the SHA-256 hash of the tenant id, modulo `shards`
   */
  readonly shard?: number;
}

/**
 * What a `Tenant` is made of; `TenantFleet` creates tenants.
 */
export interface TenantStoreProps {
  /** The tenant id. */
  readonly tenantId: string;
  /** The index of the shard that holds the tenant. */
  readonly shard: number;
  /** The shard's bucket, which holds the tenant's prefix. */
  readonly bucket: SecureBucket;
  /** Whether the tenant has its own KMS key. */
  readonly dedicatedKey: boolean;
  /** Who may assume the tenant's role. */
  readonly assumedBy: iam.IPrincipal;
}

/**
 * One tenant of a `TenantFleet` (claim S2-05): its prefix `tenants/<id>/` in its shard's bucket,
 * an IAM role tagged `tenant-id=<id>` (ABAC) that reaches only that prefix, and optionally a KMS
 * key of its own, tagged the same way, that other tenants' principals are denied.
 */
export class Tenant extends Construct {
  /** The tenant id. */
  public readonly tenantId: string;
  /** The key prefix of the tenant's objects (`tenants/<id>/`). */
  public readonly prefix: string;
  /** The index of the shard stack that holds the tenant. */
  public readonly shard: number;
  /** The shard's bucket. */
  public readonly bucket: SecureBucket;
  /** The tenant's role: tagged `tenant-id=<id>`, its inline policy reaches only the tenant's prefix and key. */
  public readonly role: iam.Role;
  /** The tenant's own KMS key, when it has one. */
  public readonly key?: kms.Key;

  constructor(scope: Construct, id: string, props: TenantStoreProps) {
    super(scope, id);
    validatePropsShape(this, 'Tenant', props, PROPS.Tenant);
    this.tenantId = props.tenantId;
    this.prefix = `${TENANT_PREFIX_ROOT}${props.tenantId}/`;
    this.shard = props.shard;
    this.bucket = props.bucket;

    if (props.dedicatedKey) {
      this.key = secureKey(this, 'Key', `Encrypts the objects of tenant ${props.tenantId} under ${this.prefix} of ${props.bucket.node.path}`);
      this.key.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'DenyUseToOtherTenants',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: KEY_USE_ACTIONS,
        resources: ['*'],
        conditions: {
          StringNotEquals: { [`aws:PrincipalTag/${TENANT_TAG}`]: props.tenantId },
          Null: { [`aws:PrincipalTag/${TENANT_TAG}`]: 'false' },
        },
      }));
      // Every write under the prefix must name the tenant's key. StringNotEquals is true when the
      // header is absent (IAM: a negated operator matches a missing key), so a write that names no
      // key, which S3 would encrypt with the bucket's default key, is refused too (claim S2-05).
      // UploadPart carries no encryption header and S3 checks it as s3:PutObject: multipart uploads
      // cannot be made under the prefix of a tenant with a key of its own, single PutObject requests
      // (up to 5 GB) that name the tenant's key can.
      props.bucket.bucket.addToResourcePolicy(new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [props.bucket.bucket.arnForObjects(`${this.prefix}*`)],
        conditions: { StringNotEquals: { [KMS_KEY_ID_HEADER]: this.key.keyArn } },
      }));
    }

    const document = new iam.PolicyDocument();
    this.statements(READ_ACTIONS.concat(WRITE_ACTIONS), KEY_WRITE_ACTIONS).forEach((s) => document.addStatements(s));
    this.role = new iam.Role(this, 'Role', {
      assumedBy: props.assumedBy,
      description: `Tenant ${props.tenantId}: ${this.prefix} only`,
      inlinePolicies: { TenantData: document },
    });
    Tags.of(this).add(TENANT_TAG, props.tenantId);
    this.acknowledgeFindings();
  }

  /** The ARN pattern of the tenant's objects (`<bucket ARN>/tenants/<id>/*`). */
  public get objectsArn(): string {
    return this.bucket.bucket.arnForObjects(`${this.prefix}*`);
  }

  /** The key that encrypts the tenant's objects: its own, or the shard bucket's. */
  public get encryptionKey(): kms.IKey | undefined {
    return this.key ?? this.bucket.encryptionKey;
  }

  /**
   * Grants read access to the tenant's objects only (and listing its prefix, and decrypt on its key).
   *
   * @param grantee the principal
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, READ_ACTIONS, KEY_READ_ACTIONS);
  }

  /**
   * Grants write access to the tenant's objects only (and data keys of its key).
   *
   * @param grantee the principal
   */
  public grantWrite(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, WRITE_ACTIONS, KEY_WRITE_ACTIONS);
  }

  /**
   * Grants read and write access to the tenant's objects only (and use of its key).
   *
   * @param grantee the principal
   */
  public grantReadWrite(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, READ_ACTIONS.concat(WRITE_ACTIONS), KEY_WRITE_ACTIONS);
  }

  private grant(grantee: iam.IGrantable, objectActions: string[], keyActions: string[]): iam.Grant {
    return this.statements(objectActions, keyActions)
      .map((statement) => iam.Grant.addToPrincipal({
        grantee,
        actions: statement.actions,
        resourceArns: statement.resources,
        conditions: statement.conditions,
      }))
      .reduce((a, b) => a.combine(b));
  }

  /** The statements that reach the tenant's prefix and key, and nothing else. */
  private statements(objectActions: string[], keyActions: string[]): iam.PolicyStatement[] {
    const statements = [
      new iam.PolicyStatement({
        sid: 'ListOwnPrefix',
        actions: LIST_ACTIONS,
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [this.prefix, `${this.prefix}*`] } },
      }),
      new iam.PolicyStatement({ sid: 'OwnObjects', actions: objectActions, resources: [this.objectsArn] }),
    ];
    const key = this.encryptionKey;
    if (key) {
      statements.push(new iam.PolicyStatement({
        sid: 'OwnKeyThroughS3',
        actions: [...new Set(keyActions)],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` } },
      }));
    }
    return statements;
  }

  private acknowledgeFindings(): void {
    const stack = Stack.of(this);
    Compliance._standing(this.role, {
      ruleId: `AwsSolutions-IAM5[Resource::${flatten(stack.resolve(this.objectsArn))}]`,
      reason: `Only the tenant's own objects (${this.prefix}*), whose names are not known in advance.`,
    });
    Compliance._standingRules(this.role, INLINE_POLICY_RULES,
      'Inline on purpose: it can never be attached to another tenant, and keeps one resource per tenant (1,000 tenants fit the stack limits).');
  }
}

/** A resolved CloudFormation value as a flat string, the way the rule packs print it in finding ids. */
function flatten(value: unknown): string {
  if (typeof value === 'string') {
    return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  }
  const v = value as Record<string, any>;
  if (v.Ref) {
    return `<${v.Ref}>`;
  }
  if (v['Fn::GetAtt']) {
    return `<${v['Fn::GetAtt'].join('.')}>`;
  }
  if (v['Fn::Join']) {
    return (v['Fn::Join'][1] as unknown[]).map(flatten).join(v['Fn::Join'][0]);
  }
  return JSON.stringify(value);
}

