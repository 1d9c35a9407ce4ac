export * from './audit';
export * from './backup';
export * from './compliance';
export * from './database';
export * from './network';
export * from './policy';
export * from './stacks';
export * from './storage';
