import { inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import type { ServerFrame } from '../api/models';
import { I18n } from '../i18n/i18n.service';
import { RealtimeService } from '../realtime/realtime.service';
import { shouldNotify } from './notify-rules';
import { StatusService } from './status.service';

/** What the chat screen tells the notifier about its conversations. */
export interface NotifyContext {
  conversation(
    id: string,
  ): { kind: 'direct' | 'group' | 'channel'; muted: boolean; title: string } | undefined;
  openId(): string | null;
  myId(): string | null;
  senderName(id: string): string;
}

type Permission = NotificationPermission | 'unsupported';

interface SentData {
  conversationId: string;
  senderId: string;
  kind: 'user' | 'system' | 'bot';
  text: string;
  mentions?: string[];
  broadcast?: string | null;
  fileIds?: string[];
}

/**
 * Desktop notifications for direct messages and mentions (rules: notify-rules.ts). Permission
 * is asked only when the person clicks "Enable desktop notifications" — never on page load,
 * where browsers treat it as spam. One notification per conversation at a time (its `tag`);
 * clicking it brings the tab forward on that conversation.
 */
@Injectable({ providedIn: 'root' })
export class DesktopNotifications {
  private readonly realtime = inject(RealtimeService);
  private readonly status = inject(StatusService);
  private readonly router = inject(Router);
  private readonly i18n = inject(I18n);
  private unsubscribe: (() => void) | undefined;

  readonly permission = signal<Permission>(currentPermission());

  async enable(): Promise<void> {
    if (typeof Notification === 'undefined') return;
    this.permission.set(await Notification.requestPermission());
  }

  start(context: NotifyContext): void {
    this.stop();
    this.unsubscribe = this.realtime.onFrame((frame) => this.onFrame(frame, context));
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private onFrame(frame: ServerFrame, context: NotifyContext): void {
    if (frame.type !== 'messaging.message.sent') return;
    const data = frame.data as SentData;
    const conversation = context.conversation(data.conversationId);
    const notify = shouldNotify({
      senderId: data.senderId,
      conversationId: data.conversationId,
      kind: data.kind,
      mentions: data.mentions ?? [],
      broadcast: Boolean(data.broadcast),
      conversation,
      myId: context.myId(),
      openId: context.openId(),
      visible: document.visibilityState === 'visible' && document.hasFocus(),
      dndUntil: this.status.dndUntil(),
      now: Date.now(),
      permission: this.permission(),
    });
    if (!notify || !conversation) return;
    const sender = context.senderName(data.senderId);
    const mentioned = conversation.kind !== 'direct';
    const notification = new Notification(
      mentioned
        ? `${this.i18n.t('notify.mention', { sender })} · ${conversation.title}`
        : this.i18n.t('notify.direct', { sender }),
      {
        body: data.text || (data.fileIds?.length ? this.i18n.t('notify.file') : ''),
        tag: data.conversationId,
      },
    );
    notification.onclick = () => {
      window.focus();
      void this.router.navigate(['/c', data.conversationId]);
      notification.close();
    };
  }
}

function currentPermission(): Permission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}
