import { claimOf, evidenceFixture, FAILING_TLS_FACT, SERVICE, VIOLATED_TLS_TEXT } from './fixtures';
import { cell, claimAnchors, codeCell, markdownReport, registerMarkdown } from '../../lib/evidence/report-markdown';

/** The lines of a Markdown text between a heading and the next heading of the same or a higher level. */
function section(markdown: string, heading: string): string {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) {
    throw new Error(`no heading '${heading}'`);
  }
  const level = heading.indexOf(' ');
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && l.indexOf(' ') <= level);
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

describe('markdownReport', () => {
  const result = evidenceFixture();
  const report = markdownReport(result);

  test('states when, from which assembly and by which version, with the counts per verdict', () => {
    // THEN
    expect(report).toMatch(/^# Evidence report\n/);
    expect(report).toContain('Generated 2026-11-20T10:00:00.000Z by cdk-data-protection 1.2.3 from the cloud assembly `cdk.out`.');
    expect(report).toContain('**9 claims: 5 proven, 2 violated, 2 not provable from a template (organisational).**');
    expect(section(report, '## Stacks')).toContain('| DataProtectionOffsite-us-east-2 | us-east-2 | (environment-agnostic) | offsite-backup |');
  });

  test('the summary has one row per claim with its verdict and stacks, linking to the claim', () => {
    // GIVEN
    const summary = section(report, '## Summary');

    // THEN
    expect(summary).toContain(`| [S0-02](#s0-02) | Daily backups are kept 14 days. | PROVEN | ${SERVICE} |`);
    expect(summary).toContain(`| [S0-08](#s0-08) | ${VIOLATED_TLS_TEXT} | VIOLATED | ${SERVICE} |`);
    expect(summary).toContain('| [S0-12](#s0-12) | Users are not tracked with screen recordings. | NOT PROVABLE |');
    expect(summary.split('\n').filter((l) => l.startsWith('| [')).length).toBe(result.claims.length);
  });

  test('S0-02 each claim has an anchor for the trust page and its facts as a table', () => {
    // GIVEN
    const s002 = section(report, '### S0-02: Daily backups are kept 14 days.');

    // THEN
    expect(report).toContain('<a id="s0-02"></a>\n\n### S0-02: Daily backups are kept 14 days.');
    expect(s002).toContain('**PROVEN** · scope: infra');
    expect(s002).toContain('Controls: SOC 2 A1.2, C1.2 · ISO/IEC 27001:2022 A.8.13, A.8.10 · GDPR Art. 32(1)(c) · CNIL sheets 10, 11');
    expect(s002).toContain('| Stack | Resource | Property | Expected | Found | OK |');
    expect(s002).toContain(`| ${SERVICE} | \`${SERVICE}/Database/Resource\` (\`DatabaseB269D8BB\`) | \`Properties.BackupRetentionPeriod\` | 14 | 14 | yes |`);
    expect(s002).not.toContain('What is missing or wrong');
  });

  test('S0-08 a violated claim lists its failing fact and its gaps, with | and newlines escaped in cells', () => {
    // GIVEN
    const s008 = section(report, `### S0-08: ${VIOLATED_TLS_TEXT}`);

    // THEN
    expect(s008).toContain('**VIOLATED**');
    expect(s008).toContain('2 facts read from the templates, 1 not satisfied');
    expect(s008).toContain(`| \`Properties.SslPolicy\` | ${FAILING_TLS_FACT.expected} | ELBSecurityPolicy-2016-08 | **no** | allows TLS 1.0 \\| 1.1<br>and CBC ciphers |`);
    expect(s008).toContain('What is missing or wrong:\n\n- DataProtectionReference');
    // Every table row keeps its column count: the escaped pipe does not split the cell.
    const rows = s008.split('\n').filter((l) => l.startsWith('| '));
    for (const row of rows) {
      expect(row.split(/(?<!\\)\|/).length).toBe(rows[0].split(/(?<!\\)\|/).length);
    }
  });

  test('S0-11 S0-12 the organisational part of infra+doc and org claims is stated as not provable', () => {
    // THEN
    expect(section(report, `### S0-11: ${claimOf(result, 'S0-11').text}`))
      .toContain(`> The organisational part is not provable from a template: ${claimOf(result, 'S0-11').organisational}`);
    const s012 = section(report, '### S0-12: Users are not tracked with screen recordings.');
    expect(s012).toContain('**NOT PROVABLE** · scope: org');
    expect(s012).toContain(`> Organisational, not provable from a template: ${claimOf(result, 'S0-12').organisational}`);
    expect(s012).not.toContain('The templates show no fact');
  });

  test('S2-15 compliance findings: open ones first, then acknowledged ones with their reasons', () => {
    // GIVEN
    const findings = section(report, '## Compliance findings');

    // THEN
    expect(findings).toContain('1 open, 1 acknowledged');
    expect(findings.indexOf('### Open (1)')).toBeLessThan(findings.indexOf('### Acknowledged (1)'));
    expect(findings).toContain(`| AwsSolutions | \`AwsSolutions-S1\` | error | \`${SERVICE}/CustomerData/Resource\` | The S3 Bucket has server access logs disabled. |`);
    expect(findings).toContain('| The handler of aws-cdk-lib that empties the default security group calls only the EC2 API. |');
  });

  test('acknowledgements are grouped by rule and reason, each resource counted once', () => {
    // GIVEN
    const acks = section(report, '## Acknowledgements recorded in the templates');

    // THEN
    expect(acks).toContain('3 acknowledgements (rule, reason, owner and expiry) of 2 rules on 5 resources.');
    expect(acks).toContain('| `HIPAA.Security-S3BucketReplicationEnabled` | Cross-region replication is opt-in (`replication`). | not recorded | not recorded | S2-06, S2-10, S2-11 | 3 |');
    expect(acks).toContain('| `AwsSolutions-IAM5[Resource::*]` | iam:ListVirtualMFADevices supports no resource-level permissions \\| by design | not recorded | not recorded | S1-03 | 1 |');
    expect(acks).toContain('| `AwsSolutions-IAM5[Resource::*]` | iam:UpdateAccountPasswordPolicy supports no resource-level permissions. | not recorded | not recorded | S1-03 | 1 |');
  });

  test('S3-01 the register of processing activities lists each data store, untagged ones marked', () => {
    // GIVEN
    const register = section(report, '## Register of processing activities (GDPR Art. 30)');

    // THEN
    expect(register).toContain('**Security and data-protection contact:** security@example.com');
    expect(register).toContain('| Data store | Class | Personal data | Purpose | Retention | Region | Encryption | Backups | Processors |');
    expect(register).toContain('| Customer User Data (`customer-user-data`, RESTRICTED) | yes | Profiles of our customers\' users |');
    expect(register).toContain('| **untagged** | unknown | (not stated) | kept until deleted | us-east-1 | AES256 | none |');
  });

  test('ends with how to read the report, and has no framework sections unless asked', () => {
    // THEN
    expect(report).toContain('## How to read this report');
    expect(report.indexOf('## How to read this report')).toBeGreaterThan(report.indexOf('## Register of processing activities'));
    expect(report).not.toContain('## Claims by framework');
  });

  test('S1-13 S4-12 S3-03 groupBy framework lists each control with its claims and verdicts', () => {
    // WHEN
    const byFramework = markdownReport(result, { groupBy: 'framework' });
    const frameworks = section(byFramework, '## Claims by framework');

    // THEN
    expect(frameworks).toContain('### SOC 2 trust services criteria');
    expect(frameworks).toContain('### ISO/IEC 27001:2022 Annex A');
    expect(frameworks).toContain('### GDPR Art. 32(1)');
    expect(frameworks).toContain('### CNIL security guide sheets');
    expect(frameworks).toContain('| A1.2 | [S0-02](#s0-02) PROVEN | 1 of 1 |');
    expect(frameworks).toContain('| CC6.7 | [S0-08](#s0-08) VIOLATED | 0 of 1 |');
    expect(frameworks).toContain('| A.8.13 | [S0-02](#s0-02) PROVEN | 1 of 1 |');
    expect(frameworks).toContain('| Sheet 10 | [S0-02](#s0-02) PROVEN | 1 of 1 |');
    // Controls come in natural order (CC6.7 before CC7.1, as CC7.2 would come before CC7.10).
    const soc2 = section(frameworks, '### SOC 2 trust services criteria').split('\n')
      .filter((l) => /^\| [A-Z]+\d/.test(l)).map((l) => l.split(' | ')[0].slice(2));
    expect(soc2).toEqual(['A1.2', 'C1.1', 'C1.2', 'CC1.4', 'CC2.3', 'CC6.7', 'CC7.1', 'CC7.3', 'CC7.4', 'CC8.1', 'P3.1']);
  });

  test('a claim recorded by two policies with other values gets a second anchor', () => {
    // GIVEN
    const twice = evidenceFixture();
    const second = { ...claimOf(twice, 'S0-05'), text: 'Data is hosted in one AWS region: eu-west-1.', stacks: ['Other'] };
    const claims = [...twice.claims, second];

    // WHEN
    const anchors = claimAnchors(claims);
    const report2 = markdownReport({ ...twice, claims });

    // THEN
    expect(anchors.get(second)).toBe('s0-05-2');
    expect(report2).toContain('<a id="s0-05"></a>');
    expect(report2).toContain('<a id="s0-05-2"></a>');
    expect(report2).toContain('| [S0-05](#s0-05-2) | Data is hosted in one AWS region: eu-west-1. | PROVEN | Other |');
  });

  test('an assembly with no claim says so', () => {
    // WHEN
    const nothing = { claims: [], findings: [], acknowledgements: [], register: [], summary: { proven: 0, violated: 0, notProvable: 0 } };
    const empty = markdownReport({ ...result, ...nothing });

    // THEN
    expect(empty).toContain('The templates record no claim');
    expect(empty).toContain('No resource records an acknowledged rule.');
    expect(empty).toContain('The templates hold no data store.');
  });
});

describe('table cells', () => {
  test('escape pipes, line breaks and tags, and keep code spans intact around backticks', () => {
    // THEN
    expect(cell('a | b\nc')).toBe('a \\| b<br>c');
    expect(cell('<script>x</script> >= 365')).toBe('&lt;script>x&lt;/script> >= 365');
    expect(cell('C:\\path')).toBe('C:\\\\path');
    expect(codeCell('Fn::Join|x')).toBe('`Fn::Join\\|x`');
    expect(codeCell('a `b` c')).toBe('`` a `b` c ``');
  });
});

describe('registerMarkdown', () => {
  test('S3-01 S1-14 is a document of its own with the contact line and what the controller completes', () => {
    // WHEN
    const register = registerMarkdown(evidenceFixture());

    // THEN
    expect(register).toMatch(/^# Register of processing activities \(GDPR Art\. 30\)\n/);
    expect(register).toContain(`from the templates of ${SERVICE}, DataProtectionOffsite-us-east-2.`);
    expect(register).toContain('**Security and data-protection contact:** security@example.com');
    expect(register).toContain('| `DataProtectionReference/CustomerUserData/Resource`<br>AWS::S3::Bucket in DataProtectionReference |');
    expect(register).toContain('| Amazon Web Services (Amazon RDS), Amazon Web Services (AWS Backup) |');
    expect(register).toContain('categories of data subjects');
  });

  test('a policy without a contact says none was recorded', () => {
    // WHEN
    const register = registerMarkdown({ ...evidenceFixture(), securityContact: undefined });

    // THEN
    expect(register).toContain('**Security and data-protection contact:** (none recorded by the policy)');
  });
});
