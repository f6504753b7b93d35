import type { adminEn } from './strings/admin';
import type { callScreenEn } from './strings/call-screen';
import { callsEn, callsZhCN } from './strings/calls';
import { cardsEn, cardsZhCN } from './strings/cards';
import type { complianceEn } from './strings/compliance';
import { contentEn, contentZhCN } from './strings/content';
import { conversationEn, conversationZhCN } from './strings/conversation';
import type { directoryEn } from './strings/directory';
import type { integrationsEn } from './strings/integrations';
import { searchEn, searchZhCN } from './strings/search';
import type { widgetEn } from './strings/widget';

/**
 * Every string the web client shows, in English and Simplified Chinese. English is the
 * reference: its keys are the type, so a key missing from another language fails the build.
 * The shell's strings are here; each screen's are in `strings/<area>.ts`, merged below — the
 * chat's at once, those of screens loaded on demand (directory, admin, compliance, the call
 * screen, the widget's frame) by their own chunk (registerStrings), so the first screen does not download them.
 */
const shellEn = {
  'app.title': 'Tidings',
  'app.loading': 'Loading…',
  'language.label': 'Language',
  'signIn.heading': 'Welcome to Tidings',
  'signIn.lead': 'Sign in with your company account to start chatting.',
  'signIn.button': 'Sign in',
  'signIn.failed': 'Sign-in failed: {reason}',
  'signIn.completing': 'Signing you in…',
  'signOut.button': 'Sign out',
  'sidebar.title': 'Conversations',
  'sidebar.empty': 'No conversations yet.',
  'sidebar.unread': '{count} unread',
  'sidebar.mentions': '{count} mentions',
  'conversation.direct': 'Direct message',
  'conversation.group': 'Group of {count}',
  'pane.placeholder': 'Choose a conversation on the left.',
  'pane.empty': 'No messages yet. Say hello!',
  'pane.loading': 'Loading messages…',
  'message.unknownSender': 'Someone',
  'message.sending': 'Sending…',
  'message.failed': 'Not sent',
  'message.deleted': 'This message was deleted.',
  'composer.placeholder': 'Message {name}',
  'composer.send': 'Send',
  'connection.offline': 'Connecting…',
  'error.generic': 'Something went wrong: {reason}',
} as const;

/** The strings in the first bundle. */
export const en = {
  ...shellEn,
  ...contentEn,
  ...cardsEn,
  ...conversationEn,
  ...searchEn,
  ...callsEn,
} as const;

type LazyKey =
  | keyof typeof adminEn
  | keyof typeof directoryEn
  | keyof typeof integrationsEn
  | keyof typeof complianceEn
  | keyof typeof callScreenEn
  | keyof typeof widgetEn;
export type TranslationKey = keyof typeof en | LazyKey;
export type Translations = Record<keyof typeof en, string>;

const shellZhCN: Record<keyof typeof shellEn, string> = {
  'app.title': 'Tidings',
  'app.loading': '加载中…',
  'language.label': '语言',
  'signIn.heading': '欢迎使用 Tidings',
  'signIn.lead': '使用公司账号登录后即可开始聊天。',
  'signIn.button': '登录',
  'signIn.failed': '登录失败：{reason}',
  'signIn.completing': '正在登录…',
  'signOut.button': '退出登录',
  'sidebar.title': '会话',
  'sidebar.empty': '还没有会话。',
  'sidebar.unread': '{count} 条未读',
  'sidebar.mentions': '{count} 条提及',
  'conversation.direct': '私聊',
  'conversation.group': '{count} 人群聊',
  'pane.placeholder': '请在左侧选择一个会话。',
  'pane.empty': '还没有消息，打个招呼吧！',
  'pane.loading': '正在加载消息…',
  'message.unknownSender': '某人',
  'message.sending': '发送中…',
  'message.failed': '未发送',
  'message.deleted': '此消息已被删除。',
  'composer.placeholder': '发消息给 {name}',
  'composer.send': '发送',
  'connection.offline': '正在连接…',
  'error.generic': '出错了：{reason}',
};

export const zhCN: Translations = {
  ...shellZhCN,
  ...contentZhCN,
  ...cardsZhCN,
  ...conversationZhCN,
  ...searchZhCN,
  ...callsZhCN,
};

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Every language's strings: the first bundle's, then what lazy screens registered. */
export const TRANSLATIONS: Record<Language, Partial<Record<TranslationKey, string>>> = {
  en: { ...en },
  'zh-CN': { ...zhCN },
};

/**
 * Adds a lazily loaded screen's strings. Its module calls this when it loads — before any of
 * its components render — so `t()` finds them; registering twice changes nothing.
 */
export function registerStrings<K extends LazyKey>(strings: {
  en: Record<K, string>;
  'zh-CN': Record<K, string>;
}): void {
  Object.assign(TRANSLATIONS.en, strings.en);
  Object.assign(TRANSLATIONS['zh-CN'], strings['zh-CN']);
}

/** Fills `{name}` placeholders; an unknown placeholder stays visible rather than vanishing. */
export function interpolate(template: string, params: Record<string, string | number> = {}) {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The language to start in: a saved choice, else the browser's preference, else English. */
export function initialLanguage(saved: string | null, browser: readonly string[]): Language {
  if (saved && (LANGUAGES as readonly string[]).includes(saved)) return saved as Language;
  return browser.some((tag) => tag.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}
