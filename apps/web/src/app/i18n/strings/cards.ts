/**
 * Strings of interactive cards and of messages from bots and integrations, in English and
 * Simplified Chinese (merged into translations.ts). English is the reference: a key missing
 * in Chinese fails the build.
 */
export const cardsEn = {
  'card.label': 'Card: {title}',
  'card.choose': 'Choose…',
  'card.required': '(required)',
  'card.problem.required': 'Fill this in first.',
  'card.problem.tooLong': 'At most {max} characters.',
  'card.working': 'Sending…',
  'card.status.delivered': 'Sent. The card changes when the integration answers.',
  'card.status.queued': 'Queued. It is delivered to the integration shortly.',
  'card.refused': 'Not accepted: {reason}',
  'message.badge.bot': 'Bot',
  'message.badge.integration': 'Integration',
} as const;

export const cardsZhCN: Record<keyof typeof cardsEn, string> = {
  'card.label': '卡片：{title}',
  'card.choose': '请选择…',
  'card.required': '（必填）',
  'card.problem.required': '请先填写此项。',
  'card.problem.tooLong': '最多 {max} 个字符。',
  'card.working': '正在发送…',
  'card.status.delivered': '已发送。对方处理后卡片会更新。',
  'card.status.queued': '已排队，稍后送达对方系统。',
  'card.refused': '未被接受：{reason}',
  'message.badge.bot': '机器人',
  'message.badge.integration': '集成',
};
