import type { Card, CardAction, CardInput, Message } from '../api/models';

/**
 * The rules of showing and answering an interactive card, as pure functions (unit-tested
 * without a browser): which accent, which links are safe, which version wins, what a click
 * sends and how a refusal's field messages map back onto the card's inputs.
 */

const NAMED_ACCENTS = new Set(['neutral', 'info', 'success', 'warning', 'danger']);
const HEX = /^#[0-9a-f]{6}$/i;
/** As the message renderer allows: web and mail links only. */
const SAFE_LINK = /^(?:https?:|mailto:)/i;

/** A named accent becomes a class; a `#rrggbb` one the sender's colour; anything else none. */
export function accentOf(card: Card): { name: string; colour: string | null } {
  const accent = card.accent?.trim().toLowerCase();
  if (accent && NAMED_ACCENTS.has(accent)) return { name: accent, colour: null };
  if (accent && HEX.test(accent)) return { name: 'custom', colour: accent };
  return { name: 'neutral', colour: null };
}

/**
 * A link the card may carry, or null. The server validated it already; the client checks
 * again because a card is markup someone else wrote, and a `javascript:` href would run here.
 */
export function safeHref(url: string | undefined | null): string | null {
  const trimmed = url?.trim();
  return trimmed && SAFE_LINK.test(trimmed) ? trimmed : null;
}

/** Link buttons open their URL; the others call the integration back. */
export function isCallback(action: CardAction): boolean {
  return action.url === undefined;
}

/**
 * The text shown above the card. A card-only post carries the card's title as its text (so
 * notifications and search have something to say); shown twice it would only repeat itself.
 */
export function textBesideCard(message: Pick<Message, 'text' | 'card'>): string | null {
  const text = message.text.trim();
  if (!text) return null;
  if (message.card && text === message.card.title.trim()) return null;
  return message.text;
}

/**
 * A live card update: applied only when it is newer than the card shown. Updates can cross —
 * the click's own answer and the gateway frame, or two quick updates — and an older one
 * arriving late must not undo a newer one.
 */
export function withCard<M extends Pick<Message, 'card' | 'cardVersion'>>(
  message: M,
  update: { card: Card | null; cardVersion: number },
): M {
  if (update.cardVersion <= (message.cardVersion ?? 0)) return message;
  return { ...message, card: update.card, cardVersion: update.cardVersion };
}

export type InputProblem = 'required' | 'tooLong';

/**
 * What a click sends: the inputs' values by id (empty ones left out), or the inputs that
 * are not ready — a required one empty, a text over its limit — so they are marked before
 * anything is sent. The server checks again (and has the last word).
 */
export function valuesToSend(
  inputs: readonly CardInput[],
  typed: Readonly<Record<string, string>>,
):
  | { ok: true; values: Record<string, string> }
  | { ok: false; problems: Record<string, InputProblem> } {
  const values: Record<string, string> = {};
  const problems: Record<string, InputProblem> = {};
  for (const input of inputs) {
    const value = typed[input.id] ?? '';
    const blank = value.trim() === '';
    if (blank && input.required) problems[input.id] = 'required';
    // Characters as the server counts them: code points (an emoji is one, not two).
    else if (input.type === 'text' && input.maxLength && [...value].length > input.maxLength)
      problems[input.id] = 'tooLong';
    else if (!blank) values[input.id] = value;
  }
  return Object.keys(problems).length > 0 ? { ok: false, problems } : { ok: true, values };
}

/** A problem+json field issue (`errors[]`), as the server's ZodPipe and DomainErrors write it. */
interface FieldIssue {
  path?: unknown;
  message?: unknown;
}

/**
 * A refused click (422) explained: each field issue that names one of the card's inputs
 * (`values.<id>`, `body.values.<id>`) goes beside that input; the rest — an unknown action,
 * say — is one line under the buttons: the issues' messages, else the problem's detail.
 */
export function refusalOf(
  problem: Readonly<Record<string, unknown>>,
  detail: string,
  inputIds: readonly string[],
): { byInput: Record<string, string>; general: string | null } {
  const byInput: Record<string, string> = {};
  const general: string[] = [];
  const issues = Array.isArray(problem['errors']) ? (problem['errors'] as FieldIssue[]) : [];
  for (const issue of issues) {
    const message = typeof issue.message === 'string' ? issue.message : null;
    if (!message) continue;
    const path = typeof issue.path === 'string' ? issue.path.replace(/^body\./, '') : '';
    const id = /^values\.(.+)$/.exec(path)?.[1];
    if (id !== undefined && inputIds.includes(id)) byInput[id] ??= message;
    else general.push(message);
  }
  if (general.length === 0 && Object.keys(byInput).length === 0) general.push(detail);
  return { byInput, general: general.length > 0 ? general.join('; ') : null };
}

/**
 * Messages no person typed: a bot's (`bot`) or an integration's — an incoming webhook's —
 * (`integration`), marked so in the list; null for people and system notices.
 */
export function automatedSender(
  message: Pick<Message, 'kind' | 'sender'>,
): 'bot' | 'integration' | null {
  if (message.sender.kind === 'integration') return 'integration';
  if (message.sender.kind === 'bot' || message.kind === 'bot') return 'bot';
  return null;
}
