import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import { SerializedWrites } from './serialized-writes.js';
import { ChatMessageEntity } from '../entities/chat-message.entity.js';
import type {
  ChatDeliveryStatus,
  ChatMessageRecord,
  ChatPage,
  ChatStore,
  NewChatMessage,
} from '../stores/history-stores.js';

function toRecord(row: ChatMessageEntity): ChatMessageRecord {
  return {
    id: row.id,
    room: row.room,
    messageId: row.messageId,
    senderIdentity: row.senderIdentity,
    senderName: row.senderName,
    recipients: row.recipients,
    contentType: row.contentType,
    body: new Uint8Array(row.body.buffer, row.body.byteOffset, row.body.byteLength),
    size: row.size,
    status: row.status,
    deliveredTo: row.deliveredTo,
    failedTo: row.failedTo,
    createdAt: row.createdAt,
  };
}

@Injectable()
export class TypeOrmChatRepository implements ChatStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: SerializedWrites,
  ) {}

  saveMessage(message: NewChatMessage): Promise<ChatMessageRecord> {
    return this.writes.run(async () => {
      const row = await this.dataSource.getRepository(ChatMessageEntity).save({
        room: message.room,
        messageId: message.messageId,
        senderIdentity: message.senderIdentity,
        senderName: message.senderName,
        recipients: message.recipients === null ? null : [...message.recipients],
        contentType: message.contentType,
        body: Buffer.from(message.body.buffer, message.body.byteOffset, message.body.byteLength),
        size: message.body.byteLength,
        status: 'accepted',
        deliveredTo: [],
        failedTo: [],
        createdAt: message.createdAt,
      });
      return toRecord(row);
    });
  }

  async recordDelivery(
    room: string,
    messageId: string,
    outcome: {
      deliveredTo: readonly string[];
      failedTo: readonly string[];
      status: ChatDeliveryStatus;
    },
  ): Promise<void> {
    return this.writes.run(async () => {
      await this.dataSource.getRepository(ChatMessageEntity).update(
        { room, messageId },
        {
          deliveredTo: [...outcome.deliveredTo],
          failedTo: [...outcome.failedTo],
          status: outcome.status,
        },
      );
    });
  }

  async pageMessages(
    room: string,
    options: { visibleTo?: string; before?: number; limit: number },
  ): Promise<ChatPage> {
    const query = this.dataSource
      .getRepository(ChatMessageEntity)
      .createQueryBuilder('m')
      .where('m.room = :room', { room })
      .orderBy('m.id', 'DESC')
      .limit(options.limit + 1);
    if (options.before !== undefined) {
      query.andWhere('m.id < :before', { before: options.before });
    }
    const identity = options.visibleTo;
    if (identity !== undefined) {
      // A private message is visible to its sender and its recipients (recipients is a JSON array
      // of strings in a text column, on both drivers).
      const isRecipient =
        this.dataSource.options.type === 'postgres'
          ? 'm.recipients::jsonb @> jsonb_build_array(CAST(:identity AS text))'
          : 'EXISTS (SELECT 1 FROM json_each(m.recipients) r WHERE r.value = :identity)';
      query.andWhere(
        new Brackets((q) => {
          q.where('m.recipients IS NULL')
            .orWhere('m.sender_identity = :identity', { identity })
            .orWhere(isRecipient, { identity });
        }),
      );
    }
    const rows = await query.getMany();
    const page = rows.slice(0, options.limit);
    const oldest = page[page.length - 1];
    return {
      messages: page.reverse().map(toRecord),
      nextCursor: rows.length > options.limit && oldest ? oldest.id : null,
    };
  }
}
