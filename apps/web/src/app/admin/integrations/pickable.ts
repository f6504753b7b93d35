import type { Conversation } from '../../api/models';

/** A conversation one may choose in the console's pickers. */
export interface Pickable {
  id: string;
  label: string;
}

/**
 * The conversations a webhook or a filter may name: one's own channels and groups (never a
 * direct conversation — webhooks cannot post there) and the public channels, each once,
 * channels as `# name`, sorted by label. Archived channels are left out: nothing posts there.
 */
export function pickable(
  mine: ReadonlyArray<Pick<Conversation, 'id' | 'kind' | 'name'> & { archived?: boolean }>,
  publicChannels: ReadonlyArray<{ id: string; name: string; archived?: boolean }>,
): Pickable[] {
  const byId = new Map<string, Pickable>();
  for (const c of mine) {
    if (c.kind === 'direct' || c.archived) continue;
    const name = c.name ?? c.id;
    byId.set(c.id, { id: c.id, label: c.kind === 'channel' ? `# ${name}` : name });
  }
  for (const c of publicChannels) {
    if (c.archived || byId.has(c.id)) continue;
    byId.set(c.id, { id: c.id, label: `# ${c.name}` });
  }
  return [...byId.values()].sort((a, b) => a.label.localeCompare(b.label));
}
