import * as fs from 'fs';
import { App, Stack, Stage } from 'aws-cdk-lib';
import {
  ApplicationLogGroup, AuditTrail, CisAlarms, DataClass, DataProtectionPolicy, IncidentResponse, SecureBucket, ThreatDetection,
} from '../../../lib';
import { readAssembly } from '../../../lib/evidence/assembly';
import { StackView } from '../../../lib/evidence/model';
import { AUDIT_VERIFIERS, CIS_SIGNATURES, matchesCisSignature } from '../../../lib/evidence/verifiers/audit';
import { DEFAULT_POLICY, stackWithPolicy } from '../../helpers/compliance';
import { failing, proves, runVerifier, viewOfStack, viewOfTemplate } from '../helpers';

const V = AUDIT_VERIFIERS;

/** A fixture template of the given resources. */
function fixture(resources: Record<string, any>): StackView {
  return viewOfTemplate({ Resources: resources });
}

/** A trail that records everything and delivers to `Group`. */
const TRAIL = {
  Type: 'AWS::CloudTrail::Trail',
  Properties: {
    IsMultiRegionTrail: true,
    IncludeGlobalServiceEvents: true,
    IsLogging: true,
    EnableLogFileValidation: true,
    S3BucketName: { Ref: 'TrailBucket' },
    CloudWatchLogsLogGroupArn: { 'Fn::GetAtt': ['Group', 'Arn'] },
    EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }],
  },
};

/** The service stack of the library's constructs, synthesized once. */
let service: StackView;
let assemblyFiles: string[];

beforeAll(() => {
  const app = new App();
  const stack = stackWithPolicy(app);
  new SecureBucket(stack, 'Users', { dataClass: DataClass.CUSTOMER_USER_DATA });
  const incidents = new IncidentResponse(stack, 'Incidents');
  new AuditTrail(stack, 'Audit', { alarmTopic: incidents.topic });
  new ApplicationLogGroup(stack, 'AppLogs');
  new ThreatDetection(stack, 'Detection');
  app.synth();
  service = viewOfStack(stack);
  assemblyFiles = fs.readdirSync(app.outdir);
});

/** A copy of the service template, changed by `edit`. */
function edited(edit: (resources: Record<string, any>) => void): StackView {
  const template = JSON.parse(JSON.stringify(service.template));
  edit(template.Resources);
  return viewOfTemplate(template, { id: service.id });
}

function ofType(resources: Record<string, any>, type: string): any[] {
  return Object.values(resources).filter((r: any) => r.Type === type);
}

describe('activity-logged', () => {
  test('S0-03 S2-01 proves the AuditTrail records all management events in every region, validated', () => {
    // WHEN
    const facts = runVerifier(V['activity-logged'], [service]);

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts.map((f) => f.propertyPath)).toEqual([
      'Properties.IsMultiRegionTrail', 'Properties.IncludeGlobalServiceEvents', 'Properties.IsLogging', 'Properties.EnableLogFileValidation',
      'Properties.EventSelectors.0',
    ]);
  });

  test('S0-03 fails a single-region trail recording only writes', () => {
    // GIVEN
    const stack = fixture({ Trail: { Type: 'AWS::CloudTrail::Trail', Properties: { ...TRAIL.Properties, IsMultiRegionTrail: false, EventSelectors: [{ ReadWriteType: 'WriteOnly' }] } } });

    // WHEN
    const facts = runVerifier(V['activity-logged'], [stack]);

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({ propertyPath: 'Properties.IsMultiRegionTrail', expected: 'true', found: 'false' }),
      expect.objectContaining({
        propertyPath: 'Properties.EventSelectors',
        expected: 'all management events, read and write',
        found: 'IncludeManagementEvents (absent), ReadWriteType WriteOnly',
      }),
    ]);
  });

  test('S0-03 reads CloudTrail\'s defaults: no selector, or an advanced selector of management events only', () => {
    // GIVEN
    const { EventSelectors: _, ...plain } = TRAIL.Properties;
    const none = fixture({ Trail: { Type: 'AWS::CloudTrail::Trail', Properties: plain } });
    const advanced = fixture({ Trail: { Type: 'AWS::CloudTrail::Trail', Properties: { ...plain, AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] } } });
    const readOnly = fixture({
      Trail: {
        Type: 'AWS::CloudTrail::Trail',
        Properties: { ...plain, AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['true'] }] }] },
      },
    });

    // THEN
    expect(proves(runVerifier(V['activity-logged'], [none]))).toBe(true);
    expect(runVerifier(V['activity-logged'], [none])[4].note).toMatch(/without event selectors/);
    expect(proves(runVerifier(V['activity-logged'], [advanced]))).toBe(true);
    expect(failing(runVerifier(V['activity-logged'], [readOnly]))).toEqual([expect.objectContaining({ propertyPath: 'Properties.AdvancedEventSelectors' })]);
  });

  test('S0-03 one complete trail proves the claim; a narrower second trail takes nothing away', () => {
    // GIVEN
    const stack = fixture({
      Trail: TRAIL,
      Narrow: { Type: 'AWS::CloudTrail::Trail', Properties: { IsLogging: true, EventSelectors: [{ ReadWriteType: 'ReadOnly' }] } },
    });

    // THEN
    expect(proves(runVerifier(V['activity-logged'], [stack]))).toBe(true);
  });

  test('S0-03 fails without a trail', () => {
    expect(failing(runVerifier(V['activity-logged'], [fixture({})]))).toEqual([
      expect.objectContaining({ propertyPath: 'Resources[Type=AWS::CloudTrail::Trail]', found: '(none)' }),
    ]);
  });
});

describe('application-logs', () => {
  test('S0-03 proves the ApplicationLogGroup and that every Lambda function writes to a log group of the template', () => {
    // WHEN
    const facts = runVerifier(V['application-logs'], [service]);

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts[0]).toMatchObject({ propertyPath: 'Properties.DataProtectionPolicy', found: expect.stringContaining('policy mask-personal-data') });
    expect(facts.filter((f) => f.propertyPath === 'Properties.LoggingConfig.LogGroup').length).toBeGreaterThan(0);
  });

  test('S0-03 fails without an application log group and for a function logging outside the template', () => {
    // GIVEN
    const stack = fixture({
      Group: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 365 } },
      Fn: { Type: 'AWS::Lambda::Function', Properties: {} },
      Named: { Type: 'AWS::Lambda::Function', Properties: { LoggingConfig: { LogGroup: 'elsewhere' } } },
    });

    // WHEN
    const facts = runVerifier(V['application-logs'], [stack]);

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({ propertyPath: 'Resources[Type=AWS::Logs::LogGroup].Properties.DataProtectionPolicy', found: '(none)' }),
      expect.objectContaining({ logicalId: 'Fn', propertyPath: 'Properties.LoggingConfig.LogGroup', expected: 'a log group of the template', found: '(absent)' }),
      expect.objectContaining({ logicalId: 'Named', found: 'elsewhere' }),
    ]);
  });

  test('S0-03 resolves a function\'s log group by its literal name', () => {
    // GIVEN
    const stack = fixture({
      Group: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/app', DataProtectionPolicy: { Name: 'p', Statement: [] } } },
      Fn: { Type: 'AWS::Lambda::Function', Properties: { LoggingConfig: { LogGroup: '/app' } } },
    });

    // THEN
    expect(proves(runVerifier(V['application-logs'], [stack]))).toBe(true);
  });
});

describe('data-access-logged', () => {
  test('S2-01 proves the service template: data buckets in the data events, the two log buckets exempt as log holders', () => {
    // WHEN
    const facts = runVerifier(V['data-access-logged'], [service]);

    // THEN: the customer bucket is covered; the trail's own bucket and the access-log bucket hold only logs
    expect(proves(facts)).toBe(true);
    expect(facts).toContainEqual(expect.objectContaining({
      logicalId: expect.stringMatching(/^Users/), propertyPath: 'Resources[Type=AWS::CloudTrail::Trail].Properties.EventSelectors', satisfied: true,
    }));
    expect(facts).toContainEqual(expect.objectContaining({
      logicalId: expect.stringMatching(/^DataProtectionAccessLogs/), found: '(none): receives the access logs of 3 buckets', satisfied: true,
    }));
    expect(facts).toContainEqual(expect.objectContaining({
      logicalId: expect.stringMatching(/^AuditBucket/), found: expect.stringMatching(/^\(none\): receives the log files of /), satisfied: true,
    }));
    // the access-log bucket may not log to itself
    expect(facts).toContainEqual(expect.objectContaining({
      logicalId: expect.stringMatching(/^DataProtectionAccessLogs/), propertyPath: 'Properties.LoggingConfiguration.DestinationBucketName', satisfied: true,
    }));
  });

  test('S2-01 proves the service template when the trail records the data events of all buckets', () => {
    // GIVEN
    const stack = edited((resources) => {
      ofType(resources, 'AWS::CloudTrail::Trail')[0].Properties.EventSelectors[0].DataResources = [{ Type: 'AWS::S3::Object', Values: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3']] }] }];
    });

    // THEN
    expect(proves(runVerifier(V['data-access-logged'], [stack]))).toBe(true);
  });

  test('S2-01 fails a bucket without access logs or data events and a database exporting no log', () => {
    // GIVEN
    const stack = fixture({
      Trail: { Type: 'AWS::CloudTrail::Trail', Properties: { IsLogging: true, EventSelectors: [{ ReadWriteType: 'WriteOnly', DataResources: [{ Type: 'AWS::S3::Object', Values: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Data', 'Arn'] }, '/']] }] }] }] } },
      Data: { Type: 'AWS::S3::Bucket', Properties: { Tags: [{ Key: 'data-class', Value: 'customer-data' }] } },
      Db: { Type: 'AWS::RDS::DBInstance', Properties: { Tags: [{ Key: 'data-class', Value: 'customer-data' }] } },
    });

    // WHEN
    const facts = runVerifier(V['data-access-logged'], [stack]);

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({ logicalId: 'Data', expected: 'S3 data events of every object, read and write, recorded by a logging trail', found: '(no trail selector covers the bucket)' }),
      expect.objectContaining({ logicalId: 'Data', propertyPath: 'Properties.LoggingConfiguration.DestinationBucketName', found: '(absent)' }),
      expect.objectContaining({ logicalId: 'Db', propertyPath: 'Properties.EnableCloudwatchLogsExports', found: '(absent)' }),
    ]);
  });

  test('S2-01 reads bucket names and advanced selectors', () => {
    // GIVEN
    const stack = fixture({
      Trail: {
        Type: 'AWS::CloudTrail::Trail',
        Properties: {
          IsLogging: true,
          AdvancedEventSelectors: [{
            FieldSelectors: [
              { Field: 'eventCategory', Equals: ['Data'] },
              { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
              { Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::named-data/', { 'Fn::Join': ['', ['arn:aws:s3:::', { Ref: 'Refd' }]] }] },
            ],
          }],
        },
      },
      Named: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'named-data', LoggingConfiguration: { DestinationBucketName: 'logs' }, Tags: [{ Key: 'data-class', Value: 'internal' }] } },
      Refd: { Type: 'AWS::S3::Bucket', Properties: { LoggingConfiguration: { DestinationBucketName: 'logs' }, Tags: [{ Key: 'data-class', Value: 'internal' }] } },
      Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { EnableCloudwatchLogsExports: ['audit'] } },
      Member: { Type: 'AWS::RDS::DBInstance', Properties: { DBClusterIdentifier: { Ref: 'Cluster' } } },
    });

    // WHEN
    const facts = runVerifier(V['data-access-logged'], [stack]);

    // THEN: the cluster's member exports through the cluster
    expect(proves(facts)).toBe(true);
    expect(facts.map((f) => f.logicalId)).not.toContain('Member');
  });

  test('S2-01 fails when there is no data store at all', () => {
    expect(failing(runVerifier(V['data-access-logged'], [fixture({ Trail: TRAIL })]))).toEqual([
      expect.objectContaining({ expected: 'data stores whose access is logged', found: '(none)' }),
    ]);
  });
});

describe('logs-in-cloudwatch', () => {
  test('S0-04 proves the trail delivers to CloudWatch Logs and every log group keeps 365 days', () => {
    // WHEN
    const facts = runVerifier(V['logs-in-cloudwatch'], [service], { logRetentionDays: '365' });

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts.filter((f) => f.propertyPath === 'Properties.RetentionInDays').every((f) => f.found === '365')).toBe(true);
  });

  test('S0-04 fails a group kept 30 days, a trail delivering only to S3 and a short Custom::LogRetention', () => {
    // GIVEN
    const stack = fixture({
      Trail: { Type: 'AWS::CloudTrail::Trail', Properties: { IsLogging: true } },
      Short: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } },
      Forever: { Type: 'AWS::Logs::LogGroup', Properties: {} },
      Retention: { Type: 'Custom::LogRetention', Properties: { RetentionInDays: 7 } },
    });

    // WHEN
    const facts = runVerifier(V['logs-in-cloudwatch'], [stack], { logRetentionDays: '365' });

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({ logicalId: 'Trail', propertyPath: 'Properties.CloudWatchLogsLogGroupArn', found: '(absent)' }),
      expect.objectContaining({ logicalId: 'Short', expected: '>= 365', found: '30' }),
      expect.objectContaining({ logicalId: 'Retention', expected: '>= 365', found: '7' }),
    ]);
    expect(facts.find((f) => f.logicalId === 'Forever')).toMatchObject({ satisfied: true, note: expect.stringMatching(/indefinitely/) });
  });

  test('S0-04 INFINITE wants no RetentionInDays at all', () => {
    // GIVEN
    const stack = fixture({ Trail: TRAIL, Group: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 3653 } } });

    // THEN
    expect(failing(runVerifier(V['logs-in-cloudwatch'], [stack], { logRetentionDays: 'INFINITE' }))).toEqual([
      expect.objectContaining({ logicalId: 'Group', expected: '(absent): kept indefinitely', found: '3653' }),
    ]);
  });

  test('S0-04 fails without a trail, or without an expectation', () => {
    expect(failing(runVerifier(V['logs-in-cloudwatch'], [fixture({})], { logRetentionDays: '365' }))).toEqual([
      expect.objectContaining({ propertyPath: 'Resources[Type=AWS::CloudTrail::Trail]', found: '(none)' }),
    ]);
    expect(failing(runVerifier(V['logs-in-cloudwatch'], [service]))).toEqual([expect.objectContaining({ found: '(absent)' })]);
  });
});

describe('audit-log-retention', () => {
  test('S1-06 proves the trail\'s log group and bucket keep a year', () => {
    // WHEN
    const facts = runVerifier(V['audit-log-retention'], [service], { minimumLogRetentionDays: '365' });

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts.map((f) => [f.propertyPath, f.found])).toEqual([
      ['Properties.IsLogging', 'true'],
      ['Properties.RetentionInDays', '365'],
      [expect.stringMatching(/^Properties\.LifecycleConfiguration\.Rules\.\d\.ExpirationInDays$/), '365'],
    ]);
  });

  test('S1-06 fails a log group and a bucket that keep 90 days', () => {
    // GIVEN
    const stack = fixture({
      Trail: TRAIL,
      Group: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 90 } },
      TrailBucket: { Type: 'AWS::S3::Bucket', Properties: { LifecycleConfiguration: { Rules: [{ Status: 'Enabled', ExpirationInDays: 90 }, { Status: 'Disabled', ExpirationInDays: 1 }] } } },
    });

    // WHEN
    const facts = runVerifier(V['audit-log-retention'], [stack], { minimumLogRetentionDays: '365' });

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({ logicalId: 'Group', propertyPath: 'Properties.RetentionInDays', expected: '>= 365', found: '90' }),
      expect.objectContaining({ logicalId: 'TrailBucket', propertyPath: 'Properties.LifecycleConfiguration.Rules.0.ExpirationInDays', expected: '>= 365', found: '90' }),
    ]);
  });

  test('S1-06 fails an expiration date and a trail without log group', () => {
    // GIVEN
    const { CloudWatchLogsLogGroupArn: _, ...toS3 } = TRAIL.Properties;
    const stack = fixture({
      Trail: { Type: 'AWS::CloudTrail::Trail', Properties: toS3 },
      TrailBucket: { Type: 'AWS::S3::Bucket', Properties: { LifecycleConfiguration: { Rules: [{ Status: 'Enabled', ExpirationDate: '2030-01-01' }] } } },
    });

    // THEN
    expect(failing(runVerifier(V['audit-log-retention'], [stack], { minimumLogRetentionDays: '365' }))).toEqual([
      expect.objectContaining({ propertyPath: 'Properties.CloudWatchLogsLogGroupArn', found: '(absent)' }),
      expect.objectContaining({ propertyPath: 'Properties.LifecycleConfiguration.Rules.0.ExpirationDate', found: '2030-01-01' }),
    ]);
    expect(failing(runVerifier(V['audit-log-retention'], [fixture({})], { minimumLogRetentionDays: '365' }))).toHaveLength(1);
  });
});

describe('log-masking', () => {
  test('S1-04 S4-04 proves the ApplicationLogGroup masks e-mail addresses, names and addresses, and audits', () => {
    // WHEN
    const facts = runVerifier(V['log-masking'], [service]);

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts[0].found).toMatch(/^masks EmailAddress, Name, Address, PhoneNumber-US, .*; audit statement$/);
  });

  test('S1-04 fails a policy that masks only e-mail addresses and does not audit', () => {
    // GIVEN
    const stack = fixture({
      Group: {
        Type: 'AWS::Logs::LogGroup',
        Properties: {
          DataProtectionPolicy: {
            Statement: [{ DataIdentifier: ['arn:aws:dataprotection::aws:data-identifier/EmailAddress'], Operation: { Deidentify: { MaskConfig: {} } } }],
          },
        },
      },
    });

    // THEN
    expect(failing(runVerifier(V['log-masking'], [stack]))).toEqual([expect.objectContaining({
      expected: 'masks EmailAddress, Name, Address, CreditCardNumber, PhoneNumber-* (Deidentify MaskConfig) and audits',
      found: 'masks EmailAddress; no audit statement',
      note: 'does not mask Name, Address, CreditCardNumber, PhoneNumber-*; has no Audit statement',
    })]);
  });

  test('S4-04 proves an account-wide data-protection policy, and fails without any', () => {
    // GIVEN
    const ids = ['EmailAddress', 'Name', 'Address', 'CreditCardNumber', 'PhoneNumber-US'].map((n) => `arn:aws:dataprotection::aws:data-identifier/${n}`);
    const stack = fixture({
      Account: {
        Type: 'AWS::Logs::AccountPolicy',
        Properties: {
          PolicyType: 'DATA_PROTECTION_POLICY',
          PolicyDocument: JSON.stringify({
            Statement: [
              { DataIdentifier: ids, Operation: { Audit: { FindingsDestination: {} } } },
              { DataIdentifier: ids, Operation: { Deidentify: { MaskConfig: {} } } },
            ],
          }),
        },
      },
    });

    // THEN
    expect(proves(runVerifier(V['log-masking'], [stack]))).toBe(true);
    expect(failing(runVerifier(V['log-masking'], [fixture({})]))).toEqual([expect.objectContaining({ found: '(none)' })]);
  });
});

describe('anomaly-monitoring', () => {
  test('S1-07 S4-09 proves GuardDuty and the 15 CIS alarms with actions on the trail\'s log group', () => {
    // WHEN
    const facts = runVerifier(V['anomaly-monitoring'], [service]);

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts[facts.length - 1]).toMatchObject({ expected: '15 CIS monitoring controls with an alarm', found: '15 of 15' });
  });

  test('S1-07 fails a disabled detector and a CIS filter without alarm', () => {
    // GIVEN
    const stack = fixture({
      Detector: { Type: 'AWS::GuardDuty::Detector', Properties: { Enable: false } },
      Trail: TRAIL,
      Group: { Type: 'AWS::Logs::LogGroup', Properties: {} },
      Root: {
        Type: 'AWS::Logs::MetricFilter',
        Properties: {
          LogGroupName: { Ref: 'Group' },
          FilterPattern: CisAlarms.controls[2].filterPattern,
          MetricTransformations: [{ MetricName: 'Root', MetricNamespace: 'CIS', MetricValue: '1' }],
        },
      },
      Silent: { Type: 'AWS::CloudWatch::Alarm', Properties: { MetricName: 'Root', Namespace: 'CIS' } },
    });

    // WHEN
    const facts = runVerifier(V['anomaly-monitoring'], [stack]);

    // THEN
    expect(failing(facts)).toEqual(expect.arrayContaining([
      expect.objectContaining({ logicalId: 'Detector', propertyPath: 'Properties.Enable', expected: 'true', found: 'false' }),
      expect.objectContaining({ logicalId: 'Root', propertyPath: 'Properties.FilterPattern', found: 'Root -> Silent (no alarm action)' }),
      expect.objectContaining({ expected: 'CIS 4.1 (UnauthorizedApiCalls): a metric filter on Group and an alarm with an action', found: '(no matching metric filter)' }),
      expect.objectContaining({ expected: '15 CIS monitoring controls with an alarm', found: '0 of 15' }),
    ]));
    expect(failing(facts)).toHaveLength(1 + 15 + 1);
  });

  test('S1-07 each CisAlarms control pattern implements its own CIS signature and no other', () => {
    for (const [i, control] of CisAlarms.controls.entries()) {
      const matched = CIS_SIGNATURES.filter((s) => matchesCisSignature(control.filterPattern, s.tokens)).map((s) => s.id);
      expect({ control: control.id, matched }).toEqual({ control: CIS_SIGNATURES[i].id, matched: [control.id] });
    }
  });

  test('S4-09 fails without a detector and without a trail', () => {
    expect(failing(runVerifier(V['anomaly-monitoring'], [fixture({})])).map((f) => f.propertyPath)).toEqual([
      'Resources[Type=AWS::GuardDuty::Detector]', 'Resources[Type=AWS::CloudTrail::Trail]',
    ]);
  });
});

describe('central-security-analysis', () => {
  test('S2-14 proves GuardDuty, Security Hub with its standards, the trail in CloudWatch Logs and the CIS alarms', () => {
    // WHEN
    const facts = runVerifier(V['central-security-analysis'], [service]);

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts[1].found).toBe('aws-foundational-security-best-practices/v/1.0.0, cis-aws-foundations-benchmark/v/3.0.0');
  });

  test('S2-14 fails a hub without standards, and without detector', () => {
    // GIVEN
    const stack = fixture({ Hub: { Type: 'AWS::SecurityHub::Hub', Properties: { EnableDefaultStandards: false } } });

    // WHEN
    const facts = runVerifier(V['central-security-analysis'], [stack]);

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({ propertyPath: 'Resources[Type=AWS::GuardDuty::Detector]', found: '(none)' }),
      expect.objectContaining({ logicalId: 'Hub', propertyPath: 'Properties.EnableDefaultStandards', found: 'false' }),
      expect.objectContaining({ propertyPath: 'Resources[Type=AWS::CloudTrail::Trail]', found: '(none)' }),
    ]);
  });

  test('S2-14 takes the default standards of a hub that does not turn them off', () => {
    // GIVEN
    const stack = fixture({ Hub: { Type: 'AWS::SecurityHub::Hub', Properties: {} } });

    // THEN
    expect(runVerifier(V['central-security-analysis'], [stack])[1]).toMatchObject({ satisfied: true, note: expect.stringMatching(/default standards/) });
  });
});

describe('incident-routing', () => {
  test('S0-11 S4-11 proves GuardDuty and Security Hub findings reach the encrypted topic, and the breach notice was written', () => {
    // WHEN
    const facts = runVerifier(V['incident-routing'], [service], {}, { assembly: { files: assemblyFiles } });

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts[2]).toMatchObject({ propertyPath: 'cloud assembly file', found: 'TestStack.breach-notice.md' });
  });

  test('S0-11 S4-11 finds the breach notice of a stack inside a Stage, in the Stage\'s nested assembly', () => {
    // GIVEN a stack with IncidentResponse inside a Stage, synthesized and read back from the cloud assembly
    const app = new App();
    const stage = new Stage(app, 'Prod');
    const staged = new Stack(stage, 'Service', { env: { region: 'us-east-1' } });
    new DataProtectionPolicy(staged, 'Policy', DEFAULT_POLICY);
    new IncidentResponse(staged, 'Incidents');
    const assembly = readAssembly(app.synth().directory);
    const view = assembly.stacks.find((s) => s.stackName === 'Prod-Service')!;

    // WHEN
    const facts = runVerifier(V['incident-routing'], [view], {}, { assembly: { files: assembly.files } });

    // THEN
    expect(view.templateFile).toMatch(/^assembly-Prod\//);
    expect(facts.find((f) => f.propertyPath === 'cloud assembly file')).toMatchObject({
      expected: 'assembly-Prod/Prod-Service.breach-notice.md', found: 'assembly-Prod/Prod-Service.breach-notice.md', satisfied: true,
    });
  });

  test('S0-11 fails a rule to an unencrypted topic, a missing Security Hub rule and a missing notice', () => {
    // GIVEN
    const stack = fixture({
      Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
      Rule: { Type: 'AWS::Events::Rule', Properties: { EventPattern: JSON.stringify({ source: ['aws.guardduty'] }), Targets: [{ Arn: { Ref: 'Topic' }, Id: 'T' }] } },
      Off: { Type: 'AWS::Events::Rule', Properties: { State: 'DISABLED', EventPattern: { source: ['aws.securityhub'] }, Targets: [] } },
    });

    // WHEN
    const facts = runVerifier(V['incident-routing'], [stack]);

    // THEN
    expect(failing(facts)).toEqual([
      expect.objectContaining({ logicalId: 'Rule', propertyPath: 'Properties.Targets', found: '${Topic}' }),
      expect.objectContaining({ propertyPath: 'Resources[Type=AWS::Events::Rule].Properties.EventPattern.source', found: '(none)' }),
      expect.objectContaining({ propertyPath: 'cloud assembly file', expected: 'Fixture.breach-notice.md', found: '(absent)' }),
    ]);
  });
});

describe('vulnerability-scanning', () => {
  test('S4-10 proves ThreatDetection enables Inspector and says which resources it scans', () => {
    // WHEN
    const facts = runVerifier(V['vulnerability-scanning'], [service]);

    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts).toEqual([expect.objectContaining({ propertyPath: 'Properties.Create', found: 'inspector2:Enable EC2, ECR, LAMBDA, LAMBDA_CODE' })]);
  });

  test('S4-10 an AWS::InspectorV2 resource does not enable Inspector; nothing at all fails too', () => {
    // GIVEN
    const stack = fixture({ Filter: { Type: 'AWS::InspectorV2::Filter', Properties: {} } });

    // THEN
    expect(failing(runVerifier(V['vulnerability-scanning'], [stack]))).toEqual([
      expect.objectContaining({ logicalId: 'Filter', found: 'AWS::InspectorV2::Filter', note: 'this resource configures Inspector but does not enable it' }),
    ]);
    expect(failing(runVerifier(V['vulnerability-scanning'], [fixture({})]))).toEqual([expect.objectContaining({ found: '(none)' })]);
  });
});
