export {
  GATEWAY_AUTHENTICATOR,
  type GatewayAuthenticator,
  type GatewayPrincipal,
} from './auth-port';
export { GatewayModule, type GatewayModuleOptions } from './gateway.module';
export {
  DEFAULT_REVOCATION_GROUP,
  GATEWAY_OPTIONS,
  GATEWAY_PATH,
  type GatewayOptions,
} from './gateway-options';
export { GatewayWsAdapter, useGatewayAdapter } from './ws-adapter';
export { HANDLER_REGISTRY } from './frame-dispatcher';
export {
  GatewayMessage,
  type FrameContext,
  type FrameHandler,
  type RegisteredHandler,
  type Reply,
} from './frame-handler';
export { ConnectionRegistry } from './connection-registry';
export { BUILT_IN_HANDLERS } from './handlers/built-in';
export { type FanoutOptions } from './fanout/fanout-providers';
export {
  CALL_PARTICIPANTS,
  CONVERSATION_AUDIENCE,
  DEFAULT_FANOUT_GROUP,
  DELIVERY_SINK,
  type CallFacts,
  type CallParticipants,
  type ConversationAudience,
  type DeliveryMode,
  type DeliverySink,
} from './fanout/ports';
export {
  HttpConversationAudience,
  type AudiencePrincipal,
  type HttpAudienceOptions,
} from './fanout/http-audience';
export { HttpCallParticipants } from './fanout/http-call-participants';
export { CallSignalHandler } from './fanout/call-signal.handler';
export { DeliveryPruner } from './fanout/delivery-pruner';
export { PERSON_PEERS, type PersonPeers } from './fanout/people-port';
export {
  DEFAULT_PRESENCE_FANOUT_GROUP,
  PRESENCE_RECIPIENTS,
  type PresenceRecipients,
} from './fanout/presence-fanout.consumer';
export { GATEWAY_PRESENCE, type GatewayPresence, type PresencePerson } from './presence-port';
export { type GatewayPresenceOptions } from './presence-providers';
export { BusPresenceReports, type PresenceReportsOptions } from './presence-reports';
export { HttpPresence, type HttpPresenceOptions } from './presence-http';
