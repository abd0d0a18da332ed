-- Room-scoped tables. The same set runs in the global schema "mesh" (unsharded rooms, many rooms per table)
-- and in every shard schema room_<hex> (one room). No foreign key leaves the set: shards may live on other servers.
CREATE TABLE messages (
    id                uuid PRIMARY KEY,
    room_id           uuid NOT NULL,
    author_id         uuid NOT NULL,
    body              text NOT NULL,
    created_at        timestamptz NOT NULL,
    edited_at         timestamptz,
    reply_to          uuid,
    signature         bytea NOT NULL CHECK (length(signature) = 64),
    original_id       uuid NOT NULL,
    original_room_id  uuid NOT NULL
);
CREATE INDEX messages_room_time_idx ON messages (room_id, created_at DESC, id DESC);

CREATE TABLE media (
    id            uuid PRIMARY KEY,
    room_id       uuid NOT NULL,
    message_id    uuid REFERENCES messages (id) ON DELETE CASCADE,
    object_key    text NOT NULL,
    url           text NOT NULL,
    content_type  text NOT NULL,
    size          bigint NOT NULL CHECK (size >= 0),
    sha256        bytea NOT NULL CHECK (length(sha256) = 32),
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (room_id, object_key)
);
CREATE INDEX media_message_idx ON media (message_id);
