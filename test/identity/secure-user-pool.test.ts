import { Annotations, Template, Match } from 'aws-cdk-lib/assertions';
import { SecureUserPool, SecureUserPoolMfa } from '../../lib';
import { checkedApp, errorOf, expectNoUnacknowledgedFindings, stackWithPolicy } from '../helpers/compliance';

/** Runs the synthesized inline pre-sign-up code of `template` with `email`. */
async function runPreSignUp(template: Template, email: string): Promise<any> {
  const fn = Object.values(template.findResources('AWS::Lambda::Function', {
    Properties: { Environment: { Variables: { ALLOWED_EMAIL_DOMAINS: Match.anyValue() } } },
  }))[0] as any;
  const code: string = fn.Properties.Code.ZipFile;
  const env: Record<string, string> = fn.Properties.Environment.Variables;
  const saved = process.env.ALLOWED_EMAIL_DOMAINS;
  process.env.ALLOWED_EMAIL_DOMAINS = env.ALLOWED_EMAIL_DOMAINS;
  try {
    const mod: any = { exports: {} };
    new Function('exports', 'module', 'process', code)(mod.exports, mod, process);
    return await mod.exports.handler({
      triggerSource: 'PreSignUp_SignUp',
      request: { userAttributes: { email } },
      response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
    });
  } finally {
    if (saved === undefined) {
      delete process.env.ALLOWED_EMAIL_DOMAINS;
    } else {
      process.env.ALLOWED_EMAIL_DOMAINS = saved;
    }
  }
}

describe('SecureUserPool', () => {
  test('S0-09 S2-09 MFA required with TOTP only, and threat protection enforced (Plus feature plan)', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new SecureUserPool(stack, 'Users');

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  test('S0-09 a strong password policy: 14 characters, four character classes, temporary passwords valid 1 day', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new SecureUserPool(stack, 'Users');

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: {
          MinimumLength: 14,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: 1,
        },
      },
    });
  });

  test('S4-03 sign-in with a verified, immutable email; recovery by email only; no self sign-up; kept and protected from deletion', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    const pool = new SecureUserPool(stack, 'Users');

    // THEN
    const template = Template.fromStack(stack);
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        DeletionProtection: 'ACTIVE',
        UsernameAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        UsernameConfiguration: { CaseSensitive: false },
        AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        Schema: Match.arrayWith([{ Name: 'email', Mutable: false, Required: true }]),
        LambdaConfig: Match.absent(),
      }),
    });
    template.resourceCountIs('AWS::Cognito::IdentityPool', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
    expect(pool.preSignUp).toBeUndefined();
    expect(pool.node.defaultChild === pool.userPool).toBe(true);
  });

  test('S4-03 self sign-up with allowed domains installs a pre-sign-up trigger with the domains', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    const pool = new SecureUserPool(stack, 'Users', { allowedEmailDomains: ['Example.com', 'corp.example.org'] });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      LambdaConfig: { PreSignUp: { 'Fn::GetAtt': [Match.stringLikeRegexp('^UsersPreSignUp'), 'Arn'] } },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Environment: { Variables: { ALLOWED_EMAIL_DOMAINS: 'example.com,corp.example.org' } },
    });
    expect(pool.preSignUp).toBeDefined();
  });

  test('S4-03 the pre-sign-up code accepts an allowed domain and refuses any other', async () => {
    // GIVEN
    const stack = stackWithPolicy();
    new SecureUserPool(stack, 'Users', { allowedEmailDomains: ['example.com'] });
    const template = Template.fromStack(stack);

    // WHEN / THEN
    const accepted = await runPreSignUp(template, 'Ada@EXAMPLE.com');
    expect(accepted.response).toEqual({ autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false });
    await expect(runPreSignUp(template, 'eve@evil.com')).rejects.toThrow(/company domain/);
    await expect(runPreSignUp(template, 'eve@mail.example.com')).rejects.toThrow(/company domain/);
    await expect(runPreSignUp(template, 'example.com')).rejects.toThrow(/company domain/);
  });

  test('S0-09 an app client: SRP only, code grant only, tokens 1 hour / 30 days, no user-existence errors', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const pool = new SecureUserPool(stack, 'Users');

    // WHEN
    pool.addSecureClient('Web', { callbackUrls: ['https://app.example.com/callback'] });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: ['https://app.example.com/callback'],
      SupportedIdentityProviders: ['COGNITO'],
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 43200,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
    });
  });

  test('rejects a password length outside 8-99, a bad domain and a non-https callback URL', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // THEN
    expect(errorOf(() => new SecureUserPool(stack, 'Short', { passwordMinLength: 6 })).message)
      .toMatch(/passwordMinLength must be a whole number 8-99, got 6/);
    expect(errorOf(() => new SecureUserPool(stack, 'Long', { passwordMinLength: 100 })).message)
      .toMatch(/8-99, got 100/);
    expect(errorOf(() => new SecureUserPool(stack, 'Domain', { allowedEmailDomains: ['not a domain'] })).message)
      .toMatch(/allowedEmailDomains must hold host names .* got 'not a domain'/);
    expect(errorOf(() => new SecureUserPool(stack, 'None', { allowedEmailDomains: [] })).message)
      .toMatch(/at least one domain/);
    const pool = new SecureUserPool(stack, 'Users');
    expect(errorOf(() => pool.addSecureClient('Web', { callbackUrls: ['http://app.example.com/cb'] })).message)
      .toMatch(/callback URL must be an https URL without a fragment, got 'http:\/\/app.example.com\/cb'/);
    expect(errorOf(() => pool.addSecureClient('Empty', { callbackUrls: [] })).message).toMatch(/at least one https URL/);
  });

  test('S0-09 optional MFA needs a reasoned weakening and leaves a warning', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // THEN
    expect(errorOf(() => new SecureUserPool(stack, 'NoReason', { mfa: SecureUserPoolMfa.OPTIONAL_TOTP })).message)
      .toMatch(/allowOptionalMfa/);
    expect(errorOf(() => new SecureUserPool(stack, 'Short', { mfa: SecureUserPoolMfa.OPTIONAL_TOTP, allowOptionalMfa: { reason: 'no' } })).message)
      .toMatch(/reason of at least 10 characters/);

    // WHEN
    new SecureUserPool(stack, 'Users', {
      mfa: SecureUserPoolMfa.OPTIONAL_TOTP,
      allowOptionalMfa: { reason: 'Pilot customers enrol their authenticator during the first week.' },
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'OPTIONAL' });
    Annotations.fromStack(stack).hasWarning('/TestStack/Users', Match.stringLikeRegexp('MFA is optional.*Pilot customers'));
  });

  test('S0-09 SMS as a second factor only when asked', () => {
    // GIVEN
    const stack = stackWithPolicy();

    // WHEN
    new SecureUserPool(stack, 'Users', { smsMfa: true });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPool', { EnabledMfas: ['SMS_MFA', 'SOFTWARE_TOKEN_MFA'] });
  });

  test('compliance: no unacknowledged finding with self sign-up and an app client', () => {
    // GIVEN
    const app = checkedApp();
    const stack = stackWithPolicy(app);

    // WHEN
    const pool = new SecureUserPool(stack, 'Users', { allowedEmailDomains: ['example.com'] });
    pool.addSecureClient('Web', { callbackUrls: ['https://app.example.com/callback'] });

    // THEN
    expectNoUnacknowledgedFindings(app);
  });
});
