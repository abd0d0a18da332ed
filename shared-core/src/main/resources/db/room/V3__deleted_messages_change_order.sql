-- A deleted message stays as a tombstone (id, author, time, deleted_at) so that replies to it and clients that saw it
-- learn what happened; its body, signed body, signature and media are gone. Bundles never carry tombstones.
ALTER TABLE messages ADD COLUMN deleted_at timestamptz;
ALTER TABLE messages ALTER COLUMN signature DROP NOT NULL;
ALTER TABLE messages ADD CONSTRAINT messages_signed_unless_deleted CHECK (signature IS NOT NULL OR deleted_at IS NOT NULL);

-- The room's change order, for live readers: a write (send, edit, delete) leaves change_seq NULL, and the room's
-- sequencer numbers the rows it finds so, in one short transaction under the room's lock, after they committed: the
-- numbers become visible in their order and writes never wait for one another. Rows written before live changes
-- existed, and imported rows, have 0.
ALTER TABLE messages ADD COLUMN change_seq bigint DEFAULT 0;
ALTER TABLE messages ALTER COLUMN change_seq DROP DEFAULT;
CREATE INDEX messages_room_change_idx ON messages (room_id, change_seq) WHERE change_seq > 0;
CREATE INDEX messages_room_unnumbered_idx ON messages (room_id) WHERE change_seq IS NULL;

-- Pictures keep their size so pages reserve their space before they load (NULL: not a picture, or not known).
ALTER TABLE media ADD COLUMN width integer CHECK (width IS NULL OR width > 0);
ALTER TABLE media ADD COLUMN height integer CHECK (height IS NULL OR height > 0);
