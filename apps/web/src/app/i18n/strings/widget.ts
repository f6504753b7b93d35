/**
 * Strings of the embeddable widget's frame (apps/web/src/app/widget), in English and
 * Simplified Chinese. They travel in the widget's lazy chunk, which registers them when it
 * loads (translations.ts, registerStrings); the chat inside reuses the client's own strings.
 */
export const widgetEn = {
  'widget.label': 'Tidings chat',
  'widget.close': 'Close chat',
  'widget.back': 'Back to conversations',
  'widget.signinLead': 'Sign in with your company account to chat here.',
  'widget.signinWaiting': 'Finish signing in in the window that opened.',
  'widget.popupBlocked':
    'The sign-in window was blocked. Allow pop-ups for this page, then try again.',
  'widget.starting': 'Connecting to Tidings…',
  'widget.opening': 'Opening the conversation…',
  'widget.contextFailed': 'The conversation could not be opened: {reason}',
  'widget.notEmbedded':
    'This page is the Tidings chat widget; it works inside a page that embeds it.',
  'widget.popupDone': 'You are signed in. You can close this window.',
  'widget.tryAgain': 'Try again',
} as const;

export const widgetZhCN: Record<keyof typeof widgetEn, string> = {
  'widget.label': 'Tidings 聊天',
  'widget.close': '关闭聊天',
  'widget.back': '返回会话列表',
  'widget.signinLead': '使用公司账号登录后即可在这里聊天。',
  'widget.signinWaiting': '请在打开的窗口中完成登录。',
  'widget.popupBlocked': '登录窗口被拦截。请允许此页面弹出窗口后重试。',
  'widget.starting': '正在连接 Tidings…',
  'widget.opening': '正在打开会话…',
  'widget.contextFailed': '无法打开会话：{reason}',
  'widget.notEmbedded': '此页面是 Tidings 聊天挂件，需嵌入在其他页面中使用。',
  'widget.popupDone': '你已登录，可以关闭此窗口。',
  'widget.tryAgain': '重试',
};
