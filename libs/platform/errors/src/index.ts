export * from './domain-error';
export * from './problem';
export * from './dependency-unavailable';
