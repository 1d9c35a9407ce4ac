export * from './alert-receiver';
export * from './incident-response';
export * from './threat-detection';
