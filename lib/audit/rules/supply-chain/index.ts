export * from './kh-sup-001';
export * from './kh-sup-002';
export * from './kh-sup-003';
