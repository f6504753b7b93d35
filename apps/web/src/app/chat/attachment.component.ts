import {
  ChangeDetectionStrategy,
  Component,
  effect,
  inject,
  input,
  OnDestroy,
  signal,
} from '@angular/core';
import { ApiClient } from '../api/api-client';
import type { AttachedFile } from '../api/models';
import { I18n } from '../i18n/i18n.service';
import { formatBytes } from './file-size';

/**
 * One attachment: a thumbnail for images, the name, size and a download button. File URLs
 * need the bearer token, which `src` and `href` cannot send, so the thumbnail and the
 * download are fetched and handed to the browser as blob URLs.
 */
@Component({
  selector: 'td-attachment',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="attachment" data-testid="attachment">
      @if (thumbnail(); as src) {
        <img class="thumbnail" data-testid="attachment-thumbnail" [src]="src" [alt]="file().name" />
      }
      <button
        type="button"
        class="link file-name"
        data-testid="attachment-download"
        [attr.aria-label]="i18n.t('message.download', { name: file().name })"
        (click)="download()"
      >
        {{ file().name }}
      </button>
      <span class="muted file-size">{{ size() }}</span>
    </div>
  `,
})
export class Attachment implements OnDestroy {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(ApiClient);
  readonly file = input.required<AttachedFile>();
  protected readonly thumbnail = signal<string | null>(null);

  constructor() {
    effect(() => {
      const url = this.file().thumbnailUrl;
      if (!url) return;
      void this.api
        .blob(url)
        .then((blob) => this.setThumbnail(URL.createObjectURL(blob)))
        .catch(() => undefined); // no thumbnail: the name and download still show
    });
  }

  protected size(): string {
    return formatBytes(this.file().size, this.i18n.language());
  }

  protected async download(): Promise<void> {
    const blob = await this.api.blob(this.file().url);
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = this.file().name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  private setThumbnail(url: string): void {
    const previous = this.thumbnail();
    if (previous) URL.revokeObjectURL(previous);
    this.thumbnail.set(url);
  }

  ngOnDestroy(): void {
    const url = this.thumbnail();
    if (url) URL.revokeObjectURL(url);
  }
}
