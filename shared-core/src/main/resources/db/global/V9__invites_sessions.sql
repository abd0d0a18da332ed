-- A room's topic, shown under its name.
ALTER TABLE rooms ADD COLUMN topic text CHECK (topic IS NULL OR length(topic) <= 500);

-- Invite links: the code is shown once, only its SHA-256 is kept. An invite may be limited in uses and time and is
-- revocable; a revoked invite stays listed.
CREATE TABLE room_invites (
    id          uuid PRIMARY KEY,
    room_id     uuid NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    code_hash   bytea NOT NULL UNIQUE CHECK (length(code_hash) = 32),
    role        text NOT NULL CHECK (role IN ('admin', 'member')),
    max_uses    integer CHECK (max_uses IS NULL OR max_uses > 0),
    uses        integer NOT NULL DEFAULT 0 CHECK (uses >= 0),
    expires_at  timestamptz,
    created_by  uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
CREATE INDEX room_invites_room_idx ON room_invites (room_id, created_at DESC);

-- Browser sessions: the cookie names one by a secret whose SHA-256 is kept here. Sessions expire and can be signed
-- out one by one or all at once; signed-out sessions are kept for a while for the user's list.
CREATE TABLE sessions (
    id            uuid PRIMARY KEY,
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    secret_hash   bytea NOT NULL UNIQUE CHECK (length(secret_hash) = 32),
    device        text NOT NULL CHECK (length(device) BETWEEN 1 AND 200),
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    revoked_at    timestamptz
);
CREATE INDEX sessions_user_idx ON sessions (user_id, created_at DESC);

-- One-time sign-in codes a signed-in user makes for another device: short-lived, used once.
CREATE TABLE login_codes (
    code_hash   bytea PRIMARY KEY CHECK (length(code_hash) = 32),
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);

-- Servers keep active sessions in memory: a sign-out anywhere reaches them with its commit.
CREATE TRIGGER sessions_changed
  AFTER UPDATE OF user_id, secret_hash, expires_at, revoked_at OR DELETE OR TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION notify_change();
