export * from './stackset-instances';
export * from './backup-policies';
export * from './organization-evidence';
export * from './organization-markdown';
