package dev.meshrooms.lite.testing;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.routing.DatabaseServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What a test reads straight from a server's database to check what the product did. */
public final class Queries {
    private Queries() {}

    /** The first column of every row, as text, from the instance's global database. */
    public static List<String> strings(MeshCore core, String sql) throws SQLException {
        try (Connection c = core.internals().pools().global().getConnection()) {
            return strings(c, sql);
        }
    }

    public static long count(MeshCore core, String sql) throws SQLException {
        return Long.parseLong(strings(core, sql).get(0));
    }

    /** The same from another server (a shard server), connecting as its test user. */
    public static List<String> stringsOn(DatabaseServer server, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.url(), server.user(), server.password())) {
            return strings(c, sql);
        }
    }

    public static long countOn(DatabaseServer server, String sql) throws SQLException {
        return Long.parseLong(stringsOn(server, sql).get(0));
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            List<String> found = new ArrayList<>();
            while (rs.next()) {
                found.add(rs.getString(1));
            }
            return found;
        }
    }
}
