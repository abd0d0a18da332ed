-- Handles are unique per installation, whatever their case, so an author who came with an imported room can never
-- pass for a local member of the same name. Clashes left by earlier imports keep the earliest local user's handle;
-- the others get the first free "-2", "-3", ...
DO $$
DECLARE r record; candidate text; n int;
BEGIN
  FOR r IN SELECT id, handle FROM (SELECT id, handle, row_number() OVER (PARTITION BY lower(handle)
                                       ORDER BY is_ghost, created_at, id) AS rank FROM users) ranked
           WHERE rank > 1 ORDER BY lower(handle), rank LOOP
    n := 2;
    LOOP
      candidate := left(r.handle, 60) || '-' || n;
      EXIT WHEN NOT EXISTS (SELECT 1 FROM users WHERE lower(handle) = lower(candidate));
      n := n + 1;
    END LOOP;
    UPDATE users SET handle = candidate WHERE id = r.id;
  END LOOP;
END $$;
DROP INDEX users_handle_idx;
CREATE UNIQUE INDEX users_handle_unique_idx ON users (lower(handle));

-- Tokens can expire and be revoked; a revoked token stays listed (who had it, when it was last used).
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
ALTER TABLE api_tokens ADD COLUMN revoked_at timestamptz;
