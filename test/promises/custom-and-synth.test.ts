import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { stackView } from '../../lib/evidence/assembly';
import { jsonReport } from '../../lib/evidence/report-json';
import { markdownReport } from '../../lib/evidence/report-markdown';
import { sarifReport } from '../../lib/evidence/report-sarif';
import { trustPage } from '../../lib/evidence/trust-page';
import { verifyAssembly } from '../../lib/evidence/verify';
import { DataProtectionPolicy } from '../../lib/policy/data-protection-policy';
import { CustomPromise, ICustomPromiseVerifier, PromiseFact, PromiseTemplate } from '../../lib/promises';
import { assemblyOf, viewOfStack } from '../evidence/helpers';
import { DEFAULT_POLICY } from '../helpers/compliance';

/** "Admin sessions last at most one hour": every role's MaxSessionDuration is 3600 s or less. */
class ShortSessions implements ICustomPromiseVerifier {
  public verify(templates: PromiseTemplate[]): PromiseFact[] {
    return templates.flatMap((t) => Object.entries<any>(t.template.Resources ?? {})
      .filter(([, r]) => r.Type === 'AWS::IAM::Role')
      .map(([logicalId, r]) => {
        const found = r.Properties?.MaxSessionDuration ?? 3600;
        return { stackId: t.stackId, logicalId, propertyPath: 'Properties.MaxSessionDuration', expected: '<= 3600', found: String(found), satisfied: found <= 3600 };
      }));
  }
}

function serviceWith(id: string, maxSessionDuration: number): Stack {
  const stack = new Stack(new App(), 'Service', { env: { region: 'us-east-1' } });
  new DataProtectionPolicy(stack, 'Policy', {
    ...DEFAULT_POLICY,
    promises: [new CustomPromise({ id, sentence: 'Admin sessions last at most one hour.', verifier: new ShortSessions(), soc2: ['CC6.1'], iso27001: ['8.5'] })],
  });
  new iam.Role(stack, 'Worker', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), maxSessionDuration: Duration.seconds(maxSessionDuration) });
  return stack;
}

describe('custom promises', () => {
  test('a custom promise is PROVEN by its own verifier and appears in every report format like a built-in one', () => {
    // GIVEN / WHEN
    const result = verifyAssembly(assemblyOf([viewOfStack(serviceWith('short-sessions', 3600))]));

    // THEN
    expect(result.claims).toEqual([expect.objectContaining({
      id: 'short-sessions',
      kind: 'custom',
      verdict: 'PROVEN',
      text: 'Admin sessions last at most one hour.',
      controls: { soc2: ['CC6.1'], iso27001: ['8.5'], gdprArt32: [], cnilSheets: [] },
    })]);
    expect(markdownReport(result, { groupBy: 'claim' })).toContain('short-sessions');
    expect(JSON.parse(jsonReport(result)).claims[0].id).toBe('short-sessions');
    expect(sarifReport(result)).toContain('short-sessions');
    expect(trustPage(result, { reportFile: 'evidence-report.md' })).toContain('Admin sessions last at most one hour.');
  });

  test('a custom promise its verifier finds broken is VIOLATED, with the fact', () => {
    const [claim] = verifyAssembly(assemblyOf([viewOfStack(serviceWith('short-sessions-broken', 43200))])).claims;
    expect(claim.verdict).toBe('VIOLATED');
    expect(claim.gaps).toEqual([expect.stringMatching(/Properties.MaxSessionDuration: expected <= 3600, found 43200/)]);
  });

  test('without its verifier (the standalone CLI, another process) a custom promise is NOT_PROVABLE, never PROVEN', () => {
    // GIVEN: a record of a custom promise no code of this process defined
    const view = stackView({
      id: 'Service',
      template: {
        Metadata: {
          'cdk-data-protection': {
            version: 1,
            policy: 'Service/Policy',
            securityContact: 'a@b.co',
            allowedAccounts: [],
            dataClasses: [],
            claims: [{ id: 'defined-elsewhere', kind: 'custom', params: { soc2: ['CC6.1'] }, text: 'Something is true.', expected: [] }],
          },
        },
        Resources: {},
      },
    });

    // WHEN
    const [claim] = verifyAssembly(assemblyOf([view])).claims;

    // THEN
    expect(claim).toMatchObject({ id: 'defined-elsewhere', verdict: 'NOT_PROVABLE', controls: { soc2: ['CC6.1'] } });
    expect(claim.gaps[0]).toMatch(/its verifier is code of the app that defined it, which this process does not have/);
  });

  test('a custom promise whose recorded sentence was edited is VIOLATED', () => {
    const view = viewOfStack(serviceWith('short-sessions-edited', 3600));
    view.policy!.claims[0] = { ...view.policy!.claims[0], text: 'Admin sessions last one minute.' };
    const [claim] = verifyAssembly(assemblyOf([view])).claims;
    expect(claim.verdict).toBe('VIOLATED');
  });

  test('a custom promise with a sentence too short to say anything is refused', () => {
    expect(() => new CustomPromise({ id: 'x', sentence: 'ok', verifier: new ShortSessions() })).toThrow(/sentence must be 10-500 characters/);
  });
});

describe('every app gets its report on cdk synth', () => {
  let outdir: string;
  beforeEach(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-report-on-synth-'));
    process.env.CDK_OUTDIR = outdir;
  });
  afterEach(() => {
    delete process.env.CDK_OUTDIR;
  });

  test('S4-13 an app with a policy writes the evidence report, trust page and register into cdk.out without calling anything', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Service', { env: { region: 'us-east-1' } });
    new DataProtectionPolicy(stack, 'Policy', { ...DEFAULT_POLICY, claims: ['S4-13'], serviceName: 'Acme Files' });

    // WHEN
    app.synth();

    // THEN
    for (const file of ['evidence-report.md', 'evidence-report.json', 'evidence-report.sarif', 'trust-page.md', 'trust-page.html', 'processing-register.md', 'architecture.svg']) {
      expect(fs.existsSync(path.join(outdir, file))).toBe(true);
    }
    expect(fs.readFileSync(path.join(outdir, 'trust-page.md'), 'utf-8')).toMatch(/Acme Files/);
  });

  test('S0-02 a violated promise fails the synthesis, naming it', () => {
    // GIVEN: daily backups kept 14 days are claimed, and nothing is backed up
    const app = new App();
    const stack = new Stack(app, 'Service', { env: { region: 'us-east-1' } });
    new DataProtectionPolicy(stack, 'Policy', { ...DEFAULT_POLICY, claims: ['S0-02'] });

    // WHEN / THEN
    expect(() => app.synth()).toThrow(/the templates violate promises S0-02: see .*evidence-report.md/);
    expect(fs.existsSync(path.join(outdir, 'evidence-report.md'))).toBe(true);
  });

  test('the context key cdk-data-protection:evidence-report=false turns it off', () => {
    const app = new App({ context: { 'cdk-data-protection:evidence-report': 'false' } });
    const stack = new Stack(app, 'Service', { env: { region: 'us-east-1' } });
    new DataProtectionPolicy(stack, 'Policy', { ...DEFAULT_POLICY, claims: ['S0-02'] });
    expect(() => app.synth()).not.toThrow();
    expect(fs.existsSync(path.join(outdir, 'evidence-report.md'))).toBe(false);
  });

  test('outside the CDK CLI (no CDK_OUTDIR) nothing is written', () => {
    delete process.env.CDK_OUTDIR;
    const app = new App({ outdir });
    const stack = new Stack(app, 'Service', { env: { region: 'us-east-1' } });
    new DataProtectionPolicy(stack, 'Policy', { ...DEFAULT_POLICY, claims: ['S0-02'] });
    expect(() => app.synth()).not.toThrow();
    expect(fs.existsSync(path.join(outdir, 'evidence-report.md'))).toBe(false);
  });
});
