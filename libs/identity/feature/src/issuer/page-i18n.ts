/**
 * The issuer's pages speak English and Simplified Chinese. The language comes from
 * `?lang=`, else the browser's Accept-Language, else English.
 */
export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface PageTexts {
  htmlLang: string;
  signInTitle: string;
  signInHeading: string;
  signInLead: string;
  username: string;
  password: string;
  signIn: string;
  wrongCredentials: string;
  locked: (minutes: number) => string;
  directoryUnavailable: string;
  notProvisioned: string;
  expiredTitle: string;
  expired: string;
  backToTidings: string;
  signOutTitle: string;
  signOutQuestion: string;
  signOutYes: string;
  signOutNo: string;
  signedOutTitle: string;
  signedOut: string;
  errorTitle: string;
  errorLead: string;
}

const texts: Record<Language, PageTexts> = {
  en: {
    htmlLang: 'en',
    signInTitle: 'Sign in · Tidings',
    signInHeading: 'Sign in to Tidings',
    signInLead: 'Use your Tidings account.',
    username: 'Username',
    password: 'Password',
    signIn: 'Sign in',
    wrongCredentials: 'Wrong username or password.',
    locked: (n) =>
      `Too many failed attempts. This account is locked; try again in ${n} minute${n === 1 ? '' : 's'}.`,
    directoryUnavailable:
      'The company directory cannot be reached, so your password cannot be checked right now. Try again in a few minutes.',
    notProvisioned:
      'Your directory account is not set up in Tidings yet. Try again after the next directory sync, or ask your administrator.',
    expiredTitle: 'Sign-in expired',
    expired:
      'This sign-in page has expired or was already used. Go back to Tidings and sign in again.',
    backToTidings: 'Back to Tidings',
    signOutTitle: 'Sign out · Tidings',
    signOutQuestion: 'Do you want to sign out of Tidings?',
    signOutYes: 'Yes, sign me out',
    signOutNo: 'No, stay signed in',
    signedOutTitle: 'Signed out',
    signedOut: 'You have signed out of Tidings.',
    errorTitle: 'Sign-in problem',
    errorLead: 'The sign-in request could not be completed.',
  },
  'zh-CN': {
    htmlLang: 'zh-CN',
    signInTitle: '登录 · Tidings',
    signInHeading: '登录 Tidings',
    signInLead: '请使用您的 Tidings 账号。',
    username: '用户名',
    password: '密码',
    signIn: '登录',
    wrongCredentials: '用户名或密码错误。',
    locked: (n) => `失败次数过多，账号已被锁定，请在 ${n} 分钟后重试。`,
    directoryUnavailable: '暂时无法连接企业目录，无法验证您的密码。请几分钟后重试。',
    notProvisioned: '您的目录账号尚未同步到 Tidings。请在下次目录同步后重试，或联系管理员。',
    expiredTitle: '登录已过期',
    expired: '此登录页面已过期或已被使用。请返回 Tidings 重新登录。',
    backToTidings: '返回 Tidings',
    signOutTitle: '退出登录 · Tidings',
    signOutQuestion: '确定要退出 Tidings 吗？',
    signOutYes: '是，退出登录',
    signOutNo: '否，保持登录',
    signedOutTitle: '已退出登录',
    signedOut: '您已退出 Tidings。',
    errorTitle: '登录出现问题',
    errorLead: '无法完成此登录请求。',
  },
};

export function textsFor(language: Language): PageTexts {
  return texts[language];
}

/** `zh`, `zh-CN`, `zh-Hans…` → zh-CN; `en…` → en; anything else → undefined. */
function match(tag: string): Language | undefined {
  const lower = tag.trim().toLowerCase();
  if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  return undefined;
}

/** Picks the page language from `?lang=` first, then Accept-Language (by q), then English. */
export function chooseLanguage(
  langParam: string | undefined,
  acceptLanguage: string | undefined,
): Language {
  const explicit = langParam ? match(langParam) : undefined;
  if (explicit) return explicit;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag, q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const language = match(tag);
    if (language) return language;
  }
  return 'en';
}
