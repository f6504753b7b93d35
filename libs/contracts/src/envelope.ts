import { z } from 'zod';

/** Who caused an event. `system` for the platform's own work (sync jobs, retention). */
export const actorSchema = z.object({
  kind: z.enum(['user', 'bot', 'integration', 'system']),
  id: z.string().min(1),
});
export type Actor = z.infer<typeof actorSchema>;

const uuidV7 = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    'expected a uuid v7',
  );

/**
 * Every event on the bus travels in this envelope. `id` is stable across redeliveries (the
 * consumer's dedupe key); `key` decides the partition, so events with one key stay in order.
 */
export const envelopeSchema = z.object({
  id: uuidV7,
  type: z.string().regex(/^[a-z]+(\.[a-z_]+)+$/, 'expected service.entity.action'),
  version: z.number().int().positive(),
  key: z.string().min(1),
  occurredAt: z.iso.datetime({ offset: true }),
  actor: actorSchema,
  /** The service that produced the event. */
  source: z.string().min(1),
  data: z.unknown(),
  /** W3C trace context of the request that caused the event, when there was one. */
  traceparent: z.string().optional(),
});

export type EventEnvelope<Data = unknown> = Omit<z.infer<typeof envelopeSchema>, 'data'> & {
  data: Data;
};
