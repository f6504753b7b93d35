import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { ApiClient, ApiError } from '../api/api-client';
import { I18n } from '../i18n/i18n.service';
import { safeSnippet } from './snippet';

/** One hit of `GET /api/v1/search` (docs/messaging.md, Search). */
interface SearchHit {
  messageId: string;
  seq: number;
  conversation: { id: string; kind: string; name: string | null };
  sender: { username: string | null; displayName: string | null };
  createdAt: string;
  snippet: string;
}

/**
 * The header's search: the server's query language as typed (`from:` `in:` `has:file`
 * `on:` …, days in this browser's time zone), newest hits first with the matches marked, more
 * by cursor. A hit opens its conversation around that message (`/c/:id?around=seq`).
 */
@Component({
  selector: 'td-search-box',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(document:keydown.escape)': 'close()' },
  styles: `
    :host {
      position: relative;
      flex: 0 1 22rem;
    }
    form {
      display: flex;
      gap: 0.25rem;
    }
    input {
      flex: 1;
      min-width: 0;
      padding: 0.35rem 0.5rem;
      font: inherit;
      border: 1px solid var(--border);
      border-radius: 6px;
      background: var(--bg);
      color: var(--text);
    }
    .results {
      position: absolute;
      top: 2.4rem;
      left: 0;
      width: min(34rem, 92vw);
      max-height: 70vh;
      overflow: auto;
      z-index: 15;
      background: var(--panel);
      color: var(--text);
      border: 1px solid var(--border);
      border-radius: 8px;
      box-shadow: 0 8px 30px rgb(0 0 0 / 20%);
      padding: 0.5rem;
    }
    .results header {
      display: flex;
      justify-content: space-between;
      align-items: center;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    li button {
      display: block;
      width: 100%;
      text-align: left;
      background: none;
      border: 0;
      color: inherit;
      padding: 0.5rem;
      border-radius: 6px;
    }
    li button:hover,
    li button:focus-visible {
      background: var(--bg);
    }
    .where {
      font-size: 0.8rem;
      color: var(--muted);
    }
    .snippet {
      margin: 0.2rem 0 0;
      overflow-wrap: anywhere;
    }
  `,
  template: `
    <form role="search" (submit)="submit($event)">
      <input
        #field
        type="search"
        name="q"
        [attr.aria-label]="i18n.t('search.label')"
        [placeholder]="i18n.t('search.placeholder')"
        data-testid="search-input"
      />
      <button type="submit" class="link" data-testid="search-submit">
        {{ i18n.t('search.submit') }}
      </button>
    </form>
    @if (query(); as q) {
      <section
        class="results"
        data-testid="search-results"
        [attr.aria-label]="i18n.t('search.results', { query: q })"
      >
        <header>
          <strong>{{ i18n.t('search.results', { query: q }) }}</strong>
          <button
            type="button"
            class="link"
            (click)="close()"
            [attr.aria-label]="i18n.t('search.close')"
          >
            ×
          </button>
        </header>
        @if (error(); as error) {
          <p class="error" role="alert">{{ error }}</p>
        }
        <ul>
          @for (hit of hits(); track hit.messageId) {
            <li>
              <button type="button" (click)="openHit(hit)" data-testid="search-hit">
                <span class="where">
                  {{ where(hit) }} · {{ hit.sender.displayName ?? hit.sender.username }} ·
                  {{ when(hit.createdAt) }}
                </span>
                <p class="snippet" [innerHTML]="snippet(hit)"></p>
              </button>
            </li>
          }
        </ul>
        @if (loading()) {
          <p class="muted">{{ i18n.t('search.searching') }}</p>
        } @else if (hits().length === 0 && !error()) {
          <p class="muted">{{ i18n.t('search.none') }}</p>
        } @else if (nextCursor()) {
          <button type="button" class="link" (click)="more()">{{ i18n.t('search.more') }}</button>
        }
      </section>
    }
  `,
})
export class SearchBox {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(ApiClient);
  private readonly router = inject(Router);

  protected readonly query = signal<string | null>(null);
  protected readonly hits = signal<SearchHit[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);

  protected submit(event: Event): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const q = (new FormData(form).get('q') as string | null)?.trim() ?? '';
    if (!q) return;
    this.query.set(q);
    this.hits.set([]);
    this.nextCursor.set(null);
    void this.load(q, null);
  }

  protected more(): void {
    const q = this.query();
    if (q) void this.load(q, this.nextCursor());
  }

  close(): void {
    this.query.set(null);
  }

  protected openHit(hit: SearchHit): void {
    this.close();
    void this.router.navigate(['/c', hit.conversation.id], { queryParams: { around: hit.seq } });
  }

  protected snippet(hit: SearchHit): string {
    return safeSnippet(hit.snippet);
  }

  protected where(hit: SearchHit): string {
    if (hit.conversation.kind === 'channel') return `# ${hit.conversation.name ?? ''}`;
    return hit.conversation.kind === 'direct'
      ? this.i18n.t('conversation.direct')
      : (hit.conversation.name ?? this.i18n.t('search.group'));
  }

  protected when(iso: string): string {
    return new Date(iso).toLocaleString(this.i18n.language(), {
      dateStyle: 'medium',
      timeStyle: 'short',
    });
  }

  private async load(q: string, cursor: string | null): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    const params = new URLSearchParams({
      q,
      tz: Intl.DateTimeFormat().resolvedOptions().timeZone,
      limit: '20',
    });
    if (cursor) params.set('cursor', cursor);
    try {
      const page = await this.api.get<{ items: SearchHit[]; nextCursor: string | null }>(
        `/search?${params}`,
      );
      if (this.query() !== q) return; // a newer search replaced this one
      this.hits.update((hits) => [...hits, ...page.items]);
      this.nextCursor.set(page.nextCursor);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.error.set(
        error instanceof ApiError && error.code === 'messaging.search.bad_query'
          ? this.i18n.t('search.badQuery', { reason })
          : this.i18n.t('error.generic', { reason }),
      );
    } finally {
      this.loading.set(false);
    }
  }
}
