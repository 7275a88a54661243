import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MoreThan } from 'typeorm';
import { SerializedWrites } from './serialized-writes.js';
import { FloorEventEntity } from '../entities/floor-event.entity.js';
import type {
  FloorEventRecord,
  FloorEventStore,
  StoredFloorEvent,
} from '../stores/history-stores.js';

@Injectable()
export class TypeOrmFloorEventRepository implements FloorEventStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: SerializedWrites,
  ) {}

  record(event: FloorEventRecord): Promise<void> {
    return this.writes.run(async () => {
      await this.dataSource.getRepository(FloorEventEntity).insert({ ...event });
    });
  }

  async events(
    room: string,
    options: { after?: number; limit?: number } = {},
  ): Promise<StoredFloorEvent[]> {
    return this.dataSource.getRepository(FloorEventEntity).find({
      where: { room, ...(options.after === undefined ? {} : { id: MoreThan(options.after) }) },
      order: { id: 'ASC' },
      take: options.limit ?? 1000,
    });
  }
}
