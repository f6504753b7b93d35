import { Injectable, signal } from '@angular/core';

export type ThemeChoice = 'system' | 'light' | 'dark';
const STORAGE_KEY = 'tidings.theme';

/**
 * Light or dark: `data-theme` on <html> picks the colour variables in styles.css. "System"
 * removes it, and the stylesheet follows the operating system (`prefers-color-scheme`). The
 * choice is this browser's (localStorage), like the language.
 */
@Injectable({ providedIn: 'root' })
export class ThemeService {
  readonly choice = signal<ThemeChoice>(readSaved());

  constructor() {
    this.apply(this.choice());
  }

  use(choice: ThemeChoice): void {
    this.choice.set(choice);
    this.apply(choice);
    try {
      if (choice === 'system') localStorage.removeItem(STORAGE_KEY);
      else localStorage.setItem(STORAGE_KEY, choice);
    } catch {
      // Storage disabled: the choice lasts for this tab.
    }
  }

  private apply(choice: ThemeChoice): void {
    if (choice === 'system') delete document.documentElement.dataset['theme'];
    else document.documentElement.dataset['theme'] = choice;
  }
}

function readSaved(): ThemeChoice {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    return saved === 'light' || saved === 'dark' ? saved : 'system';
  } catch {
    return 'system';
  }
}
