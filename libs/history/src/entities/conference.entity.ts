import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMillis } from './columns.js';

/** A room that has been used. */
@Entity({ name: 'conferences' })
export class ConferenceEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  room!: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt!: number;

  @Column({ name: 'last_activity_at', type: 'bigint', transformer: epochMillis })
  lastActivityAt!: number;
}
