import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MoreThan, MoreThanOrEqual, type FindOptionsWhere } from 'typeorm';
import { SerializedWrites } from './serialized-writes.js';
import { RttChangeEntity } from '../entities/rtt-change.entity.js';
import { RttLineEntity } from '../entities/rtt-line.entity.js';
import type {
  RttChangeRecord,
  RttLineRecord,
  RttStore,
  StoredRttChange,
} from '../stores/history-stores.js';

const lineRecord = ({ id: _id, ...line }: RttLineEntity): RttLineRecord => line;
const storedChange = (c: RttChangeEntity): StoredRttChange => ({
  id: c.id,
  room: c.room,
  sourceIdentity: c.sourceIdentity,
  at: c.at,
  kind: c.kind,
  text: c.text,
  count: c.count,
});

@Injectable()
export class TypeOrmRttRepository implements RttStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: SerializedWrites,
  ) {}

  appendChanges(changes: readonly RttChangeRecord[]): Promise<void> {
    return this.writes.run(async () => {
      if (changes.length === 0) {
        return;
      }
      await this.dataSource.getRepository(RttChangeEntity).insert(changes.map((c) => ({ ...c })));
    });
  }

  saveLine(line: RttLineRecord): Promise<void> {
    return this.writes.run(async () => {
      await this.dataSource
        .createQueryBuilder()
        .insert()
        .into(RttLineEntity)
        .values({ ...line })
        .orUpdate(
          ['text', 'completed_at', 'source_name'],
          ['room', 'source_identity', 'line_number'],
        )
        .execute();
    });
  }

  async transcript(
    room: string,
    options: { since?: number; until?: number } = {},
  ): Promise<RttLineRecord[]> {
    const query = this.dataSource
      .getRepository(RttLineEntity)
      .createQueryBuilder('l')
      .where('l.room = :room', { room })
      .orderBy('l.started_at', 'ASC')
      .addOrderBy('l.id', 'ASC');
    if (options.since !== undefined) {
      query.andWhere('l.started_at >= :since', { since: options.since });
    }
    if (options.until !== undefined) {
      query.andWhere('l.started_at < :until', { until: options.until });
    }
    return (await query.getMany()).map(lineRecord);
  }

  async changes(
    room: string,
    options: { sourceIdentity?: string; since?: number; after?: number; limit?: number } = {},
  ): Promise<StoredRttChange[]> {
    const where: FindOptionsWhere<RttChangeEntity> = { room };
    if (options.sourceIdentity !== undefined) {
      where.sourceIdentity = options.sourceIdentity;
    }
    if (options.since !== undefined) {
      where.at = MoreThanOrEqual(options.since);
    }
    if (options.after !== undefined) {
      where.id = MoreThan(options.after);
    }
    const rows = await this.dataSource
      .getRepository(RttChangeEntity)
      .find({ where, order: { id: 'ASC' }, take: options.limit ?? 10_000 });
    return rows.map(storedChange);
  }

  async nextLineNumber(room: string, sourceIdentity: string): Promise<number> {
    const row = await this.dataSource
      .getRepository(RttLineEntity)
      .createQueryBuilder('l')
      .select('MAX(l.line_number)', 'max')
      .where('l.room = :room AND l.source_identity = :sourceIdentity', { room, sourceIdentity })
      .getRawOne<{ max: number | null }>();
    return row?.max === null || row?.max === undefined ? 0 : row.max + 1;
  }
}
