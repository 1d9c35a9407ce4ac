export * from './bucket-defaults';
export * from './data-protection-injectors';
export * from './database-instance-defaults';
export * from './key-defaults';
export * from './log-group-defaults';
export * from './queue-defaults';
export * from './topic-defaults';
