export * from './kh-sec-001';
export * from './kh-sec-002';
