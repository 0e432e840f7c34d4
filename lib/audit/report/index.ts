export * from './standards';
export * from './compliance';
export { BreakingFindingList } from './breaking-findings';
export * from './format-report';
export * from './format-html';
