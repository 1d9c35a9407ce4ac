import { App, Stack } from 'aws-cdk-lib';
import {
  AccountPasswordPolicy, ComplianceChecks, DataProtectionPolicy, IntegrationSecret, MfaGatedAccess, SecureUserPool,
} from 'cdk-data-protection';

const app = new App();
ComplianceChecks.apply(app);

const stack = new Stack(app, 'Identity', { env: { region: 'eu-west-1' } });
new DataProtectionPolicy(stack, 'Policy', {
  securityContact: 'security@example.com',
  region: 'eu-west-1', // "data stays in one region": people's roles are pinned to it
  allowedAccounts: ['111111111111'], // "deployed only to the production account"
});

// Administrator, developer and read-only roles, assumable only with MFA, sessions of one hour;
// a PII-access role for named staff, reading only stores tagged with personal-data classes.
const access = new MfaGatedAccess(stack, 'Access', {
  piiAccessPrincipals: ['arn:aws:iam::111111111111:user/alice'],
});

// CIS password rules for any IAM user the account still has.
new AccountPasswordPolicy(stack, 'Passwords');

// The service's own users: MFA required, threat protection enforced, company e-mails only.
const users = new SecureUserPool(stack, 'Users', { allowedEmailDomains: ['example.com'] });
users.addSecureClient('Web', { callbackUrls: ['https://app.example.com/callback'] });

// A third-party OAuth client secret, KMS-encrypted, readable only by what `zoom.grantRead(role)` names.
const zoom = new IntegrationSecret(stack, 'Zoom', { integrationName: 'zoom' });

export { access, zoom };
app.synth();
