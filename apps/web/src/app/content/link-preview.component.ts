import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  ElementRef,
  inject,
  input,
  signal,
} from '@angular/core';
import { I18n } from '../i18n/i18n.service';
import { LinkPreviews, type ShownPreview } from './link-previews.service';
import { renderer } from './renderer';

/**
 * A card under a message for its first web link: site, title (the link), two lines of
 * description and a small picture. Fetched by the server (the page never learns who reads
 * the message; the CSP lets the browser reach only this origin), and only once the message
 * scrolls into view. Nothing is shown when there is no link or no preview.
 */
@Component({
  selector: 'td-link-preview',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (shown(); as preview) {
      <div
        class="card"
        role="group"
        data-testid="link-preview"
        [attr.aria-label]="i18n.t('content.preview.label', { site: preview.siteName })"
      >
        <div class="words">
          <span class="site" data-testid="link-preview-site">{{ preview.siteName }}</span>
          <a
            class="title"
            data-testid="link-preview-title"
            target="_blank"
            rel="noopener noreferrer nofollow"
            [href]="url()"
            [title]="i18n.t('content.link.newTab')"
            >{{ preview.title }}</a
          >
          @if (preview.description) {
            <p class="description" data-testid="link-preview-description">
              {{ preview.description }}
            </p>
          }
        </div>
        @if (preview.imageSrc; as src) {
          <img class="picture" data-testid="link-preview-image" alt="" [src]="src" />
        }
      </div>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .card {
      display: flex;
      gap: 0.75em;
      max-width: 32em;
      margin-top: 0.35em;
      padding: 0.5em 0.7em;
      border-left: 3px solid var(--border);
      border-radius: 4px;
      background: rgba(27, 31, 35, 0.04);
    }
    .words {
      display: flex;
      flex-direction: column;
      gap: 0.1em;
      min-width: 0;
      flex: 1;
    }
    .site {
      font-size: 0.8em;
      color: var(--muted);
    }
    .title {
      font-weight: 600;
      color: var(--accent);
      overflow-wrap: anywhere;
    }
    .description {
      margin: 0;
      font-size: 0.9em;
      display: -webkit-box;
      -webkit-box-orient: vertical;
      -webkit-line-clamp: 2;
      line-clamp: 2;
      overflow: hidden;
    }
    .picture {
      flex: none;
      width: 80px;
      height: 80px;
      object-fit: cover;
      border-radius: 4px;
    }
  `,
})
export class LinkPreview {
  protected readonly i18n = inject(I18n);
  private readonly previews = inject(LinkPreviews);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  /** The message's markdown text; the first web link in it is previewed. */
  readonly text = input.required<string>();

  /** The link, found by the renderer's own rules (so never one inside code). */
  protected readonly url = computed(() => renderer()?.firstWebLink(this.text()) ?? null);
  private readonly visible = signal(false);
  protected readonly shown = signal<ShownPreview | null>(null);

  constructor() {
    // Seen once is enough: the preview stays after the message scrolls away.
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        this.visible.set(true);
        observer.disconnect();
      }
    });
    observer.observe(this.host.nativeElement);
    inject(DestroyRef).onDestroy(() => observer.disconnect());

    effect((onCleanup) => {
      const url = this.url();
      this.shown.set(null);
      if (!url || !this.visible()) return;
      let current = true;
      onCleanup(() => (current = false));
      void this.previews.preview(url).then((preview) => {
        if (current) this.shown.set(preview);
      });
    });
  }
}
