export {
  buildDataSourceOptions,
  prepareSqliteFile,
  MIGRATIONS_TABLE,
} from './database/database-options.js';
export type {
  DatabaseConfig,
  DataSourceParts,
  MigrationsByDriver,
} from './database/database-options.js';
export type { HistoryDriver } from './database/driver-entities.js';
export {
  historyEntities,
  ChatMessageEntity,
  ConferenceEntity,
  FloorEventEntity,
  ParticipantEntity,
  RttChangeEntity,
  RttLineEntity,
} from './entities/index.js';
export { HistoryModule } from './history.module.js';
export { CONFERENCE_STORE, CHAT_STORE, RTT_STORE, FLOOR_EVENT_STORE } from './history.tokens.js';
export type {
  ConferenceStore,
  ConferenceRecord,
  ParticipantRecord,
  ChatStore,
  ChatMessageRecord,
  ChatPage,
  ChatDeliveryStatus,
  NewChatMessage,
  RttStore,
  RttChangeRecord,
  RttChangeKind,
  RttLineRecord,
  FloorEventStore,
  FloorEventRecord,
  StoredFloorEvent,
  StoredRttChange,
} from './stores/history-stores.js';
