export * from './secure-backup-plan';
export * from './secure-backup-vault';
export * from './vault-lock';
