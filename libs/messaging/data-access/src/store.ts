import {
  SqlChannelDirectoryRepository,
  type ChannelDirectoryRepository,
} from './channel-directory.repository';
import { SqlCallRepository, type CallRepository } from './calls.repository';
import { SqlConversationRepository, type ConversationRepository } from './conversations.repository';
import { SqlMemberRepository, type MemberRepository } from './members.repository';
import { SqlMessageRepository, type MessageRepository } from './messages.repository';
import { SqlReadingRepository, type ReadingRepository } from './reading.repository';
import {
  SqlMembershipSourceRepository,
  type MembershipSourceRepository,
} from './membership-sources.repository';
import { SqlPinRepository, type PinRepository } from './pins.repository';
import {
  SqlProcessedEventRepository,
  type ProcessedEventRepository,
} from './processed-events.repository';
import { SqlReactionRepository, type ReactionRepository } from './reactions.repository';
import type { Db } from './sql';
import { SqlThreadRepository, type ThreadRepository } from './threads.repository';
import { SqlMessagingUserRepository, type MessagingUserRepository } from './users.repository';

/** Every messaging repository over one connection or transaction. */
export interface MessagingStore {
  users: MessagingUserRepository;
  conversations: ConversationRepository;
  members: MemberRepository;
  messages: MessageRepository;
  reading: ReadingRepository;
  threads: ThreadRepository;
  reactions: ReactionRepository;
  pins: PinRepository;
  sources: MembershipSourceRepository;
  processed: ProcessedEventRepository;
  channelDirectory: ChannelDirectoryRepository;
  calls: CallRepository;
}

/** Opens the store on a data source or on a transaction's manager (`tx.manager`). */
export function messagingStore(db: Db): MessagingStore {
  return {
    users: new SqlMessagingUserRepository(db),
    conversations: new SqlConversationRepository(db),
    members: new SqlMemberRepository(db),
    messages: new SqlMessageRepository(db),
    reading: new SqlReadingRepository(db),
    threads: new SqlThreadRepository(db),
    reactions: new SqlReactionRepository(db),
    pins: new SqlPinRepository(db),
    sources: new SqlMembershipSourceRepository(db),
    processed: new SqlProcessedEventRepository(db),
    channelDirectory: new SqlChannelDirectoryRepository(db),
    calls: new SqlCallRepository(db),
  };
}
