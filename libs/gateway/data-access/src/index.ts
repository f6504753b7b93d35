export {
  SqlDeliveryStore,
  type AppendedDelivery,
  type DeliveryStore,
  type NewDelivery,
  type PruneResult,
  type StoredEvent,
} from './delivery-store';
export {
  GatewayCreateDeliveryStore1764800000000,
  GatewaySlimUserRows1764800000100,
  GatewayCreateOutbox,
  gatewayPersistence,
} from './migrations';
