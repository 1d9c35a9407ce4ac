import { catalogClaim } from '../../lib/evidence/catalog';
import { ClaimResult, ClaimScope, EvidenceResult, Fact, Verdict } from '../../lib/evidence/model';

/**
 * A hand-built `EvidenceResult` for the report writers: claims of every verdict and scope, open
 * and acknowledged findings, acknowledgements with repeated reasons and register entries.
 */

export const SERVICE = 'DataProtectionReference';
export const OFFSITE = 'DataProtectionOffsite-us-east-2';

/** The text of the violated TLS claim (S0-08), which no trust page may state. */
export const VIOLATED_TLS_TEXT = 'The TLS configuration allows only TLS 1.2 or newer with forward-secret ciphers.';
/** The text of the violated compliance-pack claim (S2-15). */
export const VIOLATED_PACKS_TEXT = 'Infrastructure code is checked by industry rule sets (AWS Solutions, HIPAA, NIST 800-53, PCI DSS, Control Tower) on every build.';

function claim(id: string, text: string, verdict: Verdict, facts: Fact[], gaps: string[] = [], stacks: string[] = [SERVICE]): ClaimResult {
  const entry = catalogClaim(id)!;
  const scope: ClaimScope = entry.scope;
  return { id, text, scope, verdict, facts, gaps, organisational: entry.organisational, stacks, controls: entry.controls };
}

const RDS = { stack: SERVICE, logicalId: 'DatabaseB269D8BB', constructPath: `${SERVICE}/Database/Resource` };
const PLAN = { stack: SERVICE, logicalId: 'BackupPlan2D1C8A50', constructPath: `${SERVICE}/Backup/Plan/Resource` };
const LISTENER = { stack: SERVICE, logicalId: 'EdgeHttpsListener1A2B3C4D', constructPath: `${SERVICE}/Edge/Resource/Https/Resource` };

/** The failing fact of S0-08: an old TLS policy on the HTTPS listener. */
export const FAILING_TLS_FACT: Fact = {
  ...LISTENER,
  propertyPath: 'Properties.SslPolicy',
  expected: 'TLS 1.2 or newer with forward secrecy',
  found: 'ELBSecurityPolicy-2016-08',
  satisfied: false,
  note: 'allows TLS 1.0 | 1.1\nand CBC ciphers',
};

/** The evidence of the reference service, as `verifyAssembly` would return it. */
export function evidenceFixture(): EvidenceResult {
  const claims: ClaimResult[] = [
    claim('S0-02', 'Daily backups are kept 14 days.', 'PROVEN', [
      { ...RDS, propertyPath: 'Properties.BackupRetentionPeriod', expected: '14', found: '14', satisfied: true },
      { ...PLAN, propertyPath: 'Properties.BackupPlan.BackupPlanRule.0.Lifecycle.DeleteAfterDays', expected: '14', found: '14', satisfied: true },
    ]),
    claim('S0-05', 'Data is hosted in one AWS region: us-east-1.', 'PROVEN', [
      { stack: SERVICE, propertyPath: 'Metadata.cdk-data-protection.region', expected: 'us-east-1', found: 'us-east-1', satisfied: true },
    ]),
    claim('S4-01', 'Data is stored in one AWS region: us-east-1.', 'PROVEN', [
      { stack: SERVICE, propertyPath: 'Metadata.cdk-data-protection.region', expected: 'us-east-1', found: 'us-east-1', satisfied: true },
    ]),
    claim('S0-08', VIOLATED_TLS_TEXT, 'VIOLATED', [
      { ...LISTENER, propertyPath: 'Properties.Protocol', expected: 'HTTPS', found: 'HTTPS', satisfied: true },
      FAILING_TLS_FACT,
    ], [`${SERVICE} ${LISTENER.constructPath} Properties.SslPolicy: expected TLS 1.2 or newer with forward secrecy, found ELBSecurityPolicy-2016-08`]),
    claim('S0-11', 'Security findings reach the incident team at once, and a breach notice template states the extent, what happened, the dates,'
      + ' the scope and the response.', 'PROVEN', [
      {
        stack: SERVICE,
        logicalId: 'IncidentResponseGuardDutyRule',
        constructPath: `${SERVICE}/IncidentResponse/GuardDuty/Resource`,
        propertyPath: 'Properties.Targets',
        expected: 'the incident topic',
        found: 'IncidentResponseTopic',
        satisfied: true,
      },
    ]),
    claim('S0-12', 'Users are not tracked with screen recordings.', 'NOT_PROVABLE', []),
    claim('S1-12', 'Staff pass background checks, sign NDAs and are trained.', 'NOT_PROVABLE', []),
    claim('S2-15', VIOLATED_PACKS_TEXT, 'VIOLATED', [
      {
        stack: 'validation-report.json',
        propertyPath: 'pluginReports[].violations',
        expected: '0 open findings',
        found: '1',
        satisfied: false,
        note: 'AwsSolutions-S1 at DataProtectionReference/CustomerData/Resource',
      },
    ], ['validation-report.json pluginReports[].violations: expected 0 open findings, found 1']),
    claim('S4-13', 'Security issues can be reported to security@example.com.', 'PROVEN', [
      {
        stack: SERVICE,
        propertyPath: 'Metadata.cdk-data-protection.securityContact',
        expected: 'security@example.com',
        found: 'security@example.com',
        satisfied: true,
      },
    ]),
  ];
  const count = (v: Verdict) => claims.filter((c) => c.verdict === v).length;
  return {
    generatedAt: '2026-11-20T10:00:00.000Z',
    toolVersion: '1.2.3',
    assemblyDirectory: 'cdk.out',
    stacks: [
      { id: SERVICE, templateFile: `${SERVICE}.template.json`, region: 'us-east-1', resources: 154, templateBytes: 263_475, policy: `${SERVICE}/Policy` },
      { id: OFFSITE, templateFile: `${OFFSITE}.template.json`, region: 'us-east-2', resources: 3, templateBytes: 7_800, policy: `${OFFSITE}/Policy`, role: 'offsite-backup' },
    ],
    securityContact: 'security@example.com',
    claims,
    findings: [
      {
        plugin: 'AwsSolutions',
        rule: 'AwsSolutions-S1',
        description: 'The S3 Bucket has server access logs disabled.',
        severity: 'error',
        constructPaths: [`${SERVICE}/CustomerData/Resource`],
      },
      {
        plugin: 'cdk-validator-cfnguard',
        rule: 'lambda_inside_vpc_check',
        severity: 'error',
        description: '[CT.LAMBDA.PR.3]: Require an AWS Lambda function to be in a customer-managed Amazon Virtual Private Cloud (VPC)',
        constructPaths: [`${SERVICE}/Custom::VpcRestrictDefaultSGCustomResourceProvider/Handler`],
        acknowledgedReason: 'The handler of aws-cdk-lib that empties the default security group calls only the EC2 API.',
      },
    ],
    acknowledgements: [
      ...['CustomerData', 'CustomerUserData', 'InternalData'].map((name) => ({
        stack: SERVICE,
        logicalId: `${name}Bucket`,
        constructPath: `${SERVICE}/${name}/Resource`,
        rule: 'HIPAA.Security-S3BucketReplicationEnabled',
        reason: 'Cross-region replication is opt-in (`replication`).',
      })),
      // The same resource acknowledged twice with the same reason (two synth passes): counted once.
      {
        stack: SERVICE,
        logicalId: 'CustomerDataBucket',
        constructPath: `${SERVICE}/CustomerData/Resource`,
        rule: 'HIPAA.Security-S3BucketReplicationEnabled',
        reason: 'Cross-region replication is opt-in (`replication`).',
      },
      {
        stack: SERVICE,
        logicalId: 'AccessAdministrator',
        constructPath: `${SERVICE}/Access/Administrator/Resource`,
        rule: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'iam:ListVirtualMFADevices supports no resource-level permissions | by design',
      },
      {
        stack: SERVICE,
        logicalId: 'PasswordPolicyResource',
        constructPath: `${SERVICE}/PasswordPolicy/Resource/Resource/Default`,
        rule: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'iam:UpdateAccountPasswordPolicy supports no resource-level permissions.',
      },
    ],
    register: [
      {
        stack: SERVICE,
        logicalId: 'CustomerUserDataBucket',
        constructPath: `${SERVICE}/CustomerUserData/Resource`,
        type: 'AWS::S3::Bucket',
        dataClass: 'customer-user-data',
        label: 'Customer User Data',
        protectionLevel: 'RESTRICTED',
        personalData: true,
        purpose: 'Profiles of our customers\' users',
        retention: 'expires after 1095 days once tagged as ended',
        region: 'us-east-1',
        encryption: 'aws:kms',
        backups: 'daily, kept 14 days',
        processors: ['Amazon Web Services (Amazon S3)'],
      },
      {
        stack: SERVICE,
        logicalId: 'DatabaseB269D8BB',
        constructPath: `${SERVICE}/Database/Resource`,
        type: 'AWS::RDS::DBInstance',
        dataClass: 'customer-user-data',
        label: 'Customer User Data',
        protectionLevel: 'RESTRICTED',
        personalData: true,
        retention: 'backups kept 14 days',
        region: 'us-east-1',
        encryption: 'aws:kms',
        backups: 'daily, kept 14 days',
        processors: ['Amazon Web Services (Amazon RDS)', 'Amazon Web Services (AWS Backup)'],
      },
      {
        stack: SERVICE,
        logicalId: 'ScratchBucket',
        constructPath: `${SERVICE}/Scratch/Resource`,
        type: 'AWS::S3::Bucket',
        retention: 'kept until deleted',
        region: 'us-east-1',
        encryption: 'AES256',
        backups: 'none',
        processors: ['Amazon Web Services (Amazon S3)'],
      },
    ],
    summary: { proven: count('PROVEN'), violated: count('VIOLATED'), notProvable: count('NOT_PROVABLE') },
  };
}

/** The claim result of `id` in a result. */
export function claimOf(result: EvidenceResult, id: string): ClaimResult {
  const found = result.claims.find((c) => c.id === id);
  if (!found) {
    throw new Error(`no claim ${id} in the fixture`);
  }
  return found;
}
