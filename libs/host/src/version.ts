// Injected from package.json at build time (scripts/build/server.mjs, vitest.config.ts), so
// the running bundle reports the version it was built from.
declare const __TIDINGS_VERSION__: string | undefined;

export const TIDINGS_VERSION: string =
  typeof __TIDINGS_VERSION__ === 'string' ? __TIDINGS_VERSION__ : '0.0.0-dev';
