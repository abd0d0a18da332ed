package dev.meshrooms.core.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshrooms.core.db.Identifiers;
import dev.meshrooms.core.model.ShardLocation;
import dev.meshrooms.core.shard.ShardIndexes;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.PGCopyInputStream;

/**
 * The last step of an import, inside one transaction: translate ids (room, users by public key, colliding message
 * and media ids), rewrite links, copy the rows from the staging schema into the global schema, create the room
 * ({@link #prepare}), then record the import in {@code import_history} and drop the staging schema
 * ({@link #complete}). Until it commits, nothing is visible.
 */
final class ImportTranslation {
    private final Connection c;
    private final String s;
    private final BundleMetadata metadata;
    private final UUID roomId;
    private final LinkRewriter links;
    private final ObjectMapper json;
    private final ShardTarget shard;

    /**
     * The new shard an import writes its rows into, and its server.
     *
     * @param onGlobalServer the shard is on the server of the staging schema: its rows are moved inside the server
     */
    record ShardTarget(ShardLocation location, DataSource server, boolean onGlobalServer) {}

    private static final String MESSAGE_COLUMNS = "id, room_id, author_id, body, created_at, edited_at, reply_to,"
            + " signature, original_id, original_room_id, signed_body, change_seq";
    private static final String MEDIA_COLUMNS =
            "id, room_id, message_id, object_key, url, content_type, size, sha256, created_at, width, height";

    /** @param shard the room's new shard, or null: the rows go into the shared tables */
    ImportTranslation(
            Connection c,
            String staging,
            BundleMetadata metadata,
            UUID roomId,
            LinkRewriter links,
            ObjectMapper json,
            ShardTarget shard) {
        this.c = c;
        this.s = Identifiers.quote(staging);
        this.metadata = metadata;
        this.roomId = roomId;
        this.links = links;
        this.json = json;
        this.shard = shard;
    }

    private List<IdMapping.UserPair> users;
    private String slug;
    /** Links to the source that rewriting left in the bodies (at most {@link #MAX_REMAINING}), found in the same pass. */
    private final List<String> remainingLinks = new ArrayList<>();

    static final int MAX_REMAINING = 1000;

    private final java.util.StringJoiner laps = new java.util.StringJoiner(", ");
    private long lapStart;

    /**
     * Everything but the bundle's fingerprint: checks, ids, links, the room and its rows copied into the global
     * tables. Ids are translated on the way from staging into the global tables (one pass over the rows), not by
     * updating the staging tables in place; only the colliding ids get a map entry.
     */
    void prepare(ImportOptions options) throws SQLException {
        try {
            translate(options);
        } catch (SQLException e) {
            // the staged messages have no primary key (a faster COPY): an id given twice is found where the rows
            // land, by the primary key of the messages they go into (or of the map of their colliding ids)
            String message = String.valueOf(e.getMessage());
            if ("23505".equals(e.getSQLState())
                    && (message.contains("\"messages_pkey\"") || message.contains("\"msg_map_pkey\""))) {
                String detail = e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null
                        ? " (" + p.getServerErrorMessage().getDetail() + ")"
                        : "";
                throw BundleException.invalid(
                        "db.sql", "message ids appear more than once in the COPY data of messages" + detail);
            }
            throw e;
        }
    }

    private void translate(ImportOptions options) throws SQLException {
        lapStart = System.nanoTime();
        // the checks group and join a million ids: in memory, not in batches spilled to disk (this connection only)
        exec("SET LOCAL work_mem = '64MB'");
        UUID oldRoom = metadata.room().id();
        requireNone(
                "SELECT count(*) FROM (SELECT id FROM " + s + ".media GROUP BY id HAVING count(*) > 1) d",
                "media ids appear more than once in the COPY data of media");
        requireNone(
                "SELECT count(*) FROM " + s + ".messages WHERE room_id <> '" + oldRoom + "'",
                "messages belong to another room than metadata.json room.id " + oldRoom);
        requireNone(
                "SELECT count(*) FROM " + s + ".media WHERE room_id <> '" + oldRoom + "'",
                "media rows belong to another room than metadata.json room.id " + oldRoom);
        // the media's messages that db.sql has, found by one pass over the messages with the few media ids in memory
        long missing = scalar("SELECT (SELECT count(DISTINCT message_id) FROM " + s + ".media WHERE message_id IS NOT"
                + " NULL) - (SELECT count(DISTINCT g.id) FROM " + s
                + ".messages g WHERE g.id IN (SELECT message_id FROM "
                + s + ".media))");
        if (missing > 0) {
            throw BundleException.invalid(
                    "db.sql", "media rows belong to messages that are not in db.sql (" + missing + " such messages)");
        }
        checkMediaKeys();
        lap("checks");
        users = mapUsers();
        lap("authors");
        // ids taken here already (a second import of the same room, a collision) get new ones; the rest keep theirs
        exec("CREATE TABLE " + s + ".msg_map AS SELECT m.id AS old, gen_random_uuid() AS new FROM " + s + ".messages m"
                + " WHERE EXISTS (SELECT 1 FROM mesh.messages g WHERE g.id = m.id)");
        exec("CREATE TABLE " + s + ".media_map AS SELECT m.id AS old, gen_random_uuid() AS new FROM " + s + ".media m"
                + " WHERE EXISTS (SELECT 1 FROM mesh.media g WHERE g.id = m.id)");
        exec("ALTER TABLE " + s + ".msg_map ADD PRIMARY KEY (old)");
        exec("ALTER TABLE " + s + ".media_map ADD PRIMARY KEY (old)");
        exec("ANALYZE " + s + ".msg_map, " + s + ".media_map, " + s + ".user_map");
        lap("id maps");
        rewriteBodies();
        lap("links");

        slug = ImportPreview.freeSlug(c, metadata.room().slug());
        String visibility = metadata.room().visibility() == null
                ? "public"
                : metadata.room().visibility();
        Timestamp createdAt = Timestamp.from(
                metadata.room().createdAt() == null
                        ? Instant.now()
                        : metadata.room().createdAt());
        if (shard == null) {
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO mesh.rooms (id, slug, name, visibility, created_at)" + " VALUES (?, ?, ?, ?, ?)")) {
                st.setObject(1, roomId);
                st.setString(2, slug);
                st.setString(3, metadata.room().name());
                st.setString(4, visibility);
                st.setTimestamp(5, createdAt);
                st.executeUpdate();
            }
        } else {
            // the entry made hidden for the shard becomes the room, routed to its shard, when this transaction commits
            ShardLocation at = shard.location();
            try (PreparedStatement st = c.prepareStatement("UPDATE mesh.rooms SET slug = ?, name = ?, visibility = ?,"
                    + " created_at = ?, is_sharded = true, shard_url = ?, shard_schema = ?, media_bucket = ?,"
                    + " kms_key_arn = ?, state = 'active' WHERE id = ? AND state = 'importing'")) {
                st.setString(1, slug);
                st.setString(2, metadata.room().name());
                st.setString(3, visibility);
                st.setTimestamp(4, createdAt);
                st.setString(5, at.serverUrl());
                st.setString(6, at.schema());
                st.setString(7, at.bucket());
                st.setString(8, at.kmsKeyArn());
                st.setObject(9, roomId);
                if (st.executeUpdate() != 1) {
                    throw new SQLException("the directory entry of importing room " + roomId + " is gone");
                }
            }
        }
        String messages = "SELECT coalesce(x.new, m.id), '" + roomId + "'::uuid, u.new, m.body, m.created_at,"
                + " m.edited_at, coalesce(r.new, m.reply_to), m.signature, m.original_id, m.original_room_id, m.signed_body,"
                + " 0"
                + " FROM " + s + ".messages m JOIN " + s + ".user_map u ON u.old = m.author_id"
                + " LEFT JOIN " + s + ".msg_map x ON x.old = m.id LEFT JOIN " + s
                + ".msg_map r ON r.old = m.reply_to WHERE m.deleted_at IS NULL";
        String media = "SELECT coalesce(x.new, m.id), '" + roomId + "'::uuid, coalesce(g.new, m.message_id),"
                + " m.object_key, '/media/" + roomId + "/' || m.object_key, m.content_type, m.size, m.sha256,"
                + " m.created_at, m.width, m.height FROM " + s + ".media m"
                + " LEFT JOIN " + s + ".media_map x ON x.old = m.id LEFT JOIN " + s
                + ".msg_map g ON g.old = m.message_id";
        if (shard == null) {
            exec("INSERT INTO mesh.messages (" + MESSAGE_COLUMNS + ") " + messages);
            exec("INSERT INTO mesh.media (" + MEDIA_COLUMNS + ") " + media);
            lap("rows");
        } else if (shard.onGlobalServer()) {
            moveIntoShard(messages, media);
        } else {
            copyToShard(messages, media);
        }
        addMembers(users, options.importedBy());
        lap("members");
    }

    /** How long each step of {@link #prepare} took, for the import's log. */
    String timings() {
        return laps.toString();
    }

    private void lap(String step) {
        long now = System.nanoTime();
        laps.add(step + " " + (now - lapStart) / 1_000_000 + " ms");
        lapStart = now;
    }

    /**
     * The translated rows, straight from staging into the shard's schema on its server: COPY out of this transaction
     * into COPY in on the shard's, committed there before this transaction commits (until it does, no route leads to
     * the shard; if it never does, the import's clean-up removes the shard). The fresh shard's messages load without
     * their indexes, which are then built by sorting (as decentralise's copy does), and its statistics are taken.
     */
    private void copyToShard(String messages, String media) throws SQLException {
        String schema = Identifiers.quote(shard.location().schema());
        ShardIndexes indexes = new ShardIndexes(shard.location().schema());
        try (Connection target = shard.server().getConnection()) {
            target.setAutoCommit(false);
            try {
                indexes.drop(target);
                CopyManager in = target.unwrap(PGConnection.class).getCopyAPI();
                PGConnection source = c.unwrap(PGConnection.class);
                for (String[] table :
                        new String[][] {{"messages", MESSAGE_COLUMNS, messages}, {"media", MEDIA_COLUMNS, media}}) {
                    try (PGCopyInputStream rows = new PGCopyInputStream(source, "COPY (" + table[2] + ") TO STDOUT")) {
                        in.copyIn("COPY " + schema + "." + table[0] + " (" + table[1] + ") FROM STDIN", rows);
                    }
                }
                target.commit();
                lap("rows into the shard");
            } catch (SQLException | IOException e) {
                target.rollback();
                throw e instanceof SQLException sql
                        ? sql
                        : new SQLException("copying the rows into " + schema + " failed: " + e.getMessage(), e);
            }
            target.setAutoCommit(true);
            indexes.build(target, shard.server());
            indexes.analyze(target);
            lap("its indexes");
        }
    }

    /**
     * The translated rows, from staging into the shard's schema on the same server, inside this transaction: no
     * round trip through this process, and the shard's rows become visible with the room itself. The shard's tables
     * are emptied first (they are new and empty: this gives them new files, which PostgreSQL with {@code
     * wal_level=minimal} fills without writing them to its WAL as well), loaded without the messages' indexes and
     * keys, which are then built by sorting; then its statistics are taken.
     */
    private void moveIntoShard(String messages, String media) throws SQLException {
        String schema = Identifiers.quote(shard.location().schema());
        ShardIndexes indexes = new ShardIndexes(shard.location().schema());
        indexes.drop(c);
        exec("TRUNCATE " + schema + ".media, " + schema + ".messages");
        exec("INSERT INTO " + schema + ".messages (" + MESSAGE_COLUMNS + ") " + messages);
        exec("INSERT INTO " + schema + ".media (" + MEDIA_COLUMNS + ") " + media);
        lap("rows into the shard");
        indexes.buildInTransaction(c);
        lap("its indexes");
    }

    /** After {@link #prepare}: links that still point at the source instance (the import's report lists them). */
    List<String> remainingLinks() {
        return List.copyOf(remainingLinks);
    }

    /** Records the import under the bundle's SHA-256, ends the job and drops the staging schema (the caller commits). */
    IdMapping complete(ImportOptions options, byte[] bundleSha, UUID job) throws SQLException {
        List<IdMapping.Pair> messageChanges = changes("msg_map");
        List<IdMapping.Pair> mediaChanges = changes("media_map");
        IdMapping mapping = new IdMapping(
                new IdMapping.Pair(metadata.room().id(), roomId),
                new IdMapping.SlugChange(metadata.room().slug(), slug),
                users,
                messageChanges,
                mediaChanges,
                true);
        recordHistory(mapping, bundleSha, options.importedBy(), options.tokenId());
        try (PreparedStatement st = c.prepareStatement("DELETE FROM mesh.import_jobs WHERE id = ?")) {
            st.setObject(1, job);
            st.executeUpdate();
        }
        exec("DROP SCHEMA " + s + " CASCADE");
        return mapping;
    }

    private void checkMediaKeys() throws SQLException {
        Set<String> declared = new HashSet<>();
        metadata.media().forEach(f -> declared.add(f.key()));
        Set<String> rows = new HashSet<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT object_key FROM " + s + ".media")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        for (String key : rows) {
            if (!declared.contains(key)) {
                throw BundleException.invalid(
                        "db.sql",
                        "media row with object_key " + BundleReader.quote(key)
                                + " has no file listed in metadata.json");
            }
        }
    }

    /** Same public key, same user; unknown authors become ghosts keeping their id unless it is taken. */
    private List<IdMapping.UserPair> mapUsers() throws SQLException {
        Map<UUID, BundleMetadata.Author> authors = new LinkedHashMap<>();
        metadata.authors().forEach(a -> authors.put(a.id(), a));
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT DISTINCT author_id FROM " + s + ".messages")) {
            while (rs.next()) {
                UUID author = rs.getObject(1, UUID.class);
                if (!authors.containsKey(author)) {
                    throw BundleException.invalid(
                            "db.sql", "messages by author " + author + ", who is not among metadata.json authors");
                }
            }
        }
        exec("CREATE TABLE " + s + ".user_map (old uuid PRIMARY KEY, new uuid NOT NULL)");
        // the users these keys and ids already belong to, in two queries (not two per author)
        Map<String, UUID> byKey = new java.util.HashMap<>();
        Set<UUID> takenIds = new HashSet<>();
        List<byte[]> keys = new ArrayList<>();
        for (BundleMetadata.Author author : authors.values()) {
            keys.add(Base64.getDecoder().decode(author.publicKey()));
        }
        try (PreparedStatement st =
                c.prepareStatement("SELECT public_key, id FROM mesh.users WHERE public_key = ANY (?)")) {
            st.setArray(1, c.createArrayOf("bytea", keys.toArray(new byte[0][])));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    byKey.put(Base64.getEncoder().encodeToString(rs.getBytes(1)), rs.getObject(2, UUID.class));
                }
            }
        }
        try (PreparedStatement st = c.prepareStatement("SELECT id FROM mesh.users WHERE id = ANY (?)")) {
            st.setArray(1, c.createArrayOf("uuid", authors.keySet().toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    takenIds.add(rs.getObject(1, UUID.class));
                }
            }
        }
        Set<String> takenHandles = takenHandles(authors.values());
        List<IdMapping.UserPair> pairs = new ArrayList<>();
        try (PreparedStatement ghosts =
                        c.prepareStatement("INSERT INTO mesh.users (id, handle, display_name, public_key, is_ghost)"
                                + " VALUES (?, ?, ?, ?, true)");
                PreparedStatement map = c.prepareStatement("INSERT INTO " + s + ".user_map (old, new) VALUES (?, ?)")) {
            int i = 0;
            for (BundleMetadata.Author author : authors.values()) {
                byte[] key = keys.get(i++);
                String keyText = Base64.getEncoder().encodeToString(key);
                UUID target = byKey.get(keyText);
                boolean ghost = false;
                if (target == null) {
                    // same key, same user; a new key becomes a ghost, keeping its id unless that is taken
                    target = takenIds.contains(author.id()) ? UUID.randomUUID() : author.id();
                    ghost = true;
                    ghosts.setObject(1, target);
                    // handles are unique here: an author whose handle a local user has gets a suffixed one
                    ghosts.setString(2, freeHandle(author.handle(), takenHandles));
                    ghosts.setString(
                            3,
                            author.displayName() == null || author.displayName().isBlank()
                                    ? author.handle()
                                    : author.displayName());
                    ghosts.setBytes(4, key);
                    ghosts.addBatch();
                    byKey.put(keyText, target);
                    takenIds.add(target);
                }
                map.setObject(1, author.id());
                map.setObject(2, target);
                map.addBatch();
                pairs.add(new IdMapping.UserPair(author.id(), target, author.handle(), ghost));
            }
            ghosts.executeBatch();
            map.executeBatch();
        }
        return pairs;
    }

    /** The handles (lower-cased) already taken here by these authors' handles or their suffixed forms. */
    private Set<String> takenHandles(java.util.Collection<BundleMetadata.Author> authors) throws SQLException {
        Set<String> taken = new HashSet<>();
        List<String> exact = new ArrayList<>();
        List<String> suffixed = new ArrayList<>();
        for (BundleMetadata.Author author : authors) {
            String h = author.handle().toLowerCase(java.util.Locale.ROOT);
            exact.add(h);
            suffixed.add(h.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "-%");
        }
        try (PreparedStatement st =
                c.prepareStatement("SELECT lower(handle) FROM mesh.users WHERE lower(handle) = ANY (?)"
                        + " OR lower(handle) LIKE ANY (?)")) {
            st.setArray(1, c.createArrayOf("text", exact.toArray()));
            st.setArray(2, c.createArrayOf("text", suffixed.toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    taken.add(rs.getString(1));
                }
            }
        }
        return taken;
    }

    /** {@code handle} if free, else the first free {@code handle-2}, {@code handle-3}, ...; marks it taken. */
    static String freeHandle(String handle, Set<String> taken) {
        String candidate = handle;
        for (int n = 2; taken.contains(candidate.toLowerCase(java.util.Locale.ROOT)); n++) {
            String suffix = "-" + n;
            candidate = handle.substring(0, Math.min(handle.length(), 64 - suffix.length())) + suffix;
        }
        taken.add(candidate.toLowerCase(java.util.Locale.ROOT));
        return candidate;
    }

    /**
     * Rewrites links to the source's media in bodies, keeping the body as signed in {@code signed_body}. Rewritten
     * bodies stream into a side table (1,000 rows at a time, so the heap stays small however many there are) and go
     * into the staged messages in one joined UPDATE.
     */
    private void rewriteBodies() throws SQLException {
        exec("CREATE TABLE " + s + ".body_rewrites (id uuid NOT NULL, body text NOT NULL)");
        long rewritten = 0;
        try (Statement st = c.createStatement();
                PreparedStatement insert =
                        c.prepareStatement("INSERT INTO " + s + ".body_rewrites (id, body) VALUES (?, ?)")) {
            st.setFetchSize(1000);
            try (ResultSet rs =
                    st.executeQuery("SELECT id, body FROM " + s + ".messages WHERE strpos(body, '://') > 0")) {
                int batch = 0;
                while (rs.next()) {
                    String body = rs.getString(2);
                    String changed = links.rewrite(body);
                    if (remainingLinks.size() < MAX_REMAINING) {
                        remainingLinks.addAll(links.remaining(changed));
                    }
                    if (!changed.equals(body)) {
                        insert.setObject(1, rs.getObject(1, UUID.class));
                        insert.setString(2, changed);
                        insert.addBatch();
                        rewritten++;
                        if (++batch == 1000) {
                            insert.executeBatch();
                            batch = 0;
                        }
                    }
                }
                if (batch > 0) {
                    insert.executeBatch();
                }
            }
        }
        if (rewritten > 0) {
            exec("UPDATE " + s + ".messages m SET signed_body = coalesce(m.signed_body, m.body), body = r.body FROM "
                    + s + ".body_rewrites r WHERE m.id = r.id");
        }
    }

    private void addMembers(List<IdMapping.UserPair> users, UUID importedBy) throws SQLException {
        Map<UUID, UUID> map = new LinkedHashMap<>();
        users.forEach(u -> map.put(u.from(), u.to()));
        try (PreparedStatement st =
                c.prepareStatement("INSERT INTO mesh.room_members (room_id, user_id, role) VALUES (?, ?, ?)"
                        + " ON CONFLICT (room_id, user_id) DO UPDATE SET role = excluded.role")) {
            for (BundleMetadata.Member member :
                    metadata.members() == null ? List.<BundleMetadata.Member>of() : metadata.members()) {
                UUID user = map.get(member.userId());
                if (user != null && member.role() != null && member.role().matches("admin|member")) {
                    st.setObject(1, roomId);
                    st.setObject(2, user);
                    st.setString(3, member.role());
                    st.addBatch();
                }
            }
            if (importedBy != null) {
                st.setObject(1, roomId);
                st.setObject(2, importedBy);
                st.setString(3, "admin");
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private List<IdMapping.Pair> changes(String table) throws SQLException {
        List<IdMapping.Pair> pairs = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT old, new FROM " + s + "." + table + " WHERE old <> new")) {
            while (rs.next()) {
                pairs.add(new IdMapping.Pair(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)));
            }
        }
        return pairs;
    }

    private void recordHistory(IdMapping mapping, byte[] bundleSha, UUID importedBy, UUID tokenId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO mesh.import_history (id, room_id, original_room_id, source_url,"
                        + " source_instance_id, bundle_sha256, imported_by, counts, mapping, token_id, shard_url,"
                        + " shard_schema, media_bucket) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?)")) {
            st.setObject(1, UUID.randomUUID());
            st.setObject(2, roomId);
            st.setObject(3, metadata.room().id());
            st.setString(4, metadata.source() == null ? null : metadata.source().url());
            st.setString(5, metadata.source() == null ? null : metadata.source().instanceId());
            st.setBytes(6, bundleSha);
            st.setObject(7, importedBy);
            st.setString(
                    8,
                    json.writeValueAsString(Map.of(
                            "messages",
                            count("messages"),
                            "media",
                            count("media"),
                            "users",
                            mapping.users().size())));
            st.setString(9, json.writeValueAsString(mapping));
            st.setObject(10, tokenId);
            st.setString(11, shard == null ? null : shard.location().serverUrl());
            st.setString(12, shard == null ? null : shard.location().schema());
            st.setString(13, shard == null ? null : shard.location().bucket());
            st.executeUpdate();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String table) throws SQLException {
        return scalar("SELECT count(*) FROM " + s + "." + table);
    }

    private long scalar(String query) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void requireNone(String sql, String problem) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            long n = rs.getLong(1);
            if (n > 0) {
                throw BundleException.invalid("db.sql", n + " " + problem);
            }
        }
    }

    private void exec(String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
