import { Injectable, signal } from '@angular/core';
import {
  initialLanguage,
  interpolate,
  TRANSLATIONS,
  type Language,
  type TranslationKey,
} from './translations';

const STORAGE_KEY = 'tidings.language';

/**
 * Runtime-switchable translations. `t()` reads the language signal, so every template or
 * computed that calls it re-renders when the language changes — no reload, no rebuild.
 */
@Injectable({ providedIn: 'root' })
export class I18n {
  private readonly current = signal<Language>(
    initialLanguage(readSaved(), globalThis.navigator?.languages ?? []),
  );
  readonly language = this.current.asReadonly();

  constructor() {
    document.documentElement.lang = this.current();
  }

  /**
   * Switches the language. `persist: false` for this window only — the widget's frame takes
   * the host page's language, which is not the person's choice for the full client.
   */
  use(language: Language, options: { persist?: boolean } = {}): void {
    this.current.set(language);
    document.documentElement.lang = language;
    if (options.persist === false) return;
    try {
      localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // Storage may be disabled (private mode); the choice then lasts for this tab only.
    }
  }

  t(key: TranslationKey, params?: Record<string, string | number>): string {
    // A key not (yet) registered shows as itself: visible, never an exception.
    return interpolate(TRANSLATIONS[this.current()][key] ?? key, params);
  }
}

function readSaved(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
