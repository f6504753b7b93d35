/**
 * Strings of the directory: department tree, people search, profile cards, in English and Simplified Chinese (merged into translations.ts). English
 * is the reference: a key missing in Chinese fails the build.
 */
export const directoryEn = {} as const;

export const directoryZhCN: Record<keyof typeof directoryEn, string> = {};
