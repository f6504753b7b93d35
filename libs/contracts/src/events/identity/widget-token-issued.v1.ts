import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const widgetTokenIssuedV1 = defineEvent({
  type: 'identity.widget_token.issued',
  version: 1,
  topic: 'identity',
  description:
    "A bot minted a widget token acting as one person on one widget site's pages " +
    '(POST /api/v1/widget/tokens, docs/widget.md). Carries the token id, never the token. ' +
    'Keyed by the user id.',
  schema: z.object({
    tokenId: z.string(),
    /** The person the token acts as (identity subject id). */
    userId: z.string(),
    /** The bot that minted it, owner of the site. */
    botId: z.string(),
    origin: z.string(),
    expiresAt: z.iso.datetime({ offset: true }),
  }),
});

export type WidgetTokenIssuedV1 = z.output<typeof widgetTokenIssuedV1.schema>;
