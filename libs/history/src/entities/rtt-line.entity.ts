import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { epochMillis } from './columns.js';

/** A line of real-time text as it finally stood (or stands, while `completedAt` is null). */
@Entity({ name: 'rtt_lines' })
@Index('ix_rtt_lines_room_started', ['room', 'startedAt'])
@Index('uq_rtt_lines_room_source_line', ['room', 'sourceIdentity', 'lineNumber'], { unique: true })
export class RttLineEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  room!: string;

  @Column({ name: 'source_identity', type: 'varchar', length: 128 })
  sourceIdentity!: string;

  @Column({ name: 'source_name', type: 'varchar', length: 64 })
  sourceName!: string;

  /** Per source, counting from 0 over the room's life. */
  @Column({ name: 'line_number', type: 'integer' })
  lineNumber!: number;

  @Column({ type: 'text' })
  text!: string;

  @Column({ name: 'started_at', type: 'bigint', transformer: epochMillis })
  startedAt!: number;

  @Column({ name: 'completed_at', type: 'bigint', nullable: true, transformer: epochMillis })
  completedAt!: number | null;
}
