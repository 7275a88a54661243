import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialPostgres1795669375236 implements MigrationInterface {
  name = 'InitialPostgres1795669375236';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "conferences" (
                "room" character varying(64) NOT NULL,
                "created_at" bigint NOT NULL,
                "last_activity_at" bigint NOT NULL,
                CONSTRAINT "PK_35937156d1b193f3b3c152d65d0" PRIMARY KEY ("room")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "floor_events" (
                "id" SERIAL NOT NULL,
                "room" character varying(64) NOT NULL,
                "floor_id" integer NOT NULL,
                "floor_request_id" integer,
                "kind" character varying(24) NOT NULL,
                "participant_identity" character varying(128),
                "actor_identity" character varying(128),
                "queue_position" integer,
                "detail" text,
                "at" bigint NOT NULL,
                CONSTRAINT "PK_20883843616346d8d9011732e67" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_floor_events_room_at" ON "floor_events" ("room", "at")
        `);
    await queryRunner.query(`
            CREATE TABLE "participants" (
                "id" SERIAL NOT NULL,
                "room" character varying(64) NOT NULL,
                "identity" character varying(128) NOT NULL,
                "display_name" character varying(64) NOT NULL,
                "roles" text NOT NULL,
                "first_joined_at" bigint NOT NULL,
                "last_joined_at" bigint NOT NULL,
                "left_at" bigint,
                CONSTRAINT "PK_1cda06c31eec1c95b3365a0283f" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_participants_room_identity" ON "participants" ("room", "identity")
        `);
    await queryRunner.query(`
            CREATE TABLE "rtt_changes" (
                "id" SERIAL NOT NULL,
                "room" character varying(64) NOT NULL,
                "source_identity" character varying(128) NOT NULL,
                "at" bigint NOT NULL,
                "kind" character varying(8) NOT NULL,
                "text" text NOT NULL,
                "count" integer NOT NULL,
                CONSTRAINT "PK_8adc2de3bea554af9a268968a31" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_rtt_changes_room_at" ON "rtt_changes" ("room", "at")
        `);
    await queryRunner.query(`
            CREATE TABLE "rtt_lines" (
                "id" SERIAL NOT NULL,
                "room" character varying(64) NOT NULL,
                "source_identity" character varying(128) NOT NULL,
                "source_name" character varying(64) NOT NULL,
                "line_number" integer NOT NULL,
                "text" text NOT NULL,
                "started_at" bigint NOT NULL,
                "completed_at" bigint,
                CONSTRAINT "PK_5717c211cc13b1e1baea097b9e7" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_rtt_lines_room_source_line" ON "rtt_lines" ("room", "source_identity", "line_number")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_rtt_lines_room_started" ON "rtt_lines" ("room", "started_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "chat_messages" (
                "id" SERIAL NOT NULL,
                "room" character varying(64) NOT NULL,
                "message_id" character varying(128) NOT NULL,
                "sender_identity" character varying(128) NOT NULL,
                "sender_name" character varying(64) NOT NULL,
                "recipients" text,
                "content_type" character varying(255) NOT NULL,
                "body" bytea NOT NULL,
                "size" integer NOT NULL,
                "status" character varying(16) NOT NULL,
                "delivered_to" text NOT NULL,
                "failed_to" text NOT NULL,
                "created_at" bigint NOT NULL,
                CONSTRAINT "PK_40c55ee0e571e268b0d3cd37d10" PRIMARY KEY ("id")
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
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."ix_chat_messages_room_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_chat_messages_room_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_chat_messages_room_message_id"
        `);
    await queryRunner.query(`
            DROP TABLE "chat_messages"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_rtt_lines_room_started"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_rtt_lines_room_source_line"
        `);
    await queryRunner.query(`
            DROP TABLE "rtt_lines"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_rtt_changes_room_at"
        `);
    await queryRunner.query(`
            DROP TABLE "rtt_changes"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_participants_room_identity"
        `);
    await queryRunner.query(`
            DROP TABLE "participants"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_floor_events_room_at"
        `);
    await queryRunner.query(`
            DROP TABLE "floor_events"
        `);
    await queryRunner.query(`
            DROP TABLE "conferences"
        `);
  }
}
