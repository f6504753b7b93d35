export * from './topology';
export * from './nginx';
export * from './services';
