export * from './audit-run';
export * from './table';
export * from './json';
export * from './markdown';
export * from './sarif';
export * from './rule-catalog';
export * from './rules-markdown';
export * from './escape';
