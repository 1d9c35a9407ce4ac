import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import {
  AlertReceiver, BackupSchedule, DataProtectionPolicy, OrganizationBaseline, OrganizationBaselineProps, OrganizationBaselineStage,
  ORGANIZATION_QUOTAS, VaultLock,
} from '../../lib';

const POLICY = { securityContact: 'security@example.com', region: 'eu-west-1', backupCopyRegions: ['eu-central-1'] };
const BASELINE: OrganizationBaselineProps = {
  targets: [{ organizationalUnitId: 'ou-ab12-cd34ef56', accounts: ['222222222222'] }, { organizationalUnitId: 'r-ab12' }],
  assetBucketPrefix: 'cdp-assets',
  alertReceivers: [AlertReceiver.email('oncall@example.com')],
};

function baseline(props: Partial<OrganizationBaselineProps> = {}, policy: Record<string, any> = {}) {
  const app = new App();
  const stack = new Stack(app, 'Management', { env: { region: 'eu-west-1' } });
  new DataProtectionPolicy(stack, 'Policy', { ...POLICY, ...policy });
  const org = new OrganizationBaseline(stack, 'Baseline', { ...BASELINE, ...props });
  return { app, stack, org };
}

function synthesized(props: Partial<OrganizationBaselineProps> = {}, policy: Record<string, any> = {}) {
  const { app, stack, org } = baseline(props, policy);
  const assembly = app.synth();
  const account = Template.fromJSON(JSON.parse(fs.readFileSync(path.join(assembly.directory, org.accountBaseline.templateFile), 'utf-8')));
  return { management: Template.fromStack(stack), account, org, stack };
}

function policyContent(template: Template, type: string, name: RegExp): any {
  const found = Object.values(template.findResources('AWS::Organizations::Policy')).filter((r: any) =>
    r.Properties.Type === type && name.test(r.Properties.Name));
  expect(found).toHaveLength(1);
  return (found[0] as any).Properties.Content;
}

describe('OrganizationBaseline', () => {
  test('S0-05 the account baseline is a service-managed StackSet to the target units and regions, auto-deployed, stacks retained', () => {
    // WHEN
    const { management } = synthesized();
    // THEN
    management.hasResourceProperties('AWS::CloudFormation::StackSet', {
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: true },
      ManagedExecution: { Active: true },
      StackInstancesGroup: [{
        DeploymentTargets: { OrganizationalUnitIds: ['ou-ab12-cd34ef56', 'r-ab12'] },
        Regions: ['eu-west-1', 'eu-central-1'],
      }],
      OperationPreferences: { FailureToleranceCount: 0, MaxConcurrentCount: 1, RegionConcurrencyType: 'SEQUENTIAL' },
      TemplateURL: Match.anyValue(),
    });
  });

  test('rollout and retention are props', () => {
    // WHEN
    const { management } = synthesized({
      retainStacksOnAccountRemoval: false,
      rollout: { failureToleranceCount: 4, maxConcurrentAccounts: 5, parallelRegions: true },
      delegatedAdministrator: true,
    });
    // THEN
    management.hasResourceProperties('AWS::CloudFormation::StackSet', {
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      CallAs: 'DELEGATED_ADMIN',
      OperationPreferences: { FailureToleranceCount: 4, MaxConcurrentCount: 5, RegionConcurrencyType: 'PARALLEL' },
    });
  });

  test.each([
    [{ rollout: { maxConcurrentAccounts: 0 } }, /rollout.maxConcurrentAccounts must be a whole number from 1 to 1000, got 0/],
    [{ rollout: { failureToleranceCount: -1 } }, /rollout.failureToleranceCount must be a whole number from 0 to 999, got -1/],
    [{ rollout: { failureToleranceCount: 1, maxConcurrentAccounts: 5 } }, /maxConcurrentAccounts must be at most failureToleranceCount \+ 1 \(2\), got 5/],
    [{ targets: [] }, /targets must name at least one organizational unit/],
    [{ targets: [{ organizationalUnitId: 'ou-1' }] }, /Baseline: each target must be a literal organizational unit id \(ou-xxxx-xxxxxxxx\) or root id \(r-xxxx\), got 'ou-1'/],
    [{ targets: [{ organizationalUnitId: '123456789012' }] }, /got '123456789012'/],
    [{ targets: [{ organizationalUnitId: 'r-ab12' }, { organizationalUnitId: 'r-ab12' }] }, /must not name 'r-ab12' twice/],
    [{ targets: [{ organizationalUnitId: 'r-ab12', accounts: ['12'] }] }, /accounts of target r-ab12 must be literal 12-digit AWS account ids, got '12'/],
    [{ regions: ['eu-west-1'] }, /regions must include eu-central-1/],
    [{ regions: ['eu-west-1', 'eu-central-1', 'eu-west-1'] }, /must not list 'eu-west-1' twice/],
    [{ regions: ['Europe'] }, /each of regions must be a literal AWS region name/],
    [{ assetBucketPrefix: 'Bad_Prefix' }, /assetBucketPrefix must be 2-41 lowercase letters/],
    [{ backupCopyAccount: 'central' }, /backupCopyAccount must be a literal 12-digit AWS account id, got 'central'/],
    [{ humanRoleArnPatterns: ['Admin*'] }, /humanRoleArnPatterns must be an IAM role ARN pattern/],
  ])('refuses %j', (props, message) => {
    expect(() => baseline(props as any)).toThrow(message);
  });

  test('S0-05 S4-01 the region-pinning SCP denies calls outside the regions, exempting global services, cdk-* and service-linked roles', () => {
    // WHEN
    const { management } = synthesized();
    // THEN
    const content = policyContent(management, 'SERVICE_CONTROL_POLICY', /region-pinning/);
    const statement = content.Statement[0];
    expect(statement.Effect).toBe('Deny');
    expect(statement.Condition.StringNotEquals['aws:RequestedRegion']).toEqual(['eu-west-1', 'eu-central-1']);
    expect(statement.Condition.ArnNotLike['aws:PrincipalArn']).toEqual(['arn:aws:iam::*:role/cdk-*', 'arn:aws:iam::*:role/aws-service-role/*']);
    expect(statement.NotAction).toEqual(expect.arrayContaining(['iam:*', 'sts:*', 'organizations:*', 'route53:*', 'cloudfront:*']));
    management.hasResourceProperties('AWS::Organizations::Policy', { Type: 'SERVICE_CONTROL_POLICY', TargetIds: ['ou-ab12-cd34ef56', 'r-ab12'] });
  });

  test('S0-09 the MFA SCP denies IAM users and listed human roles without MFA, not the exempt roles', () => {
    // WHEN
    const { management } = synthesized({ humanRoleArnPatterns: ['arn:aws:iam::*:role/Admin*'] });
    // THEN
    const statement = policyContent(management, 'SERVICE_CONTROL_POLICY', /mfa-required/).Statement[0];
    expect(statement.Condition).toEqual({
      BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' },
      ArnLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:user/*', 'arn:aws:iam::*:role/Admin*'] },
      ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/cdk-*', 'arn:aws:iam::*:role/aws-service-role/*'] },
    });
    expect(statement.NotAction).toEqual(expect.arrayContaining(['iam:EnableMFADevice', 'sts:GetSessionToken']));
  });

  test('S0-02 S1-08 the backup policy carries the schedule, retention and copies of the policy, with @@assign', () => {
    // WHEN
    const { management } = synthesized({ backupCopyAccount: '999999999999' }, { backup: BackupSchedule.daily(Duration.days(30)) });
    // THEN
    const plan = policyContent(management, 'BACKUP_POLICY', /backup/).plans['cdk-data-protection'];
    expect(plan.regions).toEqual({ '@@assign': ['eu-west-1'] });
    const rule: any = Object.values(plan.rules)[0];
    expect(rule.lifecycle.delete_after_days).toEqual({ '@@assign': '30' });
    expect(rule.target_backup_vault_name).toEqual({ '@@assign': 'cdk-data-protection' });
    expect(Object.keys(rule.copy_actions)).toEqual([
      'arn:aws:backup:eu-central-1:$account:backup-vault:cdk-data-protection',
      'arn:aws:backup:eu-west-1:999999999999:backup-vault:cdk-data-protection',
    ]);
    expect(plan.selections.tags['declared-data-classes'].iam_role_arn).toEqual({ '@@assign': 'arn:aws:iam::$account:role/cdk-data-protection-backup' });
  });

  test('S1-08 the account baseline creates the locked vault and the backup role the backup policy names; the role once per account', () => {
    // WHEN
    const { account } = synthesized({ vaultLock: VaultLock.compliance(Duration.days(3)) });
    // THEN
    account.hasResourceProperties('AWS::Backup::BackupVault', {
      BackupVaultName: 'cdk-data-protection',
      LockConfiguration: Match.objectLike({ ChangeableForDays: 3 }),
    });
    account.hasResource('AWS::IAM::Role', { Properties: Match.objectLike({ RoleName: 'cdk-data-protection-backup' }), Condition: 'HomeRegion' });
    account.hasCondition('HomeRegion', { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] });
  });

  test('S0-03 S0-09 the account baseline holds the trail, Config, the password policy and the incident topic with its receiver', () => {
    // WHEN
    const { account } = synthesized();
    // THEN
    account.resourceCountIs('AWS::CloudTrail::Trail', 1);
    account.resourceCountIs('AWS::Config::ConfigurationRecorder', 1);
    account.resourceCountIs('AWS::GuardDuty::Detector', 0);
    account.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
    const passwordPolicy = Object.values(account.findResources('Custom::AWS')).filter((r: any) => JSON.stringify(r).includes('updateAccountPasswordPolicy'));
    expect(passwordPolicy).toHaveLength(1);
    expect((passwordPolicy[0] as any).Condition).toBe('HomeRegion');
    // The policy's log retention reaches the StackSet template too.
    account.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
    // The policy records its claims in the StackSet template.
    expect(account.toJSON().Metadata['cdk-data-protection'].securityContact).toBe('security@example.com');
  });

  test('with the organization trail, accounts get no trail, and a warning says so', () => {
    // WHEN
    const { account, stack } = synthesized({ organizationTrail: true });
    // THEN
    account.resourceCountIs('AWS::CloudTrail::Trail', 0);
    Annotations.fromStack(stack).hasWarning('/Management/Baseline', Match.stringLikeRegexp('organizationTrail'));
  });

  test('the assets of the account baseline are copied to the asset bucket of each region (cdk-stacksets)', () => {
    // WHEN
    const { management } = synthesized();
    // THEN
    management.resourceCountIs('Custom::CDKBucketDeployment', 2);
    management.hasResourceProperties('Custom::CDKBucketDeployment', { DestinationBucketName: 'cdp-assets-eu-central-1' });
  });

  test('every policy and the template stay within their AWS quotas', () => {
    // WHEN
    const { management, org } = synthesized();
    // THEN
    for (const r of Object.values(management.findResources('AWS::Organizations::Policy')) as any[]) {
      const quota = r.Properties.Type === 'BACKUP_POLICY' ? ORGANIZATION_QUOTAS.backupPolicyCharacters : ORGANIZATION_QUOTAS.scpCharacters;
      expect(JSON.stringify(r.Properties.Content).length).toBeLessThanOrEqual(quota);
    }
    // Two SCPs per target, besides FullAWSAccess: within five.
    expect(Object.keys(management.findResources('AWS::Organizations::Policy', { Properties: { Type: 'SERVICE_CONTROL_POLICY' } })).length + 1)
      .toBeLessThanOrEqual(ORGANIZATION_QUOTAS.scpsPerTarget);
    expect(org.regions).toEqual(['eu-west-1', 'eu-central-1']);
  });
});

test('the cdk-nag packs walk the construct tree, the StackSet stack included: no open finding in the account baseline', () => {
  // GIVEN
  const { app, org } = baseline();
  // WHEN the packs check the StackSetStack's constructs (its template is no stack artifact, which cfn-guard reads)
  for (const Pack of [AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks]) {
    const report = new Pack(app, { verbose: false }).validateScope(org.accountBaseline);
    // THEN
    expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.resourceLogicalId).join(',')}`)).toEqual([]);
  }
});

describe('OrganizationBaselineStage', () => {
  test('holds the management stack, in the policy region, with the policy and the baseline; synthesizes with its assets', () => {
    // GIVEN
    const app = new App();
    // WHEN
    const stage = new OrganizationBaselineStage(app, 'Org', { policy: POLICY, baseline: BASELINE, organizationId: 'o-ab12cd34ef' });
    const assembly = app.synth();
    // THEN
    expect(stage.managementStack.region).toBe('eu-west-1');
    expect(DataProtectionPolicy.of(stage.baseline)).toBe(stage.policy);
    Template.fromStack(stage.managementStack).resourceCountIs('AWS::CloudFormation::StackSet', 1);
    const nested = assembly.getNestedAssembly(stage.artifactId);
    expect(fs.existsSync(path.join(nested.directory, stage.baseline.accountBaseline.templateFile))).toBe(true);
  });
});
