export * from './kh-rbac-001';
export * from './kh-rbac-002';
export * from './kh-rbac-003';
export * from './kh-rbac-004';
