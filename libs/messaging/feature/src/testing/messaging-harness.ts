import { messagingPersistence, TypeOrmFileRepository } from '@tidings/messaging/data-access';
import { randomUUID } from 'node:crypto';
import { openServiceDatabase } from '@tidings/platform/bus';
import { createTestDatabase, type DatabaseFlavour } from '@tidings/platform/testing';
import type { DataSource } from 'typeorm';
import { userCaller, type Caller } from '../caller';
import { ConversationActions } from '../conversations/conversation.actions';
import { MembershipActions } from '../conversations/membership.actions';
import { MessageActions } from '../messages/message.actions';
import { DEFAULT_LIMITS, type MessagingLimits } from '../messaging-options';
import { UserDirectoryActions } from '../people/user-directory.actions';
import { MessagingQueries } from '../reading/messaging.queries';
import { ReadActions } from '../reading/read.actions';
import { PinActions } from '../messages/pin.actions';
import { ReactionActions } from '../messages/reaction.actions';
import { ThreadActions } from '../messages/thread.actions';
import { DirectoryUsersConsumer } from '../people/directory-users.consumer';
import { MembershipSourceActions } from '../people/membership-source.actions';
import { ExtrasQueries } from '../reading/extras.queries';
import type { EventBus, TransactionRunner } from '@tidings/platform/bus';

export interface MessagingHarness {
  dataSource: DataSource;
  /** The outbox runner the actions write through (for a second set of actions, as another process would have). */
  runner: TransactionRunner;
  /** The in-process bus the outbox relay publishes to (to see what consumers would get). */
  bus: EventBus;
  conversations: ConversationActions;
  members: MembershipActions;
  messages: MessageActions;
  reads: ReadActions;
  people: UserDirectoryActions;
  queries: MessagingQueries;
  threads: ThreadActions;
  reactions: ReactionActions;
  pins: PinActions;
  sources: MembershipSourceActions;
  extras: ExtrasQueries;
  /** The directory consumer, driven with `handle(envelope)` (no bus subscription). */
  directory: DirectoryUsersConsumer;
  /** Records a person in the users projection (as a directory event would) and answers them. */
  person(id: string, username?: string): Promise<Caller>;
  /**
   * Records an uploaded file's row (`messaging_files`, no bytes) as the upload would, and
   * answers its id.
   */
  file(uploader: Caller, conversationId: string, name?: string): Promise<string>;
  /** Event payloads (`data`) in messaging's outbox of one type, oldest first. */
  events<T = Record<string, unknown>>(type: string): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * Messaging on a real database (SQLite or PostgreSQL) with the real outbox runner, relay and
 * in-process transport — what the actions run on in the host, minus HTTP.
 */
export async function openMessagingHarness(
  flavour: DatabaseFlavour,
  limits: MessagingLimits = DEFAULT_LIMITS,
): Promise<MessagingHarness> {
  const db = await createTestDatabase(flavour);
  const { dataSource, stack, close } = await openServiceDatabase({
    url: db.url,
    service: 'messaging',
    persistence: messagingPersistence,
  });
  const runner = stack.runnerFor('messaging');
  const people = new UserDirectoryActions(runner);
  const sources = new MembershipSourceActions(runner, DirectoryUsersConsumer.GROUP);
  const p = (n: number) => (dataSource.options.type === 'postgres' ? `$${n}` : '?');
  return {
    dataSource,
    runner,
    bus: stack.bus,
    conversations: new ConversationActions(runner),
    members: new MembershipActions(runner),
    messages: new MessageActions(runner, limits),
    reads: new ReadActions(runner),
    people,
    queries: new MessagingQueries(dataSource),
    threads: new ThreadActions(runner),
    reactions: new ReactionActions(runner),
    pins: new PinActions(runner),
    sources,
    extras: new ExtrasQueries(dataSource),
    directory: new DirectoryUsersConsumer({} as EventBus, people, sources),
    async person(id, username = `user-${id.slice(0, 8)}`) {
      await people.profile({ userId: id, username, displayName: username });
      return userCaller(id);
    },
    async file(uploader, conversationId, name = 'photo.png') {
      const id = randomUUID();
      await new TypeOrmFileRepository(dataSource).insert({
        id,
        conversationId,
        uploaderId: uploader.id,
        name,
        mime: 'image/png',
        detectedExt: 'png',
        extensionMismatch: false,
        size: 1234,
        sha256: '0'.repeat(64),
        storageKey: `test/${id}`,
        width: 40,
        height: 30,
        thumbnailKey: `test/${id}.thumb`,
        createdAt: Date.now(),
      });
      return id;
    },
    events: async <T>(type: string) =>
      (
        (await dataSource.query(
          `SELECT envelope FROM messaging_outbox WHERE event_type = ${p(1)} ORDER BY id`,
          [type],
        )) as Array<{ envelope: string }>
      ).map((row) => (JSON.parse(row.envelope) as { data: T }).data),
    close: async () => {
      await close();
      await db.drop();
    },
  };
}
