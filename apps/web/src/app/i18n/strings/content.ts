/**
 * Strings of message rendering: markdown, code, links and previews, in English and Simplified Chinese (merged into translations.ts). English
 * is the reference: a key missing in Chinese fails the build.
 */
export const contentEn = {
  'content.link.newTab': 'Opens in a new tab',
  'content.preview.label': 'Link preview from {site}',
} as const;

export const contentZhCN: Record<keyof typeof contentEn, string> = {
  'content.link.newTab': '在新标签页中打开',
  'content.preview.label': '来自 {site} 的链接预览',
};
