import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { EgressClient, EgressError } from '@tidings/platform/egress';
import { DomainError, NotFoundError } from '@tidings/platform/errors';
import { ExpiringCache } from './expiring-cache';
import { sniffImageType, type PreviewImageType } from './image-type';
import type { LinkPreviewsOptions } from './link-previews-config';
import { pageMetadataOf, type PageMetadata } from './page-metadata';

export const LINK_PREVIEWS_OPTIONS = Symbol('LINK_PREVIEWS_OPTIONS');

/** A page's preview; `image` is the page's own image URL (the API shows the proxied one). */
export interface LinkPreview extends PageMetadata {
  url: string;
}

export interface PreviewImage {
  type: PreviewImageType;
  bytes: Buffer;
}

/** HTML read at most; `</head>` usually comes long before. */
export const MAX_HTML_BYTES = 1024 * 1024;
/** A preview picture larger than this is not shown. */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

const PREVIEW_ENTRIES = 500;
const PREVIEW_TTL_MS = 60 * 60 * 1000;
/** Failures are remembered briefly: a page that was down may be back soon. */
const FAILURE_TTL_MS = 5 * 60 * 1000;
/** Pictures, by bytes rather than by count: 50 readers of one link fetch its picture once. */
const IMAGE_ENTRIES = 16;

const HTML_TYPES = /^\s*(text\/html|application\/xhtml\+xml)\s*(;|$)/i;
const HEAD_END = /<\/head\s*>|<body[\s>]/i;
/** Pages in the languages Tidings speaks, where a site offers a choice. */
const LANGUAGES = { 'accept-language': 'en, zh-CN;q=0.8, *;q=0.5' };

export const linkPreviewErrors = {
  disabled: () =>
    new NotFoundError('link_preview.disabled', 'Link previews are turned off on this server.'),
  refused: (message: string) => new DomainError('link_preview.refused', 'forbidden', message),
  unavailable: (message: string) =>
    new DomainError('link_preview.unavailable', 'unprocessable', message),
  imageUnknown: () =>
    new NotFoundError(
      'link_preview.image_unknown',
      "This image is not the preview image of that page: only pages' preview images are served.",
    ),
};

type Outcome<T> = { ok: true; value: T } | { ok: false; error: EgressError };

function domainErrorOf(error: EgressError): DomainError {
  return error.reason === 'refused'
    ? linkPreviewErrors.refused(error.message)
    : linkPreviewErrors.unavailable(error.message);
}

/**
 * Previews of links, fetched by the server through the SSRF guard (@tidings/platform/egress) and
 * remembered: answers for an hour, failures for five minutes, and a fetch in progress is
 * shared, so a link shown to fifty people is fetched once.
 */
@Injectable()
export class LinkPreviews implements OnApplicationShutdown {
  private readonly client: EgressClient;
  private readonly previews = new ExpiringCache<Promise<Outcome<LinkPreview>>>(PREVIEW_ENTRIES);
  private readonly images = new ExpiringCache<Promise<Outcome<PreviewImage>>>(IMAGE_ENTRIES);

  constructor(@Inject(LINK_PREVIEWS_OPTIONS) private readonly options: LinkPreviewsOptions) {
    this.client = new EgressClient(options.policy);
  }

  async preview(link: URL): Promise<LinkPreview> {
    if (!this.options.enabled) throw linkPreviewErrors.disabled();
    // The fragment is the reader's place in the page, not another page.
    const url = new URL(link.href);
    url.hash = '';
    const outcome = await this.remembered(this.previews, url.href, () => this.fetchPreview(url));
    if (!outcome.ok) throw domainErrorOf(outcome.error);
    return outcome.value;
  }

  /**
   * The picture of `page`'s preview, only if `image` is what that preview names: the proxy
   * serves preview pictures, not any URL a caller makes up.
   */
  async image(page: URL, image: URL): Promise<PreviewImage> {
    const preview = await this.preview(page);
    if (preview.image !== image.href) throw linkPreviewErrors.imageUnknown();
    const outcome = await this.remembered(this.images, image.href, () => this.fetchImage(image));
    if (!outcome.ok) throw domainErrorOf(outcome.error);
    return outcome.value;
  }

  private async remembered<T>(
    cache: ExpiringCache<Promise<Outcome<T>>>,
    key: string,
    fetch: () => Promise<T>,
  ): Promise<Outcome<T>> {
    const known = cache.get(key);
    if (known) return known;
    const pending = fetch().then(
      (value): Outcome<T> => ({ ok: true, value }),
      (error: unknown): Outcome<T> => {
        if (!(error instanceof EgressError)) throw error;
        return { ok: false, error };
      },
    );
    cache.set(key, pending, PREVIEW_TTL_MS);
    pending.then(
      (outcome) => {
        if (!outcome.ok) cache.set(key, pending, FAILURE_TTL_MS);
      },
      () => cache.delete(key), // a bug, not the page: do not remember it
    );
    return pending;
  }

  private async fetchPreview(url: URL): Promise<LinkPreview> {
    const page = await this.client.fetch(url, {
      accept: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.1',
      headers: LANGUAGES,
      maxBytes: MAX_HTML_BYTES,
      overflow: 'truncate',
      stopAfter: (bytes) => HEAD_END.test(bytes.toString('latin1')),
      typeProblem: (type) => (HTML_TYPES.test(type ?? '') ? null : 'The link is not a web page.'),
    });
    return { url: url.href, ...pageMetadataOf(page.body, page.contentType, page.url.href) };
  }

  private async fetchImage(url: URL): Promise<PreviewImage> {
    const fetched = await this.client.fetch(url, {
      accept: 'image/webp, image/png, image/jpeg, image/gif',
      headers: LANGUAGES,
      maxBytes: MAX_IMAGE_BYTES,
      overflow: 'fail',
    });
    const type = sniffImageType(fetched.body);
    if (!type)
      throw new EgressError('unavailable', 'The preview image is not a PNG, JPEG, GIF or WebP.');
    return { type, bytes: fetched.body };
  }

  onApplicationShutdown(): void {
    this.client.destroy();
  }
}
