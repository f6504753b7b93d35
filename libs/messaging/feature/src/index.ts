export {};
export * from './files/index';
export * from './link-previews/index';
export { MessagingModule, type MessagingPorts } from './messaging.module';
export {
  DEFAULT_LIMITS,
  MESSAGING_OPTIONS,
  type MessagingLimits,
  type MessagingOptions,
  type PrincipalLike,
} from './messaging-options';
export { actorOf, userCaller, type Caller } from './caller';
export { CallerPipe } from './api/current-caller';
export { messageView } from './api/views';
export { BotProfilesConsumer } from './people/bot-profiles.consumer';
export {
  ConversationActions,
  type ConversationChanges,
  type NewConversation,
} from './conversations/conversation.actions';
export { MembershipActions } from './conversations/membership.actions';
export { MessageActions, type NewMessage } from './messages/message.actions';
export { CardActions, type CardUpdate } from './messages/card.actions';
export { ReadActions } from './reading/read.actions';
export {
  MessagingQueries,
  type ConversationListItem,
  type HistoryPage,
} from './reading/messaging.queries';
export { UserDirectoryActions, type DirectoryProfile } from './people/user-directory.actions';
export { DirectoryUsersConsumer } from './people/directory-users.consumer';
export {
  SEARCH_MAX_LIMIT,
  SearchQueries,
  type SearchHit,
  type SearchPage,
  type SearchRequest,
} from './search/search.queries';
export { ThreadActions } from './messages/thread.actions';
export { ReactionActions } from './messages/reaction.actions';
export { PinActions } from './messages/pin.actions';
export { MembershipSourceActions } from './people/membership-source.actions';
export { ExtrasQueries, type ThreadView } from './reading/extras.queries';
export { AudienceQueries } from './reading/audience.queries';
export {
  CallParticipantQueries,
  type CallParticipantsView,
} from './calls/call-participants.queries';
export {
  ChannelDirectoryQueries,
  type ChannelDirectoryPage,
  type ChannelDirectoryRequest,
} from './reading/channel-directory.queries';
export { PRESENCE_PEER_MAX_MEMBERS, PresencePeerQueries } from './reading/presence-peers.queries';
export {
  DEFAULT_ICE_SETTINGS,
  iceServersFor,
  turnCredential,
  type IceServersAnswer,
  type IceSettings,
} from './calls/turn-credentials';
export {
  WebhookMessagesConsumer,
  type WebhookMessageStatus,
} from './integrations/webhook-messages.consumer';
export {
  IntegrationConversationQueries,
  type IntegrationConversation,
} from './integrations/integration-conversations.queries';
export { IntegrationCards, type MessageCardOf } from './integrations/integration-cards';
export * from './retention/index';
export { CallActions, DEFAULT_RING_TIMEOUT_MS } from './calls/call.actions';
export { CallQueries } from './calls/call.queries';
export { callView } from './calls/call-view';
export { RING_SWEEP_INTERVAL_MS, RingTimeoutSweep } from './calls/ring-timeout';
export {
  NO_WIDGET_SITES,
  WIDGET_SITE_LOOKUP,
  type WidgetSiteLookup,
} from './widget-contexts/widget-site-lookup';
export { WidgetContextActions, type OpenedContext } from './widget-contexts/widget-context.actions';
