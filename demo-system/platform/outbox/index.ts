/** The transactional outbox, its relay, and the inbox-deduplicating event consumer. */
export { appendToOutbox, requeueInOutbox } from './append';
export {
  type EventConsumer,
  type EventConsumerOptions,
  type EventConsumerStats,
  type EventHandler,
  type EventHandlers,
  startEventConsumer,
} from './consumer';
export { outboxInboxMigration } from './migration';
export {
  type OutboxRelay,
  type OutboxRelayOptions,
  type OutboxRelayStats,
  startOutboxRelay,
} from './relay';
