import { ChatMessageEntity } from './chat-message.entity.js';
import { ConferenceEntity } from './conference.entity.js';
import { FloorEventEntity } from './floor-event.entity.js';
import { ParticipantEntity } from './participant.entity.js';
import { RttChangeEntity } from './rtt-change.entity.js';
import { RttLineEntity } from './rtt-line.entity.js';

/**
 * Every TypeORM entity of Parley's history, in one list: the options builder registers them and
 * `migration:generate` diffs them against the schema.
 */
export const historyEntities = [
  ConferenceEntity,
  ParticipantEntity,
  ChatMessageEntity,
  RttLineEntity,
  RttChangeEntity,
  FloorEventEntity,
];

export {
  ChatMessageEntity,
  ConferenceEntity,
  FloorEventEntity,
  ParticipantEntity,
  RttChangeEntity,
  RttLineEntity,
};
