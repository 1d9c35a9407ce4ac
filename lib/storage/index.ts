export * from './access-log-bucket';
export * from './ended-data-mover';
export * from './secure-bucket';
