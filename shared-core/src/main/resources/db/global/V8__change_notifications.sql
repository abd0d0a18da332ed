-- Running servers keep some rows in memory (token lookups, users and their keys). When a transaction changes those
-- tables in a way that matters, the table's name is sent on channel mesh_changes at its commit, and every server drops
-- what it kept of that table. One notification per statement; rows added need none (absent rows are never kept).
CREATE FUNCTION notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('mesh_changes', TG_TABLE_NAME);
  RETURN NULL;
END
$$;

-- last_used_at is not in the list: it changes at most once a minute per token and is never kept.
CREATE TRIGGER api_tokens_changed
  AFTER UPDATE OF user_id, token_hash, is_instance_admin, expires_at, revoked_at OR DELETE OR TRUNCATE ON api_tokens
  FOR EACH STATEMENT EXECUTE FUNCTION notify_change();

CREATE TRIGGER users_changed
  AFTER UPDATE OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION notify_change();
