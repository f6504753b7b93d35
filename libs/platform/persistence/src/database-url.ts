import { dirname, resolve } from 'node:path';

export type DatabaseKind = 'sqlite' | 'postgres';

export type DatabaseTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/**
 * `sqlite:<path>` (relative to the working directory, or `sqlite::memory:`) or
 * `postgres://…`. The config schema has already refused anything else.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    const rest = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (rest === ':memory:') return { kind: 'sqlite', path: ':memory:' };
    if (rest === '') throw new Error('DATABASE_URL: sqlite: needs a file path');
    return { kind: 'sqlite', path: resolve(rest) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', url };
  throw new Error(`DATABASE_URL: unsupported database URL scheme in ${url.split(':')[0]}:`);
}

export function sqliteDirectoryOf(target: DatabaseTarget): string | undefined {
  return target.kind === 'sqlite' && target.path !== ':memory:' ? dirname(target.path) : undefined;
}

/** For logs: never print a password. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+):[^@]*@/, '$1:***@');
}
