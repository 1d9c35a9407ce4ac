export * from './backup-schedule';
export * from './data-class';
export * from './data-protection-policy';
export * from './encryption';
export * from './policy-claims';
export * from './presets';
export * from './restore-test-schedule';
export * from './weakening';
