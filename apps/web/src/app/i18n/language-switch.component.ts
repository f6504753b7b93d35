import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { I18n } from './i18n.service';
import { LANGUAGES, type Language } from './translations';

/** Names each language in itself, so anyone can find their own. */
const NATIVE_NAMES: Record<Language, string> = { en: 'English', 'zh-CN': '简体中文' };

@Component({
  selector: 'td-language-switch',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <label class="language">
      <span class="visually-hidden">{{ i18n.t('language.label') }}</span>
      <select
        data-testid="language-switch"
        [value]="i18n.language()"
        (change)="choose($event)"
        [attr.aria-label]="i18n.t('language.label')"
      >
        @for (language of languages; track language) {
          <option [value]="language" [selected]="language === i18n.language()">
            {{ names[language] }}
          </option>
        }
      </select>
    </label>
  `,
})
export class LanguageSwitch {
  protected readonly i18n = inject(I18n);
  protected readonly languages = LANGUAGES;
  protected readonly names = NATIVE_NAMES;

  protected choose(event: Event): void {
    this.i18n.use((event.target as HTMLSelectElement).value as Language);
  }
}
