import { z } from 'zod';

const instant = z.iso.datetime({ offset: true }).transform((value) => Date.parse(value));
const userId = z.string().min(1).max(200);

/** `PUT /presence/me`: every field optional; what is absent stays as it is. */
export const setMyPresence = z
  .object({
    status: z.enum(['auto', 'away', 'dnd']).optional(),
    /** With `status: "dnd"`: when DND ends by itself; null or absent: until turned off. */
    dndUntil: instant.nullable().optional(),
    customStatus: z
      .object({
        text: z.string().max(400).default(''),
        emoji: z.string().max(64).nullable().optional(),
        expiresAt: instant.nullable().optional(),
      })
      .strict()
      .nullable()
      .optional(),
  })
  .strict();

/** `GET /presence?userIds=a,b,c`. */
export const presenceQuery = z.object({
  userIds: z
    .string()
    .max(200 * 201)
    .transform((value) =>
      value
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    )
    .pipe(z.array(userId).min(1)),
});

/** `POST /presence/subscriptions`: replaces what this viewer's REST subscription watches. */
export const subscribe = z
  .object({
    userIds: z.array(userId).max(500),
    ttlSeconds: z.number().int().min(1).max(900).optional(),
  })
  .strict();
