/**
 * Strings of the conversation screen beyond the first slice: threads, reactions, edits, receipts, typing, files, mentions, in English and Simplified Chinese (merged into translations.ts). English
 * is the reference: a key missing in Chinese fails the build.
 */
export const conversationEn = {} as const;

export const conversationZhCN: Record<keyof typeof conversationEn, string> = {};
