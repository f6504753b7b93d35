import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APPEND_ONLY_TRIGGER_SQL } from './append-only';

describe('the append-only trigger operators are told to install', () => {
  it('is quoted in docs/compliance.md exactly as the PostgreSQL test applies it', () => {
    const docs = readFileSync('docs/compliance.md', 'utf8');
    expect(docs).toContain(APPEND_ONLY_TRIGGER_SQL);
  });
});
