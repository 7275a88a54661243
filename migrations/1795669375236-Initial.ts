import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795669375236 implements MigrationInterface {
  name = 'Initial1795669375236';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "chat_messages" (
                "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
                "room" varchar(64) NOT NULL,
                "message_id" varchar(128) NOT NULL,
                "sender_identity" varchar(128) NOT NULL,
                "sender_name" varchar(64) NOT NULL,
                "recipients" text,
                "content_type" varchar(255) NOT NULL,
                "body" blob NOT NULL,
                "size" integer NOT NULL,
                "status" varchar(16) NOT NULL,
                "delivered_to" text NOT NULL,
                "failed_to" text NOT NULL,
                "created_at" bigint NOT NULL
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_chat_messages_room_message_id" ON "chat_messages" ("room", "message_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_chat_messages_room_created" ON "chat_messages" ("room", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_chat_messages_room_id" ON "chat_messages" ("room", "id")
        `);
    await queryRunner.query(`
            CREATE TABLE "conferences" (
                "room" varchar(64) PRIMARY KEY NOT NULL,
                "created_at" bigint NOT NULL,
                "last_activity_at" bigint NOT NULL
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "floor_events" (
                "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
                "room" varchar(64) NOT NULL,
                "floor_id" integer NOT NULL,
                "floor_request_id" integer,
                "kind" varchar(24) NOT NULL,
                "participant_identity" varchar(128),
                "actor_identity" varchar(128),
                "queue_position" integer,
                "detail" text,
                "at" bigint NOT NULL
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_floor_events_room_at" ON "floor_events" ("room", "at")
        `);
    await queryRunner.query(`
            CREATE TABLE "participants" (
                "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
                "room" varchar(64) NOT NULL,
                "identity" varchar(128) NOT NULL,
                "display_name" varchar(64) NOT NULL,
                "roles" text NOT NULL,
                "first_joined_at" bigint NOT NULL,
                "last_joined_at" bigint NOT NULL,
                "left_at" bigint
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_participants_room_identity" ON "participants" ("room", "identity")
        `);
    await queryRunner.query(`
            CREATE TABLE "rtt_changes" (
                "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
                "room" varchar(64) NOT NULL,
                "source_identity" varchar(128) NOT NULL,
                "at" bigint NOT NULL,
                "kind" varchar(8) NOT NULL,
                "text" text NOT NULL,
                "count" integer NOT NULL
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_rtt_changes_room_at" ON "rtt_changes" ("room", "at")
        `);
    await queryRunner.query(`
            CREATE TABLE "rtt_lines" (
                "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
                "room" varchar(64) NOT NULL,
                "source_identity" varchar(128) NOT NULL,
                "source_name" varchar(64) NOT NULL,
                "line_number" integer NOT NULL,
                "text" text NOT NULL,
                "started_at" bigint NOT NULL,
                "completed_at" bigint
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_rtt_lines_room_source_line" ON "rtt_lines" ("room", "source_identity", "line_number")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_rtt_lines_room_started" ON "rtt_lines" ("room", "started_at")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "ix_rtt_lines_room_started"
        `);
    await queryRunner.query(`
            DROP INDEX "uq_rtt_lines_room_source_line"
        `);
    await queryRunner.query(`
            DROP TABLE "rtt_lines"
        `);
    await queryRunner.query(`
            DROP INDEX "ix_rtt_changes_room_at"
        `);
    await queryRunner.query(`
            DROP TABLE "rtt_changes"
        `);
    await queryRunner.query(`
            DROP INDEX "uq_participants_room_identity"
        `);
    await queryRunner.query(`
            DROP TABLE "participants"
        `);
    await queryRunner.query(`
            DROP INDEX "ix_floor_events_room_at"
        `);
    await queryRunner.query(`
            DROP TABLE "floor_events"
        `);
    await queryRunner.query(`
            DROP TABLE "conferences"
        `);
    await queryRunner.query(`
            DROP INDEX "ix_chat_messages_room_id"
        `);
    await queryRunner.query(`
            DROP INDEX "ix_chat_messages_room_created"
        `);
    await queryRunner.query(`
            DROP INDEX "uq_chat_messages_room_message_id"
        `);
    await queryRunner.query(`
            DROP TABLE "chat_messages"
        `);
  }
}
