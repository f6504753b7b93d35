export type {
  ConsumeOptions,
  IncomingRecord,
  OutgoingRecord,
  RecordHandler,
  Transport,
  TransportSubscription,
} from './transport';
export { partitionOf } from './transport';
export { MemoryTransport, type MemoryTransportOptions } from './transports/memory.transport';
export { KafkaTransport, type KafkaTransportOptions } from './transports/kafka.transport';
export {
  EventBus,
  defaultRetryPolicy,
  type BusLogger,
  type DeliveryInfo,
  type EventHandler,
  type RetryPolicy,
  type SubscribeOptions,
  type Subscription,
} from './event-bus';
export { createEnvelope, type NewEvent } from './envelope';
export { uuidv7 } from './ids';
export { OutboxWriter, outboxTable, type TransactionRunner, type Tx } from './outbox/outbox';
export { OutboxTransactionRunner } from './outbox/transaction-runner';
export { GroupCommit, type Outcome } from './group-commit';
export { OutboxRelay, type RelayOptions } from './outbox/relay';
export { dedupe } from './dedupe';
export { ContractConsumer } from './contract-consumer';
export {
  openServiceDatabase,
  type ServiceDatabase,
  type ServicePersistence,
} from './service-database';
export { BusMetrics } from './metrics';
export { PlatformCreateBusTables1764100000000, outboxMigration } from './migrations';
export {
  BusModule,
  BusRuntime,
  BUS_OPTIONS,
  type BusOptions,
  type BusAsyncOptions,
} from './bus.module';
export { BusStack, type BusStackOptions } from './bus-stack';
