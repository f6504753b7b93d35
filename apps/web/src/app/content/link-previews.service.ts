import { inject, Injectable } from '@angular/core';
import { ApiClient, ApiError } from '../api/api-client';

/** GET /api/v1/link-previews (docs/link-previews.md). */
interface LinkPreviewAnswer {
  url: string;
  title: string | null;
  description: string | null;
  siteName: string | null;
  /** Same-origin URL of the server's copy of the picture. */
  image: string | null;
}

/** What a card shows: the picture as a blob URL (its route needs the bearer token). */
export interface ShownPreview {
  title: string;
  description: string | null;
  siteName: string;
  imageSrc: string | null;
}

/** Previews remembered; the oldest are dropped (and their picture's blob URL released). */
const REMEMBERED = 200;

/**
 * Link previews, asked of the server once per URL per session however many messages (or
 * re-renders) show the link. A failure is remembered as "no preview": nothing is shown and
 * nothing is retried until the page is reloaded.
 */
@Injectable({ providedIn: 'root' })
export class LinkPreviews {
  private readonly api = inject(ApiClient);
  private readonly known = new Map<string, Promise<ShownPreview | null>>();
  /** The server answered link_preview.disabled: ask no more this session. */
  private disabled = false;

  preview(url: string): Promise<ShownPreview | null> {
    if (this.disabled) return Promise.resolve(null);
    const known = this.known.get(url);
    if (known) return known;
    const pending = this.load(url);
    this.known.set(url, pending);
    if (this.known.size > REMEMBERED) this.forgetOldest();
    return pending;
  }

  private async load(url: string): Promise<ShownPreview | null> {
    let answer: LinkPreviewAnswer;
    try {
      answer = await this.api.get<LinkPreviewAnswer>(
        `/link-previews?url=${encodeURIComponent(url)}`,
      );
    } catch (error) {
      if (error instanceof ApiError && error.code === 'link_preview.disabled') this.disabled = true;
      return null; // refused or unavailable: the message shows its link only
    }
    const title = answer.title ?? answer.description;
    if (!title) return null; // nothing worth a card
    return {
      title,
      description: answer.title ? answer.description : null,
      siteName: answer.siteName ?? hostOf(url),
      imageSrc: await this.picture(answer.image),
    };
  }

  private async picture(path: string | null): Promise<string | null> {
    // Only the server's own proxy: a remote URL here would break the CSP (and tell the site).
    if (!path?.startsWith('/api/v1/link-previews/image?')) return null;
    try {
      return URL.createObjectURL(await this.api.blob(path));
    } catch {
      return null; // the card shows without a picture
    }
  }

  private forgetOldest(): void {
    const [url, pending] = this.known.entries().next().value as [
      string,
      Promise<ShownPreview | null>,
    ];
    this.known.delete(url);
    void pending.then((shown) => {
      if (shown?.imageSrc) URL.revokeObjectURL(shown.imageSrc);
    });
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}
