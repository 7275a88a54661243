import { Module } from '@nestjs/common';
import { CHAT_STORE, CONFERENCE_STORE, FLOOR_EVENT_STORE, RTT_STORE } from './history.tokens.js';
import { TypeOrmChatRepository } from './repositories/chat.repository.js';
import { TypeOrmConferenceRepository } from './repositories/conference.repository.js';
import { TypeOrmFloorEventRepository } from './repositories/floor-event.repository.js';
import { TypeOrmRttRepository } from './repositories/rtt.repository.js';
import { SerializedWrites } from './repositories/serialized-writes.js';

/**
 * The history stores on the application's TypeORM DataSource. The application configures TypeORM
 * (TypeOrmModule.forRoot with buildDataSourceOptions and @parley/migrations); this module only binds
 * the store interfaces to their repositories.
 */
@Module({
  providers: [
    SerializedWrites,
    { provide: CONFERENCE_STORE, useClass: TypeOrmConferenceRepository },
    { provide: CHAT_STORE, useClass: TypeOrmChatRepository },
    { provide: RTT_STORE, useClass: TypeOrmRttRepository },
    { provide: FLOOR_EVENT_STORE, useClass: TypeOrmFloorEventRepository },
  ],
  exports: [CONFERENCE_STORE, CHAT_STORE, RTT_STORE, FLOOR_EVENT_STORE],
})
export class HistoryModule {}
