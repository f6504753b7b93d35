/**
 * The widget's language and the few words the loader itself shows (the chat inside the
 * frame has its own). Pure: the element passes in what the page says.
 */

export type WidgetLang = 'zh-CN' | 'en';

/**
 * The first language given — the element's `lang`, the page's `<html lang>`, the browser's —
 * as one the widget speaks: any Chinese is zh-CN, anything else English. Blank ones are
 * skipped, so `<html lang="">` falls through to the browser.
 */
export function resolveLang(...candidates: ReadonlyArray<string | null | undefined>): WidgetLang {
  const chosen = candidates.map((c) => c?.trim() ?? '').find((c) => c !== '');
  return chosen !== undefined && /^zh\b/i.test(chosen) ? 'zh-CN' : 'en';
}

interface Words {
  chat: string;
  unread: (count: number) => string;
  panel: string;
  frame: string;
  unavailable: string;
}

const WORDS: Record<WidgetLang, Words> = {
  en: {
    chat: 'Chat',
    unread: (count) => `${count} unread`,
    panel: 'Tidings chat',
    frame: 'Tidings chat',
    unavailable: 'Chat is unavailable right now',
  },
  'zh-CN': {
    chat: '聊天',
    unread: (count) => `${count} 条未读`,
    panel: 'Tidings 聊天',
    frame: 'Tidings 聊天',
    unavailable: '聊天暂时不可用',
  },
};

/** The button's accessible name: "Chat", or "Chat, 3 unread" ("聊天，3 条未读"). */
export function buttonLabel(lang: WidgetLang, unread: number): string {
  const words = WORDS[lang];
  if (unread <= 0) return words.chat;
  return `${words.chat}${lang === 'zh-CN' ? '，' : ', '}${words.unread(unread)}`;
}

/** The badge's text: the count, capped so it fits the badge. */
export function badgeText(unread: number): string {
  return unread > 99 ? '99+' : String(unread);
}

export const panelLabel = (lang: WidgetLang): string => WORDS[lang].panel;
export const frameTitle = (lang: WidgetLang): string => WORDS[lang].frame;
export const unavailableText = (lang: WidgetLang): string => WORDS[lang].unavailable;
