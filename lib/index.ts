export * from './backup';
export * from './compliance';
export * from './database';
export * from './policy';
export * from './stacks';
export * from './storage';
