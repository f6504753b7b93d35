import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const widgetSiteDeletedV1 = defineEvent({
  type: 'identity.widget_site.deleted',
  version: 1,
  topic: 'identity',
  description:
    'A widget site was removed: its origin may no longer embed the widget, and the widget ' +
    'tokens minted for it are refused from now on. Keyed by the bot id.',
  schema: z.object({
    siteId: z.string(),
    origin: z.string(),
    botId: z.string(),
    deletedBy: z.string(),
  }),
});

export type WidgetSiteDeletedV1 = z.output<typeof widgetSiteDeletedV1.schema>;
