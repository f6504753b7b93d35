import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  allContracts,
  contractId,
  envelopeSchema,
  incompatibilities,
  renderEventsDoc,
  topics,
} from './index';

describe('published event schemas', () => {
  it.each(allContracts.map((c) => [contractId(c), c] as const))(
    '%s is recorded and still compatible with its snapshot',
    (id, contract) => {
      const file = join('libs/contracts/snapshots', `${id}.json`);
      expect(existsSync(file), `${file} missing: run npm run contracts:snapshot`).toBe(true);
      const published = JSON.parse(readFileSync(file, 'utf8'));
      const current = z.toJSONSchema(contract.schema, { io: 'output' });
      expect(incompatibilities(published, current as never)).toEqual([]);
    },
  );

  it('gives every event a unique type and version, in its own topic', () => {
    const ids = allContracts.map(contractId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const topic of topics) {
      for (const event of topic.events) expect(event.topic).toBe(topic.name);
    }
  });
});

describe('docs/events.md', () => {
  it('is up to date with the manifest (npm run docs:events)', () => {
    expect(readFileSync('docs/events.md', 'utf8')).toBe(renderEventsDoc(topics));
  });
});

describe('incompatibilities', () => {
  const v1 = z.toJSONSchema(
    z.object({
      id: z.string(),
      kind: z.enum(['a', 'b']),
      note: z.string().optional(),
      at: z.string().nullable(),
    }),
  ) as never;
  const judge = (schema: z.ZodType) => incompatibilities(v1, z.toJSONSchema(schema) as never);

  it('accepts adding an optional field and widening an enum', () => {
    expect(
      judge(
        z.object({
          id: z.string(),
          kind: z.enum(['a', 'b', 'c']),
          note: z.string().optional(),
          at: z.string().nullable(),
          extra: z.number().optional(),
        }),
      ),
    ).toEqual([]);
  });

  it('refuses removals, new required fields, type changes, narrowed enums and nullability changes', () => {
    const problems = judge(
      z.object({ id: z.number(), kind: z.enum(['a']), at: z.string(), added: z.string() }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        '$.id: type changed from "string" to "number"',
        '$.kind: enum values removed: b',
        '$.note: removed',
        '$.at: type changed from ["string","null"] to "string"',
        '$.added: became required',
      ]),
    );
  });
});

describe('envelopeSchema', () => {
  const valid = {
    id: '0190a6d2-7c3e-7a4b-9c2d-1e2f3a4b5c6d',
    type: 'messaging.message.sent',
    version: 1,
    key: 'c1',
    occurredAt: '2026-11-25T10:00:00.000Z',
    actor: { kind: 'user', id: 'u1' },
    source: 'messaging',
    data: {},
  };

  it('accepts a well-formed envelope', () => {
    expect(envelopeSchema.safeParse(valid).success).toBe(true);
  });

  it('refuses a non-v7 id, a bad type name and a missing key', () => {
    expect(
      envelopeSchema.safeParse({ ...valid, id: '3b241101-e2bb-4255-8caf-4136c566a962' }).success,
    ).toBe(false);
    expect(envelopeSchema.safeParse({ ...valid, type: 'MessageSent' }).success).toBe(false);
    expect(envelopeSchema.safeParse({ ...valid, key: '' }).success).toBe(false);
  });
});
