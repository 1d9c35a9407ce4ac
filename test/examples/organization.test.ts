import * as fs from 'fs';
import * as path from 'path';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { synthExample } from '../helpers/compliance';

const ACCOUNT = '210000000001';
const FULL_AWS_ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

let outdir: string;
let management: any;
let scps: Array<{ name: string; policy: any }>;

beforeAll(() => {
  outdir = synthExample('examples/organization/app');
  const dir = path.join(outdir, 'assembly-Organization');
  const file = fs.readdirSync(dir).find((f) => /^OrganizationManagement[0-9A-F]+\.template\.json$/.test(f))!;
  management = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf-8'));
  scps = Object.values<any>(management.Resources)
    .filter((r) => r.Type === 'AWS::Organizations::Policy' && r.Properties.Type === 'SERVICE_CONTROL_POLICY')
    .map((r) => ({ name: r.Properties.Name, policy: r.Properties.Content }));
});

/** What the organization's SCPs (with FullAWSAccess, as attached to the unit) decide for one request of a principal allowed everything. */
async function decide(principal: string, action: string, resource: string, region: string, context: Record<string, string> = {}): Promise<string> {
  const result: any = await runSimulation({
    request: {
      principal,
      action,
      resource: { resource, accountId: ACCOUNT },
      // iam-simulate does not derive aws:PrincipalArn from the principal: given as AWS sets it (the role's ARN for its sessions).
      contextVariables: { 'aws:RequestedRegion': region, 'aws:PrincipalArn': principal, ...context },
    },
    identityPolicies: [{ name: 'AllowAll', policy: FULL_AWS_ACCESS }],
    serviceControlPolicies: [{ orgIdentifier: 'ou-ab12-prod0001', policies: [{ name: 'FullAWSAccess', policy: FULL_AWS_ACCESS }, ...scps] }],
    resourceControlPolicies: [],
  }, {});
  if (result.resultType === 'error') {
    throw new Error(`simulation failed: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult;
}

const user = `arn:aws:iam::${ACCOUNT}:user/alice`;

const MFA = { 'aws:MultiFactorAuthPresent': 'true' };

describe('examples/organization', () => {
  test('S0-05 S0-09 synthesizes with every compliance pack, three units, the StackSet, two SCPs and the backup policy', () => {
    // THEN (synthesis threw on any open finding or violated promise)
    const ofType = (type: string) => Object.values<any>(management.Resources).filter((r) => r.Type === type);
    expect(ofType('AWS::CloudFormation::StackSet')[0].Properties.StackInstancesGroup[0].DeploymentTargets.OrganizationalUnitIds)
      .toEqual(['ou-ab12-prod0001', 'ou-ab12-stag0001', 'ou-ab12-secu0001']);
    expect(scps).toHaveLength(2);
    expect(ofType('AWS::Organizations::Policy').filter((r) => r.Properties.Type === 'BACKUP_POLICY')).toHaveLength(1);
  });

  test('the report proves each promise per account and region from the StackSet template and the backup policy', () => {
    // THEN
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'evidence-report.json'), 'utf-8'));
    expect(report.summary).toEqual({ proven: 3, violated: 0, notProvable: 0 });
    const backup = report.claims.find((c: any) => c.id === 'backup-retention.daily');
    // 4 accounts x 2 regions, and the management stack.
    expect(backup.stacks).toHaveLength(9);
    expect(backup.stacks).toContain('Organization/Management/cdk-data-protection-baseline/210000000001/eu-west-1');
    // The retention comes from the backup policy (the effective plan of each account in the backup region).
    const fact = backup.facts.find((f: any) => f.stack.endsWith('/230000000001/eu-west-1'));
    expect(fact).toMatchObject({ found: '14', satisfied: true });
    expect(fact.constructPath).toMatch(/backup policy cdk-data-protection-baseline-backup/);
    expect(report.organization.policies.map((p: any) => p.type)).toEqual(['SERVICE_CONTROL_POLICY', 'SERVICE_CONTROL_POLICY', 'BACKUP_POLICY']);
    const markdown = fs.readFileSync(path.join(outdir, 'evidence-report.md'), 'utf-8');
    expect(markdown).toContain('### Promises per account and region: cdk-data-protection-baseline');
    expect(markdown).toContain('| 220000000001/eu-central-1 |');
    expect(markdown).toMatch(/DenyOutsideDataRegions \| Deny every action but \d+ \(NotAction\) on \* when StringNotEquals aws:RequestedRegion eu-west-1, eu-central-1/);
  });

  // Each request names one resource (with '*' the simulator expands every resource type of the action).
  const R = (service: string, region: string, rest: string) => `arn:aws:${service}:${region}:${ACCOUNT}:${rest}`;
  test.each([
    ['the CDK deploy role, outside the regions, without MFA', `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-deploy-role-${ACCOUNT}-us-east-1`,
      'cloudformation:CreateChangeSet', R('cloudformation', 'us-east-1', 'stack/Edge/0a1b2c3d'), 'us-east-1', {}],
    ['the CDK execution role, outside the regions', `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-us-east-1`,
      'lambda:CreateFunction', R('lambda', 'us-east-1', 'function:edge-auth'), 'us-east-1', {}],
    ['the CDK file publishing role, outside the regions', `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-file-publishing-role-${ACCOUNT}-us-west-2`,
      's3:PutObject', 'arn:aws:s3:::cdk-hnb659fds-assets-us-west-2/asset.zip', 'us-west-2', {}],
    ['the CDK lookup role, outside the regions', `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-lookup-role-${ACCOUNT}-us-east-1`,
      'cloudformation:DescribeStacks', R('cloudformation', 'us-east-1', 'stack/Edge/0a1b2c3d'), 'us-east-1', {}],
    ['a service-linked role, outside the regions', `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
      'config:PutConfigRule', R('config', 'us-east-2', 'config-rule/config-rule-abc123'), 'us-east-2', {}],
    ['a service-linked role, in the region', `arn:aws:iam::${ACCOUNT}:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup`,
      'backup:StartBackupJob', R('backup', 'eu-west-1', 'backup-vault:cdk-data-protection'), 'eu-west-1', {}],
    ['a role a service assumes (no MFA key), in the region', `arn:aws:iam::${ACCOUNT}:role/cdk-data-protection-backup`,
      'rds:CreateDBSnapshot', R('rds', 'eu-west-1', 'db:service'), 'eu-west-1', {}],
    ['a person with MFA, in the region', user, 's3:GetObject', 'arn:aws:s3:::example-bucket/key', 'eu-west-1', MFA],
    ['a person with MFA, a global service from us-east-1', user, 'iam:CreateRole', `arn:aws:iam::${ACCOUNT}:role/new-role`, 'us-east-1', MFA],
    ['a person without MFA, setting up MFA', user, 'iam:EnableMFADevice', `arn:aws:iam::${ACCOUNT}:user/alice`, 'eu-west-1', {}],
  ])('the SCPs allow %s', async (_what, principal, action, resource, region, context) => {
    expect(await decide(principal, action, resource, region, context)).toBe('Allowed');
  });

  test.each([
    ['a person without MFA (access keys)', user, 's3:GetObject', 'arn:aws:s3:::example-bucket/key', 'eu-west-1', {}],
    ['a person with MFA set to false', user, 'dynamodb:Scan', R('dynamodb', 'eu-west-1', 'table/Orders'), 'eu-west-1', { 'aws:MultiFactorAuthPresent': 'false' }],
    ['a human role (Admin*) without MFA', `arn:aws:iam::${ACCOUNT}:role/AdminAccess`, 'ec2:TerminateInstances',
      R('ec2', 'eu-west-1', 'instance/i-0123456789abcdef0'), 'eu-west-1', { 'aws:MultiFactorAuthPresent': 'false' }],
    ['a person with MFA, outside the regions', user, 'ec2:TerminateInstances', R('ec2', 'us-east-1', 'instance/i-0123456789abcdef0'), 'us-east-1', MFA],
    ['an application role, outside the regions', `arn:aws:iam::${ACCOUNT}:role/app-role`, 's3:PutObject', 'arn:aws:s3:::example-bucket/key', 'ap-southeast-2', {}],
  ])('S0-05 S0-09 the SCPs deny %s', async (_what, principal, action, resource, region, context) => {
    expect(await decide(principal, action, resource, region, context)).toBe('ExplicitlyDenied');
  });
});
