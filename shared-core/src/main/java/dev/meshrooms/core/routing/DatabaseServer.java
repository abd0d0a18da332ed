package dev.meshrooms.core.routing;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * One PostgreSQL server (and database) Mesh talks to, with the credentials of its service user. {@link #url()} is the
 * JDBC URL without credentials; it is what {@code rooms.shard_url} records.
 */
public record DatabaseServer(String url, String user, String password) {

    public DatabaseServer {
        if (url == null || !url.startsWith("jdbc:postgresql://")) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    "database URL: expected jdbc:postgresql://host:port/db or"
                            + " postgresql://user:password@host:port/db, got \"" + url + "\"");
        }
    }

    /**
     * Parses either a JDBC URL (credentials given separately) or a libpq-style URL
     * {@code postgres[ql]://user:password@host:port/db} as used by SHARD_PG_URL_BASE.
     */
    public static DatabaseServer parse(String url, String user, String password) {
        if (url == null) {
            throw new MeshException(ErrorCode.CONFIGURATION, "database URL: missing");
        }
        if (url.startsWith("jdbc:")) {
            return new DatabaseServer(url, user, password);
        }
        if (!url.startsWith("postgres://") && !url.startsWith("postgresql://")) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    "database URL: expected postgresql://user:password@host:port/db," + " got a URL starting with \""
                            + url.substring(0, Math.min(12, url.length())) + "\"");
        }
        URI uri = URI.create(url);
        String u = user;
        String p = password;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getUserInfo().split(":", 2);
            u = parts[0];
            p = parts.length > 1 ? parts[1] : password;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 5432;
        String path = uri.getPath() == null || uri.getPath().isBlank() ? "/postgres" : uri.getPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new DatabaseServer("jdbc:postgresql://" + uri.getHost() + ":" + port + path + query, u, p);
    }

    /**
     * A new connection of its own, outside the pools, named {@code applicationName} in pg_stat_activity, with TCP
     * keep-alive; a read that waits 10 s for the server fails (the connection is taken for dead).
     */
    public Connection connect(String applicationName) throws SQLException {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", applicationName);
        properties.setProperty("socketTimeout", "10");
        properties.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(url, properties);
    }

    @Override
    public String toString() {
        return "DatabaseServer[" + url + ", user=" + user + "]";
    }
}
