import { Module, type DynamicModule, type InjectionToken } from '@nestjs/common';
import { BusRuntime } from '@tidings/platform/bus';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { ChannelsController } from './api/channels.controller';
import { ConversationsController } from './api/conversations.controller';
import { CallerPipe } from './api/current-caller';
import { MembersController } from './api/members.controller';
import { MessagesController } from './api/messages.controller';
import { ConversationActions } from './conversations/conversation.actions';
import { MembershipActions } from './conversations/membership.actions';
import { MessageActions } from './messages/message.actions';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging-options';
import { DirectoryUsersConsumer } from './people/directory-users.consumer';
import { UserDirectoryActions } from './people/user-directory.actions';
import { MessagingQueries } from './reading/messaging.queries';
import { ReadActions } from './reading/read.actions';
import { SearchController } from './search/search.controller';
import { SearchIndexing } from './search/search-indexing';
import { SearchQueries } from './search/search.queries';
import { MembershipSourcesController } from './api/membership-sources.controller';
import { MessageExtrasController } from './api/message-extras.controller';
import { PinActions } from './messages/pin.actions';
import { ReactionActions } from './messages/reaction.actions';
import { ThreadActions } from './messages/thread.actions';
import { MembershipSourceActions } from './people/membership-source.actions';
import { ExtrasQueries } from './reading/extras.queries';
import { ChannelDirectoryQueries } from './reading/channel-directory.queries';
import { InternalAudienceController } from './api/internal-audience.controller';
import { InternalIntegrationsController } from './api/internal-integrations.controller';
import { WebhookMessagesConsumer } from './integrations/webhook-messages.consumer';
import { IntegrationCards } from './integrations/integration-cards';
import { CardActions } from './messages/card.actions';
import { BotProfilesConsumer } from './people/bot-profiles.consumer';
import { IceServersController } from './calls/ice-servers.controller';
import { CallActions } from './calls/call.actions';
import { CallQueries } from './calls/call.queries';
import { CallsController } from './calls/calls.controller';
import { RingTimeoutSweep } from './calls/ring-timeout';
import { WidgetContextActions } from './widget-contexts/widget-context.actions';
import { WidgetContextsController } from './widget-contexts/widget-contexts.controller';
import {
  NO_WIDGET_SITES,
  WIDGET_SITE_LOOKUP,
  type WidgetSiteLookup,
} from './widget-contexts/widget-site-lookup';

/**
 * Services of other modules messaging reaches through a port of its own, bound by the host
 * (messaging may not import them).
 */
export interface MessagingPorts {
  /** Identity's widget sites (docs/widget.md); unbound → no origin is a widget site. */
  widgetSites?: {
    imports?: DynamicModule['imports'];
    inject?: Array<InjectionToken>;
    useFactory: (...deps: never[]) => WidgetSiteLookup;
  };
}

/** Every write goes through `messaging`'s outbox runner: state and event in one transaction. */
const runnerOf = (bus: BusRuntime) => bus.runnerFor('messaging');

/** Conversations, members, messages and read state, mounted by a host (docs/messaging.md). */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions, ports: MessagingPorts = {}): DynamicModule {
    return {
      module: MessagingModule,
      imports: ports.widgetSites?.imports ?? [],
      controllers: [
        ConversationsController,
        MembersController,
        MessagesController,
        SearchController,
        MessageExtrasController,
        MembershipSourcesController,
        ChannelsController,
        InternalAudienceController,
        // Integrations in its own process asks through these (same service token).
        InternalIntegrationsController,
        IceServersController,
        CallsController,
        WidgetContextsController,
      ],
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        CallerPipe,
        {
          provide: ConversationActions,
          inject: [BusRuntime],
          useFactory: (bus: BusRuntime) => new ConversationActions(runnerOf(bus)),
        },
        {
          provide: MembershipActions,
          inject: [BusRuntime],
          useFactory: (bus: BusRuntime) => new MembershipActions(runnerOf(bus)),
        },
        {
          provide: MessageActions,
          inject: [BusRuntime],
          useFactory: (bus: BusRuntime) => new MessageActions(runnerOf(bus), options),
        },
        {
          provide: CardActions,
          inject: [BusRuntime],
          useFactory: (bus: BusRuntime) => new CardActions(runnerOf(bus)),
        },
        {
          // Cards as integrations ask for them (a click's check, an update as the sender).
          provide: IntegrationCards,
          inject: [DATA_SOURCE, CardActions],
          useFactory: (dataSource: DataSource, cards: CardActions) =>
            new IntegrationCards(dataSource, cards),
        },
        {
          provide: ReadActions,
          inject: [BusRuntime],
          useFactory: (bus: BusRuntime) => new ReadActions(runnerOf(bus)),
        },
        {
          provide: UserDirectoryActions,
          inject: [BusRuntime],
          useFactory: (bus: BusRuntime) => new UserDirectoryActions(runnerOf(bus)),
        },
        {
          provide: MessagingQueries,
          inject: [DATA_SOURCE],
          useFactory: (dataSource: DataSource) => new MessagingQueries(dataSource),
        },
        {
          provide: DirectoryUsersConsumer,
          inject: [BusRuntime, UserDirectoryActions, MembershipSourceActions],
          useFactory: (
            bus: BusRuntime,
            actions: UserDirectoryActions,
            sources: MembershipSourceActions,
          ) => new DirectoryUsersConsumer(bus.bus, actions, sources),
        },
        {
          // Bots (identity.bot.created) into the users projection: their name on their messages.
          provide: BotProfilesConsumer,
          inject: [BusRuntime, UserDirectoryActions],
          useFactory: (bus: BusRuntime, actions: UserDirectoryActions) =>
            new BotProfilesConsumer(bus.bus, actions),
        },
        {
          // Posts what incoming webhooks accepted (integrations.webhook.received).
          provide: WebhookMessagesConsumer,
          inject: [BusRuntime, DATA_SOURCE],
          useFactory: (bus: BusRuntime, dataSource: DataSource) =>
            new WebhookMessagesConsumer(bus.bus, runnerOf(bus), options, dataSource),
        },
        SearchIndexing,
        {
          provide: SearchQueries,
          inject: [DATA_SOURCE, SearchIndexing],
          useFactory: (dataSource: DataSource, indexing: SearchIndexing) =>
            new SearchQueries(dataSource, indexing.indexer),
        },
        {
          provide: ThreadActions,
          inject: [BusRuntime],
          useFactory: (bus: BusRuntime) => new ThreadActions(runnerOf(bus)),
        },
        {
          provide: ReactionActions,
          inject: [BusRuntime],
          useFactory: (bus: BusRuntime) => new ReactionActions(runnerOf(bus)),
        },
        {
          provide: PinActions,
          inject: [BusRuntime],
          useFactory: (bus: BusRuntime) => new PinActions(runnerOf(bus)),
        },
        {
          provide: MembershipSourceActions,
          inject: [BusRuntime],
          useFactory: (bus: BusRuntime) =>
            new MembershipSourceActions(runnerOf(bus), DirectoryUsersConsumer.GROUP),
        },
        {
          provide: ExtrasQueries,
          inject: [DATA_SOURCE],
          useFactory: (dataSource: DataSource) => new ExtrasQueries(dataSource),
        },
        {
          provide: ChannelDirectoryQueries,
          inject: [DATA_SOURCE],
          useFactory: (dataSource: DataSource) => new ChannelDirectoryQueries(dataSource),
        },
        {
          provide: CallActions,
          inject: [BusRuntime],
          useFactory: (bus: BusRuntime) => new CallActions(runnerOf(bus), options.calls ?? {}),
        },
        {
          provide: CallQueries,
          inject: [DATA_SOURCE],
          useFactory: (dataSource: DataSource) => new CallQueries(dataSource),
        },
        // Rings nobody answered become missed (every ~2 s, in every replica: see ring-timeout.ts).
        RingTimeoutSweep,
        {
          provide: WIDGET_SITE_LOOKUP,
          inject: ports.widgetSites?.inject ?? [],
          useFactory: ports.widgetSites?.useFactory ?? (() => NO_WIDGET_SITES),
        },
        {
          provide: WidgetContextActions,
          inject: [BusRuntime, ConversationActions, MembershipActions, WIDGET_SITE_LOOKUP],
          useFactory: (
            bus: BusRuntime,
            conversations: ConversationActions,
            membership: MembershipActions,
            sites: WidgetSiteLookup,
          ) => new WidgetContextActions(runnerOf(bus), conversations, membership, sites),
        },
      ],
      // What other modules of the host may ask messaging (e.g. files: may this user read it?).
      exports: [
        MessagingQueries,
        MESSAGING_OPTIONS,
        WebhookMessagesConsumer,
        // Integrations' card actions: a card as its reader sees it, an update as its sender.
        IntegrationCards,
        // Bot connectors (integrations' chat.postMessage) post through the one send path.
        MessageActions,
        CallerPipe,
      ],
    };
  }
}
