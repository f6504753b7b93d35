/** What decides whether a live message becomes a desktop notification. */
export interface NotifyFacts {
  /** The message's sender and conversation, and who it mentions (`broadcast`: @all/@here). */
  senderId: string;
  conversationId: string;
  kind: 'user' | 'system' | 'bot';
  mentions: readonly string[];
  broadcast: boolean;
  /** The conversation as the sidebar knows it (undefined: not yet loaded). */
  conversation: { kind: 'direct' | 'group' | 'channel'; muted: boolean } | undefined;
  myId: string | null;
  /** The conversation open on screen, and whether this tab is the one being looked at. */
  openId: string | null;
  visible: boolean;
  /** The user's do-not-disturb end (ms; Infinity: until turned off), or null when off. */
  dndUntil: number | null;
  now: number;
  permission: NotificationPermission | 'unsupported';
}

/**
 * A desktop notification is for what would otherwise be missed and is meant for this person:
 * a direct message or a mention of them (or @all), never their own messages or system
 * notices, not for a muted conversation, not during do-not-disturb, and not when they are
 * already looking at that conversation.
 */
export function shouldNotify(f: NotifyFacts): boolean {
  if (f.permission !== 'granted' || f.myId === null || f.senderId === f.myId) return false;
  if (f.kind === 'system' || !f.conversation || f.conversation.muted) return false;
  if (f.dndUntil !== null && f.now < f.dndUntil) return false;
  if (f.visible && f.openId === f.conversationId) return false;
  return f.conversation.kind === 'direct' || f.broadcast || f.mentions.includes(f.myId);
}
