import { readAssembly, stackView } from '../../lib/evidence/assembly';
import { AssemblyView } from '../../lib/evidence/model';
import { verifyAssembly } from '../../lib/evidence/verify';
import { synthExample } from '../helpers/compliance';

describe('examples/invoice-forwarding (a sixth page: https://www.invoicepass.app/security)', () => {
  let assembly: AssemblyView;
  beforeAll(() => {
    assembly = readAssembly(synthExample('examples/invoice-forwarding/app'));
  });

  test('explore', () => {
    const result = verifyAssembly(assembly);
    console.log(JSON.stringify(result.claims.map((c) => [c.id, c.kind, c.verdict, c.text, c.gaps]), undefined, 1));
    const t = assembly.stacks.find((s) => s.id === 'InvoiceForwarding')!.template;
    console.log(JSON.stringify(Object.entries<any>(t.Resources).map(([id, r]) => [id, r.Type])));
    const policies = Object.entries<any>(t.Resources).filter(([, r]) => r.Type === 'AWS::S3::BucketPolicy').map(([id, r]) => [id, r.Properties.PolicyDocument.Statement.map((s: any) => [s.Sid, s.Effect, s.Condition])]);
    console.log(JSON.stringify(policies));
    const roles = Object.entries<any>(t.Resources).filter(([, r]) => r.Type === 'AWS::IAM::Role').map(([id, r]) => [id, JSON.stringify(r.Properties.AssumeRolePolicyDocument)]);
    console.log(JSON.stringify(roles));
    void stackView;
  });
});
