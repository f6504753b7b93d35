import type { Type } from '@angular/core';
import type { TranslationKey } from '../i18n/translations';

/** One section of the admin console: its id in the URL, its name in the side nav, its view. */
export interface AdminSection {
  /** In the URL: `/admin?section=<id>`. */
  id: string;
  label: TranslationKey;
  component: Type<unknown>;
}

/** The section for a URL's `section` parameter; the first one when absent or unknown. */
export function sectionFor(
  sections: readonly AdminSection[],
  id: string | null | undefined,
): AdminSection | undefined {
  return sections.find((section) => section.id === id) ?? sections[0];
}
