export * from './evidence-report';
