import { App, Duration, Stack } from 'aws-cdk-lib';
import {
  AdminVpn, AdminVpnAuthentication, ComplianceChecks, DataProtectionPolicy, InternetAccess, LoadBalancerEdge,
  SecureNetwork, SecureSftpServer, WebFirewall,
} from 'cdk-data-protection';

const app = new App();
ComplianceChecks.apply(app);

const stack = new Stack(app, 'Perimeter', { env: { region: 'us-east-1' } });
new DataProtectionPolicy(stack, 'Policy', { securityContact: 'security@example.com', region: 'us-east-1' });

// Public, private and data subnets in two zones; one NAT gateway to save cost.
const { vpc } = new SecureNetwork(stack, 'Network', { internetAccess: InternetAccess.SINGLE_NAT_GATEWAY });

// "Only essential protocols are open at the perimeter": HTTPS behind a web ACL.
const firewall = new WebFirewall(stack, 'Firewall', { rateLimit: 2000, rateLimitWindow: Duration.minutes(5) });
const edge = new LoadBalancerEdge(stack, 'Edge', { vpc, domainName: 'app.example.com', webFirewall: firewall });

// "Production changes only through the dedicated VPN": mutual TLS, logged, admin subnets only.
const vpn = new AdminVpn(stack, 'AdminVpn', {
  vpc,
  serverCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/vpn-server',
  authentication: AdminVpnAuthentication.mutualTls('arn:aws:acm:us-east-1:111111111111:certificate/vpn-clients'),
  clientCidr: '10.100.0.0/22',
});

// "SFTP endpoints for file exchange": inside the VPC, the newest security policy, one home per user.
const sftp = new SecureSftpServer(stack, 'Sftp', { vpc });
sftp.addUser('Acme', { userName: 'acme', sshPublicKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHg8AcmeExampleKey acme@example.com'] });

export { edge, vpn };
app.synth();
