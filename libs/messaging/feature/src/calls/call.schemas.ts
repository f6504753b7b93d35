import { CALL_MEDIA } from '@tidings/messaging/domain';
import { z } from 'zod';

/** POST /conversations/{id}/calls. The caller is whoever the token says. */
export const startCallBody = z.object({ media: z.enum(CALL_MEDIA) }).strict();

export const callHistoryQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
