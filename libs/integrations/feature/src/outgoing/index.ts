export {
  DEFAULT_OUTGOING_OPTIONS,
  DeliveryClock,
  EVENT_AUDIENCE,
  ManualClock,
  OUTGOING_OPTIONS,
  systemClock,
  type Clock,
  type EventAudience,
  type OutgoingOptions,
} from './ports';
export {
  DeliveryTransports,
  type DeliveryAttempt,
  type DeliveryTransport,
  type TransportResult,
} from './delivery-transport';
export { DeliveryDispatcher, type ImmediateDelivery } from './delivery-dispatcher';
export type { AttemptReport } from './attempt-runner';
export { DeliveryEnqueuer } from './delivery-enqueuer';
export { CARD_ACTION_GRACE_MS, OutgoingEventsConsumer } from './outgoing-events.consumer';
export { SubscriptionsService } from './subscriptions.service';
export { subscriptionView, deliveryView, type DeliveryView, type SubscriptionView } from './views';
export { DeliveryLog } from './delivery-log';
export {
  DEFAULT_RETENTION_OPTIONS,
  IntegrationsPruner,
  type PruneResult,
  type RetentionOptions,
} from './integrations-pruner';
export {
  outgoingControllers,
  outgoingExports,
  outgoingProviders,
  type OutgoingModuleOptions,
} from './outgoing.providers';
