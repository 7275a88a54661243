import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { epochMillis, stringList } from './columns.js';

export type ChatDeliveryStatus = 'accepted' | 'delivered' | 'partial' | 'failed';

/** One chat message (a complete MSRP message) that the switch accepted. */
@Entity({ name: 'chat_messages' })
@Index('ix_chat_messages_room_id', ['room', 'id'])
@Index('ix_chat_messages_room_created', ['room', 'createdAt'])
@Index('uq_chat_messages_room_message_id', ['room', 'messageId'], { unique: true })
export class ChatMessageEntity {
  /** Monotonic: the pagination cursor. */
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  room!: string;

  /** MSRP Message-ID. */
  @Column({ name: 'message_id', type: 'varchar', length: 128 })
  messageId!: string;

  @Column({ name: 'sender_identity', type: 'varchar', length: 128 })
  senderIdentity!: string;

  @Column({ name: 'sender_name', type: 'varchar', length: 64 })
  senderName!: string;

  /** Identities of a private message's recipients; null for everyone in the room. */
  @Column({ type: 'text', nullable: true, transformer: stringList })
  recipients!: string[] | null;

  @Column({ name: 'content_type', type: 'varchar', length: 255 })
  contentType!: string;

  @Column({ type: 'blob' })
  body!: Buffer;

  @Column({ type: 'integer' })
  size!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: ChatDeliveryStatus;

  @Column({ name: 'delivered_to', type: 'text', transformer: stringList })
  deliveredTo!: string[];

  @Column({ name: 'failed_to', type: 'text', transformer: stringList })
  failedTo!: string[];

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt!: number;
}
