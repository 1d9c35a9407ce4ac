// Issue 19 item 2: every data store the evidence does not recognise fails the classification claims, never skipped
// (S1-01, S3-02, S3-06, S1-14, S3-01), and the library's own constructs classify what they create.
import { App, Stack, Tags } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { fixture, tagged } from './data-fixtures';
import { ApplicationLogGroup, DataClass, DataProtectionPolicy, SecureUserPool } from '../../../lib';
import { buildRegister } from '../../../lib/evidence/register';
import { DATA_VERIFIERS } from '../../../lib/evidence/verifiers/data';
import { DATA_STORE_TYPES } from '../../../lib/private/data-store-types';
import { assemblyOf, failing, proves, runVerifier } from '../helpers';

const CLASSES = { dataClasses: 'customer-data,customer-user-data,internal' };

/** One store of each type the issue names, untagged. */
const UNTAGGED: Record<string, any> = {
  Pool: { Type: 'AWS::Cognito::UserPool', Properties: {} },
  AppLogs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30, KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } } },
  Docs: { Type: 'AWS::DocDB::DBCluster', Properties: { StorageEncrypted: true, KmsKeyId: { Ref: 'Key' } } },
  Graph: { Type: 'AWS::Neptune::DBCluster', Properties: { StorageEncrypted: true, KmsKeyId: { Ref: 'Key' } } },
  Warehouse: { Type: 'AWS::Redshift::Cluster', Properties: { Encrypted: true, KmsKeyId: { Ref: 'Key' } } },
  Search: { Type: 'AWS::OpenSearchService::Domain', Properties: { EncryptionAtRestOptions: { Enabled: true, KmsKeyId: { Ref: 'Key' } } } },
};

describe('data stores the evidence used not to see', () => {
  test.each(Object.entries(UNTAGGED))('S1-01 S3-02 fail an untagged %s and name it', (id, resource) => {
    // GIVEN a template whose only data store is one the classification used to skip
    const stack = fixture({ [id]: resource });

    // WHEN
    const facts = runVerifier(DATA_VERIFIERS['data-classified'], [stack], CLASSES);

    // THEN the store is named, not skipped
    expect(proves(facts)).toBe(false);
    expect(failing(facts)).toEqual([expect.objectContaining({ logicalId: id, satisfied: false })]);
  });

  test('S3-06 fails an untagged user pool and log group: a data-subject request could miss them', () => {
    // GIVEN
    const stack = fixture({ Pool: UNTAGGED.Pool, AppLogs: UNTAGGED.AppLogs });

    // WHEN
    const facts = runVerifier(DATA_VERIFIERS['erasure-possible'], [stack]);

    // THEN
    expect(failing(facts).map((f) => f.logicalId).sort()).toEqual(['AppLogs', 'Pool']);
  });

  test('S1-14 S3-01 the register lists a user pool and a log group, and fails them untagged', () => {
    // GIVEN
    const stack = fixture({ Pool: UNTAGGED.Pool, AppLogs: UNTAGGED.AppLogs });

    // WHEN
    const entries = buildRegister(assemblyOf([stack]));
    const facts = runVerifier(DATA_VERIFIERS['processing-register'], [stack]);

    // THEN
    expect(entries.map((e) => e.logicalId).sort()).toEqual(['AppLogs', 'Pool']);
    expect(failing(facts).map((f) => f.logicalId).sort()).toEqual(['AppLogs', 'Pool']);
  });

  test('S1-01 S1-14 a tagged user pool is classified (UserPoolTags) and registered with its AWS-owned key', () => {
    // GIVEN
    const stack = fixture({ Pool: { Type: 'AWS::Cognito::UserPool', Properties: { UserPoolTags: { 'data-class': 'customer-user-data' } } } });

    // WHEN
    const classified = runVerifier(DATA_VERIFIERS['data-classified'], [stack], CLASSES);
    const entries = buildRegister(assemblyOf([stack]));

    // THEN
    expect(proves(classified)).toBe(true);
    expect(entries[0]).toMatchObject({ dataClass: 'customer-user-data', personalData: true, encryption: 'encrypted with an AWS-owned KMS key' });
  });

  test('S2-03 a log group is a data store: untagged without a customer key it fails under a KMS policy', () => {
    // GIVEN
    const stack = fixture({ Plain: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } }, Bucket: { Type: 'AWS::S3::Bucket', Properties: { Tags: tagged('internal') } } });

    // WHEN
    const facts = runVerifier(DATA_VERIFIERS['encrypted-at-rest'], [stack], { atRestEncryption: 'KMS' });

    // THEN
    expect(failing(facts).map((f) => f.logicalId)).toContain('Plain');
  });

  test('the one list holds every type the issue names', () => {
    for (const type of ['AWS::Cognito::UserPool', 'AWS::Logs::LogGroup', 'AWS::DocDB::DBCluster', 'AWS::Neptune::DBCluster',
      'AWS::Redshift::Cluster', 'AWS::OpenSearchService::Domain']) {
      expect(DATA_STORE_TYPES.has(type)).toBe(true);
    }
  });
});

describe('the library classifies what it creates', () => {
  function stackWith(classes?: DataClass[]): Stack {
    const stack = new Stack(new App(), 'Service', { env: { region: 'us-east-1' } });
    new DataProtectionPolicy(stack, 'Policy', { securityContact: 'security@example.com', dataClasses: classes });
    return stack;
  }

  test('S1-01 SecureUserPool tags its pool with the personal-data class, ApplicationLogGroup its groups as internal', () => {
    // GIVEN
    const stack = stackWith();

    // WHEN
    new SecureUserPool(stack, 'Users');
    new ApplicationLogGroup(stack, 'AppLogs', { logGroupName: '/service/api' });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Cognito::UserPool', { UserPoolTags: { 'data-class': 'customer-user-data' } });
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(groups.length).toBeGreaterThanOrEqual(2);
    for (const group of groups) {
      expect(group.Properties.Tags).toEqual(expect.arrayContaining([{ Key: 'data-class', Value: 'internal' }]));
    }
  });

  test('S1-01 a pool takes the first declared personal-data class, and a user tag wins over the library\'s', () => {
    // GIVEN a policy without customer-user-data
    const own = DataClass.custom({ name: 'members', label: 'Members', protectionLevel: DataClass.CUSTOMER_USER_DATA.protectionLevel, personalData: true });
    const stack = stackWith([DataClass.CUSTOMER_DATA, own, DataClass.INTERNAL]);

    // WHEN
    new SecureUserPool(stack, 'Users');
    const appLogs = new ApplicationLogGroup(stack, 'AppLogs', { logGroupName: '/service/api' });
    Tags.of(appLogs.logGroup).add('data-class', 'customer-data');

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Cognito::UserPool', { UserPoolTags: { 'data-class': 'members' } });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/service/api', Tags: Match.arrayWith([{ Key: 'data-class', Value: 'customer-data' }]) });
  });
});
