export * from './kh-sup-001';
