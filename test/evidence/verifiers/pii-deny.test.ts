import { App } from 'aws-cdk-lib';
import { AtRestEncryption, DataClass, MfaGatedAccess, SecureBucket } from '../../../lib';
import { StackView } from '../../../lib/evidence/model';
import { VERIFIERS } from '../../../lib/evidence/verifiers';
import { checkedApp, stackWithPolicy, writtenTemplate } from '../../helpers/compliance';
import { failing, proves, runVerifier, viewOfStack, viewOfTemplate } from '../helpers';

const verifier = VERIFIERS['pii-access'];

/** A personal-data bucket and MfaGatedAccess with a named PII reader. */
function accessView(): StackView {
  const stack = stackWithPolicy(new App());
  new SecureBucket(stack, 'Users', { dataClass: DataClass.CUSTOMER_USER_DATA });
  new MfaGatedAccess(stack, 'Access', { piiAccessPrincipals: ['arn:aws:iam::111111111111:user/alice'] });
  return viewOfStack(stack);
}

/** The view with its template changed by `edit`. */
function edited(view: StackView, edit: (resources: Record<string, any>) => void): StackView {
  const template = JSON.parse(JSON.stringify(view.template));
  edit(template.Resources);
  return { ...viewOfTemplate(template, { id: view.id }), policy: view.policy };
}

describe('pii-access with broad human roles (S1-03)', () => {
  test('S1-03 AdministratorAccess, PowerUserAccess and ReadOnlyAccess roles with the explicit personal-data Deny: PROVEN', () => {
    // GIVEN / WHEN
    const facts = runVerifier(verifier, [accessView()], {}, { claimId: 'S1-03' });
    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts.filter((f) => f.note?.startsWith('an explicit Deny')).map((f) => f.found.split(' ')[0]))
      .toEqual(['AdministratorAccess', 'PowerUserAccess', 'ReadOnlyAccess']);
  });

  test('S1-03 the old defect: the same roles without the Deny reach personal data: VIOLATED', () => {
    // GIVEN the Deny policy detached
    const view = edited(accessView(), (resources) => {
      for (const role of Object.values<any>(resources).filter((r) => r.Type === 'AWS::IAM::Role')) {
        role.Properties.ManagedPolicyArns = (role.Properties.ManagedPolicyArns ?? []).filter((a: any) => !String(a.Ref ?? '').startsWith('AccessPersonalDataDeny'));
      }
    });
    // WHEN
    const facts = runVerifier(verifier, [view], {}, { claimId: 'S1-03' });
    // THEN
    expect(failing(facts).map((f) => f.found.split(' ')[0])).toEqual(['AdministratorAccess', 'PowerUserAccess', 'ReadOnlyAccess']);
  });

  test('S1-03 a personal-data bucket whose key does not carry its class is out of the Deny\'s reach: VIOLATED', () => {
    // GIVEN the bucket key's data-class tag removed
    const view = edited(accessView(), (resources) => {
      for (const key of Object.values<any>(resources).filter((r) => r.Type === 'AWS::KMS::Key')) {
        key.Properties.Tags = (key.Properties.Tags ?? []).filter((t: any) => t.Key !== 'data-class');
      }
    });
    // WHEN
    const facts = runVerifier(verifier, [view], {}, { claimId: 'S1-03' });
    // THEN
    expect(failing(facts)).toHaveLength(3);
    expect(failing(facts)[0].note).toMatch(/does not reach Users\w+, not encrypted with a key tagged with its class/);
  });

  test('S1-03 S2-09 the AdministratorAccess acknowledgement names the admin network only where a source restriction exists', () => {
    // GIVEN two apps, with and without requireSourceIps
    const reasons = [undefined, ['203.0.113.0/24']].map((requireSourceIps) => {
      const app = checkedApp();
      const stack = stackWithPolicy(app, { atRestEncryption: AtRestEncryption.KMS });
      new MfaGatedAccess(stack, 'Access', { requireSourceIps });
      app.synth({ force: true });
      const role = Object.values<any>(writtenTemplate(app, 'TestStack').Resources).find((r) => r.Type === 'AWS::IAM::Role'
        && JSON.stringify(r.Properties.ManagedPolicyArns).includes('AdministratorAccess'));
      return JSON.stringify(role.Metadata);
    });
    // THEN
    expect(reasons[0]).toContain('assumable only with recent MFA');
    expect(reasons[0]).not.toContain('admin network');
    expect(reasons[1]).toContain('changes only from the admin network');
  });
});
