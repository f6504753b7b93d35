/**
 * System messages: what happened to a conversation (someone joined, it was renamed), posted
 * into its history by the change itself so history shows it in order. Clients render them
 * from `type` and its fields in their own language; `systemText` is the plain fallback kept
 * as the message's text (for clients that do not know a type, exports, webhooks).
 *
 * The sender of a system message is whoever caused it (alice for "alice joined", the
 * directory sync for a group change); its kind makes it a notice, not alice's words.
 */
export const SYSTEM_MESSAGE_TYPES = [
  'member.joined',
  'member.left',
  'members.added',
  'members.removed',
  'conversation.renamed',
  'conversation.topic_changed',
  'conversation.purpose_changed',
  'conversation.archived',
  'conversation.unarchived',
  'call.ended',
  'call.missed',
] as const;
export type SystemMessageType = (typeof SYSTEM_MESSAGE_TYPES)[number];

/** Where membership came from when the directory (not a person) brought it in line. */
export interface MembershipVia {
  kind: 'group' | 'department';
  /** The group's name, or the department path joined with " / ". */
  name: string;
}

export type SystemMessage =
  | { type: 'member.joined' }
  | { type: 'member.left' }
  | { type: 'members.added'; userIds: string[]; via?: MembershipVia }
  | { type: 'members.removed'; userIds: string[]; via?: MembershipVia }
  | { type: 'conversation.renamed'; name: string; previousName: string | null }
  | { type: 'conversation.topic_changed'; topic: string | null }
  | { type: 'conversation.purpose_changed'; purpose: string | null }
  | { type: 'conversation.archived' }
  | { type: 'conversation.unarchived' }
  | ({ type: 'call.ended' } & CallSummary)
  | ({ type: 'call.missed' } & CallSummary);

/**
 * What a call's closing system message says (docs/calls.md): `call.ended` for completed,
 * declined and busy calls, `call.missed` for missed and cancelled ones (the one that counts as
 * unread for the callees).
 */
export interface CallSummary {
  callId: string;
  media: 'audio' | 'video';
  outcome: 'completed' | 'missed' | 'cancelled' | 'declined' | 'busy';
  /** endedAt − connectedAt for a completed call; else 0. */
  durationMs: number;
  /** Everyone who joined at some point (the caller first). */
  participantIds: string[];
}

/** How many names a fallback text spells out before "and N others". */
const NAMES_SHOWN = 3;

function people(ids: readonly string[], nameOf: (id: string) => string): string {
  const names = ids.slice(0, NAMES_SHOWN).map(nameOf);
  const rest = ids.length - names.length;
  if (rest > 0) return `${names.join(', ')} and ${rest} ${rest === 1 ? 'other' : 'others'}`;
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

function source(via: MembershipVia): string {
  return via.kind === 'group' ? `directory group “${via.name}”` : `department “${via.name}”`;
}

/**
 * The plain-text fallback. `actor` is the display name of whoever caused it; `nameOf` names
 * the people a message is about (unknown ids are shown as they are).
 */
export function systemText(
  message: SystemMessage,
  actor: string,
  nameOf: (id: string) => string,
): string {
  switch (message.type) {
    case 'member.joined':
      return `${actor} joined.`;
    case 'member.left':
      return `${actor} left.`;
    case 'members.added':
      return message.via
        ? `${people(message.userIds, nameOf)} joined through the ${source(message.via)}.`
        : `${actor} added ${people(message.userIds, nameOf)}.`;
    case 'members.removed':
      return message.via
        ? `${people(message.userIds, nameOf)} left with the ${source(message.via)}.`
        : `${actor} removed ${people(message.userIds, nameOf)}.`;
    case 'conversation.renamed':
      return `${actor} renamed the channel to “${message.name}”.`;
    case 'conversation.topic_changed':
      return message.topic === null
        ? `${actor} cleared the topic.`
        : `${actor} set the topic: ${message.topic}`;
    case 'conversation.purpose_changed':
      return message.purpose === null
        ? `${actor} cleared the purpose.`
        : `${actor} set the purpose: ${message.purpose}`;
    case 'conversation.archived':
      return `${actor} archived the channel.`;
    case 'conversation.unarchived':
      return `${actor} unarchived the channel.`;
    case 'call.ended':
      return callEndedText(message);
    case 'call.missed':
      return `Missed ${message.media} call`;
  }
}

const MEDIA_NAMES = { audio: 'Audio', video: 'Video' } as const;

function callEndedText(call: CallSummary): string {
  const media = MEDIA_NAMES[call.media];
  switch (call.outcome) {
    case 'declined':
      return `${media} call declined`;
    case 'busy':
      return `${media} call, busy`;
    default:
      return `${media} call, ${spokenDuration(call.durationMs)}`;
  }
}

/** "45 s", "3 min 12 s", "1 h 5 min": the rounding a call log shows (whole seconds). */
export function spokenDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  if (minutes > 0) return seconds > 0 ? `${minutes} min ${seconds} s` : `${minutes} min`;
  return `${seconds} s`;
}

/** The people a system message names besides its actor (to look their names up once). */
export function systemSubjects(message: SystemMessage): string[] {
  return message.type === 'members.added' || message.type === 'members.removed'
    ? message.userIds.slice(0, NAMES_SHOWN)
    : [];
}
