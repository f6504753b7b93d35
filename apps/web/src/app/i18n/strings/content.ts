/**
 * Strings of message rendering: markdown, code, links and previews, in English and Simplified Chinese (merged into translations.ts). English
 * is the reference: a key missing in Chinese fails the build.
 */
export const contentEn = {
  'content.link.newTab': 'Opens in a new tab',
} as const;

export const contentZhCN: Record<keyof typeof contentEn, string> = {
  'content.link.newTab': '在新标签页中打开',
};
