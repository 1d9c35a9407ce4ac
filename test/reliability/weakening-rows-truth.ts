import { CfnResource, Tags } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { BACKUP, BACKUP_GFS, DETECTION, IDENTITY, l1, PERIMETER, PII, STORAGE, TAG, userAspect, WeakeningTable } from './weakening-kit';
import { Compliance } from '../../lib';

/*
 * The escape-hatch weakenings of the claims whose verifiers issue 19 made truthful (items 2, 3
 * and 7): an override, a deletion override, an aspect, a tag removal, an extra grant or an extra
 * plain resource, each of which used to leave the claim PROVEN.
 */

export const TRUTH_ROWS: WeakeningTable = {
  // ----------------------------------------------------------------------------- item 2: stores the evidence did not see
  'S1-01': {
    what: 'an extra plain log group, untagged, next to the library\'s stores is VIOLATED (it used to be skipped)',
    baseline: STORAGE,
    weaken: ({ stack }) => new logs.CfnLogGroup(stack, 'Plain', { retentionInDays: 365 }),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({ constructPath: 'Storage/Plain', found: '(absent)' })]),
  },
  'S3-02': {
    what: 'the data-class tag removed from the application log group with Tags.remove is VIOLATED',
    baseline: STORAGE,
    weaken: ({ appLogs }) => Tags.of(appLogs.logGroup).remove(TAG),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({ constructPath: 'Storage/AppLogs/Resource/Resource', found: '(absent)' })]),
  },
  'S3-06': [{
    what: 'an extra plain Cognito user pool, untagged, is refused at synthesis',
    baseline: STORAGE,
    weaken: ({ stack }) => new cognito.CfnUserPool(stack, 'Members', {}),
    throws: /AWS::Cognito::UserPool has no 'data-class' tag/,
  }, {
    what: 'an extra plain Cognito user pool, untagged, its synthesis finding acknowledged, is VIOLATED: a data-subject request could miss it',
    baseline: STORAGE,
    weaken: ({ stack }) => Compliance.acknowledge(new cognito.CfnUserPool(stack, 'Members', {}),
      { ruleId: 'DataProtection-DataClassTag', reason: 'the members directory is classified later' }),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({ constructPath: 'Storage/Members', propertyPath: 'Properties.UserPoolTags[data-class]' })]),
  }],
  'S1-14': {
    what: 'the application log group\'s tags deleted through a deletion override leave it in the register without a class: VIOLATED',
    baseline: STORAGE,
    weaken: ({ appLogs }) => l1(appLogs.logGroup).addPropertyDeletionOverride('Tags'),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({ logicalId: expect.stringMatching(/^AppLogs/), found: expect.stringMatching(/^\(no data class\)/) })]),
  },

  // ----------------------------------------------------------------------------- item 7: verifier gaps
  'S2-02': {
    what: 'the database accepting TLS 1.0 (ssl_min_protocol_version TLSv1, set by a user\'s aspect) is VIOLATED',
    baseline: BACKUP,
    policy: { claims: ['S2-02'] },
    weaken: ({ stack }) => userAspect(stack, 'AWS::RDS::DBParameterGroup', (group) => group.addPropertyOverride('Parameters.ssl_min_protocol_version', 'TLSv1')),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      propertyPath: 'Properties.Parameters.ssl_min_protocol_version', found: 'TLSv1', note: 'admits TLS 1.0',
    })]),
  },
  'S4-06': {
    what: 'the weekly tier run every day through an escape hatch is VIOLATED',
    baseline: BACKUP,
    policy: BACKUP_GFS,
    weaken: ({ stack, plan }) => {
      const rules: any[] = stack.resolve((l1(plan.plan) as any).backupPlan).backupPlanRule;
      const i = rules.findIndex((r) => r.ruleName === 'Weekly');
      l1(plan.plan).addPropertyOverride(`BackupPlan.BackupPlanRule.${i}.ScheduleExpression`, 'cron(0 5 * * ? *)');
    },
    then: (_, failing) => expect(failing.length).toBeGreaterThan(0),
  },
  'S0-10': {
    what: 'the integration role removed from the secret\'s read exception by an override (nobody but root may read) is VIOLATED',
    baseline: IDENTITY,
    weaken: ({ stack }) => userAspect(stack, 'AWS::SecretsManager::ResourcePolicy', (policy) =>
      policy.addPropertyOverride('ResourcePolicy.Statement.0.Condition.ArnNotEquals.aws:PrincipalArn', ['arn:aws:iam::111111111111:root'])),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({ note: expect.stringContaining('no integration role may read the secret') })]),
  },
  'S1-03': {
    what: 'an extra grant opening the personal-data bucket to every principal (no condition) is VIOLATED',
    baseline: PII,
    weaken: ({ userData }) => userData.bucket.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.AnyPrincipal()], actions: ['s3:GetObject'], resources: [userData.bucket.arnForObjects('*')],
    })),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({ expected: 'no Allow to every principal without a condition', found: 'Allow s3:GetObject to *' })]),
  },
  'S2-03': {
    what: 'an extra key-policy grant of kms:* to every principal on the personal-data key is VIOLATED',
    baseline: STORAGE,
    weaken: ({ userData }) => userData.encryptionKey!.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.AnyPrincipal()], actions: ['kms:*'], resources: ['*'],
    })),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({
      constructPath: 'Storage/UserData/Resource/Resource', note: expect.stringContaining('to every principal with no condition'),
    })]),
  },

  // ----------------------------------------------------------------------------- item 3: what is reachable
  'S2-07': {
    what: 'an extra plain HTTP API next to the load balancer is VIOLATED: the promise does not name it',
    baseline: PERIMETER,
    weaken: ({ stack }) => new CfnResource(stack, 'PublicApi', { type: 'AWS::ApiGatewayV2::Api', properties: { Name: 'public', ProtocolType: 'HTTP' } }),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({ constructPath: 'Perimeter/PublicApi', found: 'API Gateway HTTP API on TCP 443 (HTTPS/WSS)' })]),
  },
  'S4-09': {
    what: 'the only security group removed from the network (no firewall left) is VIOLATED',
    baseline: DETECTION,
    weaken: ({ stack }) => stack.node.tryRemoveChild('AppTier'),
    then: (_, failing) => expect(failing).toEqual([expect.objectContaining({ found: '(none)', expected: expect.stringContaining('at least one firewall') })]),
  },
};

