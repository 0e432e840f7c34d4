export * from './kh-run-002';
