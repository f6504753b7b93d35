/** A conversation as the quick switcher lists it. */
export interface SwitchItem {
  id: string;
  title: string;
  unread: number;
}

/**
 * The quick switcher's order for what was typed: titles starting with it first, then titles
 * with a word starting with it, then titles containing it anywhere; unread conversations first
 * within each rank, otherwise the given order (most recent first). Case- and width-insensitive
 * (full-width letters as Chinese input methods type them count as their ASCII forms); a `#` or
 * `@` typed in front is ignored. Nothing typed: the given order.
 */
export function rankSwitchItems(query: string, items: readonly SwitchItem[], limit = 12) {
  const wanted = fold(query).replace(/^[#@]\s*/, '');
  if (!wanted) return items.slice(0, limit);
  const ranked: Array<{ item: SwitchItem; rank: number; index: number }> = [];
  items.forEach((item, index) => {
    const title = fold(item.title).replace(/^#\s*/, '');
    const rank = title.startsWith(wanted)
      ? 0
      : title.split(/[\s\-_.·]+/).some((word) => word.startsWith(wanted))
        ? 1
        : title.includes(wanted)
          ? 2
          : -1;
    if (rank >= 0) ranked.push({ item, rank, index });
  });
  ranked.sort(
    (a, b) =>
      a.rank - b.rank || Number(b.item.unread > 0) - Number(a.item.unread > 0) || a.index - b.index,
  );
  return ranked.slice(0, limit).map((r) => r.item);
}

function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim();
}
