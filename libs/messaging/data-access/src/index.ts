export {};
export * from './files/index';
export * from './records';
export { isUniqueViolation, type Db } from './sql';
export { memberKey, type ConversationRepository } from './conversations.repository';
export type { MemberRepository } from './members.repository';
export type {
  ClientMsgKey,
  MessageEdit,
  MessageRepository,
  NewMessageRows,
} from './messages.repository';
export type { ListCursor, ReadingRepository, UnreadCounts } from './reading.repository';
export type { MessagingUserRepository } from './users.repository';
export { messagingStore, type MessagingStore } from './store';
export {
  MessagingCreateCore1764600000100,
  MessagingCreateOutbox,
  messagingPersistence,
} from './persistence';
export * from './search/index';
export * from './retention/index';
export type { ThreadPage, ThreadRepository } from './threads.repository';
export type { ReactionRepository } from './reactions.repository';
export type { PinCursor, PinRepository } from './pins.repository';
export type { DirectoryGroup, MembershipSourceRepository } from './membership-sources.repository';
export type { ProcessedEventRepository } from './processed-events.repository';
export { MessagingThreadsReactionsPins1764600002000 } from './threads-reactions-pins.migration';
export { MessagingMembershipSources1764600002100 } from './membership-sources.migration';
export type {
  ChannelDirectoryCriteria,
  ChannelDirectoryCursor,
  ChannelDirectoryEntry,
  ChannelDirectoryRepository,
} from './channel-directory.repository';
export { MessagingChannelDirectory1764600002400 } from './channel-directory.migration';
export type { CallRepository } from './calls.repository';
export { MessagingCalls1764600003100 } from './calls.migration';
export {
  CONTEXT_KEY_MAX,
  CONTEXT_ORIGIN_MAX,
  MessagingConversationContext1764600003200,
} from './conversation-context.migration';
