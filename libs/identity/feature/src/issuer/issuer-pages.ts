import { LANGUAGES, textsFor, type Language, type PageTexts } from './page-i18n';

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * Headers for every page the issuer renders: nothing loads from elsewhere (inline CSS only),
 * the page cannot be framed (clickjacking a password form), and it is never cached.
 */
export const PAGE_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const STYLE = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;
background:#eef2f7;color:#1f2937;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,
"Noto Sans","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei","Noto Sans CJK SC",sans-serif}
main{width:100%;max-width:380px;margin:24px;padding:32px;background:#fff;border-radius:12px;
box-shadow:0 10px 30px rgba(15,23,42,.08),0 1px 3px rgba(15,23,42,.1)}
.brand{display:flex;align-items:center;gap:10px;margin-bottom:20px;font-weight:600;font-size:18px}
.mark{width:36px;height:36px;border-radius:9px;background:#2563eb;color:#fff;display:flex;
align-items:center;justify-content:center;font-size:20px;font-weight:700}
h1{font-size:22px;margin:0 0 4px}
p.lead{margin:0 0 20px;color:#6b7280}
label{display:block;font-size:14px;font-weight:600;margin:14px 0 6px}
input{width:100%;height:42px;padding:0 12px;font:inherit;border:1px solid #cbd5e1;border-radius:8px}
input:focus{outline:2px solid #93c5fd;border-color:#2563eb}
button,a.button{display:block;width:100%;height:44px;margin-top:22px;border:0;border-radius:8px;
background:#2563eb;color:#fff;font:inherit;font-weight:600;cursor:pointer;text-align:center;
line-height:44px;text-decoration:none}
button:hover,a.button:hover{background:#1d4ed8}
button.secondary{background:#fff;color:#374151;border:1px solid #cbd5e1;margin-top:10px}
.alert{padding:10px 12px;border-radius:8px;background:#fef2f2;color:#991b1b;
border:1px solid #fecaca;font-size:14px;margin-bottom:8px}
dl{font-size:14px;color:#4b5563}dt{font-weight:600}dd{margin:0 0 8px;word-break:break-word}
footer{margin-top:22px;text-align:center;font-size:13px;color:#6b7280}
footer a{color:#2563eb;text-decoration:none;margin:0 6px}
footer a[aria-current]{color:#111827;font-weight:600}`;

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', 'zh-CN': '简体中文' };

/** One page of the issuer: brand, content, and links to the same page in each language. */
export function renderPage(options: {
  language: Language;
  title: string;
  body: string;
  /** Path (with query, without `lang`) the language links point at; omitted → no links. */
  languageSwitchPath?: string;
}): string {
  const t = textsFor(options.language);
  const switchPath = options.languageSwitchPath;
  const switcher = switchPath
    ? `<footer>${LANGUAGES.map((language) => {
        const url = withLang(switchPath, language);
        const current = language === options.language ? ' aria-current="true"' : '';
        return `<a href="${escapeHtml(url)}" lang="${language}"${current}>${LANGUAGE_NAMES[language]}</a>`;
      }).join('')}</footer>`
    : '';
  return `<!DOCTYPE html>
<html lang="${t.htmlLang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<div class="brand"><span class="mark" aria-hidden="true">T</span>Tidings</div>
${options.body}
${switcher}
</main>
</body>
</html>`;
}

export function withLang(path: string, language: Language): string {
  const url = new URL(path, 'http://x');
  url.searchParams.set('lang', language);
  return `${url.pathname}${url.search}`;
}

export type LoginProblem =
  | { kind: 'wrong_credentials' }
  | { kind: 'locked'; minutes: number }
  | { kind: 'directory_unavailable' }
  | { kind: 'not_provisioned' };

function problemText(t: PageTexts, problem: LoginProblem): string {
  switch (problem.kind) {
    case 'locked':
      return t.locked(problem.minutes);
    case 'directory_unavailable':
      return t.directoryUnavailable;
    case 'not_provisioned':
      return t.notProvisioned;
    default:
      return t.wrongCredentials;
  }
}

export function renderLoginPage(options: {
  language: Language;
  /** Where the form posts (the interaction's login path). */
  action: string;
  /** This page's own path, for the language links. */
  selfPath: string;
  username?: string;
  problem?: LoginProblem;
}): string {
  const t = textsFor(options.language);
  const message = options.problem ? problemText(t, options.problem) : undefined;
  const body = `<h1>${escapeHtml(t.signInHeading)}</h1>
<p class="lead">${escapeHtml(t.signInLead)}</p>
${message ? `<div class="alert" role="alert">${escapeHtml(message)}</div>` : ''}
<form method="post" action="${escapeHtml(withLang(options.action, options.language))}" autocomplete="on">
<label for="username">${escapeHtml(t.username)}</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="64" value="${escapeHtml(options.username ?? '')}"${options.username ? '' : ' autofocus'}>
<label for="password">${escapeHtml(t.password)}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024"${options.username ? ' autofocus' : ''}>
<button type="submit">${escapeHtml(t.signIn)}</button>
</form>`;
  return renderPage({
    language: options.language,
    title: t.signInTitle,
    body,
    languageSwitchPath: options.selfPath,
  });
}

/** A plain message page (expired sign-in, signed out) with a way back to the app. */
export function renderMessagePage(options: {
  language: Language;
  title: string;
  heading: string;
  message: string;
  homeUrl: string;
  details?: Record<string, string>;
}): string {
  const t = textsFor(options.language);
  const details = options.details
    ? `<dl>${Object.entries(options.details)
        .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`)
        .join('')}</dl>`
    : '';
  const body = `<h1>${escapeHtml(options.heading)}</h1>
<p class="lead">${escapeHtml(options.message)}</p>
${details}
<a class="button" href="${escapeHtml(options.homeUrl)}">${escapeHtml(t.backToTidings)}</a>`;
  return renderPage({ language: options.language, title: options.title, body });
}

/** oidc-provider's logout confirmation: its form (hidden xsrf field) plus our buttons. */
export function renderLogoutPage(options: { language: Language; form: string }): string {
  const t = textsFor(options.language);
  // `form` is oidc-provider's own markup (a form with an id and a hidden xsrf input); the
  // buttons below submit it via the `form` attribute.
  const body = `<h1>${escapeHtml(t.signOutQuestion)}</h1>
${options.form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">${escapeHtml(t.signOutYes)}</button>
<button class="secondary" type="submit" form="op.logoutForm">${escapeHtml(t.signOutNo)}</button>`;
  return renderPage({ language: options.language, title: t.signOutTitle, body });
}
