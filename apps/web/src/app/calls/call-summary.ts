import type { Message } from '../api/models';
import type { TranslationKey } from '../i18n/translations';
import { formatDuration } from './call-format';
import type { CallSummarySystem } from './call-models';

/** How a call's summary message reads for me: its string, and whether it is a missed call. */
export interface CallSummaryLine {
  key: TranslationKey;
  params: Record<string, string>;
  /** Missed by me (not the caller): drawn as a missed call. */
  missed: boolean;
}

/** The `system` of a call summary message; null for any other message. */
export function callSummaryOf(message: Pick<Message, 'kind' | 'system'>): CallSummarySystem | null {
  const system = message.kind === 'system' ? message.system : null;
  return system?.type === 'call.ended' || system?.type === 'call.missed'
    ? (system as unknown as CallSummarySystem)
    : null;
}

/**
 * The line a summary shows. The caller (the message's sender) reads what became of their call
 * ("No answer", "Cancelled"); everyone else reads an unanswered or cancelled ring as a missed
 * call — the one a `call.missed` badge is counted for.
 */
export function callSummary(
  system: CallSummarySystem,
  callerId: string,
  myId: string | null,
): CallSummaryLine {
  const media = system.media === 'video' ? 'video' : 'audio';
  const mine = callerId === myId;
  const line = (outcome: string, params: Record<string, string> = {}, missed = false) => ({
    key: `callSummary.${media}.${outcome}` as TranslationKey,
    params,
    missed,
  });
  if (system.type === 'call.missed') {
    if (!mine) return line('missed', {}, true);
    return line(system.outcome === 'cancelled' ? 'cancelled' : 'noAnswer');
  }
  if (system.outcome === 'declined' || system.outcome === 'busy') return line(system.outcome);
  return line('completed', { duration: formatDuration(system.durationMs) });
}
