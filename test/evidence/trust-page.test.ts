import { claimOf, evidenceFixture, VIOLATED_PACKS_TEXT, VIOLATED_TLS_TEXT } from './fixtures';
import { catalogClaim, CATALOG } from '../../lib/evidence/catalog';
import { TRUST_PAGE_SECTIONS, trustPage } from '../../lib/evidence/trust-page';

describe('trustPage', () => {
  const result = evidenceFixture();
  const page = trustPage(result, { serviceName: 'Blossom' });

  test('is a Security & Privacy page naming the service and the date', () => {
    // THEN
    expect(page).toMatch(/^# Security & Privacy\n\nLast updated 2026-11-20\n\nBlossom takes the security of your data/);
  });

  test('S0-02 states proven claims in plain language under their heading, each linked to its evidence', () => {
    // THEN
    expect(page).toContain('## Backups and availability\n\n- Daily backups are kept 14 days. ([evidence](evidence-report.md#s0-02))');
    expect(page).toContain('## Incident response\n\n- Security findings reach the incident team at once');
  });

  test('S0-05 S4-01 claims that say the same thing differently are both stated under Hosting and storage', () => {
    // THEN
    expect(page).toContain('## Hosting and storage\n\n- Data is hosted in one AWS region: us-east-1. ([evidence](evidence-report.md#s0-05))\n'
      + '- Data is stored in one AWS region: us-east-1. ([evidence](evidence-report.md#s4-01))');
  });

  test('S0-08 S2-15 a violated claim is never stated: neither its text nor its id appears, only a count in the footer', () => {
    // THEN
    expect(claimOf(result, 'S0-08').verdict).toBe('VIOLATED');
    expect(page).not.toContain(VIOLATED_TLS_TEXT);
    expect(page).not.toContain(VIOLATED_PACKS_TEXT);
    expect(page).not.toContain('S0-08');
    expect(page).not.toContain('s0-08');
    expect(page).not.toContain('## Data encryption');
    expect(page).not.toContain('## Compliance');
    expect(page).toContain('_2 further measures are not stated on this page because the templates do not prove them at present._');
  });

  test('S0-08 a proven claim with the same words as a violated one is not stated either', () => {
    // GIVEN: another policy proves the same sentence the first one violates
    const twice = evidenceFixture();
    const proven = { ...claimOf(twice, 'S0-08'), verdict: 'PROVEN' as const, gaps: [], stacks: ['Other'] };

    // WHEN
    const text = trustPage({ ...twice, claims: [...twice.claims, proven] });

    // THEN
    expect(text).not.toContain(VIOLATED_TLS_TEXT);
  });

  test('S0-12 S1-12 S0-11 organisational claims are commitments apart, marked as not proven by the infrastructure', () => {
    // GIVEN
    const commitments = page.slice(page.indexOf('## Our organisational commitments'), page.indexOf('## Reporting a vulnerability'));

    // THEN
    expect(commitments).toContain('**not proven by the infrastructure**');
    expect(commitments).toContain('- Users are not tracked with screen recordings.\n');
    expect(commitments).toContain('- Staff pass background checks, sign NDAs and are trained.');
    expect(commitments).toContain(`- ${catalogClaim('S0-11')!.organisational} ([S0-11](evidence-report.md#s0-11))`);
    // The organisational part of a violated infra+doc claim (S2-15) is not listed.
    expect(commitments).not.toContain(catalogClaim('S2-15')!.organisational);
    // Org claims are never stated as measures.
    expect(page.slice(0, page.indexOf('## Our organisational commitments'))).not.toContain('screen recordings');
  });

  test('S4-13 the security contact is published under Reporting a vulnerability, linked to its evidence', () => {
    // THEN
    expect(page).toContain('## Reporting a vulnerability\n\nSecurity issues can be reported to security@example.com. ([evidence](evidence-report.md#s4-13))');
  });

  test('S4-13 a policy that names a contact without claiming S4-13 still publishes it, unlinked; a violated S4-13 does not', () => {
    // GIVEN
    const base = evidenceFixture();
    const unclaimed = { ...base, claims: base.claims.filter((c) => c.id !== 'S4-13') };
    const violated = { ...base, claims: base.claims.map((c) => (c.id === 'S4-13' ? { ...c, verdict: 'VIOLATED' as const, gaps: ['bad contact'] } : c)) };

    // THEN
    expect(trustPage(unclaimed)).toContain('## Reporting a vulnerability\n\nIf you notice a security issue or have a question or concern, please contact security@example.com.');
    expect(trustPage(violated)).not.toContain('## Reporting a vulnerability');
  });

  test('links point at the report file given, and the footer says what the page is', () => {
    // WHEN
    const text = trustPage(result, { reportFile: 'evidence/report.md' });

    // THEN
    expect(text).toContain('([evidence](evidence/report.md#s0-02))');
    expect(text).toContain('by cdk-data-protection 1.2.3 from the synthesized infrastructure templates');
    expect(text).toMatch(/^# Security & Privacy\n\nLast updated 2026-11-20\n\nOur service takes/);
  });

  test('every technical claim of the catalog has a heading on the page', () => {
    // THEN
    const placed = new Set(TRUST_PAGE_SECTIONS.flatMap((s) => s.claims));
    expect(CATALOG.filter((c) => c.scope !== 'org' && c.id !== 'S4-13' && !placed.has(c.id)).map((c) => c.id)).toEqual([]);
  });
});
