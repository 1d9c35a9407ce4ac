export * from './deploy-requirements';
export * from './offsite-backup-stack';
export * from './reference-stack';
