import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  ElementRef,
  inject,
  input,
  output,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { ApiClient, ApiError } from '../api/api-client';
import type { UploadedFile } from '../api/models';
import { AuthService } from '../auth/auth.service';
import { I18n } from '../i18n/i18n.service';
import { ChatStore } from './chat.store';
import { EmojiPicker } from './emoji-picker.component';
import { formatBytes } from './file-size';
import {
  insertMention,
  mentionQuery,
  mentionSuggestions,
  type MentionSuggestion,
} from './mentions';
import { TypingStore } from './typing.store';

/** One file being attached: uploading (with progress), uploaded, or refused. */
interface Upload {
  key: number;
  name: string;
  size: number;
  progress: number;
  file?: UploadedFile;
  error?: string;
  abort: AbortController;
}

export interface Outgoing {
  text: string;
  fileIds: string[];
}

/**
 * The message box: Enter sends, Shift+Enter adds a line, `@` opens mention suggestions
 * (arrows + Enter/Tab pick), files attach by button, paste or drag-and-drop and upload at
 * once with progress, and typing tells the others (throttled by TypingStore).
 */
@Component({
  selector: 'td-composer',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [EmojiPicker],
  template: `
    <form
      class="composer"
      [class.dragging]="dragging()"
      (submit)="submit($event)"
      (dragover)="dragOver($event)"
      (dragleave)="dragging.set(false)"
      (drop)="drop($event)"
    >
      @if (dragging()) {
        <p class="drop-hint">{{ i18n.t('composer.dropHint') }}</p>
      }
      @if (uploads().length) {
        <ul class="uploads" role="list">
          @for (u of uploads(); track u.key) {
            <li
              class="upload"
              data-testid="upload"
              [attr.data-state]="u.error ? 'failed' : u.file ? 'done' : 'uploading'"
            >
              <span class="file-name">{{ u.name }}</span>
              <span class="muted">{{ size(u.size) }}</span>
              @if (u.error) {
                <span class="error" role="alert">{{ u.error }}</span>
              } @else if (!u.file) {
                <progress
                  max="1"
                  [value]="u.progress"
                  [attr.aria-label]="i18n.t('composer.uploading', { name: u.name })"
                ></progress>
              }
              <button
                type="button"
                class="link"
                [attr.aria-label]="i18n.t('composer.removeFile', { name: u.name })"
                (click)="removeUpload(u)"
              >
                ✕
              </button>
            </li>
          }
        </ul>
      }
      @if (suggestions().length) {
        <ul
          class="mentions"
          role="listbox"
          id="{{ listId }}"
          [attr.aria-label]="i18n.t('mention.listLabel')"
        >
          @for (s of suggestions(); track s.insert; let i = $index) {
            <li
              role="option"
              data-testid="mention-option"
              [id]="listId + '-' + i"
              [attr.aria-selected]="i === active()"
              [class.active]="i === active()"
              (mousedown)="$event.preventDefault(); pick(s)"
            >
              <strong>&#64;{{ s.insert }}</strong>
              <span class="muted">{{ s.broadcast ? broadcastHint(s.insert) : s.label }}</span>
            </li>
          }
        </ul>
      }
      <div class="composer-row">
        <input
          #fileInput
          type="file"
          multiple
          class="visually-hidden"
          data-testid="file-input"
          tabindex="-1"
          [attr.aria-label]="i18n.t('composer.attach')"
          (change)="picked($event)"
        />
        <button
          type="button"
          class="icon"
          data-testid="attach"
          [attr.aria-label]="i18n.t('composer.attach')"
          (click)="fileInput.click()"
        >
          <!-- A paperclip drawn, not an emoji: it must not depend on an emoji font. -->
          <svg
            viewBox="0 0 24 24"
            aria-hidden="true"
            fill="none"
            stroke="currentColor"
            stroke-width="2"
          >
            <path
              d="M21 11.5l-8.6 8.6a5 5 0 0 1-7.1-7.1l8.6-8.6a3.3 3.3 0 0 1 4.7 4.7l-8.6 8.6a1.7 1.7 0 0 1-2.4-2.4l7.9-7.9"
            />
          </svg>
        </button>
        <button
          type="button"
          class="icon"
          data-testid="emoji"
          [attr.aria-label]="i18n.t('composer.emoji')"
          [attr.aria-expanded]="emojiOpen()"
          (click)="emojiOpen.set(!emojiOpen())"
        >
          ☺
        </button>
        <textarea
          #box
          data-testid="composer-input"
          rows="2"
          role="combobox"
          aria-autocomplete="list"
          [attr.aria-expanded]="suggestions().length > 0"
          [attr.aria-controls]="listId"
          [attr.aria-activedescendant]="suggestions().length ? listId + '-' + active() : null"
          [placeholder]="i18n.t('composer.placeholder', { name: target() })"
          [attr.aria-label]="i18n.t('composer.placeholder', { name: target() })"
          [value]="draft()"
          (input)="typed($any($event.target))"
          (click)="caret.set($any($event.target).selectionStart)"
          (keydown)="keydown($any($event))"
          (paste)="paste($event)"
        ></textarea>
        <button type="submit" data-testid="composer-send" [disabled]="!canSend()">
          {{ uploading() ? i18n.t('composer.waitUploads') : i18n.t('composer.send') }}
        </button>
      </div>
      @if (emojiOpen()) {
        <td-emoji-picker (picked)="insertEmoji($event)" />
      }
    </form>
  `,
})
export class Composer {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(ApiClient);
  private readonly auth = inject(AuthService);
  private readonly store = inject(ChatStore);
  private readonly typing = inject(TypingStore);
  readonly target = input.required<string>();
  readonly conversationId = input.required<string>();
  readonly send = output<Outgoing>();

  private static nextId = 0;
  protected readonly listId = `mentions-${Composer.nextId++}`;
  protected readonly draft = signal('');
  protected readonly caret = signal(0);
  protected readonly active = signal(0);
  protected readonly dragging = signal(false);
  protected readonly emojiOpen = signal(false);
  protected readonly uploads = signal<Upload[]>([]);
  private readonly dismissedAt = signal<number | null>(null);
  private readonly box = viewChild.required<ElementRef<HTMLTextAreaElement>>('box');
  private uploadKey = 0;
  /** Unsent text per conversation: switching away and back keeps what was typed. */
  private readonly drafts = new Map<string, string>();
  private draftOf: string | null = null;

  constructor() {
    // The main pane keeps one composer while conversations change. Uploads belong to the
    // conversation they went to (the server refuses them elsewhere), so they are dropped.
    effect(() => {
      const id = this.conversationId();
      untracked(() => {
        if (this.draftOf === id) return;
        if (this.draftOf !== null) this.drafts.set(this.draftOf, this.draft());
        this.draftOf = id;
        for (const upload of this.uploads()) upload.abort.abort();
        this.uploads.set([]);
        this.draft.set(this.drafts.get(id) ?? '');
        this.caret.set(this.draft().length);
      });
    });
  }

  protected readonly query = computed(() => {
    const q = mentionQuery(this.draft(), this.caret());
    return q && q.start !== this.dismissedAt() ? q : null;
  });
  protected readonly suggestions = computed(() => {
    const q = this.query();
    if (!q) return [];
    const people = this.store
      .members()
      .filter((m) => m.username)
      .map((m) => ({ username: m.username as string, displayName: m.displayName }));
    return mentionSuggestions(q.query, people, { myUsername: this.auth.user()?.username });
  });
  protected readonly uploading = computed(() => this.uploads().some((u) => !u.file && !u.error));
  protected readonly canSend = computed(
    () =>
      !this.uploading() && (this.draft().trim().length > 0 || this.uploads().some((u) => u.file)),
  );

  protected typed(box: HTMLTextAreaElement): void {
    this.draft.set(box.value);
    this.caret.set(box.selectionStart);
    this.active.set(0);
    if (box.value.trim()) this.typing.composing(this.conversationId());
  }

  protected keydown(event: KeyboardEvent): void {
    const options = this.suggestions();
    if (options.length) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        this.active.set((this.active() + step + options.length) % options.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        this.pick(options[this.active()] ?? options[0]);
        return;
      }
      if (event.key === 'Escape') {
        this.dismissedAt.set(this.query()?.start ?? null);
        return;
      }
    }
    // IME composition: Enter picks a candidate. Shift+Enter: a new line.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) this.submit(event);
  }

  protected pick(s: MentionSuggestion): void {
    const q = this.query();
    if (!q) return;
    const result = insertMention(this.draft(), q.start, this.caret(), s.insert);
    this.setDraft(result.text, result.caret);
  }

  protected insertEmoji(emoji: string): void {
    const at = this.caret();
    const text = this.draft();
    this.setDraft(text.slice(0, at) + emoji + text.slice(at), at + emoji.length);
    this.emojiOpen.set(false);
  }

  protected broadcastHint(name: string): string {
    return this.i18n.t(`mention.${name as 'all' | 'here' | 'channel' | 'department'}`);
  }

  protected size(bytes: number): string {
    return formatBytes(bytes, this.i18n.language());
  }

  protected submit(event: Event): void {
    event.preventDefault();
    if (!this.canSend()) return;
    const fileIds = this.uploads().flatMap((u) => (u.file ? [u.file.id] : []));
    this.send.emit({ text: this.draft().trim(), fileIds });
    this.draft.set('');
    this.caret.set(0);
    this.uploads.set([]);
  }

  protected picked(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.attach([...(input.files ?? [])]);
    input.value = ''; // the same file can be picked again
  }

  protected paste(event: ClipboardEvent): void {
    const files = [...(event.clipboardData?.files ?? [])];
    if (files.length === 0) return; // plain text pastes as usual
    event.preventDefault();
    this.attach(files);
  }

  protected dragOver(event: DragEvent): void {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    this.dragging.set(true);
  }

  protected drop(event: DragEvent): void {
    event.preventDefault();
    this.dragging.set(false);
    this.attach([...(event.dataTransfer?.files ?? [])]);
  }

  protected removeUpload(upload: Upload): void {
    upload.abort.abort();
    this.uploads.update((list) => list.filter((u) => u.key !== upload.key));
  }

  private attach(files: File[]): void {
    const conversationId = this.conversationId();
    for (const file of files) {
      const upload: Upload = {
        key: this.uploadKey++,
        name: file.name,
        size: file.size,
        progress: 0,
        abort: new AbortController(),
      };
      this.uploads.update((list) => [...list, upload]);
      const change = (patch: Partial<Upload>) =>
        this.uploads.update((list) =>
          list.map((u) => (u.key === upload.key ? { ...u, ...patch } : u)),
        );
      this.api
        .upload<UploadedFile>(
          conversationId,
          file,
          (progress) => change({ progress }),
          upload.abort.signal,
        )
        .then((uploaded) => change({ file: uploaded, progress: 1 }))
        .catch((error: unknown) => {
          if (error instanceof ApiError && error.code === 'aborted') return;
          const reason = error instanceof Error ? error.message : String(error);
          change({ error: this.i18n.t('composer.uploadFailed', { name: file.name, reason }) });
        });
    }
  }

  private setDraft(text: string, caret: number): void {
    this.draft.set(text);
    this.caret.set(caret);
    const box = this.box().nativeElement;
    box.value = text;
    box.focus();
    box.setSelectionRange(caret, caret);
  }
}
