/**
 * The tab a key moves to in a horizontal tab list (WAI-ARIA tabs pattern): arrows step and
 * wrap around, Home and End jump to the ends; any other key, or no tabs, moves nowhere.
 */
export function tabAfterKey<T>(tabs: readonly T[], current: T | null, key: string): T | null {
  if (tabs.length === 0) return null;
  const index = current === null ? -1 : tabs.indexOf(current);
  switch (key) {
    case 'ArrowRight':
      return tabs[(index + 1) % tabs.length] ?? null;
    case 'ArrowLeft':
      return tabs[(index - 1 + tabs.length) % tabs.length] ?? null;
    case 'Home':
      return tabs[0] ?? null;
    case 'End':
      return tabs[tabs.length - 1] ?? null;
    default:
      return null;
  }
}
