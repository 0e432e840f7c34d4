export * from './kh-run-001';
export * from './kh-run-002';
