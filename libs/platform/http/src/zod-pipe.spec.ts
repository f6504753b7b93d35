import { ValidationError } from '@tidings/platform/errors';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ZodPipe } from './zod-pipe';

describe('ZodPipe', () => {
  const pipe = new ZodPipe(z.object({ name: z.string().min(1), size: z.number().int() }));

  it('returns the parsed value', () => {
    expect(pipe.transform({ name: 'a', size: 2 }, { type: 'body' })).toEqual({
      name: 'a',
      size: 2,
    });
  });

  it('lists every bad field with its path', () => {
    try {
      pipe.transform({ name: '', size: 1.5 }, { type: 'body' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      const issues = (error as ValidationError).issues!.map((i) => i.path);
      expect(issues).toEqual(['body.name', 'body.size']);
    }
  });
});
