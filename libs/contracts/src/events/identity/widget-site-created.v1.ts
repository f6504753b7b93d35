import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const widgetSiteCreatedV1 = defineEvent({
  type: 'identity.widget_site.created',
  version: 1,
  topic: 'identity',
  description:
    'An administrator allowed an origin to embed the chat widget (POST /api/v1/widget/sites), ' +
    'owned by a bot: the bot may mint widget tokens for it and owns its context conversations ' +
    '(docs/widget.md). Keyed by the bot id.',
  schema: z.object({
    siteId: z.string(),
    /** Normalized: `scheme://host[:port]`, lower-case, no default port. */
    origin: z.string(),
    botId: z.string(),
    createdBy: z.string(),
  }),
});

export type WidgetSiteCreatedV1 = z.output<typeof widgetSiteCreatedV1.schema>;
