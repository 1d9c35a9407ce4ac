import { Duration, RemovalPolicy, Stack, StackProps, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Compliance } from '../compliance/acknowledgement';
import { ComplianceRules } from '../compliance/rule-ids';
import { DataProtectionError } from '../private/errors';

/** The form of an AWS Organizations id: `o-` and 10 to 32 lowercase letters or digits. */
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;

/**
 * Properties of a `StackSetAssetBucketsStack`.
 */
export interface StackSetAssetBucketsStackProps extends StackProps {
  /** The common prefix of the asset buckets: this stack's bucket is `${assetBucketPrefix}-${region}`. */
  readonly assetBucketPrefix: string;

  /** The id of the organization whose accounts may read the assets (`o-` and 10-32 lowercase letters or digits). */
  readonly organizationId: string;
}

/**
 * The asset bucket of one region of an organization baseline's StackSet, in the deploying
 * account: `${assetBucketPrefix}-${region}`, into which cdk-stacksets copies the code of the
 * baseline's custom resources, and from which the accounts of the organization (their StackSet
 * execution role, which creates the functions) read it.
 *
 * The bucket holds code, not customer data: it is encrypted with SSE-S3 (a KMS key would have to
 * open its key policy to every account of the organization for the same effect), versioned,
 * TLS-only, with public access blocked, and readable (`s3:GetObject`, `s3:GetObjectVersion`) only
 * by principals of the organization (`aws:PrincipalOrgID`). It is kept when the stack is
 * deleted or when its first create fails (the accounts' stacks reference its objects for their updates and
 * rollbacks); after a failed first deploy, delete the empty bucket by hand before the retry.
 * The stack's region must be set (one stack per StackSet region).
 */
export class StackSetAssetBucketsStack extends Stack {
  /** The asset bucket of this region. */
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: StackSetAssetBucketsStackProps) {
    super(scope, id, {
      description: 'cdk-data-protection organization baseline: the StackSet asset bucket of this region (code, not customer data)',
      ...props,
    });
    if (Token.isUnresolved(props.organizationId) || !ORGANIZATION_ID.test(props.organizationId)) {
      throw new DataProtectionError(`organizationId must be an AWS Organizations id: 'o-' and 10 to 32 lowercase letters or digits, got '${props.organizationId}'`, this);
    }
    if (Token.isUnresolved(this.region)) {
      throw new DataProtectionError('a StackSetAssetBucketsStack needs an explicit region (env.region): its bucket is named after it, got none', this);
    }
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: `${props.assetBucketPrefix}-${this.region}`,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // Asset keys are content hashes: a noncurrent version is an overwrite of the same content.
      lifecycleRules: [{ id: 'ExpireNoncurrentVersions', noncurrentVersionExpiration: Duration.days(30) }],
    });
    const what = 'The StackSet asset bucket holds only the code of the organization baseline\'s custom resources (no customer data), copied from the CDK assets at each deployment';
    Compliance._standingRules(this.bucket, ComplianceRules.S3_ACCESS_LOGGING,
      `${what}; its only readers are the accounts of the organization (aws:PrincipalOrgID) when their StackSet stacks create the functions, and a log bucket per region would carry the same acknowledgements.`);
    Compliance._standingRules(this.bucket, ComplianceRules.S3_KMS_ENCRYPTION,
      `${what}; SSE-S3 lets every account of the organization read it, where a KMS key would have to open its key policy to the whole organization for the same effect.`);
    Compliance._standingRules(this.bucket, ComplianceRules.S3_REPLICATION,
      `${what}; each region has its own bucket and every deployment copies the assets again, so a replica adds no durability.`);
    Compliance._standingRules(this.bucket, [...ComplianceRules.S3_OBJECT_LOCK, ...ComplianceRules.S3_EVENT_NOTIFICATIONS],
      `${what}; the deployment overwrites the objects by design, and nothing reacts to them.`);
    this.bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'OrganizationReadsTheStackSetAssets',
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      resources: [this.bucket.arnForObjects('*')],
      principals: [new iam.OrganizationPrincipal(props.organizationId)],
    }));
  }
}
