export * from './standards';
export * from './compliance';
export * from './format-report';
export * from './format-html';
