import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const tokenCreatedV1 = defineEvent({
  type: 'identity.token.created',
  version: 1,
  topic: 'identity',
  description:
    'An API token (bot/integration) or an operator-issued access token was created. Carries the ' +
    'token id and its public prefix, never the token.',
  schema: z.object({
    tokenId: z.string(),
    kind: z.enum(['bot', 'operator_access']),
    /** The user or bot the token acts as. */
    subjectId: z.string(),
    subjectName: z.string(),
    prefix: z.string().nullable(),
    scopes: z.array(z.string()),
    expiresAt: z.iso.datetime({ offset: true }).nullable(),
    createdBy: z.string(),
  }),
});
