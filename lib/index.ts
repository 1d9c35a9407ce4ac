export * from './compliance';
export * from './policy';
export * from './stacks';
export * from './storage';
