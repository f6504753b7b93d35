import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { I18n } from '../../i18n/i18n.service';
import { SECTION_STYLES } from '../admin-styles';
import { embedSnippet } from './widget-site-forms';

/**
 * The HTML a page of a widget site embeds, pointing at this Tidings' loader, with a copy
 * button (as the once-shown secrets have). It is the same for every site: the loader learns
 * the page's origin from the page itself, and the server checks it against the allowlist.
 */
@Component({
  selector: 'td-embed-snippet',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: [
    SECTION_STYLES,
    `
      pre {
        margin: 0.5rem 0;
        padding: 0.6rem 0.75rem;
        background: #f8fafc;
        border: 1px solid #e3e6ea;
        border-radius: 6px;
        overflow-x: auto;
        user-select: all;
      }
    `,
  ],
  template: `
    <section class="panel" aria-labelledby="widget-embed-heading">
      <h3 id="widget-embed-heading">{{ i18n.t('integrations.sites.embedHeading') }}</h3>
      <p class="hint" id="widget-embed-hint">{{ i18n.t('integrations.sites.embedHint') }}</p>
      <pre
        role="group"
        tabindex="0"
        aria-describedby="widget-embed-hint"
        [attr.aria-label]="i18n.t('integrations.sites.embedCode')"
      ><code data-testid="site-snippet">{{ snippet }}</code></pre>
      <button
        type="button"
        class="secondary"
        data-testid="site-snippet-copy"
        [attr.aria-label]="
          i18n.t('integrations.once.copyLabel', { what: i18n.t('integrations.sites.embedCode') })
        "
        (click)="copy()"
      >
        {{ i18n.t(copied() ? 'integrations.once.copied' : 'integrations.once.copy') }}
      </button>
      @if (copyFailed()) {
        <p class="error" role="alert">{{ i18n.t('integrations.once.copyFailed') }}</p>
      }
    </section>
  `,
})
export class EmbedSnippet {
  protected readonly i18n = inject(I18n);
  /** Resolved once: the address this Tidings was reached at does not change on the page. */
  protected readonly snippet = embedSnippet(document.baseURI);
  protected readonly copied = signal(false);
  protected readonly copyFailed = signal(false);

  protected async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.snippet);
      this.copied.set(true);
      this.copyFailed.set(false);
    } catch {
      // No clipboard (an insecure origin, a refused permission): the code is selectable.
      this.copyFailed.set(true);
    }
  }
}
