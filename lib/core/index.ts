export * from './manifest';
export * from './validation';
export * from './controls';
export * from './image';
export * from './sensitivity';
export * from './naming';
export * from './profile';
