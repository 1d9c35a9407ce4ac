import { App, Duration, Stack } from 'aws-cdk-lib';
import { stackView } from '../../lib/evidence/assembly';
import { RecordedClaim } from '../../lib/evidence/model';
import { verifyAssembly } from '../../lib/evidence/verify';
import { DataProtectionPolicy } from '../../lib/policy/data-protection-policy';
import { LogRetentionPromise, LogScope } from '../../lib/promises';
import { assemblyOf, viewOfStack } from '../evidence/helpers';
import { DEFAULT_POLICY } from '../helpers/compliance';

/** The template of a stack whose policy claims S0-02 and S4-13 and promises application logs kept 90 days. */
function template(): Record<string, any> {
  const stack = new Stack(new App(), 'Service', { env: { region: 'us-east-1' } });
  new DataProtectionPolicy(stack, 'Policy', {
    ...DEFAULT_POLICY,
    claims: ['S0-02', 'S4-13'],
    promises: [new LogRetentionPromise({ scope: LogScope.APPLICATION, retention: Duration.days(90) })],
  });
  return JSON.parse(JSON.stringify(viewOfStack(stack).template));
}

/** The verdicts after `edit` changed the recorded claims. */
function verdictsAfter(edit: (claims: Record<string, RecordedClaim & { expected: Array<{ property: string; value: string }> }>) => void) {
  const t = template();
  const claims = Object.fromEntries(t.Metadata['cdk-data-protection'].claims.map((c: any) => [c.id, c]));
  edit(claims);
  return verifyAssembly(assemblyOf([stackView({ id: 'Service', template: t, region: 'us-east-1' })])).claims;
}

describe('the report never trusts the values it wrote (issue 19 item 9)', () => {
  test('S4-13 an unedited record is PROVEN, with the sentence its parameters give', () => {
    const s413 = verdictsAfter(() => undefined).find((c) => c.id === 'S4-13')!;
    expect(s413).toMatchObject({ verdict: 'PROVEN', kind: 'catalog', text: 'Security issues can be reported to security@example.com.' });
  });

  test('S0-02 an expected value edited to 1 is VIOLATED, naming the value the parameters give', () => {
    const s002 = verdictsAfter((c) => {
      c['S0-02'].expected[0] = { property: 'backupRetentionDays', value: '1' };
    }).find((c) => c.id === 'S0-02')!;
    expect(s002.verdict).toBe('VIOLATED');
    expect(s002.gaps).toEqual([expect.stringMatching(/claims\[S0-02\]\.expected\.backupRetentionDays: expected 14, found 1/)]);
  });

  test('S0-02 parameters, value and sentence all edited to 1 day are VIOLATED: the catalog id means 14 days', () => {
    const s002 = verdictsAfter((c) => {
      (c['S0-02'] as any).params = { backupRetentionDays: 1 };
      c['S0-02'].expected[0] = { property: 'backupRetentionDays', value: '1' };
      (c['S0-02'] as any).text = 'Daily backups are kept 1 day.';
    }).find((c) => c.id === 'S0-02')!;
    expect(s002.verdict).toBe('VIOLATED');
    expect(s002.gaps).toEqual([expect.stringMatching(/it promises daily backups kept 14 days, but the policy's backup retention is 1 days/)]);
  });

  test('S4-13 a sentence edited to say more is VIOLATED', () => {
    const s413 = verdictsAfter((c) => {
      (c['S4-13'] as any).text = 'Security issues are answered within the hour at security@example.com.';
    }).find((c) => c.id === 'S4-13')!;
    expect(s413.verdict).toBe('VIOLATED');
    expect(s413.gaps[0]).toMatch(/claims\[S4-13\]\.text: expected Security issues can be reported to security@example.com\., found Security issues are answered/);
  });

  test('a vocabulary promise whose retention is edited in its value only is VIOLATED', () => {
    const logs = verdictsAfter((c) => {
      c['log-retention.application'].expected[0] = { property: 'logRetention.application', value: '3653' };
    }).find((c) => c.id === 'log-retention.application')!;
    expect(logs.verdict).toBe('VIOLATED');
    expect(logs.gaps[0]).toMatch(/expected\.logRetention\.application: expected 90, found 3653/);
  });

  test('a record without kind and parameters (an older library, or edited) is VIOLATED, never PROVEN', () => {
    const s413 = verdictsAfter((c) => {
      delete (c['S4-13'] as any).kind;
      delete (c['S4-13'] as any).params;
    }).find((c) => c.id === 'S4-13')!;
    expect(s413.verdict).toBe('VIOLATED');
    expect(s413.gaps[0]).toMatch(/recorded without its kind and parameters/);
  });

  test('a kind this version does not know is VIOLATED', () => {
    const logs = verdictsAfter((c) => {
      (c['log-retention.application'] as any).kind = 'log-retention-v9';
    }).find((c) => c.id === 'log-retention.application')!;
    expect(logs.verdict).toBe('VIOLATED');
    expect(logs.gaps[0]).toMatch(/of kind 'log-retention-v9', which cdk-data-protection .* does not know/);
  });
});
