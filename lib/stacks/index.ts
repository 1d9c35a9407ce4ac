export * from './reference-stack';
