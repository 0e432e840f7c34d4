export * from './kh-wkl-001';
export * from './kh-wkl-002';
export * from './kh-wkl-003';
export * from './kh-wkl-004';
export * from './kh-wkl-005';
export * from './kh-wkl-006';
export * from './kh-wkl-007';
