import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { epochMillis } from './columns.js';

export type RttChangeKind = 'append' | 'erase' | 'newline';

/** One time-stamped change of a participant's real-time text, to replay it with its rhythm. */
@Entity({ name: 'rtt_changes' })
@Index('ix_rtt_changes_room_at', ['room', 'at'])
export class RttChangeEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  room!: string;

  @Column({ name: 'source_identity', type: 'varchar', length: 128 })
  sourceIdentity!: string;

  @Column({ type: 'bigint', transformer: epochMillis })
  at!: number;

  @Column({ type: 'varchar', length: 8 })
  kind!: RttChangeKind;

  /** Appended text; empty for erase and newline. */
  @Column({ type: 'text' })
  text!: string;

  /** Grapheme clusters erased (erase), else 0. */
  @Column({ type: 'integer' })
  count!: number;
}
