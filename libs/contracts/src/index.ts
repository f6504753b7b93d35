export { actorSchema, envelopeSchema, type Actor, type EventEnvelope } from './envelope';
export { contractId, defineEvent, type EventContract, type EventData } from './define-event';
export { allContracts, deadLetterTopic, findContract, topics, type TopicSpec } from './topics';
export { renderEventsDoc } from './docs';
export { incompatibilities } from './compat';
export * from './events/messaging/message-sent.v1';
export * from './events/directory/user-deactivated.v1';
