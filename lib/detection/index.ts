export * from './incident-response';
export * from './threat-detection';
