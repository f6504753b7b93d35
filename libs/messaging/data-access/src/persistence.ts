import { messagingFilesPersistence } from './files/index';
import { MessagingCreateCore1764600000100, MessagingCreateOutbox } from './migrations';
import { messagingSearchPersistence, MessagingSearchPending1764600002500 } from './search/index';
import { MessagingMembershipSources1764600002100 } from './membership-sources.migration';
import { MessagingChannelDirectory1764600002400 } from './channel-directory.migration';
import { MessagingThreadParticipantOrder1764600002600 } from './thread-participant-order.migration';
import { MessagingMemberMute1764600002700 } from './member-mute.migration';
import { MessagingMessageCards1764600002800 } from './message-cards.migration';
import { MessagingPurgedAt1764600003000 } from './retention/index';
import { MessagingCalls1764600003100 } from './calls.migration';
import { MessagingConversationContext1764600003200 } from './conversation-context.migration';
import { MessagingThreadsReactionsPins1764600002000 } from './threads-reactions-pins.migration';

export { MessagingCreateCore1764600000100, MessagingCreateOutbox };

/**
 * The messaging service's migrations and entities (the core's repositories use SQL; the files'
 * metadata has an entity).
 */
export const messagingPersistence = {
  entities: [...messagingFilesPersistence.entities],
  migrations: [
    MessagingCreateOutbox,
    MessagingCreateCore1764600000100,
    ...messagingFilesPersistence.migrations,
    ...messagingSearchPersistence.migrations,
    MessagingThreadsReactionsPins1764600002000,
    MessagingMembershipSources1764600002100,
    MessagingChannelDirectory1764600002400,
    MessagingSearchPending1764600002500,
    MessagingThreadParticipantOrder1764600002600,
    MessagingMemberMute1764600002700,
    MessagingMessageCards1764600002800,
    MessagingPurgedAt1764600003000,
    MessagingCalls1764600003100,
    MessagingConversationContext1764600003200,
  ],
};
