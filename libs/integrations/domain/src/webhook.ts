/** How an incoming webhook authenticates its requests (docs/integrations.md). */
export const AUTH_MODES = ['url', 'standard', 'dingtalk'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/** A conversation a webhook may post into, with the name a payload's `channel` may use. */
export interface WebhookTarget {
  id: string;
  name: string | null;
}

/**
 * Which conversation a request posts into: the first target when the payload names none; the
 * named one (by id or name, case-insensitive) when the webhook lists it; null otherwise — a
 * webhook never posts where it was not bound.
 */
export function chooseTarget(
  targets: readonly WebhookTarget[],
  channel: string | null,
): WebhookTarget | null {
  if (channel === null) return targets[0] ?? null;
  const wanted = channel.toLowerCase();
  return (
    targets.find((t) => t.id === channel) ??
    targets.find((t) => t.name !== null && t.name.toLowerCase() === wanted) ??
    null
  );
}

/** The status path of a posted message (answered to the sender). */
export function statusPathOf(webhookId: string, messageId: string): string {
  return `/api/v1/integrations/webhooks/${webhookId}/messages/${messageId}`;
}
