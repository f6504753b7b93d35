/**
 * Strings of the admin console, in English and Simplified Chinese (merged into translations.ts). English
 * is the reference: a key missing in Chinese fails the build.
 */
export const adminEn = {} as const;

export const adminZhCN: Record<keyof typeof adminEn, string> = {};
