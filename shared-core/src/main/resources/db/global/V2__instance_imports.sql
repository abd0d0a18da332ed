-- Who this instance is (bundles name their source), what was imported, and imports under way (for cleanup).
CREATE TABLE instance (
    id          uuid PRIMARY KEY,
    singleton   boolean NOT NULL DEFAULT true UNIQUE CHECK (singleton),
    created_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO instance (id) VALUES (gen_random_uuid());

CREATE TABLE import_history (
    id                  uuid PRIMARY KEY,
    room_id             uuid NOT NULL,
    original_room_id    uuid NOT NULL,
    source_url          text,
    source_instance_id  text,
    bundle_sha256       bytea NOT NULL CHECK (length(bundle_sha256) = 32),
    imported_by         uuid,
    imported_at         timestamptz NOT NULL DEFAULT now(),
    counts              jsonb NOT NULL,
    mapping             jsonb NOT NULL
);
CREATE INDEX import_history_sha_idx ON import_history (bundle_sha256);

CREATE TABLE import_jobs (
    id              uuid PRIMARY KEY,
    room_id         uuid NOT NULL,
    staging_schema  text NOT NULL CHECK (staging_schema ~ '^mesh_import_[0-9a-f]{32}$'),
    bucket          text NOT NULL,
    key_prefix      text NOT NULL,
    owner_pid       bigint NOT NULL,
    started_at      timestamptz NOT NULL DEFAULT now()
);
