/**
 * Strings of search, the quick switcher, notifications and themes, in English and Simplified Chinese (merged into translations.ts). English
 * is the reference: a key missing in Chinese fails the build.
 */
export const searchEn = {} as const;

export const searchZhCN: Record<keyof typeof searchEn, string> = {};
