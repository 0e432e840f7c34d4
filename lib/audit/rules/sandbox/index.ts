export * from './kh-sbx-001';
export * from './kh-sbx-002';
export * from './kh-sbx-003';
