import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  OnDestroy,
  OnInit,
} from '@angular/core';
import { AuthService } from '../auth/auth.service';
import { I18n } from '../i18n/i18n.service';
import { LanguageSwitch } from '../i18n/language-switch.component';
import { ChatStore } from './chat.store';
import { Composer } from './composer.component';
import { ConversationList } from './conversation-list.component';
import { conversationTitle } from './conversation-title';
import { MessagePane } from './message-pane.component';

/** The main screen: header, sidebar, message pane and composer. `id` comes from /c/:id. */
@Component({
  selector: 'td-chat-shell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ConversationList, MessagePane, Composer, LanguageSwitch],
  template: `
    <div class="shell">
      <header class="topbar">
        <span class="brand">{{ i18n.t('app.title') }}</span>
        @if (!store.connected()) {
          <span class="offline" role="status">{{ i18n.t('connection.offline') }}</span>
        }
        <span class="spacer"></span>
        <span class="me" data-testid="me">{{ me() }}</span>
        <td-language-switch />
        <button type="button" class="link" data-testid="sign-out" (click)="auth.signOut()">
          {{ i18n.t('signOut.button') }}
        </button>
      </header>
      <td-conversation-list [conversations]="store.conversations()" [selectedId]="store.openId()" />
      <main class="pane">
        @if (store.error(); as error) {
          <p class="error" role="alert">{{ i18n.t('error.generic', { reason: error }) }}</p>
        }
        @if (store.open(); as open) {
          <h1 class="pane-title" data-testid="conversation-title">{{ title() }}</h1>
          <td-message-pane [messages]="store.messages()" [loading]="store.loadingHistory()" />
          <td-composer [target]="title()" (send)="store.send($event)" />
        } @else {
          <p class="muted placeholder">{{ i18n.t('pane.placeholder') }}</p>
        }
      </main>
    </div>
  `,
})
export class ChatShell implements OnInit, OnDestroy {
  protected readonly i18n = inject(I18n);
  protected readonly auth = inject(AuthService);
  protected readonly store = inject(ChatStore);
  /** Bound from the route parameter (withComponentInputBinding). */
  readonly id = input<string | undefined>();

  protected readonly me = computed(() => {
    const user = this.auth.user();
    return user?.displayName ?? user?.username ?? '';
  });
  protected readonly title = computed(() => {
    const open = this.store.open();
    return open ? conversationTitle(open, (key, params) => this.i18n.t(key, params)) : '';
  });

  constructor() {
    effect(() => void this.store.select(this.id() ?? null));
  }

  ngOnInit(): void {
    this.store.start();
  }

  ngOnDestroy(): void {
    this.store.stop();
  }
}
