import { App, Duration, Stack, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { assemblyOf, viewOfStack, viewOfTemplate } from './helpers';
import { DataClass, DataProtectionPolicy, OffsiteBackupStack, SecureBackupPlan, SecureBucket, SecureDatabase } from '../../lib';
import { RegisterEntry } from '../../lib/evidence/model';
import { buildRegister } from '../../lib/evidence/register';
import { DEFAULT_POLICY } from '../helpers/compliance';

const POLICY = { ...DEFAULT_POLICY, backupCopyRegions: ['us-west-2'] };

// One synthesized app: a service stack with a SecureBucket (personal data, a purpose tag), a
// SecureDatabase and a SecureBackupPlan that copies to an OffsiteBackupStack in us-west-2.
let register: RegisterEntry[];
beforeAll(() => {
  const app = new App();
  const offsite = new OffsiteBackupStack(app, 'Offsite', { policy: POLICY, region: 'us-west-2' });
  const service = new Stack(app, 'Service', { env: { region: 'us-east-1' } });
  new DataProtectionPolicy(service, 'Policy', POLICY);
  const users = new SecureBucket(service, 'UserFiles', { dataClass: DataClass.CUSTOMER_USER_DATA, expireEndedObjectsAfter: Duration.days(1095) });
  Tags.of(users).add('purpose', 'Files customers upload about their users');
  const vpc = new ec2.Vpc(service, 'Vpc', {
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    natGateways: 0,
    subnetConfiguration: [{ name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  new SecureDatabase(service, 'Db', { vpc, dataClass: DataClass.CUSTOMER_USER_DATA });
  new SecureBackupPlan(service, 'Backup', { copyTargets: [offsite.vault.asCopyTarget()] });
  const noPolicy = viewOfTemplate({ Resources: { Stray: { Type: 'AWS::S3::Bucket', Properties: {} } } }, { id: 'NoPolicy' });
  register = buildRegister(assemblyOf([viewOfStack(service), viewOfStack(offsite), noPolicy]));
});

/** The entry of the `type` store whose logical id starts with `prefix`. */
function entry(prefix: string, type: string): RegisterEntry {
  const found = register.find((e) => e.type === type && e.logicalId.startsWith(prefix));
  if (!found) throw new Error(`no ${type} ${prefix} in the register: ${register.map((e) => e.logicalId).join(', ')}`);
  return found;
}

describe('buildRegister', () => {
  test('S3-01 lists every data store of the stacks with a policy record, off-site vault included, and nothing else', () => {
    // THEN: the bucket, the access-log bucket, the database and its two tagged log groups, the log group of the bucket's
    // ended-data mover (S3-05), the vault; the off-site vault
    expect(register.map((e) => [e.stack, e.type])).toEqual(expect.arrayContaining([
      ['Service', 'AWS::S3::Bucket'],
      ['Service', 'AWS::RDS::DBInstance'],
      ['Service', 'AWS::Backup::BackupVault'],
      ['Offsite', 'AWS::Backup::BackupVault'],
    ]));
    // ... and the log group of the function that turns the database's deletion protection on after create (internal)
    expect(register).toHaveLength(9);
    expect(register.filter((e) => e.type === 'AWS::Logs::LogGroup').map((e) => e.dataClass)).toEqual(['customer-user-data', 'customer-user-data', 'customer-user-data', 'internal']);
    expect(register.some((e) => e.stack === 'NoPolicy')).toBe(false);
  });

  test('S3-01 a bucket: its class from the policy record, the purpose tag, retention in words, region, key, backups and processors', () => {
    // WHEN
    const bucket = entry('UserFiles', 'AWS::S3::Bucket');

    // THEN
    expect(bucket).toMatchObject({
      stack: 'Service',
      dataClass: 'customer-user-data',
      label: 'Customer User Data',
      protectionLevel: 'RESTRICTED',
      personalData: true,
      purpose: 'Files customers upload about their users',
      retention: 'objects under ended/ expire after 1095 days (their old versions 1 day after that); other objects are kept until deleted; '
        + 'deleted or overwritten versions are purged after 14 days',
      region: 'us-east-1',
      encryption: expect.stringMatching(/^aws:kms with customer-managed key UserFilesKey/),
      processors: [
        'Amazon Web Services (Amazon S3)', 'Amazon Web Services (AWS Backup)', 'Amazon Web Services (AWS Key Management Service)',
      ],
    });
    expect(bucket.backups).toMatch(/^backed up by plan ServiceBackup\S+ \(selected data-class-tagged by its tags, data-stores-of-this-stack by ARN\): /);
    expect(bucket.backups).toContain('Daily (cron(0 5 * * ? *)) kept 14 days, copied to us-west-2');
  });

  test('S3-01 the database: purpose derived from its class, automated backups and the backup plan', () => {
    // WHEN
    const db = entry('Db', 'AWS::RDS::DBInstance');

    // THEN
    expect(db).toMatchObject({
      purpose: 'Customer User Data in a relational database',
      retention: 'kept until deleted; automated backups kept 14 days',
      encryption: expect.stringMatching(/^StorageEncrypted true with customer-managed key DbKey/),
    });
    expect(db.backups).toMatch(/^backed up by plan .*; RDS automated backups kept 14 days$/);
    expect(db.processors).toContain('Amazon Web Services (Amazon RDS)');
  });

  test('S3-01 the vaults: the service vault holds recovery points, the off-site vault the copies, each with its retention', () => {
    // WHEN
    const vault = entry('BackupVault', 'AWS::Backup::BackupVault');
    const copies = register.find((e) => e.stack === 'Offsite')!;

    // THEN
    expect(vault).toMatchObject({
      purpose: 'Backup recovery points of the service\'s data stores',
      retention: 'recovery points of rule Daily (cron(0 5 * * ? *)) kept 14 days, copied to us-west-2; vault lock allows 14-15 days',
      backups: 'holds recovery points: it is the backup store',
      processors: ['Amazon Web Services (AWS Backup)', 'Amazon Web Services (AWS Key Management Service)'],
    });
    expect(copies).toMatchObject({
      dataClass: 'customer-user-data',
      region: 'us-west-2',
      purpose: expect.stringMatching(/^Off-site copies of the service's backups, in us-west-2: the vault holds backup copies/),
      retention: 'copies made by rule Daily of Service, kept 14 days; vault lock allows 14-15 days',
      backups: 'holds off-site copies of recovery points',
      encryption: expect.stringMatching(/^encrypted with customer-managed key VaultKey/),
    });
  });

  test('S1-14 log groups: kept for the policy\'s retention, not an AWS Backup resource type', () => {
    // WHEN
    const logs = register.find((e) => e.type === 'AWS::Logs::LogGroup' && !e.logicalId.includes('EndedDataMover'))!;

    // THEN
    expect(logs).toMatchObject({
      purpose: 'Customer User Data in logs',
      retention: 'kept 365 days',
      backups: 'not backed up (AWS::Logs::LogGroup is not an AWS Backup resource type)',
      processors: ['Amazon Web Services (Amazon CloudWatch Logs)', 'Amazon Web Services (AWS Key Management Service)'],
    });
  });

  test('S3-01 an untagged, unencrypted store in an environment-agnostic stack is listed with what is missing', () => {
    // GIVEN
    const stack = viewOfTemplate({
      Metadata: { 'cdk-data-protection': { version: 1, policy: 'P', securityContact: 'a@b.co', allowedAccounts: [], dataClasses: [], claims: [] } },
      Resources: {
        Volume: { Type: 'AWS::EC2::Volume', Properties: { Size: 10 } },
        Table: {
          Type: 'AWS::DynamoDB::Table',
          Properties: { TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' }, Tags: [{ Key: 'data-class', Value: 'undeclared' }] },
        },
      },
    }, { region: undefined });

    // WHEN
    const entries = buildRegister(assemblyOf([stack]));

    // THEN
    expect(entries).toEqual([
      expect.objectContaining({
        logicalId: 'Volume',
        dataClass: undefined,
        label: undefined,
        purpose: undefined,
        region: '(environment-agnostic)',
        encryption: 'none found',
        retention: 'kept until deleted',
        backups: 'no backup selection covers it',
        processors: ['Amazon Web Services (Amazon EBS)'],
      }),
      expect.objectContaining({
        logicalId: 'Table',
        dataClass: 'undeclared',
        label: undefined,
        encryption: 'AWS-owned key',
        retention: 'items expire by their expiresAt attribute (TTL); others are kept until deleted',
      }),
    ]);
  });

  test('S3-01 an assembly without a policy record has an empty register', () => {
    // WHEN
    const entries = buildRegister(assemblyOf([viewOfTemplate({ Resources: { B: { Type: 'AWS::S3::Bucket', Properties: {} } } })]));

    // THEN
    expect(entries).toEqual([]);
  });
});

