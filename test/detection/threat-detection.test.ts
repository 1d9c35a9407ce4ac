import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AtRestEncryption, DetectionSetup, IncidentResponse, SecurityHubStandard, ThreatDetection, ThreatDetectionProps } from '../../lib';
import { checkedApp, errorOf, expectNoUnacknowledgedFindings, stackWithPolicy, writtenTemplate } from '../helpers/compliance';

const PARTITION = { Ref: 'AWS::Partition' };
const ACCOUNT = { Ref: 'AWS::AccountId' };

function detection(props: ThreatDetectionProps = {}): { stack: Stack; construct: ThreatDetection; template: Template } {
  const stack = stackWithPolicy();
  const construct = new ThreatDetection(stack, 'Detection', props);
  return { stack, construct, template: Template.fromStack(stack) };
}

function standardArn(path: string): unknown {
  return { 'Fn::Join': ['', ['arn:', PARTITION, `:securityhub:us-east-1::standards/${path}`]] };
}

describe('ThreatDetection secure defaults (no props)', () => {
  // GIVEN a stack with the default policy / WHEN
  const { construct, template } = detection();

  test('S1-07 S2-14 S4-09 GuardDuty detector with every protection plan, Runtime Monitoring agents and 15-minute publishing', () => {
    template.resourceCountIs('AWS::GuardDuty::Detector', 1);
    template.hasResourceProperties('AWS::GuardDuty::Detector', {
      Enable: true,
      FindingPublishingFrequency: 'FIFTEEN_MINUTES',
      // Features only: CloudFormation refuses a detector that also sets the legacy DataSources.
      DataSources: Match.absent(),
      Features: [
        ...['S3_DATA_EVENTS', 'EKS_AUDIT_LOGS', 'EBS_MALWARE_PROTECTION', 'RDS_LOGIN_EVENTS', 'LAMBDA_NETWORK_LOGS'].map((Name) => ({ Name, Status: 'ENABLED' })),
        {
          Name: 'RUNTIME_MONITORING',
          Status: 'ENABLED',
          AdditionalConfiguration: ['EKS_ADDON_MANAGEMENT', 'ECS_FARGATE_AGENT_MANAGEMENT', 'EC2_AGENT_MANAGEMENT'].map((Name) => ({ Name, Status: 'ENABLED' })),
        },
      ],
    });
    expect(construct.detector).toBeDefined();
  });

  test('S2-14 Security Hub with consolidated control findings, no default standards and new controls enabled', () => {
    template.hasResourceProperties('AWS::SecurityHub::Hub', {
      EnableDefaultStandards: false,
      ControlFindingGenerator: 'SECURITY_CONTROL',
      AutoEnableControls: true,
    });
  });

  test('S2-14 the AWS Foundational Security Best Practices and CIS v3.0.0 standards, each enabled after the hub', () => {
    const hubId = Object.keys(template.findResources('AWS::SecurityHub::Hub'))[0];
    const standards = Object.values(template.findResources('AWS::SecurityHub::Standard')) as any[];
    expect(standards.map((s) => s.Properties.StandardsArn)).toEqual([
      standardArn('aws-foundational-security-best-practices/v/1.0.0'),
      standardArn('cis-aws-foundations-benchmark/v/3.0.0'),
    ]);
    for (const s of standards) {
      expect(s.DependsOn).toEqual([hubId]);
    }
    expect(construct.standards).toHaveLength(2);
  });

  test('S2-14 AWS Config records every supported type, global ones included, through the service-linked role', () => {
    template.hasResourceProperties('AWS::Config::ConfigurationRecorder', {
      RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: true },
      RecordingMode: { RecordingFrequency: 'CONTINUOUS' },
      RoleARN: { 'Fn::Join': ['', ['arn:', PARTITION, ':iam::', ACCOUNT, ':role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig']] },
    });
  });

  test('the Config service-linked role is created unless it exists, with a permission for that role only', () => {
    const created = Object.values(template.findResources('Custom::AWS')).map((r: any) => r.Properties.Create)
      .filter((c) => typeof c === 'string' && c.includes('createServiceLinkedRole'));
    expect(created.map((c) => JSON.parse(c))).toEqual([expect.objectContaining({
      service: 'IAM',
      parameters: { AWSServiceName: 'config.amazonaws.com' },
      ignoreErrorCodesMatching: '^InvalidInput(Exception)?$',
    })]);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Action: 'iam:CreateServiceLinkedRole',
          Resource: { 'Fn::Join': ['', ['arn:', PARTITION, ':iam::', ACCOUNT, ':role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig']] },
          Condition: { StringEquals: { 'iam:AWSServiceName': 'config.amazonaws.com' } },
        }],
      },
    });
  });

  test('Config delivers to an encrypted SecureBucket, once its bucket policy exists, kept as long as logs', () => {
    const logicalId = Stack.of(construct).getLogicalId(construct.configBucket!.bucket.node.defaultChild as CfnResource);
    const channel = Object.values(template.findResources('AWS::Config::DeliveryChannel'))[0] as any;
    expect(channel.Properties).toEqual({
      S3BucketName: { Ref: logicalId },
      S3KmsKeyArn: { 'Fn::GetAtt': [expect.stringMatching(/^DetectionConfigBucketKey/), 'Arn'] },
      ConfigSnapshotDeliveryProperties: { DeliveryFrequency: 'TwentyFour_Hours' },
    });
    expect(channel.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^DetectionConfigBucketPolicy/)]));
    const bucket = template.findResources('AWS::S3::Bucket')[logicalId];
    expect(bucket.Properties.Tags).toEqual(expect.arrayContaining([{ Key: 'data-class', Value: 'internal' }]));
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual(expect.arrayContaining([
      expect.objectContaining({ Id: 'expire-objects', ExpirationInDays: 365 }),
    ]));
  });

  test('the Config bucket policy lets only this account\'s Config check the bucket and deliver with bucket-owner-full-control', () => {
    const fromThisAccount = { 'aws:SourceAccount': ACCOUNT };
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^DetectionConfigBucket') },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AWSConfigBucketPermissionsCheck',
            Effect: 'Allow',
            Principal: { Service: 'config.amazonaws.com' },
            Action: ['s3:GetBucketAcl', 's3:ListBucket'],
            Condition: { StringEquals: fromThisAccount },
          }),
          Match.objectLike({
            Sid: 'AWSConfigBucketDelivery',
            Effect: 'Allow',
            Principal: { Service: 'config.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^DetectionConfigBucket'), 'Arn'] }, '/AWSLogs/', ACCOUNT, '/Config/*']] },
            Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...fromThisAccount } },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'AWSConfigKMSPolicy',
          Principal: { Service: 'config.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
        })]),
      },
    });
  });

  test('S2-14 the Config delivery channel is created after its recorder, as AWS Config requires', () => {
    // GIVEN
    const recorderId = Stack.of(construct).getLogicalId(construct.configRecorder!);

    // WHEN
    const channel = Object.values(template.findResources('AWS::Config::DeliveryChannel'))[0] as any;

    // THEN: the recorder waits on the service-linked role; without the dependency the channel could come first
    expect(channel.DependsOn).toContain(recorderId);
  });

  test('S4-10 an Enable call that lists the account in failedAccounts (HTTP 200) fails the resource: its id is the enabled account', () => {
    // GIVEN
    const inspector = Object.values(template.findResources('Custom::AWS'))
      .map((r: any) => r.Properties).find((p) => JSON.stringify(p.Create).includes('Inspector2'));
    const call = (expr: any) => JSON.parse(expr['Fn::Join'][1].map((part: unknown) => (typeof part === 'string' ? part : '123456789012')).join(''));

    // WHEN
    const calls = [call(inspector.Create), call(inspector.Update)];

    // THEN: a response without accounts[0] has no physical id, which CloudFormation refuses
    for (const c of calls) {
      expect(c.physicalResourceId).toEqual({ responsePath: 'accounts.0.accountId' });
      expect(c.ignoreErrorCodesMatching).toBeUndefined();
    }
  });

  test('S4-10 Inspector is enabled for EC2, ECR, Lambda and Lambda code on create and update, and left on at deletion', () => {
    const inspector = Object.values(template.findResources('Custom::AWS'))
      .map((r: any) => r.Properties).find((p) => JSON.stringify(p.Create).includes('Inspector2'));
    const call = (expr: any) => JSON.parse(expr['Fn::Join'][1].map((part: unknown) => (typeof part === 'string' ? part : '123456789012')).join(''));
    for (const c of [call(inspector.Create), call(inspector.Update)]) {
      expect(c).toEqual(expect.objectContaining({
        service: 'Inspector2',
        action: 'enable',
        parameters: { accountIds: ['123456789012'], resourceTypes: ['EC2', 'ECR', 'LAMBDA', 'LAMBDA_CODE'] },
      }));
    }
    expect(inspector.Delete).toBeUndefined();
    expect(inspector.InstallLatestAwsSdk).toBe(false);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: 'inspector2:Enable', Resource: '*' },
          Match.objectLike({ Action: 'iam:CreateServiceLinkedRole', Condition: { StringEquals: { 'iam:AWSServiceName': 'inspector2.amazonaws.com' } } }),
        ],
      },
    });
  });

  test('leaves no warning when it creates every service', () => {
    expect(Annotations.fromStack(Stack.of(construct)).findWarning('*', Match.stringLikeRegexp('ALREADY_ENABLED'))).toEqual([]);
  });
});

describe('ThreatDetection follows the policy', () => {
  test('S1-06 with SSE-S3 and logs kept forever, Config delivers without a KMS key and nothing expires', () => {
    // GIVEN
    const stack = stackWithPolicy(new App(), { atRestEncryption: AtRestEncryption.S3_MANAGED, logRetention: RetentionDays.INFINITE });

    // WHEN
    const construct = new ThreatDetection(stack, 'Detection');

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Config::DeliveryChannel', { S3KmsKeyArn: Match.absent() });
    expect(construct.configBucket!.encryption).toBe(AtRestEncryption.S3_MANAGED);
    const bucket = template.findResources('AWS::S3::Bucket')[Stack.of(construct).getLogicalId(construct.configBucket!.bucket.node.defaultChild as CfnResource)];
    expect(bucket.Properties.LifecycleConfiguration.Rules.map((r: any) => r.Id)).not.toContain('expire-objects');
  });
});

describe('ThreatDetection with services already enabled', () => {
  test.each([
    ['guardDuty', 'AWS::GuardDuty::Detector', 'guardduty', 'detector'],
    ['securityHub', 'AWS::SecurityHub::Hub', 'securityhub', 'hub'],
    ['config', 'AWS::Config::ConfigurationRecorder', 'config', 'configRecorder'],
  ])('S2-14 %s: ALREADY_ENABLED creates no %s and warns that the claim rests on the existing setup', (prop, type, service, field) => {
    // GIVEN / WHEN
    const { stack, construct, template } = detection({ [prop]: DetectionSetup.ALREADY_ENABLED });

    // THEN
    template.resourceCountIs(type, 0);
    expect((construct as any)[field]).toBeUndefined();
    Annotations.fromStack(stack).hasWarning('/TestStack/Detection',
      Match.stringLikeRegexp(`is not created by this stack \\(DetectionSetup.ALREADY_ENABLED\\).*\\[ack: cdk-data-protection:${service}-already-enabled\\]`));
  });

  test('S2-14 securityHub ALREADY_ENABLED enables no standards either', () => {
    const { construct, template } = detection({ securityHub: DetectionSetup.ALREADY_ENABLED });
    template.resourceCountIs('AWS::SecurityHub::Standard', 0);
    expect(construct.standards).toEqual([]);
  });

  test('config ALREADY_ENABLED creates no delivery channel, bucket or service-linked role', () => {
    const { construct, template } = detection({ config: DetectionSetup.ALREADY_ENABLED });
    template.resourceCountIs('AWS::Config::DeliveryChannel', 0);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    expect(JSON.stringify(template.toJSON())).not.toContain('createServiceLinkedRole');
    expect(construct.configBucket).toBeUndefined();
  });

  test('S4-10 inspector ALREADY_ENABLED creates no custom resource and warns', () => {
    const { stack, construct, template } = detection({ inspector: DetectionSetup.ALREADY_ENABLED, config: DetectionSetup.ALREADY_ENABLED });
    template.resourceCountIs('Custom::AWS', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
    expect(construct.inspectorEnablement).toBeUndefined();
    Annotations.fromStack(stack).hasWarning('/TestStack/Detection', Match.stringLikeRegexp('Amazon Inspector is not created.*claims S4-10'));
  });
});

describe('ThreatDetection Security Hub standards', () => {
  test('S2-14 chosen standards, including one named by its ARN path', () => {
    // GIVEN / WHEN
    const { template } = detection({
      securityHubStandards: [SecurityHubStandard.NIST_800_53_R5, SecurityHubStandard.of('cis-aws-foundations-benchmark/v/5.0.0')],
    });

    // THEN
    const arns = Object.values(template.findResources('AWS::SecurityHub::Standard')).map((s: any) => s.Properties.StandardsArn);
    expect(arns).toEqual([standardArn('nist-800-53/v/5.0.0'), standardArn('cis-aws-foundations-benchmark/v/5.0.0')]);
  });

  test.each([
    ['no standards', { securityHubStandards: [] }, /securityHubStandards must name at least one standard, got none/],
    ['a standard twice', { securityHubStandards: [SecurityHubStandard.NIST_800_53_R5, SecurityHubStandard.NIST_800_53_R5] },
      /securityHubStandards must not list 'nist-800-53\/v\/5.0.0' twice/],
    ['standards for a Security Hub it does not create', { securityHub: DetectionSetup.ALREADY_ENABLED, securityHubStandards: [SecurityHubStandard.NIST_800_53_R5] },
      /securityHubStandards applies only when this construct creates Security Hub \(securityHub: DetectionSetup.CREATE\), got securityHub: ALREADY_ENABLED/],
    ['an unknown setup value', { guardDuty: 'MAYBE' as DetectionSetup },
      /guardDuty must be DetectionSetup.CREATE or DetectionSetup.ALREADY_ENABLED, got 'MAYBE'/],
  ])('refuses %s', (_name, props, message) => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    const error = errorOf(() => new ThreatDetection(stack, 'Detection', props as ThreatDetectionProps));

    // THEN
    expect(error.name).toBe('DataProtectionError');
    expect(error.message).toMatch(/^TestStack\/Detection: /);
    expect(error.message).toMatch(message);
  });

  test('refuses a standard path that is not <name>/v/<x.y.z>', () => {
    expect(() => SecurityHubStandard.of('arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0'))
      .toThrow(/SecurityHubStandard path must look like '<name>\/v\/<x.y.z>', got 'arn:aws:securityhub:::ruleset/);
  });
});

describe('ThreatDetection policy and compliance', () => {
  test('fails with a clear error when no DataProtectionPolicy applies', () => {
    const stack = new Stack(new App(), 'NoPolicy');
    expect(() => new ThreatDetection(stack, 'Detection')).toThrow(/no DataProtectionPolicy applies here/);
  });

  test('S2-15 passes every compliance pack with all services created', () => {
    // GIVEN
    const app = checkedApp();
    const stack = stackWithPolicy(app);

    // WHEN
    new ThreatDetection(stack, 'Detection');

    // THEN
    expectNoUnacknowledgedFindings(app);
  });

  test('S0-11 S2-15 with every service already enabled, the incident rules still wire and pass every compliance pack', () => {
    // GIVEN
    const app = checkedApp();
    const stack = stackWithPolicy(app);

    // WHEN
    new ThreatDetection(stack, 'Detection', {
      guardDuty: DetectionSetup.ALREADY_ENABLED,
      securityHub: DetectionSetup.ALREADY_ENABLED,
      config: DetectionSetup.ALREADY_ENABLED,
      inspector: DetectionSetup.ALREADY_ENABLED,
    });
    new IncidentResponse(stack, 'Incidents');

    // THEN
    expectNoUnacknowledgedFindings(app);
    const template = Template.fromJSON(writtenTemplate(app, 'TestStack'));
    template.resourceCountIs('AWS::Events::Rule', 3);
  });
});
