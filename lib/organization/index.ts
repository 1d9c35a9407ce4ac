export * from './organization-target';
export * from './operation-preferences';
export * from './account-baseline-stack';
export * from './organization-baseline';
export * from './organization-baseline-stage';
export * from './stackset-asset-buckets-stack';
