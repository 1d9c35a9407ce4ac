export * from './acknowledgement';
export * from './compliance-checks';
export * from './rule-ids';
