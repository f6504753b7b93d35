export * from './permissions';
export type { Principal } from './principal';
