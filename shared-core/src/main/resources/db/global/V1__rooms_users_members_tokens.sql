-- Global schema "mesh": the directory of rooms and people. Room-scoped tables come from db/room.
CREATE TABLE rooms (
    id            uuid PRIMARY KEY,
    slug          text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    visibility    text NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'private')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    is_sharded    boolean NOT NULL DEFAULT false,
    shard_url     text,
    shard_schema  text CHECK (shard_schema IS NULL OR shard_schema ~ '^room_[0-9a-f]{32}$'),
    media_bucket  text,
    kms_key_arn   text,
    state         text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'importing', 'migrating', 'archived')),
    CHECK (NOT is_sharded OR shard_schema IS NOT NULL)
);

CREATE TABLE users (
    id               uuid PRIMARY KEY,
    handle           text NOT NULL CHECK (length(handle) BETWEEN 1 AND 64),
    display_name     text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    public_key       bytea NOT NULL UNIQUE CHECK (length(public_key) = 32),
    private_key_enc  bytea,
    is_ghost         boolean NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX users_handle_idx ON users (handle);

CREATE TABLE room_members (
    room_id    uuid NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       text NOT NULL CHECK (role IN ('admin', 'member')),
    joined_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (room_id, user_id)
);
CREATE INDEX room_members_user_idx ON room_members (user_id);

CREATE TABLE api_tokens (
    id                 uuid PRIMARY KEY,
    user_id            uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash         bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    label              text NOT NULL,
    is_instance_admin  boolean NOT NULL DEFAULT false,
    created_at         timestamptz NOT NULL DEFAULT now(),
    last_used_at       timestamptz
);
