import { eventPatternProblem, TRIGGER_POSITIONS } from '@tidings/integrations/domain';
import { z } from 'zod';

const eventPattern = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = eventPatternProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const filters = z
  .object({
    conversationIds: z.array(z.string().trim().min(1).max(64)).max(100).optional(),
    triggerWords: z.array(z.string().trim().min(1).max(50)).max(50).optional(),
    /** `anywhere` (default) or `start`: the message begins with the word. */
    triggerAt: z.enum(TRIGGER_POSITIONS).optional(),
    mentionsOnly: z.boolean().optional(),
  })
  .strict();

const receiverUrl = z.url({ protocol: /^https?$/, error: 'url must be an http(s) URL' }).max(2000);

/** `POST /integrations/subscriptions`. */
export const createSubscription = z
  .object({
    name: z.string().trim().min(1).max(100),
    mode: z.enum(['http', 'socket']).default('http'),
    url: receiverUrl.nullable().optional(),
    /** The owner bot: card actions on its messages, `mentionsOnly`, socket deliveries. */
    botId: z.string().trim().min(1).max(64).nullable().optional(),
    /** An incoming webhook this subscription answers for: card actions on its cards. */
    webhookId: z.string().trim().min(1).max(64).nullable().optional(),
    events: z.array(eventPattern).min(1).max(50),
    filters: filters.default({}),
    ordered: z.boolean().default(false),
  })
  .strict();
export type CreateSubscription = z.output<typeof createSubscription>;

/** `PATCH /integrations/subscriptions/{id}`: what is given changes. */
export const updateSubscription = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    url: receiverUrl.optional(),
    events: z.array(eventPattern).min(1).max(50).optional(),
    filters: filters.optional(),
    ordered: z.boolean().optional(),
    /** false disables; true re-enables (also one disabled by a 410). */
    enabled: z.boolean().optional(),
  })
  .strict();
export type UpdateSubscription = z.output<typeof updateSubscription>;

/** `GET /integrations/subscriptions/{id}/deliveries`. */
export const deliveriesQuery = z
  .object({
    status: z.enum(['pending', 'succeeded', 'failed', 'dead']).optional(),
    cursor: z.string().min(1).max(64).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type DeliveriesQuery = z.output<typeof deliveriesQuery>;
