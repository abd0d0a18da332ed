-- What a token may do: 'all' (whatever its user may) or 'import' (upload bundles and import them, nothing else).
ALTER TABLE api_tokens ADD COLUMN scope text NOT NULL DEFAULT 'all' CHECK (scope IN ('all', 'import'));

-- a token's scope is kept in memory with it: a change must reach every server
DROP TRIGGER api_tokens_changed ON api_tokens;
CREATE TRIGGER api_tokens_changed
  AFTER UPDATE OF user_id, token_hash, is_instance_admin, expires_at, revoked_at, scope OR DELETE OR TRUNCATE
  ON api_tokens
  FOR EACH STATEMENT EXECUTE FUNCTION notify_change();
