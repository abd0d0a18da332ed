-- A room's provisioned shard (issue 5): where its schema, bucket and key are and which storage features were
-- actually applied. Recorded by the shard provisioner before any data moves; the routing switch (rooms.is_sharded
-- with rooms.shard_url ... kms_key_arn) stays the decentralise job's last step, so media and rows keep going to the
-- global places until then.
CREATE TABLE room_shards (
    room_id        uuid PRIMARY KEY REFERENCES rooms (id) ON DELETE CASCADE,
    shard_url      text,
    shard_schema   text NOT NULL CHECK (shard_schema ~ '^room_[0-9a-f]{32}$'),
    shard_role     text NOT NULL CHECK (shard_role ~ '^room_[0-9a-f]{32}_rw$'),
    media_bucket   text,
    kms_key_arn    text,
    applied        text[] NOT NULL DEFAULT '{}',
    complete       boolean NOT NULL DEFAULT false,
    updated_at     timestamptz NOT NULL DEFAULT now()
);
