import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SerializedWrites } from './serialized-writes.js';
import { ConferenceEntity } from '../entities/conference.entity.js';
import { ParticipantEntity } from '../entities/participant.entity.js';
import type {
  ConferenceRecord,
  ConferenceStore,
  ParticipantRecord,
} from '../stores/history-stores.js';

@Injectable()
export class TypeOrmConferenceRepository implements ConferenceStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: SerializedWrites,
  ) {}

  async recordJoin(p: {
    room: string;
    identity: string;
    displayName: string;
    roles: readonly string[];
    at: number;
  }): Promise<void> {
    return this.writes.run(async () => {
      await this.dataSource.transaction(async (manager) => {
        await manager
          .createQueryBuilder()
          .insert()
          .into(ConferenceEntity)
          .values({ room: p.room, createdAt: p.at, lastActivityAt: p.at })
          .orUpdate(['last_activity_at'], ['room'])
          .execute();
        await manager
          .createQueryBuilder()
          .insert()
          .into(ParticipantEntity)
          .values({
            room: p.room,
            identity: p.identity,
            displayName: p.displayName,
            roles: [...p.roles],
            firstJoinedAt: p.at,
            lastJoinedAt: p.at,
            leftAt: null,
          })
          .orUpdate(['display_name', 'roles', 'last_joined_at', 'left_at'], ['room', 'identity'])
          .execute();
      });
    });
  }

  recordLeave(room: string, identity: string, at: number): Promise<void> {
    return this.writes.run(async () => {
      await this.dataSource
        .getRepository(ParticipantEntity)
        .update({ room, identity }, { leftAt: at });
      await this.dataSource
        .getRepository(ConferenceEntity)
        .update({ room }, { lastActivityAt: at });
    });
  }

  async listConferences(
    options: { identity?: string; limit?: number } = {},
  ): Promise<ConferenceRecord[]> {
    const query = this.dataSource
      .getRepository(ConferenceEntity)
      .createQueryBuilder('c')
      .orderBy('c.last_activity_at', 'DESC')
      .limit(options.limit ?? 100);
    if (options.identity !== undefined) {
      query.where(
        'EXISTS (SELECT 1 FROM participants p WHERE p.room = c.room AND p.identity = :identity)',
        { identity: options.identity },
      );
    }
    return query.getMany();
  }

  async findConference(room: string): Promise<ConferenceRecord | undefined> {
    return (await this.dataSource.getRepository(ConferenceEntity).findOneBy({ room })) ?? undefined;
  }

  async listParticipants(room: string): Promise<ParticipantRecord[]> {
    return this.dataSource
      .getRepository(ParticipantEntity)
      .find({ where: { room }, order: { firstJoinedAt: 'ASC' } });
  }

  async isParticipant(room: string, identity: string): Promise<boolean> {
    return this.dataSource.getRepository(ParticipantEntity).existsBy({ room, identity });
  }
}
