-- What each room uses, sampled every few minutes by a recurring job: the figures billing, limits and monitoring read.
-- One narrow row per room and sample; no foreign key to rooms: a removed room's samples stay for its last bill until
-- the retention removes them.
CREATE TABLE usage_samples (
    room_id        uuid        NOT NULL,
    sampled_at     timestamptz NOT NULL,
    sharded        boolean     NOT NULL,
    media_bytes    bigint      NOT NULL CHECK (media_bytes >= 0),
    media_objects  bigint      NOT NULL CHECK (media_objects >= 0),
    db_bytes       bigint      NOT NULL CHECK (db_bytes >= 0),
    messages       bigint      NOT NULL CHECK (messages >= 0),
    shard_seconds  bigint      NOT NULL CHECK (shard_seconds >= 0), -- time the room has had its own shard, in all
    PRIMARY KEY (room_id, sampled_at)
);
CREATE INDEX usage_samples_time_idx ON usage_samples (sampled_at);
