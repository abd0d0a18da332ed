package dev.meshrooms.bench;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.model.MemberRole;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.model.Visibility;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Builds the reference room fast, not message by message: users (with keys) through the {@code UserDirectory}, a
 * sharded room through {@code RoomService.createSharded}, then {@link MessageRows} and {@link MediaObjects} load its
 * shard schema {@code room_<hex>} with COPY, and VACUUM ANALYZE settles it before anything is timed.
 *
 * @param mediaRoot the directory holding {@code media/<key>}: the same bytes, for the standard tools' tar
 */
record ReferenceRoom(
        Room room, String schema, long messages, int media, long mediaBytes, Path mediaRoot, double buildSeconds) {

    static ReferenceRoom build(MeshCore core, BundleBenchOptions o, Path mediaRoot, PrintStream log) throws Exception {
        long start = System.nanoTime();
        List<User> users = new ArrayList<>(o.users());
        List<PrivateKey> keys = new ArrayList<>(o.users());
        for (int i = 0; i < o.users(); i++) {
            User u = core.users().create("user" + i, "User " + i);
            users.add(u);
            keys.add(core.users().signingKey(u.id()).orElseThrow());
        }
        log.printf("  users: %,d created with their keys (%.1f s)%n", users.size(), (System.nanoTime() - start) / 1e9);
        Room room = core.shardedRooms()
                .create(
                        new NewRoom("reference-room", "Reference room", Visibility.PUBLIC),
                        users.get(0).id(),
                        null);
        for (User u : users.subList(1, users.size())) {
            core.rooms().addMember(room.id(), u.id(), MemberRole.MEMBER);
        }
        String schema = room.shardSchema();
        DataSource db = core.internals().pools().global();
        MessageRows.load(db, schema, room.id(), users, keys, o.messages(), o.seed(), log);
        long mediaBytes =
                MediaObjects.load(core.internals().mediaStore(), core.media(), room, db, schema, o, mediaRoot, log);
        try (Connection c = db.getConnection();
                Statement st = c.createStatement()) {
            st.execute("VACUUM (ANALYZE) " + schema + ".messages, " + schema + ".media");
        }
        return new ReferenceRoom(
                room, schema, o.messages(), o.media(), mediaBytes, mediaRoot, (System.nanoTime() - start) / 1e9);
    }

    String describe() {
        return String.format("%,d messages, %,d media (%s)", messages, media, Sizes.human(mediaBytes));
    }
}
