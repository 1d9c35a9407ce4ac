export * from './account-password-policy';
export * from './integration-secret';
export * from './mfa-gated-access';
export * from './secure-user-pool';
export * from './evidence-reader-role';
