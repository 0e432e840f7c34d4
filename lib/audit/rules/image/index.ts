export * from './kh-img-001';
export * from './kh-img-002';
export * from './kh-img-003';
export * from './kh-img-004';
export * from './kh-img-005';
