/**
 * Strings of calls that the chat screen shows before any call (the header's call buttons and
 * the call summaries in the timeline), in English and Simplified Chinese (merged into
 * translations.ts). The call screen's own strings travel with it (call-screen.ts).
 */
export const callsEn = {
  'calls.startAudio': 'Start an audio call',
  'calls.startVideo': 'Start a video call',
  'calls.join': 'Join call',
  'calls.media.audio': 'audio',
  'calls.media.video': 'video',
  'callSummary.audio.completed': 'Audio call · {duration}',
  'callSummary.video.completed': 'Video call · {duration}',
  'callSummary.audio.declined': 'Audio call · Declined',
  'callSummary.video.declined': 'Video call · Declined',
  'callSummary.audio.busy': 'Audio call · Busy',
  'callSummary.video.busy': 'Video call · Busy',
  'callSummary.audio.noAnswer': 'Audio call · No answer',
  'callSummary.video.noAnswer': 'Video call · No answer',
  'callSummary.audio.cancelled': 'Audio call · Cancelled',
  'callSummary.video.cancelled': 'Video call · Cancelled',
  'callSummary.audio.missed': 'Missed audio call',
  'callSummary.video.missed': 'Missed video call',
} as const;

export const callsZhCN: Record<keyof typeof callsEn, string> = {
  'calls.startAudio': '发起语音通话',
  'calls.startVideo': '发起视频通话',
  'calls.join': '加入通话',
  'calls.media.audio': '语音',
  'calls.media.video': '视频',
  'callSummary.audio.completed': '语音通话 · {duration}',
  'callSummary.video.completed': '视频通话 · {duration}',
  'callSummary.audio.declined': '语音通话 · 已拒绝',
  'callSummary.video.declined': '视频通话 · 已拒绝',
  'callSummary.audio.busy': '语音通话 · 对方忙',
  'callSummary.video.busy': '视频通话 · 对方忙',
  'callSummary.audio.noAnswer': '语音通话 · 无人接听',
  'callSummary.video.noAnswer': '视频通话 · 无人接听',
  'callSummary.audio.cancelled': '语音通话 · 已取消',
  'callSummary.video.cancelled': '视频通话 · 已取消',
  'callSummary.audio.missed': '未接语音通话',
  'callSummary.video.missed': '未接视频通话',
};
