export * from './application-log-group';
export * from './audit-trail';
export * from './cis-alarms';
