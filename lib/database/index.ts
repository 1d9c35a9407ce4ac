export * from './secure-database';
