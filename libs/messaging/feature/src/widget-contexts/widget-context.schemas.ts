import {
  CONTEXT_LINK_MAX,
  CONTEXT_MEMBERS_MAX,
  isContextKey,
  NAME_MAX,
} from '@tidings/messaging/domain';
import { z } from 'zod';

/**
 * What POST /widget/contexts accepts (docs/widget.md, "Context conversations"). The link's
 * form and origin are checked against the site (400 widget.link_invalid), members against the
 * users projection (400 widget.member_unknown): both only once the site is known.
 */
export const openContext = z
  .object({
    origin: z.string().min(1).max(300).describe('the widget site (host page) origin'),
    context: z
      .string()
      .refine(isContextKey, 'expected 1-200 printable characters')
      .describe("the page's key for the business object, e.g. erp:order:SO-2026-00817"),
    title: z
      .string()
      .trim()
      .min(1)
      .max(NAME_MAX)
      .optional()
      .describe('the channel name when first created (default: the context key)'),
    members: z
      .array(z.string().trim().min(1).max(200))
      .max(CONTEXT_MEMBERS_MAX)
      .optional()
      .describe('usernames who join when it is first created'),
    link: z
      .string()
      .max(CONTEXT_LINK_MAX)
      .optional()
      .describe("the business object's page: an absolute http(s) URL on the site's origin"),
  })
  .strict();

export type ContextOpening = z.output<typeof openContext>;
