export * from './kh-ns-001';
export * from './kh-ns-002';
