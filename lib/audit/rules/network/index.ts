export * from './kh-net-001';
export * from './kh-net-002';
export * from './kh-net-003';
export * from './kh-net-004';
