import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ConferenceDto {
  @ApiProperty({ example: 'room-1' }) room!: string;
  @ApiProperty({ description: 'ms since the epoch' }) createdAt!: number;
  @ApiProperty({ description: 'ms since the epoch' }) lastActivityAt!: number;
}

export class ParticipantDto {
  @ApiProperty() identity!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiProperty({ description: 'in the room now' }) online!: boolean;
  @ApiProperty() firstJoinedAt!: number;
  @ApiProperty() lastJoinedAt!: number;
  @ApiPropertyOptional({ type: Number, nullable: true }) leftAt!: number | null;
}

export class ChatMessageDto {
  @ApiProperty({ description: 'cursor: pass as `before` to page back' }) id!: number;
  @ApiProperty({ description: 'MSRP Message-ID' }) messageId!: string;
  @ApiProperty() senderIdentity!: string;
  @ApiProperty() senderName!: string;
  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    description: 'private message recipients; null for the room',
  })
  recipients!: string[] | null;
  @ApiProperty({ example: 'text/plain' }) contentType!: string;
  @ApiPropertyOptional({ description: 'the body as text, when it is valid UTF-8' }) text?: string;
  @ApiPropertyOptional({ description: 'the body in base64, when it is not valid UTF-8' })
  bodyBase64?: string;
  @ApiProperty() size!: number;
  @ApiProperty({ enum: ['accepted', 'delivered', 'partial', 'failed'] }) status!: string;
  @ApiProperty({ type: [String] }) deliveredTo!: string[];
  @ApiProperty({ type: [String] }) failedTo!: string[];
  @ApiProperty() createdAt!: number;
}

export class ChatPageDto {
  @ApiProperty({ type: [ChatMessageDto], description: 'oldest first' }) messages!: ChatMessageDto[];
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'null at the start of the room',
  })
  nextCursor!: number | null;
}

export class RttLineDto {
  @ApiProperty() sourceIdentity!: string;
  @ApiProperty() sourceName!: string;
  @ApiProperty() lineNumber!: number;
  @ApiProperty() text!: string;
  @ApiProperty() startedAt!: number;
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'null while still being typed',
  })
  completedAt!: number | null;
}

export class RttChangeDto {
  @ApiProperty({ description: 'cursor: pass as `after`' }) id!: number;
  @ApiProperty() sourceIdentity!: string;
  @ApiProperty() at!: number;
  @ApiProperty({ enum: ['append', 'erase', 'newline'] }) kind!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ description: 'grapheme clusters erased' }) count!: number;
}

export class FloorEventDto {
  @ApiProperty({ description: 'cursor: pass as `after`' }) id!: number;
  @ApiProperty() floorId!: number;
  @ApiPropertyOptional({ type: Number, nullable: true }) floorRequestId!: number | null;
  @ApiProperty({ example: 'granted' }) kind!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) participantIdentity!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) actorIdentity!: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) queuePosition!: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) detail!: string | null;
  @ApiProperty() at!: number;
}
