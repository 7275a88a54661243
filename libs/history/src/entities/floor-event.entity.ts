import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { epochMillis } from './columns.js';

/** Something that happened to a floor request (RFC 8855 Request Status, plus queue changes). */
@Entity({ name: 'floor_events' })
@Index('ix_floor_events_room_at', ['room', 'at'])
export class FloorEventEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  room!: string;

  @Column({ name: 'floor_id', type: 'integer' })
  floorId!: number;

  @Column({ name: 'floor_request_id', type: 'integer', nullable: true })
  floorRequestId!: number | null;

  /** requested, pending, accepted, granted, denied, cancelled, released, revoked, queue-changed... */
  @Column({ type: 'varchar', length: 24 })
  kind!: string;

  /** The participant the event is about (the beneficiary). */
  @Column({ name: 'participant_identity', type: 'varchar', length: 128, nullable: true })
  participantIdentity!: string | null;

  /** Who caused it, when not the participant (a chair, the automatic policy, the admin API). */
  @Column({ name: 'actor_identity', type: 'varchar', length: 128, nullable: true })
  actorIdentity!: string | null;

  @Column({ name: 'queue_position', type: 'integer', nullable: true })
  queuePosition!: number | null;

  @Column({ type: 'text', nullable: true })
  detail!: string | null;

  @Column({ type: 'bigint', transformer: epochMillis })
  at!: number;
}
