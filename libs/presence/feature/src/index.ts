export { PresenceModule, type PresenceModuleOptions } from './presence.module';
export {
  PRESENCE_PEERS,
  type PersonRef,
  type PresenceOptions,
  type PresencePeers,
} from './presence-ports';
export { PresenceActions, type DeadlineSink } from './presence.actions';
export { PresenceConnections } from './presence-connections';
export { PresenceAudience } from './presence-audience';
export { MAX_QUERY_USERS, PresenceQueries } from './presence.queries';
export { eventDataOf, type PresenceJson } from './views';
