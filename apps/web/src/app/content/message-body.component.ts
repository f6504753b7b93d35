import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  ViewEncapsulation,
} from '@angular/core';
import { DomSanitizer, type SafeHtml } from '@angular/platform-browser';
import { AuthService } from '../auth/auth.service';
import { I18n } from '../i18n/i18n.service';
import { renderer } from './renderer';

/**
 * A message's text as markdown: emphasis, code, quotes, lists, links (new tab) and mention
 * chips. The HTML comes from markdown-it with raw HTML off and then DOMPurify's allowlist
 * (render.ts); it is handed to Angular as trusted only after that, because Angular's own
 * sanitiser would strip the link targets and chip attributes the allowlist already vetted.
 */
@Component({
  selector: 'td-message-body',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'message-body' },
  template: `
    @if (html(); as html) {
      <div class="markdown" [innerHTML]="html"></div>
    } @else {
      <div class="plain">{{ text() }}</div>
    }
  `,
  // Not encapsulated: the rendered HTML is set as innerHTML, so it carries no component
  // attribute for emulated encapsulation to match. Every rule is scoped under the host tag.
  encapsulation: ViewEncapsulation.None,
  styles: `
    td-message-body {
      display: block;
      overflow-wrap: anywhere;
    }
    td-message-body :is(p, ul, ol, blockquote, pre) {
      margin: 0 0 0.4em;
    }
    td-message-body .plain {
      white-space: pre-wrap;
    }
    td-message-body .markdown > :last-child {
      margin-bottom: 0;
    }
    td-message-body :is(ul, ol) {
      padding-left: 1.4em;
    }
    td-message-body blockquote {
      padding-left: 0.7em;
      border-left: 3px solid var(--border);
      color: var(--muted);
    }
    td-message-body code {
      font-family:
        ui-monospace, SFMono-Regular, Menlo, Consolas, 'Noto Sans Mono CJK SC', monospace;
      font-size: 0.9em;
      padding: 0.1em 0.3em;
      border-radius: 4px;
      background: rgba(27, 31, 35, 0.07);
    }
    td-message-body pre {
      padding: 0.5em 0.7em;
      border-radius: 6px;
      background: rgba(27, 31, 35, 0.07);
      white-space: pre-wrap;
    }
    td-message-body pre code {
      padding: 0;
      background: none;
    }
    td-message-body a {
      color: var(--accent);
    }
    td-message-body .mention {
      padding: 0 0.25em;
      border-radius: 4px;
      /* Darker than the accent: readable (WCAG AA, 4.5:1) on its tinted background. */
      color: var(--mention);
      background: rgba(47, 111, 222, 0.1);
      font-weight: 500;
    }
    td-message-body .mention-me {
      color: #8a5a00;
      background: rgba(255, 193, 7, 0.25);
    }
  `,
})
export class MessageBody {
  private readonly i18n = inject(I18n);
  private readonly auth = inject(AuthService);
  private readonly sanitizer = inject(DomSanitizer);

  /** The message's markdown text, as stored. */
  readonly text = input.required<string>();

  /** The rendered message, or null while the renderer is still loading. */
  protected readonly html = computed<SafeHtml | null>(() => {
    const loaded = renderer();
    if (!loaded) return null;
    const html = loaded.renderMessageHtml(this.text(), {
      me: this.auth.user()?.username ?? null,
      newTabHint: this.i18n.t('content.link.newTab'),
    });
    // Safe to trust: renderMessageHtml's output went through DOMPurify's allowlist.
    return this.sanitizer.bypassSecurityTrustHtml(html);
  });
}
