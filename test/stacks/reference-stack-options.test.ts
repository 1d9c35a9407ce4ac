import { Template } from 'aws-cdk-lib/assertions';
import { AdminVpnAuthentication, EvidenceReaderRole, ReferenceStack } from '../../lib';
import { checkedApp, DEFAULT_POLICY, expectNoUnacknowledgedFindings } from '../helpers/compliance';

// A file of its own: an all-pack synthesis of the largest stack, run in parallel with test/stacks/reference-stack.test.ts.
describe('ReferenceStack options', () => {
  test('with the VPN, the SFTP server, a hosted zone and the evidence reader, still zero unacknowledged findings', () => {
    // GIVEN
    const app = checkedApp();

    // WHEN
    const stack = new ReferenceStack(app, 'Reference', {
      policy: DEFAULT_POLICY,
      domainName: 'app.acme.test',
      hostedZone: { hostedZoneId: 'Z0123456789', zoneName: 'acme.test' },
      adminVpn: {
        serverCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/server',
        authentication: AdminVpnAuthentication.mutualTls('arn:aws:acm:us-east-1:111111111111:certificate/client'),
      },
      sftpServer: true,
      evidenceReaderPrincipals: ['210987654321'],
    });

    // THEN
    expectNoUnacknowledgedFindings(app);
    expect(stack.evidenceReader).toBeInstanceOf(EvidenceReaderRole);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: [{ Sid: 'ReadOperatingFacts', Action: EvidenceReaderRole.ACTIONS, Resource: '*' }] },
    });
  });
});
