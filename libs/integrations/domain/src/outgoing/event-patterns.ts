import { allContracts } from '@tidings/contracts';

/**
 * Events no subscription receives: a delivery's own outcome. Delivering them would make each
 * delivery cause another (a loop that never settles).
 */
export const isNeverDelivered = (type: string) => type.startsWith('integrations.delivery.');

/** Every event type on the bus a subscription may ask for. */
export function deliverableTypes(): string[] {
  return [...new Set(allContracts.map((c) => c.type))].filter((t) => !isNeverDelivered(t));
}

/**
 * Whether an event type is among a subscription's `events`: exact types
 * (`messaging.message.sent`), or a prefix with `*` (`directory.*`, `messaging.member.*`).
 */
export function matchesEventPatterns(patterns: readonly string[], type: string): boolean {
  if (isNeverDelivered(type)) return false;
  return patterns.some((p) => (p.endsWith('.*') ? type.startsWith(p.slice(0, -1)) : p === type));
}

/**
 * Why a pattern cannot be subscribed to, or null: it must name a known event type, or be a
 * prefix (`directory.*`) that covers at least one — a typo would otherwise subscribe to nothing,
 * silently.
 */
export function eventPatternProblem(pattern: string, known = deliverableTypes()): string | null {
  if (!/^[a-z]+(\.[a-z_]+)*(\.\*)?$/.test(pattern))
    return 'expected an event type such as messaging.message.sent, or a prefix such as directory.*';
  if (isNeverDelivered(pattern.replace(/\*$/, '')))
    return 'integrations.delivery.* events are not delivered (each delivery would cause another)';
  if (pattern.endsWith('.*'))
    return known.some((t) => t.startsWith(pattern.slice(0, -1)))
      ? null
      : `no event type starts with ${pattern.slice(0, -1)}`;
  return known.includes(pattern) ? null : `unknown event type ${pattern}`;
}
