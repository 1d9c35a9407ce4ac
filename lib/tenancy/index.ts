export * from './tenant';
export * from './tenant-fleet';
