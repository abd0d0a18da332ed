-- Bundles pushed to this instance: resumable uploads (tus) and the durable jobs that import them.

-- One row per upload while it exists: whose quota it counts against and how big it will be. The bytes are files
-- under the server's data directory; this table is what the per-token bounds and the idle expiry are checked on.
CREATE TABLE bundle_uploads (
    id          text PRIMARY KEY,                  -- the tus upload id (the last part of its URL)
    owner       text NOT NULL,                     -- token:<id>, or user:<id> for a browser session
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    length      bigint NOT NULL CHECK (length >= 0),
    created_at  timestamptz NOT NULL DEFAULT now(),
    touched_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bundle_uploads_owner_idx ON bundle_uploads (owner);
CREATE INDEX bundle_uploads_touched_idx ON bundle_uploads (touched_at);

-- An import of an upload, run by db-scheduler like room moves; a job whose process died runs again from the start
-- of its upload (the import commits in one transaction, so nothing of the failed attempt is visible).
CREATE TABLE bundle_imports (
    id           uuid PRIMARY KEY,
    upload_id    text NOT NULL,
    owner        text NOT NULL,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_id     uuid,
    options      jsonb NOT NULL,
    state        text NOT NULL CHECK (state IN ('running', 'succeeded', 'failed')),
    phase        text NOT NULL,
    bytes_done   bigint NOT NULL DEFAULT 0,
    bytes_total  bigint NOT NULL,
    items_done   bigint NOT NULL DEFAULT 0,
    items_total  bigint NOT NULL DEFAULT -1,
    room_id      uuid,
    result       jsonb,
    error_code   text,
    error        text,
    attempts     int NOT NULL DEFAULT 0,
    started_at   timestamptz NOT NULL DEFAULT now(),
    phase_started_at timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz
);
-- one running import per upload
CREATE UNIQUE INDEX bundle_imports_running_idx ON bundle_imports (upload_id) WHERE state = 'running';
CREATE INDEX bundle_imports_owner_idx ON bundle_imports (owner, started_at DESC);

-- which token brought a room in (a second push of the same bundle names it), and the shard it was imported into
ALTER TABLE import_history ADD COLUMN token_id uuid;
ALTER TABLE import_history ADD COLUMN shard_url text;
ALTER TABLE import_history ADD COLUMN shard_schema text;
ALTER TABLE import_history ADD COLUMN media_bucket text;

-- an import straight into a new shard records the shard it provisioned, so a crash's clean-up can remove it
ALTER TABLE import_jobs ADD COLUMN shard jsonb;
