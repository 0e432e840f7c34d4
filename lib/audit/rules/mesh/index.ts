export * from './kh-mesh-001';
export * from './kh-mesh-002';
export * from './kh-mesh-003';
export * from './kh-mesh-004';
export * from './kh-mesh-005';
export * from './kh-mesh-006';
export * from './kh-mesh-007';
export * from './kh-mesh-008';
