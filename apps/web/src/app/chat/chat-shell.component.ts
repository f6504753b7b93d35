import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  OnDestroy,
  OnInit,
  signal,
} from '@angular/core';
import { RouterLink, Router } from '@angular/router';
import { AdminAccess } from '../admin/admin-access';
import { AuthService } from '../auth/auth.service';
import { CallButtons } from '../calls/call-buttons.component';
import { CallOverlay } from '../calls/call-overlay.component';
import { CallWatch } from '../calls/call-watch';
import { I18n } from '../i18n/i18n.service';
import { LanguageSwitch } from '../i18n/language-switch.component';
import type { Conversation } from '../api/models';
import { ChatStore } from './chat.store';
import { Composer, type Outgoing } from './composer.component';
import { ConversationList } from './conversation-list.component';
import { conversationTitle } from './conversation-title';
import { MembersPanel } from './members-panel.component';
import { MessagePane } from './message-pane.component';
import { NewChannelDialog } from './new-channel-dialog.component';
import { PeopleStore } from './people.store';
import { PinsPanel } from './pins-panel.component';
import { PresenceStore } from './presence.store';
import { ThreadPanel } from './thread-panel.component';
import { typingLine } from './typing';
import { TypingStore } from './typing.store';
import { DesktopNotifications } from '../search/desktop-notifications.service';
import { HeaderControls } from '../search/header-controls.component';
import { MuteToggle } from '../search/mute-toggle.component';
import { QuickSwitcher } from '../search/quick-switcher.component';
import type { SwitchItem } from '../search/quick-switch';
import { SearchBox } from '../search/search-box.component';

/**
 * The main screen: header, sidebar, message pane and composer, and beside them the thread or
 * members panel. `id` comes from /c/:id.
 */
@Component({
  selector: 'td-chat-shell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ConversationList,
    MessagePane,
    Composer,
    LanguageSwitch,
    ThreadPanel,
    MembersPanel,
    NewChannelDialog,
    PinsPanel,
    RouterLink,
    SearchBox,
    QuickSwitcher,
    HeaderControls,
    MuteToggle,
    CallButtons,
    CallOverlay,
  ],
  template: `
    <div class="shell" [class.with-side]="store.threadRootId() || showMembers() || store.pins()">
      <header class="topbar">
        <span class="brand">{{ i18n.t('app.title') }}</span>
        @if (!store.connected()) {
          <span class="offline" role="status" data-testid="offline-banner"
            >{{ i18n.t('connection.offline') }}
            <span class="offline-detail">{{ i18n.t('offline.banner') }}</span></span
          >
        }
        <td-search-box />
        <button
          type="button"
          class="link"
          data-testid="quick-switcher-open"
          [title]="i18n.t('switcher.open')"
          (click)="switcher.open()"
        >
          <span class="visually-hidden">{{ i18n.t('switcher.title') }}</span>
          Ctrl+K
        </button>
        <nav class="nav" [attr.aria-label]="i18n.t('nav.label')">
          <a routerLink="/directory" data-testid="nav-directory">{{ i18n.t('nav.directory') }}</a>
          @if (access.canAdminister()) {
            <a routerLink="/admin" data-testid="nav-admin">{{ i18n.t('nav.admin') }}</a>
          }
          @if (access.has('audit.read')) {
            <a routerLink="/compliance" data-testid="nav-compliance">{{
              i18n.t('nav.compliance')
            }}</a>
          }
        </nav>
        <span class="spacer"></span>
        <td-header-controls />
        <span class="me" data-testid="me">{{ me() }}</span>
        <td-language-switch />
        <button type="button" class="link" data-testid="sign-out" (click)="auth.signOut()">
          {{ i18n.t('signOut.button') }}
        </button>
      </header>
      <td-conversation-list
        [conversations]="store.conversations()"
        [selectedId]="store.openId()"
        [names]="people.names()"
        [presence]="presence.states()"
        [myId]="store.myId()"
        (newChannel)="creating.set(true)"
      />
      <main class="pane">
        @if (store.error(); as error) {
          <p class="error" role="alert">
            {{ i18n.t('error.generic', { reason: error }) }}
            <button type="button" class="link" (click)="store.dismissError()">
              {{ i18n.t('error.dismiss') }}
            </button>
          </p>
        }
        @if (store.open(); as open) {
          <div class="pane-header">
            <h1 class="pane-title" data-testid="conversation-title">{{ title() }}</h1>
            <!-- A context conversation (docs/widget.md) links back to its business object. -->
            @if (open.context?.url; as url) {
              <a
                class="link"
                data-testid="conversation-context-link"
                target="_blank"
                rel="noopener"
                [href]="url"
                >{{ i18n.t('context.open', { title: open.name ?? title() })
                }}<span aria-hidden="true"> ↗</span></a
              >
            }
            <td-call-buttons [conversation]="open" />
            <td-mute-toggle
              [conversationId]="open.id"
              [muted]="open.membership?.muted ?? false"
              (changed)="store.setMuted(open.id, $event)"
            />
            <button
              type="button"
              class="link"
              data-testid="pins-button"
              [attr.aria-expanded]="!!store.pins()"
              (click)="togglePins()"
            >
              {{ i18n.t('pins.button') }}
            </button>
            @if (open.kind !== 'direct') {
              <button
                type="button"
                class="link"
                data-testid="members-button"
                [attr.aria-expanded]="showMembers()"
                (click)="toggleMembers()"
              >
                {{ i18n.t('members.button', { count: open.memberCount }) }}
              </button>
            }
          </div>
          <td-message-pane
            [messages]="store.topLevel()"
            [loading]="store.loadingHistory()"
            [unreadAfterSeq]="store.unreadAfterSeq()"
            [receipts]="store.receipts()"
            [hasOlder]="store.hasOlder()"
            [loadingOlder]="store.loadingOlder()"
            (older)="store.loadOlder()"
          />
          <p class="typing" data-testid="typing" aria-live="polite">{{ typingLine() }}</p>
          <td-composer [target]="title()" [conversationId]="open.id" (send)="send($event)" />
        } @else {
          <p class="muted placeholder">{{ i18n.t('pane.placeholder') }}</p>
        }
      </main>
      @if (store.threadRootId()) {
        <td-thread-panel />
      } @else if (showMembers() && store.open()) {
        <td-members-panel (closed)="showMembers.set(false)" />
      } @else if (store.pins()) {
        <td-pins-panel (closed)="store.closePins()" />
      }
    </div>
    @if (creating()) {
      <td-new-channel-dialog (closed)="creating.set(false)" />
    }
    <td-quick-switcher #switcher [items]="switchItems()" (chosen)="openConversation($event)" />
    <!-- The call screen (media, peer connections, toast) loads when a call first concerns this tab. -->
    @defer (when calls.wanted()) {
      <td-call-overlay />
    }
  `,
})
export class ChatShell implements OnInit, OnDestroy {
  protected readonly i18n = inject(I18n);
  protected readonly auth = inject(AuthService);
  protected readonly store = inject(ChatStore);
  protected readonly people = inject(PeopleStore);
  protected readonly presence = inject(PresenceStore);
  private readonly typing = inject(TypingStore);
  private readonly router = inject(Router);
  private readonly notifications = inject(DesktopNotifications);
  protected readonly access = inject(AdminAccess);
  /** Listens for calls from the start: a ring must be heard before any call UI has loaded. */
  protected readonly calls = inject(CallWatch);
  /** Bound from the route parameter (withComponentInputBinding). */
  readonly id = input<string | undefined>();
  /** A search hit's seq (`?around=`): the conversation opens with it loaded and in view. */
  readonly around = input<string | undefined>();
  protected readonly creating = signal(false);
  protected readonly showMembers = signal(false);

  protected readonly me = computed(() => {
    const user = this.auth.user();
    return user?.displayName ?? user?.username ?? '';
  });
  protected readonly title = computed(() => {
    const open = this.store.open();
    return open ? this.titleOf(open) : '';
  });
  /** "Bob is typing…" for the open conversation (not its threads: they share the id). */
  protected readonly typingLine = computed(() =>
    typingLine(
      this.typing
        .typingIn(this.store.openId())
        .filter((id) => id !== this.store.myId())
        .map((id) => this.people.names().get(id) ?? this.i18n.t('message.unknownSender')),
      (key, params) => this.i18n.t(key, params),
    ),
  );

  /** The quick switcher's list: every conversation by its title, most recent first. */
  protected readonly switchItems = computed<SwitchItem[]>(() =>
    this.store.conversations().map((c) => ({
      id: c.id,
      title: this.titleOf(c),
      unread: c.unreadCount,
    })),
  );

  constructor() {
    effect(() => void this.openAt(this.id() ?? null, this.around()));
    effect(() => this.presence.watch(this.store.conversations(), this.store.myId()));
  }

  ngOnInit(): void {
    this.store.start();
    this.notifications.start({
      conversation: (id) => {
        const c = this.store.conversations().find((x) => x.id === id);
        return c
          ? { kind: c.kind, muted: c.membership?.muted ?? false, title: this.titleOf(c) }
          : undefined;
      },
      openId: () => this.store.openId(),
      myId: () => this.store.myId(),
      senderName: (id) => this.people.names().get(id) ?? this.i18n.t('message.unknownSender'),
    });
  }

  ngOnDestroy(): void {
    this.notifications.stop();
    this.store.stop();
  }

  protected openConversation(id: string): void {
    void this.router.navigate(['/c', id]);
  }

  /** Opens a conversation; with a search hit's seq, loads back to it and shows it. */
  private async openAt(id: string | null, around: string | undefined): Promise<void> {
    await this.store.select(id);
    const seq = Number(around);
    if (!id || !Number.isInteger(seq) || seq < 1) return;
    await this.store.loadOlderUntil(seq - 1);
    // After the pane rendered what was loaded.
    requestAnimationFrame(() => {
      const element = document.querySelector<HTMLElement>(`[data-seq="${seq}"]`);
      element?.scrollIntoView({ block: 'center' });
      element?.classList.add('found');
    });
  }

  private titleOf(c: Conversation): string {
    return conversationTitle(c, (key, params) => this.i18n.t(key, params), {
      names: this.people.names(),
      myId: this.store.myId(),
    });
  }

  protected send(message: Outgoing): void {
    void this.store.send(message.text, message.fileIds);
  }

  /** One side panel at a time: the members list or pins close a thread, and each other. */
  protected toggleMembers(): void {
    void this.store.openThread(null);
    this.store.closePins();
    this.showMembers.update((shown) => !shown);
  }

  protected togglePins(): void {
    void this.store.openThread(null);
    this.showMembers.set(false);
    if (this.store.pins()) this.store.closePins();
    else void this.store.loadPins();
  }
}
