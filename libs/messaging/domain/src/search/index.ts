export * from './days';
export * from './highlight';
export * from './query';
