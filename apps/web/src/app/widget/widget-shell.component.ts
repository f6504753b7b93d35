import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  Injector,
  input,
  OnDestroy,
  OnInit,
  ViewEncapsulation,
} from '@angular/core';
import { ChatStore } from '../chat/chat.store';
import { ConversationList } from '../chat/conversation-list.component';
import { conversationTitle } from '../chat/conversation-title';
import { PeopleStore } from '../chat/people.store';
import { PresenceStore } from '../chat/presence.store';
import { I18n } from '../i18n/i18n.service';
import { EmbedChannel } from './embed-channel.service';
import { WidgetAuth } from './widget-auth.service';
import { WidgetConversation } from './widget-conversation.component';
import { escapeClosesPanel } from './widget-rules';
import { WidgetSession } from './widget-session.service';
import { WIDGET_STYLES } from './widget-styles';

/**
 * `/widget?origin=…&lang=…`: the compact chat in the widget's frame (~380×560). A header
 * (title, back to the inbox, close), then the inbox or one conversation — the full client's
 * stores and components, without its calls, notifications, switcher, search or admin links.
 * WidgetSession runs the frame's life; this is its face.
 */
@Component({
  selector: 'td-widget-shell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // Unscoped, but prefixed `.widget`: they restyle the reused list and panes for the frame.
  encapsulation: ViewEncapsulation.None,
  styles: WIDGET_STYLES,
  providers: [EmbedChannel, WidgetAuth, WidgetSession],
  imports: [ConversationList, WidgetConversation],
  host: { '(document:keydown)': 'keydown($event)' },
  template: `
    <div class="widget" data-testid="widget-shell" [attr.lang]="i18n.language()">
      <header class="widget-header">
        @if (session.phase() === 'ready' && session.chosenId()) {
          <button
            type="button"
            class="widget-icon"
            data-testid="widget-back"
            [attr.aria-label]="i18n.t('widget.back')"
            [title]="i18n.t('widget.back')"
            (click)="back()"
          >
            <span aria-hidden="true">‹</span>
          </button>
        }
        <h1 class="widget-title" data-testid="widget-title">{{ title() }}</h1>
        @if (session.chatStarted() && !store.connected()) {
          <span class="widget-offline" role="status" data-testid="offline-banner">{{
            i18n.t('connection.offline')
          }}</span>
        }
        <button
          type="button"
          class="widget-icon"
          data-testid="widget-close"
          [attr.aria-label]="i18n.t('widget.close')"
          [title]="i18n.t('widget.close')"
          (click)="session.close()"
        >
          <span aria-hidden="true">✕</span>
        </button>
      </header>
      <main class="widget-body">
        @switch (session.phase()) {
          @case ('invalid') {
            <p class="widget-note">{{ i18n.t('widget.notEmbedded') }}</p>
          }
          @case ('starting') {
            <p class="widget-note" role="status">{{ i18n.t('widget.starting') }}</p>
          }
          @case ('opening') {
            <p class="widget-note" role="status">{{ i18n.t('widget.opening') }}</p>
          }
          @case ('signin-required') {
            <div class="widget-signin">
              <p>{{ i18n.t('widget.signinLead') }}</p>
              <button
                type="button"
                class="primary"
                data-testid="widget-signin"
                (click)="session.signInWithPopup()"
              >
                {{ i18n.t('signIn.button') }}
              </button>
              @if (auth.popupBlocked()) {
                <p class="error" role="alert">{{ i18n.t('widget.popupBlocked') }}</p>
              } @else if (auth.popupOpen()) {
                <p class="muted" role="status">{{ i18n.t('widget.signinWaiting') }}</p>
              }
            </div>
          }
          @case ('ready') {
            @if (session.problem(); as reason) {
              <p class="error widget-line" role="alert" data-testid="widget-problem">
                {{ i18n.t('widget.contextFailed', { reason }) }}
              </p>
            }
            @if (store.error(); as error) {
              <p class="error widget-line" role="alert">
                {{ i18n.t('error.generic', { reason: error }) }}
                <button type="button" class="link" (click)="store.dismissError()">
                  {{ i18n.t('error.dismiss') }}
                </button>
              </p>
            }
            @if (session.chosenId(); as id) {
              <td-widget-conversation
                [conversationId]="id"
                [title]="title()"
                [contextUrl]="contextUrl()"
                [contextName]="contextName()"
              />
            } @else {
              <div class="widget-list">
                <td-conversation-list
                  [conversations]="store.conversations()"
                  [selectedId]="null"
                  [names]="people.names()"
                  [presence]="presence.states()"
                  [myId]="store.myId()"
                  [picking]="true"
                  (picked)="pick($event)"
                />
              </div>
            }
          }
        }
      </main>
    </div>
  `,
})
export class WidgetShell implements OnInit, OnDestroy {
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(ChatStore);
  protected readonly people = inject(PeopleStore);
  protected readonly presence = inject(PresenceStore);
  protected readonly session = inject(WidgetSession);
  protected readonly auth = inject(WidgetAuth);
  private readonly injector = inject(Injector);
  /** Query parameters (withComponentInputBinding): the page's origin, its language, … */
  readonly origin = input<string | undefined>();
  readonly lang = input<string | undefined>();
  /** `required`: the issuer answered that silent sign-in is not possible. */
  readonly signin = input<string | undefined>();

  /** The open conversation's title; the app's name over the inbox. */
  protected readonly title = computed(() => {
    const id = this.session.chosenId();
    if (!id) return this.i18n.t('app.title');
    const open = this.store.conversations().find((c) => c.id === id);
    if (open)
      return conversationTitle(open, (key, params) => this.i18n.t(key, params), {
        names: this.people.names(),
        myId: this.store.myId(),
      });
    // A context conversation just created: not in the list until its event reloads it.
    const context = this.session.context();
    return context?.conversationId === id ? context.title : '';
  });

  /** The business object's page, for the link back to it. */
  protected readonly contextUrl = computed(() => {
    const id = this.session.chosenId();
    const open = this.store.conversations().find((c) => c.id === id);
    if (open?.context) return open.context.url;
    const context = this.session.context();
    return context?.conversationId === id ? context.context.url : null;
  });

  /** What the link calls the object: the conversation's name, without the channel's `#`. */
  protected readonly contextName = computed(() => {
    const id = this.session.chosenId();
    const open = this.store.conversations().find((c) => c.id === id);
    const context = this.session.context();
    return open?.name ?? (context?.conversationId === id ? context.title : this.title());
  });

  constructor() {
    effect(() => this.presence.watch(this.store.conversations(), this.store.myId()));
  }

  ngOnInit(): void {
    this.session.start({ origin: this.origin(), lang: this.lang(), signin: this.signin() });
  }

  ngOnDestroy(): void {
    this.session.stop();
  }

  /** A conversation picked from the list: it opens, and the keyboard is in its composer. */
  protected pick(id: string): void {
    this.session.choose(id);
    this.focusAfterRender('[data-testid="composer-input"]');
  }

  /** Back to the inbox, with the keyboard on the conversation just left. */
  protected back(): void {
    const left = this.session.chosenId() ?? '';
    this.session.choose(null);
    this.focusAfterRender(`[data-conversation-id="${CSS.escape(left)}"]`);
  }

  private focusAfterRender(selector: string): void {
    afterNextRender(() => document.querySelector<HTMLElement>(selector)?.focus(), {
      injector: this.injector,
    });
  }

  protected keydown(event: KeyboardEvent): void {
    const target = event.target instanceof Element ? event.target : null;
    const closes = escapeClosesPanel({
      key: event.key,
      defaultPrevented: event.defaultPrevented,
      isComposing: event.isComposing,
      targetExpanded: target?.getAttribute('aria-expanded') ?? null,
      targetTestId: target?.getAttribute('data-testid') ?? null,
    });
    if (closes) this.session.close();
  }
}
