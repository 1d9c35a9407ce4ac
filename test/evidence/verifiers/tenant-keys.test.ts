import { App } from 'aws-cdk-lib';
import { DataProtectionPolicy, TenantFleet } from '../../../lib';
import { StackView } from '../../../lib/evidence/model';
import { VERIFIERS } from '../../../lib/evidence/verifiers';
import { DEFAULT_POLICY } from '../../helpers/compliance';
import { failing, proves, runVerifier, viewOfStack, viewOfTemplate } from '../helpers';

const verifier = VERIFIERS['tenant-segregation'];

/** The first shard of a fleet of acme and globex (globex with its own key). */
function shardView(): StackView {
  const app = new App();
  new DataProtectionPolicy(app, 'Policy', { ...DEFAULT_POLICY, claims: ['S2-05'] });
  const fleet = new TenantFleet(app, 'Fleet', { tenants: [{ tenantId: 'acme' }, { tenantId: 'globex', dedicatedKey: true }], env: { region: 'us-east-1' } });
  return viewOfStack(fleet.shardStacks[0]);
}

/** The shard with the Deny on globex's writes changed by `edit` (removed when it returns undefined). */
function withKeyDeny(view: StackView, edit: (st: any) => any): StackView {
  const template = JSON.parse(JSON.stringify(view.template));
  for (const r of Object.values<any>(template.Resources).filter((x) => x.Type === 'AWS::S3::BucketPolicy')) {
    r.Properties.PolicyDocument.Statement = r.Properties.PolicyDocument.Statement
      .map((st: any) => (st.Action === 's3:PutObject' && st.Effect === 'Deny' ? edit(st) : st)).filter((st: any) => st !== undefined);
  }
  return { ...viewOfTemplate(template, { id: view.id }), policy: view.policy };
}

describe('tenant-segregation with a tenant key (S2-05)', () => {
  test('S2-05 proves that every write under a tenant with its own key must name that key', () => {
    // GIVEN / WHEN
    const facts = runVerifier(verifier, [shardView()], {}, { claimId: 'S2-05' });
    // THEN
    expect(proves(facts)).toBe(true);
    expect(facts.find((f) => f.expected.includes('writes naming no key included'))).toMatchObject({
      found: expect.stringMatching(/^Deny s3:PutObject on tenants\/globex\/\* unless TenantglobexKey/), satisfied: true,
    });
  });

  test('S2-05 the old statement (Null false on the key header) exempts writes that name no key: VIOLATED', () => {
    // GIVEN the Deny as the library wrote it before
    const view = withKeyDeny(shardView(), (st) => ({ ...st, Condition: { ...st.Condition, Null: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'false' } } }));
    // WHEN
    const facts = runVerifier(verifier, [view], {}, { claimId: 'S2-05' });
    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({
      found: 'Deny narrowed by Null s3:x-amz-server-side-encryption-aws-kms-key-id',
      note: expect.stringContaining('exempts writes that name no key'),
    })]);
  });

  test('S2-05 a tenant key no bucket policy enforces is VIOLATED', () => {
    // GIVEN the Deny removed / WHEN
    const facts = runVerifier(verifier, [withKeyDeny(shardView(), () => undefined)], {}, { claimId: 'S2-05' });
    // THEN
    expect(failing(facts)).toEqual([expect.objectContaining({ found: '(no such Deny)', note: expect.stringContaining('tenants/globex/') })]);
  });
});
