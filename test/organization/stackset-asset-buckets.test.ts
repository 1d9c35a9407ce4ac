import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { OrganizationBaselineProps, OrganizationBaselineStage, StackSetAssetBucketsStack } from '../../lib';

const POLICY = { securityContact: 'security@example.com', region: 'eu-west-1', backupCopyRegions: ['eu-central-1'] };
const BASELINE: OrganizationBaselineProps = {
  targets: [{ organizationalUnitId: 'ou-ab12-cd34ef56' }],
  assetBucketPrefix: 'cdp-assets',
};

function stage(organizationId = 'o-ab12cd34ef') {
  const app = new App();
  return new OrganizationBaselineStage(app, 'Org', { policy: POLICY, baseline: BASELINE, organizationId });
}

describe('OrganizationBaselineStage asset buckets', () => {
  test('S0-05 one bucket stack per StackSet region, in that region, with the bucket the StackSet copies its assets to', () => {
    // GIVEN / WHEN
    const org = stage();
    // THEN
    expect(org.assetBucketStacks.map((s) => s.region)).toEqual(['eu-west-1', 'eu-central-1']);
    for (const stack of org.assetBucketStacks) {
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::S3::Bucket', 1);
      template.hasResource('AWS::S3::Bucket', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: {
          BucketName: `cdp-assets-${stack.region}`,
          BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
          VersioningConfiguration: { Status: 'Enabled' },
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        },
      });
    }
  });

  test('S0-05 the bucket policy denies plain HTTP and lets only the organization read the objects', () => {
    // GIVEN / WHEN
    const template = Template.fromStack(stage().assetBucketStacks[0]);
    // THEN
    const statements = (Object.values(template.findResources('AWS::S3::BucketPolicy'))[0] as any).Properties.PolicyDocument.Statement;
    expect(statements.filter((s: any) => s.Effect === 'Deny').map((s: any) => s.Condition)).toEqual([{ Bool: { 'aws:SecureTransport': 'false' } }]);
    const allows = statements.filter((s: any) => s.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-ab12cd34ef' } },
      Principal: { AWS: '*' },
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^Bucket/), 'Arn'] }, '/*']] },
    });
  });

  test.each(['', 'o-short', 'O-AB12CD34EF', 'ab12cd34ef12', 'o-ab12cd34ef_x'])('S0-05 refuses the organizationId %p, naming the allowed form', (id) => {
    expect(() => stage(id)).toThrow(/organizationId must be an AWS Organizations id: 'o-' and 10 to 32 lowercase letters or digits, got '/);
  });

  test('S0-05 the management stack is deployed after the bucket stacks', () => {
    // GIVEN / WHEN
    const org = stage();
    // THEN
    expect(org.managementStack.dependencies).toEqual(expect.arrayContaining(org.assetBucketStacks));
    const assembly = org.synth();
    const management = assembly.getStackArtifact(org.managementStack.artifactId);
    expect(management.dependencies.map((d) => d.id)).toEqual(expect.arrayContaining(org.assetBucketStacks.map((s) => s.artifactId)));
  });

  test('S0-05 a bucket stack without a region is refused', () => {
    const app = new App();
    expect(() => new StackSetAssetBucketsStack(app, 'Buckets', { assetBucketPrefix: 'cdp-assets', organizationId: 'o-ab12cd34ef' }))
      .toThrow(/needs an explicit region/);
  });
});

test('the cdk-nag packs find no open finding in the asset bucket stacks', () => {
  // GIVEN
  const org = stage();
  for (const stack of org.assetBucketStacks) {
    for (const Pack of [AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks]) {
      // WHEN
      const report = new Pack(Stack.of(stack), { verbose: false }).validateScope(stack);
      // THEN
      expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.resourceLogicalId).join(',')}`)).toEqual([]);
    }
  }
});
