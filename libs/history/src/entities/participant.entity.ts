import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { epochMillis, stringList } from './columns.js';

/** Someone who joined a room (one row per room and identity). */
@Entity({ name: 'participants' })
@Index('uq_participants_room_identity', ['room', 'identity'], { unique: true })
export class ParticipantEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  room!: string;

  @Column({ type: 'varchar', length: 128 })
  identity!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 64 })
  displayName!: string;

  @Column({ type: 'text', transformer: stringList })
  roles!: string[];

  @Column({ name: 'first_joined_at', type: 'bigint', transformer: epochMillis })
  firstJoinedAt!: number;

  @Column({ name: 'last_joined_at', type: 'bigint', transformer: epochMillis })
  lastJoinedAt!: number;

  @Column({ name: 'left_at', type: 'bigint', nullable: true, transformer: epochMillis })
  leftAt!: number | null;
}
