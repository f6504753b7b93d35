import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ValidationError } from '@tidings/platform/errors';
import type { z } from 'zod';

/**
 * Validates one request part (`@Body(new ZodPipe(schema))`) and hands the controller the
 * parsed, typed value. Failures become a `request.invalid` problem listing every field.
 */
@Injectable()
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown, metadata: ArgumentMetadata): z.output<S> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const part = metadata.type === 'custom' ? 'request' : metadata.type;
    const issues = result.error.issues.map((issue) => ({
      path: [part, ...(metadata.data ? [metadata.data] : []), ...issue.path.map(String)].join('.'),
      message: issue.message,
    }));
    throw new ValidationError(`The request ${part} is invalid.`, issues);
  }
}
