import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { CONFERENCE_STORE, type ConferenceStore } from '@parley/history';
import { RoomRegistry } from '../rooms/room-registry.service.js';

/** Records who joined and left which room, for the history API. */
@Injectable()
export class PresenceRecorder implements OnModuleInit {
  readonly #logger = new Logger('PresenceRecorder');

  constructor(
    private readonly rooms: RoomRegistry,
    @Inject(CONFERENCE_STORE) private readonly conferences: ConferenceStore,
  ) {}

  onModuleInit(): void {
    this.rooms.on('participant-joined', (participant) => {
      const { room, identity, displayName, roles } = participant.identity;
      this.conferences
        .recordJoin({ room, identity, displayName, roles, at: Date.now() })
        .catch((error: unknown) => {
          this.#logger.error(`could not record that ${identity} joined ${room}: ${String(error)}`);
        });
    });
    this.rooms.on('participant-left', (participant) => {
      const { room, identity } = participant.identity;
      this.conferences.recordLeave(room, identity, Date.now()).catch((error: unknown) => {
        this.#logger.error(`could not record that ${identity} left ${room}: ${String(error)}`);
      });
    });
  }
}
